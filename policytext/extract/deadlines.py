"""Deadlines: the one decision whether a time expression is a deadline or history.

``截至2022年底`` says how things stood (a statistic), ``去年底`` is past, and a date
before the document's own year is history too; everything else that
:func:`~policytext.extract.times.extract_times` marks as a deadline is one.
The cue phrases live in ``data/rules/deadlines.yaml``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from .._resources import compile_regex
from ..schema import load_rules
from ..specs import DEADLINES
from ..types import TimeExpression

__all__ = ["is_history", "is_deadline", "RULES_FILE"]

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
    return year is not None and tx.date_to is not None and tx.date_to.year < year


def is_deadline(tx: TimeExpression, *, year: Optional[int] = None) -> bool:
    """A time expression that sets a time limit: marked as a deadline and not history.

    Example:
        >>> from policytext.extract.times import extract_times
        >>> [is_deadline(t, year=2023) for t in extract_times("截至2022年底，到2025年底", reference=2023)]
        [False, True]
    """
    return bool(tx.deadline) and not is_history(tx, year=year)
