"""Legacy Word ``.doc`` and WPS ``.wps`` files, converted to .docx by LibreOffice.

LibreOffice is an optional external program: when ``soffice`` (or
``libreoffice``) is not on ``PATH`` a
:class:`~policytext.errors.MissingDependencyError` names what to install.
The conversion runs headless, in a throw-away profile, with a timeout.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Optional

from ..errors import CorruptDocumentError, MissingDependencyError
from ..types import Extracted
from .docx import read_docx

__all__ = ["read_legacy", "find_soffice", "INSTALL_HINT"]

INSTALL_HINT = "apt-get install libreoffice-writer (or brew install --cask libreoffice)"


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


def read_legacy(data: bytes, *, source: str = "<bytes>", format: str = "doc", options: Any = None) -> Extracted:
    """Convert a .doc/.wps file to .docx with LibreOffice and read that.

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
        policytext.errors.MissingDependencyError: LibreOffice (soffice), to read 通知.doc, is required for this; install it with: apt-get install libreoffice-writer (or brew install --cask libreoffice)
        >>> del os.environ["POLICYTEXT_SOFFICE"]
    """
    soffice = find_soffice()
    if soffice is None:
        raise MissingDependencyError(f"LibreOffice (soffice), to read {source},", INSTALL_HINT)
    timeout = float(getattr(options, "timeout", 120.0))
    with tempfile.TemporaryDirectory(prefix="policytext-soffice-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input.{format}"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        outdir.mkdir()
        profile = (tmpdir / "profile").as_uri()
        cmd = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--convert-to", "docx", "--outdir", str(outdir), str(src)]
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as e:
            raise MissingDependencyError(f"a working LibreOffice (soffice failed to start: {e}), to read {source},",
                                         INSTALL_HINT) from None
        try:
            _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                proc.kill()
            proc.communicate()
            raise CorruptDocumentError(source, f"LibreOffice did not convert the {format} file within "
                                               f"{timeout:g} s (raise timeout= if the file is large)") from None
        converted = outdir / "input.docx"
        if proc.returncode != 0 or not converted.exists():
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
            raise CorruptDocumentError(source, f"LibreOffice could not convert the {format} file ({detail[0]})")
        result = read_docx(converted.read_bytes(), source=source, format=format)
    return result
