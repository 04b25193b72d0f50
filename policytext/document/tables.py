"""Tables of a document: the reader's grids located in the clean text.

Readers keep a table's rows in the text (tab-joined lines, as before) and add
the table as a grid (:class:`~policytext.types.Table`). Here each grid is
found in :attr:`Document.text <policytext.types.Document.text>`: its cells are
looked up in order, each after the previous one, so that every located cell
gets offsets (``Table.cells``) and the table its ``start``/``end``. A merged
cell repeated in the grid is located once and shares its offsets. A table
whose first cell cannot be found keeps ``start``/``end`` ``None``.
"""
from __future__ import annotations

import dataclasses
from typing import Dict, List, Optional, Sequence, Tuple

from ..types import Table

__all__ = ["locate_tables"]

#: How far (characters) the next cell may lie after the previous one.
_GAP = 4000
#: A first cell this short (序号 1, a year) is looked for only where it stands alone.
_SHORT_CELL = 4


_EDGE = " \t\n\u3000|"


def _find_cell(text: str, value: str, pos: int, limit: int, *, alone: bool = False) -> int:
    """The first occurrence of a cell's text that stands alone (between line starts, tabs or spaces) on
    the line of its first occurrence, else that first occurrence, else -1. A PDF row may join cells with
    no space (``…达到55%。县民政局``): a standalone copy further down belongs to a later row. With ``alone``
    only a standalone occurrence counts (a table's first cell ``1`` is not the 1 of ``12.4万``)."""
    if alone:
        return _standalone(text, value, pos, limit)
    first = text.find(value, pos, limit)
    if first < 0:
        return -1
    line_end = text.find("\n", first + len(value))
    i = _standalone(text, value, first, min(limit, line_end) if line_end >= 0 else limit, tries=50)
    return first if i < 0 else i


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _standalone(text: str, value: str, pos: int, limit: int, *, tries: Optional[int] = None) -> int:
    """The first occurrence of ``value`` in ``text[pos:limit]`` between cell edges (among the first ``tries``
    occurrences, when given), or -1."""
    i = text.find(value, pos, limit)
    while i >= 0 and (tries is None or tries > 0):
        before = text[i - 1] if i > 0 else "\n"
        after = text[i + len(value)] if i + len(value) < len(text) else "\n"
        if before in _EDGE and after in _EDGE:
            return i
        i = text.find(value, i + 1, limit)
        tries = None if tries is None else tries - 1
    return -1


def _locate(text: str, table: Table, cursor: int) -> Table:
    cells: List[Tuple[int, int, int, int]] = []
    seen: Dict[Tuple[int, int], Tuple[int, int]] = {}
    pos = cursor
    first: Optional[int] = None
    last = cursor
    last_row = -1  # the row of the last cell located in the text
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            value = cell.strip()
            if not value:
                continue
            same = None
            if c > 0 and row[c - 1].strip() == value and (r, c - 1) in seen:
                same = seen[(r, c - 1)]
            elif r > 0 and c < len(table.rows[r - 1]) and table.rows[r - 1][c].strip() == value and (r - 1, c) in seen:
                same = seen[(r - 1, c)]
            if same is not None and first is not None:
                # a merged cell is written once (its other rows empty); the same text in a cell of its own
                # (市民政局 as the lead of every row) is written in its own row: find it there first
                row_line = pos if r == last_row else text.find("\n", pos) + 1
                own = _standalone(text, value, pos, _line_end(text, row_line)) if row_line > 0 else -1
                if own >= 0:
                    same = None
            if same is not None:
                seen[(r, c)] = same
                cells.append((r, c, *same))
                continue
            limit = min(len(text), pos + _GAP + len(value)) if first is not None else len(text)
            # where the table starts, a short cell (序号 1) counts only standing alone
            i = _find_cell(text, value, pos, limit, alone=first is None and len(value) <= _SHORT_CELL)
            if i < 0:
                continue
            span = (i, i + len(value))
            seen[(r, c)] = span
            cells.append((r, c, *span))
            if first is None:
                first = i
            pos = last = max(last, span[1])
            last_row = r
    if first is None:
        return table
    return dataclasses.replace(table, start=first, end=last, cells=tuple(cells))


def locate_tables(text: str, tables: Sequence[Table]) -> Tuple[Table, ...]:
    """Find each table's cells in ``text`` (in order, each table after the previous one).

    Example:
        >>> from policytext.types import Table
        >>> t = Table(rows=(("指标", "2025年"), ("覆盖率（%）", "95")))
        >>> located = locate_tables("附表\\n指标\\t2025年\\n覆盖率（%）\\t95", [t])[0]
        >>> located.start, located.end, located.cell_span(1, 1)
        (3, 21, (19, 21))
    """
    out: List[Table] = []
    cursor = 0
    for k, t in enumerate(tables):
        found = _locate(text, dataclasses.replace(t, index=k), cursor)
        if found.end is not None:
            cursor = found.end
        out.append(found)
    return tuple(out)
