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

from ..types import STRENGTH_NAMES
from .labels import (KIND_NAMES, TARGET_HEADERS, TASK_HEADERS, check_lang, format_target, format_value,
                     quote_of, translate)

if TYPE_CHECKING:  # pragma: no cover
    from ..classification.taxonomy import Taxonomy

__all__ = ["Tasks", "format_target", "area_names", "flat_task_rows", "localize_task_dict"]

#: What an export reads: a ``TaskList`` or any sequence of task-like objects.
Tasks = Sequence[Any]

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


# ----------------------------------------------------------------------------- names


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

_TASK_COLUMNS = ["id", "doc", "section", "marker", "heading", "text", "kind", "area", "areas", "lead", "co", "scope",
                 "deadline", "deadline_text", "strength", "n_targets", "targets", "start", "end", "page"]
_TARGET_COLUMNS = ["task_id", "doc", "section", "indicator", "target", "value", "value_max", "unit", "comparator",
                   "deadline", "deadline_text", "placeholder", "optional", "strength", "direction", "baseline",
                   "quote", "text", "start", "end", "page", "source", "table", "row", "attribute"]


def _task_rows(tasks: Tasks) -> List[Dict[str, Any]]:
    """One dict per task with native values: lists stay lists, the deadline a ``date``."""
    rows = []
    for t in tasks:
        rows.append({
            "id": t.id, "doc": t.doc, "section": t.section, "marker": t.marker, "heading": t.heading,
            "text": t.text, "kind": t.kind, "area": t.area, "areas": list(t.areas),
            "lead": t.lead, "co": list(t.co), "scope": list(t.scope), "deadline": t.deadline,
            "deadline_text": t.deadline_text,
            "strength": t.strength, "n_targets": len(t.targets),
            "targets": [format_target(x) for x in t.targets],
            "start": t.start, "end": t.end, "page": t.page,
        })
    return rows


def _target_rows(tasks: Tasks) -> List[Dict[str, Any]]:
    """One dict per target with its task id; ``target`` is the readable value (``≥4.1万亿元``)."""
    rows = []
    for t in tasks:
        for x in t.targets:
            rows.append({
                "task_id": t.id, "doc": t.doc, "section": x.section or t.section, "indicator": x.indicator,
                "target": format_value(x), "value": x.value, "value_max": x.value_max, "unit": x.unit,
                "comparator": x.comparator, "deadline": x.deadline, "deadline_text": x.deadline_text,
                "placeholder": x.placeholder, "optional": x.optional, "strength": x.strength,
                "direction": x.direction, "baseline": x.baseline, "quote": quote_of(x), "text": x.text,
                "start": x.start, "end": x.end, "page": x.page,
                # a target read from a table (主要指标) says so: which table, which row, its 属性
                "source": getattr(x, "source", "text"), "table": getattr(x, "table", None),
                "row": getattr(x, "row", None), "attribute": getattr(x, "attribute", None),
            })
    return rows


def flat_task_rows(tasks: Tasks, *, lang: str = "en") -> Tuple[List[str], List[List[Any]]]:
    """``(header, rows)`` of the tasks for a flat file (CSV): lists joined, dates ISO.

    ``lang="en"``: keys as headers, area codes joined by ``"; "``, strength
    and kind as codes. ``lang="zh"``: Chinese headers (:data:`TASK_HEADERS`),
    area names joined by ``"、"``, Chinese strength (约束性 …) and kind labels.
    Units are joined by ``"、"`` and targets by ``"；"`` in both.

    Example:
        >>> from policytext.tasks import Task
        >>> t = Task(id="甲-001", doc="甲.txt", section=None, marker="", heading="低保", text="做好低保",
        ...          start=0, end=4, areas=("social_assistance",), strength="binding")
        >>> header, rows = flat_task_rows([t], lang="zh")
        >>> dict(zip(header, rows[0]))["工作领域"], dict(zip(header, rows[0]))["约束强度"]
        ('社会救助', '约束性')
    """
    check_lang(lang)
    names = area_names(taxonomy_of(tasks)) if lang == "zh" else {}
    out = []
    for r in _task_rows(tasks):
        r["deadline"] = r["deadline"].isoformat() if r["deadline"] else None
        r["co"], r["scope"], r["targets"] = "、".join(r["co"]), "、".join(r["scope"]), "；".join(r["targets"])
        if lang == "zh":
            r["areas"] = _area_label(r["areas"], names)
            r["area"] = names.get(r["area"], r["area"]) if r["area"] else None
            r["strength"] = translate(r["strength"], STRENGTH_NAMES)
            r["kind"] = translate(r["kind"], KIND_NAMES)
        else:
            r["areas"] = "; ".join(r["areas"])
        out.append([r[k] for k in _TASK_COLUMNS])
    header = [TASK_HEADERS[k] for k in _TASK_COLUMNS] if lang == "zh" else list(_TASK_COLUMNS)
    return header, out


def localize_task_dict(d: Dict[str, Any], names: Dict[str, str]) -> Dict[str, Any]:
    """A task's ``to_dict()`` with Chinese keys and values (area names, strength, kind), targets too.

    Example:
        >>> localize_task_dict({"id": "甲-001", "areas": ["elderly_care"], "strength": "binding", "targets": []},
        ...                    {"elderly_care": "养老服务"})
        {'编号': '甲-001', '工作领域': ['养老服务'], '约束强度': '约束性', '量化目标': []}
    """
    out: Dict[str, Any] = {}
    for k, v in d.items():
        if k == "areas":
            v = [names.get(c, c) for c in v]
        elif k == "strength":
            v = translate(v, STRENGTH_NAMES)
        elif k == "kind":
            v = translate(v, KIND_NAMES)
        elif k == "targets":
            v = [{TARGET_HEADERS.get(tk, tk): (translate(tv, STRENGTH_NAMES) if tk == "strength" else tv)
                  for tk, tv in x.items()} for x in v]
        out[TASK_HEADERS.get(k, k)] = v
    return out


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
