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
from typing import Iterator, Union

__all__ = ["atomic_path", "PathLike"]

PathLike = Union[str, "os.PathLike[str]"]


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    The temporary file is created in the target's folder (so ``os.replace``
    is an atomic rename), ``fsync``-ed before the rename and removed on any
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
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
