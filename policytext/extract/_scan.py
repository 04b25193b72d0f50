"""Fast scanning with one large regex.

Python's ``re`` only skips ahead quickly when a pattern starts with a literal
or a plain character class; a large alternation with look-behinds makes it
try the whole pattern at every position of the text. :class:`Scanner` works
out the set of characters a match can start with (from the parsed pattern),
finds candidate positions with a one-character-class regex (fast, in C) and
tries the full pattern only there. The matches are the same as
``pattern.finditer`` would give (leftmost, non-overlapping); the extractors
are several times faster on real text.
"""
from __future__ import annotations

import re
from typing import Iterator, List, Optional, Tuple

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

__all__ = ["Scanner", "first_chars"]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT}
if hasattr(_c, "POSSESSIVE_REPEAT"):
    _REPEATS.add(_c.POSSESSIVE_REPEAT)
_CATEGORIES = {_c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_SPACE: r"\s"}


class _Any(Exception):
    """The pattern can start with (almost) any character."""


def _esc(code: int) -> str:
    ch = chr(code)
    return "\\" + ch if ch in "\\]^-[" else ch


def _first_item(op, av) -> Tuple[List[str], bool]:
    """(start characters as class items, can match empty) of one parsed item."""
    if op is _c.LITERAL:
        return [_esc(av)], False
    if op is _c.IN:
        items = []
        for iop, iav in av:
            if iop is _c.LITERAL:
                items.append(_esc(iav))
            elif iop is _c.RANGE:
                items.append(f"{_esc(iav[0])}-{_esc(iav[1])}")
            elif iop is _c.CATEGORY and iav in _CATEGORIES:
                items.append(_CATEGORIES[iav])
            else:  # NEGATE, \w and friends
                raise _Any
        return items, False
    if op is _c.BRANCH:
        items, nullable = [], False
        for alt in av[1]:
            i, n = _first_seq(alt)
            items += i
            nullable = nullable or n
        return items, nullable
    if op is _c.SUBPATTERN:
        return _first_seq(av[-1])
    if getattr(_c, "ATOMIC_GROUP", None) is not None and op is _c.ATOMIC_GROUP:
        return _first_seq(av)
    if op in _REPEATS:
        lo, _hi, sub = av
        items, nullable = _first_seq(sub)
        return items, nullable or lo == 0
    if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
        return [], True  # zero-width
    raise _Any  # ANY, NOT_LITERAL, GROUPREF, …


def _first_seq(seq) -> Tuple[List[str], bool]:
    items: List[str] = []
    for op, av in seq:
        i, nullable = _first_item(op, av)
        items += i
        if not nullable:
            return items, False
    return items, True


def first_chars(pattern: str, flags: int = 0) -> Optional[str]:
    """A character class matching every character a match of ``pattern`` can
    start with, or ``None`` when that cannot be narrowed down.

    Example:
        >>> first_chars(r"(?<!\\d)(?:第[一二]|每\\d+)")
        '[第每]'
        >>> first_chars(r"a*") is None
        True
    """
    if flags & re.IGNORECASE:
        return None
    try:
        items, nullable = _first_seq(_p.parse(pattern, flags))
    except _Any:
        return None
    if nullable or not items:
        return None
    return "[" + "".join(dict.fromkeys(items)) + "]"


class Scanner:
    """A compiled pattern plus a quick search for the positions it can match at.

    Example:
        >>> s = Scanner(r"(?<![\\d.])\\d+(?:个|%)")
        >>> [m.group() for m in s.finditer("新建3个，覆盖率90%")]
        ['3个', '90%']
    """

    def __init__(self, pattern: str, flags: int = 0, *, candidates: Optional[str] = None) -> None:
        """Compile ``pattern``; ``candidates`` (a regex every match start
        satisfies) overrides the start characters worked out from it."""
        self.regex = re.compile(pattern, flags)
        fc = first_chars(pattern, flags)
        if fc and candidates:
            # a leading character class keeps re's fast skip-ahead; the look-behind
            # then checks the gate at that character, still inside the C engine
            fc = f"{fc}(?<=(?=(?:{candidates})).)"
        elif candidates:
            fc = candidates
        self.candidates = re.compile(fc, flags) if fc else None

    def finditer(self, text: str, pos: int = 0) -> Iterator["re.Match[str]"]:
        """Leftmost non-overlapping matches from ``pos`` (as ``regex.finditer``)."""
        if self.candidates is None:
            yield from self.regex.finditer(text, pos)
            return
        cand = self.candidates.search
        match = self.regex.match
        n = len(text)
        while pos <= n:  # a zero-width candidate may stand at the very end
            c = cand(text, pos)
            if c is None:
                return
            p = c.start()
            m = match(text, p)
            if m is None:
                pos = p + 1
                continue
            end = m.end()
            pos = end if end > p else p + 1
            yield m

    def search(self, text: str, pos: int = 0) -> Optional["re.Match[str]"]:
        """The leftmost match at or after ``pos`` (as ``regex.search``)."""
        for m in self.finditer(text, pos):
            return m
        return None
