"""Deadlines: the one decision whether a time expression is a deadline or history.

``截至2022年底`` says how things stood (a statistic), ``去年底`` is past, and a date
before the document's own year is history too; everything else that
:func:`~policytext.extract.times.extract_times` marks as a deadline is one.
The cue phrases live in ``data/rules/deadlines.yaml``.

The same module picks the time phrase that gives a quantity its deadline
(:func:`usable_times`, :func:`pick_time`).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import List, Optional, Pattern, Sequence, Tuple

from .._resources import compile_regex
from ..schema import load_rules
from ..specs import DEADLINES
from ..types import TimeExpression

__all__ = ["is_history", "is_deadline", "ends_before", "usable_times", "pick_time", "RULES_FILE"]

RULES_FILE = "rules/deadlines.yaml"


@dataclass(frozen=True)
class _Rules:
    as_of: "re.Pattern[str]"
    past_time: "re.Pattern[str]"


@functools.lru_cache(maxsize=4)
def _rules(name: str = RULES_FILE) -> _Rules:
    data = load_rules(name, DEADLINES)
    return _Rules(as_of=compile_regex(data["as_of"], where=name, key="as_of"),
                  past_time=compile_regex(data["past_time"], where=name, key="past_time"))


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
              clause: Tuple[int, int]) -> Optional[TimeExpression]:
    """The time phrase that scopes the quantity at ``start:end`` of its clause ``clause``.

    The nearest phrase before it in its clause; else the first deadline after
    it in the clause; else the last phrase of an earlier clause.

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
    if before_in_clause:
        return before_in_clause[-1]
    after_in_clause = [t for t in times if end <= t.start and t.end <= b and t.deadline]
    if after_in_clause:
        return after_in_clause[0]
    earlier = [t for t in times if t.end <= a]
    return earlier[-1] if earlier else None
