"""Ruled tables of PDF pages: pdfplumber's table finder, one page at a time.

The tables are :class:`~policytext.types.Table` grids, so that indicator and
task tables can be read as tables; and the PDF reader (:mod:`policytext.io.pdf`)
puts each row in the page's text as one tab-joined line (:func:`with_table_rows`),
in place of the lines it read across the cells, as the .docx reader writes a row.
Only pages with ruled lines are searched (``vertical_strategy``/``horizontal_strategy``
``"lines"``), so running text is never taken for a table. A cell spanning rows or
columns (``None`` in pdfplumber's grid) repeats the cell it continues; a cell's
wrapped lines are one text.

The reader's hook, once per page::

    tables.extend(page_tables(page, page_number=n, start_index=len(tables), boxes=layouts))

and ``Extracted(..., tables=tuple(tables))``; :func:`read_pdf_tables` gives
the tables of a whole file.
"""
from __future__ import annotations

import io
from typing import Any, List, Optional, Tuple

from ..types import Table

__all__ = ["page_tables", "read_pdf_tables", "with_table_rows", "MAX_TABLE_ROWS", "Box", "Layout"]

#: A table with more rows than this is not read as a table (its text stays).
MAX_TABLE_ROWS = 5_000
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _has_rules(page: Any) -> bool:
    """Whether the page draws lines or rectangles a ruled table is made of."""
    try:
        return bool(page.lines or page.rects or page.edges)
    except Exception:  # a damaged page object
        return False


def _cell_text(cell: str) -> str:
    """A cell's lines joined as the text runs: no space between wrapped Chinese lines (``……指导中心，`` +
    ``护理型床位……``), one between two Latin words; white space inside a line collapsed."""
    out = ""
    for line in str(cell).split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and line[0].isascii() and line[0].isalnum():
            out += " "
        out += line
    return out


def _resolve(grid: List[List[Optional[str]]]) -> Tuple[Tuple[Tuple[str, ...], ...], Tuple[int, ...]]:
    """pdfplumber's grid with merged cells (``None``) filled from the left, else from above; and the grid rows
    kept (a row with no text is left out)."""
    rows: List[List[str]] = []
    kept: List[int] = []
    for r, raw in enumerate(grid):
        row: List[str] = []
        for c, cell in enumerate(raw):
            if cell is None:
                up = rows[-1][c] if rows and c < len(rows[-1]) else ""
                left = row[-1] if row else ""
                # a vertically merged cell continues the one above; a horizontal span the one to the left
                cell = up if up and (not left or (r > 0 and grid[r - 1][c] is not None)) else left
            row.append(_cell_text(cell))
        if any(row):
            rows.append(row)
            kept.append(r)
    return tuple(tuple(r) for r in rows), tuple(kept)


#: Where a table stands on its page: ``(x0, top, x1, bottom)``.
Box = Tuple[float, float, float, float]
#: A table's box and, per row of ``Table.rows``, the row's box and its text (cells joined by tabs, a merged
#: cell once and empty where it continues, as the .docx reader writes a table row).
Layout = Tuple[Box, Tuple[Tuple[Box, str], ...]]


def page_tables(page: Any, *, page_number: int, start_index: int = 0,
                boxes: Optional[List[Layout]] = None) -> List[Table]:
    """The ruled tables of one pdfplumber page.

    Args:
        page: A ``pdfplumber.page.Page``.
        page_number: Its 1-based number (``Table.page``).
        start_index: ``Table.index`` of the first table returned.
        boxes: When given, receives the :data:`Layout` of each table returned, so that the reader can put its
            rows in the page's text in place of the lines it read across the cells (:func:`with_table_rows`).
    Returns:
        The tables, top to bottom; none for a page without ruling lines, or
        when pdfplumber fails on the page (the page's text is unaffected).
    """
    if not _has_rules(page):
        return []
    try:
        found = page.find_tables(_SETTINGS)
        grids = [t.extract() for t in found]
    except Exception:  # pdfplumber on odd geometry: no tables rather than no document
        return []
    out: List[Table] = []
    for table, grid in zip(found, grids):
        if not grid or len(grid) > MAX_TABLE_ROWS or max(len(r) for r in grid) < 2:
            continue
        rows, kept = _resolve(grid)
        if len(rows) >= 2:
            out.append(Table(rows=rows, page=page_number, index=start_index + len(out)))
            if boxes is not None:
                box: Box = tuple(map(float, table.bbox))  # type: ignore[assignment]
                row_boxes = [tuple(map(float, row.bbox)) for row in table.rows]
                boxes.append((box, tuple((row_boxes[r] if r < len(row_boxes) else box,  # type: ignore[misc]
                                          "\t".join(_cell_text(c) if c else "" for c in grid[r]))
                                         for r in kept)))
    return out


def with_table_rows(lines: List[Any], layouts: List[Layout], make_line: Any) -> List[Any]:
    """A page's lines with the lines read across each table's cells replaced by one line per row.

    A line belongs to a table when its middle lies in the table's box; ``make_line(like, text, box)`` makes a
    row's line from the first line it replaces. The lines come back sorted as the reader sorts them
    (``group``, ``top``, ``x0``) and numbered again (``index``).
    """
    for box, rows in layouts:
        x0, top, x1, bottom = box
        inside = {id(ln) for ln in lines
                  if top - 1 <= (ln.top + ln.bottom) / 2 <= bottom + 1 and ln.x0 < x1 and ln.x1 > x0}
        if not inside:
            continue
        like = next(ln for ln in lines if id(ln) in inside)
        lines = [ln for ln in lines if id(ln) not in inside] + [make_line(like, text, rb) for rb, text in rows if text]
    lines.sort(key=lambda ln: (ln.group, ln.top, ln.x0))
    for i, ln in enumerate(lines):
        ln.index = i
    return lines


def read_pdf_tables(data: bytes) -> Tuple[Table, ...]:
    """The ruled tables of every page of a PDF (see :func:`page_tables`).

    Example:
        >>> read_pdf_tables(b"not a pdf")
        ()
    """
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception:
        return ()
    tables: List[Table] = []
    with pdf:
        for n, page in enumerate(pdf.pages, 1):
            tables.extend(page_tables(page, page_number=n, start_index=len(tables)))
    return tuple(tables)
