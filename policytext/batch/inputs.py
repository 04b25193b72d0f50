"""The inputs and the output of a batch run: expanding files, folders and patterns; checking the output first."""
from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path
from typing import Iterable, List, Optional, Tuple

from ..errors import OutputError
from .results import Failure, PathLike

__all__ = ["KNOWN_SUFFIXES", "find_inputs", "check_output"]

#: Suffixes picked up when a folder is given as input.
KNOWN_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps")


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
        from ..io.limits import file_kind

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

    def take(p: Path) -> bool:
        """Walk a folder or keep a file; False for anything else."""
        if p.is_dir():
            walk(p)
        elif p.is_file():
            keep(p)
        else:
            return False
        return True

    for item in inputs:
        p = Path(item)
        if take(p):
            continue
        if p.exists() and special(p):
            missing.append((str(item), special(p) or ""))
        elif glob.has_magic(str(item)):
            matches = sorted(glob.glob(str(item), recursive=True))
            if not matches:
                missing.append((str(item), "no file matches this pattern"))
            for m in matches:
                take(Path(m))
        else:
            missing.append((str(item), "no such file or directory"))
    return files, missing


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
    from ..io.limits import file_kind

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
