"""Batch conversion: many documents -> one task list file (``policytext convert``).

:func:`convert` expands the inputs (files, folders searched recursively for
known suffixes, glob patterns), converts each document with
:func:`policytext.load` + :func:`policytext.to_tasks` — in worker processes
when ``jobs > 1`` — and writes one output file atomically. A file that cannot
be converted is reported with its reason and skipped; the others are
converted. Results keep the input order whatever the number of workers, so
the output is the same for ``jobs=1`` and ``jobs=4``.
"""
from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import datetime as _dt
import glob
import logging
import os
import signal
import stat
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, List, Optional, Sequence, Tuple, Union

from .errors import DocumentLoadError, OutputError, PolicyTextError, UnsupportedFormatError
from .export import LANGS, OUTPUT_FORMATS, write
from .tasks import Task, TaskList
from .types import _ToDict

__all__ = ["KNOWN_SUFFIXES", "ConvertResult", "DocumentResult", "find_inputs", "convert", "convert_file",
           "convert_one", "check_output",
           "Terminated", "EXIT_OK", "EXIT_FAILED", "EXIT_USAGE", "EXIT_INTERRUPTED", "EXIT_TERMINATED"]

#: Exit statuses of ``policytext convert`` (also listed in its ``--help``).
EXIT_OK = 0
#: No file could be converted, or (``--strict``) a file failed.
EXIT_FAILED = 1
#: Bad arguments, an unknown output format, or an output that cannot be written (checked before any work).
EXIT_USAGE = 2
#: Interrupted by Ctrl-C (SIGINT): 128 + 2.
EXIT_INTERRUPTED = 130
#: Terminated by SIGTERM: 128 + 15.
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """Raised in :func:`convert` when the process receives SIGTERM (or SIGHUP), so that workers are stopped
    and no temporary file is left behind.

    Example:
        >>> Terminated(15).signum
        15
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"terminated by signal {signum}")

logger = logging.getLogger(__name__)

#: Suffixes picked up when a folder is given as input.
KNOWN_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps")

PathLike = Union[str, "os.PathLike[str]"]
Failure = Tuple[str, str]


@dataclass(frozen=True)
class ConvertResult(_ToDict):
    """What :func:`convert` did.

    Attributes:
        output: The output path.
        format: ``xlsx``, ``csv``, ``json``, ``jsonl`` or ``md``.
        written: Whether the output was written (not when nothing converted).
        files: The input files found, in order.
        converted: Number of files converted.
        failed: ``(file, reason)`` for every input that failed (including
            inputs that named no file).
        tasks: Number of tasks written.
        targets: Number of targets written.
        seconds: Wall-clock time.
        task_list: The combined :class:`~policytext.tasks.TaskList`.

    Example:
        >>> r = ConvertResult(output="任务.xlsx", format="xlsx", written=True, files=("甲.txt",), converted=1)
        >>> r.ok, r.exit_status(strict=True)
        (True, 0)
    """

    output: str
    format: str
    written: bool = False
    files: Tuple[str, ...] = ()
    converted: int = 0
    failed: Tuple[Failure, ...] = ()
    tasks: int = 0
    targets: int = 0
    seconds: float = 0.0
    task_list: TaskList = field(default_factory=TaskList, repr=False, compare=False)
    without_tasks: Tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when something was converted and nothing failed.

        Example:
            >>> ConvertResult(output="a.csv", format="csv", converted=0).ok
            False
        """
        return self.converted > 0 and not self.failed

    def exit_status(self, *, strict: bool = False) -> int:
        """The command-line exit status: 1 when nothing converted, or (``strict``) anything failed.

        Example:
            >>> ConvertResult(output="a.csv", format="csv", converted=2, failed=(("坏.pdf", "损坏"),)).exit_status()
            0
        """
        if self.converted == 0:
            return 1
        if strict and self.failed:
            return 1
        return 0

    def summary(self) -> str:
        """One line for people: files converted/failed, tasks, targets, time, output.

        Example:
            >>> print(ConvertResult(output="任务.xlsx", format="xlsx", written=True, files=("a.txt",),
            ...                     converted=1, tasks=12, targets=3, seconds=0.52).summary())
            converted 1 of 1 files (0 failed): 12 tasks, 3 targets in 0.5 s -> 任务.xlsx
            >>> print(ConvertResult(output="任务.csv", format="csv", written=True, files=("a.txt", "b.txt"),
            ...                     converted=2, tasks=4, without_tasks=("b.txt",)).summary())
            converted 2 of 2 files (0 failed; 1 gave no task): 4 tasks, 0 targets in 0.0 s -> 任务.csv
        """
        n = self.converted + len(self.failed)
        dest = f" -> {self.output}" if self.written else "; no output written"
        empty = f"; {len(self.without_tasks)} gave no task" if self.without_tasks else ""
        return (f"converted {self.converted} of {n} files ({len(self.failed)} failed{empty}): "
                f"{self.tasks} tasks, {self.targets} targets in {self.seconds:.1f} s{dest}")


def find_inputs(inputs: Iterable[PathLike], *, exclude: Iterable[PathLike] = ()) -> Tuple[List[str], List[Failure]]:
    """Expand files, folders (recursive, :data:`KNOWN_SUFFIXES`) and glob patterns.

    Files named explicitly or matched by a pattern are kept whatever their
    suffix (the loader decides); hidden files in folders are skipped.
    Duplicates are dropped (first occurrence kept).

    Args:
        inputs: Paths and patterns, as given on the command line.
        exclude: Paths never to return (the output file).
    Returns:
        ``(files, missing)``: the files in order, and ``(input, reason)`` for
        inputs that name nothing.
    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> for name in ("讲话.txt", "子目录/要点.docx", "说明.csv"):
        ...     (d / name).parent.mkdir(exist_ok=True); _ = (d / name).write_text("内容", encoding="utf-8")
        >>> files, missing = find_inputs([d, d / "无此文件.pdf"])
        >>> [pathlib.Path(f).name for f in files], [m[1] for m in missing]
        (['要点.docx', '讲话.txt'], ['no such file or directory'])
    """
    skip = {os.path.realpath(p) for p in exclude}
    files: List[str] = []
    seen = set()
    missing: List[Failure] = []

    def keep(path: Path) -> None:
        real = os.path.realpath(path)
        if real in seen or real in skip:
            return
        seen.add(real)
        files.append(str(path))

    def special(path: Path) -> Optional[str]:
        """Why ``path`` is not read (a FIFO, a device, a socket), or ``None`` for a regular file."""
        from .io.limits import file_kind

        try:
            kind = file_kind(path.stat().st_mode)
        except OSError:
            return None
        return None if kind is None else f"is {kind}, not a document (only regular files are read)"

    def walk(folder: Path) -> None:
        found = []
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for n in names:
                if not n.startswith(".") and os.path.splitext(n)[1].lower() in KNOWN_SUFFIXES:
                    found.append(Path(root) / n)
        for f in sorted(found, key=lambda p: str(p)):
            why = special(f)
            if why is None:
                keep(f)
            else:
                missing.append((str(f), why))

    for item in inputs:
        p = Path(item)
        if p.is_dir():
            walk(p)
        elif p.is_file():
            keep(p)
        elif p.exists() and special(p):
            missing.append((str(item), special(p) or ""))
        elif glob.has_magic(str(item)):
            matches = sorted(glob.glob(str(item), recursive=True))
            if not matches:
                missing.append((str(item), "no file matches this pattern"))
            for m in matches:
                mp = Path(m)
                if mp.is_dir():
                    walk(mp)
                elif mp.is_file():
                    keep(mp)
        else:
            missing.append((str(item), "no such file or directory"))
    return files, missing


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DocumentLoadError):
        return exc.reason
    if isinstance(exc, PolicyTextError):
        return str(exc)
    return f"internal error while extracting tasks ({type(exc).__name__}: {str(exc)[:300]}); please report it"


def check_output(output: PathLike) -> None:
    """Check, before any work, that ``output`` can be written.

    Raises:
        OutputError: The folder is missing or not a folder, ``output`` is a
            directory or a special file, the folder is not writable (read-only
            file system, permissions) or its disk is full.

    Example:
        >>> import tempfile, os
        >>> check_output(os.path.join(tempfile.mkdtemp(), "无此目录", "任务.xlsx"))
        Traceback (most recent call last):
        ...
        policytext.errors.OutputError: ...任务.xlsx: the folder ... does not exist; create it first
    """
    from .io.limits import file_kind

    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as e:
        if not folder.exists():
            raise OutputError(output, f"the folder {folder} does not exist; create it first") from None
        raise OutputError(output, f"cannot be used as output ({e.strerror or e})") from None
    if st is not None and file_kind(st.st_mode) is not None:
        raise OutputError(output, f"is {file_kind(st.st_mode)}; name a file (e.g. {target / 'tasks.xlsx'})")
    if not folder.exists():
        raise OutputError(output, f"the folder {folder} does not exist; create it first")
    if not folder.is_dir():
        raise OutputError(output, f"{folder} is not a folder")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".probe", dir=folder)
    except OSError as e:
        raise OutputError(output, f"the folder {folder} is not writable ({e.strerror or e})") from None
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass
    try:
        vfs = os.statvfs(folder)
    except (OSError, AttributeError):
        return
    if vfs.f_bavail * vfs.f_frsize < 1024 * 1024:
        raise OutputError(output, f"the disk holding {folder} is full (less than 1 MB free)")


def _collect_quietly() -> None:
    """Collect the writer's half-closed generators now, without their 'Exception ignored' noise on stderr."""
    import gc

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _init_worker() -> None:
    """Worker set-up: die with the parent (Linux), leave Ctrl-C to the parent."""
    from .io.limits import set_parent_death_signal

    parent = os.getppid()
    set_parent_death_signal(signal.SIGKILL)
    if os.getppid() != parent:  # the parent is already gone
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _kill_workers(pool: cf.ProcessPoolExecutor) -> None:
    """Stop the workers now (their reader processes die with them)."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    for p in procs:
        try:
            p.kill()
        except Exception:
            pass
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        try:
            p.join(timeout=5)
        except Exception:
            pass


class _Signals:
    """While converting in the main thread: SIGTERM/SIGHUP raise :class:`Terminated` (so cleanup runs)."""

    def __init__(self) -> None:
        self.old: dict = {}

    def __enter__(self) -> "_Signals":
        if threading.current_thread() is threading.main_thread():
            for name in ("SIGTERM", "SIGHUP"):
                sig = getattr(signal, name, None)
                if sig is None:
                    continue
                try:
                    self.old[sig] = signal.signal(sig, self._raise)
                except (ValueError, OSError):
                    pass
        return self

    @staticmethod
    def _raise(signum: int, frame: Any) -> None:
        raise Terminated(signum)

    def __exit__(self, *exc: Any) -> None:
        for sig, handler in self.old.items():
            try:
                signal.signal(sig, handler)
            except (ValueError, OSError, TypeError):
                pass


def convert_file(path: PathLike, *, reference_date: Optional[_dt.date] = None, engine: str = "pdfium") -> TaskList:
    """Load one document and return its task list.

    Args:
        path: The document.
        reference_date: The date ``今年`` refers to when the document gives none.
    Raises:
        DocumentLoadError: The file cannot be read (the message names it).
    Example:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "通知.txt")
        >>> _ = open(p, "w", encoding="utf-8").write("各县区要在年底前完成养老服务设施排查。\\n")
        >>> tl = convert_file(p)
        >>> tl.documents, tl[0].lead
        (('通知.txt',), '各县区')
    """
    from .io import load
    from .tasks import to_tasks

    doc = load(path, reference_date=reference_date, engine=engine)
    return to_tasks(doc, reference_date=reference_date)


@dataclass(frozen=True)
class DocumentResult:
    """What :func:`convert_one` made of one document: its tasks, or why it failed.

    Attributes:
        path: The document.
        task_list: Its tasks (empty when it failed).
        reason: Why it could not be converted, or ``None``.
    """

    path: str
    task_list: TaskList = field(default_factory=TaskList, repr=False)
    reason: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.reason is None

    def rows(self) -> List[dict]:
        """One dict per task, with the typed values of the Parquet output (dates, lists, nested targets).

        Example:
            >>> DocumentResult(path="坏.pdf", reason="damaged PDF").rows()
            []
        """
        from .export.parquet import _rows

        return _rows(self.task_list)


def convert_one(path: PathLike, *, reference_date: Optional[_dt.date] = None,
                engine: str = "pdfium") -> DocumentResult:
    """Convert one document, never raising for a bad one: the per-document step of :func:`convert`.

    It is what every worker of ``convert`` runs (processes, or a Dask cluster
    with ``dask=``); Spark or Ray users call it from ``mapPartitions`` or
    ``map_batches`` and collect :meth:`DocumentResult.rows`.

    Example:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "通知.txt")
        >>> _ = open(p, "w", encoding="utf-8").write("各县区要在年底前完成养老服务设施排查。\\n")
        >>> r = convert_one(p)
        >>> r.ok, r.rows()[0]["lead"], convert_one(p + ".无").reason
        (True, '各县区', 'no such file')
    """
    _, path, tl, reason, _ = _work(0, os.fspath(path), reference_date, engine)
    return DocumentResult(path=path, task_list=tl if tl is not None else TaskList(), reason=reason)


def _work(index: int, path: str, reference_date: Optional[_dt.date], engine: str = "pdfium"
          ) -> Tuple[int, str, Optional[TaskList], Optional[str], Optional[BaseException]]:
    """Worker: never raises for a bad document (returns its reason instead)."""
    try:
        return index, path, convert_file(path, reference_date=reference_date, engine=engine), None, None
    except Exception as e:  # one bad file must not stop the batch
        if not isinstance(e, PolicyTextError):
            logger.debug("unexpected error on %s", path, exc_info=True)
        try:
            import pickle

            pickle.dumps(e)
            exc: Optional[BaseException] = e
        except Exception:
            exc = None
        return index, path, None, _reason(e), exc


def _unique_names(results: List[Tuple[str, TaskList]], counts: Optional[Any] = None) -> List[TaskList]:
    """Give documents that share a file name (in different folders) distinct names and ids."""
    from collections import Counter

    from .tasks import _stem

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
        jobs: Worker processes; ``1`` converts in this process, ``0`` or less
            uses every CPU.
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
        jobs = os.cpu_count() or 1
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    from .io.pdf import ENGINES

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


def _dask_client(address: str, jobs: int) -> Tuple[Any, Any]:
    """A ``distributed.Client`` for ``address`` (or a local cluster), and the cluster to close (or ``None``)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        from .errors import MissingDependencyError

        raise MissingDependencyError("running on a Dask cluster needs dask.distributed: "
                                     "pip install 'policytext[dask]'") from None
    for name in ("distributed", "distributed.scheduler", "distributed.nanny", "distributed.core",
                 "distributed.http.proxy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    if address == "local":
        cluster = LocalCluster(n_workers=max(2, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster
    return Client(address), None


def _dask_results(files: List[str], address: str, jobs: int, reference_date: Optional[_dt.date],
                  engine: str) -> Iterable[Tuple[int, str, Optional[TaskList], Optional[str], Optional[BaseException]]]:
    """Run :func:`_work` for every file on a Dask cluster; yield results as they finish."""
    client, cluster = _dask_client(address, jobs)
    try:
        from distributed import as_completed

        futures = client.map(_work, range(len(files)), files, [reference_date] * len(files),
                             [engine] * len(files), pure=False)
        where = {f.key: i for i, f in enumerate(futures)}
        for fut in as_completed(futures):
            i = where[fut.key]
            try:
                yield fut.result()
            except Exception as e:  # a worker died, or the task could not be sent or returned
                yield i, files[i], None, f"Dask worker failed ({type(e).__name__}: {e})", None
            fut.release()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _convert(files: List[str], missing: List[Failure], output: PathLike, fmt: str, *, jobs: int,
             reference_date: Optional[_dt.date], strict: bool, progress: Optional[bool], t0: float,
             engine: str = "pdfium", dask: Optional[str] = None, lang: Optional[str] = None) -> ConvertResult:
    from collections import Counter

    results: List[Optional[Tuple[Optional[TaskList], Optional[str], Optional[BaseException]]]] = [None] * len(files)
    name_counts = Counter(Path(f).name for f in files)
    stream: Any = None
    streamed = [0, 0, 0]  # tasks, targets, next index to write
    without_tasks: List[str] = []
    if fmt == "parquet" and not strict:
        from .export.parquet import ParquetStream

        stream = ParquetStream(output)
        stream.__enter__()

    def flush() -> None:
        """Write the finished documents that are next in input order (parquet), then forget them."""
        while streamed[2] < len(files) and results[streamed[2]] is not None:
            i = streamed[2]
            tl, reason, _ = results[i]  # type: ignore[misc]
            if reason is None and tl is not None:
                (tl,) = _unique_names([(files[i], tl)], name_counts)
                stream.write(tl)
                streamed[0] += len(tl)
                streamed[1] += tl.n_targets
                if not len(tl):
                    without_tasks.append(files[i])
                results[i] = (TaskList(), None, None)
            streamed[2] += 1

    def done(i: int, tl: Optional[TaskList], reason: Optional[str], exc: Optional[BaseException]) -> None:
        results[i] = (tl, reason, exc)
        if stream is not None:
            flush()

    bar = _progress_bar(len(files), progress)
    ok = False
    try:
        if dask and files:
            for i, _, tl, reason, exc in _dask_results(files, dask, jobs, reference_date, engine):
                done(i, tl, reason, exc)
                if bar is not None:
                    bar.update(1)
                if strict and reason is not None:
                    break
        elif jobs == 1 or len(files) <= 1:
            for i, f in enumerate(files):
                _, _, tl, reason, exc = _work(i, f, reference_date, engine)
                done(i, tl, reason, exc)
                if strict and reason is not None:
                    break
                if bar is not None:
                    bar.update(1)
        else:
            with cf.ProcessPoolExecutor(max_workers=min(jobs, len(files)), initializer=_init_worker) as pool:
                futures: List[Any] = []
                try:
                    futures.extend(pool.submit(_work, i, f, reference_date, engine) for i, f in enumerate(files))
                    for fut in cf.as_completed(futures):
                        try:
                            i, _, tl, reason, exc = fut.result()
                        except Exception as e:  # a worker died (e.g. killed) or a result did not pickle
                            i = futures.index(fut)
                            tl, reason, exc = None, f"worker failed ({type(e).__name__}: {e})", None
                        done(i, tl, reason, exc)
                        if bar is not None:
                            bar.update(1)
                        if strict and reason is not None:
                            break
                except BaseException:  # Ctrl-C, SIGTERM (Terminated), an error: stop the workers now
                    _kill_workers(pool)
                    raise
                if strict:
                    pool.shutdown(wait=True, cancel_futures=True)
        ok = True
    finally:
        if bar is not None:
            bar.close()
        if stream is not None and not ok:
            stream.__exit__(RuntimeError, RuntimeError("interrupted"), None)  # removes the temporary file

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

    if stream is not None:
        written = bool(converted)
        stream.add_errors(failed)
        if written:
            try:
                stream.__exit__(None, None, None)
            except Exception as e:
                raise OutputError(output, f"cannot be written ({getattr(e, 'strerror', None) or e}); "
                                          f"nothing was written") from None
        else:
            stream.__exit__(RuntimeError, RuntimeError("nothing converted"), None)
        return ConvertResult(
            output=str(output), format=fmt, written=written, files=tuple(files), converted=len(converted),
            failed=tuple(failed), tasks=streamed[0], targets=streamed[1], seconds=time.perf_counter() - t0,
            task_list=TaskList(documents=[], errors=failed), without_tasks=tuple(without_tasks))

    combined = TaskList.concat(_unique_names(converted, name_counts))
    combined = TaskList(combined.tasks, documents=combined.documents, errors=failed)
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
