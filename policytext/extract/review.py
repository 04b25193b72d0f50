"""Review parts of a document: spans whose numbers report past work.

A work report opens with 工作回顾 and a speech with what was achieved; the
numbers there are achievements, not targets. The cue words (review and plan
headings, review and plan markers, their ratio, title lines, openers) live in
``data/rules/targets.yaml``.
"""
from __future__ import annotations

import functools
import re
from typing import Dict, List, Optional, Sequence, Tuple

from ..types import Document
from .target_rules import TargetRules, load_rules

__all__ = ["review_spans", "plan_spans", "notes_span", "heading_verdict", "time_orientation"]

RE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
RE_PLAN_NO = re.compile(r"十(?P<p>[一二三四五六七八九])五")
RE_YEAR_IN_TEXT = re.compile(r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?=年)")


def _future_heading(heading: str, year: Optional[int]) -> bool:
    """The heading names the plan year or a later period (2026年重点工作, “十五五”时期…)."""
    if year is None:
        return False
    years = [int(y) for y in RE_YEAR.findall(heading)]
    if years and max(years) >= year:
        return True
    for m in RE_PLAN_NO.finditer(heading):
        if _plan_end(m) >= year + 1:  # the plan ends after this year
            return True
    return False


def _plan_end(m: "re.Match[str]") -> int:
    """The last year of the plan a 十X五 names (十四五 -> 2025)."""
    k = 10 + "一二三四五六七八九".index(m.group("p")) + 1
    return 1966 + 5 * (k - 3) + 4


def time_orientation(body: str, R: TargetRules, year: Optional[int]) -> Tuple[int, int]:
    """How often ``body`` refers to the past and to the future of the document's year.

    Years (``2025年``) and plans (``“十四五”``) count against ``year``; cue words
    (``过去``, ``一年来`` / ``今年``, ``要``, ``力争``) come from the rules.

    Example:
        >>> time_orientation("过去一年，新建学校5所。2025年增长6%。“十四五”圆满收官。", load_rules(), 2026)
        (3, 0)
    """
    if R is not load_rules():  # other rules than the shipped ones: no cache
        return _orientation.__wrapped__(body, year, R)
    return _orientation(body, year)


@functools.lru_cache(maxsize=64)  # review_spans and plan_spans judge the same sections
def _orientation(body: str, year: Optional[int], R: Optional[TargetRules] = None) -> Tuple[int, int]:
    past = future = 0
    for m in _orientation_regex(R or load_rules()).finditer(body):
        kind = m.lastgroup
        if kind == "past":
            past += 1
        elif kind == "future":
            future += 1
        elif year is not None:
            end = int(m.group("y")) if kind == "yy" else _plan_end(m)
            if end < year:
                past += 1
            else:
                future += 1
    return past, future


def _orientation_regex(R: TargetRules) -> "re.Pattern[str]":
    """One pass over a section: years, plan numbers, past and future cue words."""
    key = (R.re_review_time_past.pattern, R.re_review_time_future.pattern, R.review_time_gate)
    rx = _ORIENTATION_RX.get(key)
    if rx is None:
        rx = _ORIENTATION_RX[key] = re.compile(
            rf"(?={key[2]})(?:(?P<yy>{RE_YEAR_IN_TEXT.pattern})|十(?P<p>[一二三四五六七八九])五"
            rf"|(?P<past>{key[0]})|(?P<future>{key[1]}))")
    return rx


_ORIENTATION_RX: Dict[Tuple[str, str, str], "re.Pattern[str]"] = {}


def heading_verdict(heading: str, R: TargetRules, year: Optional[int] = None) -> Optional[bool]:
    """True for a review heading, False for a plan heading, None when the heading does not say.

    Example:
        >>> R = load_rules()
        >>> [heading_verdict(h, R, 2026) for h in ("2025年和“十四五”时期工作回顾", "2026年主要工作", "加快发展")]
        [True, False, None]
        >>> [heading_verdict(h, R, 2026) for h in ("2025年重点工作总结", "2025年工作回顾和2026年重点工作")]
        [True, False]
    """
    if R.re_review_tail.search(heading.rstrip(" ：:。")):
        return True  # 2023年重点工作总结, 重点工作完成情况: what the heading ends with decides
    review = R.re_review_heading.search(heading) is not None
    plan = R.re_plan_heading.search(heading) is not None or R.re_goal_heading.search(heading) is not None  # 二、发展目标
    if review and not plan and (R.re_review_strong.search(heading) or not _future_heading(heading, year)):
        return True
    if plan or _future_heading(heading, year):
        return False
    return None


def _title_verdicts(text: str, R: TargetRules, year: Optional[int]) -> List[Tuple[int, bool]]:
    """The title lines of ``text`` that say what they head: (start, True for a review, False for a plan)."""
    out = []
    for m in R.re_title_line.finditer(text):
        v = heading_verdict(m.group().strip(), R, year)
        if v is not None:
            out.append((m.start(), v))
    return out


def _title_spans(titles: Sequence[Tuple[int, bool]]) -> List[Tuple[int, int]]:
    """Review parts opened by a review title on a line of its own and closed by the next plan title."""
    spans: List[Tuple[int, int]] = []
    open_at: Optional[int] = None
    for start, v in titles:
        if v and open_at is None:
            open_at = start
        elif not v and open_at is not None:
            spans.append((open_at, start))
            open_at = None
    return spans


def _plan_title_spans(titles: Sequence[Tuple[int, bool]], end: int) -> List[Tuple[int, int]]:
    """Plan parts opened by a plan title on a line of its own (“十五五”时期的主要目标任务) and closed by
    the next title that says what it heads."""
    bounds = [s for s, _ in titles] + [end]
    return [(s, bounds[k + 1]) for k, (s, v) in enumerate(titles) if not v]


def _opener_spans(text: str, R: TargetRules, stops: List[int]) -> List[Tuple[int, int]]:
    """Review parts opened by 主要做了以下工作 and closed by the next title, section or plan paragraph."""
    spans: List[Tuple[int, int]] = []
    pos = 0
    while True:
        i = text.find("做了以下", pos)
        if i < 0:
            i = text.find("抓了以下", pos)
        if i < 0:
            return spans
        line_start = text.rfind("\n", 0, i) + 1
        pos = i + 4
        if not R.re_review_opener.match(text, line_start):
            continue
        end = min((s for s in stops if s > line_start), default=len(text))
        for m in re.finditer(r"\n", text[line_start:end]):
            p = line_start + m.end()
            if R.re_review_paragraph_end.match(text, p) or R.re_title_line.match(text, p):
                end = p
                break
        spans.append((line_start, end))
        pos = max(pos, end)


NOTES_TAIL = 0.6  # the notes title must stand in the last 40 % of the text


def notes_span(text: str) -> Optional[Tuple[int, int]]:
    """The notes a document ends with (a title line 注释 or 名词解释 and what follows), or ``None``.

    Example:
        >>> text = "二、重点工作\\n新建养老院5所。建设“15分钟生活圈”。新建社区食堂12个，改造老旧小区30个。\\n注释\\n［1］15分钟生活圈：步行15分钟可达。\\n"
        >>> a, b = notes_span(text); text[a:a + 2], b == len(text)
        ('注释', True)
        >>> notes_span("一、注释\\n正文。") is None
        True
    """
    R = load_rules()
    for m in R.re_notes_title.finditer(text, int(len(text) * NOTES_TAIL)):
        return m.start() + len(m.group()) - len(m.group().lstrip()), len(text)
    return None


def review_spans(doc: Document) -> List[Tuple[int, int]]:
    """Spans of ``doc.text`` that review past work (their numbers are achievements).

    A top-level section is a review when its heading says so (``工作回顾``,
    ``过去一年``, ``主要成绩`` …) and does not also announce a plan or name the
    plan year (``2026年主要工作``), or when its text reads as a review:
    achievement markers (aspect ``了``, ``已``, ``取得``, ``表彰`` …) outnumber
    commitment markers (``要``, ``确保``, ``推进`` …) by the ratio set in the
    rules. The text before the first section is judged the same way. Titles
    on lines of their own (``“十四五”时期工作回顾`` without a marker) open a
    review part up to the next plan title, and ``主要做了以下工作`` one up to
    the next title or plan paragraph.

    Args:
        doc: A document with its outline (``doc.sections``).
    Returns:
        Sorted, non-overlapping ``(start, end)`` spans.
    Example:
        >>> from policytext.types import Document, Section
        >>> text = "一、去年工作回顾\\n新建养老院3所。\\n二、今年工作安排\\n新建养老院5所。"
        >>> secs = (Section(1, "一、", "去年工作回顾", "一", 0, 18, 8),
        ...         Section(1, "二、", "今年工作安排", "二", 18, len(text), 26))
        >>> review_spans(Document(text=text, sections=secs))
        [(0, 18)]
        >>> text = "“十四五”时期工作回顾\\n新建养老院3所。\\n“十五五”时期主要目标任务\\n新建养老院5所。"
        >>> review_spans(Document(text=text, year=2026))
        [(0, 21)]
    """
    return list(doc._memo("review_spans", _review_spans))  # tasks and targets both ask


def _review_spans(doc: Document) -> Tuple[Tuple[int, int], ...]:
    R = load_rules()
    text = doc.text
    year = doc.year
    levels = [x.level for x in doc.sections]
    tops = sorted((s for s in doc.sections if s.level == min(levels, default=1)), key=lambda s: s.start)
    spans: List[Tuple[int, int]] = []

    def reads_as_review(body: str) -> bool:
        ach = len(R.re_review_markers.findall(body))
        plan = len(R.re_plan_markers.findall(body))
        if ach >= R.review_min_markers and ach >= R.review_ratio * max(plan, 1):
            return True
        past, future = time_orientation(body, R, year)
        return past >= R.review_time_min and past >= R.review_time_ratio * future

    first = tops[0].start if tops else len(text)
    if tops and reads_as_review(text[:first]):
        spans.append((0, first))
    if not tops and doc.title and R.re_review_tail.search(doc.title.strip()):
        spans.append((0, len(text)))  # 2022年度全市民政工作巡礼, no outline: a review throughout (not ……总结会召开)
    verdicts = []
    titles = _title_verdicts(text, R, year)  # (title lines looked at once, for review and plan parts)
    planned = _plan_title_spans(titles, len(text))
    for i, s in enumerate(tops):
        end = tops[i + 1].start if i + 1 < len(tops) else len(text)
        v = heading_verdict(s.heading or "", R, year)
        # the marker as the outline normalizes it: 一是 for 一是，and 一是：, and for 一是#2 (a list's second use)
        marker = s.path.rsplit("/", 1)[-1].split("#")[0]
        if v is None and R.re_runin_marker.fullmatch(marker) and any(a <= s.start < b for a, b in planned):
            v = False  # 一是……明显提升 under “十五五”时期的主要目标任务: a goal, however it reads
        verdict = reads_as_review(text[s.start:end]) if v is None else v
        verdicts.append((s, end, verdict))
        if verdict:
            spans.append((s.start, end))
    parts = sorted({s.part for s in tops})
    if len(parts) > 1:  # a speech: 一、… (review) then 一、… (this year's tasks)
        for part in parts:
            members = [(s, end, v) for s, end, v in verdicts if s.part == part]
            if members and 2 * sum(v for _, _, v in members) >= len(members):
                spans.append((members[0][0].start, members[-1][1]))
    spans += _title_spans(titles)
    spans += _opener_spans(text, R, [s.start for s in tops])
    merged: List[Tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return tuple(merged)


def plan_spans(doc: Document) -> List[Tuple[int, int]]:
    """Spans of top-level sections whose heading announces the plan (``2026年重点工作``, ``主要目标任务``).

    A count there needs no future cue of its own (``举办活动500场``): the heading commits to it.

    Example:
        >>> from policytext.types import Document, Section
        >>> text = "一、2025年工作回顾\\n举办活动300场。\\n二、2026年重点工作\\n举办活动500场。"
        >>> secs = (Section(1, "一、", "2025年工作回顾", "一", 0, 22, 11),
        ...         Section(1, "二、", "2026年重点工作", "二", 22, len(text), 34))
        >>> plan_spans(Document(text=text, sections=secs, year=2026))
        [(22, 43)]
    """
    R = load_rules()
    levels = [x.level for x in doc.sections]
    tops = sorted((s for s in doc.sections if s.level == min(levels, default=1)), key=lambda s: s.start)
    out: List[Tuple[int, int]] = []
    bounds = [(s, tops[i + 1].start if i + 1 < len(tops) else len(doc.text)) for i, s in enumerate(tops)]
    verdicts = [heading_verdict(s.heading or "", R, doc.year) for s, _ in bounds]
    # only a heading that does not say needs the text's orientation (the costly part)
    orientation = [time_orientation(doc.text[s.start:end], R, doc.year) if v is None else (0, 0)
                   for (s, end), v in zip(bounds, verdicts)]
    # in a report that reviews before it plans, a heading that does not say (二、一鼓作气勇争先) is
    # a plan heading when its text looks ahead
    report = any(v is True or (v is None and p >= R.review_time_min and p >= R.review_time_ratio * f)
                 for v, (p, f) in zip(verdicts, orientation))
    for (s, end), v, (past, future) in zip(bounds, verdicts, orientation):
        if v is None and report:
            v = not (future >= R.review_time_min and future >= R.review_time_ratio * past)
        if v is False:
            out.append((s.start, end))
    return out
