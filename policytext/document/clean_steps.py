"""The steps of the cleaner: each is a plain ``str -> str`` function that keeps raw offsets.

A :class:`Step` wraps a function over the cleaner's line state; calling a step
on a string runs it alone. :mod:`policytext.document.clean` composes them.
"""
from __future__ import annotations

import re
from typing import Callable, List, Optional, Tuple

from .._resources import may_hold_match, required_texts
from .clean_rules import RE_SENTENCE_PUNCT, FurnitureRules, load_furniture
from .offsets import Removal, _Line, _State

__all__ = ["Step", "normalize_lines", "strip_markdown", "remove_furniture", "drop_symbol_lines",
           "join_spaced_digits", "dedupe_lines", "join_broken_lines", "collapse_blank_lines", "drop_blank_lines"]

RE_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e]+")
RE_INNER_PUNCT = re.compile("[，,、；;。：:]")
RE_WORD = re.compile(r"\w")
_TRIM = " \t\u00a0\u3000\u2002\u2003\u2009\u200a\u202f\u205f"
# a line ending with one of these is not broken mid-sentence
_FINAL = set("。！？!?；;：:…”’」』》）)】]")


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



def _normalize_lines(state: _State) -> None:
    """Unify line endings (done on split), strip invisible characters, trim each line."""
    for line in state.lines:
        if not line.segs:
            continue
        t = line.text
        if not t.isprintable() and RE_INVISIBLE.search(t):  # a printable line holds none (a quick test)
            line.remove(RE_INVISIBLE)
        if "<" in t and RE_OFFICE_MARKUP.search(t):
            line.remove(RE_OFFICE_MARKUP)
        line.strip(_TRIM)


# what Word's HTML export leaves inside a copied paragraph (<?xml:namespace prefix = st1 ns = "urn:…" />,
# <st1:chsdate …>, <o:p></o:p>)
RE_OFFICE_MARKUP = re.compile(r"<\?xml:namespace[^<>]{0,200}>|</?(?:st1|o|v|w):[A-Za-z]+[^<>]{0,200}>")
RE_MD_HEADING = re.compile(r"#{1,6}[ \t\u3000]+(?=\S)")
RE_MD_COMMENT = re.compile(r"<!--.*?-->")


def _strip_markdown(state: _State) -> None:
    """Drop Markdown heading marks (kept as heading hints) and comment lines."""
    for i, line in enumerate(state.lines):
        if not line.segs:
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
        protected_after[i] = protected_after[i + 1] or (bool(lines[i].segs) and rules.is_protected(lines[i].text))
    if rules.cut_tail is not None:
        for i, line in enumerate(lines):
            if not line.segs:
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
            if not line.segs:
                continue
            if rules.is_protected(line.text):
                break
            m = rules.cut_head.fullmatch(line.text)
            if m:
                last, last_id = i, rules.ids[m.lastgroup or ""]
        for j in range(last + 1):
            line = lines[j]
            if line.segs and (j == last or rules.keep is None or not rules.keep.fullmatch(line.text)):
                state.drop(j, "head:" + last_id)
    snapshot = [line.text if line.segs else "" for line in lines]
    for i, line in enumerate(lines):
        if not line.segs:
            continue
        rid = rules.match_drop(line.text)
        if rid is not None:
            state.drop(i, rid)
    _drop_split_furniture(state, snapshot)
    # file-name residue on short lines ("…讲话Word下载.docx"); a rule is searched only in a line holding one of the
    # texts every match holds (``re`` would try a pattern that opens with spaces and optional words at every position)
    for line in lines:
        if not line.segs or len(line.text) > 80:
            continue
        t = line.text
        for rid, rx, required in rules.strip_suffix:
            m = rx.search(t) if may_hold_match(t, required) else None
            if m and m.start() > 0:
                s, e = line.span()
                state.removed.append(Removal("suffix:" + rid, m.group(), e - (m.end() - m.start()), e))
                line.cut_right(m.end() - m.start())
                line.strip(_TRIM)
                break


_LABEL_AT_END: dict = {}


def _label_at_end(rules: FurnitureRules) -> Tuple["re.Pattern[str]", Tuple[str, ...]]:
    """A ``split_label`` at the end of a line (``来源：``), and the texts one of which every match holds (its
    colon: :func:`policytext._resources.required_texts`; a line without any is not searched)."""
    found = _LABEL_AT_END.get(rules.split_label.pattern if rules.split_label else "")
    if found is None:
        assert rules.split_label is not None
        rx = re.compile(f"(?:{rules.split_label.pattern})\\s*[:：]\\s*$")
        found = _LABEL_AT_END[rules.split_label.pattern] = (rx, required_texts(rx))
    return found


def _drop_split_furniture(state: _State, texts: List[str]) -> None:
    """Furniture broken over lines: widget runs, a label whose value is on the next line, split breadcrumbs.

    ``texts`` are the lines before the single-line drops, so a widget whose
    buttons were dropped one by one (打印, 】) still counts as one run.
    """
    rules = state.rules
    idx = [i for i, t in enumerate(texts) if t]
    seq = [texts[i] for i in idx]
    n = len(seq)

    def short(t: str) -> bool:
        return len(t) <= 30 and RE_SENTENCE_PUNCT.search(t) is None

    if rules.widget is not None:  # 下载 / 打印 / 全屏 / 【字号： / 加大 / 还原 / 减小 / 】
        k = 0
        while k < n:
            e = k
            while e < n and len(seq[e]) <= 12 and rules.widget.fullmatch(seq[e]):
                e += 1
            if e - k >= rules.widget_run_min:
                for j in range(k, e):
                    state.drop(idx[j], "widget_run")
            k = max(e, k + 1)
        rx_line = _widget_line(rules)
        for k, t in enumerate(seq):
            if len(t) <= 40 and rx_line.fullmatch(t):
                state.drop(idx[k], "widget_line")
    if rules.split_separator is not None:  # 首页 / > / 政务信息 / > / 要闻
        k = 0
        while k < n:
            e, parts = k + 1, [seq[k]]
            while e + 1 < n and rules.split_separator.fullmatch(seq[e]) and short(seq[e + 1]):
                parts += [seq[e], seq[e + 1]]
                e += 2
            rid = rules.match_drop("".join(parts)) if len(parts) >= 3 and short(seq[k]) else None
            if rid is not None:
                if e < n and seq[e] == parts[-1]:  # the last item repeated as the page's heading
                    e += 1
                for j in range(k, e):
                    state.drop(idx[j], "split:" + rid)
                k = e
            else:
                k += 1
    if rules.split_label is not None:  # 来源： / 湖南日报; 发表时间： / 2026-02-09 09:45来源： / 宁夏日报
        rx, needs = _label_at_end(rules)
        for k in range(n - 1):
            t, nxt = seq[k], seq[k + 1]
            m = rx.search(t) if len(t) <= rules.max_line_chars and may_hold_match(t, needs) else None
            if m is None or not short(nxt) or (rules.keep is not None and rules.keep.fullmatch(nxt)):
                continue  # a title or a heading after a bare label is the document's, not the label's value
            rid = rules.match_drop(t[m.start():] + nxt)
            if rid is None:
                continue
            state.drop(idx[k + 1], "split:" + rid)
            head = t[:m.start()].strip()
            if not head or rules.match_drop(head) is not None:
                state.drop(idx[k], "split:" + rid)


_WIDGET_LINE: dict = {}


def _widget_line(rules: FurnitureRules) -> "re.Pattern[str]":
    rx = _WIDGET_LINE.get(rules.widget.pattern if rules.widget else "")
    if rx is None:
        assert rules.widget is not None
        token = rules.widget.pattern
        rx = _WIDGET_LINE[rules.widget.pattern] = re.compile(f"(?:\\s*(?:{token})\\s*){{{rules.widget_run_min},12}}")
    return rx


def _drop_symbol_lines(state: _State) -> None:
    """Drop lines without any letter, digit or Han character (a stray ``“``)."""
    for i, line in enumerate(state.lines):
        if line.segs and RE_WORD.search(line.text) is None:
            state.drop(i, "symbols")


def _join_spaced_digits(state: _State) -> None:
    """Remove the spaces of spaced-out numbers (``1 9 9 8 年``) when the text shows that artefact."""
    norm = state.norm
    lines = [line for line in state.lines if line.segs]
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
        if not line.segs:
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
    title = rules.keep.fullmatch(a) if rules.keep is not None else None
    if title is not None and rules.ids.get(title.lastgroup or "") == "title_like":
        return False  # a title ending in its genre word (……元旦、春节……的通知), not a sentence broken off
    if "\t" in a or "\t" in b:
        return False  # a table row (its cells joined by tabs) is a line of its own
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
        if not line.segs:
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
        if not line.segs and (not out or not out[-1].segs):
            continue
        out.append(line)
    while out and not out[-1].segs:
        out.pop()
    state.lines = out


def _drop_blank_lines(state: _State) -> None:
    """Drop every blank line: one paragraph per line."""
    state.lines = [line for line in state.lines if line.segs]


normalize_lines = Step("normalize_lines", _normalize_lines)
normalize_lines.__doc__ = """Unify line endings, strip zero-width characters and the tags Word's HTML export leaves
inside a paragraph (``<o:p></o:p>``, ``<?xml:namespace … />``), trim indentation.

Example:
    >>> normalize_lines("\\u3000\\u3000一、总体\\u200b要求  \\r\\n（一）指导<o:p></o:p>思想")
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

