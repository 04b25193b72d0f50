"""Legacy Word ``.doc`` and WPS ``.wps`` files, converted to .docx by LibreOffice.

LibreOffice is an optional external program: when ``soffice`` (or
``libreoffice``) is not on ``PATH`` a
:class:`~policytext.errors.MissingDependencyError` names what to install.
Each conversion runs headless in its own throw-away directory (LibreOffice
user profile, its temporary files, input and output), so conversions may run
at the same time, and with a timeout after which the whole LibreOffice process
group is killed and nothing is left behind.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Optional, Tuple

from ..errors import CorruptDocumentError, MissingDependencyError
from ..types import Extracted
from .docx import read_docx

__all__ = ["read_legacy", "find_soffice", "ole_streams", "INSTALL_HINT"]

INSTALL_HINT = ("apt-get install libreoffice-writer-nogui (or libreoffice-writer; "
                "macOS: brew install --cask libreoffice)")

#: Signature of an OLE2 compound file (.doc, .wps, .xls, .ppt): how a legacy file is recognised.
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# OLE2 streams that name what a compound file holds: stream name -> what it is
_OLE_STREAMS = {
    "WordDocument": "a Word 97-2003 (or WPS) document",
    "CONTENTS": "a Microsoft Works document",
    "MN0": "a Microsoft Works 4 document",
    "Workbook": "an Excel workbook",
    "Book": "an Excel 5/95 workbook",
    "PowerPoint Document": "a PowerPoint presentation",
}
_TEXT_STREAMS = ("WordDocument", "CONTENTS", "MN0")
# a directory entry: the UTF-16LE name and its terminating NUL, at a 128-byte boundary
RE_OLE_ENTRY = re.compile(b"|".join(re.escape(n.encode("utf-16-le") + b"\0\0") for n in _OLE_STREAMS))
# LibreOffice's noise on stderr (no Java on a server): never the reason a conversion failed
RE_SOFFICE_NOISE = re.compile(r"javaldx|java may not function|^Warning:", re.I)


def find_soffice() -> Optional[str]:
    """Path of LibreOffice's ``soffice``, or ``None`` when it is not installed.

    ``POLICYTEXT_SOFFICE`` overrides the search.

    Example:
        >>> find_soffice() is None or find_soffice().endswith(("soffice", "libreoffice", "soffice.exe"))
        True
    """
    env = os.environ.get("POLICYTEXT_SOFFICE")
    if env:
        return env if Path(env).exists() else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def ole_streams(data: bytes) -> Tuple[str, ...]:
    """Known streams of an OLE2 compound file (Word, Works, Excel, PowerPoint), in file order.

    A directory entry is found by its UTF-16LE name at a 128-byte boundary;
    bytes that are no OLE2 file give ``()``.

    Example:
        >>> entry = "WordDocument".encode("utf-16-le").ljust(128, b"\\0")
        >>> ole_streams(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1".ljust(512, b"\\0") + entry)
        ('WordDocument',)
        >>> ole_streams("通知".encode("utf-8"))
        ()
    """
    if not data.startswith(OLE2_MAGIC):
        return ()
    found = []
    for m in RE_OLE_ENTRY.finditer(data):
        name = m.group()[:-2].decode("utf-16-le")
        if m.start() % 128 == 0 and name not in found:
            found.append(name)
    return tuple(found)


def _kill(proc: "subprocess.Popen[bytes]") -> None:
    """Kill LibreOffice with its children (``soffice`` is a script that starts ``soffice.bin``)."""
    if hasattr(os, "killpg"):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            proc.kill()
    else:  # pragma: no cover - Windows
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], capture_output=True)
        proc.kill()
    proc.communicate()  # reap it; the pipes close once every child is gone


def _reason(err: bytes, returncode: int) -> str:
    lines = [ln.strip() for ln in err.decode("utf-8", "replace").splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.lower().startswith("error")]
    other = [ln for ln in lines if not RE_SOFFICE_NOISE.search(ln)]
    return (errors or other or [f"exit status {returncode}, no output file"])[-1]


def read_legacy(data: bytes, *, source: str = "<bytes>", format: str = "doc", options: Any = None) -> Extracted:
    """Convert a .doc/.wps file to .docx with LibreOffice and read that.

    LibreOffice picks the import filter from the content. An OLE2 file holding
    no Word or Works stream is given to the Word filter, so that LibreOffice
    fails on it instead of importing its bytes as plain text.

    Args:
        data: The file's bytes.
        source: File name for messages.
        format: ``"doc"`` or ``"wps"``.
        options: A :class:`policytext.io.ReadOptions` (``timeout``).
    Raises:
        MissingDependencyError: LibreOffice is not installed.
        CorruptDocumentError: The conversion failed or timed out.

    Example:
        >>> import os
        >>> os.environ["POLICYTEXT_SOFFICE"] = "/nonexistent/soffice"
        >>> read_legacy(b"\\xd0\\xcf\\x11\\xe0", source="通知.doc")
        Traceback (most recent call last):
        ...
        policytext.errors.MissingDependencyError: LibreOffice (soffice), to read 通知.doc, is required for this; install it with: apt-get install libreoffice-writer-nogui (or libreoffice-writer; macOS: brew install --cask libreoffice)
        >>> del os.environ["POLICYTEXT_SOFFICE"]
    """
    soffice = find_soffice()
    if soffice is None:
        raise MissingDependencyError(f"LibreOffice (soffice), to read {source},", INSTALL_HINT)
    timeout = float(getattr(options, "timeout", 120.0))
    streams = ole_streams(data)
    with tempfile.TemporaryDirectory(prefix="policytext-soffice-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input.{format}"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        outdir.mkdir()
        lotmp = tmpdir / "tmp"  # LibreOffice's own lu*.tmp files: removed with the rest, even after a kill
        lotmp.mkdir()
        env = dict(os.environ, TMPDIR=str(lotmp), TMP=str(lotmp), TEMP=str(lotmp))
        cmd = [soffice, f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--nologo", "--nodefault"]
        if not any(s in _TEXT_STREAMS for s in streams):
            cmd.append("--infilter=MS Word 97")  # no plain-text fallback for a damaged container
        cmd += ["--convert-to", "docx", "--outdir", str(outdir), str(src)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                    env=env, start_new_session=True)
        except OSError as e:
            raise MissingDependencyError(f"a working LibreOffice (soffice failed to start: {e}), to read {source},",
                                         INSTALL_HINT) from None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise CorruptDocumentError(source, f"LibreOffice did not convert the {format} file within "
                                               f"{timeout:g} s (raise timeout= if the file is large)") from None
        except BaseException:  # KeyboardInterrupt in a notebook: LibreOffice, in its own session, must not outlive us
            _kill(proc)
            raise
        converted = outdir / "input.docx"
        if proc.returncode != 0 or not converted.exists():
            reason = f"LibreOffice could not convert the {format} file ({_reason(err, proc.returncode)})"
            kinds = [_OLE_STREAMS[s] for s in streams]
            if not data.startswith(OLE2_MAGIC):
                reason += "; it is no OLE2 compound file"
            elif not kinds:
                reason += "; its OLE2 container holds no Word or Works document stream: it is damaged or truncated"
            elif not any(s in _TEXT_STREAMS for s in streams):
                reason += f"; it holds {kinds[0]}, not a text document"
            else:
                reason += "; it is damaged, truncated or password protected"
            raise CorruptDocumentError(source, reason)
        result = read_docx(converted.read_bytes(), source=source, format=format)
    return result
