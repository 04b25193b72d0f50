"""Fast scanning with one large regex.

Python's ``re`` only skips ahead quickly when a pattern starts with a literal
or a plain character class; a large alternation with look-behinds makes it
try the whole pattern at every position of the text. :class:`Scanner` works
out the set of characters a match can start with (from the parsed pattern),
finds candidate positions with a one-character-class regex (fast, in C) and
tries the full pattern only there. The matches are the same as
``pattern.finditer`` would give (leftmost, non-overlapping); the extractors
are several times faster on real text. :class:`QuickSearch` does the same for
the ``search`` and ``finditer`` of a small cue pattern (:func:`quick` picks the
patterns ``re`` cannot skip ahead with by itself).
"""
from __future__ import annotations

import re
import sys
from typing import Any, Iterator, List, Optional, Tuple, Union

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.9/3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

__all__ = ["Scanner", "QuickSearch", "quick", "first_chars", "after_digits", "digits_guard", "without_lookarounds",
           "gated_start", "leading_lookahead", "lookahead_rest"]

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
        if av[1] & re.IGNORECASE:  # (?i:…)
            raise _Any
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
    return _first_class(_parse(pattern, flags))


def _first_class(parsed) -> Optional[str]:
    try:
        items, nullable = _first_seq(parsed) if parsed is not None else ([], True)
    except _Any:
        return None
    return None if nullable else _class_of(items)


def without_lookarounds(pattern: str, flags: int = 0) -> Optional[str]:
    """``pattern`` without its look-aheads and look-behinds, when what is left has no anchor and
    matches no space; else ``None``.

    It then matches wherever ``pattern`` matches: in a text, in any piece of it, and in it with
    characters blanked (replaced by spaces). So when it finds nothing in a text, ``pattern`` finds
    nothing in any of these: a quick test for a whole sentence.

    Example:
        >>> without_lookarounds(r"(?<![模比])拟|今年(?!以来)"), without_lookarounds(r"^今年")
        ('拟|今年', None)
    """
    out = []
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            i = _item_end(pattern, i)
            continue
        j = _item_end(pattern, i) if pattern[i] in "\\[" else i + 1
        out.append(pattern[i:j])
        i = j
    relaxed = "".join(out)
    try:
        parsed = _p.parse(relaxed, flags)
    except re.error:
        return None
    if (flags | parsed.state.flags) & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        _no_space(parsed)
    except _Any:
        return None
    return relaxed


def leading_lookahead(pattern: str) -> str:
    """The look-ahead ``(?=…)`` that ``pattern`` opens with (it holds wherever a match starts), or ``""``.

    Example:
        >>> leading_lookahead(r"(?=[^，]{1,9}牵头)(?P<lead>\\w+)牵头"), leading_lookahead("由(?=牵头)")
        ('(?=[^，]{1,9}牵头)', '')
    """
    return pattern[:_item_end(pattern, 0)] if pattern.startswith("(?=") else ""


_RE_QUANTIFIER = re.compile(r"(?:[*+?]|\{\d*,?\d*\})\??")


def lookahead_rest(lookahead: str) -> str:
    """What a look-ahead ``(?=[^…]{m,n}REST)`` asks for after the run of characters it opens with: ``REST``,
    or ``""`` when it opens with no such run or has an alternative at its top level.

    Wherever the look-ahead holds, ``REST`` matches there or further on: a text in which
    ``re.search(REST)`` finds nothing holds no position where the look-ahead holds.

    Example:
        >>> lookahead_rest("(?=[^，,]{1,13}(?:与|和)[^，,]*?印发)"), lookahead_rest("(?=牵头)")
        ('(?:与|和)[^，,]*?印发', '')
    """
    body = lookahead[3:-1] if lookahead.startswith("(?=") and lookahead.endswith(")") else ""
    if not body.startswith("["):
        return ""
    q = _RE_QUANTIFIER.match(body, _item_end(body, 0))
    rest = body[q.end():] if q else ""
    i = 0
    while i < len(rest):
        if rest[i] == "|":
            return ""
        i = _item_end(rest, i)
    return rest


def _item_end(pattern: str, i: int) -> int:
    """The end of the escape, character class or group that starts at ``pattern[i]``."""
    depth = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
        elif ch == "[":
            i += 2 if pattern.startswith("[^", i) else 1
            i += 1 if pattern[i:i + 1] == "]" else 0  # a ] first is a member
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
            i += 1
        else:
            depth += (ch == "(") - (ch == ")")
            i += 1
        if depth == 0:
            return i
    return i


def _no_space(seq) -> None:
    """Raise :class:`_Any` unless every character ``seq`` consumes is not a space and it has no anchor."""
    for op, av in seq:
        if op is _c.LITERAL:
            if av == 32:
                raise _Any
        elif op is _c.IN:
            for iop, iav in av:
                if not (iop is _c.LITERAL and iav != 32 or iop is _c.RANGE and not iav[0] <= 32 <= iav[1]
                        or iop is _c.CATEGORY and iav in (_c.CATEGORY_DIGIT, _c.CATEGORY_WORD)):
                    raise _Any
        elif op is _c.SUBPATTERN:
            _no_space(av[-1])
        elif op is _c.BRANCH:
            for alt in av[1]:
                _no_space(alt)
        elif op in _REPEATS:
            _no_space(av[2])
        elif getattr(_c, "ATOMIC_GROUP", None) is not None and op is _c.ATOMIC_GROUP:
            _no_space(av)
        elif op is not _c.GROUPREF:  # a back-reference repeats consumed characters
            raise _Any


def _parse(pattern: str, flags: int):
    """The parsed pattern, or ``None`` when it ignores case (its classes would not hold every form)."""
    parsed = _p.parse(pattern, flags)
    return None if (flags | parsed.state.flags) & re.IGNORECASE else parsed


def _class_of(items: List[str]) -> Optional[str]:
    return "[" + "".join(dict.fromkeys(items)) + "]" if items else None


# What a run may hold in :func:`after_digits`: decimal digits (``\\d``) and spaces between them (``2021 年``).
_RUN = "\\d \u3000"
_S0, _S1 = 0, 1  # nothing consumed yet; only run characters consumed so far (at least one)


def _is_run(ch: str) -> bool:
    return ch.isdecimal() or ch in " \u3000"  # str.isdecimal is Unicode Nd, what re's \\d matches


class _Follow:
    """Abstract matching for :func:`after_digits`: which states (:data:`_S0`, :data:`_S1`) a
    node can leave a match in, collecting the characters that end a run of digits."""

    def __init__(self) -> None:
        self.items: List[str] = []
        self.groups: dict = {}

    def char(self, states: frozenset, run: bool, other: Optional[str]) -> frozenset:
        """One character that may be a run character (``run``) and/or others (class items ``other``)."""
        if other and _S1 in states:
            self.items.append(other)
        return frozenset({_S1}) if run else frozenset()

    def item(self, op, av, states: frozenset) -> frozenset:
        if not states:
            return states
        if op is _c.LITERAL:
            ch = chr(av)
            return self.char(states, _is_run(ch), None if _is_run(ch) else _esc(av))
        if op is _c.IN:
            run, other = False, []
            for iop, iav in av:
                if iop is _c.LITERAL:
                    if _is_run(chr(iav)):
                        run = True
                    else:
                        other.append(_esc(iav))
                elif iop is _c.RANGE:
                    lo, hi = iav
                    run = run or hi - lo > 256 or any(_is_run(chr(k)) for k in range(lo, hi + 1))
                    other.append(f"{_esc(lo)}-{_esc(hi)}")
                elif iop is _c.CATEGORY and iav in _CATEGORIES:
                    run = True
                    if iav is _c.CATEGORY_SPACE:
                        other.append(r"\s")
                else:  # NEGATE, \w and friends
                    raise _Any
            return self.char(states, run, "".join(other) or None)
        if op is _c.BRANCH:
            out: frozenset = frozenset()
            for alt in av[1]:
                out |= self.seq(alt, states)
            return out
        if op is _c.SUBPATTERN:
            if av[1] & re.IGNORECASE:  # (?i:…)
                raise _Any
            self.groups[av[0]] = av[-1]
            return self.seq(av[-1], states)
        if op is _c.GROUPREF and av in self.groups:
            return self.seq(self.groups[av], states)
        if getattr(_c, "ATOMIC_GROUP", None) is not None and op is _c.ATOMIC_GROUP:
            return self.seq(av, states)
        if op in _REPEATS:
            lo, hi, sub = av
            if lo > 64:
                raise _Any
            for _ in range(lo):
                states = self.seq(sub, states)
            out = states
            for _ in range(min(hi - lo, 4)):  # the states after each further copy repeat within four
                states = self.seq(sub, states)
                out |= states
            return out
        if op in (_c.ASSERT, _c.ASSERT_NOT, _c.AT):
            return states  # zero-width
        raise _Any  # ANY, NOT_LITERAL, GROUPREF_EXISTS, …

    def seq(self, seq, states: frozenset) -> frozenset:
        for op, av in seq:
            states = self.item(op, av, states)
        return states


def after_digits(pattern: str, flags: int = 0) -> Optional[str]:
    """A character class for the first character after the digits a match starts with, or ``None``
    when that cannot be narrowed down.

    A match of ``pattern`` that starts with a decimal digit holds digits (and spaces) up to a first
    other character, which is one of this class; a match made only of digits and spaces (or
    empty) cannot exist. So no match starts within a run of digits and spaces that is followed by
    a character outside the class (or by the end of the text).

    Example (年 follows 到, not digits; ``\\d+年?`` may match digits alone):
        >>> after_digits(r"(?<!\\d)\\d{1,2} ?(?:月|日)|到\\d+年"), after_digits(r"\\d+年?")
        ('[月日]', None)
    """
    parsed = _parse(pattern, flags)
    if parsed is not None and (flags | parsed.state.flags) & re.ASCII:
        return None  # \d is then 0-9 only, not every character the run may hold
    walk = _Follow()
    try:
        end = walk.seq(parsed, frozenset({_S0})) if parsed is not None else None
    except _Any:
        return None
    return _class_of(walk.items) if end == frozenset() else None


def digits_guard(pattern: str, flags: int = 0) -> str:
    """A look-ahead that fails where no match of ``pattern`` can start: within a run of digits (and
    spaces) followed by a character outside :func:`after_digits`; ``""`` when that cannot be narrowed down.

    Example (``60%``: no match starts at 6; ``2020年``: one may):
        >>> import re
        >>> guard = re.compile(digits_guard(r"(?<!\\d)\\d{4}年"))
        >>> guard.match("60%") is None, guard.match("2020年") is None
        (True, False)
    """
    follow = after_digits(pattern, flags)
    return f"(?=[^{_RUN}]|[{_RUN}]*(?![{_RUN}]){follow})" if follow else ""


def gated_start(first: str, gate: str) -> str:
    """A pattern of one character of the class ``first`` where ``gate`` matches too.

    The leading character class keeps re's fast skip-ahead to the characters a match can
    start with; the look-behind then checks ``gate`` at that character, still inside the C
    engine (``(?s:.)``: a line break too).

    Example:
        >>> import re
        >>> [m.start() for m in re.finditer(gated_start("[到至]", "到20"), "至2020年，到2025年")]
        [7]
    """
    return f"{first}(?<=(?=(?:{gate}))(?s:.))"


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
        guard = digits_guard(pattern, flags) if fc or candidates else ""
        if guard:  # a run of digits (1000万, 8.5%) that no match can start in is skipped in C
            candidates = f"{guard}(?:{candidates or fc})"
        if fc and candidates:
            fc = gated_start(fc, candidates)
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


class QuickSearch:
    """A compiled pattern whose ``search`` and ``finditer`` skip ahead in C to where a match starts.

    ``re`` skips ahead by itself only when a pattern opens with a literal, a character class or
    literal alternatives; one that opens with a look-behind or a group (``(?<![而不])已|…``) is
    tried at every position. Here a one-character regex (:func:`gated_start`: a start character
    where the pattern matches) finds the next match's start and the pattern is matched there: the
    same matches (only ``Match.pos`` is the match's start), several times faster on a sentence.
    Other attributes are the pattern's own.

    Example:
        >>> q = QuickSearch(re.compile(r"(?<![而不])已|现有"))
        >>> q.search("而已，现有3所").group(), [m.span() for m in q.finditer("已建、已有", 1)]
        ('现有', [(3, 4)])
    """

    def __init__(self, regex: "re.Pattern[str]", first: Optional[str] = None) -> None:
        """``first``: the class of :func:`first_chars` when known (it is worked out otherwise)."""
        self.regex = regex
        self._start_class = first or first_chars(regex.pattern, regex.flags)
        if self._start_class is None:
            raise ValueError(f"no start characters narrow down {regex.pattern!r}; use the pattern itself")
        self._starts: Optional["re.Pattern[str]"] = None  # compiled at the first search: a cold start pays for
        self.pattern, self.flags = regex.pattern, regex.flags  # the patterns it searches with only
        self.match, self.fullmatch, self.sub = regex.match, regex.fullmatch, regex.sub

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Optional["re.Match[str]"]:
        if self._starts is None:
            self._starts = re.compile(gated_start(self._start_class, self.pattern), self.flags)
        c = self._starts.search(string, pos, endpos)
        return None if c is None else self.regex.match(string, c.start(), endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator["re.Match[str]"]:
        m = self.search(string, pos, endpos)
        while m is not None:
            yield m
            m = self.search(string, m.end(), endpos)  # a match is never empty (it has a first character)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "regex":  # not the pattern's (copy and pickle ask before __init__)
            raise AttributeError(name)
        return getattr(self.regex, name)


def quick(regex: "re.Pattern[str]") -> Union["re.Pattern[str]", QuickSearch]:
    """``regex`` as a :class:`QuickSearch` when ``re`` cannot skip ahead by itself and its start characters
    are known; else ``regex`` itself (it opens with a literal or a class, or with an anchor, or may start
    anywhere).

    Example:
        >>> type(quick(re.compile(r"(?<!不)已"))).__name__, type(quick(re.compile(r"已|曾"))).__name__
        ('QuickSearch', 'Pattern')
    """
    parsed = _parse(regex.pattern, regex.flags)
    first = None if parsed is None or _skips_ahead(parsed) else _first_class(parsed)
    return regex if first is None else QuickSearch(regex, first)


def _skips_ahead(seq) -> bool:
    """Whether ``re`` skips ahead to a match by itself: the pattern opens with a literal, a class, an
    alternation of literals (what it takes a prefix from) or an anchor."""
    while seq and seq[0][0] is _c.SUBPATTERN:
        seq = seq[0][1][-1]
    if not seq:
        return True
    op, av = seq[0]
    if op is _c.BRANCH:
        return all(alt and alt[0][0] is _c.LITERAL for alt in av[1])
    return op in (_c.LITERAL, _c.IN, _c.AT)
