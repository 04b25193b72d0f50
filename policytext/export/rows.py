"""Rows of the exports: one per task, one per target, and the summary columns of md/html.

Exports read tasks by duck typing: a :class:`policytext.tasks.TaskList` or any
sequence of objects with the fields of :class:`policytext.tasks.Task`
(``documents``, ``errors`` and ``taxonomy`` are read when the sequence has
them). Nothing in :mod:`policytext.export` imports :mod:`policytext.tasks`:
tasks imports export (``TaskList.to_excel`` …), never the other way round.

Area names come from the taxonomy of the classifier that tagged the tasks
(``TaskList.taxonomy``), else from the shipped taxonomy.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple

from ..types import Target

if TYPE_CHECKING:  # pragma: no cover
    from ..classification.taxonomy import Taxonomy

__all__ = ["Tasks", "format_target", "area_names"]

#: What an export reads: a ``TaskList`` or any sequence of task-like objects.
Tasks = Sequence[Any]

_COMPARATORS = {">=": "≥", "<=": "≤", "=": "", "~": "约", "range": ""}


# ----------------------------------------------------------------------------- the list around the tasks


def documents_of(tasks: Tasks) -> Tuple[str, ...]:
    """``tasks.documents``, else the documents of the tasks in order.

    Example:
        >>> from policytext.tasks import Task
        >>> documents_of([Task(id="甲-001", doc="甲.txt", section=None, marker="", heading="", text="", start=0, end=0)])
        ('甲.txt',)
    """
    docs = getattr(tasks, "documents", None)
    return tuple(docs) if docs is not None else tuple(dict.fromkeys(t.doc for t in tasks))


def errors_of(tasks: Tasks) -> Tuple[Tuple[str, str], ...]:
    """``tasks.errors`` (``(file, reason)`` of the files that failed), else none."""
    return tuple(getattr(tasks, "errors", ()))


def n_targets(tasks: Tasks) -> int:
    """Number of targets over all tasks."""
    return sum(len(t.targets) for t in tasks)


def taxonomy_of(tasks: Tasks) -> Optional["Taxonomy"]:
    """The taxonomy that tagged the tasks (``tasks.taxonomy``), or ``None``."""
    return getattr(tasks, "taxonomy", None)


# ----------------------------------------------------------------------------- formatting


def _num(v: Optional[float]) -> str:
    if v is None:
        return "×"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def format_target(t: Target) -> str:
    """A short human-readable form of a target: indicator, comparator, value and unit.

    Example:
        >>> from policytext.types import Target
        >>> t = Target(indicator="养老服务设施覆盖率", value=75.0, value_max=None, unit="%", comparator=">=",
        ...            deadline=None, deadline_text=None, placeholder=False, text="", start=0, end=0,
        ...            quote_start=0, quote_end=0)
        >>> format_target(t)
        '养老服务设施覆盖率≥75%'
    """
    unit = {"pp": "个百分点"}.get(t.unit, t.unit)
    value = _num(t.value)
    if t.value_max is not None:
        value = f"{value}–{_num(t.value_max)}"
    return f"{t.indicator}{_COMPARATORS.get(t.comparator, '')}{value}{unit}"


def area_names(taxonomy: Optional["Taxonomy"] = None) -> Dict[str, str]:
    """Work-area codes -> Chinese names, from ``taxonomy`` or the shipped one (:func:`policytext.load_taxonomy`).

    Example:
        >>> area_names()["elderly_care"]
        '养老服务'
    """
    if taxonomy is None:
        from ..classification.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    return dict(taxonomy.names)


def _area_label(codes: Sequence[str], names: Dict[str, str]) -> str:
    return "、".join(names.get(c, c) for c in codes)



# ----------------------------------------------------------------------------- rows

_TASK_COLUMNS = ["id", "doc", "section", "marker", "heading", "text", "kind", "area", "areas", "lead", "co",
                 "deadline", "deadline_text", "strength", "n_targets", "targets", "start", "end", "page"]
_TARGET_COLUMNS = ["task_id", "doc", "section", "indicator", "value", "value_max", "unit", "comparator",
                   "deadline", "deadline_text", "placeholder", "optional", "strength", "direction", "baseline",
                   "quote", "text", "start", "end", "page", "source", "table", "row", "attribute"]


def _task_rows(tasks: Tasks) -> List[Dict[str, Any]]:
    rows = []
    for t in tasks:
        rows.append({
            "id": t.id, "doc": t.doc, "section": t.section, "marker": t.marker, "heading": t.heading,
            "text": t.text, "kind": t.kind, "area": t.area, "areas": "; ".join(t.areas),
            "lead": t.lead, "co": "、".join(t.co),
            "deadline": t.deadline.isoformat() if t.deadline else None, "deadline_text": t.deadline_text,
            "strength": t.strength, "n_targets": len(t.targets),
            "targets": "；".join(format_target(x) for x in t.targets),
            "start": t.start, "end": t.end, "page": t.page,
        })
    return rows


def _target_rows(tasks: Tasks) -> List[Dict[str, Any]]:
    rows = []
    for t in tasks:
        for x in t.targets:
            quote = getattr(x, "quote", "")
            if not quote:
                q0, q1 = x.quote_start - x.start, x.quote_end - x.start
                quote = x.text[q0:q1] if 0 <= q0 < q1 <= len(x.text) else ""
            rows.append({
                "task_id": t.id, "doc": t.doc, "section": x.section or t.section, "indicator": x.indicator,
                "value": x.value, "value_max": x.value_max, "unit": x.unit, "comparator": x.comparator,
                "deadline": x.deadline.isoformat() if x.deadline else None, "deadline_text": x.deadline_text,
                "placeholder": x.placeholder, "optional": x.optional, "strength": x.strength,
                "direction": x.direction, "baseline": x.baseline, "quote": quote, "text": x.text,
                "start": x.start, "end": x.end, "page": x.page,
                # a target read from a table (主要指标) says so: which table, which row, its 属性
                "source": getattr(x, "source", "text"), "table": getattr(x, "table", None),
                "row": getattr(x, "row", None), "attribute": getattr(x, "attribute", None),
            })
    return rows


def _summary_columns(tasks: Tasks, names: Dict[str, str]) -> List[List[str]]:
    rows = []
    for t in tasks:
        deadline = t.deadline.isoformat() if t.deadline else (t.deadline_text or "")
        rows.append([t.id, t.doc, t.section or "", (t.marker + t.heading).strip(), _area_label(t.areas, names),
                     t.lead or "", "、".join(t.co), deadline, "；".join(format_target(x) for x in t.targets)])
    return rows


_SUMMARY_HEADER = ["编号", "文件", "章节", "任务", "工作领域", "牵头单位", "配合单位", "完成时限", "量化目标"]


def _names_for(tasks: Tasks) -> Dict[str, str]:
    return area_names(taxonomy_of(tasks)) if any(t.areas for t in tasks) else {}
