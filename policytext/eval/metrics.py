"""Shared evaluation arithmetic and plain-text tables."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Sequence, Tuple

from ..types import _ToDict
from .._display import format_table  # noqa: F401  (the one table formatter; eval's name for it)


@dataclass(frozen=True)
class PRF(_ToDict):
    """Precision, recall and F1 from match counts.

    Example:
        >>> m = PRF.from_counts(matched=9, predicted=10, gold=12)
        >>> round(m.precision, 2), round(m.recall, 2), round(m.f1, 3)
        (0.9, 0.75, 0.818)
    """

    precision: float
    recall: float
    f1: float
    matched: int
    predicted: int
    gold: int

    @classmethod
    def from_counts(cls, *, matched: int, predicted: int, gold: int) -> "PRF":
        p = matched / predicted if predicted else (1.0 if gold == 0 else 0.0)
        r = matched / gold if gold else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return cls(p, r, f, matched, predicted, gold)


def detail_lines(misses: Iterable[Tuple[str, str]], extras: Iterable[Tuple[str, str]],
                 wrong: Iterable[Tuple[str, str, str]]) -> List[str]:
    """The verbose part of a span report: each miss, extra and wrong field.

    Example:
        >>> detail_lines([("3所", "新建3所")], [], [("5%", "value=5", "value=0.05")])
        ['miss: 3所    | 新建3所', 'wrong: 5%    expected value=5; got value=0.05']
    """
    lines = []
    for label, items in (("miss", misses), ("extra", extras)):
        for t, sent in items:
            lines.append(f"{label}: {t}    | {sent}")
    for t, exp, got in wrong:
        lines.append(f"wrong: {t}    expected {exp}; got {got}")
    return lines


def mean(xs: Iterable[float]) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def match_spans(gold: Sequence[Tuple[int, int]], pred: Sequence[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """One-to-one matching of overlapping spans, best overlap first.

    Returns pairs ``(gold_index, pred_index)``.

    Example:
        >>> match_spans([(0, 4), (6, 9)], [(1, 4), (10, 12)])
        [(0, 0)]
    """
    cands = []
    for i, (gs, ge) in enumerate(gold):
        for j, (ps, pe) in enumerate(pred):
            ov = min(ge, pe) - max(gs, ps)
            if ov > 0:
                cands.append((-ov, i, j))
    cands.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@dataclass
class SpanTally:
    """Counts of a span evaluation over gold sentences, with the matched pairs to judge further."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0
    exact: int = 0
    misses: List[Tuple[str, str]] = field(default_factory=list)  # (gold text, sentence)
    extras: List[Tuple[str, str]] = field(default_factory=list)  # (predicted text, sentence)
    pairs: List[Tuple[Dict[str, Any], Any]] = field(default_factory=list)  # (gold item, prediction)

    @property
    def prf(self) -> PRF:
        return PRF.from_counts(matched=self.matched, predicted=self.predicted, gold=self.gold)


def tally_spans(rows: Iterable[Dict[str, Any]], key: str,
                predict: Callable[[Dict[str, Any]], Sequence[Any]]) -> SpanTally:
    """Run ``predict`` on each gold sentence and match its predictions to the gold ``key`` items by span.

    Args:
        rows: Gold sentences (``text`` and a list ``key`` of items with ``text``, ``start``, ``end``).
        key: The list of gold items in each row (``quantities``, ``times``).
        predict: ``row -> predictions`` (objects with ``text``, ``start``, ``end``).
    Example:
        >>> from types import SimpleNamespace as NS
        >>> row = {"text": "新建3所", "quantities": [{"text": "3所", "start": 2, "end": 4}]}
        >>> preds = [NS(text="3所", start=2, end=4), NS(text="新", start=0, end=1)]
        >>> t = tally_spans([row], "quantities", lambda r: preds)
        >>> t.matched, t.predicted, t.exact, t.extras
        (1, 2, 1, [('新', '新建3所')])
    """
    t = SpanTally()
    for row in rows:
        text = row["text"]
        gold = row[key]
        pred = list(predict(row))
        pairs = match_spans([(g["start"], g["end"]) for g in gold], [(p.start, p.end) for p in pred])
        t.matched += len(pairs)
        t.predicted += len(pred)
        t.gold += len(gold)
        gi = {i for i, _ in pairs}
        pj = {j for _, j in pairs}
        t.misses += [(g["text"], text) for i, g in enumerate(gold) if i not in gi]
        t.extras += [(p.text, text) for j, p in enumerate(pred) if j not in pj]
        for i, j in pairs:
            g, p = gold[i], pred[j]
            t.exact += (g["start"], g["end"]) == (p.start, p.end)
            t.pairs.append((g, p))
    return t
