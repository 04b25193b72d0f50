"""The per-document work of a batch run, in this process, in worker processes, and their signals.

:func:`convert_one` is the step every worker runs (processes, or a Dask
cluster, :mod:`.dask`); :func:`local_results` runs it over many files here.
"""
from __future__ import annotations

import concurrent.futures as cf
import datetime as _dt
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass, field
from typing import Any, Iterator, List, Optional, Tuple

from ..errors import DocumentLoadError, PolicyTextError
from ..tasks import TaskList
from .results import PathLike, Terminated

__all__ = ["convert_file", "convert_one", "DocumentResult", "local_results", "Result", "usable_cpus"]

logger = logging.getLogger("policytext.batch")

#: ``(index, path, task list or None, reason or None, exception or None)`` of one document.
Result = Tuple[int, str, Optional[TaskList], Optional[str], Optional[BaseException]]
#: Seconds the main process waits for a worker's result before it looks at its signals again.
WAKE_UP = 0.5


def _reason(exc: BaseException) -> str:
    if isinstance(exc, DocumentLoadError):
        return exc.reason
    if isinstance(exc, PolicyTextError):
        return str(exc)
    return f"internal error while extracting tasks ({type(exc).__name__}: {str(exc)[:300]}); please report it"


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
    from ..io.limits import set_parent_death_signal

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


def convert_file(path: PathLike, *, reference_date: Optional[_dt.date] = None, engine: str = "pdfium",
                 next_path: Optional[PathLike] = None) -> TaskList:
    """Load one document and return its task list.

    Args:
        path: The document.
        reference_date: The date ``今年`` refers to when the document gives none.
        next_path: The document converted next, if known: once ``path`` is read, a PDF there is read
            ahead (:func:`policytext.io.read_ahead`) while the task list of ``path`` is built.
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
    from ..io import load, read_ahead
    from ..tasks import to_tasks

    doc = load(path, reference_date=reference_date, engine=engine)
    if next_path is not None:
        read_ahead(next_path, engine=engine)
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
        from ..export.parquet import _rows

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


def usable_cpus() -> int:
    """The number of CPUs this process may run on: its CPU affinity where the system tells it (``taskset``, a
    container's cpuset), else all of the machine's.

    Example:
        >>> usable_cpus() >= 1
        True
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):  # no affinity on this system (macOS, Windows)
        return os.cpu_count() or 1


def _work(index: int, path: str, reference_date: Optional[_dt.date], engine: str = "pdfium",
          next_path: Optional[str] = None) -> Result:
    """Worker: never raises for a bad document (returns its reason instead)."""
    try:
        tl = convert_file(path, reference_date=reference_date, engine=engine, next_path=next_path)
        return index, path, tl, None, None
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


def local_results(files: List[str], jobs: int, reference_date: Optional[_dt.date], engine: str
                  ) -> Iterator[Result]:
    """Convert ``files`` here (``jobs == 1``) or in ``jobs`` worker processes; yield results as they finish.

    Closing the generator early (``--strict`` after a failure, Ctrl-C, SIGTERM)
    kills the workers, whose reader processes die with them.
    """
    if jobs == 1 or len(files) <= 1:
        # the next PDF is read (in the reader process) while this one's tasks are built, when a second CPU can
        # run the reader meanwhile: on one CPU the two only take turns, and the switches cost CPU time
        ahead = usable_cpus() > 1
        for i, f in enumerate(files):
            yield _work(i, f, reference_date, engine, files[i + 1] if ahead and i + 1 < len(files) else None)
        return
    with cf.ProcessPoolExecutor(max_workers=min(jobs, len(files)), initializer=_init_worker) as pool:
        futures: List[Any] = []
        try:
            futures.extend(pool.submit(_work, i, f, reference_date, engine) for i, f in enumerate(files))
            index = {fut: i for i, fut in enumerate(futures)}
            pending = set(futures)
            while pending:
                # a wait with a timeout, not as_completed's endless one: a signal that lands on one of the
                # executor's threads only sets a flag, and the main thread must wake up to act on it (Ctrl-C)
                done, pending = cf.wait(pending, timeout=WAKE_UP, return_when=cf.FIRST_COMPLETED)
                for fut in sorted(done, key=index.__getitem__):
                    try:
                        yield fut.result()
                    except Exception as e:  # a worker died (e.g. killed) or a result did not pickle
                        i = index[fut]
                        yield i, files[i], None, f"worker failed ({type(e).__name__}: {e})", None
        except BaseException:  # Ctrl-C, SIGTERM (Terminated), an early close, an error: stop the workers now
            _kill_workers(pool)
            raise
