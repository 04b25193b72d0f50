"""Evaluate :func:`policytext.extract_quantities` against a small gold file.

Gold format (JSONL, one sentence per line)::

    {"text": "新增养老床位1.5万张，覆盖率达到90%以上。",
     "quantities": [
        {"text": "1.5万张", "value": 15000, "unit": "张"},
        {"text": "90%", "value": 90, "unit": "%"}]}

Each gold quantity has ``text`` (verbatim, found in the sentence left to right;
give ``start`` when the same string occurs twice) and optionally ``value``
(``null`` for a placeholder), ``value_max``, ``unit``, ``placeholder``,
``nominal``. A sentence with ``"quantities": []`` checks that nothing is found
(dates, plan names, ordinals, …). Lines starting with ``//`` are comments.

Matching: a prediction matches a gold quantity when their spans overlap
(one-to-one, in order); precision/recall/F1 count those matches. Among the
matches, *exact span* counts identical spans, and *value accuracy* counts
predictions whose value, value_max, unit, placeholder and nominal all agree
with the gold fields that are given (values compared with a relative tolerance
of 1e-6).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Tuple, Union

from ..types import _ToDict
from .gold import read_sentence_gold as read_gold
from .metrics import PRF, detail_lines, format_table, match_spans, tally_spans

__all__ = ["read_gold", "match_spans", "evaluate_quantities", "QuantityReport", "format_report"]

_FIELDS = ("value", "value_max", "unit", "placeholder", "nominal")


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=1e-9)
    if a is None or b is None:
        return a is None and b is None
    return a == b


@dataclass(frozen=True)
class QuantityReport(_ToDict):
    """Scores of a quantity evaluation, with the misses, extras and wrong values."""

    prf: PRF
    exact_span: float
    value_accuracy: float
    sentences: int
    misses: Tuple[Tuple[str, str], ...] = field(default=())  # (gold text, sentence)
    extras: Tuple[Tuple[str, str], ...] = field(default=())  # (predicted text, sentence)
    wrong: Tuple[Tuple[str, str, str], ...] = field(default=())  # (text, expected, got)


def evaluate_quantities(gold_path: Union[str, Path]) -> QuantityReport:
    """Run :func:`~policytext.extract.quantities.extract_quantities` on every gold sentence and score it.

    Example:
        >>> import json, pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
        >>> row = {"text": "新增床位1.5万张，“十四五”期间", "quantities": [{"text": "1.5万张", "value": 15000, "unit": "张"}]}
        >>> _ = f.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
        >>> r = evaluate_quantities(f)
        >>> r.prf.f1, r.value_accuracy
        (1.0, 1.0)
    """
    from ..extract.quantities import extract_quantities

    rows = read_gold(gold_path, "quantities")
    t = tally_spans(rows, "quantities", lambda row: extract_quantities(row["text"]))
    right = 0
    wrong = []
    for g, q in t.pairs:
        bad = [f for f in _FIELDS if f in g and not _same(g[f], getattr(q, f))]
        if bad:
            wrong.append((q.text, ", ".join(f"{f}={g[f]!r}" for f in bad),
                          ", ".join(f"{f}={getattr(q, f)!r}" for f in bad)))
        else:
            right += 1
    m = t.matched
    return QuantityReport(t.prf, t.exact / m if m else 0.0, right / m if m else 0.0,
                          len(rows), tuple(t.misses), tuple(t.extras), tuple(wrong))


def format_report(report: QuantityReport, *, verbose: bool = False) -> str:
    """Plain-text summary; with ``verbose`` every miss, extra and wrong value.

    Example:
        >>> r = QuantityReport(PRF.from_counts(matched=9, predicted=10, gold=10), 1.0, 0.9, 5)
        >>> print(format_report(r).splitlines()[0])
        quantities: 5 sentences
    """
    p = report.prf
    lines = [f"quantities: {report.sentences} sentences",
             format_table([[p.precision, p.recall, p.f1, p.matched, p.predicted, p.gold,
                            report.exact_span, report.value_accuracy]],
                          ["precision", "recall", "F1", "matched", "predicted", "gold", "exact span",
                           "value acc"])]
    if verbose:
        lines += detail_lines(report.misses, report.extras, report.wrong)
    return "\n".join(lines)

