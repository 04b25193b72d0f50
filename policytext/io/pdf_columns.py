"""Pages set in two columns (gazettes, some bulletins): where the gutter is, and the order to read in.

A PDF reader that clusters characters by their height on the page reads a two-column page across
the gutter, each line holding a line of the left column and one of the right. :func:`find_gutter`
finds an empty vertical band near the middle of the page that most lines stop at on both sides,
and :func:`reading_groups` gives the characters in the order a reader takes them: a band of lines
that cross the gutter (a title, a page number) whole, then the left column of the lines that follow,
then their right column, and so on down the page. Both engines of :mod:`policytext.io.pdf` use them
on the positions of a page's characters, so that the lines they then build are lines of one column.
"""
from __future__ import annotations

from typing import Any, List, Optional, Tuple

__all__ = ["find_gutter", "reading_groups"]

#: Characters within this many points vertically are on one line (the readers' line tolerance).
ROW_TOLERANCE = 3.0
#: The gutter lies in this part of the page's width (a fraction from the left edge), ...
GUTTER_ZONE = (0.3, 0.7)
#: ... is at least this wide in points, ...
MIN_GUTTER = 8.0
#: ... and at least this many lines have text on each side of it, this share of the page's lines not crossing it.
MIN_SPLIT_ROWS = 6
MIN_SPLIT_SHARE = 0.5
#: A column's part of a line holds this many characters on average (prose, not the cells of a table).
MIN_PART_CHARS = 8


def _rows(top: Any) -> List[Any]:
    """Indices of the characters of each line, top to bottom (clustered by ``top`` with the tolerance)."""
    import numpy as np

    order = np.argsort(top, kind="stable")
    cuts = np.flatnonzero(np.diff(top[order]) > ROW_TOLERANCE) + 1
    return np.split(order, cuts)


def find_gutter(x0: Any, x1: Any, top: Any, width: float) -> Optional[Tuple[float, float]]:
    """The gutter ``(left, right)`` of a page set in two columns, or ``None``.

    Args:
        x0, x1, top: numpy arrays of the characters' left and right edges and tops.
        width: The page's width.
    Example:
        >>> import numpy as np
        >>> left = [(50 + 11 * i, 100 + 18 * r) for r in range(8) for i in range(20)]
        >>> right = [(310 + 11 * i, 100 + 18 * r) for r in range(8) for i in range(20)]
        >>> xs, tops = zip(*(left + right))
        >>> x0 = np.array(xs, float); gutter = find_gutter(x0, x0 + 11, np.array(tops, float), 595)
        >>> [round(g) for g in gutter]
        [270, 310]
    """
    import numpy as np

    if len(x0) < MIN_SPLIT_ROWS * MIN_PART_CHARS * 2 or width <= 0:
        return None
    lo, hi = int(width * GUTTER_ZONE[0]), int(width * GUTTER_ZONE[1])
    # lines with a character over each point of the zone: characters of a line do not overlap, so the number
    # of characters over a point is the number of lines there (one pass over all characters, no loop by line)
    size = hi - lo + 1
    edges = np.bincount(np.clip(x0, lo, hi).astype(int) - lo, minlength=size) \
        - np.bincount(np.clip(x1, lo, hi).astype(int) - lo, minlength=size)
    cover = np.cumsum(edges[:-1])
    empty = cover <= max(1, int(cover.max()) // 10)  # a title or a page number may cross it
    if not empty.any():
        return None  # most pages: a single column runs over the whole zone
    best: Tuple[int, int] = (0, 0)
    start = None
    for i, e in enumerate([*empty.tolist(), False]):
        if e and start is None:
            start = i
        elif not e and start is not None:
            best = max(best, (start, i), key=lambda s: s[1] - s[0])
            start = None
    if best[1] - best[0] < MIN_GUTTER:
        return None
    g0, g1 = float(lo + best[0]), float(lo + best[1])
    rows = _rows(top)
    crossing = [r for r in rows if _crosses(x0[r], x1[r], g0, g1)]
    sides = [r[x1[r] <= g0 + 1] for r in rows] + [r[x0[r] >= g1 - 1] for r in rows]
    left = sum(1 for r in rows if (x1[r] <= g0 + 1).any())
    right = sum(1 for r in rows if (x0[r] >= g1 - 1).any())
    parts = [len(p) for p in sides if len(p)]
    if min(left, right) < MIN_SPLIT_ROWS or len(crossing) > (1 - MIN_SPLIT_SHARE) * len(rows):
        return None
    if sum(parts) < MIN_PART_CHARS * len(parts):
        return None  # short parts: the columns of a table
    return g0, g1


def _crosses(x0: Any, x1: Any, g0: float, g1: float) -> bool:
    """Whether a line has a character in the gutter (its centre there): a title or a page number across the page,
    not a column's line whose last character reaches a little into it."""
    centre = (x0 + x1) / 2
    return bool(((centre > g0) & (centre < g1)).any())


def reading_groups(x0: Any, x1: Any, top: Any, gutter: Tuple[float, float]) -> List[Tuple[Any, int]]:
    """``(indices, column)`` of the characters in reading order: lines that cross the gutter as a group of their
    own (column 0), and between them the left column's characters (1), then the right column's (2)."""
    import numpy as np

    g0, g1 = gutter
    mid = (g0 + g1) / 2
    groups: List[Tuple[Any, int]] = []
    left: List[Any] = []
    right: List[Any] = []

    def flush() -> None:
        for column, part in ((1, left), (2, right)):
            if part:
                groups.append((np.concatenate(part), column))
                part.clear()

    for r in _rows(top):
        if _crosses(x0[r], x1[r], g0, g1):  # the line crosses the gutter: read whole
            flush()
            groups.append((r, 0))
            continue
        centre = (x0[r] + x1[r]) / 2
        if (centre < mid).any():
            left.append(r[centre < mid])
        if (centre >= mid).any():
            right.append(r[centre >= mid])
    flush()
    return groups
