"""Lines of a clean text with their offsets (one paragraph per line).

Example:
    >>> split_lines("一、总体要求\\n\\n（一）指导思想")
    [(0, '一、总体要求'), (7, ''), (8, '（一）指导思想')]
    >>> nonblank_lines(" 标题 \\n\\n正文。", limit=1)
    [(0, '标题')]
"""
from __future__ import annotations

from typing import List, Optional, Tuple

__all__ = ["split_lines", "line_spans", "nonblank_lines", "last_nonblank_lines"]


def split_lines(text: str) -> List[Tuple[int, str]]:
    """Every line ``(offset, line)``, blank ones included."""
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def line_spans(text: str) -> List[Tuple[int, int]]:
    """``(start, end)`` of every line, blank ones included."""
    return [(pos, pos + len(line)) for pos, line in split_lines(text)]


def nonblank_lines(text: str, start: int = 0, limit: Optional[int] = None) -> List[Tuple[int, str]]:
    """Non-blank lines ``(offset, stripped line)`` from ``start``, at most ``limit`` of them."""
    out: List[Tuple[int, str]] = []
    pos = start
    n = len(text)
    while pos <= n and (limit is None or len(out) < limit):
        end = text.find("\n", pos)
        if end < 0:
            end = n
        line = text[pos:end]
        if line.strip():
            out.append((pos, line.strip()))
        pos = end + 1
    return out


def last_nonblank_lines(text: str, count: int, end: Optional[int] = None) -> List[Tuple[int, str]]:
    """The last ``count`` non-blank lines ``(offset, stripped line)`` before ``end`` (default: the end of
    ``text``), in text order."""
    out: List[Tuple[int, str]] = []
    end = len(text) if end is None else end
    while end > 0 and len(out) < count:
        pos = text.rfind("\n", 0, end) + 1
        line = text[pos:end]
        if line.strip():
            out.append((pos, line.strip()))
        end = pos - 1
    return out[::-1]
