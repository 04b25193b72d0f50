"""Targets as ``policytext targets`` prints them: an aligned table, JSON lines or CSV.

The writer of the command line (moved here from ``policytext.extract.targets``,
which only finds targets): ``(doc, target)`` pairs go to a stream in one of
:data:`TARGET_FORMATS`.
"""
from __future__ import annotations

import csv
import json
import sys
from typing import IO, Any, Callable, Dict, Iterable, List, Optional, Tuple

from .._display import format_table
from ..types import Target

__all__ = ["write_targets", "TARGET_COLUMNS", "TARGET_FORMATS"]

#: Columns of ``policytext targets --format csv`` (and the keys of each jsonl line).
TARGET_COLUMNS = ("doc", "indicator", "value", "value_max", "unit", "comparator", "deadline", "deadline_text",
                  "placeholder", "optional", "strength", "direction", "baseline", "section", "page", "quote",
                  "quote_start", "quote_end", "start", "end", "text")
_TABLE_COLUMNS = ("doc", "indicator", "comparator", "value", "unit", "deadline", "deadline_text", "strength",
                  "section")


def _row(doc: str, t: Target, text: str = "") -> Dict[str, Any]:
    d = {"doc": doc, **t.to_dict()}
    if "quote" not in d:
        d["quote"] = text[t.quote_start - t.start:t.quote_end - t.start] if t.text else ""
    return d


def _write_jsonl(dicts: List[Dict[str, Any]], out: IO[str]) -> None:
    for d in dicts:
        out.write(json.dumps(d, ensure_ascii=False) + "\n")


def _write_csv(dicts: List[Dict[str, Any]], out: IO[str]) -> None:
    w = csv.DictWriter(out, fieldnames=list(TARGET_COLUMNS), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for d in dicts:
        w.writerow({k: ("" if d.get(k) is None else d.get(k)) for k in TARGET_COLUMNS})


def _write_table(dicts: List[Dict[str, Any]], out: IO[str]) -> None:
    body = [[d.get(k) for k in _TABLE_COLUMNS] for d in dicts]
    out.write(format_table(body, list(_TABLE_COLUMNS)) + "\n")
    out.write(f"{len(dicts)} targets\n")


#: The formats of :func:`write_targets` (``policytext targets --format``), each a writer of row dicts.
TARGET_FORMATS: Dict[str, Callable[[List[Dict[str, Any]], IO[str]], None]] = {
    "table": _write_table, "jsonl": _write_jsonl, "csv": _write_csv,
}


def write_targets(rows: Iterable[Tuple[str, Target]], *, fmt: str = "table", stream: Optional[IO[str]] = None) -> None:
    """Write ``(doc, target)`` pairs as a table, JSON lines or CSV.

    Args:
        rows: Pairs of a document name and one of its targets.
        fmt: ``table`` (aligned text), ``jsonl`` (one object per target with
            ``doc`` and every field) or ``csv`` (columns :data:`TARGET_COLUMNS`).
        stream: Where to write; default ``sys.stdout``.
    Raises:
        ValueError: ``fmt`` is not one of the three formats.
    Example:
        >>> import io
        >>> from policytext.extract.targets import extract_targets
        >>> out = io.StringIO()
        >>> write_targets([("要点.txt", t) for t in extract_targets("2021年新建敬老院2所。")], fmt="jsonl", stream=out)
        >>> import json; d = json.loads(out.getvalue())
        >>> d["doc"], d["indicator"], d["value"], d["unit"], d["deadline"]
        ('要点.txt', '新建敬老院', 2.0, '所', '2021-12-31')
    """
    if fmt not in TARGET_FORMATS:
        raise ValueError(f"fmt={fmt!r} is invalid; must be one of {', '.join(map(repr, TARGET_FORMATS))}")
    out = stream if stream is not None else sys.stdout
    TARGET_FORMATS[fmt]([_row(doc, t, t.text) for doc, t in rows], out)
