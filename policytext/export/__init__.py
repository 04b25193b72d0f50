"""Exports of tasks: one registry of output formats (xlsx, csv, json, jsonl, md, parquet), pandas and HTML.

:func:`write` picks a writer from the registry by the output's suffix (or
``format``); ``policytext convert``, :func:`policytext.convert` and
``TaskList.to_excel``/``to_csv``/``to_json``/``to_jsonl`` all go through it,
and :func:`register_format` adds a format. One module per family:
:mod:`.xlsx`, :mod:`.text` (csv, json, jsonl, md), :mod:`.parquet`, :mod:`.html`,
:mod:`.frames` (pandas); :mod:`.targets` writes the targets of
``policytext targets``.

Every function that writes a file writes it atomically (:func:`atomic_path`):
the data goes to a temporary file in the same folder, is flushed to disk
(``fsync``) and renamed over the target with ``os.replace``. An error or an
interrupt removes the temporary file, so there is never a half-written output.

Dependency rule: export reads tasks by duck typing (a ``TaskList`` or any
sequence of objects with the fields of ``Task``) and never imports
:mod:`policytext.tasks`; tasks imports export (``TaskList.to_*`` delegate
here). Area names come from ``tasks.taxonomy`` (the classifier's), else the
shipped taxonomy; strength labels from :data:`policytext.types.STRENGTH_NAMES`.
"""
from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any, Callable, Dict, Optional

from ..errors import UnsupportedFormatError
from ..types import STRENGTH_NAMES
from .atomic import PathLike, atomic_path
from .frames import targets_dataframe, to_dataframe
from .html import to_html
from .labels import LANGS, format_amount, format_number, format_value
from .parquet import ParquetStream, to_parquet
from .rows import Tasks, area_names, format_target
from .targets import TARGET_COLUMNS, TARGET_FORMATS, write_targets
from .text import _to_markdown_file, to_csv, to_json, to_jsonl, to_markdown
from .xlsx import (SHEET_ERRORS, SHEET_SUMMARY, SHEET_TARGETS, SHEET_TARGETS_DETAIL, SHEET_TASKS,
                   SHEET_TASKS_DETAIL, to_excel)

__all__ = [
    "atomic_path",
    "to_dataframe",
    "targets_dataframe",
    "to_csv",
    "to_json",
    "to_jsonl",
    "to_markdown",
    "to_html",
    "to_excel",
    "to_parquet",
    "ParquetStream",
    "area_names",
    "write",
    "register_format",
    "OUTPUT_FORMATS",
    "format_target",
    "format_value",
    "format_number",
    "format_amount",
    "LANGS",
    "write_targets",
    "TARGET_COLUMNS",
    "TARGET_FORMATS",
    "STRENGTH_NAMES",
    "SHEET_TASKS",
    "SHEET_TARGETS",
    "SHEET_SUMMARY",
    "SHEET_ERRORS",
    "SHEET_TASKS_DETAIL",
    "SHEET_TARGETS_DETAIL",
]

#: A writer: ``writer(tasks, path)`` writes the file (atomically).
Writer = Callable[[Tasks, PathLike], Any]

_WRITERS: Dict[str, Writer] = {
    "xlsx": to_excel, "csv": to_csv, "json": to_json, "jsonl": to_jsonl, "md": _to_markdown_file,
    "parquet": to_parquet,
}

#: The output formats :func:`write` accepts, in order (a live view of the registry).
OUTPUT_FORMATS = _WRITERS.keys()


def register_format(name: str, writer: Writer) -> None:
    """Add (or replace) the writer of output format ``name`` (the suffix of the output, lower case).

    Example:
        >>> register_format("txt", lambda tasks, path: open(path, "w").write(str(len(tasks))))
        >>> "txt" in OUTPUT_FORMATS
        True
        >>> del _WRITERS["txt"]
    """
    if not name or name != name.lower() or "." in name:
        raise ValueError(f"format name {name!r} is invalid; use the lower-case suffix without a dot, e.g. 'xlsx'")
    _WRITERS[name] = writer


def write(tasks: Tasks, path: PathLike, *, format: Optional[str] = None, lang: Optional[str] = None) -> str:
    """Write ``tasks`` in the format of ``path``'s suffix (or ``format``); return the format.

    Formats: those of :data:`OUTPUT_FORMATS` (``xlsx``, ``csv``, ``json``, ``jsonl``, ``md``, ``parquet``).
    ``lang`` (``"zh"`` or ``"en"``) names the columns and labels of the formats
    whose writer takes it (csv: default ``zh``; json, jsonl: default ``en``);
    xlsx and md are always Chinese and ignore it.

    Raises:
        UnsupportedFormatError: Unknown format.
    Example:
        >>> import tempfile, os
        >>> from policytext.tasks import TaskList
        >>> write(TaskList(), os.path.join(tempfile.mkdtemp(), "任务.md"))
        'md'
    """
    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    if fmt not in _WRITERS:
        raise UnsupportedFormatError(str(path), f"output format {fmt!r} is invalid; must be one of "
                                     f"{sorted(_WRITERS)} (name the output OUT.xlsx, OUT.csv, OUT.jsonl …)")
    writer = _WRITERS[fmt]
    if lang is not None and _takes_lang(writer):
        writer(tasks, path, lang=lang)
    else:
        writer(tasks, path)
    return fmt


def _takes_lang(writer: Writer) -> bool:
    try:
        return "lang" in inspect.signature(writer).parameters
    except (TypeError, ValueError):  # a builtin or a callable without a signature
        return False
