"""Tables in task lists: rows of task tables (重点任务分解表) as tasks, indicator tables as one task each.

A task table (序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限) gives one
:class:`_TableTask` per row: heading and text from the task column, leads and
co-responsible units from their columns (a 责任单位 cell that says
``A牵头，B配合`` is read as a note), the deadline from the 完成时限 column
(``2022年底前``; ``长期坚持``/``持续推进`` give none). An indicator table
(主要指标) gives one task that holds its targets
(:func:`policytext.extract.tables.table_targets`), headed by its caption.
:func:`policytext.tasks.to_tasks` merges them with the text's tasks in
document order; the text tasks that only repeat a table's rows are dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Sequence, Tuple

from ..extract.tables import Header, merged_across, read_header, table_kind
from ..types import Document, Table
from .segment import _Piece
from .units import _list, _load_unit_rules, parse_units

__all__ = ["table_tasks", "units_of_cell"]

RE_NO_DEADLINE = re.compile(r"长期|持续|常态|逐年|每年|年度内持续")


@dataclass(frozen=True)
class _TableTask(_Piece):
    text: str
    leads: Tuple[str, ...]
    co: Tuple[str, ...]
    scope: Tuple[str, ...]
    deadline_cell: Optional[str]
    table: int
    row: Optional[int]
    kind: str


def units_of_cell(cell: str) -> Tuple[Tuple[str, ...], Tuple[str, ...], Tuple[str, ...]]:
    """``(leads, co, scope)`` named in a unit cell: a note (``A牵头，B配合``) or a list (``A、B``).

    Example:
        >>> units_of_cell("县民政局牵头，县财政局配合")
        (('县民政局',), ('县财政局',), ())
        >>> units_of_cell("县民政局、各乡镇")
        (('县民政局',), (), ('各乡镇',))
    """
    cell = " ".join(cell.split())
    if not cell:
        return (), (), ()
    u = parse_units(cell)
    if u is not None and (u.leads or u.co or u.scope):
        return u.leads, u.co, u.scope
    items = _list(cell, _load_unit_rules(), loose=True) or []
    return (tuple(n for k, n in items if k == "unit"), (), tuple(n for k, n in items if k == "scope"))


def _caption(text: str, start: int) -> str:
    """The short line right before a table (``附表：2023年民政主要指标``), else ``""``."""
    before = text[:start].rstrip("\n")
    line = before[before.rfind("\n") + 1:].strip()
    return line if 0 < len(line) <= 40 and "\t" not in line else ""


def _row_span(table: Table, r: int) -> Optional[Tuple[int, int]]:
    """Where row ``r`` stands in the text: its own cells (a cell merged down from a row above is written
    there, not in this row)."""
    above = {(s, e) for rr, _c, s, e in table.cells if rr < r}
    spans = [(s, e) for rr, _c, s, e in table.cells if rr == r and (s, e) not in above]
    return (min(s for s, _ in spans), max(e for _, e in spans)) if spans else None


def _task_rows(doc: Document, table: Table, h: Header) -> List[_TableTask]:
    out: List[_TableTask] = []
    for r in range(h.rows, len(table.rows)):
        row = table.rows[r]
        task = row[h.task].strip() if h.task is not None and h.task < len(row) else ""
        span = _row_span(table, r)
        if not task or span is None or merged_across(row):
            continue  # no task, or a category row merged across the table (二、社会事务)
        leads: List[str] = []
        co: List[str] = []
        scope: List[str] = []
        for cols, role in ((h.lead, "lead"), (h.co, "co")):
            for c in cols:
                if c >= len(row):
                    continue
                ls, cs, ss = units_of_cell(row[c])
                if role == "co" or (h.co and c != h.lead[0]):  # 责任单位 beside 牵头单位: co-responsible
                    co.extend(x for x in ls + cs if x not in co)
                else:
                    leads.extend(x for x in ls if x not in leads)
                    co.extend(x for x in cs if x not in co)
                scope.extend(x for x in ss if x not in scope)
        deadline = row[h.deadline].strip() if h.deadline is not None and h.deadline < len(row) else None
        number = row[h.number].strip() if h.number is not None and h.number < len(row) else ""
        heading = re.split(r"[。；;\n]", task, maxsplit=1)[0][:60]
        out.append(_TableTask(start=span[0], end=span[1], heading=heading, marker=number,
                              text=doc.text[span[0]:span[1]], leads=tuple(leads),
                              co=tuple(x for x in co if x not in leads), scope=tuple(scope),
                              deadline_cell=deadline or None, table=table.index, row=r, kind="table_row"))
    return out


def table_tasks(doc: Document) -> Tuple[List[_TableTask], List[Tuple[int, int]]]:
    """Tasks from the document's task and indicator tables, and the spans of those tables.

    Only tables located in ``doc.text`` count; a table that is neither kind stays text.
    """
    tasks: List[_TableTask] = []
    spans: List[Tuple[int, int]] = []
    for table in doc.tables:
        if table.start is None or table.end is None:
            continue
        try:
            h = read_header(table)
            kind = table_kind(table, h)
        except Exception:  # a table too odd to read stays text
            continue
        if kind == "task":
            rows = _task_rows(doc, table, h)
            if rows:
                tasks.extend(rows)
                spans.append((table.start, table.end))
        elif kind == "indicator":
            leads: List[str] = []
            scope: List[str] = []
            for r in range(h.rows, len(table.rows)):
                for c in h.lead:
                    if c < len(table.rows[r]):
                        ls, _cs, ss = units_of_cell(table.rows[r][c])
                        leads.extend(x for x in ls if x not in leads)
                        scope.extend(x for x in ss if x not in scope)
            tasks.append(_TableTask(start=table.start, end=table.end,
                                    heading=_caption(doc.text, table.start) or "主要指标", marker="",
                                    text=doc.text[table.start:table.end], leads=tuple(leads), co=(),
                                    scope=tuple(scope), deadline_cell=None, table=table.index, row=None,
                                    kind="table"))
            spans.append((table.start, table.end))
    return tasks, spans


def no_deadline(cell: Optional[str]) -> bool:
    """Whether a 完成时限 cell states no date (``长期坚持``, ``持续推进``)."""
    return bool(cell and RE_NO_DEADLINE.search(cell) and not re.search(r"\d", cell))


def drop_table_text(candidates: Sequence, spans: Sequence[Tuple[int, int]], text: str) -> List:
    """Candidates without the text of the given tables: inside one, dropped; running into one, cut before it."""
    import dataclasses

    out = []
    for c in candidates:
        inside = next(((a, b) for a, b in spans if a <= c.start < b), None)
        if inside:
            continue
        cut = min((a for a, _b in spans if c.start < a < c.end), default=None)
        if cut is not None:
            # keep the text before the table, without the caption line
            end = text.rfind("\n", c.start, cut)
            end = end if end > c.start else cut
            if _caption(text, cut):  # the caption line belongs to the table
                prev = text.rfind("\n", c.start, end)
                end = prev if prev > c.start else end
            if not text[c.start:end].strip():
                continue
            c = dataclasses.replace(c, end=end)
        out.append(c)
    return out
