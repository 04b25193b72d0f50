"""Batch conversion: many documents -> one task list file (``policytext convert``).

:func:`convert` expands the inputs (files, folders searched recursively for
known suffixes, glob patterns; :mod:`.inputs`), converts each document with
:func:`policytext.load` + :func:`policytext.to_tasks` — in worker processes
when ``jobs > 1`` (:mod:`.workers`), or on a Dask cluster (:mod:`.dask`) —
and writes one output file atomically. A file that cannot be converted is
reported with its reason and skipped; the others are converted. Results keep
the input order whatever the number of workers, so the output is the same for
``jobs=1`` and ``jobs=4``.
"""
from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any, Iterator, List, Optional, Sequence, Tuple, Union

from ..errors import DocumentLoadError, OutputError, PolicyTextError, UnsupportedFormatError
from ..export import LANGS, OUTPUT_FORMATS, write
from ..tasks import TaskList
from .inputs import KNOWN_SUFFIXES, check_output, find_inputs
from .results import (EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_TERMINATED, EXIT_USAGE, ConvertResult, Failure,
                      PathLike, Terminated)
from .workers import (DocumentResult, Result, _collect_quietly, _Signals, _work, convert_file, convert_one,  # noqa: F401
                      local_results, usable_cpus)

__all__ = ["KNOWN_SUFFIXES", "ConvertResult", "DocumentResult", "find_inputs", "convert", "convert_file",
           "convert_one", "check_output",
           "Terminated", "EXIT_OK", "EXIT_FAILED", "EXIT_USAGE", "EXIT_INTERRUPTED", "EXIT_TERMINATED"]

logger = logging.getLogger(__name__)

#: What is kept of each document until the output is written: (task list, reason, exception).
_Kept = Tuple[Optional[TaskList], Optional[str], Optional[BaseException]]


def convert(inputs: Union[PathLike, Sequence[PathLike]], output: PathLike, *, jobs: int = 1,
            reference_date: Optional[_dt.date] = None, strict: bool = False,
            progress: Optional[bool] = None, format: Optional[str] = None, engine: str = "pdfium",
            dask: Optional[str] = None, lang: Optional[str] = None) -> ConvertResult:
    """Convert documents into one task-list file.

    Args:
        inputs: Files, folders (searched recursively for ``.txt .md .docx .pdf
            .html .htm .doc .wps``) and glob patterns.
        output: ``OUT.xlsx``, ``OUT.csv``, ``OUT.json``, ``OUT.jsonl``, ``OUT.md``
            or ``OUT.parquet`` (written atomically; failures go into an ``错误``
            sheet of xlsx, a section of md and the metadata of parquet). Parquet
            is written one document at a time as results arrive, so memory
            stays flat; ``task_list`` of the result is then empty.
        jobs: Worker processes; ``1`` converts in this process (reading the next
            PDF ahead while a task list is built, when this process may use
            more than one CPU), ``0`` or less uses every CPU it may use.
        reference_date: The date ``今年`` refers to in documents that give none.
        strict: Raise the error of the first file that fails (in input
            order) and write nothing, instead of skipping it.
        progress: Show a progress bar on stderr: ``None`` (default) when
            stderr is a terminal, ``True`` always, ``False`` never.
        format: Output format, when ``output`` has no telling suffix.
        engine: PDF engine, ``"pdfium"`` (default) or ``"pdfplumber"``.
        dask: Run the per-document work (:func:`convert_one`) on a Dask
            cluster: the scheduler's address (``"tcp://host:8786"``) or
            ``"local"`` for a local cluster of ``jobs`` worker processes (2
            when ``jobs`` is 1). Needs ``pip install policytext[dask]``.
            Results stream to the output in input order.
        lang: ``"zh"`` or ``"en"``: column names and labels of csv/json/jsonl
            (default: the format's own, see :func:`policytext.export.write`).
    Returns:
        What was done; ``written`` is False when no file could be converted.
    Raises:
        UnsupportedFormatError: Unknown output format.
        OutputError: The output cannot be written (checked before any
            document is read, and again when writing).
        PolicyTextError: With ``strict``, the first file's error.
        Terminated: The process received SIGTERM; workers were stopped.
    Example:
        >>> import tempfile, os, openpyxl
        >>> d = tempfile.mkdtemp()
        >>> _ = open(os.path.join(d, "讲话.txt"), "w", encoding="utf-8").write("各县区要在年底前完成养老机构安全排查。\\n")
        >>> _ = open(os.path.join(d, "坏.docx"), "wb").write(b"PK\\x03\\x04 broken")
        >>> r = convert(d, os.path.join(d, "任务.xlsx"), progress=False)
        >>> r.converted, [os.path.basename(f) for f, _ in r.failed], r.exit_status(strict=True)
        (1, ['坏.docx'], 1)
        >>> openpyxl.load_workbook(r.output).sheetnames[:4]
        ['任务', '量化目标', '汇总', '错误']
    """
    t0 = time.perf_counter()
    fmt = (format or Path(output).suffix.lstrip(".")).lower()
    if fmt not in OUTPUT_FORMATS:
        raise UnsupportedFormatError(str(output), f"output format {fmt!r} is invalid; must be one of "
                                     f"{list(OUTPUT_FORMATS)} (name the output OUT.xlsx, OUT.csv, OUT.jsonl …)")
    if lang is not None and lang not in LANGS:
        raise ValueError(f"`lang`={lang!r} is invalid; must be one of {', '.join(map(repr, LANGS))}")
    if not isinstance(jobs, int) or isinstance(jobs, bool):
        raise TypeError(f"jobs={jobs!r} must be an int (number of worker processes)")
    if jobs <= 0:
        jobs = usable_cpus()
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    from ..io.pdf import ENGINES

    if engine not in ENGINES:
        raise ValueError(f"`engine`={engine!r} is invalid; must be one of {set(ENGINES)}")
    check_output(output)  # before the work, not after it
    files, missing = find_inputs(inputs, exclude=[output])
    if strict and missing:
        raise DocumentLoadError(missing[0][0], missing[0][1])
    with _Signals():
        result = _convert(files, missing, output, fmt, jobs=jobs, reference_date=reference_date, strict=strict,
                          progress=progress, t0=t0, engine=engine, dask=dask, lang=lang)
    logger.info("convert: %d of %d files, %d tasks, %d targets, %d failed -> %s in %.2f s", result.converted,
                len(files) + len(missing), result.tasks, result.targets, len(result.failed), result.output,
                result.seconds)
    return result


def _unique_names(results: List[Tuple[str, TaskList]], counts: Optional[Any] = None) -> List[TaskList]:
    """Give documents that share a file name (in different folders) distinct names and ids."""
    from collections import Counter

    from ..tasks import _stem

    if counts is None:
        counts = Counter(Path(p).name for p, _ in results)
    out = []
    for path, tl in results:
        name = Path(path).name
        if counts[name] < 2:
            out.append(tl)
            continue
        new_name = str(Path(path).as_posix())
        stem = _stem(new_name.replace("/", "_"))
        tasks = [dataclasses.replace(t, doc=new_name, id=f"{stem}-{t.id.rsplit('-', 1)[-1]}")
                 for t in tl if t.doc == name]
        out.append(TaskList(tasks, documents=[new_name], errors=tl.errors))
    return out


def _progress_bar(total: int, progress: Optional[bool]) -> Any:
    show = progress if progress is not None else bool(getattr(sys.stderr, "isatty", lambda: False)())
    if not show or total < 1:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="file", file=sys.stderr, desc="convert", dynamic_ncols=True)


def _results(files: List[str], jobs: int, reference_date: Optional[_dt.date], engine: str,
             dask: Optional[str]) -> Iterator[Result]:
    if dask and files:
        from .dask import dask_results

        return iter(dask_results(files, dask, jobs, reference_date, engine))
    return local_results(files, jobs, reference_date, engine)


def _convert(files: List[str], missing: List[Failure], output: PathLike, fmt: str, *, jobs: int,
             reference_date: Optional[_dt.date], strict: bool, progress: Optional[bool], t0: float,
             engine: str = "pdfium", dask: Optional[str] = None, lang: Optional[str] = None) -> ConvertResult:
    results: List[Optional[_Kept]] = [None] * len(files)
    stream = _Stream(output, files) if fmt == "parquet" and not strict else None
    bar = _progress_bar(len(files), progress)
    ok = False
    try:
        with contextlib.closing(_results(files, jobs, reference_date, engine, dask)) as it:
            for i, _, tl, reason, exc in it:
                results[i] = (tl, reason, exc)
                if stream is not None:
                    stream.flush(results)
                if bar is not None:
                    bar.update(1)
                if strict and reason is not None:
                    break
        ok = True
    finally:
        if bar is not None:
            bar.close()
        if stream is not None and not ok:
            stream.abort("interrupted")  # removes the temporary file
    converted, failed = _outcome(files, results, missing, strict)
    if stream is not None:
        return stream.finish(converted, failed, fmt, t0)
    return _write_all(files, converted, failed, output, fmt, lang, t0)


def _outcome(files: List[str], results: List[Optional[_Kept]], missing: List[Failure], strict: bool
             ) -> Tuple[List[Tuple[str, TaskList]], List[Failure]]:
    """The converted documents and the failures, in input order; with ``strict``, the first failure raised."""
    converted: List[Tuple[str, TaskList]] = []
    failed: List[Failure] = list(missing)
    for f, res in zip(files, results):
        if res is None:
            continue
        tl, reason, exc = res
        if reason is not None:
            if strict:
                if isinstance(exc, PolicyTextError):
                    raise exc
                raise DocumentLoadError(f, reason) from exc
            failed.append((f, reason))
        else:
            assert tl is not None
            converted.append((f, tl))
    return converted, failed


def _write_all(files: List[str], converted: List[Tuple[str, TaskList]], failed: List[Failure], output: PathLike,
               fmt: str, lang: Optional[str], t0: float) -> ConvertResult:
    """Write every converted document into one output file (atomically)."""
    from collections import Counter

    combined = TaskList.concat(_unique_names(converted, Counter(Path(f).name for f in files)))
    combined = TaskList(combined.tasks, documents=combined.documents, errors=failed, taxonomy=combined.taxonomy)
    written = False
    if converted:
        failure = None
        try:
            write(combined, output, format=fmt, lang=lang)
        except PolicyTextError:
            raise
        except Exception as e:  # a full disk, a folder removed meanwhile… (lxml reports IO_EFBIG/IO_ENOSPC)
            failure = getattr(e, "strerror", None) or f"{type(e).__name__}: {e}"
        if failure is not None:  # outside the except block, so the writer's frames can be collected
            _collect_quietly()
            raise OutputError(output, f"cannot be written ({failure}); nothing was written")
        written = True
    return ConvertResult(
        output=str(output), format=fmt, written=written, files=tuple(files), converted=len(converted),
        failed=tuple(failed), tasks=len(combined), targets=combined.n_targets,
        seconds=time.perf_counter() - t0, task_list=combined,
        without_tasks=tuple(f for f, tl in converted if not len(tl)),
    )


class _Stream:
    """Parquet output written one document at a time, in input order, as results arrive (memory stays flat)."""

    def __init__(self, output: PathLike, files: List[str]) -> None:
        from collections import Counter

        from ..export.parquet import ParquetStream

        self.output, self.files = output, files
        self.names = Counter(Path(f).name for f in files)
        self.tasks = self.targets = self.next = 0
        self.without_tasks: List[str] = []
        self.parquet = ParquetStream(output)
        self.parquet.__enter__()

    def flush(self, results: List[Optional[_Kept]]) -> None:
        """Write the finished documents that are next in input order, then forget their tasks."""
        while self.next < len(self.files) and results[self.next] is not None:
            i = self.next
            tl, reason, _ = results[i]  # type: ignore[misc]
            if reason is None and tl is not None:
                (tl,) = _unique_names([(self.files[i], tl)], self.names)
                self.parquet.write(tl)
                self.tasks += len(tl)
                self.targets += tl.n_targets
                if not len(tl):
                    self.without_tasks.append(self.files[i])
                results[i] = (TaskList(), None, None)
            self.next += 1

    def abort(self, why: str) -> None:
        self.parquet.__exit__(RuntimeError, RuntimeError(why), None)

    def finish(self, converted: List[Tuple[str, TaskList]], failed: List[Failure], fmt: str, t0: float
               ) -> ConvertResult:
        written = bool(converted)
        self.parquet.add_errors(failed)
        if not written:
            self.abort("nothing converted")
        else:
            try:
                self.parquet.__exit__(None, None, None)
            except Exception as e:
                raise OutputError(self.output, f"cannot be written ({getattr(e, 'strerror', None) or e}); "
                                               f"nothing was written") from None
        return ConvertResult(
            output=str(self.output), format=fmt, written=written, files=tuple(self.files),
            converted=len(converted), failed=tuple(failed), tasks=self.tasks, targets=self.targets,
            seconds=time.perf_counter() - t0, task_list=TaskList(documents=[], errors=failed),
            without_tasks=tuple(self.without_tasks))
