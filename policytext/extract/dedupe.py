"""Restatements: a target said again later in the document is reported once.

Also home of :func:`bigram_dice`, the indicator similarity that
:mod:`policytext.eval.targets` uses for matching.
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List, Optional, Tuple

from ..types import Target
from .target_rules import TargetRules

__all__ = ["bigram_dice", "drop_restatements"]


def bigram_dice(a: str, b: str) -> float:
    """Character-bigram Dice similarity (multisets) of two strings, in [0, 1].

    Example:
        >>> bigram_dice("新建敬老院", "新建敬老院"), bigram_dice("低保标准", "火化率")
        (1.0, 0.0)
    """
    x = Counter(a[i:i + 2] for i in range(len(a) - 1))
    y = Counter(b[i:i + 2] for i in range(len(b) - 1))
    if not x or not y:
        return 1.0 if a == b and a else 0.0
    return 2.0 * sum((x & y).values()) / (sum(x.values()) + sum(y.values()))


def _similar_indicators(a: str, b: str, R: TargetRules) -> bool:
    if a and b and (a in b or b in a):
        return True
    return bigram_dice(a, b) >= R.duplicate_min_similarity


def drop_restatements(targets: List[Target], R: TargetRules, headline_end: int = 0,
                      pieces: Optional[Dict[int, int]] = None, rows: Optional[Dict[int, int]] = None) -> List[Target]:
    """Drop a target that repeats an earlier one of another sentence.

    Same value, range, unit and deadline and a similar indicator (or the same
    range, which is specific enough on its own): a restatement such as
    ``提出国内生产总值增长8%左右，主要是…`` after the list of goals. When the
    earlier one stands in the headline (before ``headline_end``, the end of the
    document's title line) or in a ``■`` summary line and the later one in the
    body, the body's is kept: it is said in full, with its own time phrase.

    Args:
        targets: Targets in document order.
        R: The rules (``duplicate_min_similarity``, ``restatement_cue_re``).
        headline_end: Where the document's title line ends (0: no title line).
        pieces: For a sentence read in pieces, the start of each later piece -> the start of its first piece
            (the pieces are one sentence: a list of a thousand items does not restate itself).
        rows: For a target on a table row, its start -> the row's start: the rows of a task table are tasks of
            their own, so one row does not restate another (两行都写着“满意度达到95%以上”), nor the body (a row
            whose figure the plan's goals already named keeps it), nor the body a row.
    Returns:
        The targets without restatements, in the same order.
    Example:
        >>> from policytext.extract.target_rules import load_rules
        >>> from policytext.types import Target
        >>> def t(s, ind): return Target(indicator=ind, value=8.0, value_max=None, unit="%", comparator="~",
        ...     deadline=None, deadline_text=None, placeholder=False, text=ind, start=s, end=s + 9,
        ...     quote_start=s, quote_end=s + 9)
        >>> [x.start for x in drop_restatements([t(0, "国内生产总值增长"), t(50, "国内生产总值增长")], load_rules())]
        [0]
    """
    kept: List[Target] = []
    seen: Dict[Tuple[Any, ...], List[Target]] = {}
    for t in targets:
        if t.placeholder or t.value is None or t.optional:
            kept.append(t)
            continue
        key = (round(t.value, 6), None if t.value_max is None else round(t.value_max, 6), t.unit, t.deadline)
        own = pieces.get(t.start, t.start) if pieces else t.start
        earlier = [e for e in seen.get(key, ()) if (pieces.get(e.start, e.start) if pieces else e.start) != own]
        if rows:  # a row restates only its own row; body and rows do not restate each other
            earlier = [e for e in earlier if rows.get(e.start) == rows.get(t.start)]
        explains = R.re_restatement_cue.search(t.text) is not None
        same = [e for e in earlier if t.value_max is not None or _similar_indicators(e.indicator, t.indicator, R)
                or (explains and e.comparator == t.comparator)]
        if same:
            if _headline(same[0], headline_end, R) and not _headline(t, headline_end, R):
                kept.remove(same[0])  # the body's statement takes the headline's place
                kept.append(t)
                seen[key][seen[key].index(same[0])] = t
            continue
        seen.setdefault(key, []).append(t)
        kept.append(t)
    return kept


def _headline(t: Target, headline_end: int, R: TargetRules) -> bool:
    """In the headline, or in a summary line that opens with a bullet (■今年底建成……: ``summary_line_re``)."""
    return t.start < headline_end or R.re_summary_line.match(t.text) is not None

