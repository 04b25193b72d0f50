"""Evaluate :func:`policytext.extract_times` against a small gold file.

Gold format (JSONL, one sentence per line)::

    {"text": "到2020年底，覆盖率达到90%以上。", "reference": 2020,
     "times": [{"text": "到2020年底", "date_from": "2020-12-31",
                "date_to": "2020-12-31", "deadline": true}]}

``reference`` (a year or an ISO date, optional) is passed to
:func:`~policytext.extract.times.extract_times`. Each gold item has ``text``
(verbatim, located left to right; give ``start`` when it repeats) and
optionally ``date_from``/``date_to`` (ISO dates or ``null`` when the year
cannot be known), ``deadline``, ``granularity``, ``relative``, ``year_known``.
Lines starting with ``//`` are comments.

Matching is by overlapping spans, one to one (as for quantities). *Date
accuracy* is the share of matches whose ``date_from`` and ``date_to`` equal
the gold ones; *deadline accuracy* the share whose deadline flag does; the
other given fields count towards *all fields*.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Tuple, Union

from ..errors import PatternError
from ..types import _ToDict
from .gold import read_sentence_gold as read_gold
from .metrics import PRF, detail_lines, format_table, tally_spans

__all__ = ["evaluate_times", "TimeReport", "format_report"]

_OTHER = ("granularity", "relative", "year_known")


@dataclass(frozen=True)
class TimeReport(_ToDict):
    """Scores of a time-expression evaluation, with misses, extras and wrong fields."""

    prf: PRF
    exact_span: float
    date_accuracy: float
    deadline_accuracy: float
    all_fields: float
    sentences: int
    misses: Tuple[Tuple[str, str], ...] = field(default=())
    extras: Tuple[Tuple[str, str], ...] = field(default=())
    wrong: Tuple[Tuple[str, str, str], ...] = field(default=())


def _reference(value: Any, where: str, line: int) -> Union[None, int, _dt.date]:
    if value is None or isinstance(value, int):
        return value
    try:
        return _dt.date.fromisoformat(str(value))
    except ValueError:
        raise PatternError(where, f"reference={value!r} is neither a year nor an ISO date", line=line) from None


def _iso(d: Optional[_dt.date]) -> Optional[str]:
    return d.isoformat() if d else None


def evaluate_times(gold_path: Union[str, Path]) -> TimeReport:
    """Run :func:`~policytext.extract.times.extract_times` on every gold sentence and score it.

    Example:
        >>> import json, pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
        >>> row = {"text": "到2020年底完成", "times": [{"text": "到2020年底", "date_to": "2020-12-31", "deadline": True}]}
        >>> _ = f.write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
        >>> r = evaluate_times(f)
        >>> r.prf.f1, r.date_accuracy, r.deadline_accuracy
        (1.0, 1.0, 1.0)
    """
    from ..extract.times import extract_times

    rows = read_gold(gold_path, "times")
    tally = tally_spans(rows, "times", lambda row: extract_times(
        row["text"], reference=_reference(row.get("reference"), str(gold_path), row["_line"])))
    dates = deadlines = alls = 0
    wrong = []
    for g, t in tally.pairs:
        bad = []
        for f in ("date_from", "date_to"):
            if f in g and g[f] != _iso(getattr(t, f)):
                bad.append((f, g[f], _iso(getattr(t, f))))
        dates += not bad
        if "deadline" in g and bool(g["deadline"]) != t.deadline:
            bad.append(("deadline", g["deadline"], t.deadline))
        else:
            deadlines += 1
        bad += [(f, g[f], getattr(t, f)) for f in _OTHER if f in g and g[f] != getattr(t, f)]
        alls += not bad
        if bad:
            wrong.append((t.text, ", ".join(f"{f}={e!r}" for f, e, _ in bad),
                          ", ".join(f"{f}={v!r}" for f, _, v in bad)))
    div = tally.matched or 1
    return TimeReport(tally.prf, tally.exact / div, dates / div, deadlines / div, alls / div, len(rows),
                      tuple(tally.misses), tuple(tally.extras), tuple(wrong))


def format_report(report: TimeReport, *, verbose: bool = False) -> str:
    """Plain-text summary; with ``verbose`` every miss, extra and wrong field.

    Example:
        >>> r = TimeReport(PRF.from_counts(matched=4, predicted=4, gold=5), 1.0, 1.0, 0.75, 0.75, 3)
        >>> print(format_report(r).splitlines()[0])
        times: 3 sentences
    """
    p = report.prf
    lines = [f"times: {report.sentences} sentences",
             format_table([[p.precision, p.recall, p.f1, p.matched, p.predicted, p.gold, report.exact_span,
                            report.date_accuracy, report.deadline_accuracy, report.all_fields]],
                          ["precision", "recall", "F1", "matched", "predicted", "gold", "exact span",
                           "date acc", "deadline acc", "all fields"])]
    if verbose:
        lines += detail_lines(report.misses, report.extras, report.wrong)
    return "\n".join(lines)
