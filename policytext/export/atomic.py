"""Atomic file writing: a temporary file beside the target, ``fsync``, then ``os.replace``.

An error or an interrupt removes the temporary file, so there is never a
half-written output. Every export that writes a file goes through
:func:`atomic_path`.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator, Optional, Union

__all__ = ["atomic_path", "PathLike"]

PathLike = Union[str, "os.PathLike[str]"]


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    On Linux the temporary file has no name (``O_TMPFILE`` in the target's
    folder; the yielded path is ``/proc/self/fd/N``) until it is complete, so
    even a ``SIGKILL`` during the write leaves no ``.tmp`` file behind;
    elsewhere it is a hidden file in the target's folder (so ``os.replace``
    is an atomic rename). It is ``fsync``-ed before the rename and removed on any
    exception or ``KeyboardInterrupt``. The final file gets the usual
    permissions (``0o666`` minus the umask).

    Example:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "清单.txt")
        >>> with atomic_path(p) as tmp:
        ...     _ = open(tmp, "w", encoding="utf-8").write("任务")
        >>> open(p, encoding="utf-8").read(), os.listdir(os.path.dirname(p))
        ('任务', ['清单.txt'])
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    anon = _anonymous_file(folder)
    if anon is not None:  # Linux: a file without a name until it is complete; a kill leaves nothing behind
        fd = anon
        try:
            yield f"/proc/self/fd/{fd}"
            os.fsync(fd)
            _link_over(fd, target, folder)
        finally:
            os.close(fd)
        _sync_folder(folder)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)


def _anonymous_file(folder: Path) -> Optional[int]:
    """An unnamed file in ``folder`` (``O_TMPFILE``), or ``None`` where the OS or file system has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)  # the umask applies
    except OSError:
        return None


def _link_over(fd: int, target: Path, folder: Path) -> None:
    """Give the unnamed file ``fd`` the name ``target`` (replacing it), atomically."""
    src = f"/proc/self/fd/{fd}"
    # os.link calls link(2), which would link the /proc symlink itself, unless a dir fd is given: then it is
    # linkat(2) with AT_SYMLINK_FOLLOW (the absolute path makes the dir fd irrelevant)
    dfd = os.open(folder, os.O_RDONLY)
    try:
        try:
            os.link(src, target, src_dir_fd=dfd, follow_symlinks=True)
            return
        except FileExistsError:
            pass
        for _ in range(100):
            tmp = folder / f".{target.name}.{os.urandom(4).hex()}.tmp"
            try:
                os.link(src, tmp, src_dir_fd=dfd, follow_symlinks=True)
            except FileExistsError:
                continue
            try:
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            return
    finally:
        os.close(dfd)
    raise FileExistsError(f"cannot find a free temporary name beside {target}")


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
