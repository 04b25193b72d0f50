"""Outline: numbered headings (``一、`` ``（一）`` ``1.`` ``（1）`` ``①`` ``第一，`` ``一是``…).

:func:`parse_outline` finds the sections of a clean text and returns them as
:class:`~policytext.types.Section` objects in document order, each with its
level, marker, heading, path (``"二/（一）/3"``) and character span.

How levels are found
    Schemes come from ``data/rules/outline.yaml``. A scheme seen for the
    first time nests under the current one (a stack, like an indented list);
    a scheme seen before pops back to its level. One exception keeps broken
    documents sane: a scheme never nests under a scheme of larger canonical
    rank (``（一）`` after ``1.`` closes ``1.``), and run-in markers
    (``一是``, ``一要``, ``第一，``) never hold a numbered heading below them.

Parts
    A speech may restart ``一、`` several times (review of last year, tasks
    for this year, requirements). Each restart of the top-level scheme at 1
    opens a new *part*: ``Section.part`` counts them, and paths of part 2 and
    later are prefixed ``part2:``, ``part3:`` … so that paths stay unique
    (``"part2:一/一要"``). A path that would still repeat (a truncated file
    that restarts a run-in list) gets a ``#2``, ``#3`` … suffix.

Table of contents
    A run of short marker-only lines at the top of a file (or after a
    ``目录`` label) whose headings come back later is a table of contents
    (:func:`find_toc`); its markers are not sections.

Run-in markers
    ``一是``/``一要``/``第一，`` count at the start of a line and after
    sentence punctuation inside a paragraph; inside a paragraph a list must
    start at 一 and count up (``二要`` with no ``一要`` before it is ignored).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

from ..extract.numerals import parse_int
from ..types import Document, Section
from .lines import split_lines
from .outline_rules import DEFAULT_RULES, OutlineRules, Scheme, load_outline_rules

__all__ = ["Scheme", "OutlineRules", "load_outline_rules", "find_toc", "parse_outline", "format_outline",
           "match_marker", "DEFAULT_RULES"]

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
#: the other one-character markers read like circled numbers (their place in their run is their number)
_ENCLOSED = (_CIRCLED, "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩", "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛", "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇")
RE_NORM = re.compile(r"\s+")


# --------------------------------------------------------------------------- helpers


def _number(s: str, kind: str) -> Optional[int]:
    if kind == "arabic":
        try:
            return int(s)
        except ValueError:
            return None
    if kind == "circled":
        i = next((run.find(s) for run in _ENCLOSED if s in run), -1)
        return i + 1 if i >= 0 else None
    return parse_int(s)


@dataclass(frozen=True)
class _Marker:
    scheme: Scheme
    num: int
    marker: str
    path: str
    start: int
    marker_end: int
    kind: str = ""


def match_marker(line: str, *, rules: Optional[OutlineRules] = None) -> Optional[Tuple[str, str, int]]:
    """The numbering at the start of ``line``: ``(scheme id, marker, number)`` or ``None``.

    Example:
        >>> match_marker("（三）加强养老机构安全管理。")
        ('han_paren', '（三）', 3)
        >>> match_marker("2020年是收官之年。") is None
        True
    """
    m = _match_line(line, rules or load_outline_rules())
    return (m.scheme.id, m.marker, m.num) if m else None


def _match_line(line: str, rules: OutlineRules, offset: int = 0) -> Optional[_Marker]:
    if not line or (rules.start_chars and line[0] not in rules.start_chars):
        return None
    for s in rules.schemes:
        m = s.regex.match(line)
        if m is None:
            continue
        return _make_marker(s, m, offset)
    return None


def _make_marker(s: Scheme, m: "re.Match[str]", offset: int) -> Optional[_Marker]:
    num_text = m.group("num")
    n = _number(num_text, s.number)
    if n is None:
        return None
    kind = m.groupdict().get("kind") or ""
    marker = m.group().rstrip()
    if s.number == "arabic":
        num_text = str(n)  # １ and 1 are one number in a path
    return _Marker(s, n, marker, s.path.format(num=num_text, kind=kind), offset + m.start(), offset + m.end(),
                   kind)


def _norm(s: str) -> str:
    return RE_NORM.sub("", s).replace("(", "（").replace(")", "）").replace(",", "，")


# --------------------------------------------------------------------------- TOC


def find_toc(text: str, *, rules: Optional[OutlineRules] = None) -> Optional[Tuple[int, int]]:
    """Find a table of contents at the top of ``text``: its ``(start, end)`` or ``None``.

    A TOC is either a run of at least ``min_lines`` short marker-only lines at
    the very top whose headings reappear later as the start of a line, or the
    lines after a ``目录`` label.

    Example:
        >>> text = "一、总体要求\\n二、重点任务\\n三、保障措施\\n2021年民政工作要点\\n一、总体要求\\n坚持以人民为中心。\\n二、重点任务\\n（略）\\n三、保障措施\\n（略）"
        >>> s, e = find_toc(text)
        >>> text[s:e]
        '一、总体要求\\n二、重点任务\\n三、保障措施'
    """
    rules = rules or load_outline_rules()
    lines = split_lines(text)
    nonblank = [(p, l) for p, l in lines if l.strip()]
    if not nonblank:
        return None
    # a labelled TOC
    for k, (p, l) in enumerate(nonblank[: rules.toc_head_lines]):
        if rules.toc_label.fullmatch(l.strip()):
            run = _toc_run(nonblank[k + 1:], rules)
            if len(run) >= 2:
                last_p, last_l = run[-1]
                return p, last_p + len(last_l)
    for k in range(min(rules.toc_start_lines, len(nonblank))):  # at the top, or below a title (and a date)
        run = _toc_run(nonblank[k:], rules)
        if len(run) < rules.toc_min_lines:
            continue
        end = run[-1][0] + len(run[-1][1])
        later = [_norm(l) for p, l in nonblank if p >= end]
        hits = sum(1 for _, l in run if any(x.startswith(_norm(_toc_entry(l, rules))) for x in later))
        if hits * 2 >= len(run):
            return run[0][0], end
    return None


def _toc_entry(line: str, rules: OutlineRules) -> str:
    """A TOC line without its dot leaders or page number (一、总体要求……………3, 一、总体要求\t3: 一、总体要求)."""
    t = line.strip()
    cut = rules.toc_leader.search(t) or rules.toc_page_number.search(t)
    return t[:cut.start()].strip() if cut else t


def _toc_run(lines: Sequence[Tuple[int, str]], rules: OutlineRules) -> List[Tuple[int, str]]:
    """The entries of a TOC from the first of ``lines``: short marker-only lines (or lines with dot leaders), up to
    a long line, a sentence, or an entry that comes again (the body's first heading after the TOC)."""
    run: List[Tuple[int, str]] = []
    seen = set()
    for p, l in lines:
        t = _toc_entry(l, rules)
        leader = t != l.strip()
        if len(t) > rules.toc_max_line_chars or rules.heading_end.search(t) or "；" in t or _norm(t) in seen:
            break
        seen.add(_norm(t))
        if leader and t:  # an entry with dot leaders needs no marker (前言……2, 附件……20)
            run.append((p, l))
            continue
        m = _match_line(t, rules)
        if m is None or m.scheme.inline or m.marker_end >= len(t):
            break
        run.append((p, l))
    return run


# --------------------------------------------------------------------------- outline


def _heading(text: str, start: int, line_end: int, rules: OutlineRules, inline: bool) -> int:
    """End offset of the heading that starts at ``start`` (text up to 。 or the line end)."""
    rx = rules.inline_heading_end if inline else rules.heading_end
    m = rx.search(text, start, line_end)
    if m is not None:
        return m.start()
    if line_end - start <= rules.max_heading_chars:
        return line_end
    return start + rules.max_heading_chars


def _candidates(text: str, hints: Mapping[int, int], toc: Optional[Tuple[int, int]], skip_set: set,
                rules: OutlineRules) -> List[Tuple[_Marker, int, Optional[int]]]:
    """Markers that may open a section ``(marker, line_end, hint level)``, in text order."""
    cands: List[Tuple[_Marker, int, Optional[int]]] = []  # (marker, line_end, hint level)
    for pos, line in split_lines(text):
        if not line or pos in skip_set or (toc is not None and toc[0] <= pos < toc[1]):
            continue
        line_end = pos + len(line)
        m = _match_line(line, rules, pos)
        if m is not None and not m.scheme.inline and m.marker_end < line_end:
            cands.append((m, line_end, None))
        elif m is None and hints.get(pos):
            level = hints[pos]
            t = line.strip()
            scheme = Scheme(f"hint{level}", re.compile(""), "arabic", rules.hint_rank_base + level, t[:20])
            cands.append((_Marker(scheme, 0, "", t[:20], pos, pos), line_end, level))
        # run-in markers at the line start and after sentence punctuation
        if m is not None and m.scheme.inline and m.marker_end < line_end:
            cands.append((m, line_end, None))
        for im in rules.inline_marker.finditer(line):
            mm = _match_line(line[im.start():], rules, pos + im.start())
            if mm is not None and mm.scheme.inline and mm.marker_end < line_end:
                cands.append((mm, line_end, None))
    cands.sort(key=lambda c: c[0].start)
    return cands


def _close(sections: List[dict]) -> None:
    """Set each section's end: the start of the next section of the same or a higher level."""
    open_: List[dict] = []
    for sec in sections:
        while open_ and open_[-1]["level"] >= sec["level"]:
            open_.pop()["end"] = sec["start"]
        open_.append(sec)


def parse_outline(text: str, *, hints: Optional[Mapping[int, int]] = None,
                  toc: Optional[Tuple[int, int]] = None, skip: Sequence[int] = (),
                  rules: Optional[OutlineRules] = None) -> Tuple[Section, ...]:
    """Find the sections of a clean text.

    Args:
        text: Clean text, one paragraph per line.
        hints: Heading levels suggested by the format (docx outline levels,
            PDF font sizes), keyed by the offset of the line they belong to;
            a hinted line without a marker becomes a section too.
        toc: Span of a table of contents (:func:`find_toc`), ignored here.
        skip: Offsets of lines that are never sections (the title line).
        rules: Outline rules (default ``data/rules/outline.yaml``).
    Returns:
        Sections in document order.
    Example:
        >>> text = "一、总体要求\\n（一）指导思想\\n1.坚持党的领导。要…\\n2.坚持以人民为中心。\\n二、重点任务"
        >>> [(s.level, s.path, s.heading) for s in parse_outline(text)]  # doctest: +NORMALIZE_WHITESPACE
        [(1, '一', '总体要求'), (2, '一/（一）', '指导思想'), (3, '一/（一）/1', '坚持党的领导'),
         (3, '一/（一）/2', '坚持以人民为中心'), (1, '二', '重点任务')]
    """
    rules = rules or load_outline_rules()
    cands = _candidates(text, hints or {}, toc, set(skip), rules)

    sections: List[dict] = []
    stack: List[Tuple[str, float, str]] = []  # (scheme key, rank, path element)
    last_num: Dict[str, int] = {}
    inline_last: Dict[str, int] = {}
    top_key: Optional[str] = None
    part = 1
    seen_paths: Dict[str, int] = {}
    for m, line_end, hint in cands:
        s = m.scheme
        key = f"{s.id}:{m.kind}" if m.kind else s.id
        if s.inline:
            # a run-in list starts at 一 and counts up (二要 without 一要 is prose)
            if m.num != 1 and inline_last.get(key) != m.num - 1:
                continue
            inline_last[key] = m.num
        elif hint is None:
            prev = last_num.get(key)
            if prev is not None and m.num not in (prev + 1, prev + 2, 1):
                continue
            last_num[key] = m.num
            inline_last.clear()
        else:
            inline_last.clear()
        keys = [k for k, _, _ in stack]
        if key in keys:
            del stack[keys.index(key):]
        else:
            while stack and stack[-1][1] > s.rank:
                stack.pop()
        if not stack and top_key == key and m.num == 1 and not s.inline and hint is None:
            part += 1
        if not stack:
            top_key = key
        stack.append((key, s.rank, m.path))
        level = len(stack)
        path = "/".join(p for _, _, p in stack)
        if part > 1:
            path = f"part{part}:{path}"
        n = seen_paths.get(path, 0) + 1
        seen_paths[path] = n
        if n > 1:
            path = f"{path}#{n}"
        h_start = m.marker_end
        while h_start < line_end and text[h_start] in " \t\u3000":
            h_start += 1
        h_end = _heading(text, h_start, line_end, rules, s.inline)
        sections.append(dict(level=level, marker=m.marker, heading=text[h_start:h_end].strip(), path=path,
                             start=m.start, end=len(text), heading_end=h_end, part=part))
    _close(sections)
    return tuple(Section(**sec) for sec in sections)


def format_outline(doc: Document, *, paths: bool = False) -> str:
    """The outline of ``doc`` as an indented tree (parts separated by a rule).

    Args:
        doc: A loaded document.
        paths: Show each section's path after its heading.
    Example:
        >>> from policytext.document import from_text
        >>> print(format_outline(from_text("一、总体要求\\n（一）指导思想\\n二、重点任务")))
        一、总体要求
          （一）指导思想
        二、重点任务
    """
    out: List[str] = []
    part = 1
    for s in doc.sections:
        if s.part != part:
            part = s.part
            out.append(f"── part {part} ──")
        line = "  " * (s.level - 1) + s.marker + s.heading
        if paths:
            line += f"  [{s.path}]"
        out.append(line)
    return "\n".join(out) if out else "(no outline)"
