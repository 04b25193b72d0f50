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

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ..errors import PatternError
from ..types import _ToDict
from .metrics import PRF, format_table

__all__ = ["read_gold", "match_spans", "evaluate_quantities", "QuantityReport", "format_report"]

_FIELDS = ("value", "value_max", "unit", "placeholder", "nominal")


def read_gold(path: Union[str, Path], key: str) -> List[Dict[str, Any]]:
    """Read a sentence-level gold JSONL file and locate every gold span.

    Each returned item is the line's object with ``key`` items gaining
    ``start``/``end`` offsets into ``text``.

    Raises:
        PatternError: A line is not JSON, lacks ``text``/``key``, or a gold
            span is not in its sentence.
    """
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise PatternError(str(p), "gold file not found; pass --gold PATH to an existing JSONL file") from None
    out = []
    for no, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise PatternError(str(p), f"invalid JSON: {e.msg}", line=no) from None
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not isinstance(obj.get(key), list):
            raise PatternError(str(p), f"each line needs a string 'text' and a list {key!r}", line=no)
        pos = 0
        items = []
        for item in obj[key]:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"]:
                raise PatternError(str(p), f"each {key} item needs a non-empty 'text'", line=no)
            start = item.get("start")
            if start is None:
                start = obj["text"].find(item["text"], pos)
            if start < 0 or obj["text"][start:start + len(item["text"])] != item["text"]:
                raise PatternError(str(p), f"{item['text']!r} is not in the sentence (after offset {pos})",
                                   line=no, key=key)
            item = dict(item, start=start, end=start + len(item["text"]))
            pos = start + 1
            items.append(item)
        out.append(dict(obj, **{key: items, "_line": no}))
    return out


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
    matched = predicted = n_gold = exact = right = 0
    misses, extras, wrong = [], [], []
    for row in rows:
        text = row["text"]
        gold = row["quantities"]
        pred = extract_quantities(text)
        pairs = match_spans([(g["start"], g["end"]) for g in gold], [(q.start, q.end) for q in pred])
        matched += len(pairs)
        predicted += len(pred)
        n_gold += len(gold)
        gi = {i for i, _ in pairs}
        pj = {j for _, j in pairs}
        misses += [(g["text"], text) for i, g in enumerate(gold) if i not in gi]
        extras += [(q.text, text) for j, q in enumerate(pred) if j not in pj]
        for i, j in pairs:
            g, q = gold[i], pred[j]
            exact += (g["start"], g["end"]) == (q.start, q.end)
            bad = [f for f in _FIELDS if f in g and not _same(g[f], getattr(q, f))]
            if bad:
                wrong.append((q.text, ", ".join(f"{f}={g[f]!r}" for f in bad),
                              ", ".join(f"{f}={getattr(q, f)!r}" for f in bad)))
            else:
                right += 1
    prf = PRF.from_counts(matched=matched, predicted=predicted, gold=n_gold)
    return QuantityReport(prf, exact / matched if matched else 0.0, right / matched if matched else 0.0,
                          len(rows), tuple(misses), tuple(extras), tuple(wrong))


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
        for label, items in (("miss", report.misses), ("extra", report.extras)):
            for t, sent in items:
                lines.append(f"{label}: {t}    | {sent}")
        for t, exp, got in report.wrong:
            lines.append(f"wrong: {t}    expected {exp}; got {got}")
    return "\n".join(lines)

