"""Targets: find quantified commitments (目标任务) and their deadlines.

A target is a statement of something to be achieved, done or kept from now on
that carries an explicit quantity (``../shared/gold/GUIDELINES.md`` §1). The
extractor works sentence by sentence:

1. only sentences holding a number, a placeholder (``×``) or a full-coverage
   phrase are analysed (a regex prefilter keeps it fast);
2. quantities come from :func:`policytext.extract.quantities.extract_quantities` and
   time phrases from :func:`policytext.extract.times.extract_times`;
3. a quantity is dropped when it is a name (``三个方面``), a duration or a
   procedural time limit (``5个工作日内``), a date, part of a title or slogan,
   a statistic (``共有``, ``占…``), a standard in force (``均为…元``), negated,
   or an achievement: achievement cues in its clause (``已``, ``累计``,
   ``截至``, aspect ``了`` …), a past year, or a review part of the document
   (``工作回顾``, or a part whose text reads as a review);
4. what survives becomes a :class:`~policytext.types.Target`: indicator,
   comparator, deadline (the nearest time phrase of the clause, or of an
   earlier clause of the sentence that scopes it; else the document's year),
   strength, direction and baseline.

All cue words live in ``policytext/data/rules/targets.yaml``
(:mod:`~policytext.extract.target_rules`). Review parts come from
:mod:`~policytext.extract.review`, the fields of a target from
:mod:`~policytext.extract._target_fields`, the exclusion checks from
:mod:`~policytext.extract._target_checks`, the deadline choice from
:mod:`~policytext.extract.deadlines` and the dropping of restatements from
:mod:`~policytext.extract.dedupe`. This module never builds a Document from
text (:func:`policytext.extract_targets` does, in :mod:`policytext.api`).
"""
from __future__ import annotations

import bisect
import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Sequence, Set, Tuple, Union

from ..types import Document, Quantity, Section, Target, TimeExpression
from ._scan import first_chars, gated_start, without_lookarounds
from ._target_checks import STICKY, Candidate, excluded_by_context, in_reference, quantity_verdict, reported_change
from ._target_fields import (RE_CLAUSE_BOUNDARY, RE_LIST_SEP, change_unit_ok, elided_object, implied_units,
                             last_match, read_comparator, read_indicator, read_strength, split_subject, strip_indicator,
                             strip_tail, unmask, without_spans)
from .dedupe import drop_restatements
from .deadlines import (RE_SENTENCE, SENTENCE_ENDS, ends_before, heading_periods, lead_ins, opening_horizon, pick_time,
                        plan_horizon, respective_time, title_period_start, title_periods, title_range, usable_times)
from .review import notes_span, plan_spans, review_spans
from .target_rules import TargetRules, load_rules

__all__ = ["extract_targets", "review_spans"]

RE_TITLE = re.compile(r"《[^《》\n]{0,80}》|“[^“”\n]{0,15}”|\"[^\"\n]{0,15}\"|「[^「」\n]{0,15}」")
RE_QUOTE_MARKS = re.compile(r"[“”\"'‘’「」]")
_LIST_JOINERS = ("、", "和", "及", "与")


# --------------------------------------------------------------------------- public API


def extract_targets(doc_or_text: Union[Document, str], *, reference_date: Optional[_dt.date] = None,
                    sections: Sequence[Section] = (), year: Optional[int] = None,
                    toc: Optional[Tuple[int, int]] = None) -> List[Target]:
    """Find the quantified commitments of a document, with their deadlines.

    Args:
        doc_or_text: A :class:`~policytext.types.Document` (from
            :func:`policytext.load`), or plain text taken as it is: nothing is
            detected from it (use :func:`policytext.extract_targets` to have
            its year and outline detected first).
        reference_date: The date ``今年`` refers to when the document states
            no year of its own (a document's own year wins).
        sections: With plain text, its outline (review parts are judged by
            it, and a heading may give a deadline).
        year: With plain text, the year ``今年`` refers to.
        toc: With plain text, the span of a table of contents to skip.
    Returns:
        Targets in document order; ``start``/``end`` and
        ``quote_start``/``quote_end`` are offsets into the document text.
    Raises:
        TypeError: ``doc_or_text`` is neither a Document nor a str, or
            ``sections``/``year``/``toc`` are given with a Document.
        PatternError: ``data/rules/targets.yaml`` is malformed.
    Example:
        >>> [(t.indicator, t.value, t.comparator, str(t.deadline))
        ...  for t in extract_targets("到2025年底，农村敬老院入住率达到60%以上。")]
        [('农村敬老院入住率', 60.0, '>=', '2025-12-31')]
        >>> [str(t.deadline) for t in extract_targets("新建敬老院2所。", year=2021)]
        ['2021-12-31']
        >>> from policytext.types import Document
        >>> [t.value for t in extract_targets(Document(text="今年新建社区食堂12个。", year=2024))]
        [12.0]
    """
    doc = _source(doc_or_text, sections, year, toc)
    year, ref = _reference(doc, reference_date)
    R = load_rules()
    from .quantities import extract_quantities
    from .times import extract_times

    ctx = _Ctx(doc, year, ref, R, extract_quantities, extract_times)
    ctx.past_before = year if year is not None else title_period_start(doc, ref)
    review = review_spans(doc)
    ctx.report = bool(review)
    plan = plan_spans(doc) if doc.sections else []
    skip = [doc.toc] if doc.toc else []
    notes = notes_span(doc.text)
    if notes is not None:
        skip.append(notes)
    text = doc.text
    out: List[Target] = []
    # where the sentences with a number (or 全覆盖 …) are: one scan of the text (a match never spans two);
    # only the lines holding one are read (_sentences_near)
    hits = [c.start() for c in _starts(R.re_candidate.pattern, R.re_candidate.flags).finditer(text)]
    k, n_hits = 0, len(hits)
    no_cue = _anywhere(R.re_review_future.pattern, R.re_review_future.flags)
    para_review: Optional[bool] = False  # the paragraph opens with 过去五年…; None: not asked yet
    para_opening = (0, 0)  # the span of the paragraph's first sentence
    prev_found = False  # the previous sentence of the paragraph gave targets
    pieces: Dict[int, int] = {}  # a later piece of a long sentence -> where the sentence starts (its first piece)
    for m in _sentences_near(text, hits):
        s, e = m.span()
        if s == 0 or text[s - 1] == "\n":  # a new paragraph: its opening is read once a sentence needs it
            para_review, para_opening = None, (s, e)
            prev_found = False
        while k < n_hits and hits[k] < s:
            k += 1
        if k == n_hits or hits[k] >= e:
            prev_found = False
            continue
        sent = m.group()
        if skip and _inside(skip, s, s + 1):
            continue
        if para_review is None:
            para_review = R.re_paragraph_review.match(text[para_opening[0]:para_opening[1]].lstrip()) is not None
        in_review = para_review or (bool(review) and _inside(review, s, s + 1))
        piece = s > 0 and text[s - 1] in _PIECE_ENDS  # the next piece of a sentence read in pieces: its context
        if piece:  # one sentence for dedupe: where the sentence of this piece starts
            pieces[s] = max(text.rfind(x, 0, s) for x in _NO_SENTENCE_START) + 1
        carry = (prev_found and (piece or R.re_continuation.match(sent) is not None)) or (
            bool(plan) and not in_review and _inside(plan, s, s + 1))
        if in_review and not carry and no_cue is not None and no_cue.search(sent) is None:
            prev_found = False  # in a review part a number needs a future cue before it: none can be there
            continue
        found = _analyse(sent, s, ctx, in_review, carry)
        prev_found = bool(found)
        out.extend(found)
    return drop_restatements(out, R, headline_end=_headline_end(doc), pieces=pieces, rows=_table_rows(text, out))


def _table_rows(text: str, targets: List[Target]) -> Dict[int, int]:
    """Target start -> where its line starts, for targets on a table row's line (cells joined by tabs)."""
    rows: Dict[int, int] = {}
    for t in targets:
        a = text.rfind("\n", 0, t.start) + 1
        b = text.find("\n", t.start)
        if "\t" in text[a:b if b >= 0 else len(text)]:
            rows[t.start] = a
    return rows


def _headline_end(doc: Document) -> int:
    """Where the document's title ends when its first line is the title (a news headline), else 0."""
    text, head = doc.text, doc.text[:200]  # (the head only: no copy of the whole text)
    start = len(head) - len(head.lstrip("\n"))
    end = text.find("\n", start)
    line = text[start:end if end >= 0 else len(text)]
    if not doc.title or not line.strip() or doc.title.replace(" ", "") not in line.replace(" ", ""):
        return 0
    return start + len(line)


_NO_SENTENCE_START = SENTENCE_ENDS + "\n"


#: A sentence longer than this (the longest of the corpora has 638 characters) is read in pieces that end at a
#: clause mark (，；、), so that reading stays linear in its length.
MAX_SENTENCE_CHARS = 2000
RE_LONG_PIECE = re.compile(f"[^\\n]{{1,{MAX_SENTENCE_CHARS}}}[，,；;、]|[^\\n]{{1,{MAX_SENTENCE_CHARS}}}")
_PIECE_ENDS = "，,；;、"  # where a piece of a long sentence may end (RE_LONG_PIECE): no sentence ends there


def _sentences_near(text: str, hits: Sequence[int]) -> Iterator["re.Match[str]"]:
    """The sentences of ``text`` (``RE_SENTENCE``) on the lines that hold one of ``hits`` (sorted offsets).

    :func:`extract_targets` needs no other: a sentence without a hit only ends the run of sentences
    that give targets, and one that opens a paragraph (right after a line break) sets the paragraph's
    state afresh. So the lines before a line that opens with a sentence are not read when they hold
    no hit; a line that opens otherwise (with 。) is read with every line since the last one read.

    Example:
        >>> [m.group() for m in _sentences_near("甲。\\n乙。丙3个。\\n丁。\\n。戊5个。", [6, 15])]
        ['乙。', '丙3个。', '丁。', '戊5个。']
    """
    n, k, pos = len(text), 0, 0
    while k < len(hits):
        start = text.rfind("\n", 0, hits[k]) + 1
        if start > pos and text[start] not in _NO_SENTENCE_START:
            pos = start
        end = text.find("\n", hits[k])
        end = n if end < 0 else end
        for m in RE_SENTENCE.finditer(text, pos, end):
            if m.end() - m.start() <= MAX_SENTENCE_CHARS:
                yield m
            else:  # a "sentence" of thousands of characters (a table or a list run together): its clauses in
                yield from RE_LONG_PIECE.finditer(text, m.start(), m.end())  # pieces, or each number reads it all
        k = bisect.bisect_right(hits, end, k)
        pos = end


@functools.lru_cache(maxsize=4)
def _starts(pattern: str, flags: int) -> "re.Pattern[str]":
    """A regex matching one character wherever a match of ``pattern`` starts: re skips ahead to the
    characters a match can start with (:func:`~policytext.extract._scan.first_chars`) and looks ahead there."""
    fc = first_chars(pattern, flags)
    return re.compile(gated_start(fc, pattern) if fc else f"(?=(?:{pattern}))(?s:.)", flags)


@functools.lru_cache(maxsize=4)
def _anywhere(pattern: str, flags: int) -> "Optional[re.Pattern[str]]":
    """A regex that finds something in every sentence where ``pattern`` finds something before a
    number (quotes blanked), or ``None`` (see :func:`~policytext.extract._scan.without_lookarounds`)."""
    relaxed = without_lookarounds(pattern, flags)
    return re.compile(relaxed, flags) if relaxed is not None else None


def _source(doc_or_text: Union[Document, str], sections: Sequence[Section], year: Optional[int],
            toc: Optional[Tuple[int, int]]) -> Document:
    """The document to read: as given, or plain text with the outline and year the caller gives."""
    if isinstance(doc_or_text, Document):
        if sections or year is not None or toc is not None:
            raise TypeError("sections, year and toc describe plain text; a Document carries its own")
        return doc_or_text
    if isinstance(doc_or_text, str):
        return Document(text=doc_or_text, sections=tuple(sections), year=year, toc=toc)
    raise TypeError(f"extract_targets() takes a Document or a str, not {type(doc_or_text).__name__}; "
                    "load files with policytext.load(path) first")


def _reference(doc: Document, reference_date: Optional[_dt.date]) -> Tuple[Optional[int], Optional[_dt.date]]:
    year = doc.year
    if year is None and reference_date is not None:
        year = reference_date.year
    if year is None:
        return None, None
    if doc.date is not None and doc.date.year == year:
        return year, doc.date
    if reference_date is not None and reference_date.year == year:
        return year, reference_date
    return year, _dt.date(year, 1, 1)


# --------------------------------------------------------------------------- document context


@dataclass
class _Ctx:
    doc: Document
    year: Optional[int]
    reference: Optional[_dt.date]
    rules: TargetRules
    quantities: Any = None
    times: Any = None
    heading_times: Optional[Dict[int, Tuple[Optional[TimeExpression], bool, Optional[int]]]] = None
    report: bool = False  # the document reviews past work (a report or speech, not a plan)
    horizon: Any = False  # the plan's horizon (a TimeExpression or None); False until looked for
    lead_ins: Optional[List[Tuple[int, Optional[str], TimeExpression]]] = None
    titles: Optional[List[Tuple[int, int, Tuple[Optional[TimeExpression], bool, Optional[int]]]]] = None
    past_before: Optional[int] = None  # a time ending before this year is past: the year, else the title's period
    title_range: Any = False  # the period of years the title names and its last day (or None); False until looked for

    def lead_in(self, pos: int) -> Optional[TimeExpression]:
        """The time limit a paragraph of the same section opens with (第一步，到2020年…) and that scopes
        the rest of it and the list after it (the goals of each step, each on a line of its own); the
        latest one wins.

        Only a future limit (after the document's year, any when the year is unknown) scopes a list.
        """
        if self.lead_ins is None:
            self.lead_ins = lead_ins(self.doc, self.rules, self.reference, self.year)
        if not self.lead_ins:
            return None
        sec = self.doc.section_at(pos)
        path = sec.path if sec else None
        found = None
        for end, section, t in self.lead_ins:
            if end > pos:
                break
            found = t if section == path else None
        return found

    def plan_horizon(self, pos: int) -> Optional[TimeExpression]:
        """The time limit the goals section of a plan opens with (二、工作目标 到2025年底，……).

        In a report (a document with review parts) it holds only inside the top
        section of the goals: the rest of an annual report is about its year.
        """
        if self.horizon is False:
            self.horizon = plan_horizon(self.doc, self.rules, self.reference, self.year)
        if self.horizon is None:
            return None
        t, (a, b) = self.horizon
        return t if not self.report or a <= pos < b else None

    def heading_time(self, pos: int) -> Tuple[Optional[TimeExpression], bool]:
        """The future period of the innermost heading naming one (“十四五”时期主要目标任务), and whether a
        heading names the plan year itself (三、2026年重点工作: then no longer horizon applies).

        A heading naming both (“十五五”时期目标任务和2026年工作安排) covers the period up to the
        paragraph that turns to the plan year (今年是…), and the plan year from there on.
        """
        if not self.doc.sections:
            return None, False
        if self.heading_times is None:
            self.heading_times = {}
        enclosing = sorted((s for s in self.doc.sections if s.start <= pos < s.end), key=lambda s: -s.level)
        annual = False
        for sec in enclosing:
            if sec.start not in self.heading_times:
                self.heading_times[sec.start] = heading_periods(self.doc, sec, self.rules, self.reference, self.year)
            found, this_year, switch = self.heading_times[sec.start]
            if found is not None and (switch is None or pos < switch):
                return found, False
            annual = annual or this_year
        if annual:
            return None, True
        named = self._title_time(pos)
        if named is not None:
            return named
        if enclosing:  # a heading that names no period: the opening sentence of the top section
            top = enclosing[-1]
            key = -1 - top.start
            if key not in self.heading_times:
                self.heading_times[key] = (opening_horizon(self.doc.text, top, self.reference, self.year,
                                                           self.doc.sections), False, None)
            return self.heading_times[key][:2]
        return None, False

    def _title_time(self, pos: int) -> Optional[Tuple[Optional[TimeExpression], bool]]:
        """The future period the nearest title line naming a time before ``pos`` names, when the outline
        missed it; a title naming the plan year (or a past one) only ends the scope of the one before."""
        if self.titles is None:
            self.titles = title_periods(self.doc, self.rules, self.reference, self.year)
        i = bisect.bisect_right([a for a, _, _ in self.titles], pos) - 1
        if i < 0 or pos >= self.titles[i][1]:
            return None
        found, _, switch = self.titles[i][2]
        return (found, False) if found is not None and (switch is None or pos < switch) else None


def _inside(spans: Sequence[Tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _overlaps(spans: Sequence[Tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def _clause_bounds(sent: str) -> List[int]:
    """Offsets where clauses start (0 and after each boundary mark)."""
    return [0] + [m.end() for m in RE_CLAUSE_BOUNDARY.finditer(sent)]


def _clause_of(starts: List[int], pos: int, n: int) -> Tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    a = starts[max(i, 0)]
    b = starts[i + 1] - 1 if i + 1 < len(starts) else n
    return a, b


def _section_path(doc: Document, pos: int) -> Optional[str]:
    if not doc.sections:
        return None
    s = doc.section_at(pos)
    return s.path if s is not None else None


# --------------------------------------------------------------------------- sentence analysis


@dataclass
class _Sentence:
    """One sentence: what is found in it once, and the state carried from one number to the next."""

    text: str
    offset: int
    ctx: _Ctx
    in_review: bool
    carry: bool
    time_spans: List[Tuple[int, int]]
    masks: List[Tuple[int, int]]
    baselines: List["re.Match[str]"]
    base_spans: List[Tuple[int, int]]
    usable: List[TimeExpression]
    starts: List[int]
    out: List[Target] = field(default_factory=list)
    evidence_end: Dict[int, int] = field(default_factory=dict)  # clause start -> end of its last target's evidence
    list_verb: Dict[int, str] = field(default_factory=dict)  # clause start -> verb heading a list (新建A、B)
    sticky: bool = False  # the previous quantity of the sentence was a standard/statistic
    item_starts: List[int] = field(default_factory=list)  # where the numbers of the sentence start
    respective: Dict[int, List[str]] = field(default_factory=dict)  # 分别 position -> the subjects it spreads
    spread_times: Set[int] = field(default_factory=set)  # where the values are that a 分别 gives a time each
    prev_kept: bool = False  # the previous number of the sentence gave a target
    breakdown: bool = False  # ... as an item after 其中 (the items after it are parts too)
    prefix_comparator: Optional[str] = None  # the previous target's comparator, when a cue before it gave it


def _analyse(sent: str, offset: int, ctx: _Ctx, in_review: bool, carry: bool = False) -> List[Target]:
    R = ctx.rules
    quantities = [q for q in implied_units(sent, ctx.quantities(sent), R)
                  if not q.nominal and (q.value is not None or q.placeholder)
                  and (q.unit not in R.excluded_units or change_unit_ok(sent, q, R))
                  and not R.re_time_limit.match(sent[q.end:q.end + 5])]
    coverage = list(R.re_full_coverage.finditer(sent))
    if not quantities and not coverage:
        return []
    s = _prepare(sent, offset, ctx, in_review, carry)
    items = _items(s, quantities, coverage)
    s.item_starts = [qs for qs, _, _ in items]
    for qs, qe, q in items:
        _consider(s, qs, qe, q)
    return s.out


def _prepare(sent: str, offset: int, ctx: _Ctx, in_review: bool, carry: bool) -> _Sentence:
    times = list(ctx.times(sent, reference=ctx.reference))
    # quoted titles and slogans are masked, but not a quoted plan name that is
    # a time phrase (“十四五”期间, 到“十四五”末)
    masks = [m.span() for m in RE_TITLE.finditer(sent)
             if not any(t.start <= m.start() and m.end() <= t.end for t in times)]
    baselines = list(ctx.rules.re_baseline.finditer(sent))
    base_spans = [m.span() for m in baselines]
    usable = usable_times(sent, times, masks + base_spans, non_deadline_suffix=ctx.rules.re_non_deadline_suffix)
    return _Sentence(sent, offset, ctx, in_review, carry, [(t.start, t.end) for t in times], masks, baselines,
                     base_spans, usable, _clause_bounds(sent))


def _after_comparator(sent: str, pos: int, R: TargetRules) -> bool:
    """Whether a comparator cue (不低于, 高于 …) ends right before ``pos``: what follows is compared with."""
    head = sent[max(0, pos - 4):pos]
    return any(m.end() == len(head) for m in R.re_comp_prefix.finditer(head))


def _items(s: _Sentence, quantities: Sequence[Quantity],
           coverage: Sequence["re.Match[str]"]) -> List[Tuple[int, int, Optional[Quantity]]]:
    """Quantities outside time phrases, titles and baselines, and full-coverage phrases, in text order."""
    quantities = [q for q in quantities
                  if not _overlaps(s.time_spans, q.start, q.end) and not _overlaps(s.masks, q.start, q.end)
                  and not _overlaps(s.base_spans, q.start, q.end)]
    items: List[Tuple[int, int, Optional[Quantity]]] = [(q.start, q.end, q) for q in quantities]
    for m in coverage:
        if not any(q.start < m.end() and m.start() < q.end for q in quantities):
            items.append((m.start(), m.end(), None))
    items.sort(key=lambda x: x[0])
    return items


def _consider(s: _Sentence, qs: int, qe: int, q: Optional[Quantity]) -> None:
    """Judge one number of the sentence; append its target to ``s.out`` when it is one."""
    R, sent = s.ctx.rules, s.text
    c = _candidate(s, qs, qe, q)
    s.prev_kept = False
    if excluded_by_context(R, sent, c, s.base_spans, s.in_review):
        return
    if q is not None:
        verdict = quantity_verdict(R, sent, c, q, s.sticky)
        if verdict is not None:
            s.sticky = s.sticky or verdict == STICKY
            return
        s.sticky = False
        if not s.in_review and reported_change(R, sent, c, s.baselines):
            return  # 比上年增长8.5%: a reported change, not a commitment
    usable = s.usable
    if q is not None and q.unit in ("%", "倍"):  # 达到当地上年度……消费支出的30%, 完成全年任务的80%: a time in the
        usable = [t for t in usable if not in_reference(R, sent, t.start, t.end, c.ca, qs)]  # reference
    t = pick_time(usable, qs, qe, (c.ca, c.cb), sent)
    k = sent.rfind("分别", c.ca, qs)
    if k >= 0:  # 2024年、2025年……分别达到55%、60%: each value has its year
        spread = respective_time(sent, s.usable, s.item_starts, k, qs, c.cb)
        if spread is not None:
            s.spread_times.add(qs)
            t = spread
    if t is not None and t.end <= c.ca and _after_comparator(sent, t.start, R):
        t = None  # 增幅不低于上年度……增幅；新增…60个: what an earlier clause compares with scopes nothing
    if t is not None and t.end <= c.ca and t.year_known and ends_before(t, s.ctx.past_before) \
            and s.ctx.rules.re_time_modifier.match(sent, t.end, c.ca):
        t = None  # 建设“十四五”批复的基地，争取再纳规3个: a past time qualifying a noun scopes nothing
    if t is not None and t.year_known and ends_before(t, s.ctx.past_before) and R.re_year_modifier.match(sent, t.end - 2):
        t = None  # 开展2024年度社会组织年报工作，年报率达到90%以上 (in a plan of 2025): the year of the exercise
    if t is not None and t.text.endswith("起"):
        t = None  # 自2024年7月1日起，……提高到每人每月1300元: when a standard starts to apply, no time limit
    t = t or _closing_time(s, c)
    if t is not None and t.year_known and ends_before(t, s.ctx.past_before):
        return  # a past period: a result, not a commitment
    if t is not None and _over_by_date(s, c, t):
        return  # 上半年，全市新增…… in a speech of July: a period over when the document was dated
    s.out.append(_make_target(s, c, t))
    s.prev_kept, s.breakdown = True, c.breakdown


def _over_by_date(s: _Sentence, c: Candidate, t: TimeExpression) -> bool:
    """A period (not a deadline) that ended before the document's date, with no commitment cue in the clause."""
    date = s.ctx.doc.date
    return (date is not None and not t.deadline and t.year_known and t.date_to is not None and t.date_to < date
            and s.ctx.rules.re_review_future.search(s.text, c.ca, c.qs) is None)


def _candidate(s: _Sentence, qs: int, qe: int, q: Optional[Quantity]) -> Candidate:
    R, sent = s.ctx.rules, s.text
    ca, cb = _clause_of(s.starts, qs, len(sent))
    seg_start = max(ca, s.evidence_end.get(ca, ca))
    future_before = s.carry or R.re_future.search(sent[:qs]) is not None
    # inside a review part only a strong cue outside quoted slogans counts (“五个必须坚持”, 争取资金…亿元)
    review_future = s.in_review and (s.carry or R.re_review_future.search(unmask(sent[:qs], s.masks, 0)) is not None)
    if q is None:
        return Candidate(qs, qe, q, ca, cb, seg_start, future_before, review_future=review_future)
    local = sent[seg_start:qs]
    # 新建养老设施221个，其中A3个，B26个，C63个: after 其中 every item of the sentence is a part of the target
    breakdown = s.prev_kept and (s.breakdown or R.re_breakdown.match(local) is not None)
    continues_list = breakdown or (seg_start > ca and (
        (ca in s.list_verb and sent[seg_start:seg_start + 1] in _LIST_JOINERS)
        or (s.evidence_end.get(ca) == seg_start and local.strip(" ") in (*_LIST_JOINERS, "或", "至")))) or (
        s.prev_kept and R.re_continuation.match(local) is not None)  # 完成4000万亩，其中防沙治沙1500万亩
    year = s.ctx.year
    future_time = year is not None and any(  # 到2025年，累计建成…; 截至2025年底，…达到55% (in a plan of 2024)
        t.end <= qs and t.year_known and not t.relative and t.date_to is not None  # a year written, not inferred
        and (t.date_to.year > year or (t.text.startswith(("到", "至")) and not ends_before(t, year))) for t in s.usable)
    return Candidate(qs, qe, q, ca, cb, seg_start, future_before, review_future, local,
                     R.re_comp_suffix.match(sent[qe:qe + 4]) is not None, continues_list, breakdown, future_time)


#: How long the subject of a closing clause may be before its time limit (各地, 调标工作, 各区县民政局).
_CLOSING_SUBJECT = 8
RE_DIGIT = re.compile(r"[0-9０-９]")


def _closing_time(s: _Sentence, c: Candidate) -> Optional[TimeExpression]:
    """A time that opens the last clause of the sentence, a clause with no number of its own.

    提高到每人每月850元，9月底前完成调标; 新建30个，确保9月底前建成; 达到3万张，力争在2028年实现:
    the closing time applies to the whole sentence.
    """
    n = len(s.text.rstrip("。！？!?；;，, \n"))
    last = max(x for x in s.starts if x < n) if n else 0
    if last <= c.cb:
        return None
    R = s.ctx.rules
    closing = [t for t in s.usable if t.start >= last]
    if not closing or any(x >= last for x in s.item_starts):
        return None
    t = closing[0]  # a phrase that is not a time limit by itself (上半年, 在2028年) counts only when alone
    lead = R.re_strength.sub("", s.text[last:t.start]).strip(" 并且均全部于在要")
    if t.deadline and len(lead) <= _CLOSING_SUBJECT and not RE_DIGIT.search(lead):
        return t  # ……，各地于9月底前完成调标; ……，抽查工作于11月30日前完成: a short subject before the time limit
    return t if (t.deadline or len(closing) == 1) and not lead else None


# --------------------------------------------------------------------------- the target


def _deadline(s: _Sentence, c: Candidate, t: Optional[TimeExpression]) -> Tuple[Optional[_dt.date], Optional[str]]:
    """From the chosen time phrase, else a future period of an enclosing heading, else the end of the year."""
    if t is not None:
        return (t.date_to if t.year_known else None), t.text
    ht, annual = s.ctx.heading_time(s.offset + c.qs)
    if ht is not None:
        return ht.date_to, ht.text
    if s.ctx.doc.sections and not annual:
        ht = s.ctx.lead_in(s.offset + c.qs) or s.ctx.plan_horizon(s.offset + c.qs)
        if ht is not None:
            return ht.date_to, ht.text
    if s.ctx.title_range is False:
        s.ctx.title_range = title_range(s.ctx.doc)
    if s.ctx.title_range is not None and not annual:  # 行动计划（2024-2025年）: its tasks are due by 2025
        return s.ctx.title_range[1], s.ctx.title_range[0]
    return (_dt.date(s.ctx.year, 12, 31) if s.ctx.year else None), None


def _indicator_of(s: _Sentence, c: Candidate, suffix_end: int) -> Tuple[str, int, int]:
    """The indicator, completed from the previous target or the verb heading a list, and its quote span."""
    R, sent = s.ctx.rules, s.text
    indicator, ind_start, ind_end = read_indicator(sent, c.seg_start, c.qs, suffix_end, c.cb, c.q is None,
                                                   s.base_spans, s.time_spans, R)
    s.evidence_end[c.ca] = max(suffix_end, ind_end)
    indicator = RE_QUOTE_MARKS.sub("", indicator)
    before = s.out[-1].indicator if s.out and s.out[-1].start == s.offset else None  # of this sentence
    if not indicator and before is not None:
        indicator = before  # 增长6.5%, 比去年高0.2个百分点: same indicator as before
    if not indicator:  # 更新改造投资2760亿元，比上期增加87%: what the clause before measures
        indicator = _previous_clause(s, c, measured=True)
    if c.q is not None and not sent[suffix_end:c.cb].strip(" ，,；;。"):  # 已建成A120个，今年再新建30个: 30 A
        indicator += elided_object(indicator, sent[:c.seg_start], c.q.unit, s.ctx.quantities, R)
    if indicator in R.parallel_subjects and before is not None:  # 城市社区养老服务设施覆盖率达到95%，农村达到65%
        word = next((w for w in R.parallel_subjects[indicator] if before.startswith(w)), None)
        indicator = indicator + before[len(word):] if word else indicator
    k = sent.rfind("分别", c.ca, c.qs)
    spread = False
    if k >= 0:  # 粮食、油料产量分别达A、B: A is 粮食产量, B 油料产量
        indicator = _respective(s, c, k, indicator)
        spread = bool(s.respective[k]) or c.qs in s.spread_times
    head = R.re_count_verb_start.match(indicator) or R.re_count_verb_end.search(strip_tail(sent[c.seg_start:c.qs])) \
        or R.re_count_verb_any.search(indicator, 0, _SUBJECT_CHARS + 2)  # 全市新增A×张、B×张: after a short subject
    if head:
        s.list_verb[c.ca] = head.group()
    elif not spread and c.ca in s.list_verb and c.seg_start > c.ca and sent[c.seg_start:c.seg_start + 1] in _LIST_JOINERS:
        indicator = s.list_verb[c.ca] + indicator  # 新建A×处、B×处: B is new-built too
    return indicator, ind_start, ind_end


_SUBJECT_CHARS = 3  #: how long a subject may be before the verb heading a list (全市, 各区县)


def _respective(s: _Sentence, c: Candidate, k: int, indicator: str) -> str:
    if k not in s.respective:
        n = sum(1 for x in s.item_starts if k < x <= c.cb)
        names = s.ctx.rules.respective_subjects
        parts = split_subject(indicator, n, names)
        if parts is None and not RE_LIST_SEP.search(indicator):  # 城镇和农村居民收入，分别增长8%和6%
            parts = split_subject(_previous_clause(s, c), n, names)
        s.respective[k] = parts or []
    parts = s.respective[k]
    if not parts:
        return indicator
    i = sum(1 for x in s.item_starts if k < x < c.qs)
    return parts[i] if i < len(parts) else indicator


def _previous_clause(s: _Sentence, c: Candidate, measured: bool = False) -> str:
    """The clause before the candidate's, stripped like an indicator: the subject of a 分别 that opens a clause.

    With ``measured``, only what precedes the clause's first number, time phrases left out: the
    indicator of a number that has none of its own (总投资5000亿元，比上期增加49%).
    """
    before = s.text[:c.seg_start].rstrip(" ，,：:")
    m = last_match(RE_CLAUSE_BOUNDARY, before)
    start, end = (m.end() if m else 0), len(before)
    if measured:
        lead = s.ctx.rules.re_ind_leading.match(s.text[start:end])  # （三）资助规模: not the 三 of the marker
        skip = lead.end() if lead else 0
        end = min([start + q.start for q in s.ctx.quantities(s.text[start:end]) if q.start >= skip] or [end])
        return strip_indicator(without_spans(s.text, start, end, s.time_spans), s.ctx.rules)
    return strip_indicator(before[start:end], s.ctx.rules)


def _direction(s: _Sentence, c: Candidate) -> Optional[str]:
    R, sent = s.ctx.rules, s.text
    dm = last_match(R.re_direction, sent[c.seg_start:c.qs]) or last_match(R.re_direction, sent[c.ca:c.qs])
    if dm:
        return R.direction[dm.group()]
    if c.ca in s.list_verb:
        vm = R.re_direction.match(s.list_verb[c.ca])
        return R.direction[vm.group()] if vm else None
    return None


def _make_target(s: _Sentence, c: Candidate, t: Optional[TimeExpression]) -> Target:
    R, sent, offset, doc = s.ctx.rules, s.text, s.offset, s.ctx.doc
    deadline, deadline_text = _deadline(s, c, t)
    q = c.q
    if q is not None:
        comparator, suffix_end = read_comparator(sent, q, c.ca, R)
        if comparator == "=" and c.continues_list and c.local.strip(" ") in _LIST_JOINERS:
            comparator = s.prefix_comparator or comparator  # 不少于50栋城市……和50栋村级……: both at least
        s.prefix_comparator = comparator if comparator in (">=", "<=") and not c.suffix_cue \
            and R.re_comp_prefix.search(c.local) is not None else None
        value, value_max, unit, placeholder = q.value, q.value_max, q.unit, q.placeholder
        base, slash, per = unit.partition("/")
        unit = R.target_units.get(base, base) + slash + per  # 5000名 -> 人 (GUIDELINES §2)
    else:  # full coverage: 100%, and optional in the gold
        comparator, suffix_end = "=", c.qe
        value, value_max, unit, placeholder = 100.0, None, "%", False
    indicator, ind_start, ind_end = _indicator_of(s, c, suffix_end)
    direction = _direction(s, c)
    bm = None
    for b in s.baselines:
        if c.ca <= b.start() and b.end() <= c.qs:
            bm = b
    text = sent.rstrip()
    return Target(
        indicator=indicator,
        value=value,
        value_max=value_max,
        unit=unit,
        comparator=comparator,
        deadline=deadline,
        deadline_text=deadline_text,
        placeholder=placeholder,
        text=text,
        start=offset,
        end=offset + len(text),
        quote_start=offset + ind_start,
        quote_end=offset + ind_end,
        section=_section_path(doc, offset + c.qs),
        strength=read_strength(sent[:c.qs], R),
        direction=direction,
        baseline=bm.group() if bm else None,
        optional=q is None,
        page=doc.page_at(offset + c.qs) if doc.format == "pdf" else None,
        quote=sent[ind_start:ind_end],
    )
