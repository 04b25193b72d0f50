"""Plain-text display: widths that count CJK characters as two columns, and aligned text tables.

Low level (imports nothing of policytext): the Excel export sizes its columns
with :func:`display_width`, and ``policytext targets`` prints
:func:`format_table`.
"""
from __future__ import annotations

import unicodedata
from typing import Any, List, Sequence

__all__ = ["display_width", "format_table"]


def display_width(value: Any) -> int:
    """Columns the longest line of ``value`` takes in a terminal or a spreadsheet (CJK counts two).

    Example:
        >>> display_width("养老ab"), display_width("一\\n三个字"), display_width(None)
        (6, 6, 0)
    """
    s = "" if value is None else str(value)
    return max(_width(line) for line in s.split("\n"))


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def format_table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """Left-aligned plain-text table; CJK characters count as two columns, floats get three decimals.

    Example:
        >>> print(format_table([["养老", 1]], ["领域", "n"]))
        领域  n
        ----  -
        养老  1
    """
    cells: List[List[str]] = [[_cell(c) for c in header]] + [[_cell(c) for c in r] for r in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)
