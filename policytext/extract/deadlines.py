"""Deadlines: the one decision whether a time expression is a deadline or history.

``截至2022年底`` says how things stood (a statistic), ``去年底`` is past, and a date
before the document's own year is history too; everything else that
:func:`~policytext.extract.times.extract_times` marks as a deadline is one.
The cue phrases live in ``data/rules/deadlines.yaml``.

The same module picks the time phrase that gives a quantity its deadline
(:func:`usable_times`, :func:`pick_time`), and finds the periods a document
sets for the quantities that state no time of their own: a heading naming a
period (:func:`heading_periods`), the opening of a section (:func:`opening_horizon`),
a paragraph that opens a list (:func:`lead_ins`) and the horizon of a plan's
goals section (:func:`plan_horizon`).
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Pattern, Sequence, Tuple

from .._resources import compile_regex
from ..schema import load_rules
from ..specs import DEADLINES
from ..types import Document, Section, TimeExpression

if TYPE_CHECKING:
    from .target_rules import TargetRules

__all__ = ["is_history", "is_deadline", "ends_before", "usable_times", "pick_time", "respective_time", "heading_periods",
           "title_periods", "title_period_start", "title_range", "opening_horizon", "lead_ins", "plan_horizon", "RULES_FILE",
           "RE_SENTENCE", "SENTENCE_ENDS"]

RULES_FILE = "rules/deadlines.yaml"


@dataclass(frozen=True)
class _Rules:
    as_of: "re.Pattern[str]"
    past_time: "re.Pattern[str]"
    cited_goal: "re.Pattern[str]"


@functools.lru_cache(maxsize=4)
def _rules(name: str = RULES_FILE) -> _Rules:
    data = load_rules(name, DEADLINES)
    return _Rules(**{key: compile_regex(data[key], where=name, key=key) for key in ("as_of", "past_time", "cited_goal")})


def is_history(tx: TimeExpression, *, year: Optional[int] = None) -> bool:
    """Whether ``tx`` refers to the past or to how things stood, not to a time limit.

    Args:
        tx: A time expression found by :func:`~policytext.extract.times.extract_times`.
        year: The document's own year; dates that end before it are history.

    Example:
        >>> from policytext.extract.times import extract_times
        >>> [is_history(t, year=2023) for t in extract_times("截至2022年底已建成，去年底完成，到2025年底建成", reference=2023)]
        [True, True, False]
    """
    r = _rules()
    if r.as_of.match(tx.text) or r.past_time.match(tx.text):
        return True
    return ends_before(tx, year)


def ends_before(tx: TimeExpression, year: Optional[int]) -> bool:
    """Whether ``tx`` ends before the year ``year`` (a past period); ``False`` without a year.

    Example:
        >>> from policytext.extract.times import extract_times
        >>> [ends_before(t, 2023) for t in extract_times("2022年底前完成，到2025年底建成", reference=2023)]
        [True, False]
    """
    return year is not None and tx.date_to is not None and tx.date_to.year < year


def is_deadline(tx: TimeExpression, *, year: Optional[int] = None) -> bool:
    """A time expression that sets a time limit: marked as a deadline and not history.

    Example:
        >>> from policytext.extract.times import extract_times
        >>> [is_deadline(t, year=2023) for t in extract_times("截至2022年底，到2025年底", reference=2023)]
        [False, True]
    """
    return bool(tx.deadline) and not is_history(tx, year=year)


def usable_times(sent: str, times: Sequence[TimeExpression], masks: Sequence[Tuple[int, int]], *,
                 non_deadline_suffix: Pattern[str]) -> List[TimeExpression]:
    """The time phrases of ``sent`` that may give a quantity its deadline.

    A phrase inside a masked span (a title, a baseline ``比2020年``) is not
    one, nor a phrase followed by a word that makes it a starting point or a
    name (``以来``, ``开始``, ``规划`` …: ``non_deadline_suffix``).

    Example:
        >>> import re
        >>> from policytext.extract.times import extract_times
        >>> s = "2020年以来新建3所，到2025年底新建5所"
        >>> [t.text for t in usable_times(s, extract_times(s), [], non_deadline_suffix=re.compile("^以来"))]
        ['到2025年底']
    """
    out = []
    for t in times:
        if any(a < t.end and t.start < b for a, b in masks):
            continue
        if non_deadline_suffix.match(sent[t.end:t.end + 6]) or t.text.endswith(("以来", "来")):
            continue
        out.append(t)
    return out


def pick_time(times: Sequence[TimeExpression], start: int, end: int,
              clause: Tuple[int, int], text: str = "") -> Optional[TimeExpression]:
    """The time phrase that scopes the quantity at ``start:end`` of its clause ``clause``.

    A deadline (``11月底前``, ``到2025年``) wins over a phrase that names the work's period (``冬季救助``,
    ``第四季度资金``, ``明年春节慰问``): the nearest deadline before it in its clause; else the first deadline
    after it in the clause; else the nearest phrase before it in the clause; else, in the last earlier clause
    that has one (``text``: the sentence, to find the clause marks), its last deadline or its last phrase.

    Example:
        >>> from policytext.extract.times import extract_times
        >>> s = "新建养老院5所，到2025年底完成"
        >>> pick_time(extract_times(s), 5, 7, (0, 7)) is None, pick_time(extract_times(s), 5, 7, (0, 16)).text
        (True, '到2025年底')
        >>> pick_time(extract_times("到2025年底，新建养老院5所"), 12, 14, (7, 14)).text
        '到2025年底'
    """
    a, b = clause
    before_in_clause = [t for t in times if a <= t.start and t.end <= start]
    deadlines = [t for t in before_in_clause if t.deadline]
    if deadlines:
        return deadlines[-1]
    after_in_clause = [t for t in times if end <= t.start and t.end <= b and t.deadline]
    if after_in_clause:
        return after_in_clause[0]
    if before_in_clause:
        return before_in_clause[-1]
    earlier = [t for t in times if t.end <= a]
    if not earlier:
        return None
    last = earlier[-1]  # 各县区要于11月底前完成冬季救助物资储备，储备棉被不少于5000床: 11月底前, not 冬季
    cited = _rules().cited_goal  # 根据到本世纪末……的目标和今后五年……的可能: 今后五年
    deadlines = [t for t in earlier if t.deadline and not RE_CLAUSE_MARK.search(text, t.end, last.start)
                 and (t is last or not cited.search(text, t.end, last.start))]
    return deadlines[-1] if deadlines and text else last


RE_CLAUSE_MARK = re.compile("[，,；;：:]")


def respective_time(sent: str, times: Sequence[TimeExpression], item_starts: Sequence[int], k: int, qs: int,
                    cb: int) -> Optional[TimeExpression]:
    """The time of the value at ``qs`` (its clause ending at ``cb``) when the 分别 at ``k`` spreads the values of
    the sentence (starting at ``item_starts``) over as many times, listed right before it
    (``2024年、2025年……分别达到55%、60%``, ``到2025年和2027年，……分别达到90%和100%``), else ``None``.

    Example:
        >>> from policytext.extract.times import extract_times
        >>> s = "2024年、2025年全市养老机构护理型床位占比分别达到55%、60%。"
        >>> respective_time(s, extract_times(s), [s.index("55"), s.index("60")], s.index("分别"), s.index("60"), len(s)).text
        '2025年'
    """
    n = sum(1 for x in item_starts if k < x <= cb)
    dated = [t for t in times if t.end <= k and t.year_known and t.date_to is not None]
    if n < 2 or len(dated) < n:
        return None
    run = dated[-n:]
    if any(sent[a.end:b.start] not in _TIME_JOINERS for a, b in zip(run, run[1:])):
        return None
    return run[sum(1 for x in item_starts if k < x < qs)]


#: What joins the times of a list (2024年、2025年; 2025年和2027年).
_TIME_JOINERS = ("、", "和", "及", "与", "以及")


# --------------------------------------------------------------------------- periods set by the document

# Sentence: up to a full stop, question/exclamation mark or line break.
#: What ends a sentence (a line break too); RE_SENTENCE: a sentence, with the marks that end it.
SENTENCE_ENDS = "。！？!?"
RE_SENTENCE = re.compile(f"[^{SENTENCE_ENDS}\\n]+[{SENTENCE_ENDS}]*")
# A step or item marker before the opening of a paragraph (第一步，, （一）).
RE_STEP = re.compile(r"^[\s\u3000]*(?:第[一二三四五六七八九十]+[步阶]段?[，,：:]?|[（(][一二三四五六七八九十\d]+[)）])?")
_OPENING_CHARS = 24  # how far into a sentence its opening time limit is looked for
# Speed only: an opening limit has a year, a plan (“十四五”) or 年 within its first characters.
RE_OPENING_GATE = re.compile(r"^.{0,6}?(?:[0-9０-９〇零○]|十[一二三四五六七八九]五|年)")


def _times(text: str, reference: Optional[_dt.date]) -> List[TimeExpression]:
    from .times import extract_times

    return extract_times(text, reference=reference)


def opening_limit(sentence: str, R: "TargetRules", reference: Optional[_dt.date],
                  after: Optional[int]) -> Optional[TimeExpression]:
    """The time limit a sentence opens with (力争到2027年，…; 到 2025 年，…; 2025 年的主要目标是：).

    Only a limit ending after the year ``after`` counts (any when ``after`` is ``None``).

    Example:
        >>> from policytext.extract.target_rules import load_rules
        >>> [opening_limit(s, load_rules(), None, 2020).text for s in ("力争到2027年，建成…", "2027 年的主要目标是：")]
        ['力争到2027年', '2027 年']
        >>> opening_limit("2020年以来，建成…", load_rules(), None, 2019) is None
        True
    """
    head = sentence[RE_STEP.match(sentence).end():][:_OPENING_CHARS]
    if not RE_OPENING_GATE.match(head):
        return None  # speed: no year, plan or 年 near the start
    found = _times(head, reference)
    if not found:
        return None
    t = found[0]
    if not t.year_known or t.date_to is None or (after is not None and t.date_to.year <= after):
        return None
    if R.re_non_deadline_suffix.match(head[t.end:t.end + 6]) or t.text.endswith(("以来", "来")):
        return None
    if (t.start <= 1 and t.deadline) or R.re_horizon_opening.match(head):
        return t
    return None


def lead_ins(doc: Document, R: "TargetRules", reference: Optional[_dt.date], year: Optional[int]
             ) -> List[Tuple[int, Optional[str], TimeExpression]]:
    """Paragraphs that open with a future time limit: (end of the paragraph's first sentence, its
    section, the limit). The limit scopes the rest of the paragraph and the paragraphs after it."""
    out = []
    for p in doc.paragraphs:
        t = opening_limit(p.text, R, reference, year)
        if t is not None:
            first = RE_SENTENCE.match(p.text)
            out.append((p.start + first.end() if first else p.end, p.section, t))
    return out


def plan_horizon(doc: Document, R: "TargetRules", reference: Optional[_dt.date],
                 year: Optional[int]) -> Optional[Tuple[TimeExpression, Tuple[int, int]]]:
    """The time limit a goals section whose heading names no time sets (一、主要目标 …力争到2027年，…),
    and the span of the top section that holds it.

    The first sentence of the section that opens with a limit gives it (the section may
    open with what the plan stands for, 以…为指导); the first goals section that has one wins.
    """
    before = None if year is None else year - 1
    for sec in doc.sections:
        heading = sec.heading or ""
        if not R.re_goal_heading.search(heading) or _times(heading, reference):
            continue
        first = True
        for m in RE_SENTENCE.finditer(doc.text, sec.heading_end, min(sec.end, sec.heading_end + _GOALS_CHARS)):
            sent = m.group().lstrip(" \t\u3000，,：:")
            if not sent.strip("。；; \n"):
                continue
            t = opening_limit(sent, R, reference, before) or (_early_limit(sent, reference, before) if first else None)
            first = False
            if t is not None:
                tops = [x for x in doc.sections if x.level == 1 and x.start <= sec.start < x.end]
                return t, ((tops[0].start, tops[0].end) if tops else (sec.start, sec.end))
    return None


_GOALS_CHARS = 3000  # how far into a goals section its horizon is looked for


def _early_limit(sent: str, reference: Optional[_dt.date], after: Optional[int]) -> Optional[TimeExpression]:
    """A time limit early in the first sentence of a goals section (通过三年努力，到2025年底，…)."""
    for t in _times(sent[:40], reference):
        if t.deadline and t.year_known and t.date_to is not None and (after is None or t.date_to.year > after):
            return t
    return None


def title_period_start(doc: Document, reference: Optional[_dt.date]) -> Optional[int]:
    """The first year of the period a document's title names, when it names one of several years
    (山东省“十四五”科技创新规划, 行动计划（2023—2025年）): what ends before it is the plan's past.

    Example:
        >>> from policytext.types import Document
        >>> [title_period_start(Document(text="", title=t), None) for t in ("某省“十四五”民政事业发展规划", "2035年远景目标")]
        [2021, None]
    """
    for t in _times(doc.title or "", reference):
        if t.year_known and t.date_from is not None and t.date_to is not None \
                and t.date_to.year > t.date_from.year:
            return t.date_from.year
    return None


def title_range(doc: Document, reference: Optional[_dt.date] = None) -> Optional[Tuple[str, _dt.date]]:
    """The period of years a document's title writes out (三年行动方案（2024—2026年）) and its last day: the
    deadline of the plan's tasks that state no time of their own, as a goals section's horizon is.

    Example:
        >>> from policytext.types import Document
        >>> title_range(Document(text="", title="某市养老服务三年行动方案（2024—2026年）"))
        ('2024—2026年', datetime.date(2026, 12, 31))
        >>> [title_range(Document(text="", title=t)) for t in ("2024年全市民政工作要点", "某省“十四五”民政事业发展规划")]
        [None, None]
    """
    for t in _times(doc.title or "", reference):
        if t.year_known and t.date_from is not None and t.date_to is not None \
                and t.date_to.year > t.date_from.year and len(RE_YEAR_DIGITS.findall(t.text)) >= 2:
            return t.text, t.date_to
    return None


RE_YEAR_DIGITS = re.compile(r"(?:19|20)\d{2}")


def heading_periods(doc: Document, sec: Section, R: "TargetRules", reference: Optional[_dt.date],
                    year: Optional[int]) -> Tuple[Optional[TimeExpression], bool, Optional[int]]:
    """What a heading names: a future period, the plan year, and where the plan year's part starts.

    A heading naming both (“十五五”时期目标任务和2026年工作安排) covers the period up to the
    paragraph that turns to the plan year (今年是…); “十五五”开好局 names the first year of the
    period, not the period. When the document's year is unknown, any period a plan heading
    names is taken (1. 总体目标（2013-2025年）).
    """
    return _periods(doc.text, sec.heading or "", sec.heading_end, sec.end, R, reference, year)


def title_periods(doc: Document, R: "TargetRules", reference: Optional[_dt.date], year: Optional[int]
                  ) -> List[Tuple[int, int, Tuple[Optional[TimeExpression], bool, Optional[int]]]]:
    """Title lines the outline missed that head goals or tasks and name a time (“十五五”时期的主要目标任务
    on a line of its own, its 二、 lost): (start of the line, end of its part, what it names as
    :func:`heading_periods` says). A part ends at the next such line or top-level section.
    """
    text = doc.text
    heads = {x.start for x in doc.sections}
    tops = sorted(x.start for x in doc.sections if x.level == 1)
    lines = [(m.start(), m.end()) for m in R.re_title_line.finditer(text)
             if m.start() not in heads and RE_TIME_HINT.search(m.group())
             and (R.re_plan_heading.search(m.group()) or R.re_goal_heading.search(m.group().strip()))
             and _times(m.group(), reference)]
    out = []
    for k, (a, b) in enumerate(lines):
        end = min([lines[k + 1][0]] if k + 1 < len(lines) else [len(text)]
                  + [x for x in tops if x > b][:1])
        out.append((a, end, _periods(text, text[a:b].strip(), b, end, R, reference, year)))
    return out


RE_TIME_HINT = re.compile(r"[0-9０-９〇零○年十今明]")


def _periods(text: str, heading: str, body_start: int, body_end: int, R: "TargetRules",
             reference: Optional[_dt.date], year: Optional[int]) -> Tuple[Optional[TimeExpression], bool, Optional[int]]:
    found, this_year = None, False
    for t in _times(heading, reference):
        if not t.year_known or t.date_to is None or R.re_non_deadline_suffix.match(heading[t.end:t.end + 6]):
            if year is not None and t.year_known and t.date_from is not None and t.date_from.year == year:
                this_year = True  # (“十五五”开局: the plan year)
            continue
        if year is None:
            if not R.re_review_heading.search(heading):
                found = t
        elif t.date_to.year > year:
            found = t
        elif t.date_to.year == year:
            this_year = True
    switch = None
    if found is not None and this_year and year is not None:
        switch = _annual_switch(text, body_start, body_end, reference, year)
        if switch is None:
            this_year = False
    return found, this_year, switch


def _annual_switch(text: str, body_start: int, body_end: int, reference: Optional[_dt.date],
                   year: int) -> Optional[int]:
    """The first paragraph of a part that opens with the plan year (今年是…开局之年, 2026年要…)."""
    start = text.find("\n", body_start, body_end) + 1
    while 0 < start < body_end:
        line = text[start:start + 20]
        for t in _times(line[RE_STEP.match(line).end():][:12], reference):
            if t.start <= 1 and t.year_known and t.date_to is not None and t.date_to.year == year \
                    and t.date_from is not None and t.date_from.year == year:
                return start
            break
        start = text.find("\n", start, body_end) + 1
    return None


def opening_horizon(text: str, sec: Section, reference: Optional[_dt.date],
                    year: Optional[int], sections: Sequence[Section] = ()) -> Optional[TimeExpression]:
    """The future period a section opens with (“十五五”时期是…, 今后五年…), unless it names this year too.

    Only the section's own opening counts: when its first child (one of ``sections``) follows the heading at
    once, the first item's time is that item's (1.2025年……达到55% says nothing of item 2)."""
    if year is None:
        return None
    year_end = _dt.date(year, 12, 31)
    body = text.find("\n", sec.start, sec.end)
    if body < 0:
        return None
    m = RE_SENTENCE.match(text, body + 1, sec.end)
    if m is None:
        return None
    first = len(text) - len(text[body + 1:].lstrip())  # where the opening sentence's text begins
    if any(c.start == first and c.level > sec.level for c in sections):
        return None
    found = None
    for t in _times(m.group(), reference):
        if not t.year_known or t.date_to is None:
            continue
        if t.date_to <= year_end:
            return None  # 今年是“十五五”开局之年: this year's part
        if found is None:
            found = t
    return found
