"""Segmenting: candidate tasks from a document's outline, in document order.

Each leaf section is a candidate; a group's own text before its first child
is one of kind ``head``; inline enumerators (``一要……二要……``, ``一是……``,
``第一，……``) or at least two run-in headings split a region into ``run_in``
candidates. Without any outline task, :func:`_directive_sentences` gives the
enumerated items or directive sentences of each paragraph. Which candidates
are tasks is decided in :mod:`.accept` (see :mod:`policytext.tasks`).
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from typing import Any, Iterator, List, Optional, Sequence, Tuple

from ..extract.numerals import parse_int
from ..types import Document, Paragraph, Section
from .rules import _Rules

RE_SENTENCE_END = re.compile(r"[。！？!?]")
RE_LEAD_PUNCT = re.compile(r"^[\s\u3000。，,、；;：:．.]+")
RE_CLAUSE_START = re.compile(r"(?:^|(?<=[。；;！!？?\n，,：:]))[ \t\u3000]*")
RE_CLAUSE_PUNCT = re.compile(r"[，,；;：:\n]")
_SPACES = frozenset(" \t\u3000")
RE_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
RE_HEAD_SPLIT = re.compile(r"[，,；;：:。！？!?]")
RE_DIGITS = re.compile(r"\d+")
RE_CN_DIGITS = re.compile(r"[一二三四五六七八九十]+")
RE_FIRST_SENTENCE_END = re.compile(r"[。！？!?\n；;]")
#: where a clause may open with a final provision (after an end or clause mark, a line break, a closing bracket)
RE_CLAUSE_MARK = re.compile(r"[。！？!?；;，,\n）)]")


@dataclass(frozen=True)
class _Piece:
    """A stretch of the text that may become a task: its span, list marker and heading."""

    start: int
    end: int
    heading: str
    marker: str


@dataclass(frozen=True)
class _Candidate(_Piece):
    section: Optional[str]
    kind: str
    group: Tuple[Any, ...]  # siblings decided together (a series of run-in items, a list of sections)

    @property
    def heading_text(self) -> str:
        return self.marker + self.heading


def _marker_ordinal(marker: str) -> Optional[int]:
    """The number of a list marker (``三、`` -> 3, ``（12）`` -> 12, ``第二，`` -> 2), or ``None``."""
    m = RE_DIGITS.search(marker)
    if m:
        return int(m.group())
    m = RE_CN_DIGITS.search(marker)
    return (parse_int(m.group()) or 0) if m else None


def _strip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\r\n\u3000":
        end -= 1
    return end


def _first_sentence(text: str, start: int, end: int, *, limit: int = 60) -> str:
    """The first sentence (up to 。！？； or a line end) of text[start:end]."""
    m = RE_FIRST_SENTENCE_END.search(text, start, end)
    stop = m.start() if m else end
    return text[start:stop].strip(" \t\u3000，,：:")[:limit]


def _children(sections: Sequence[Section]) -> dict:
    """Direct children of each section index (by span containment and level); key -1: the roots."""
    kids: dict = {i: [] for i in range(len(sections))}
    roots: List[int] = []
    stack: List[int] = []
    for i, s in enumerate(sections):
        while stack:
            top = sections[stack[-1]]
            if top.start <= s.start < top.end and s.level > top.level:
                break
            stack.pop()
        if stack:
            kids[stack[-1]].append(i)
        else:
            roots.append(i)
        stack.append(i)
    kids[-1] = roots
    return kids


def _enumerated_series(text: str, start: int, end: int, rules: _Rules) -> List[List[Tuple[int, int, str]]]:
    """Series of inline enumerators (一要/二要…, 一是…, 第一，…) at clause starts in text[start:end].

    One marker family is used per region: the one whose first series (an item
    一 followed by 二 …) starts first. A region may hold several series of
    that family one after another (一是…四是 then 一是…三是). Each item is
    ``(marker_start, marker_end, marker)``.
    """
    best: List[List[Tuple[int, int, str]]] = []
    for _id, pattern in rules.enumerators:
        if pattern.search(text, start, end) is None:
            continue  # no marker of this family anywhere in the region (one scan instead of one try per clause)
        found = []
        for cm in RE_CLAUSE_START.finditer(text, start, end):
            m = pattern.match(text, cm.end(), end)
            if m:
                found.append((m.start(), m.end(), m.group(0), (parse_int(m.group("n")) or 0),
                              m.group(0).replace(m.group("n"), "", 1)))
        series_list: List[List[Tuple[int, int, str]]] = []
        i = 0
        while i < len(found):
            first = found[i]
            if first[3] != 1:
                i += 1
                continue
            series = [first]
            j = i + 1
            while j < len(found):
                f = found[j]
                if f[4] == first[4] and f[3] == series[-1][3] + 1:
                    series.append(f)
                elif f[4] == first[4] and f[3] == 1:
                    break  # a new series starts
                j += 1
            if len(series) >= 2:
                series_list.append([(x[0], x[1], x[2]) for x in series])
                i = found.index(series[-1]) + 1
            else:
                i += 1
        if series_list and (not best or series_list[0][0][0] < best[0][0][0]):
            best = series_list
    return best


@functools.lru_cache(maxsize=4)
def _run_in_start_regex(inner: "re.Pattern[str]") -> "re.Pattern[str]":
    """A line break, or a ``。`` that the ``inner_start`` cue follows; never followed by a space."""
    return re.compile(rf"\n(?![ \t\u3000])|。(?![ \t\u3000])(?=(?:{inner.pattern}))", inner.flags)


def _run_in_starts(text: str, start: int, end: int, inner: "re.Pattern[str]") -> Iterator[int]:
    """Where a run-in heading may open in text[start:end]: a paragraph start (the start of the text, or
    right after ``\\n``), or right after ``。`` where the ``inner_start`` cue (``inner``) follows.

    The clause starts (:data:`RE_CLAUSE_START`) that open a line or follow ``。`` with no space before
    the text, those after ``。`` kept only where ``inner.match`` does; found with one scan instead of a
    test at every sentence.
    """
    if start == 0 and end > 0 and text[0] not in _SPACES:
        yield 0
    for m in _run_in_start_regex(inner).finditer(text, max(start - 1, 0)):  # the cue may look past ``end``
        s = m.end()
        if s >= end:
            return
        yield s


def _run_in_headings(text: str, start: int, end: int, rules: _Rules) -> List[Tuple[int, int, str]]:
    """Short run-in headings in text[start:end].

    A heading is a sentence of ``min_chars``–``max_chars`` characters ending in
    ``。`` with no comma, followed by more text in the same paragraph, that
    either opens a paragraph (``……服务机构防控。……``) or, inside a paragraph,
    starts with the ``inner_start`` cue (``要……。``).
    """
    out: List[Tuple[int, int, str]] = []
    for s in _run_in_starts(text, start, end, rules.run_in_inner):
        m = RE_SENTENCE_END.search(text, s, min(end, s + rules.run_in_max + 1))
        if not m or text[m.start()] != "。":
            continue
        sentence = text[s:m.start()]
        if not rules.run_in_min <= len(sentence) <= rules.run_in_max or RE_CLAUSE_PUNCT.search(sentence):
            continue
        rest = text[m.end():end]
        nl = rest.find("\n")
        if not rest[: nl if nl >= 0 else len(rest)].strip():
            continue  # nothing follows in the paragraph: an ordinary short sentence
        out.append((s, m.start(), sentence))
    return out


def _segment(doc: Document, rules: _Rules) -> List[_Candidate]:
    """Candidate tasks from the outline, in document order (see the module docstring)."""
    text = doc.text
    toc = doc.toc
    sections = [s for s in doc.sections if not (toc and toc[0] <= s.start < toc[1])]
    kids = _children(sections)
    out: List[_Candidate] = []

    def _runs(idx: List[int]) -> List[Tuple[int, int]]:
        """(part, run) of each sibling: a new run starts where the numbering restarts (一、 after 五、)."""
        out_runs, run, last = [], 0, None
        for i in idx:
            n = _marker_ordinal(sections[i].marker)
            if last is not None and n is not None and n <= last:
                run += 1
            last = n if n is not None else last
            out_runs.append((sections[i].part, run))
        return out_runs

    def add(start: int, end: int, heading: str, marker: str, path: Optional[str], kind: str,
            group: Tuple[Any, ...]) -> None:
        end = _strip_end(text, start, end)
        if end > start:
            out.append(_Candidate(start, end, heading.strip(), marker, path, kind, group))

    def split_series(start: int, body_start: int, end: int, heading: str, marker: str,
                     path: Optional[str], *, leaf_kind: Optional[str], group: Tuple[Any, ...]) -> None:
        """Split a region at inline enumerators or run-in headings; else one task (leaf_kind)."""
        series_list = _enumerated_series(text, body_start, end, rules)
        if not series_list:
            heads = _run_in_headings(text, body_start, end, rules)
            if len(heads) >= rules.run_in_count:
                series_list = [[(s, s, "") for s, _e, _h in heads]]
        if not series_list:
            if leaf_kind is not None:
                add(start, end, heading, marker, path, leaf_kind, group)
            return
        first = series_list[0][0][0]
        if leaf_kind is not None and text[body_start:first].strip(" \t\r\n\u3000。，,：:"):
            add(start, first, heading, marker, path, "head", ("head", start))
        for k, series in enumerate(series_list):
            stop = series_list[k + 1][0][0] if k + 1 < len(series_list) else end
            for n, (s, m_end, marker_) in enumerate(series):
                e = series[n + 1][0] if n + 1 < len(series) else stop
                add(s, e, _first_sentence(text, m_end, e), marker_, path, "run_in", ("series", start, k))

    def visit(i: int, group: Tuple[Any, ...]) -> None:
        s = sections[i]
        children = kids[i]
        if children:
            first = sections[children[0]].start
            if text[s.heading_end:first].strip(" \t\r\n\u3000。，,：:"):
                split_series(s.start, s.heading_end, first, s.heading, s.marker, s.path,
                             leaf_kind="head", group=("head", s.start))
            for c, run in zip(children, _runs(children)):
                visit(c, ("sections", i, run))
        else:
            split_series(s.start, s.heading_end, s.end, s.heading, s.marker, s.path,
                         leaf_kind="item", group=group)

    if sections:  # enumerated items before the outline (a speech whose first part has no 一、)
        split_series(0, 0, sections[0].start, "", "", None, leaf_kind=None, group=("pre",))
    for r, run in zip(kids[-1], _runs(kids[-1])):
        visit(r, ("sections", -1, run))
    return out


def _directive_sentences(doc: Document, rules: _Rules, committed: Sequence[int] = ()) -> List[_Candidate]:
    """Fallback without outline tasks: enumerated items or directive sentences of each paragraph, and the
    sentences that commit to a target (``committed``: where they start; 新增100张养老床位 in a news item's
    list of the year's projects)."""
    text = doc.text
    toc = doc.toc
    out: List[_Candidate] = []
    paragraphs = doc.paragraphs or _paragraphs_of(text)
    for p in paragraphs:
        if toc and toc[0] <= p.start < toc[1]:
            continue
        series_list = _enumerated_series(text, p.start, p.end, rules)
        if series_list:
            items = [x for series in series_list for x in series]
            for k, (s, m_end, marker) in enumerate(items):
                e = items[k + 1][0] if k + 1 < len(items) else p.end
                out.append(_Candidate(s, _strip_end(text, s, e), _first_sentence(text, m_end, e), marker,
                                      p.section, "run_in", ("series", p.start, 0)))
            continue
        for m in RE_SENTENCE.finditer(text[p.start:p.end]):
            s, e = p.start + m.start(), p.start + m.end()
            sent = text[s:e]
            if not (rules.directive.search(sent) or _holds(committed, s, e)) or rules.review.search(sent):
                continue
            lead = RE_LEAD_PUNCT.match(sent)
            if lead:
                s += lead.end()
            h = RE_HEAD_SPLIT.split(text[s:e], maxsplit=1)[0][:40]
            out.append(_Candidate(s, _strip_end(text, s, e), h, "", p.section, "directive", ("sentence", s)))
    return out


def _holds(starts: Sequence[int], a: int, b: int) -> bool:
    """Whether one of the sorted ``starts`` lies in ``[a, b)``."""
    i = bisect.bisect_left(starts, a)
    return i < len(starts) and starts[i] < b


def _paragraphs_of(text: str) -> list:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Paragraph(text=line, start=pos, end=pos + len(line)))
        pos += len(line) + 1
    return out


RE_AFTER_NOTE = re.compile(r"[。；;．.\s\u3000]*")


def _split_at_notes(text: str, candidates: Sequence[_Candidate]) -> List[_Candidate]:
    """Split a candidate that holds several tasks, each closed by its own responsibility note.

    ``加强电子证照应用……。（省政府办公厅牵头）持续开展……。（省司法厅牵头）``
    are two tasks: a candidate with two or more notes (brackets or labelled
    lines, :func:`policytext.tasks.units.find_notes`) is cut after each note
    that more text follows. The first piece keeps the heading and marker; a
    later piece is headed by its first sentence, with kind ``run_in``.
    """
    from .units import find_notes

    out: List[_Candidate] = []
    for c in candidates:
        notes = [n for n in find_notes(text[c.start:c.end]) if n[2] in ("note", "line")]
        if len(notes) < 2:
            out.append(c)
            continue
        cuts = []
        for k, (s, e, _form, _u) in enumerate(notes[:-1]):
            nxt = notes[k + 1][0]
            m = RE_AFTER_NOTE.match(text, c.start + e)
            rest = m.end() if m else c.start + e
            if text[rest:c.start + nxt].strip(" \t\r\n\u3000。；;，,"):
                cuts.append((c.start + e, rest))
        if not cuts:
            out.append(c)
            continue
        start, heading, marker, kind = c.start, c.heading, c.marker, c.kind
        for end, nxt in cuts:
            e2 = _strip_end(text, start, end + (1 if text[end:end + 1] in "。；;" else 0))
            out.append(_Candidate(start, e2, heading, marker, c.section, kind, c.group))
            start, marker, kind = nxt, "", "run_in"
            heading = _first_sentence(text, nxt, c.end)
        out.append(_Candidate(start, c.end, heading, marker, c.section, kind, c.group))
    return out


def _final_provision_at(text: str, body: int, end: int, rx: "re.Pattern[str]", article: "re.Pattern[str]",
                        last: int) -> Optional[int]:
    """Where the first clause of ``text[body:end]`` that opens with a final provision (``rx``, after a
    ``第X条``: ``article``) begins, or ``None``; clauses that open after ``last`` (where the last text
    one of which every provision holds begins) are not tried."""
    for s in [body] + [m.end() for m in RE_CLAUSE_MARK.finditer(text, body, min(end, last + 1))]:
        while s < end and text[s].isspace():
            s += 1
        a = article.match(text, s, end)
        if rx.match(text, a.end() if a else s, end):
            return s
    return None


def _work_before(before: str, c: _Candidate, rules: _Rules) -> bool:
    """Whether the text before a candidate's final provisions is work: not nothing, nor a heading alone that names
    no work (二、其他事项; 1．建立……机制 names some)."""
    if not before:
        return False
    heading = (c.heading or "").strip("。")
    return before != heading or bool(rules.imperative_heading.match(heading) or rules.directive.search(heading))


def _cut_final_provisions(text: str, candidates: Sequence[_Candidate], rules: _Rules) -> List[_Candidate]:
    """Candidates without the final provisions of a regulation or plan (the rule ``final_provision``).

    ``第二十四条 本办法自发布之日起施行。`` is no task and is left out; the last
    item of a policy that runs into its closing provisions (``……另行制定。
    本政策自发布之日起施行，有效期3年。``) ends where they begin, unless a
    responsibility note follows them (the note names who does the work before
    them, so the item keeps its whole text). Every clause of a candidate is
    tried from its start, up to the last of the texts one of which every
    final provision holds (``本``, ``此``, ``《`` …); table rows are kept as they are.
    """
    from ..document.outline_rules import load_outline_rules
    from .units import find_notes

    rx = rules.final_provision
    if rx is None:
        return list(candidates)
    article = load_outline_rules().scheme("article").regex
    needs = rules.final_provision_texts
    out: List[_Candidate] = []
    for c in candidates:
        body = c.start + len(c.marker) if c.marker and text.startswith(c.marker, c.start) else c.start
        last = max(text.rfind(w, body, c.end) for w in needs) if needs else c.end
        if (c.group and c.group[0] == "table") or last < 0:
            cut = None
        else:
            cut = _final_provision_at(text, body, c.end, rx, article, last)
        if cut is None:
            out.append(c)
        elif _work_before(text[body:cut].strip().strip("。；;，,、"), c, rules):  # work before the provisions: keep it
            if any(n[2] in ("note", "line") for n in find_notes(text[cut:c.end])):
                out.append(c)
                continue
            end = cut
            while text[end - 1].isspace() or text[end - 1] in "，,、；;":
                end -= 1
            out.append(replace(c, end=end))
    return out
