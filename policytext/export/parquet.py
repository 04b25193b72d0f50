"""Parquet export (pyarrow, imported when called): one row per task, targets as a typed list column.

Columns keep their types: ``deadline`` is a date, ``areas`` and ``co`` are
lists of strings, ``targets`` is a list of structs (indicator, value,
value_max, unit, comparator, deadline as a date, …, page), so pandas, Polars,
DuckDB or Spark read them without parsing. The files that failed are kept in
the file's key-value metadata (``policytext.errors``, JSON).

:class:`ParquetStream` writes one row group per document as documents finish,
so converting an archive keeps memory flat; :func:`to_parquet` writes a whole
task list at once. Both write atomically (a temporary file renamed at the end).
"""
from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any, Dict, List, Optional, Sequence

from ..errors import MissingDependencyError
from .atomic import PathLike, atomic_path
from .rows import Tasks, documents_of, errors_of

__all__ = ["to_parquet", "ParquetStream", "task_schema"]


def _pa() -> Any:
    try:
        import pyarrow as pa
        import pyarrow.parquet  # noqa: F401
    except ImportError:  # pragma: no cover - a core dependency
        raise MissingDependencyError("Parquet output needs pyarrow: pip install pyarrow") from None
    return pa


def task_schema() -> Any:
    """The Arrow schema of the task rows (one row per task, its targets nested).

    Example:
        >>> task_schema().field("deadline").type
        DataType(date32[day])
    """
    pa = _pa()
    target = pa.struct([
        ("indicator", pa.string()), ("value", pa.float64()), ("value_max", pa.float64()), ("unit", pa.string()),
        ("comparator", pa.string()), ("deadline", pa.date32()), ("deadline_text", pa.string()),
        ("placeholder", pa.bool_()), ("optional", pa.bool_()), ("strength", pa.string()),
        ("direction", pa.string()), ("baseline", pa.string()), ("quote", pa.string()), ("text", pa.string()),
        ("start", pa.int64()), ("end", pa.int64()), ("page", pa.int32()),
    ])
    return pa.schema([
        ("id", pa.string()), ("doc", pa.string()), ("section", pa.string()), ("marker", pa.string()),
        ("heading", pa.string()), ("text", pa.string()), ("kind", pa.string()), ("area", pa.string()),
        ("areas", pa.list_(pa.string())), ("lead", pa.string()), ("co", pa.list_(pa.string())),
        ("scope", pa.list_(pa.string())), ("deadline", pa.date32()), ("deadline_text", pa.string()),
        ("strength", pa.string()),
        ("n_targets", pa.int32()), ("targets", pa.list_(target)),
        ("start", pa.int64()), ("end", pa.int64()), ("page", pa.int32()),
    ])


def _str(v: Any) -> Optional[str]:
    return None if v is None else str(v)


def _target(t: Any, x: Any) -> Dict[str, Any]:
    quote = getattr(x, "quote", "")
    if not quote:
        q0, q1 = x.quote_start - x.start, x.quote_end - x.start
        quote = x.text[q0:q1] if 0 <= q0 < q1 <= len(x.text) else ""
    return {
        "indicator": x.indicator, "value": x.value, "value_max": x.value_max, "unit": x.unit,
        "comparator": x.comparator, "deadline": x.deadline, "deadline_text": x.deadline_text,
        "placeholder": bool(x.placeholder), "optional": bool(getattr(x, "optional", False)),
        "strength": _str(getattr(x, "strength", None)), "direction": _str(getattr(x, "direction", None)),
        "baseline": _str(getattr(x, "baseline", None)), "quote": quote, "text": x.text,
        "start": x.start, "end": x.end, "page": getattr(x, "page", None),
    }


def _rows(tasks: Tasks) -> List[Dict[str, Any]]:
    return [{
        "id": t.id, "doc": t.doc, "section": t.section, "marker": t.marker, "heading": t.heading, "text": t.text,
        "kind": t.kind, "area": t.area, "areas": list(t.areas), "lead": t.lead, "co": list(t.co),
        "scope": list(t.scope), "deadline": t.deadline, "deadline_text": t.deadline_text,
        "strength": _str(t.strength),
        "n_targets": len(t.targets), "targets": [_target(t, x) for x in t.targets],
        "start": t.start, "end": t.end, "page": t.page,
    } for t in tasks]


class ParquetStream:
    """Write tasks to a Parquet file one document at a time (a row group each); atomic.

    Example:
        >>> import tempfile, os, pyarrow.parquet as pq
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。", start=0, end=9, co=("财政局", "残联"))
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.parquet")
        >>> with ParquetStream(p) as out:
        ...     out.write(TaskList([t]))
        >>> pq.read_table(p).column("co").to_pylist()
        [['财政局', '残联']]
    """

    def __init__(self, path: PathLike) -> None:
        self.path = path
        self.schema = task_schema()
        self.rows = 0
        self.errors: List[Sequence[str]] = []
        self._stack = ExitStack()
        self._writer: Any = None

    def __enter__(self) -> "ParquetStream":
        import pyarrow.parquet as pq

        tmp = self._stack.enter_context(atomic_path(self.path))
        self._writer = pq.ParquetWriter(tmp, self.schema, compression="zstd")
        return self

    def write(self, tasks: Tasks) -> None:
        """Append the tasks of one (or more) documents as a row group."""
        pa = _pa()
        self.errors.extend(errors_of(tasks))
        rows = _rows(tasks)
        if rows:
            self._writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))
            self.rows += len(rows)

    def add_errors(self, errors: Sequence[Sequence[str]]) -> None:
        """Record ``(file, reason)`` of files that failed (kept in the file's metadata)."""
        self.errors.extend(errors)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if self._writer is not None:
                if exc_type is None and hasattr(self._writer, "add_key_value_metadata"):
                    self._writer.add_key_value_metadata(
                        {"policytext.errors": json.dumps([list(e) for e in self.errors], ensure_ascii=False)})
                self._writer.close()
        finally:
            self._stack.__exit__(exc_type, exc, tb)


def to_parquet(tasks: Tasks, path: PathLike) -> None:
    """Write the task list as one Parquet file (one row group per document); atomic.

    Example:
        >>> import tempfile, os, datetime, pyarrow.parquet as pq
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。", start=0, end=9, areas=("social_assistance",),
        ...          deadline=datetime.date(2025, 12, 31))
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.parquet")
        >>> to_parquet(TaskList([t]), p)
        >>> row = pq.read_table(p).to_pylist()[0]
        >>> row["deadline"], row["areas"]
        (datetime.date(2025, 12, 31), ['social_assistance'])
    """
    with ParquetStream(path) as out:
        for d in documents_of(tasks):
            out.write([t for t in tasks if t.doc == d])
        rest = [t for t in tasks if t.doc not in set(documents_of(tasks))]
        if rest:
            out.write(rest)
        out.add_errors(errors_of(tasks))
