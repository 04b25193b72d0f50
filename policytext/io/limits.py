"""Limits every reader runs under: regular files only, bounded decompression, a hard timeout and memory cap.

* :func:`read_regular_file` opens a path without blocking (``O_NONBLOCK``)
  and refuses anything but a regular file (a FIFO, a device, a socket, a
  directory), so a FIFO named ``x.txt`` can never hang a reader.
* :func:`bounded_streams` caps what one compressed PDF stream may unpack
  to (``pdfminer`` inflates ``/FlateDecode`` streams with no limit).
* :func:`run_isolated` runs a reader in a forked child process with a
  memory cap (``RLIMIT_AS``) and kills it when the timeout is reached, so a
  timeout also holds *inside* a PDF page or a parser's C code. The child dies
  with its parent (``PR_SET_PDEATHSIG`` on Linux). Where ``fork`` is not
  available (Windows) the reader runs in-process: the stream limits still
  hold, the timeout is then checked between PDF pages only.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import stat
import sys
import threading
import time
import warnings
import zlib
from typing import Any, Callable, Iterator, List, Optional, Tuple

from ..errors import (CorruptDocumentError, DocumentLoadError, DocumentTimeoutError, DocumentTooLargeError,
                      PolicyTextError)

__all__ = ["read_regular_file", "bounded_streams", "run_isolated", "wrap_foreign", "MAX_STREAM_BYTES",
           "DEFAULT_MAX_MEMORY", "can_isolate", "set_parent_death_signal", "cap_memory", "outcome", "write_frame",
           "read_frame", "raise_failure", "deliver"]

#: Largest size one compressed PDF stream may unpack to (bytes).
MAX_STREAM_BYTES = 64 * 1024 * 1024
#: Memory a reader may use on top of what the process already has (bytes); ``POLICYTEXT_MAX_MEMORY``.
DEFAULT_MAX_MEMORY = 2 * 1024 * 1024 * 1024

_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def file_kind(mode: int) -> Optional[str]:
    """What a non-regular file is (``"a FIFO (named pipe)"``…), or ``None`` for a regular file.

    Example:
        >>> import stat
        >>> file_kind(stat.S_IFIFO | 0o644), file_kind(stat.S_IFREG | 0o644)
        ('a FIFO (named pipe)', None)
    """
    if stat.S_ISREG(mode):
        return None
    for test, what in _KINDS:
        if test(mode):
            return what
    return "not a regular file"


def read_regular_file(path: str, name: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes + 1`` bytes of a regular file, never blocking on a FIFO or device.

    Raises:
        DocumentLoadError: ``path`` is a directory, FIFO, device or socket, or cannot be read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        st = os.stat(path)
    except OSError as e:
        raise DocumentLoadError(name, f"cannot be read ({e.strerror or e})") from None
    kind = file_kind(st.st_mode)
    if kind is not None:  # refuse before open(): opening a FIFO or a tape device has side effects
        raise DocumentLoadError(name, f"is {kind}, not a document (only regular files are read)")
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise DocumentLoadError(name, "is a directory, not a document (only regular files are read)") from None
    except OSError as e:
        raise DocumentLoadError(name, f"cannot be read ({e.strerror or e})") from None
    try:
        kind = file_kind(os.fstat(fd).st_mode)  # swapped for something else since the stat() above
        if kind is not None:
            raise DocumentLoadError(name, f"is {kind}, not a document (only regular files are read)")
        chunks: List[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise DocumentLoadError(name, f"cannot be read ({e.strerror or e})") from None
    finally:
        os.close(fd)


# ------------------------------------------------------------------ bounded decompression (pdfminer)

_local = threading.local()


class StreamTooLarge(Exception):
    """A compressed stream unpacks to more than the limit (raised inside pdfminer, reported by the reader)."""


class _Bound:
    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.tripped: Optional[int] = None


def _limit() -> Optional[int]:
    bound = getattr(_local, "bound", None)
    return bound.limit if bound is not None else None


def _trip(size: int) -> None:
    bound = _local.bound
    bound.tripped = size
    raise StreamTooLarge(f"a compressed stream unpacks to more than {bound.limit} bytes")


class _BoundedDecompressObj:
    """A ``zlib.decompressobj`` that stops at the current limit (pdfminer's ``decompress_corrupted``)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        self._d = zlib.decompressobj(*args, **kw)
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        limit = _limit()
        if limit is None:
            return self._d.decompress(data, max_length)
        room = limit - self._out + 1
        out = self._d.decompress(data, room if not max_length else min(room, max_length))
        self._out += len(out)
        if self._out > limit:
            _trip(self._out)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._d, name)


class _BoundedZlib:
    """Stands in for the ``zlib`` module inside ``pdfminer.pdftypes``; unbounded unless a limit is set."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        limit = _limit()
        if limit is None:
            return zlib.decompress(data, wbits, bufsize)
        d = zlib.decompressobj(wbits)
        out = d.decompress(data, limit + 1)
        if len(out) > limit:
            _trip(len(out))
        if not d.eof:  # pdfminer falls back to byte-wise decoding on zlib.error, as it does for real ones
            raise zlib.error("incomplete or truncated stream")
        return out

    decompressobj = _BoundedDecompressObj

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


def _install_pdfminer_shim() -> None:
    import pdfminer.pdftypes as pt

    if not isinstance(getattr(pt, "zlib", None), _BoundedZlib):
        pt.zlib = _BoundedZlib()  # type: ignore[assignment]


@contextlib.contextmanager
def bounded_streams(limit: int = MAX_STREAM_BYTES) -> Iterator[Callable[[], Optional[int]]]:
    """Cap every pdfminer stream decompressed in this thread at ``limit`` bytes.

    Yields a function returning the size that tripped the limit (or ``None``):
    pdfminer and pdfplumber may swallow or wrap the exception, so the reader
    asks afterwards.

    Example:
        >>> import zlib, pdfminer.pdftypes as pt
        >>> with bounded_streams(1000) as tripped:
        ...     try:
        ...         _ = pt.zlib.decompress(zlib.compress(bytes(10_000)))
        ...     except StreamTooLarge:
        ...         pass
        >>> tripped() is not None
        True
    """
    _install_pdfminer_shim()
    old = getattr(_local, "bound", None)
    bound = _local.bound = _Bound(limit)
    try:
        yield lambda: bound.tripped
    finally:
        _local.bound = old


# ------------------------------------------------------------------ foreign exceptions


def wrap_foreign(exc: BaseException, source: str, what: str) -> DocumentLoadError:
    """Turn a third-party parser's exception into a :class:`DocumentLoadError` naming the file.

    Example:
        >>> str(wrap_foreign(ValueError("bad xref"), "a.pdf", "pdf"))
        'a.pdf: damaged pdf document (the pdf reader failed: ValueError: bad xref)'
    """
    if isinstance(exc, DocumentLoadError):
        return exc
    if isinstance(exc, MemoryError):
        return DocumentTooLargeError(source, f"reading the {what} document needs more memory than allowed "
                                             f"(raise max_memory= or POLICYTEXT_MAX_MEMORY)")
    if isinstance(exc, RecursionError):
        return CorruptDocumentError(source, f"the {what} document is nested too deeply to be read")
    msg = str(exc)
    if len(msg) > 300:
        msg = msg[:300] + "…"
    return CorruptDocumentError(source, f"damaged {what} document (the {what} reader failed: "
                                        f"{type(exc).__name__}: {msg})")


# ------------------------------------------------------------------ isolation in a child process

_PR_SET_PDEATHSIG = 1


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent dies; False elsewhere.

    Example:
        >>> isinstance(set_parent_death_signal.__doc__, str)
        True
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except Exception:  # pragma: no cover - no libc / prctl
        return False


def can_isolate() -> bool:
    """Whether readers can run in a forked child (POSIX with ``fork``), unless ``POLICYTEXT_ISOLATE=0``.

    Example:
        >>> isinstance(can_isolate(), bool)
        True
    """
    return hasattr(os, "fork") and os.environ.get("POLICYTEXT_ISOLATE", "1") != "0"


def _vm_size() -> int:
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


#: True in a reader's forked child: process-wide settings (PDFium's font mapper) may change there
#: without touching the caller's process.
IN_READER_CHILD = False


def _enter_child() -> None:  # pragma: no cover - runs in the forked child
    """What a reader's child does first: mark itself, die with its parent, default signal handlers."""
    global IN_READER_CHILD
    IN_READER_CHILD = True
    parent = os.getppid()
    set_parent_death_signal()
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(3)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def cap_memory(max_memory: Optional[int]) -> None:  # pragma: no cover - runs in the forked child
    """Cap this process's address space at its present size plus ``max_memory`` bytes (the soft limit)."""
    if max_memory:
        try:
            import resource

            limit = _vm_size() + max_memory
            hard = resource.getrlimit(resource.RLIMIT_AS)[1]
            if hard != resource.RLIM_INFINITY:
                limit = min(limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, ValueError, OSError):
            pass


def outcome(fn: Callable[..., Any], args: Tuple[Any, ...], kw: dict, source: str, what: str
            ) -> Tuple[bytes, bool]:  # pragma: no cover - runs in the forked child
    """Run ``fn`` and pickle what it gave (its result or its error, and its warnings) for the parent.

    Returns:
        ``(payload, failed)``: the pickled outcome, and whether ``fn`` raised.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: Any = ("ok", fn(*args, **kw))
        except BaseException as e:  # noqa: B902 - everything goes back to the parent
            result = ("err", e if isinstance(e, PolicyTextError) else wrap_foreign(e, source, what))
    ws = [(w_.category, str(w_.message)) for w_ in caught]
    try:
        payload = pickle.dumps((result, ws), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as e:  # noqa: B902
        payload = pickle.dumps((("err", wrap_foreign(e, source, what)), ws))
    return payload, result[0] == "err"


def write_frame(fd: int, payload: bytes) -> None:
    """Write ``payload`` to ``fd`` after its length (8 bytes, little-endian)."""
    view = memoryview(payload)
    os.write(fd, len(payload).to_bytes(8, "little"))
    while view:
        n = os.write(fd, view[:1 << 20])
        view = view[n:]


def read_frame(fd: int, deadline: float) -> Tuple[Optional[bytes], bool]:
    """Read one frame of :func:`write_frame` from ``fd`` until ``deadline`` (``time.monotonic``).

    Returns:
        ``(payload, timed_out)``: the payload, or ``None`` when the writer
        closed its end first or the deadline passed.
    """
    buf = bytearray()
    need: Optional[int] = None
    while need is None or len(buf) < need + 8:
        left = deadline - time.monotonic()
        if left <= 0:
            return None, True
        ready, _, _ = select.select([fd], [], [], min(left, 1.0))
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return None, False
        buf += chunk
        if need is None and len(buf) >= 8:
            need = int.from_bytes(buf[:8], "little")
    return bytes(buf[8:need + 8]), False


def _child(fn: Callable[..., Any], args: Tuple[Any, ...], kw: dict, w: int, max_memory: Optional[int],
           source: str, what: str) -> None:  # pragma: no cover - runs in the forked child
    _enter_child()
    cap_memory(max_memory)
    try:
        write_frame(w, outcome(fn, args, kw, source, what)[0])
        os._exit(0)
    except BaseException:  # noqa: B902
        os._exit(4)


def _reap(pid: int, kill: bool) -> int:
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0
        except InterruptedError:  # pragma: no cover
            continue


def run_isolated(fn: Callable[..., Any], *args: Any, source: str, what: str, timeout: float,
                 max_memory: Optional[int] = DEFAULT_MAX_MEMORY, **kw: Any) -> Any:
    """Run ``fn(*args, **kw)`` in a forked child; return its result or raise its error.

    The child is killed (``SIGKILL``) at ``timeout`` seconds, whatever it is
    doing; its address space is capped at its size at fork plus
    ``max_memory`` bytes. Warnings it emits are re-emitted here.

    Raises:
        DocumentTimeoutError: The timeout was reached.
        DocumentTooLargeError: The child ran out of its memory allowance.
        CorruptDocumentError: The child crashed (a signal), or ``fn`` raised a
            foreign exception (wrapped with the file name).

    Example:
        >>> run_isolated(sum, [1, 2, 3], source="<bytes>", what="txt", timeout=10)
        6
    """
    if not can_isolate():
        try:
            return fn(*args, **kw)
        except PolicyTextError:
            raise
        except Exception as e:
            raise wrap_foreign(e, source, what) from e
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError as e:
        os.close(r)
        os.close(w)
        raise DocumentLoadError(source, f"cannot start a reader process ({e.strerror or e})") from None
    if pid == 0:  # pragma: no cover - child
        os.close(r)
        _child(fn, args, kw, w, max_memory, source, what)
        os._exit(5)
    os.close(w)
    try:
        payload, killed = read_frame(r, time.monotonic() + timeout)
    except BaseException:
        _reap(pid, kill=True)
        raise
    finally:
        os.close(r)
    status = _reap(pid, kill=payload is None)
    if payload is None:
        raise_failure(status, killed, source=source, what=what, timeout=timeout)
    return deliver(payload)


def raise_failure(status: int, timed_out: bool, *, source: str, what: str, timeout: float) -> None:
    """Raise the error of a reader process that gave no result: timed out, killed, crashed or stopped."""
    if timed_out:
        raise DocumentTimeoutError(source, f"reading the {what} document took longer than the timeout of "
                                           f"{timeout:g} s and was stopped (raise it with timeout=)")
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig == signal.SIGKILL:  # the OOM killer, most likely
            raise DocumentTooLargeError(source, f"the {what} reader was killed (SIGKILL), most likely for "
                                                f"using too much memory")
        name = signal.Signals(sig).name if sig in signal.Signals._value2member_map_ else str(sig)
        raise CorruptDocumentError(source, f"the {what} reader crashed ({name}) on this document")
    raise DocumentTooLargeError(source, f"the {what} reader stopped without a result (exit status "
                                        f"{os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}), "
                                        f"most likely out of memory")


def deliver(payload: bytes, stacklevel: int = 4) -> Any:
    """The result a reader process sent (:func:`outcome`), its warnings re-emitted for the caller
    ``stacklevel`` frames up; or raise its error."""
    (kind, value), ws = pickle.loads(payload)
    for category, message in ws:
        warnings.warn(message, category, stacklevel=stacklevel)
    if kind == "err":
        raise value
    return value
