"""Tasks: turn a document into a checkable task list (任务清单).

A *task* is one thing the document asks to be done from now on:

- a numbered item of a work plan (``6.实施……试点。……`` up to the next item);
- a directive of a speech: a section headed ``（一）聚焦……``, a run-in item
  ``一要……二要……`` / ``一是……`` / ``第一，……``, a short run-in heading that
  opens a paragraph (``……服务机构防控。……要……``), or a short ``要……。`` sentence
  that heads the text after it;
- failing any outline, a directive sentence (``要……``, ``必须……``, ``确保……``,
  ``力争……``).

Praise and review (``取得了……``, ``作出了……贡献``, achievements of past years) are
not tasks.

How the outline is used (see :func:`to_tasks`):

- a *leaf* section (no sub-sections) is one task, unless its text is review;
- a section with children is a *group*: each child is visited. When the group
  has text of its own between its heading and its first child and that text
  is a directive (``要……``), the heading plus that text is a task of kind
  ``"head"``, so a group heading that carries its own instructions is not
  lost; a group whose heading is directly followed by its children gives no
  task of its own;
- inside a leaf, inline enumerators (``一要…二要…``) or at least two run-in
  headings split the leaf into tasks of kind ``"run_in"``; the text before
  the first of them is handled like a group's own text;
- paragraphs outside every section are only split into directive sentences
  (kind ``"directive"``) when the outline yields no task at all (a speech or
  notice without numbering); otherwise they are preambles and transitions.

Tasks never overlap and follow document order. Each task carries its
evidence (``start``/``end`` into ``Document.text``, ``page``), its targets
(those whose quoted evidence lies inside the task), a deadline, the
responsible units and a strength. The rules are data:
``policytext/data/rules/tasks.yaml`` and ``lexicons/org_suffixes.txt``.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Callable, Iterable, Iterator, List, Optional, Sequence, Tuple, Union, overload

from .._resources import compile_regex, read_lexicon, read_yaml, require_keys
from ..errors import PatternError
from ..extract.numerals import parse_int
from ..types import Document, Section, Target, _ToDict, to_jsonable

__all__ = [
    "Task",
    "TaskList",
    "ResponsibleUnits",
    "to_tasks",
    "extract_units",
    "task_strength",
    "is_directive",
    "is_review",
]

RULES_FILE = "rules/tasks.yaml"
SUFFIX_FILE = "lexicons/org_suffixes.txt"

RE_SENTENCE_END = re.compile(r"[。！？!?]")
RE_SPACE_PUNCT = re.compile(r"[\s\u3000]+")
RE_TRAIL = re.compile(r"[\s\u3000]+$")
RE_LEAD_PUNCT = re.compile(r"^[\s\u3000。，,、；;：:．.]+")
RE_CLAUSE_START = re.compile(r"(?:^|(?<=[。；;！!？?\n，,：:]))[ \t\u3000]*")



# ----------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Rules:
    directive: "re.Pattern[str]"
    imperative_heading: "re.Pattern[str]"
    review: "re.Pattern[str]"
    question: "re.Pattern[str]"
    problem: "re.Pattern[str]"
    enumerators: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    run_in_max: int
    run_in_min: int
    run_in_count: int
    run_in_inner: "re.Pattern[str]"
    strength: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    responsibility: Tuple[Tuple[str, "re.Pattern[str]", bool, bool, Tuple[str, ...]], ...]
    org: "re.Pattern[str]"
    drop_prefix: Tuple[str, ...]
    reject: frozenset


@functools.lru_cache(maxsize=4)
def _load_rules(name: str = RULES_FILE) -> _Rules:
    """Read and validate the task rules (cached)."""
    data = read_yaml(name)
    where = name
    require_keys(data, ["directive", "imperative_heading", "review", "question", "problem",
                        "enumerators",
                        "run_in", "strength",
                        "responsibility", "org_stop"], where=where, context="tasks rules")

    def rx(key: str, pattern: Any, flags: int = 0) -> "re.Pattern[str]":
        return compile_regex(pattern, where=where, key=key, flags=flags)

    enumerators = []
    for i, e in enumerate(data["enumerators"]):
        require_keys(e, ["id", "marker"], where=where, context=f"enumerators[{i}]")
        p = rx(f"enumerators[{i}].marker", e["marker"])
        if "n" not in p.groupindex:
            raise PatternError(where, "the marker must have a group (?P<n>…) for the ordinal",
                               key=f"enumerators[{i}].marker")
        enumerators.append((str(e["id"]), p))

    run_in = data["run_in"]
    require_keys(run_in, ["max_chars", "min_chars", "min_run_in", "inner_start"], where=where, context="run_in")
    for k in ("max_chars", "min_chars", "min_run_in"):
        if not isinstance(run_in[k], int) or run_in[k] < 1:
            raise PatternError(where, f"must be a positive integer, got {run_in[k]!r}", key=f"run_in.{k}")

    strength = []
    for i, e in enumerate(data["strength"]):
        require_keys(e, ["id", "pattern"], where=where, context=f"strength[{i}]")
        if e["id"] not in ("binding", "aspirational", "gradual"):
            raise PatternError(where, f"{e['id']!r} is not a strength; must be one of "
                               "{'binding', 'aspirational', 'gradual'}", key=f"strength[{i}].id")
        strength.append((e["id"], rx(f"strength[{i}].pattern", e["pattern"])))

    suffixes = sorted(read_lexicon(SUFFIX_FILE), key=len, reverse=True)
    stop = re.escape(str(data["org_stop"]))
    char = rf"(?:[^\W\d_{stop}]|[（(][^\W\d_{stop}]{{1,3}}[）)])"
    org = rf"{char}{{0,10}}?(?:{'|'.join(map(re.escape, suffixes))})"
    orgs = rf"{org}(?:[、和及与]{org})*"

    responsibility = []
    for i, e in enumerate(data["responsibility"]):
        require_keys(e, ["id", "pattern"], where=where, context=f"responsibility[{i}]")
        pat = str(e["pattern"]).replace("{ORGS}", orgs).replace("{ORG}", org)
        p = rx(f"responsibility[{i}].pattern", pat)
        if not ({"lead", "co"} & set(p.groupindex)):
            raise PatternError(where, "the pattern needs a group (?P<lead>…) or (?P<co>…)",
                               key=f"responsibility[{i}].pattern")
        requires = e.get("requires", [])
        if not isinstance(requires, list) or not all(isinstance(w, str) and w for w in requires):
            raise PatternError(where, f"must be a list of words, got {requires!r}", key=f"responsibility[{i}].requires")
        responsibility.append((str(e["id"]), p, bool(e.get("loose", False)), bool(e.get("co_only", False)),
                               tuple(requires)))

    return _Rules(
        directive=rx("directive", data["directive"]),
        imperative_heading=rx("imperative_heading", data["imperative_heading"]),
        review=rx("review", data["review"]),
        question=rx("question", data["question"]),
        problem=rx("problem", data["problem"]),
        enumerators=tuple(enumerators),
        run_in_max=run_in["max_chars"],
        run_in_min=run_in["min_chars"],
        run_in_count=run_in["min_run_in"],
        run_in_inner=rx("run_in.inner_start", run_in["inner_start"]),
        strength=tuple(strength),
        responsibility=tuple(responsibility),
        org=rx("org", rf"^(?:{org})$"),
        drop_prefix=tuple(sorted(map(str, data.get("org_drop_prefix", ())), key=len, reverse=True)),
        reject=frozenset(map(str, data.get("org_reject", ()))),
    )


# ----------------------------------------------------------------------------- small public helpers


def is_directive(text: str) -> bool:
    """Whether ``text`` contains a directive cue (要, 必须, 确保, 力争 …).

    ``需要``, ``重要``, ``主要``, ``要求`` do not count.

    Example:
        >>> is_directive("各县区要加快推进养老服务设施建设。")
        True
        >>> is_directive("这项工作十分重要。")
        False
    """
    return _load_rules().directive.search(text) is not None


def is_review(text: str) -> bool:
    """Whether ``text`` reviews past work (取得了, 作出了……贡献, 累计 …) and gives no directive.

    Example:
        >>> is_review("全市民政工作取得了新进展，为全市发展作出了重要贡献。")
        True
        >>> is_review("要巩固已取得的成效，确保年底前完成。")
        False
    """
    r = _load_rules()
    return r.review.search(text) is not None and r.directive.search(text) is None


def task_strength(text: str) -> str:
    """How binding a task is: ``binding``, ``aspirational``, ``gradual`` or ``neutral``.

    The first kind in the rule file's order that occurs wins: a task that says
    ``确保`` anywhere is binding even if it also says ``力争``.

    Example:
        >>> task_strength("确保年底前全面完成")
        'binding'
        >>> task_strength("力争覆盖率达到90%")
        'aspirational'
        >>> task_strength("逐步提高保障标准")
        'gradual'
        >>> task_strength("新建养老服务中心3个")
        'neutral'
    """
    for name, pattern in _load_rules().strength:
        if pattern.search(text):
            return name
    return "neutral"


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


def _clean_unit(name: str, rules: _Rules, *, loose: bool) -> Optional[str]:
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


def _split_units(names: str, rules: _Rules, *, loose: bool) -> List[str]:
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
    rules = _load_rules()
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


# ----------------------------------------------------------------------------- Task and TaskList


@dataclass(frozen=True)
class Task(_ToDict):
    """One task of a document.

    Attributes:
        id: Stable id: the document's file stem and the task's running number
            (``"工作要点-007"``).
        doc: File name of the document.
        section: Path of the enclosing outline section (``"三/6"``), or ``None``.
        marker: The task's numbering as written (``"6."``, ``"一要"``, ``"（一）"``), or ``""``.
        heading: The task's heading (without the marker): the section heading,
            the run-in heading, or the first clause of a directive sentence.
        text: The task's text, ``Document.text[start:end]`` (marker and heading included).
        start, end: Offsets of the task in ``Document.text`` (end exclusive).
        page: Page of the task's start for PDFs, else ``None``.
        kind: ``item`` (an outline section), ``head`` (a group heading with its
            own text), ``run_in`` (an inline item or run-in heading) or
            ``directive`` (a directive sentence outside any outline).
        areas: Work-area codes, primary first (the classifier on the task text).
        targets: Targets whose evidence lies inside the task.
        deadline: An explicit deadline in the task text, else the earliest
            deadline of its targets, else ``None``.
        deadline_text: The phrase the deadline comes from, or ``None``.
        lead: The lead unit where stated, else ``None``.
        co: Co-responsible units.
        strength: ``binding``, ``aspirational``, ``gradual`` or ``neutral``.

    Example:
        >>> t = Task(id="示例-001", doc="示例.txt", section="一", marker="1.", heading="加强养老服务",
        ...          text="1.加强养老服务。要新建养老服务中心3个。", start=0, end=20)
        >>> t.to_dict()["heading"], t.strength
        ('加强养老服务', 'neutral')
    """

    id: str
    doc: str
    section: Optional[str]
    marker: str
    heading: str
    text: str
    start: int
    end: int
    page: Optional[int] = None
    kind: str = "item"
    areas: Tuple[str, ...] = ()
    targets: Tuple[Target, ...] = ()
    deadline: Optional[_dt.date] = None
    deadline_text: Optional[str] = None
    lead: Optional[str] = None
    co: Tuple[str, ...] = ()
    strength: str = "neutral"

    @property
    def area(self) -> Optional[str]:
        """The primary work area, or ``None`` when the task was not classified.

        Example:
            >>> Task(id="a-1", doc="a.txt", section=None, marker="", heading="低保", text="做好低保工作",
            ...      start=0, end=6, areas=("social_assistance",)).area
            'social_assistance'
        """
        return self.areas[0] if self.areas else None


_Failure = Tuple[str, str]


class TaskList(Sequence[Task]):
    """The tasks of one or more documents, with exports.

    Iterable, sized and indexable (a slice gives a ``TaskList``). Combine
    several with :meth:`concat`, ``+`` or ``sum(lists, TaskList())``.

    Attributes:
        tasks: The tasks, in document order.
        documents: File names of the documents converted (including those
            without any task), in order.
        errors: ``(file, reason)`` of the documents that could not be converted
            (filled by :func:`policytext.convert`).

    Example:
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。", start=0, end=9)
        >>> tl = TaskList([t], documents=["甲.txt"])
        >>> len(tl), tl[0].heading
        (1, '做好低保工作')
        >>> len(tl + tl), len(sum([tl, tl], TaskList()))
        (2, 2)
    """

    def __init__(self, tasks: Iterable[Task] = (), *, documents: Iterable[str] = (),
                 errors: Iterable[_Failure] = ()) -> None:
        self.tasks: Tuple[Task, ...] = tuple(tasks)
        docs = list(dict.fromkeys(documents))
        for t in self.tasks:
            if t.doc not in docs:
                docs.append(t.doc)
        self.documents: Tuple[str, ...] = tuple(docs)
        self.errors: Tuple[_Failure, ...] = tuple((str(f), str(r)) for f, r in errors)

    # sequence protocol
    @overload
    def __getitem__(self, i: int) -> Task: ...

    @overload
    def __getitem__(self, i: slice) -> "TaskList": ...

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return TaskList(self.tasks[i], documents=self.documents, errors=self.errors)
        return self.tasks[i]

    def __len__(self) -> int:
        return len(self.tasks)

    def __iter__(self) -> Iterator[Task]:
        return iter(self.tasks)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TaskList):
            return NotImplemented
        return (self.tasks, self.documents, self.errors) == (other.tasks, other.documents, other.errors)

    def __repr__(self) -> str:
        return (f"TaskList({len(self.tasks)} tasks, {self.n_targets} targets, "
                f"{len(self.documents)} documents, {len(self.errors)} errors)")

    def __add__(self, other: "TaskList") -> "TaskList":
        if not isinstance(other, TaskList):
            return NotImplemented
        return TaskList.concat([self, other])

    def __radd__(self, other: Any) -> "TaskList":
        if other == 0:  # sum() starts from 0
            return self
        return NotImplemented

    def __getstate__(self) -> dict:
        return {"tasks": self.tasks, "documents": self.documents, "errors": self.errors}

    def __setstate__(self, state: dict) -> None:
        self.tasks, self.documents, self.errors = state["tasks"], state["documents"], state["errors"]

    @classmethod
    def concat(cls, lists: Iterable["TaskList"]) -> "TaskList":
        """Join task lists (of several documents) into one.

        Example:
            >>> a = TaskList(documents=["甲.txt"]); b = TaskList(documents=["乙.txt"], errors=[("丙.pdf", "损坏")])
            >>> c = TaskList.concat([a, b])
            >>> c.documents, c.errors
            (('甲.txt', '乙.txt'), (('丙.pdf', '损坏'),))
        """
        tasks: List[Task] = []
        docs: List[str] = []
        errors: List[_Failure] = []
        for tl in lists:
            tasks.extend(tl.tasks)
            docs.extend(tl.documents)
            errors.extend(tl.errors)
        return cls(tasks, documents=docs, errors=errors)

    @property
    def n_targets(self) -> int:
        """Number of targets over all tasks.

        Example:
            >>> TaskList().n_targets
            0
        """
        return sum(len(t.targets) for t in self.tasks)

    def filter(self, *, area: Optional[str] = None, doc: Optional[str] = None,
               lead: Optional[str] = None) -> "TaskList":
        """Tasks whose primary area / document / lead unit is the one given.

        Example:
            >>> t = Task(id="甲-001", doc="甲.txt", section=None, marker="", heading="低保", text="做好低保",
            ...          start=0, end=4, areas=("social_assistance",))
            >>> len(TaskList([t]).filter(area="elderly_care"))
            0
        """
        keep = [t for t in self.tasks
                if (area is None or t.area == area) and (doc is None or t.doc == doc)
                and (lead is None or t.lead == lead)]
        return TaskList(keep, documents=self.documents, errors=self.errors)

    def to_dicts(self) -> List[dict]:
        """The tasks as JSON-ready dicts (targets nested, dates ISO).

        Example:
            >>> TaskList().to_dicts()
            []
        """
        return [t.to_dict() for t in self.tasks]

    # exports (policytext.export)
    def to_dataframe(self) -> "Any":
        """One row per task (pandas); see :func:`policytext.export.to_dataframe`.

        Example:
            >>> list(TaskList().to_dataframe().columns)[:3]
            ['id', 'doc', 'section']
        """
        from .. import export

        return export.to_dataframe(self)

    def targets_dataframe(self) -> "Any":
        """One row per target with its task; see :func:`policytext.export.targets_dataframe`.

        Example:
            >>> len(TaskList().targets_dataframe())
            0
        """
        from .. import export

        return export.targets_dataframe(self)

    def to_csv(self, path: Any) -> None:
        """Write the tasks as CSV (UTF-8 with BOM, so Excel shows Chinese); atomic.

        Example:
            >>> import tempfile, os
            >>> p = os.path.join(tempfile.mkdtemp(), "任务.csv")
            >>> TaskList().to_csv(p); open(p, encoding="utf-8-sig").readline()[:9]
            'id,doc,se'
        """
        from .. import export

        export.to_csv(self, path)

    def to_json(self, path: Any) -> None:
        """Write one JSON document: tasks, documents and errors; atomic.

        Example:
            >>> import tempfile, os, json
            >>> p = os.path.join(tempfile.mkdtemp(), "任务.json")
            >>> TaskList().to_json(p); json.load(open(p, encoding="utf-8"))["tasks"]
            []
        """
        from .. import export

        export.to_json(self, path)

    def to_jsonl(self, path: Any) -> None:
        """Write one JSON object per task and line; atomic.

        Example:
            >>> import tempfile, os
            >>> p = os.path.join(tempfile.mkdtemp(), "任务.jsonl")
            >>> TaskList().to_jsonl(p); open(p, encoding="utf-8").read()
            ''
        """
        from .. import export

        export.to_jsonl(self, path)

    def to_markdown(self) -> str:
        """A Markdown table of the tasks; see :func:`policytext.export.to_markdown`.

        Example:
            >>> TaskList().to_markdown().splitlines()[0]
            '| 编号 | 文件 | 章节 | 任务 | 工作领域 | 牵头单位 | 配合单位 | 完成时限 | 量化目标 |'
        """
        from .. import export

        return export.to_markdown(self)

    def _repr_html_(self) -> str:
        from .. import export

        return export.to_html(self)

    def to_excel(self, path: Any) -> None:
        """Write an Excel workbook (tasks, targets, summary, errors); atomic.

        See :func:`policytext.export.to_excel`.

        Example:
            >>> import tempfile, os, openpyxl
            >>> p = os.path.join(tempfile.mkdtemp(), "任务清单.xlsx")
            >>> TaskList().to_excel(p); openpyxl.load_workbook(p).sheetnames
            ['任务', '量化目标', '汇总']
        """
        from .. import export

        export.to_excel(self, path)


# ----------------------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    heading: str
    marker: str
    section: Optional[str]
    kind: str
    group: Tuple[Any, ...]  # siblings decided together (a series of run-in items, a list of sections)

    @property
    def heading_text(self) -> str:
        return self.marker + self.heading


def _marker_ordinal(marker: str) -> Optional[int]:
    """The number of a list marker (``三、`` -> 3, ``（12）`` -> 12, ``第二，`` -> 2), or ``None``."""
    m = re.search(r"\d+", marker)
    if m:
        return int(m.group())
    m = re.search(r"[一二三四五六七八九十]+", marker)
    return (parse_int(m.group()) or 0) if m else None


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n\u3000":
        end -= 1
    return end


def _first_sentence(text: str, start: int, end: int, *, limit: int = 60) -> str:
    """The first sentence (up to 。！？； or a line end) of text[start:end]."""
    m = re.compile(r"[。！？!?\n；;]").search(text, start, end)
    stop = m.start() if m else end
    return text[start:stop].strip(" \t\u3000，,：:")[:limit]


def _children(sections: Sequence[Section]) -> dict:
    """Direct children of each section index (by span containment and level); key -1: the roots."""
    kids: dict = {i: [] for i in range(len(sections))}
    roots: List[int] = []
    stack: List[int] = []
    for i, s in enumerate(sections):
        while stack:
            top = sections[stack[-1]]
            if top.start <= s.start < top.end and s.level > top.level:
                break
            stack.pop()
        if stack:
            kids[stack[-1]].append(i)
        else:
            roots.append(i)
        stack.append(i)
    kids[-1] = roots
    return kids


def _enumerated_series(text: str, start: int, end: int, rules: _Rules) -> List[List[Tuple[int, int, str]]]:
    """Series of inline enumerators (一要/二要…, 一是…, 第一，…) at clause starts in text[start:end].

    One marker family is used per region: the one whose first series (an item
    一 followed by 二 …) starts first. A region may hold several series of
    that family one after another (一是…四是 then 一是…三是). Each item is
    ``(marker_start, marker_end, marker)``.
    """
    best: List[List[Tuple[int, int, str]]] = []
    for _id, pattern in rules.enumerators:
        found = []
        for cm in RE_CLAUSE_START.finditer(text, start, end):
            m = pattern.match(text, cm.end(), end)
            if m:
                found.append((m.start(), m.end(), m.group(0), (parse_int(m.group("n")) or 0),
                              m.group(0).replace(m.group("n"), "", 1)))
        series_list: List[List[Tuple[int, int, str]]] = []
        i = 0
        while i < len(found):
            first = found[i]
            if first[3] != 1:
                i += 1
                continue
            series = [first]
            j = i + 1
            while j < len(found):
                f = found[j]
                if f[4] == first[4] and f[3] == series[-1][3] + 1:
                    series.append(f)
                elif f[4] == first[4] and f[3] == 1:
                    break  # a new series starts
                j += 1
            if len(series) >= 2:
                series_list.append([(x[0], x[1], x[2]) for x in series])
                i = found.index(series[-1]) + 1
            else:
                i += 1
        if series_list and (not best or series_list[0][0][0] < best[0][0][0]):
            best = series_list
    return best


def _run_in_headings(text: str, start: int, end: int, rules: _Rules) -> List[Tuple[int, int, str]]:
    """Short run-in headings in text[start:end].

    A heading is a sentence of ``min_chars``–``max_chars`` characters ending in
    ``。`` with no comma, followed by more text in the same paragraph, that
    either opens a paragraph (``……服务机构防控。……``) or, inside a paragraph,
    starts with the ``inner_start`` cue (``要……。``).
    """
    out: List[Tuple[int, int, str]] = []
    for cm in RE_CLAUSE_START.finditer(text, start, end):
        s = cm.end()
        if s >= end:
            break
        prev = text[s - 1] if s > 0 else "\n"
        paragraph_start = prev == "\n"
        if not paragraph_start and not (prev == "。" and rules.run_in_inner.match(text, s)):
            continue
        m = RE_SENTENCE_END.search(text, s, min(end, s + rules.run_in_max + 1))
        if not m or text[m.start()] != "。":
            continue
        sentence = text[s:m.start()]
        if not rules.run_in_min <= len(sentence) <= rules.run_in_max or re.search(r"[，,；;：:\n]", sentence):
            continue
        rest = text[m.end():end]
        nl = rest.find("\n")
        if not rest[: nl if nl >= 0 else len(rest)].strip():
            continue  # nothing follows in the paragraph: an ordinary short sentence
        out.append((s, m.start(), sentence))
    return out


def _segment(doc: Document, rules: _Rules) -> List[_Candidate]:
    """Candidate tasks from the outline, in document order (see the module docstring)."""
    text = doc.text
    toc = doc.toc
    sections = [s for s in doc.sections if not (toc and toc[0] <= s.start < toc[1])]
    kids = _children(sections)
    out: List[_Candidate] = []

    def _runs(idx: List[int]) -> List[Tuple[int, int]]:
        """(part, run) of each sibling: a new run starts where the numbering restarts (一、 after 五、)."""
        out_runs, run, last = [], 0, None
        for i in idx:
            n = _marker_ordinal(sections[i].marker)
            if last is not None and n is not None and n <= last:
                run += 1
            last = n if n is not None else last
            out_runs.append((sections[i].part, run))
        return out_runs

    def add(start: int, end: int, heading: str, marker: str, path: Optional[str], kind: str,
            group: Tuple[Any, ...]) -> None:
        end = _strip_end(text, start, end)
        if end > start:
            out.append(_Candidate(start, end, heading.strip(), marker, path, kind, group))

    def split_series(start: int, body_start: int, end: int, heading: str, marker: str,
                     path: Optional[str], *, leaf_kind: Optional[str], group: Tuple[Any, ...]) -> None:
        """Split a region at inline enumerators or run-in headings; else one task (leaf_kind)."""
        series_list = _enumerated_series(text, body_start, end, rules)
        if not series_list:
            heads = _run_in_headings(text, body_start, end, rules)
            if len(heads) >= rules.run_in_count:
                series_list = [[(s, s, "") for s, _e, _h in heads]]
        if not series_list:
            if leaf_kind is not None:
                add(start, end, heading, marker, path, leaf_kind, group)
            return
        first = series_list[0][0][0]
        if leaf_kind is not None and text[body_start:first].strip(" \t\r\n\u3000。，,：:"):
            add(start, first, heading, marker, path, "head", ("head", start))
        for k, series in enumerate(series_list):
            stop = series_list[k + 1][0][0] if k + 1 < len(series_list) else end
            for n, (s, m_end, marker_) in enumerate(series):
                e = series[n + 1][0] if n + 1 < len(series) else stop
                add(s, e, _first_sentence(text, m_end, e), marker_, path, "run_in", ("series", start, k))

    def visit(i: int, group: Tuple[Any, ...]) -> None:
        s = sections[i]
        children = kids[i]
        if children:
            first = sections[children[0]].start
            if text[s.heading_end:first].strip(" \t\r\n\u3000。，,：:"):
                split_series(s.start, s.heading_end, first, s.heading, s.marker, s.path,
                             leaf_kind="head", group=("head", s.start))
            for c, run in zip(children, _runs(children)):
                visit(c, ("sections", i, run))
        else:
            split_series(s.start, s.heading_end, s.end, s.heading, s.marker, s.path,
                         leaf_kind="item", group=group)

    if sections:  # enumerated items before the outline (a speech whose first part has no 一、)
        split_series(0, 0, sections[0].start, "", "", None, leaf_kind=None, group=("pre",))
    for r, run in zip(kids[-1], _runs(kids[-1])):
        visit(r, ("sections", -1, run))
    return out


def _accept_heading(c: _Candidate, rules: _Rules) -> bool:
    """False for headings that review (取得了……), ask (……是否……) or state a problem (……偏低)."""
    heading = c.heading_text
    if rules.directive.search(heading):
        return True
    if rules.review.search(heading) or rules.question.search(heading):
        return False
    return not (rules.problem.search(c.heading) and not rules.imperative_heading.match(c.heading))


def _accept_one(doc: Document, c: _Candidate, rules: _Rules, body: str) -> bool:
    if not _accept_heading(c, rules):
        return False
    if rules.directive.search(body):
        return True
    if c.heading and rules.imperative_heading.match(c.heading):
        return True
    return doc.doc_type in ("work_plan", "notice", "law") and c.kind == "item" and not rules.review.search(body)


def _accept(doc: Document, candidates: List[_Candidate], rules: _Rules,
            review: Sequence[Tuple[int, int]] = ()) -> List[_Candidate]:
    """Keep the candidates that are tasks, deciding siblings together.

    - nothing inside a review part of the document (``review``: the spans
      :func:`policytext.extract.targets.review_spans` finds, e.g. ``一、过去一年工作回顾``)
      is a task;
    - a series of run-in items, or of sibling sections, is a list of tasks
      when at least half of its items are directives: then every item that
      is not review is kept (``福利机构消防检查。排查……`` beside ``……要……`` items);
    - a series where fewer than half of the items are directives, and a list
      of sections (three or more siblings, numbered in one run) where fewer
      than half are, is a review (工作回顾) or a list of questions: only items
      with an imperative heading are kept, so a review item that runs into
      the next part's directives is dropped.
    """
    text = doc.text
    single = [_accept_one(doc, c, rules, text[c.start:c.end]) for c in candidates]
    groups: dict = {}
    for i, c in enumerate(candidates):
        groups.setdefault(c.group, []).append(i)
    keep = list(single)
    for key, idx in groups.items():
        share = sum(single[i] for i in idx) / len(idx)
        if key[0] in ("series", "sections") and len(idx) >= 2 and share >= 0.5:
            for i in idx:
                c = candidates[i]
                keep[i] = _accept_heading(c, rules) and not is_review(text[c.start:c.end])
        elif (key[0] == "sections" and len(idx) >= 3 or key[0] == "series") and share < 0.5:
            for i in idx:
                c = candidates[i]
                keep[i] = single[i] and bool(c.heading and rules.imperative_heading.match(c.heading))
    return [c for c, k in zip(candidates, keep)
            if k and not any(a <= c.start < b for a, b in review)]


def _directive_sentences(doc: Document, rules: _Rules) -> List[_Candidate]:
    """Fallback without outline tasks: enumerated items or directive sentences of each paragraph."""
    text = doc.text
    toc = doc.toc
    out: List[_Candidate] = []
    paragraphs = doc.paragraphs or _paragraphs_of(text)
    for p in paragraphs:
        if toc and toc[0] <= p.start < toc[1]:
            continue
        series_list = _enumerated_series(text, p.start, p.end, rules)
        if series_list:
            items = [x for series in series_list for x in series]
            for k, (s, m_end, marker) in enumerate(items):
                e = items[k + 1][0] if k + 1 < len(items) else p.end
                out.append(_Candidate(s, _strip_end(text, s, e), _first_sentence(text, m_end, e), marker,
                                      p.section, "run_in", ("series", p.start, 0)))
            continue
        for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", text[p.start:p.end]):
            s, e = p.start + m.start(), p.start + m.end()
            sent = text[s:e]
            if not rules.directive.search(sent) or rules.review.search(sent):
                continue
            lead = RE_LEAD_PUNCT.match(sent)
            if lead:
                s += lead.end()
            h = re.split(r"[，,；;：:。！？!?]", text[s:e], maxsplit=1)[0][:40]
            out.append(_Candidate(s, _strip_end(text, s, e), h, "", p.section, "directive", ("sentence", s)))
    return out


def _areas_from_siblings(candidates: Sequence[_Candidate], areas: List[List[str]],
                         fallback: str) -> List[List[str]]:
    """A task the classifier puts outside every area (``other``) takes the area its siblings share.

    An item of a list whose other items are, in majority, about one area
    (``三是规范台账管理`` after two items on 低保) belongs to that area when
    its own text carries no signal. Lists that are mostly ``other`` change nothing.
    """
    groups: dict = {}
    for i, c in enumerate(candidates):
        groups.setdefault(c.group, []).append(i)
    out = [list(a) for a in areas]
    for i, c in enumerate(candidates):
        if areas[i] and areas[i] != [fallback]:
            continue
        others = [areas[j][0] for j in groups[c.group] if j != i and areas[j]]
        if len(others) < 2:
            continue
        best = max(set(others), key=lambda a: (others.count(a), a))
        if best != fallback and others.count(best) * 2 > len(others):
            out[i] = [best]
    return out


def _section_context(doc: Document, candidates: Sequence[_Candidate]) -> List[Tuple[str, ...]]:
    """For each candidate, the headings of the sections it sits in, nearest first.

    The classifier uses them to choose between areas a task carries itself
    (:meth:`policytext.WorkAreaClassifier.predict_areas`): a task on the
    epidemic control of care homes, under a section on epidemic control, is
    filed under epidemic control, and under a section on elderly care, under
    elderly care.
    """
    out = []
    for c in candidates:
        around = [s for s in doc.sections if s.start < c.start < s.end]
        around.sort(key=lambda s: (-s.start, -s.level))
        out.append(tuple(s.heading for s in around if s.heading.strip()))
    return out


def _paragraphs_of(text: str) -> list:
    from ..types import Paragraph

    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Paragraph(text=line, start=pos, end=pos + len(line)))
        pos += len(line) + 1
    return out


# ----------------------------------------------------------------------------- deadlines


def _reference(doc: Document, reference_date: Optional[_dt.date]) -> Union[None, int, _dt.date]:
    """What 今年/年底前 refer to: the document's plan year, else its date, else ``reference_date``."""
    if doc.year is not None:
        return doc.year
    if doc.date is not None:
        return doc.date
    return reference_date


def _deadline(text: str, targets: Sequence[Target], reference: Union[None, int, _dt.date]
              ) -> Tuple[Optional[_dt.date], Optional[str]]:
    """The earliest explicit deadline of the text, else the earliest target deadline.

    ``截至……`` states how things stood at a date (a statistic), and a past
    phrase (``去年底``) is history: neither is a deadline.
    """
    from ..extract.deadlines import is_deadline
    from ..extract.times import extract_times

    explicit = [t for t in extract_times(text, reference=reference) if is_deadline(t)]
    dated = [t for t in explicit if t.date_to is not None]
    if dated:
        best = min(dated, key=lambda t: (t.date_to, t.start))
        return best.date_to, best.text
    with_deadline = [t for t in targets if t.deadline is not None]
    if with_deadline:
        best_t = min(with_deadline, key=lambda t: (t.deadline, t.start))
        return best_t.deadline, best_t.deadline_text
    if explicit:  # a deadline whose year cannot be known (×月底前)
        return None, explicit[0].text
    return None, None


# ----------------------------------------------------------------------------- to_tasks


def _stem(source: str) -> str:
    name = PurePath(source).name if source and not source.startswith("<") else "doc"
    stem = PurePath(name).stem if "." in name else name
    return stem or "doc"


def to_tasks(doc: Union[Document, str], *, reference_date: Optional[_dt.date] = None,
             classify: Union[bool, Any, Callable[[List[str]], List[List[str]]]] = True,
             targets: Optional[Sequence[Target]] = None) -> TaskList:
    """Turn a document into its task list.

    Args:
        doc: A :class:`~policytext.types.Document` (from :func:`policytext.load`),
            or clean text (read through :func:`policytext.document.from_text`).
        reference_date: The date ``今年`` refers to when the document states no
            date or year.
        classify: ``True`` to tag work areas with the shipped model
            (:func:`policytext.classification`, with the headings of the sections
            around each task as its context), a fitted
            :class:`~policytext.WorkAreaClassifier` to use that model the same
            way, ``False`` to leave ``areas`` empty, or a function
            ``texts -> list of code lists`` to use instead (it gets the task
            texts only).
        targets: The document's targets, if already extracted; by default
            :func:`policytext.extract_targets` runs on the document.
    Returns:
        The tasks in document order (see the module docstring for what a
        task is and how the outline is used).
    Raises:
        PatternError: A rule file is malformed.
    Example:
        >>> from policytext.types import Document, Section
        >>> text = "一、做好养老服务\\n1.加强设施建设。由市民政局牵头，财政局配合，年底前新建养老服务中心3个。\\n2.提升服务质量。力争护理型床位占比达到55%以上。"
        >>> secs = (Section(1, "一、", "做好养老服务", "一", 0, len(text), 8),
        ...         Section(2, "1.", "加强设施建设", "一/1", 9, 46, 17),
        ...         Section(2, "2.", "提升服务质量", "一/2", 47, len(text), 55))
        >>> doc = Document(text=text, source="要点.txt", year=2020, doc_type="work_plan", sections=secs)
        >>> tasks = to_tasks(doc, classify=False)
        >>> [(t.id, t.heading, t.lead, t.co, t.strength) for t in tasks]
        [('要点-001', '加强设施建设', '市民政局', ('财政局',), 'neutral'), ('要点-002', '提升服务质量', None, (), 'aspirational')]
        >>> str(tasks[0].deadline), tasks[0].deadline_text
        ('2020-12-31', '年底前')
    """
    if isinstance(doc, str):
        from ..document import from_text

        doc = from_text(doc, reference_date=reference_date)
    rules = _load_rules()
    text = doc.text
    from ..extract.targets import review_spans

    review = review_spans(doc) if doc.sections else []
    candidates = _accept(doc, _segment(doc, rules), rules, review)
    if not candidates:
        candidates = _directive_sentences(doc, rules)

    if targets is None:
        from ..extract.targets import extract_targets

        targets = extract_targets(doc, reference_date=reference_date)
    targets = sorted(targets, key=lambda t: (t.quote_start, t.start))

    texts = [text[c.start:c.end] for c in candidates]
    if classify is False or classify is None:
        areas: List[List[str]] = [[] for _ in texts]
    else:
        from ..classification import WorkAreaClassifier, classify as _classify

        if classify is True or isinstance(classify, WorkAreaClassifier):
            model = None if classify is True else classify
            areas = _classify(texts, model=model, context=_section_context(doc, candidates)) if texts else []
        else:
            areas = classify(texts)
    if classify is not False and classify is not None and areas:
        from ..classification.taxonomy import load_taxonomy

        areas = _areas_from_siblings(candidates, [list(a) for a in areas], load_taxonomy().fallback)

    reference = _reference(doc, reference_date)
    stem = _stem(doc.source)
    doc_name = PurePath(doc.source).name if doc.source else "<text>"
    tasks: List[Task] = []
    for n, (c, body) in enumerate(zip(candidates, texts), 1):
        mine = tuple(t for t in targets if c.start <= t.quote_start < c.end)
        deadline, deadline_text = _deadline(body, mine, reference)
        units = extract_units(body)
        tasks.append(Task(
            id=f"{stem}-{n:03d}",
            doc=doc_name,
            section=c.section,
            marker=c.marker,
            heading=c.heading,
            text=body,
            start=c.start,
            end=c.end,
            page=doc.page_at(c.start),
            kind=c.kind,
            areas=tuple(areas[n - 1]),
            targets=mine,
            deadline=deadline,
            deadline_text=deadline_text,
            lead=units.lead,
            co=units.co,
            strength=task_strength(body),
        ))
    return TaskList(tasks, documents=[doc_name])
