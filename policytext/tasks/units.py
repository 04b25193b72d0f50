"""Responsible units: the lead (牵头) and co-responsible (配合) units a task names.

An extractor: a pure function over text whose rules are data
(``responsibility``, ``org_stop``, ``org_drop_prefix`` and ``org_reject`` of
``policytext/data/rules/tasks.yaml``, organisation-name endings in
``lexicons/org_suffixes.txt``). It imports nothing of the task builder, so
highlighting (:mod:`policytext.faces.pipeline`) can use it too.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from .._resources import compile_regex, read_lexicon
from ..schema import load_rules
from ..specs import TASKS
from ..errors import PatternError
from ..types import _ToDict

__all__ = ["ResponsibleUnits", "extract_units"]

#: The rule file of tasks (read here for its responsibility part, by :mod:`.rules` for the rest).
RULES_FILE = "rules/tasks.yaml"
SUFFIX_FILE = "lexicons/org_suffixes.txt"


@dataclass(frozen=True)
class _UnitRules:
    responsibility: Tuple[Tuple[str, "re.Pattern[str]", bool, bool, Tuple[str, ...]], ...]
    org: "re.Pattern[str]"
    drop_prefix: Tuple[str, ...]
    reject: frozenset


@functools.lru_cache(maxsize=4)
def _load_unit_rules(name: str = RULES_FILE) -> _UnitRules:
    """Read and validate the responsibility rules of a task rule file (cached)."""
    data = load_rules(name, TASKS)
    where = name
    suffixes = sorted(read_lexicon(SUFFIX_FILE), key=len, reverse=True)
    stop = re.escape(str(data["org_stop"]))
    char = rf"(?:[^\W\d_{stop}]|[（(][^\W\d_{stop}]{{1,3}}[）)])"
    org = rf"{char}{{0,10}}?(?:{'|'.join(map(re.escape, suffixes))})"
    orgs = rf"{org}(?:[、和及与]{org})*"

    responsibility = []
    for i, e in enumerate(data["responsibility"]):
        pat = str(e["pattern"]).replace("{ORGS}", orgs).replace("{ORG}", org)
        p = compile_regex(pat, where=where, key=f"responsibility[{i}].pattern")
        if not ({"lead", "co"} & set(p.groupindex)):
            raise PatternError(where, "the pattern needs a group (?P<lead>…) or (?P<co>…)",
                               key=f"responsibility[{i}].pattern")
        requires = e.get("requires", [])
        responsibility.append((str(e["id"]), p, bool(e.get("loose", False)), bool(e.get("co_only", False)),
                               tuple(requires)))

    return _UnitRules(
        responsibility=tuple(responsibility),
        org=compile_regex(rf"^(?:{org})$", where=where, key="org"),
        drop_prefix=tuple(sorted(map(str, data.get("org_drop_prefix", ())), key=len, reverse=True)),
        reject=frozenset(map(str, data.get("org_reject", ()))),
    )


@dataclass(frozen=True)
class ResponsibleUnits(_ToDict):
    """The units a task names as responsible.

    Attributes:
        lead: The lead unit (牵头单位), or ``None``.
        co: Co-responsible units (配合单位), in text order.
        rule: Id of the rule that found the lead (or the first co unit).
        start, end: Offsets of the evidence in the text searched.
    """

    lead: Optional[str] = None
    co: Tuple[str, ...] = ()
    rule: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None


def _clean_unit(name: str, rules: _UnitRules, *, loose: bool) -> Optional[str]:
    name = name.strip(" \t\u3000，,、；;：:。")
    for p in rules.drop_prefix:
        if name.startswith(p) and len(name) > len(p):
            name = name[len(p):].lstrip("，,")
            break
    name = re.sub(r"等(?:有关|相关)?(?:部门|单位)$", "", name)
    name = re.sub(r"^(?:积极|密切|共同|协同|主动|全力|负责)", "", name)
    if len(name) < 2 or name in rules.reject or len(name) > 20:
        return None
    if not loose and not (name.startswith("各") or rules.org.match(name)):
        return None
    return name


def _split_units(names: str, rules: _UnitRules, *, loose: bool) -> List[str]:
    out: List[str] = []
    for part in re.split(r"[、，,；;和及与/]|以及", names):
        u = _clean_unit(part, rules, loose=loose)
        if u and u not in out:
            out.append(u)
    return out


def extract_units(text: str) -> ResponsibleUnits:
    """Find the lead and co-responsible units a text names.

    Generic patterns over organisation-name endings (局, 厅, 委, 办, 部门, 政府,
    街道, 乡镇, 县区 …): ``由X牵头，Y配合``, ``X牵头``, ``X与Y、Z联合下发``,
    ``X会同Y``, ``责任单位：X、Y``, and a unit opening a clause followed by
    ``要``/``必须`` (``各县区要……``). The rules are tried in the order of
    ``rules/tasks.yaml``: labelled and explicit constructions win over the
    clause subject, and the first rule that names a lead unit ends the search.

    Args:
        text: A task's text.
    Returns:
        The units found (``lead`` ``None`` and ``co`` empty when none is stated).
    Example:
        >>> u = extract_units("由市民政局牵头，财政局配合，完成养老机构改造。")
        >>> u.lead, u.co
        ('市民政局', ('财政局',))
        >>> extract_units("各县区要加强衔接，主动配合。").lead
        '各县区'
        >>> u = extract_units("区局会同教育局、卫健委联合印发通知。")
        >>> u.lead, u.co
        ('区局', ('教育局', '卫健委'))
        >>> u = extract_units("民政部门牵头，财政和残联配合。")
        >>> u.lead, u.co
        ('民政部门', ('财政', '残联'))
    """
    rules = _load_unit_rules()
    lead: Optional[str] = None
    co: List[str] = []
    rule_id: Optional[str] = None
    span: Optional[Tuple[int, int]] = None
    for rid, pattern, loose, co_only, requires in rules.responsibility:
        if requires and not any(w in text for w in requires):
            continue
        for m in pattern.finditer(text):
            groups = m.groupdict()
            found_lead = None
            if not co_only and groups.get("lead") and lead is None:
                names = _split_units(groups["lead"], rules, loose=loose)
                if names:
                    found_lead = names[0]
                    extra = names[1:]
                else:
                    extra = []
            else:
                extra = []
            found_co = _split_units(groups["co"], rules, loose=loose) if groups.get("co") else []
            if found_lead is None and not found_co and not extra:
                continue
            if found_lead is not None:
                lead = found_lead
            for u in extra + found_co:
                if u != lead and u not in co:
                    co.append(u)
            if rule_id is None or (found_lead is not None and lead == found_lead):
                rule_id, span = rid, m.span()
            break  # one match per rule: the first in the text
        if lead is not None:
            break
    if lead is not None and lead in co:
        co.remove(lead)
    return ResponsibleUnits(lead=lead, co=tuple(co), rule=rule_id,
                            start=span[0] if span else None, end=span[1] if span else None)

