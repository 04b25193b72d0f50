"""The grammar of time expressions: ``data/rules/times.yaml`` read, checked and compiled.

The rule file holds macros, the rules (a pattern and the name of the normalizer
that turns its groups into dates) and four tables: reigns and eras (``eras``),
days known by name (``days``), days of the lunar calendar (``lunar_days``) and
the solar terms (``solar_terms``). The schema (:data:`policytext.specs.TIMES`)
checks keys, kinds and regexes; :func:`grammar` adds what is semantic (known
normalizers and groups, the dates of fixed rules, real days in the day tables,
known solar terms) and compiles every rule into one scanner. :mod:`policytext.extract.times` reads with it.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Dict, Optional, Tuple

from .. import _resources as res
from ..errors import PatternError
from ..schema import load_rules
from ..specs import TIMES
from ._scan import Scanner, digits_guard, first_chars
from .lunar import LAST, TERMS

__all__ = ["RULES_FILE", "NORMALIZERS", "GROUPS", "TABLES", "TimeRule", "Grammar", "grammar"]

RULES_FILE = "rules/times.yaml"

#: The normalizers a rule may name (functions of :mod:`policytext.extract.times`).
NORMALIZERS = ("calendar", "year_range", "plan", "within_years", "next_years", "first_quarters", "century",
               "fixed", "relative_day", "relative_month", "relative_quarter", "offset", "decade", "day_of_month",
               "whole_units", "since", "first_months", "first_days", "era", "named_day", "lunar")
#: The named groups a pattern may capture.
GROUPS = ("year", "rel", "year2", "month", "month0", "day", "day0", "quarter", "quarters", "half", "season", "edge",
          "plan", "n", "unit", "dir", "word", "n2", "unit2", "ydir", "century", "decade", "sep", "era", "leap")
#: Normalizers that read a table of the rule file, and the table they read.
TABLES = {"era": "eras", "named_day": "days", "lunar": "lunar"}


@dataclass(frozen=True)
class TimeRule:
    """One rule of the file: its id, normalizer, named groups and fixed data (dates, a table)."""

    id: str
    normalize: str
    groups: Tuple[Tuple[str, str], ...]  # (local name, global name)
    extra: Tuple[Tuple[str, Any], ...] = ()

    @property
    def future(self) -> bool:
        return bool(dict(self.extra).get("future", True))


@dataclass(frozen=True)
class Grammar:
    """All rules compiled into one scanner; ``named`` maps the scanner's group of each rule to it.

    The scanner's pattern captures only which rule matched (an empty group ``r<i>`` that closes each
    rule), the prefix and the suffix: the groups inside the rules, or one around each whole rule, would
    make every try at every candidate position slower (the regex engine saves and restores the groups
    an alternative opens as it backtracks; an empty group at the end of a rule is set only once the rule
    has matched). :meth:`rule_match` then matches the one rule that matched, with its groups, at the
    same position (the same span and the same parse).
    """

    scanner: Scanner
    rules: Tuple[TimeRule, ...]
    deadline_suffixes: frozenset
    days_before: Optional["re.Pattern[str]"] = None  # N天 after <day>前 (国庆节前3天)
    rule_patterns: Tuple[str, ...] = ()  # each rule with its groups, the prefix and the suffix
    prefix: str = ""  # the pattern of the prefix (到, 截至 …)

    @property
    def named(self) -> Tuple[Tuple[str, TimeRule], ...]:
        return self._named  # type: ignore[attr-defined]

    @property
    def by_group(self) -> Dict[str, TimeRule]:
        """The rule of each scanner group ``r<i>`` (the group a match closes last, unless a suffix follows)."""
        return self._by_group  # type: ignore[attr-defined]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_named", tuple((f"r{i}", r) for i, r in enumerate(self.rules)))
        object.__setattr__(self, "_by_group", dict(self._named))  # type: ignore[attr-defined]
        object.__setattr__(self, "_index", {f"r{i}": i for i in range(len(self.rules))})
        object.__setattr__(self, "_compiled", {})

    def rule_match(self, m: "re.Match[str]", group: str) -> "re.Match[str]":
        """The scanner's match ``m`` of the rule whose group is ``group``, with the rule's own groups."""
        i = self._index[group]  # type: ignore[attr-defined]
        rx = self._compiled.get(i)  # type: ignore[attr-defined]
        if rx is None:  # compiled at first use: a document meets a few of the rules
            rx = self._compiled[i] = re.compile(self.rule_patterns[i])  # type: ignore[attr-defined]
        full = rx.match(m.string, m.start())
        if full is None or full.end() != m.end():  # pragma: no cover - the same pattern, groups aside
            raise AssertionError(f"time rule {self.rules[i].id}: no match with its groups at {m.start()}")
        return full


@functools.lru_cache(maxsize=None)
def grammar(name: str = RULES_FILE) -> Grammar:
    """The compiled grammar of a rule file (the shipped one by default; cached per file).

    Keys, kinds, unique ids and regexes are checked by the schema (:data:`policytext.specs.TIMES`);
    checked here is what is semantic: known normalizers and groups, the dates of fixed rules, real
    days in the ``days`` and ``lunar_days`` tables and known names in ``solar_terms``.

    Raises:
        PatternError: The file is malformed (names the file, the key and the reason).

    Example:
        >>> g = grammar()
        >>> "named_day" in {r.normalize for r in g.rules}
        True
    """
    data = load_rules(name, TIMES)
    macros = {str(k): str(v) for k, v in data["macros"].items()}
    eras = {str(e["id"]): int(e["first_year"]) for e in data.get("eras") or ()}  # 康熙 -> 1662 (its 元年)
    macros["ERA"] = _names(eras)
    tables: Dict[str, Dict[str, Any]] = {
        "eras": eras,
        "days": _named_days(data.get("days") or (), name),  # 国庆 -> (10, 1)
        "lunar_days": _lunar_days(data.get("lunar_days") or (), name),  # 除夕 -> (12, "last")
        "solar_terms": _solar_terms(data.get("solar_terms") or (), name),  # 清明节 -> 清明
    }
    tables["lunar"] = {**tables["lunar_days"], **tables["solar_terms"]}  # what the normalizer `lunar` reads
    macros["DAY"] = _names(tables["days"])
    macros["LDAY"] = _names(tables["lunar_days"])
    words = {str(e["id"]) for e in data.get("solar_terms") or () if e.get("word")}  # 雨水, 大雪: common words too
    macros["TERM"] = _names({k: v for k, v in tables["solar_terms"].items() if k not in words})
    macros["TERMW"] = _names({k: v for k, v in tables["solar_terms"].items() if k in words})
    alts = []  # the rules for the scanner: no groups inside
    full = []  # the rules with their groups
    rules = []
    for i, rule in enumerate(data["rules"]):
        rid = rule["id"]
        if rule["normalize"] not in NORMALIZERS:
            raise PatternError(name, f"normalize={rule['normalize']!r} is invalid; must be one of "
                               f"{NORMALIZERS}", key=f"rules.{rid}.normalize")
        pat = res.expand_macros(rule["pattern"], macros, where=name, key=f"rules.{rid}.pattern")
        local = res.compile_regex(pat, where=name, key=f"rules.{rid}.pattern")
        unknown = set(local.groupindex) - set(GROUPS)
        if unknown:
            raise PatternError(name, f"unknown group(s) {sorted(unknown)}; allowed: {GROUPS}",
                               key=f"rules.{rid}.pattern")
        prefix = f"r{i}_"
        pat = re.sub(r"\(\?P([<=])([a-z0-9_]+)", lambda m: f"(?P{m.group(1)}{prefix}{m.group(2)}", pat)
        fc = first_chars(pat)  # a rule that cannot start here fails at its first character
        guard = f"(?={fc})" if fc else ""
        alts.append(f"(?:(?:{guard}{_without_groups(pat)})(?P<r{i}>))")
        full.append(f"(?P<r{i}>{guard}{pat})")
        extra: Tuple[Tuple[str, Any], ...] = ()
        if rule["normalize"] == "fixed":
            res.require_keys(rule, ("from", "to", "granularity"), where=name, context=f"rules.{rid}")
            try:
                extra = (("from", _dt.date.fromisoformat(str(rule["from"]))),
                         ("to", _dt.date.fromisoformat(str(rule["to"]))),
                         ("granularity", str(rule["granularity"])))
            except ValueError as e:
                raise PatternError(name, f"bad date: {e}", key=f"rules.{rid}") from None
        if rule["normalize"] in TABLES:
            extra = (("table", tables[TABLES[rule["normalize"]]]),)
        if rule.get("future") is False:  # “7·20”: an event of the reference year, not the next one
            extra += (("future", False),)
        rules.append(TimeRule(rid, rule["normalize"], tuple((g, prefix + g) for g in local.groupindex), extra))
    pre = res.compile_regex(data["prefix"], where=name, key="prefix").pattern
    suf = res.compile_regex(data["suffix"], where=name, key="suffix").pattern
    gate = res.expand_macros(data["gate"], macros, where=name, key="gate") if data.get("gate") else ""
    gate = res.compile_regex(gate, where=name, key="gate").pattern if gate else ""
    rules_part = f"(?:{'|'.join(alts)})(?P<suf>{suf})?"
    # where a rule starts (after a prefix too) the gate holds and no run of digits ends in a character no
    # rule reads after digits: checked once there, so that a prefix (达到60%) tries no rule in vain
    start = digits_guard(rules_part) + (f"(?=(?:{gate}))" if gate else "")
    master = f"(?P<pre>{pre})?{start}{rules_part}"
    res.compile_regex(master, where=name, key="(combined)")
    scanner = Scanner(master, candidates=gate or None)
    days_before = res.compile_regex(data["days_before"], where=name, key="days_before") \
        if data.get("days_before") else None
    return Grammar(scanner, tuple(rules), frozenset(data["deadline_suffixes"]), days_before,
                   tuple(f"(?P<pre>{pre})?{a}(?P<suf>{suf})?" for a in full), pre)


def _without_groups(pattern: str) -> str:
    """``pattern`` with its named groups made non-capturing, except those a back-reference or a
    conditional names (the same matches)."""
    keep = set(re.findall(r"\(\?P=([a-z0-9_]+)\)", pattern)) | set(re.findall(r"\(\?\(([a-z0-9_]+)\)", pattern))
    return re.sub(r"\(\?P<([a-z0-9_]+)>", lambda m: m.group() if m.group(1) in keep else "(?:", pattern)


def _names(table: Dict[str, Any]) -> str:
    """The names of a table as one group of alternatives, longest first (a pattern that never matches if none).

    Names with the same first character share one alternative (国庆节, 国庆 and 国际老年人日 under 国),
    so that a regex tries one alternative per first character, not one per name.
    """
    by_first: Dict[str, list] = {}
    for name in sorted(table, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    alts = [re.escape(names[0]) if len(names) == 1 else
            re.escape(first) + "(?:" + "|".join(re.escape(n[1:]) for n in names) + ")"
            for first, names in by_first.items()]
    return "(?:" + ("|".join(alts) or "(?!)") + ")"


def _named_days(entries: Any, where: str) -> Dict[str, Tuple[int, int]]:
    """The ``days`` table: name -> (month, day), each a real day of the year."""
    days = {}
    for e in entries:
        try:
            _dt.date(2000, int(e["month"]), int(e["day"]))  # a leap year: 2月29日 is a day
        except ValueError as err:
            raise PatternError(where, f"{e['id']}: {err}", key="days") from None
        days[str(e["id"])] = (int(e["month"]), int(e["day"]))
    return days


def _lunar_days(entries: Any, where: str) -> Dict[str, Tuple[int, Any]]:
    """The ``lunar_days`` table: name -> (lunar month 1-12, day 1-30 or ``last``)."""
    days = {}
    for e in entries:
        month, day = e["month"], e["day"]
        if not 1 <= month <= 12:
            raise PatternError(where, f"{e['id']}: month={month!r} is invalid; must be 1 to 12", key="lunar_days")
        if day != LAST and not (isinstance(day, int) and not isinstance(day, bool) and 1 <= day <= 30):
            raise PatternError(where, f"{e['id']}: day={day!r} is invalid; must be 1 to 30 or {LAST!r} "
                               "(the last day of the month)", key="lunar_days")
        days[str(e["id"])] = (int(month), day)
    return days


def _solar_terms(entries: Any, where: str) -> Dict[str, str]:
    """The ``solar_terms`` table: name -> solar term (its own name, or ``term`` for 清明节)."""
    terms = {}
    for e in entries:
        term = str(e.get("term") or e["id"])
        if term not in TERMS:
            raise PatternError(where, f"{e['id']}: {term!r} is no solar term; known: {', '.join(TERMS)}",
                               key="solar_terms")
        terms[str(e["id"])] = term
    return terms
