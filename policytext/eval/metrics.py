"""Shared evaluation arithmetic and plain-text tables."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, List, Sequence

from ..types import _ToDict


@dataclass(frozen=True)
class PRF(_ToDict):
    """Precision, recall and F1 from match counts.

    Example:
        >>> m = PRF.from_counts(matched=9, predicted=10, gold=12)
        >>> round(m.precision, 2), round(m.recall, 2), round(m.f1, 3)
        (0.9, 0.75, 0.818)
    """

    precision: float
    recall: float
    f1: float
    matched: int
    predicted: int
    gold: int

    @classmethod
    def from_counts(cls, *, matched: int, predicted: int, gold: int) -> "PRF":
        p = matched / predicted if predicted else (1.0 if gold == 0 else 0.0)
        r = matched / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(p, r, f, matched, predicted, gold)


def format_table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """Left-aligned plain-text table; CJK characters count as two columns.

    Example:
        >>> print(format_table([["养老", 1]], ["领域", "n"]))
        领域  n
        ----  -
        养老  1
    """
    from unicodedata import east_asian_width

    def width(s: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in s)

    cells: List[List[str]] = [[_fmt(c) for c in header]] + [[_fmt(c) for c in r] for r in rows]
    widths = [max(width(r[i]) for r in cells) for i in range(len(header))]
    lines = []
    for n, r in enumerate(cells):
        lines.append("  ".join(c + " " * (w - width(c)) for c, w in zip(r, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)


def mean(xs: Iterable[float]) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0
