"""Lines that remember where each character came from, and what the cleaner returns.

The cleaner splits the raw text into :class:`_Line` objects (runs of raw text
with their raw offsets); steps edit them through :class:`_State`, which then
assembles the :class:`Cleaned` result with its offset map and removals.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from ..types import _ToDict
from .clean_rules import FurnitureRules, NormalizeRules, load_normalize_rules

__all__ = ["Removal", "Cleaned"]

RE_NEWLINE = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x85")


@dataclass(frozen=True)
class Removal(_ToDict):
    """Text the cleaner removed.

    Attributes:
        rule: Id of the rule that removed it (``"upload_header"``,
            ``"tail:read_more"`` for a cut tail, ``"suffix:download_filename"``).
        text: The removed text.
        raw_start, raw_end: Its span in the raw text.
    """

    rule: str
    text: str
    raw_start: int
    raw_end: int


@dataclass(frozen=True)
class Cleaned(_ToDict):
    """What a :class:`Pipeline` returns.

    Attributes:
        text: The clean text.
        offset_map: Sorted pairs ``(clean_start, raw_start)`` of aligned runs:
            from ``clean_start`` up to the next pair, ``text[i]`` is
            ``raw[raw_start + i - clean_start]`` (line breaks the cleaner
            inserted excepted).
        removed: What was removed, in raw order.
        headings: ``(clean line start, level)`` of lines marked as headings in
            the text itself (Markdown ``#``), for the outline.
    """

    text: str
    offset_map: Tuple[Tuple[int, int], ...] = ()
    removed: Tuple[Removal, ...] = ()
    headings: Tuple[Tuple[int, int], ...] = ()

    def to_raw(self, pos: int) -> int:
        """Map an offset of :attr:`text` to the raw text.

        Example:
            >>> from policytext.document.clean import clean
            >>> c = clean("分享到：\\n一、总体要求")
            >>> c.text, c.to_raw(2)
            ('一、总体要求', 7)
        """
        import bisect

        i = bisect.bisect_right(self.offset_map, (pos, float("inf"))) - 1
        if i < 0:
            return pos
        c, r = self.offset_map[i]
        return r + (pos - c)


# --------------------------------------------------------------------------- lines with offsets


class _Line:
    """A line as runs of raw text: ``segs`` is a list of ``[raw_start, text]``."""

    __slots__ = ("segs", "raw_start", "raw_end")

    def __init__(self, raw_start: int, text: str) -> None:
        self.raw_start = raw_start
        self.raw_end = raw_start + len(text)
        self.segs: List[List] = [[raw_start, text]] if text else []

    @property
    def text(self) -> str:
        if len(self.segs) == 1:
            return self.segs[0][1]
        return "".join(s[1] for s in self.segs)

    def __bool__(self) -> bool:
        return bool(self.segs)

    def strip(self, chars: str) -> None:
        while self.segs:
            raw, t = self.segs[0]
            s = t.lstrip(chars)
            if s:
                self.segs[0] = [raw + len(t) - len(s), s]
                break
            self.segs.pop(0)
        while self.segs:
            raw, t = self.segs[-1]
            s = t.rstrip(chars)
            if s:
                self.segs[-1] = [raw, s]
                break
            self.segs.pop()

    def cut_right(self, n: int) -> None:
        while n > 0 and self.segs:
            raw, t = self.segs[-1]
            if len(t) <= n:
                n -= len(t)
                self.segs.pop()
            else:
                self.segs[-1] = [raw, t[:-n]]
                n = 0

    def remove(self, regex: "re.Pattern[str]") -> None:
        out: List[List] = []
        for raw, t in self.segs:
            pos = 0
            for m in regex.finditer(t):
                if m.start() > pos:
                    out.append([raw + pos, t[pos:m.start()]])
                pos = m.end()
            if pos < len(t):
                out.append([raw + pos, t[pos:]])
        self.segs = out

    def span(self) -> Tuple[int, int]:
        if not self.segs:
            return self.raw_start, self.raw_start
        return self.segs[0][0], self.segs[-1][0] + len(self.segs[-1][1])


class _State:
    __slots__ = ("raw", "lines", "removed", "rules", "headings", "norm")

    def __init__(self, raw: str, rules: FurnitureRules, norm: Optional[NormalizeRules] = None) -> None:
        self.raw = raw
        self.rules = rules
        self.norm = norm or load_normalize_rules()
        self.removed: List[Removal] = []
        self.headings: Dict[int, int] = {}  # raw offset of a heading's text -> level (markdown #)
        self.lines: List[_Line] = []
        pos = 0
        for m in RE_NEWLINE.finditer(raw):
            self.lines.append(_Line(pos, raw[pos:m.start()]))
            pos = m.end()
        self.lines.append(_Line(pos, raw[pos:]))

    def drop(self, i: int, rule: str) -> None:
        line = self.lines[i]
        if line:
            s, e = line.span()
            self.removed.append(Removal(rule, line.text, s, e))
        line.segs = []

    def result(self) -> Cleaned:
        parts: List[str] = []
        omap: List[Tuple[int, int]] = []
        headings: List[Tuple[int, int]] = []
        pos = 0
        first = True
        for line in self.lines:
            if not first:
                parts.append("\n")
                pos += 1
            first = False
            if line and self.headings:
                level = self.headings.get(line.segs[0][0])
                if level:
                    headings.append((pos, level))
            for raw, t in line.segs:
                if omap:
                    c0, r0 = omap[-1]
                    if pos - c0 == raw - r0:
                        parts.append(t)
                        pos += len(t)
                        continue
                omap.append((pos, raw))
                parts.append(t)
                pos += len(t)
        removed = sorted(self.removed, key=lambda r: r.raw_start)
        return Cleaned("".join(parts), tuple(omap), tuple(removed), tuple(headings))

