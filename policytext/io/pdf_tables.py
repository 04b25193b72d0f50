"""Ruled tables of PDF pages: pdfplumber's table finder, one page at a time.

The PDF reader (:mod:`policytext.io.pdf`) keeps the text of every page as it
is; this module only adds the tables as :class:`~policytext.types.Table` grids,
so that indicator and task tables can be read as tables. Only pages with ruled
lines are searched (``vertical_strategy``/``horizontal_strategy`` ``"lines"``),
so running text is never taken for a table. A cell spanning rows or columns
(``None`` in pdfplumber's grid) repeats the cell it continues.

The reader's hook, once per page::

    tables.extend(page_tables(page, page_number=n, start_index=len(tables)))

and ``Extracted(..., tables=tuple(tables))``; :func:`read_pdf_tables` does the
same for a whole file.
"""
from __future__ import annotations

import io
from typing import Any, List, Optional, Tuple

from ..types import Table

__all__ = ["page_tables", "read_pdf_tables", "MAX_TABLE_ROWS"]

#: A table with more rows than this is not read as a table (its text stays).
MAX_TABLE_ROWS = 5_000
_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _has_rules(page: Any) -> bool:
    """Whether the page draws lines or rectangles a ruled table is made of."""
    try:
        return bool(page.lines or page.rects or page.edges)
    except Exception:  # a damaged page object
        return False


def _resolve(grid: List[List[Optional[str]]]) -> Tuple[Tuple[str, ...], ...]:
    """pdfplumber's grid with merged cells (``None``) filled from the left, else from above."""
    rows: List[List[str]] = []
    for r, raw in enumerate(grid):
        row: List[str] = []
        for c, cell in enumerate(raw):
            if cell is None:
                up = rows[-1][c] if rows and c < len(rows[-1]) else ""
                left = row[-1] if row else ""
                # a vertically merged cell continues the one above; a horizontal span the one to the left
                cell = up if up and (not left or (r > 0 and grid[r - 1][c] is not None)) else left
            row.append(" ".join(str(cell).split()))
        if any(row):
            rows.append(row)
    return tuple(tuple(r) for r in rows)


def page_tables(page: Any, *, page_number: int, start_index: int = 0) -> List[Table]:
    """The ruled tables of one pdfplumber page.

    Args:
        page: A ``pdfplumber.page.Page``.
        page_number: Its 1-based number (``Table.page``).
        start_index: ``Table.index`` of the first table returned.
    Returns:
        The tables, top to bottom; none for a page without ruling lines, or
        when pdfplumber fails on the page (the page's text is unaffected).
    """
    if not _has_rules(page):
        return []
    try:
        found = page.extract_tables(_SETTINGS)
    except Exception:  # pdfplumber on odd geometry: no tables rather than no document
        return []
    out: List[Table] = []
    for grid in found:
        if not grid or len(grid) > MAX_TABLE_ROWS or max(len(r) for r in grid) < 2:
            continue
        rows = _resolve(grid)
        if len(rows) >= 2:
            out.append(Table(rows=rows, page=page_number, index=start_index + len(out)))
    return out


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
