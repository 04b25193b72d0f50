"""One reader process kept for many documents: the isolation of :func:`.limits.run_isolated` without a fork each.

Forking the caller for every PDF costs more than reading a short one (the
page tables of a large process are copied, PDFium maps its fonts again). The
reader process here is forked once and then reads one document at a time,
sent to it through a pipe, under the same guarantees as a process of its own:

* the timeout holds inside the reader: at ``timeout`` seconds the process is
  killed (``SIGKILL``) and the next document gets a new one;
* a crash (a signal) or a reader that stops without a result is reported for
  that document only, and the next document gets a new process;
* before each document the address space is capped at its present size plus
  ``max_memory`` bytes (``RLIMIT_AS``), so each document has the same
  allowance as in a fresh process;
* after a document that failed, after :data:`MAX_DOCUMENTS` documents or once
  it has grown by :data:`MAX_GROWTH` bytes, the process ends and the next
  document gets a new one, so nothing one document left behind reaches many
  others;
* it dies with its parent (``PR_SET_PDEATHSIG``) and ends when the pipe is
  closed.

:func:`send_ahead` gives the process the next document before the caller
asks for it, so that it reads while the caller works on the previous one.

The process is forked from the caller's state at its start, so it serves only
calls with the same ``key`` (the reader function and its settings); another
key starts a new process. A call from a second thread while the process is
busy, or a forked copy of the caller, falls back to :func:`.limits.run_isolated`
or starts its own process.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import threading
import time
from typing import Any, Callable, Hashable, Optional, Tuple

from ..errors import DocumentLoadError
from . import limits as _limits

__all__ = ["run_in_reader", "send_ahead", "MAX_DOCUMENTS", "MAX_GROWTH", "reader_pid"]

#: Documents one reader process reads before it is replaced.
MAX_DOCUMENTS = 200
#: Growth of the reader process (bytes of address space) after which it is replaced.
MAX_GROWTH = 512 * 1024 * 1024


class _Reader:
    """The parent's handle of a reader process."""

    def __init__(self, pid: int, requests: int, results: int, key: Hashable) -> None:
        self.pid, self.requests, self.results, self.key = pid, requests, results, key
        self.owner = os.getpid()

    def close(self, kill: bool) -> int:
        """Close the pipes and reap the process (killing it first when ``kill``); its wait status."""
        self.close_pipes()
        return _limits._reap(self.pid, kill=kill)

    def close_pipes(self) -> None:
        """Close this end of the two pipes (also in a forked copy, which must not reap the process)."""
        for fd in (self.requests, self.results):
            with contextlib.suppress(OSError):
                os.close(fd)

    def alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG) == (0, 0)
        except ChildProcessError:
            return False


_lock = threading.Lock()
_reader: Optional[_Reader] = None
#: A request :func:`send_ahead` sent, not collected yet: ``(request, key, reader)``.
_ahead: Optional[Tuple[bytes, Hashable, _Reader]] = None


def reader_pid() -> Optional[int]:
    """The process id of this process's reader process, if one runs (for measuring its CPU time).

    Example:
        >>> reader_pid() is None or isinstance(reader_pid(), int)
        True
    """
    r = _reader
    return r.pid if r is not None and r.owner == os.getpid() else None


def _serve(requests: int, results: int, max_memory: Optional[int]) -> None:  # pragma: no cover - the child
    """The reader process: read a request, run it, send the outcome and whether this process retires."""
    _limits._enter_child()
    start = _limits._vm_size()
    served = 0
    while True:
        payload, _ = _limits.read_frame(requests, float("inf"))
        if payload is None:  # the parent closed the pipe
            os._exit(0)
        fn, args, kw, source, what = pickle.loads(payload)
        _limits.cap_memory(max_memory)
        out, failed = _limits.outcome(fn, args, kw, source, what)
        served += 1
        retire = failed or served >= MAX_DOCUMENTS or _limits._vm_size() - start > MAX_GROWTH
        _limits.write_frame(results, (b"R" if retire else b"-") + out)
        if retire:
            os._exit(0)


def _start(key: Hashable, max_memory: Optional[int], source: str) -> _Reader:
    req_r, req_w = os.pipe()
    res_r, res_w = os.pipe()
    try:
        pid = os.fork()
    except OSError as e:
        for fd in (req_r, req_w, res_r, res_w):
            os.close(fd)
        raise DocumentLoadError(source, f"cannot start a reader process ({e.strerror or e})") from None
    if pid == 0:  # pragma: no cover - child
        try:
            os.close(req_w)
            os.close(res_r)
            stale = _reader
            if stale is not None:  # the parent's previous reader's pipes
                stale.close_pipes()
            _serve(req_r, res_w, max_memory)
        finally:
            os._exit(4)
    os.close(req_r)
    os.close(res_w)
    for fd in (req_w, res_r):
        _widen(fd)
    return _Reader(pid, req_w, res_r, key)


def _widen(fd: int) -> None:
    """Let a pipe hold 1 MB (Linux ``F_SETPIPE_SZ``), so that a document or its text crosses in one write."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


def _current(key: Hashable, max_memory: Optional[int], source: str) -> _Reader:
    """The reader process for ``key``, started when there is none (or it has another key, or it died)."""
    global _reader
    r = _reader
    if r is not None and r.owner != os.getpid():  # inherited through a fork: not ours to use or reap
        r.close_pipes()
        r = _reader = None
    if r is not None and (r.key != (key, max_memory) or not r.alive()):
        r.close(kill=True)
        r = _reader = None
    if r is None:
        r = _reader = _start((key, max_memory), max_memory, source)
    return r


def _drop(kill: bool) -> int:
    global _reader, _ahead
    r, _reader, _ahead = _reader, None, None
    return r.close(kill=kill) if r is not None else 0


def run_in_reader(fn: Callable[..., Any], *args: Any, key: Hashable, source: str, what: str, timeout: float,
                  max_memory: Optional[int] = _limits.DEFAULT_MAX_MEMORY, **kw: Any) -> Any:
    """Run ``fn(*args, **kw)`` in this process's reader process; like :func:`.limits.run_isolated`.

    Args:
        key: What the reader process was forked for (the reader and its
            settings, hashable): a call with another key gets a new process.
    Raises:
        DocumentTimeoutError: The timeout was reached (the process is killed).
        DocumentTooLargeError: The process ran out of its memory allowance.
        CorruptDocumentError: The process crashed, or ``fn`` raised a foreign
            exception (wrapped with the file name).

    Example:
        >>> run_in_reader(sum, [1, 2, 3], key="sum", source="<bytes>", what="txt", timeout=10)
        6
    """
    try:
        request = pickle.dumps((fn, args, kw, source, what), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # not picklable (a local function): a process of its own
        request = None
    if request is None or not _limits.can_isolate() or not _lock.acquire(blocking=False):
        return _limits.run_isolated(fn, *args, source=source, what=what, timeout=timeout, max_memory=max_memory,
                                    **kw)
    try:
        return _round_trip(request, key, max_memory, source, what, timeout)
    finally:
        _lock.release()


def send_ahead(fn: Callable[..., Any], *args: Any, key: Hashable, source: str, what: str,
               max_memory: Optional[int] = _limits.DEFAULT_MAX_MEMORY, **kw: Any) -> bool:
    """Send ``fn(*args, **kw)`` to the reader process now and return without waiting for it.

    The reader process works on it while the caller does something else (a
    batch builds the task list of one document while the next is read); a
    later :func:`run_in_reader` with the same call collects the result, with
    the guarantees of :func:`run_in_reader` (its ``timeout`` counts from that
    call). A call with anything else first ends the process working on the
    request sent ahead, whose result nobody will collect. One request at a
    time is sent ahead.

    Returns:
        Whether the request was sent (not when it does not pickle, without
        ``fork``, while another thread uses the process or a request is
        already ahead).

    Example:
        >>> send_ahead(sum, [1, 2], key="sum", source="<bytes>", what="txt")
        True
        >>> run_in_reader(sum, [1, 2], key="sum", source="<bytes>", what="txt", timeout=10)
        3
    """
    global _ahead
    try:
        request = pickle.dumps((fn, args, kw, source, what), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return False
    if not _limits.can_isolate() or not _lock.acquire(blocking=False):
        return False
    try:
        if _ahead is not None and _ahead[2] is _reader and _ahead[2].owner == os.getpid():
            return False
        _ahead = None
        r = _current(key, max_memory, source)
        try:
            _limits.write_frame(r.requests, request)
        except BrokenPipeError:  # it ended since alive() was asked: the request will be sent when asked for
            _drop(kill=True)
            return False
        except BaseException:  # a half-sent request must not reach the next one
            _drop(kill=True)
            raise
        _ahead = (request, (key, max_memory), r)
        return True
    finally:
        _lock.release()


def _sent_ahead(request: bytes, key: Hashable, max_memory: Optional[int]) -> Optional[_Reader]:
    """The reader process working on ``request`` already (sent by :func:`send_ahead`), if any; a process
    working on another request sent ahead is ended (nobody will collect its result)."""
    global _ahead
    ahead, _ahead = _ahead, None
    if ahead is None:
        return None
    mine = ahead[2] is _reader and ahead[2].owner == os.getpid()
    if mine and ahead[0] == request and ahead[1] == (key, max_memory):
        return ahead[2]
    if mine:
        _drop(kill=True)
    return None


def _round_trip(request: bytes, key: Hashable, max_memory: Optional[int], source: str, what: str,
                timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    r = _sent_ahead(request, key, max_memory)
    if r is not None:
        return _collect(r, source, what, timeout, deadline)
    r = _current(key, max_memory, source)
    try:
        try:
            _limits.write_frame(r.requests, request)
        except BrokenPipeError:  # it ended since alive() was asked: once more with a new one
            _drop(kill=True)
            r = _current(key, max_memory, source)
            _limits.write_frame(r.requests, request)
    except BaseException:  # Ctrl-C or a second broken pipe: a half-sent request must not reach the next one
        _drop(kill=True)
        raise
    return _collect(r, source, what, timeout, deadline)


def _collect(r: _Reader, source: str, what: str, timeout: float, deadline: float) -> Any:
    """Wait for the result of the request ``r`` works on, until ``deadline``."""
    try:
        payload, timed_out = _limits.read_frame(r.results, deadline)
    except BaseException:  # Ctrl-C while waiting: the document is abandoned with its process
        _drop(kill=True)
        raise
    if payload is None:
        status = _drop(kill=True)
        _limits.raise_failure(status, timed_out, source=source, what=what, timeout=timeout)
    if payload[:1] == b"R":  # the process retires after this document
        _drop(kill=False)
    return _limits.deliver(payload[1:], stacklevel=6)
