"""Task and TaskList: the result of :func:`policytext.tasks.to_tasks`.

:class:`TaskList` delegates its exports (``to_excel``, ``to_csv``, ``to_markdown`` …)
to :mod:`policytext.export`, the file formats through its registry
(:func:`policytext.export.write`). The dependency goes one way only:
``policytext.tasks`` imports ``policytext.export``, and export never imports
tasks (it reads any sequence of task-like objects).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Iterator, List, Optional, Sequence, Tuple, overload

from .. import export
from ..types import Span, Target

if TYPE_CHECKING:  # pragma: no cover
    from ..classification.taxonomy import Taxonomy

__all__ = ["Task", "TaskList"]


@dataclass(frozen=True)
class Task(Span):
    """One task of a document: a :class:`~policytext.types.Span` of ``Document.text`` with what it asks.

    Build it with keywords: its text and offsets are the fields of :class:`Span`, so they come first
    in the constructor's order, while ``to_dict()`` keeps ``id`` … ``heading`` before them.

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
            own text), ``run_in`` (an inline item or run-in heading), ``directive``
            (a directive sentence outside any outline) or ``table_row`` (a row of a task table).
        areas: Work-area codes, primary first (the classifier on the task text).
        targets: Targets whose evidence lies inside the task.
        deadline: An explicit deadline in the task text, else the earliest
            deadline of its targets, else ``None``.
        deadline_text: The phrase the deadline comes from, or ``None``.
        lead: The lead units joined by ``、`` (what a 牵头单位 column shows), else
            ``None``; kept as one string for compatibility, ``leads`` holds them apart.
        co: Co-responsible units (配合/参加/参与 units, and units named as 负责 after
            a 牵头 clause), in text order.
        strength: ``binding``, ``aspirational``, ``gradual`` or ``neutral``.
        leads: Every lead unit (牵头, or 负责 when nothing is 牵头), whole
            (``工业和信息化部``), in text order. A unit is either in ``leads`` or in ``co``.
        scope: Generic mentions that are no single unit (``各地区``, ``相关部门``,
            ``各县区``): who else is addressed.
        source: ``"text"``, or ``"table"`` for a row of a task table (重点任务分解表).
        row: The row of the table (0-based, header rows included) for a task from a table, else ``None``.

    Example:
        >>> t = Task(id="示例-001", doc="示例.txt", section="一", marker="1.", heading="加强养老服务",
        ...          text="1.加强养老服务。要新建养老服务中心3个。", start=0, end=20)
        >>> t.to_dict()["heading"], t.strength
        ('加强养老服务', 'neutral')
    """

    _head = ("id", "doc", "section", "marker", "heading")  # to_dict(): these, then text, start, end …

    id: str
    doc: str
    section: Optional[str]
    marker: str
    heading: str
    page: Optional[int] = None
    kind: str = "item"
    areas: Tuple[str, ...] = ()
    targets: Tuple[Target, ...] = ()
    deadline: Optional[_dt.date] = None
    deadline_text: Optional[str] = None
    lead: Optional[str] = None
    co: Tuple[str, ...] = ()
    strength: str = "neutral"
    leads: Tuple[str, ...] = ()
    scope: Tuple[str, ...] = ()
    source: str = "text"
    row: Optional[int] = None

    def __post_init__(self) -> None:
        if self.leads and self.lead is None:
            object.__setattr__(self, "lead", "、".join(self.leads))
        elif self.lead and not self.leads:
            object.__setattr__(self, "leads", (self.lead,))

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
        taxonomy: The :class:`~policytext.classification.taxonomy.Taxonomy`
            of the classifier that gave the tasks their areas (set by
            :func:`~policytext.tasks.to_tasks`), or ``None``: exports and
            charts then name areas with the shipped taxonomy.

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
                 errors: Iterable[_Failure] = (), taxonomy: Optional["Taxonomy"] = None) -> None:
        self.tasks: Tuple[Task, ...] = tuple(tasks)
        docs = list(dict.fromkeys(documents))
        for t in self.tasks:
            if t.doc not in docs:
                docs.append(t.doc)
        self.documents: Tuple[str, ...] = tuple(docs)
        self.errors: Tuple[_Failure, ...] = tuple((str(f), str(r)) for f, r in errors)
        self.taxonomy: Optional["Taxonomy"] = taxonomy

    # sequence protocol
    @overload
    def __getitem__(self, i: int) -> Task: ...

    @overload
    def __getitem__(self, i: slice) -> "TaskList": ...

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return TaskList(self.tasks[i], documents=self.documents, errors=self.errors, taxonomy=self.taxonomy)
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
        return {"tasks": self.tasks, "documents": self.documents, "errors": self.errors, "taxonomy": self.taxonomy}

    def __setstate__(self, state: dict) -> None:
        self.tasks, self.documents, self.errors = state["tasks"], state["documents"], state["errors"]
        self.taxonomy = state.get("taxonomy")  # absent from lists pickled before the taxonomy travelled

    @classmethod
    def concat(cls, lists: Iterable["TaskList"]) -> "TaskList":
        """Join task lists (of several documents) into one; the taxonomy is the first one set.

        Example:
            >>> a = TaskList(documents=["甲.txt"]); b = TaskList(documents=["乙.txt"], errors=[("丙.pdf", "损坏")])
            >>> c = TaskList.concat([a, b])
            >>> c.documents, c.errors
            (('甲.txt', '乙.txt'), (('丙.pdf', '损坏'),))
        """
        tasks: List[Task] = []
        docs: List[str] = []
        errors: List[_Failure] = []
        taxonomy = None
        for tl in lists:
            tasks.extend(tl.tasks)
            docs.extend(tl.documents)
            errors.extend(tl.errors)
            taxonomy = taxonomy or tl.taxonomy
        return cls(tasks, documents=docs, errors=errors, taxonomy=taxonomy)

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
        """Tasks whose primary area / document / lead unit is the one given (``lead``: one of ``leads``).

        Example:
            >>> t = Task(id="甲-001", doc="甲.txt", section=None, marker="", heading="低保", text="做好低保",
            ...          start=0, end=4, areas=("social_assistance",))
            >>> len(TaskList([t]).filter(area="elderly_care"))
            0
        """
        keep = [t for t in self.tasks
                if (area is None or t.area == area) and (doc is None or t.doc == doc)
                and (lead is None or t.lead == lead or lead in t.leads)]
        return TaskList(keep, documents=self.documents, errors=self.errors, taxonomy=self.taxonomy)

    def to_dicts(self) -> List[dict]:
        """The tasks as JSON-ready dicts (targets nested, dates ISO).

        Example:
            >>> TaskList().to_dicts()
            []
        """
        return [t.to_dict() for t in self.tasks]

    # exports (policytext.export)
    def to_dataframe(self) -> "Any":
        """One row per task (pandas; lists stay lists, deadlines are datetimes); see :func:`policytext.export.to_dataframe`.

        Example:
            >>> list(TaskList().to_dataframe().columns)[:3]
            ['id', 'doc', 'section']
        """
        return export.to_dataframe(self)

    def targets_dataframe(self) -> "Any":
        """One row per target with its task; see :func:`policytext.export.targets_dataframe`.

        Example:
            >>> len(TaskList().targets_dataframe())
            0
        """
        return export.targets_dataframe(self)

    def to_csv(self, path: Any, *, lang: str = "zh") -> None:
        """Write the tasks as CSV (UTF-8 with BOM, so Excel shows Chinese); atomic.

        ``lang="zh"`` (default) gives Chinese headers, area names and labels,
        like the workbook; ``lang="en"`` the column names of :meth:`to_dataframe` and codes.

        Example:
            >>> import tempfile, os
            >>> p = os.path.join(tempfile.mkdtemp(), "任务.csv")
            >>> TaskList().to_csv(p); open(p, encoding="utf-8-sig").readline().split(",")[:4]
            ['编号', '文件', '章节', '序号']
            >>> TaskList().to_csv(p, lang="en"); open(p, encoding="utf-8-sig").readline()[:9]
            'id,doc,se'
        """
        export.write(self, path, format="csv", lang=lang)

    def to_json(self, path: Any, *, lang: str = "en") -> None:
        """Write one JSON document: tasks, documents and errors; atomic (``lang="zh"``: Chinese keys and labels).

        Example:
            >>> import tempfile, os, json
            >>> p = os.path.join(tempfile.mkdtemp(), "任务.json")
            >>> TaskList().to_json(p); json.load(open(p, encoding="utf-8"))["tasks"]
            []
        """
        export.write(self, path, format="json", lang=lang)

    def to_jsonl(self, path: Any, *, lang: str = "en") -> None:
        """Write one JSON object per task and line; atomic (``lang="zh"``: Chinese keys and labels).

        Example:
            >>> import tempfile, os
            >>> p = os.path.join(tempfile.mkdtemp(), "任务.jsonl")
            >>> TaskList().to_jsonl(p); open(p, encoding="utf-8").read()
            ''
        """
        export.write(self, path, format="jsonl", lang=lang)

    def to_markdown(self) -> str:
        """A Markdown table of the tasks; see :func:`policytext.export.to_markdown`.

        Example:
            >>> TaskList().to_markdown().splitlines()[0]
            '| 编号 | 文件 | 章节 | 任务 | 工作领域 | 牵头单位 | 配合单位 | 完成时限 | 量化目标 |'
        """
        return export.to_markdown(self)

    def _repr_html_(self) -> str:
        return export.to_html(self)

    def to_excel(self, path: Any) -> None:
        """Write an Excel workbook (tasks, targets, summary, errors); atomic.

        See :func:`policytext.export.to_excel`.

        Example:
            >>> import tempfile, os, openpyxl
            >>> p = os.path.join(tempfile.mkdtemp(), "任务清单.xlsx")
            >>> TaskList().to_excel(p); openpyxl.load_workbook(p).sheetnames
            ['任务', '量化目标', '汇总', '任务（技术字段）', '目标（技术字段）']
        """
        export.write(self, path, format="xlsx")
