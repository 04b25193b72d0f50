"""Cleaning: remove web and download-site furniture, normalize the layout.

The cleaner works line by line and never loses track of where each character
came from: every step is a :class:`Step` that can be called on a plain string
(``str -> str``), and :func:`make_pipeline` composes steps into a
:class:`Pipeline` that returns a :class:`Cleaned` result -- the clean text,
an offset map back to the raw text, and the list of what was removed and why.

Steps of the default pipeline (:data:`DEFAULT_STEPS`):

1. :data:`normalize_lines` -- unify line endings, strip zero-width and other
   invisible characters, trim indentation and trailing blanks;
2. :data:`strip_markdown` -- Markdown heading marks (kept as heading hints)
   and ``<!-- -->`` comment lines;
3. :data:`remove_furniture` -- drop share/print widgets, upload headers, page
   lists, ads, copyright and licence lines, source stamps, photo credits …
   (patterns in ``data/patterns/furniture.yaml``), cut related-links tails and
   ad heads, strip ``Word下载.docx`` residue from file-name titles;
4. :data:`drop_symbol_lines` -- lines with no letter, digit or Han character
   (a stray ``“``);
5. :data:`join_spaced_digits` -- ``1 9 9 8 年`` -> ``1998年`` in texts that
   show this artefact (rules in ``data/rules/normalize.yaml``);
6. :data:`dedupe_lines` -- a line repeating the previous line;
7. :data:`join_broken_lines` -- rejoin a paragraph broken in the middle of a
   sentence (conservatively: see :func:`join_broken_lines`);
8. :data:`drop_blank_lines` -- one paragraph per line.

A body sentence -- a line longer than ``protect_min_chars`` (40) characters
holding sentence punctuation -- is never dropped by a furniture pattern, unless
the pattern is marked ``force`` (signatures that cannot occur in a document's
own text, such as a sharing site's "由会员分享" blurb).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from .._resources import compile_regex, read_yaml
from ..errors import PatternError
from ..types import _ToDict

__all__ = [
    "Cleaned",
    "Removal",
    "FurnitureRules",
    "Step",
    "Pipeline",
    "make_pipeline",
    "load_furniture",
    "clean",
    "normalize_lines",
    "strip_markdown",
    "remove_furniture",
    "drop_symbol_lines",
    "join_spaced_digits",
    "NormalizeRules",
    "load_normalize_rules",
    "dedupe_lines",
    "join_broken_lines",
    "collapse_blank_lines",
    "drop_blank_lines",
    "DEFAULT_STEPS",
    "DEFAULT_FURNITURE",
]

DEFAULT_FURNITURE = "patterns/furniture.yaml"
DEFAULT_NORMALIZE = "rules/normalize.yaml"

RE_NEWLINE = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x85")
RE_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e]+")
RE_SENTENCE_PUNCT = re.compile("[。！？；!?;]")
RE_INNER_PUNCT = re.compile("[，,、；;。：:]")
RE_WORD = re.compile(r"\w")
_TRIM = " \t\u00a0\u3000\u2002\u2003\u2009\u200a\u202f\u205f"
# a line ending with one of these is not broken mid-sentence
_FINAL = set("。！？!?；;：:…”’」』》）)】]")


# --------------------------------------------------------------------------- results


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


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class FurnitureRules:
    """Compiled furniture patterns (see ``data/patterns/furniture.yaml``).

    Build with :func:`load_furniture`.
    """

    drop: Optional["re.Pattern[str]"]
    drop_force: Optional["re.Pattern[str]"]
    strip_suffix: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    cut_tail: Optional["re.Pattern[str]"]
    cut_head: Optional["re.Pattern[str]"]
    keep: Optional["re.Pattern[str]"]
    new_paragraph: Optional["re.Pattern[str]"]
    protect_min_chars: int = 40
    head_zone: int = 40
    max_line_chars: int = 80
    source: str = DEFAULT_FURNITURE
    ids: Dict[str, str] = field(default_factory=dict, repr=False)

    def is_protected(self, line: str) -> bool:
        """True for a body sentence, which no generic pattern may drop.

        Example:
            >>> r = load_furniture()
            >>> r.is_protected("分享到：微信 微博")
            False
            >>> r.is_protected("要健全分层分类的社会救助体系，推动救助政策逐步向低收入人口拓展，切实做到应保尽保、应救尽救。")
            True
        """
        return len(line) > self.protect_min_chars and RE_SENTENCE_PUNCT.search(line) is not None

    def match_drop(self, line: str) -> Optional[str]:
        """The id of the drop rule matching the whole ``line``, or ``None``.

        Example:
            >>> load_furniture().match_drop("第2页 / 共5页")
            'page_of'
            >>> load_furniture().match_drop("一、总体要求") is None
            True
        """
        if self.drop_force is not None:
            m = self.drop_force.fullmatch(line)
            if m:
                return self.ids[m.lastgroup or ""]
        if self.drop is None or len(line) > self.max_line_chars or self.is_protected(line):
            return None
        m = self.drop.fullmatch(line)
        return self.ids[m.lastgroup or ""] if m else None


def _combine(entries: List[Tuple[str, str]], where: str, prefix: str, ids: Dict[str, str]
             ) -> Optional["re.Pattern[str]"]:
    if not entries:
        return None
    parts = []
    for n, (rid, pat) in enumerate(entries):
        group = f"{prefix}{n}"
        ids[group] = rid
        parts.append(f"(?P<{group}>(?:{pat}))")
    return compile_regex("|".join(parts), where=where, key=prefix)


def _entries(data: dict, key: str, where: str, *, seen: Optional[set] = None
             ) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]]]:
    """``(normal, force)`` lists of ``(id, pattern)`` for section ``key``."""
    items = data.get(key, [])
    if not isinstance(items, list):
        raise PatternError(where, f"`{key}` must be a list of {{id, pattern}} entries", key=key)
    normal, force = [], []
    ids: set = set()
    for i, e in enumerate(items):
        ctx = f"{key}[{i}]"
        if not isinstance(e, dict) or "id" not in e or "pattern" not in e:
            raise PatternError(where, f"{ctx} must be a mapping with `id` and `pattern`", key=ctx)
        unknown = set(e) - {"id", "pattern", "force", "note"}
        if unknown:
            raise PatternError(where, f"{ctx} has unknown keys {sorted(unknown)}; allowed: id, pattern, force, note",
                               key=ctx)
        rid = e["id"]
        if not isinstance(rid, str) or not rid:
            raise PatternError(where, f"{ctx}: `id` must be a non-empty string", key=ctx)
        if rid in ids:
            raise PatternError(where, f"duplicate id {rid!r} in `{key}`", key=ctx)
        ids.add(rid)
        pat = compile_regex(e["pattern"], where=where, key=f"{ctx}.pattern")
        if pat.groupindex:
            raise PatternError(where, f"{ctx}: named groups are not allowed in furniture patterns", key=ctx)
        (force if e.get("force") else normal).append((rid, e["pattern"]))
    return normal, force


def load_furniture(name: str = DEFAULT_FURNITURE) -> FurnitureRules:
    """Load and validate a furniture pattern file (cached).

    Args:
        name: File under ``policytext/data/`` or an absolute path.
    Returns:
        The compiled :class:`FurnitureRules`.
    Raises:
        PatternError: The file is malformed (names the file and the key).
    Example:
        >>> rules = load_furniture()
        >>> rules.match_drop("【打印】【关闭】")
        'print_close'
    """
    return _load_furniture(str(name))


_CACHE: Dict[str, FurnitureRules] = {}


def _load_furniture(name: str) -> FurnitureRules:
    cached = _CACHE.get(name)
    if cached is not None:
        return cached
    data = read_yaml(name)
    where = name
    allowed = {"protect_min_chars", "head_zone", "max_line_chars", "drop_line", "strip_suffix", "cut_tail",
               "cut_head", "keep_line", "new_paragraph"}
    unknown = set(data) - allowed
    if unknown:
        raise PatternError(where, f"unknown top-level keys {sorted(unknown)}; allowed: {sorted(allowed)}")
    ints = {}
    for k, default in (("protect_min_chars", 40), ("head_zone", 40), ("max_line_chars", 80)):
        v = data.get(k, default)
        if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
            raise PatternError(where, f"`{k}`={v!r} is invalid; must be a positive int", key=k)
        ints[k] = v
    ids: Dict[str, str] = {}
    drop, drop_force = _entries(data, "drop_line", where)
    suffix, sf = _entries(data, "strip_suffix", where)
    tail, tf = _entries(data, "cut_tail", where)
    head, hf = _entries(data, "cut_head", where)
    keep, kf = _entries(data, "keep_line", where)
    newp, nf = _entries(data, "new_paragraph", where)
    rules = FurnitureRules(
        drop=_combine(drop, where, "d", ids),
        drop_force=_combine(drop_force, where, "f", ids),
        strip_suffix=tuple((rid, re.compile(p)) for rid, p in suffix + sf),
        cut_tail=_combine(tail + tf, where, "t", ids),
        cut_head=_combine(head + hf, where, "h", ids),
        keep=_combine(keep + kf, where, "k", ids),
        new_paragraph=_combine(newp + nf, where, "n", ids),
        source=where,
        ids=ids,
        **ints,
    )
    _CACHE[name] = rules
    return rules


@dataclass(frozen=True)
class NormalizeRules:
    """Compiled text normalizations (see ``data/rules/normalize.yaml``).

    Build with :func:`load_normalize_rules`.
    """

    spaced_digits_trigger: "re.Pattern[str]"
    spaced_digits_min_count: int
    spaced_digits_remove: "re.Pattern[str]"
    source: str = DEFAULT_NORMALIZE

    def shows_spaced_digits(self, lines: Sequence[str]) -> bool:
        """True when ``lines`` show the spaced-digit artefact often enough.

        Example:
            >>> r = load_normalize_rules()
            >>> r.shows_spaced_digits(["1 9 9 7 年产量达到4 0 0 万吨，比1 9 9 2 年增长1 0 ％。"])
            True
            >>> r.shows_spaced_digits(["第 3 页", "Windows 10 2019", "2020年增长10%。"])
            False
        """
        need = self.spaced_digits_min_count
        for t in lines:
            if " " not in t and "\u00a0" not in t:
                continue
            for _ in self.spaced_digits_trigger.finditer(t):
                need -= 1
                if need <= 0:
                    return True
        return False


_NORM_CACHE: Dict[str, NormalizeRules] = {}


def load_normalize_rules(name: str = DEFAULT_NORMALIZE) -> NormalizeRules:
    """Load and validate the normalization rules (cached).

    Args:
        name: File under ``policytext/data/`` or an absolute path.
    Raises:
        PatternError: The file is malformed (names the file and the key).
    Example:
        >>> load_normalize_rules().spaced_digits_min_count
        3
    """
    cached = _NORM_CACHE.get(name)
    if cached is not None:
        return cached
    data = read_yaml(name)
    unknown = set(data) - {"spaced_digits"}
    if unknown:
        raise PatternError(name, f"unknown top-level keys {sorted(unknown)}; allowed: ['spaced_digits']")
    sd = data.get("spaced_digits")
    if not isinstance(sd, dict):
        raise PatternError(name, "`spaced_digits` must be a mapping with trigger, min_count and remove",
                           key="spaced_digits")
    for k in ("trigger", "min_count", "remove"):
        if k not in sd:
            raise PatternError(name, f"`spaced_digits` is missing `{k}`", key=f"spaced_digits.{k}")
    n = sd["min_count"]
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise PatternError(name, f"`spaced_digits.min_count`={n!r} is invalid; must be a positive int",
                           key="spaced_digits.min_count")
    remove = compile_regex(sd["remove"], where=name, key="spaced_digits.remove")
    if remove.match("") is not None or remove.search("a") is not None:
        raise PatternError(name, "`spaced_digits.remove` must match spaces only, never an empty string",
                           key="spaced_digits.remove")
    rules = NormalizeRules(compile_regex(sd["trigger"], where=name, key="spaced_digits.trigger"), n, remove,
                           source=name)
    _NORM_CACHE[name] = rules
    return rules


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


# --------------------------------------------------------------------------- steps


class Step:
    """One cleaning step: a function over lines that keeps raw offsets.

    A step is also a plain ``str -> str`` function: calling it on a string runs
    it alone (with the default furniture rules).

    Example:
        >>> drop_blank_lines("一、总体要求\\n\\n\\n到2025年，覆盖率达到90%。")
        '一、总体要求\\n到2025年，覆盖率达到90%。'
    """

    def __init__(self, name: str, func: Callable[[_State], None], doc: str = "") -> None:
        self.name = name
        self._func = func
        self.__doc__ = doc or func.__doc__

    def apply(self, state: _State) -> None:
        """Run the step on the internal line state (used by :class:`Pipeline`)."""
        self._func(state)

    def __call__(self, text: str, *, rules: Optional[FurnitureRules] = None) -> str:
        state = _State(text, rules or load_furniture())
        self._func(state)
        return state.result().text

    def __repr__(self) -> str:
        return f"Step({self.name!r})"


class Pipeline:
    """Steps run in order over one text; returns :class:`Cleaned`.

    Build with :func:`make_pipeline`.

    Example:
        >>> p = make_pipeline(normalize_lines, drop_blank_lines)
        >>> p("\\u3000\\u3000一、总体要求\\r\\n\\r\\n（一）指导思想").text
        '一、总体要求\\n（一）指导思想'
    """

    def __init__(self, steps: Sequence[Step], rules: FurnitureRules) -> None:
        for s in steps:
            if not isinstance(s, Step):
                raise TypeError(f"pipeline step {s!r} is not a policytext.document.clean.Step; "
                                f"use the steps of policytext.document.clean (e.g. normalize_lines)")
        self.steps = tuple(steps)
        self.rules = rules

    def __call__(self, text: str) -> Cleaned:
        if not isinstance(text, str):
            raise TypeError(f"clean() takes a str, not {type(text).__name__}; load files with policytext.load()")
        state = _State(text, self.rules)
        for step in self.steps:
            step.apply(state)
        return state.result()

    def __repr__(self) -> str:
        return f"Pipeline({', '.join(s.name for s in self.steps)})"


def make_pipeline(*steps: Step, patterns: str = DEFAULT_FURNITURE) -> Pipeline:
    """Compose cleaning steps into a :class:`Pipeline`.

    Args:
        *steps: Steps of this module, run in the order given (default:
            :data:`DEFAULT_STEPS`).
        patterns: Furniture pattern file under ``policytext/data/``.
    Returns:
        A callable ``Pipeline``: ``pipeline(text) -> Cleaned``.
    Raises:
        PatternError: The pattern file is malformed.
        TypeError: A step is not a :class:`Step`.
    Example:
        >>> p = make_pipeline(normalize_lines, remove_furniture, drop_blank_lines)
        >>> p("分享到：\\n一、总体要求\\n【打印】【关闭】").text
        '一、总体要求'
    """
    return Pipeline(steps or DEFAULT_STEPS, load_furniture(patterns))


def _normalize_lines(state: _State) -> None:
    """Unify line endings (done on split), strip invisible characters, trim each line."""
    for line in state.lines:
        if not line:
            continue
        t = line.text
        if RE_INVISIBLE.search(t):
            line.remove(RE_INVISIBLE)
        line.strip(_TRIM)


RE_MD_HEADING = re.compile(r"#{1,6}[ \t\u3000]+(?=\S)")
RE_MD_COMMENT = re.compile(r"<!--.*?-->")


def _strip_markdown(state: _State) -> None:
    """Drop Markdown heading marks (kept as heading hints) and comment lines."""
    for i, line in enumerate(state.lines):
        if not line:
            continue
        t = line.text
        if t[0] == "#":
            m = RE_MD_HEADING.match(t)
            if m:
                s, _ = line.span()
                state.removed.append(Removal("markdown_heading", m.group(), s, s + m.end()))
                level = len(m.group().rstrip())
                line.segs[0] = [line.segs[0][0] + m.end(), line.segs[0][1][m.end():]] \
                    if len(line.segs[0][1]) > m.end() else line.segs[0]
                state.headings[line.segs[0][0]] = level
        elif t[0] == "<" and RE_MD_COMMENT.fullmatch(t):
            state.drop(i, "markup_comment")


def _remove_furniture(state: _State) -> None:
    """Drop furniture lines, cut furniture tails and heads, strip file-name residue."""
    rules = state.rules
    lines = state.lines
    # tail: from a marker to the end, when no body sentence follows it
    protected_after = [False] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        protected_after[i] = protected_after[i + 1] or (bool(lines[i]) and rules.is_protected(lines[i].text))
    if rules.cut_tail is not None:
        for i, line in enumerate(lines):
            if not line:
                continue
            m = rules.cut_tail.fullmatch(line.text)
            if not m:
                continue
            if not protected_after[i + 1]:
                rid = "tail:" + rules.ids[m.lastgroup or ""]
                for j in range(i, len(lines)):
                    state.drop(j, rid)
                break
            state.drop(i, rules.ids[m.lastgroup or ""])
    # head: up to the last ad marker of the head zone, when no body sentence precedes
    if rules.cut_head is not None:
        last, last_id = -1, ""
        for i, line in enumerate(lines[: rules.head_zone]):
            if not line:
                continue
            if rules.is_protected(line.text):
                break
            m = rules.cut_head.fullmatch(line.text)
            if m:
                last, last_id = i, rules.ids[m.lastgroup or ""]
        for j in range(last + 1):
            line = lines[j]
            if line and (j == last or rules.keep is None or not rules.keep.fullmatch(line.text)):
                state.drop(j, "head:" + last_id)
    for i, line in enumerate(lines):
        if not line:
            continue
        rid = rules.match_drop(line.text)
        if rid is not None:
            state.drop(i, rid)
    # file-name residue on short lines ("…讲话Word下载.docx")
    for line in lines:
        if not line or len(line.text) > 80:
            continue
        t = line.text
        for rid, rx in rules.strip_suffix:
            m = rx.search(t)
            if m and m.start() > 0:
                s, e = line.span()
                state.removed.append(Removal("suffix:" + rid, m.group(), e - (m.end() - m.start()), e))
                line.cut_right(m.end() - m.start())
                line.strip(_TRIM)
                break


def _drop_symbol_lines(state: _State) -> None:
    """Drop lines without any letter, digit or Han character (a stray ``“``)."""
    for i, line in enumerate(state.lines):
        if line and RE_WORD.search(line.text) is None:
            state.drop(i, "symbols")


def _join_spaced_digits(state: _State) -> None:
    """Remove the spaces of spaced-out numbers (``1 9 9 8 年``) when the text shows that artefact."""
    norm = state.norm
    lines = [line for line in state.lines if line]
    if not norm.shows_spaced_digits([line.text for line in lines]):
        return
    rx = norm.spaced_digits_remove
    for line in lines:
        if rx.search(line.text):
            line.remove(rx)


def _dedupe_lines(state: _State) -> None:
    """Drop a line identical to the previous non-blank line."""
    prev: Optional[str] = None
    for i, line in enumerate(state.lines):
        if not line:
            continue
        t = line.text
        if t == prev:
            state.drop(i, "duplicate")
        else:
            prev = t


def _looks_like_body(t: str) -> bool:
    return len(t) >= 15 and RE_INNER_PUNCT.search(t) is not None


def _starts_paragraph(t: str, rules: FurnitureRules) -> Optional[str]:
    if rules.new_paragraph is None:
        return None
    m = rules.new_paragraph.match(t)
    return rules.ids[m.lastgroup or ""] if m else None


def _can_join(a: str, b: str, rules: FurnitureRules) -> bool:
    if a[-1] in _FINAL or not _looks_like_body(a):
        return False
    if len(a) < 40 and not RE_SENTENCE_PUNCT.search(a) and _starts_paragraph(a, rules) == "outline_marker":
        return False  # a heading
    if not (RE_INNER_PUNCT.search(b) or len(b) > 30):
        return False  # a headline, a name, a date: not the rest of a sentence
    if _starts_paragraph(b, rules):
        return False
    return not b[0] in "（(【[《<"


def _join_broken_lines(state: _State, max_blank: int = 2) -> None:
    """Join a line broken in the middle of a sentence with the line that continues it."""
    rules = state.rules
    out: List[_Line] = []
    last = -1  # index in ``out`` of the last non-blank line
    for line in state.lines:
        if not line:
            out.append(line)
            continue
        blanks = len(out) - last - 1
        if last >= 0 and blanks <= max_blank and _can_join(out[last].text, line.text, rules):
            out[last].segs.extend(line.segs)
            del out[last + 1:]  # the blank lines in between go too
            continue
        out.append(line)
        last = len(out) - 1
    state.lines = out


def _collapse_blank_lines(state: _State) -> None:
    """Reduce every run of blank lines to one, and drop leading and trailing blank lines."""
    out: List[_Line] = []
    for line in state.lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    state.lines = out


def _drop_blank_lines(state: _State) -> None:
    """Drop every blank line: one paragraph per line."""
    state.lines = [line for line in state.lines if line]


normalize_lines = Step("normalize_lines", _normalize_lines)
normalize_lines.__doc__ = """Unify line endings, strip zero-width characters, trim indentation.

Example:
    >>> normalize_lines("\\u3000\\u3000一、总体\\u200b要求  \\r\\n（一）指导思想")
    '一、总体要求\\n（一）指导思想'
"""
strip_markdown = Step("strip_markdown", _strip_markdown)
strip_markdown.__doc__ = """Drop Markdown heading marks (``## 第一章 总则``) and ``<!-- -->`` comment lines.

The heading levels are kept in :attr:`Cleaned.headings` for the outline.

Example:
    >>> strip_markdown("# 志愿服务条例\\n<!-- INFO END -->\\n## 第一章 总则")
    '志愿服务条例\\n\\n第一章 总则'
    >>> make_pipeline(strip_markdown)("# 志愿服务条例\\n## 第一章 总则").headings
    ((0, 1), (7, 2))
"""
remove_furniture = Step("remove_furniture", _remove_furniture)
remove_furniture.__doc__ = """Remove web and download-site furniture (patterns in ``data/patterns/furniture.yaml``).

Example:
    >>> remove_furniture("上传人:a***1 文档编号:123 上传时间:2022-10-26\\n一、总体要求\\n第1页 / 共5页")
    '\\n一、总体要求\\n'
"""
drop_symbol_lines = Step("drop_symbol_lines", _drop_symbol_lines)
drop_symbol_lines.__doc__ = """Drop lines made only of punctuation or symbols.

Example:
    >>> drop_symbol_lines("标题\\n“\\n正文。")
    '标题\\n\\n正文。'
"""
join_spaced_digits = Step("join_spaced_digits", _join_spaced_digits)
join_spaced_digits.__doc__ = """Join spaced-out numbers (``1 9 9 8 年`` -> ``1998年``) in a text that shows the artefact.

Runs only when the text holds at least ``min_count`` spaced digit runs
(``data/rules/normalize.yaml``); the spaces go, every other character keeps
its raw offset.

Example:
    >>> join_spaced_digits("1 9 9 7 年粮食产量达到4 9 2 5 0 万吨，比1 9 9 2 年增长1 0 ．5 ％。")
    '1997年粮食产量达到49250万吨，比1992年增长10．5％。'
    >>> join_spaced_digits("表 1 全市 3 个区")  # no artefact: untouched
    '表 1 全市 3 个区'
"""
dedupe_lines = Step("dedupe_lines", _dedupe_lines)
dedupe_lines.__doc__ = """Drop a line that repeats the previous non-blank line.

Example:
    >>> dedupe_lines("关于做好养老服务工作的通知\\n\\n关于做好养老服务工作的通知\\n正文。")
    '关于做好养老服务工作的通知\\n\\n\\n正文。'
"""
join_broken_lines = Step("join_broken_lines", _join_broken_lines)
join_broken_lines.__doc__ = """Join a paragraph broken in the middle of a sentence.

Line A is joined with the next non-blank line B (at most two blank lines
between) only when A is body text (15+ characters with inner punctuation)
ending without sentence-final punctuation or a closing quote/bracket, and B
is body text that does not start a paragraph of its own (an outline marker,
a run-in heading such as ``养老机构防控。``, ``会议指出，``, ``目前，``,
``同志们，``, a date line -- the ``new_paragraph`` patterns).

Example:
    >>> join_broken_lines("要健全主动发现机制，及时将符合条件的困难群众纳入救助范\\n\\n围，做到应救尽救。")
    '要健全主动发现机制，及时将符合条件的困难群众纳入救助范围，做到应救尽救。'
"""
collapse_blank_lines = Step("collapse_blank_lines", _collapse_blank_lines)
collapse_blank_lines.__doc__ = """Reduce runs of blank lines to one blank line.

Example:
    >>> collapse_blank_lines("\\n\\n一、总体要求\\n\\n\\n\\n（一）指导思想\\n\\n")
    '一、总体要求\\n\\n（一）指导思想'
"""
drop_blank_lines = Step("drop_blank_lines", _drop_blank_lines)
drop_blank_lines.__doc__ = """Drop blank lines: one paragraph per line.

Example:
    >>> drop_blank_lines("一、总体要求\\n\\n（一）指导思想")
    '一、总体要求\\n（一）指导思想'
"""

# the steps are Step instances: let doctest find their examples
__test__ = {name: step.__doc__ for name, step in (
    ("normalize_lines", normalize_lines), ("strip_markdown", strip_markdown), ("remove_furniture", remove_furniture),
    ("drop_symbol_lines", drop_symbol_lines), ("join_spaced_digits", join_spaced_digits),
    ("dedupe_lines", dedupe_lines),
    ("join_broken_lines", join_broken_lines), ("collapse_blank_lines", collapse_blank_lines),
    ("drop_blank_lines", drop_blank_lines))}

#: The steps :func:`clean` runs.
DEFAULT_STEPS: Tuple[Step, ...] = (normalize_lines, strip_markdown, remove_furniture, drop_symbol_lines,
                                   join_spaced_digits, dedupe_lines, join_broken_lines, drop_blank_lines)


def clean(text: str, *, patterns: str = DEFAULT_FURNITURE, join_lines: bool = True) -> Cleaned:
    """Clean a document's raw text with the default pipeline.

    Args:
        text: Raw text as a reader returned it.
        patterns: Furniture pattern file under ``policytext/data/``.
        join_lines: Rejoin paragraphs broken in the middle of a sentence.
    Returns:
        :class:`Cleaned`: clean text (one paragraph per line), offset map
        and the removed furniture.
    Example:
        >>> c = clean("分享到：\\n2020年民政工作要点\\n\\n一、总体要求\\n【打印】【关闭】")
        >>> c.text
        '2020年民政工作要点\\n一、总体要求'
        >>> [r.rule for r in c.removed]
        ['share', 'print_close']
    """
    steps = DEFAULT_STEPS if join_lines else tuple(s for s in DEFAULT_STEPS if s is not join_broken_lines)
    return Pipeline(steps, load_furniture(patterns))(text)
