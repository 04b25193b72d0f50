"""Responsible units: the lead (牵头) and co-responsible (配合) units a task names.

An extractor: a pure function over text whose rules are data (``notes``,
``responsibility``, ``org_stop``, ``org_drop_prefix`` and ``org_reject`` of
``policytext/data/rules/tasks.yaml``; whole unit names in ``lexicons/orgs.txt``,
organisation-name endings in ``lexicons/org_suffixes.txt``). It imports nothing
of the task builder, so highlighting (:mod:`policytext.faces.pipeline`) can use it too.

Three kinds of mention, in this order:

1. *Responsibility notes*: a bracket whose every clause is units + a verb
   (``（A、B牵头，C配合）``, ``（A、B等相关部门按职责分工负责）``, ``（A负责）``)
   or labelled units (``（牵头单位：A；配合单位：B）``), and a bare list of
   offices in brackets at the end of a sentence (``（省民政厅、省财政厅）``);
2. *labelled lines* (``责任单位：A、B``, ``牵头单位：…  完成时限：…``) and the
   *leading subject* ``由A牵头，B配合``;
3. failing those, running text (``A牵头``, ``A会同B``, ``各县区要……``).

Units are kept whole (``工业和信息化部``, never ``信息化部``); generic mentions
(``各地区``, ``相关部门``, ``省有关部门``, ``各市工业和信息化局``) are no unit and
go to ``scope``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from .._resources import (after_boundaries, compile_regex, expand_macros, longest_first, may_hold_match,
                          read_lexicon, required_texts)
from ..schema import load_rules
from ..specs import TASKS
from ..errors import PatternError
from ..extract._scan import leading_lookahead, lookahead_rest
from ..types import _ToDict

__all__ = ["ResponsibleUnits", "extract_units", "find_notes", "parse_units", "is_unit_name"]

#: The rule file of tasks (read here for its responsibility part, by :mod:`.rules` for the rest).
RULES_FILE = "rules/tasks.yaml"
SUFFIX_FILE = "lexicons/org_suffixes.txt"
ORGS_FILE = "lexicons/orgs.txt"

#: A place before a unit name: 省, 市, 国家, 国务院, 山东省, 济南市, 历下区 …
_PLACE = r"(?:国务院|国家|中央|[省市县区州盟旗]|[\u4e00-\u9fff]{1,5}?(?:省|自治区|市|自治州|州|县|区|旗))"
# a note in brackets; a bracket inside it (各县（市、区）人民政府) is part of a name
RE_NOTE = re.compile(r"[（(](?P<c>(?:[^（）()]|[（(][^（）()]{1,12}[）)]){2,200})[）)]")
# a short bracket inside a name (各县（市、区）, 区县（市）): a list separator inside it separates nothing
RE_INNER_BRACKET = re.compile(r"[（(][^（）()]{1,12}[）)]")
RE_WS = re.compile(r"\s+")
RE_PIECE_SPLIT = re.compile(r"[、，,；;/]|以及")
RE_CONNECTOR = re.compile(r"[和及与]")
RE_GROUP_END = re.compile(r"(?:部门|单位|地区|方面|机构|各地|地方|各级)$")
RE_BREAK = re.compile(r"[。；;！？!?\n：:，,]")
RE_LEAD_WORD = re.compile(r"^(?:由|会同|并|和|及|与|以及)")
RE_TRAILING_DENG = re.compile(r"等$")
RE_HAN_NAME = re.compile(r"[\u4e00-\u9fff“”]{2,30}")
RE_SHORT_HAN = re.compile(r"[\u4e00-\u9fff]{2,4}")
RE_LOCAL_GOVERNMENT = re.compile(r"[\u4e00-\u9fff]{2,4}(?:市|县|区)(?:人民)?政府|[\u4e00-\u9fff]{2,4}市")
RE_CLAUSE_SPLIT = re.compile(r"[，,；;]")
RE_GENERIC_ETC = re.compile("有关|相关|其他")
RE_ETC_UNITS = re.compile(r"等(?:有关|相关)?(?:部门|单位)$")
RE_ADVERB_START = re.compile(r"^(?:积极|密切|共同|协同|主动|全力|负责)")
_EMPTY: Tuple[str, ...] = ()


@dataclass(frozen=True)
class _NoteRules:
    label: "re.Pattern[str]"
    clause: "re.Pattern[str]"
    lead_verb: "re.Pattern[str]"
    co_verb: "re.Pattern[str]"
    skip: "re.Pattern[str]"
    first_is_lead: "re.Pattern[str]"
    first_is_lead_texts: Tuple[str, ...]  # one of which every match of first_is_lead holds (a quick test)
    scope: "re.Pattern[str]"
    generic: "re.Pattern[str]"
    not_bare: "re.Pattern[str]"
    labels: Dict[str, str]
    subject: "re.Pattern[str]"
    line: "re.Pattern[str]"
    line_label: "re.Pattern[str]"  # a label and its colon, which every labelled line holds (a quick test)


@dataclass(frozen=True)
class _UnitRules:
    # id, pattern, loose, co_only, requires (searches that must all find something in a text for the rule to
    # be tried: one for the words, and for a rule tried at clause starts only what its look-ahead asks for
    # after its opening run), and for such a rule its finder, a clause end and the rule's look-ahead
    # (:func:`.._resources.after_boundaries`)
    responsibility: Tuple[Tuple[str, "re.Pattern[str]", bool, bool, Tuple["re.Pattern[str]", ...],
                                Optional["re.Pattern[str]"]], ...]
    org: "re.Pattern[str]"
    strict: "re.Pattern[str]"
    lexical: "re.Pattern[str]"
    suffix_end: "re.Pattern[str]"
    drop_prefix: Tuple[str, ...]
    reject: frozenset
    notes: _NoteRules


def _note_rules(data: dict, where: str) -> _NoteRules:
    n = data.get("notes") or {}
    defaults = {"lead_verb": "牵头", "duty_verb": "负责", "co_verb": "配合", "lead_label": "牵头单位",
                "duty_label": "责任单位", "co_label": "配合单位", "deadline_label": "完成时限",
                "skip": "^$", "first_is_lead": "列第一位者为牵头", "scope": "^各|有关|相关"}
    g = {k: str(n.get(k, v)) for k, v in defaults.items()}

    def rx(key: str, pat: str) -> "re.Pattern[str]":
        return compile_regex(pat, where=where, key=f"notes.{key}")

    labels = {"lead": g["lead_label"], "duty": g["duty_label"], "co": g["co_label"], "deadline": g["deadline_label"]}
    label = rx("labels", "|".join(f"(?P<{k}>{v})[：:]" for k, v in labels.items()))
    verb = f"(?P<lead_v>{g['lead_verb']})|(?P<co_v>{g['co_verb']})|(?P<duty_v>{g['duty_verb']})"
    clause = rx("clause", rf"^(?:由)?(?P<units>[^，,；;。]+?)(?:等(?P<etc>(?:有关|相关|其他)?(?:部门|单位|地区))?)?(?:{verb})$")
    subject = rx("subject", rf"由[^。；;！？!?\n由]{{2,80}}?(?:{g['lead_verb']}|{g['duty_verb']})"
                            rf"(?:[，,][^。；;！？!?\n，,]{{2,80}}?(?:{g['co_verb']}))?(?=[，,。；;]|$)")
    line = rx("line", rf"(?:^|(?<=[\n。；;]))[ \t\u3000]*(?:{'|'.join(labels.values())})[：:][^\n]*")
    line_label = rx("line", rf"(?:{'|'.join(labels.values())})[：:]")
    first_is_lead = rx("first_is_lead", g["first_is_lead"])
    return _NoteRules(label=label, clause=clause, lead_verb=rx("lead_verb", f"^(?:{g['lead_verb']})$"),
                      co_verb=rx("co_verb", f"^(?:{g['co_verb']})$"), skip=rx("skip", g["skip"]),
                      first_is_lead=first_is_lead, first_is_lead_texts=required_texts(first_is_lead),
                      scope=rx("scope", g["scope"]),
                      generic=rx("generic", str(n.get("generic", g["scope"]))),
                      not_bare=rx("not_bare", str(n.get("not_bare", "(?!)"))),
                      labels=labels, subject=subject, line=line, line_label=line_label)


@functools.lru_cache(maxsize=4)
def _load_unit_rules(name: str = RULES_FILE) -> _UnitRules:
    """Read and validate the responsibility rules of a task rule file (cached)."""
    data = load_rules(name, TASKS)
    where = name
    stop = re.escape(str(data["org_stop"]))
    char = rf"(?:[^\W\d_{stop}]|[（(][^\W\d_{stop}]{{1,3}}(?:、[^\W\d_{stop}]{{1,3}}){{0,3}}[）)])"  # 各县（市、区）
    lex = longest_first(read_lexicon(ORGS_FILE))  # whole names win over their prefixes
    suf = longest_first(read_lexicon(SUFFIX_FILE))
    # a whole name of the lexicon (after a place) wins over a generic name cut at a stop character
    # a generic name ends at a suffix that does not begin a longer word (社会, 部分: org_suffix_words)
    words = [str(w) for w in data.get("org_suffix_words", ()) if len(str(w)) > 1]
    not_word = (rf"(?!{'|'.join(rf'(?<={re.escape(w[0])}){re.escape(w[1:])}' for w in words)})"
                + "".join(rf"(?<!{re.escape(w)})" for w in words)) if words else ""
    prefix = "|".join(map(re.escape, (str(p) for p in data.get("org_prefixes", ()))))  # 中共, 共青团
    prefix = rf"(?:{prefix})?" if prefix else ""
    org = (rf"(?:{prefix}{_PLACE}?(?:{lex})(?!门|员会|公室|公厅|[^\W\d_{stop}]{{0,3}}?(?:{suf})(?![^\W\d_])))"
           rf"|{prefix}{char}{{0,13}}?(?:{suf}){not_word}")
    orgs = rf"(?:{org})(?:[、和及与](?:{org}))*"

    clause_end = data.get("clause_end")
    macros = {str(k): str(v) for k, v in (data.get("macros") or {}).items()}
    responsibility = []
    for i, e in enumerate(data["responsibility"]):
        pat = expand_macros(str(e["pattern"]), macros, where=where, key=f"responsibility[{i}].pattern",
                            keep=("ORG", "ORGS", "CLAUSE"))
        pat = pat.replace("{ORGS}", orgs).replace("{ORG}", f"(?:{org})")
        finder = None
        requires = [re.compile("|".join(map(re.escape, e["requires"])))] if e.get("requires") else []
        if "{CLAUSE}" in pat:
            if clause_end is None:
                raise PatternError(where, "{CLAUSE} needs `clause_end`, the characters a clause ends with",
                                   key=f"responsibility[{i}].pattern")
            if pat.startswith("{CLAUSE}"):  # the clause ends where the rule's look-ahead holds
                gate = leading_lookahead(pat[len("{CLAUSE}"):])
                finder = compile_regex(rf"(?:{clause_end})(?=\s*{gate})", where=where,
                                       key=f"responsibility[{i}].pattern")
                rest = lookahead_rest(gate)  # found after the clause start wherever the rule matches
                if rest:
                    requires.append(compile_regex(rest, where=where, key=f"responsibility[{i}].pattern"))
            pat = pat.replace("{CLAUSE}", rf"(?:^|(?<={clause_end}))\s*")
        p = compile_regex(pat, where=where, key=f"responsibility[{i}].pattern")
        if not ({"lead", "co"} & set(p.groupindex)):
            raise PatternError(where, "the pattern needs a group (?P<lead>…) or (?P<co>…)",
                               key=f"responsibility[{i}].pattern")
        responsibility.append((str(e["id"]), p, bool(e.get("loose", False)), bool(e.get("co_only", False)),
                               tuple(requires), finder))

    strict = rf"^(?:{_PLACE}?(?:{lex})|[\u4e00-\u9fff“”\"（）()]{{0,30}}(?:{suf}))$"
    return _UnitRules(
        responsibility=tuple(responsibility),
        org=compile_regex(rf"^(?:{org})$", where=where, key="org"),
        strict=compile_regex(strict, where=where, key="org"),
        lexical=compile_regex(rf"^{_PLACE}?(?:{lex})$", where=where, key="org"),
        suffix_end=compile_regex(rf"(?:{suf})$", where=where, key="org"),
        drop_prefix=tuple(sorted(map(str, data.get("org_drop_prefix", ())), key=len, reverse=True)),
        reject=frozenset(map(str, data.get("org_reject", ()))),
        notes=_note_rules(data, where),
    )


@dataclass(frozen=True)
class ResponsibleUnits(_ToDict):
    """The units a task names as responsible.

    Attributes:
        leads: The lead units (牵头单位; all units named before 牵头, or named as
            负责 when nothing is 牵头), in text order.
        co: Co-responsible units (配合/参加/参与, or 负责 after a 牵头 clause), in text order.
        scope: Generic mentions that are no single unit (各地区, 相关部门, 省有关部门).
        rule: Id of the rule that found the first unit (``note``, ``label``,
            ``subject`` or a ``responsibility`` rule of ``tasks.yaml``).
        start, end: Offsets of the first evidence in the text searched.
        notes: Spans of every responsibility note (bracket, line or subject) found.
        deadline_text: A completion time stated with the units (``完成时限：2022年底前``), or ``None``.

    Example:
        >>> u = ResponsibleUnits(leads=("工业和信息化部", "发展改革委"), scope=("各地区",))
        >>> u.lead
        '工业和信息化部、发展改革委'
    """

    leads: Tuple[str, ...] = ()
    co: Tuple[str, ...] = ()
    scope: Tuple[str, ...] = ()
    rule: Optional[str] = None
    start: Optional[int] = None
    end: Optional[int] = None
    notes: Tuple[Tuple[int, int], ...] = ()
    deadline_text: Optional[str] = None

    @property
    def lead(self) -> Optional[str]:
        """The lead units joined by ``、`` (one string, as a 牵头单位 column shows them), or ``None``."""
        return "、".join(self.leads) or None

    def to_dict(self) -> dict:
        d = super().to_dict()
        d["lead"] = self.lead
        return d


# ----------------------------------------------------------------------------- unit names


def is_unit_name(name: str) -> bool:
    """Whether ``name`` is a whole unit name: a name of ``lexicons/orgs.txt`` after a
    place, or a run of Chinese ending with an organisation suffix.

    Example:
        >>> is_unit_name("工业和信息化部"), is_unit_name("省大数据局"), is_unit_name("加快推进")
        (True, True, False)
    """
    return _load_unit_rules().strict.match(RE_WS.sub("", name)) is not None


def _piece(raw: str, rules: _UnitRules, *, loose: bool) -> Tuple[Optional[str], str]:
    """Classify one listed name: ``("unit", name)``, ``("scope", name)`` or ``(None, name)``."""
    name = RE_WS.sub("", raw).strip("，,、；;：:。.")
    name = RE_LEAD_WORD.sub("", name)
    name = RE_TRAILING_DENG.sub("", name)
    if len(name) < 2 or len(name) > 40 or name in rules.reject:
        return None, name
    if rules.notes.scope.search(name):
        return "scope", name
    if rules.strict.match(name):
        return "unit", name
    if loose and RE_HAN_NAME.fullmatch(name) and "的" not in name:
        return "unit", name
    return None, name


def _list(names: str, rules: _UnitRules, *, loose: bool) -> Optional[List[Tuple[str, str]]]:
    """The names of a list (``A、B和C``); ``None`` when a piece is no name (strict) or nothing is listed."""
    out: List[Tuple[str, str]] = []
    pieces = [p for p in _pieces(names) if p.strip(" \t\u3000\n")]
    bare: List[str] = []  # 济南、青岛、烟台市政府: places sharing the last piece's suffix
    for p in pieces:
        kind, name = _piece(p, rules, loose=False)
        if RE_CONNECTOR.search(name) and not _one_name(name, rules):
            parts = [_piece(x, rules, loose=False) for x in RE_CONNECTOR.split(name)]
            # 相关部门及各地区, 省民政厅和省财政厅; never 各级……网络安全 + 和 + 信息化领导小组办公室
            if all(k == "unit" and rules.strict.match(n) or k == "scope" and RE_GROUP_END.search(n)
                   for k, n in parts):
                out.extend((k, n) for k, n in parts if k)
                continue
        if kind is None and RE_SHORT_HAN.fullmatch(name):
            bare.append(name)
            continue
        if kind is None and loose:
            kind, name = _piece(p, rules, loose=True)
        if kind is None:
            return None
        if bare:
            if kind == "unit" and RE_LOCAL_GOVERNMENT.fullmatch(name):
                out.extend(("unit", b) for b in bare)
                bare = []
            else:
                return None
        out.append((kind, name))
    if bare:
        return None
    return out or None


# ----------------------------------------------------------------------------- notes


@dataclass
class _Roles:
    leads: List[str]
    co: List[str]
    scope: List[str]
    deadline: Optional[str] = None

    def add(self, role: str, items: List[Tuple[str, str]]) -> None:
        for kind, name in items:
            target = self.scope if kind == "scope" else (self.leads if role == "lead" else self.co)
            if name not in target:
                target.append(name)


def _labelled(content: str, rules: _UnitRules) -> Optional[_Roles]:
    """``牵头单位：A、B；配合单位：C，完成时限：…`` (``None`` when no label opens the text)."""
    nr = rules.notes
    found = list(nr.label.finditer(content))
    if not found or content[:found[0].start()].strip(" \t\u3000\n，,；;："):
        return None
    has_lead = any(m.lastgroup == "lead" for m in found)
    roles = _Roles([], [], [])
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else len(content)
        body = content[m.end():stop].strip(" \t\u3000\n，,；;。")
        kind = m.lastgroup
        if kind == "deadline":
            roles.deadline = body or None
            continue
        items = _list(body, rules, loose=True)
        if items is None:
            if not body:
                continue
            return None
        roles.add("lead" if kind == "lead" or (kind == "duty" and not has_lead) else "co", items)
    return roles if roles.leads or roles.co or roles.scope or roles.deadline else None


def _clauses(content: str, rules: _UnitRules, *, first_is_lead: bool, bare: bool) -> Optional[_Roles]:
    """``A、B牵头，C、D按职责分工负责`` (every clause must read), or a bare list of offices."""
    nr = rules.notes
    clauses = [c.strip(" \t\u3000\n") for c in RE_CLAUSE_SPLIT.split(content)]
    clauses = [c for c in clauses if c]
    read: List[Tuple[str, List[Tuple[str, str]], Optional[str]]] = []
    for c in clauses:
        flat = RE_WS.sub("", c)
        if nr.skip.search(flat):
            continue
        m = nr.clause.match(flat)
        if m is not None and "会同" in flat:  # A会同B负责: A leads, B works with it
            head, rest = flat.split("会同", 1)
            lead, mb = _list(head, rules, loose=False), nr.clause.match(rest)
            co = _list(mb.group("units"), rules, loose=False) if mb else None
            if lead and co:
                read.extend((("lead", lead, None), ("co", co, mb.group("etc"))))
                continue
        if m is None:
            if bare and len(clauses) == 1:
                break
            return None
        items = _list(m.group("units"), rules, loose=False)
        if items is None:
            return None
        role = "lead" if m.group("lead_v") else "co" if m.group("co_v") else "duty"
        read.append((role, items, m.group("etc")))
    if not read:
        if not bare or len(clauses) != 1:
            return None
        items = _list(clauses[0], rules, loose=False)
        if items is None or not any(k == "unit" for k, _n in items):
            return None
        read.append(("duty", items, None))
    has_lead = any(r == "lead" for r, _i, _e in read)
    roles = _Roles([], [], [])
    for role, items, etc in read:
        if role == "duty":
            role = "co" if has_lead else "lead"
        roles.add(role, items)
        if etc and RE_GENERIC_ETC.search(etc):
            roles.add(role, [("scope", etc)])
    if first_is_lead and not has_lead and len(roles.leads) > 1 and not roles.co:
        roles.co = roles.leads[1:]
        roles.leads = roles.leads[:1]
    return roles


def parse_units(statement: str, *, first_is_lead: bool = False) -> Optional[ResponsibleUnits]:
    """Read one responsibility statement (the inside of a note, a labelled line or a subject).

    Args:
        statement: ``A、B牵头，C配合``, ``牵头单位：A；配合单位：B``, ``由A牵头，B参与`` ….
        first_is_lead: The document's convention that the first unit of a note
            that names no 牵头 is the lead and the others co-responsible.
    Returns:
        The units, or ``None`` when the statement does not read as one.
    Example:
        >>> u = parse_units("工业和信息化部、发展改革委牵头，各地区按职责分工负责")
        >>> u.leads, u.co, u.scope
        (('工业和信息化部', '发展改革委'), (), ('各地区',))
        >>> parse_units("牵头单位：省商务厅，参加单位：省邮政管理局").co
        ('省邮政管理局',)
    """
    rules = _load_unit_rules()
    roles = _labelled(statement, rules) or _clauses(statement, rules, first_is_lead=first_is_lead, bare=False)
    if roles is None:
        return None
    return ResponsibleUnits(leads=tuple(roles.leads), co=tuple(x for x in roles.co if x not in roles.leads),
                            scope=tuple(roles.scope), deadline_text=roles.deadline)


def find_notes(text: str, *, first_is_lead: Optional[bool] = None) -> List[Tuple[int, int, str, ResponsibleUnits]]:
    """Every responsibility note of ``text``: ``(start, end, form, units)`` in text order.

    ``form`` is ``note`` (a bracket, brackets included in the span), ``line``
    (a labelled line, ``责任单位：…``) or ``subject`` (``由A牵头，B参与``).

    Args:
        text: A task's or a document's text.
        first_is_lead: See :func:`parse_units`; by default, whether ``text``
            states that convention (``列第一位者为牵头部门``).
    Example:
        >>> [(f, u.leads, u.co) for _s, _e, f, u in find_notes("加快建设（省民政厅牵头，省财政厅配合）。")]
        [('note', ('省民政厅',), ('省财政厅',))]
    """
    if first_is_lead is None:
        first_is_lead = _states_first_is_lead(text)
    return list(_notes(text, first_is_lead))


def _states_first_is_lead(text: str) -> bool:
    """Whether ``text`` says the first unit of each note is the lead (``列第一位者为牵头部门，下同``;
    ``first_is_lead`` of the notes rules). A text holding none of the texts every such statement holds
    (``为牵头``: :func:`~policytext._resources.required_texts`) is not searched.

    Example:
        >>> _states_first_is_lead("（列第一位者为牵头单位，下同）"), _states_first_is_lead("由省民政厅牵头")
        (True, False)
    """
    nr = _load_unit_rules().notes
    return may_hold_match(text, nr.first_is_lead_texts) and nr.first_is_lead.search(text) is not None


@functools.lru_cache(maxsize=1024)  # segmenting, accepting and extract_units read the same texts
def _notes(text: str, first_is_lead: bool) -> Tuple[Tuple[int, int, str, ResponsibleUnits], ...]:
    return tuple(_find_notes(text, _load_unit_rules(), first_is_lead))


def _find_notes(text: str, rules: _UnitRules, first_is_lead: bool) -> List[Tuple[int, int, str, ResponsibleUnits]]:
    nr = rules.notes
    out: List[Tuple[int, int, str, ResponsibleUnits]] = []
    taken: List[Tuple[int, int]] = []
    for m in RE_NOTE.finditer(text):
        content = m.group("c")
        if content.count("\n") > 1:
            continue
        # a bare list of offices closes a sentence or a task: （省民政厅、省财政厅）。
        after = text[m.end():m.end() + 1]
        before = text[max(0, m.start() - 80):m.start()]
        brk = list(RE_BREAK.finditer(before))
        clause = before[brk[-1].end():] if brk else before
        at_end = (after in ("。", "；", ";") or text[m.start() - 1:m.start()] in ("。", "；", ";")) \
            and not nr.not_bare.search(content.strip()) \
            and not (clause and (len(clause) < 10 or rules.suffix_end.search(clause)))  # no apposition
        roles = _labelled(content, rules) or _clauses(content, rules, first_is_lead=first_is_lead, bare=at_end)
        if roles is None or not (roles.leads or roles.co or roles.scope):
            continue
        out.append((m.start(), m.end(), "note", ResponsibleUnits(
            leads=tuple(roles.leads), co=tuple(x for x in roles.co if x not in roles.leads),
            scope=tuple(roles.scope), rule="note", start=m.start(), end=m.end(), deadline_text=roles.deadline)))
        taken.append(m.span())

    def free(s: int, e: int) -> bool:
        return not any(a < e and s < b for a, b in taken)

    for m in nr.line.finditer(text) if nr.line_label.search(text) else ():
        if not free(m.start(), m.end()):
            continue
        s = m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000"))
        roles = _labelled(m.group().strip(), rules)
        if roles is None:
            continue
        out.append((s, m.end(), "line", ResponsibleUnits(
            leads=tuple(roles.leads), co=tuple(x for x in roles.co if x not in roles.leads),
            scope=tuple(roles.scope), rule="label", start=s, end=m.end(), deadline_text=roles.deadline)))
        taken.append((s, m.end()))
    for m in nr.subject.finditer(text):
        if not free(m.start(), m.end()):
            continue
        roles = _clauses(m.group()[1:], rules, first_is_lead=False, bare=False)
        if roles is None or not (roles.leads or roles.co or roles.scope):
            continue
        out.append((m.start(), m.end(), "subject", ResponsibleUnits(
            leads=tuple(roles.leads), co=tuple(x for x in roles.co if x not in roles.leads),
            scope=tuple(roles.scope), rule="subject", start=m.start(), end=m.end())))
        taken.append(m.span())
    out.sort(key=lambda x: x[0])
    return out


# ----------------------------------------------------------------------------- running text


def _clean_unit(name: str, rules: _UnitRules, *, loose: bool) -> Optional[str]:
    name = RE_WS.sub("", name).strip("，,、；;：:。")
    for p in rules.drop_prefix:
        if name.startswith(p) and len(name) > len(p):
            name = name[len(p):].lstrip("，,")
            break
    name = RE_ETC_UNITS.sub("", name)
    name = RE_ADVERB_START.sub("", name)
    if len(name) < 2 or name in rules.reject or len(name) > 30:
        return None
    if not loose and not (name.startswith("各") or rules.org.match(name)):
        return None
    return name


def _pieces(names: str) -> List[str]:
    """``names`` split at 、/，/；/以及, not inside a bracket of a name (各县（市、区）民政局、市财政局: two pieces)."""
    if "（" not in names and "(" not in names:
        return RE_PIECE_SPLIT.split(names)
    masked = RE_INNER_BRACKET.sub(lambda m: m.group().replace("、", "\x00").replace("，", "\x01"), names)
    return [p.replace("\x00", "、").replace("\x01", "，") for p in RE_PIECE_SPLIT.split(masked)]


def _one_name(name: str, rules: _UnitRules) -> bool:
    """Whether a name holding 和/及/与 is one unit (工业和信息化部, 和平区民政局), not two joined
    (市民政局和市财政局: each side a unit name of its own, although the place prefix could swallow the first)."""
    return bool(rules.lexical.match(name)) and not all(rules.strict.match(p) for p in RE_CONNECTOR.split(name))


def _split_units(names: str, rules: _UnitRules, *, loose: bool) -> List[str]:
    """The names of a list; a whole name (工业和信息化部) is never split at 和."""
    out: List[str] = []
    for part in _pieces(names):
        flat = RE_WS.sub("", part)
        if RE_CONNECTOR.search(flat) and not _one_name(_clean_unit(flat, rules, loose=True) or "", rules):
            sub = _joined_names(flat, rules)
        else:
            sub = [flat]
        for s in sub:
            u = _clean_unit(s, rules, loose=loose)
            if u and u not in out:
                out.append(u)
    return out


def _joined_names(flat: str, rules: _UnitRules) -> List[str]:
    """Names joined by 和/及/与, a whole name that holds one kept whole: ``工业和信息化部与民政部`` gives
    ``工业和信息化部`` and ``民政部``, ``市民政局和市财政局`` two names."""
    tokens = RE_CONNECTOR.split(flat)
    out = [tokens[0]]
    for sep, token in zip(RE_CONNECTOR.findall(flat), tokens[1:]):
        whole = out[-1] + sep + token
        if _one_name(_clean_unit(whole, rules, loose=True) or "", rules):
            out[-1] = whole
        else:
            out.append(token)
    return out


def _holds_all(text: str, searches: Tuple["re.Pattern[str]", ...]) -> bool:
    for rx in searches:  # a loop: all() over a generator costs more than the searches that fail at once
        if rx.search(text) is None:
            return False
    return True


def _running_text(text: str, rules: _UnitRules) -> ResponsibleUnits:
    """The ``responsibility`` rules of ``tasks.yaml`` over running text (see :func:`extract_units`)."""
    leads: List[str] = []
    co: List[str] = []
    rule_id: Optional[str] = None
    span: Optional[Tuple[int, int]] = None
    for rid, pattern, loose, co_only, requires, finder in rules.responsibility:
        if (leads and not co_only) or not _holds_all(text, requires):
            continue  # once a rule names the lead, only the rules of co-responsible units (会同B) read on
        for m in after_boundaries(pattern, finder, text) if finder else pattern.finditer(text):
            groups = m.groupdict()
            found: List[str] = []
            if not co_only and groups.get("lead") and not leads:
                found = _split_units(groups["lead"], rules, loose=loose)
            found_co = _split_units(groups["co"], rules, loose=loose) if groups.get("co") else []
            if not found and not found_co:
                continue
            leads.extend(found)
            for u in found_co:
                if u not in leads and u not in co:
                    co.append(u)
            if rule_id is None or found:
                rule_id, span = rid, m.span()
            break  # one match per rule: the first in the text
    scope = [u for u in leads + co if rules.notes.generic.search(u)]
    return ResponsibleUnits(leads=tuple(u for u in leads if u not in scope),
                            co=tuple(u for u in co if u not in leads and u not in scope),
                            scope=tuple(scope), rule=rule_id,
                            start=span[0] if span else None, end=span[1] if span else None)


def extract_units(text: str, *, first_is_lead: Optional[bool] = None) -> ResponsibleUnits:
    """Find the lead and co-responsible units a text names.

    Responsibility notes (brackets, labelled lines, ``由A牵头，B配合``) are read
    first, all of them, their units joined in text order. Without any note the
    ``responsibility`` rules of ``rules/tasks.yaml`` read running text:
    ``X牵头``, ``X与Y、Z联合下发``, ``X会同Y``, a unit opening a clause followed by
    ``要``/``必须`` (``市民政局要……``); labelled and explicit constructions win
    over the clause subject, and the first rule that names a lead ends the search.

    Args:
        text: A task's text.
        first_is_lead: The document says the first unit of a note is the lead
            (``列第一位者为牵头部门``); by default read from ``text``.
    Returns:
        The units found (``leads``, ``co`` and ``scope`` empty when none is stated).
    Example:
        >>> u = extract_units("由市民政局牵头，财政局配合，完成养老机构改造。")
        >>> u.leads, u.co
        (('市民政局',), ('财政局',))
        >>> u = extract_units("推进算力网络建设。（工业和信息化部、发展改革委牵头，各地区按职责分工负责）")
        >>> u.leads, u.scope
        (('工业和信息化部', '发展改革委'), ('各地区',))
        >>> extract_units("各县区要加强衔接，主动配合。").leads
        ('各县区',)
        >>> u = extract_units("区局会同教育局、卫健委联合印发通知。")
        >>> u.lead, u.co
        ('区局', ('教育局', '卫健委'))
    """
    rules = _load_unit_rules()
    notes = find_notes(text, first_is_lead=first_is_lead)
    if not notes:
        return _running_text(text, rules)
    leads: List[str] = []
    co: List[str] = []
    scope: List[str] = []
    deadline = None
    for _s, _e, _f, u in notes:
        leads.extend(x for x in u.leads if x not in leads)
        co.extend(x for x in u.co if x not in co)
        scope.extend(x for x in u.scope if x not in scope)
        deadline = deadline or u.deadline_text
    first = notes[0][3]
    return ResponsibleUnits(leads=tuple(leads), co=tuple(x for x in co if x not in leads), scope=tuple(scope),
                            rule=first.rule, start=first.start, end=first.end,
                            notes=tuple((s, e) for s, e, _f, _u in notes), deadline_text=deadline)
