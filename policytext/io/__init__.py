"""Readers: turn the bytes of a document into :class:`~policytext.types.Extracted`.

:func:`read` picks a reader from :data:`LOADERS` by the file's *content*
(magic bytes), using the suffix and an explicit ``format=`` as hints, and
returns the raw text with its blocks (page, heading hints). :func:`load`
goes one step further and returns a cleaned :class:`~policytext.types.Document`
with metadata and outline.

Formats: ``txt``, ``md``, ``docx``, ``pdf``, ``html``, ``doc`` and ``wps``
(the last two through LibreOffice). Every failure raises a
:class:`~policytext.errors.DocumentLoadError` subclass whose message names the
file and the reason.
"""
from __future__ import annotations

import io as _io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Callable, Dict, Optional, Tuple, Union

from ..errors import (
    CorruptDocumentError,
    DocumentLoadError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    MissingDependencyError,
    UnsupportedFormatError,
)
from ..types import Document, Extracted
from . import docx as _docx
from . import html as _html
from . import legacy as _legacy
from . import pdf as _pdf
from . import limits as _limits
from . import txt as _txt

__all__ = ["load", "read", "read_ahead", "detect_format", "ReadOptions", "LOADERS", "FORMATS", "DEFAULT_MAX_BYTES"]

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, IO[bytes]]

#: Default size limit (50 MB); override with ``max_bytes=`` or the
#: ``POLICYTEXT_MAX_BYTES`` environment variable.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Default number of PDF pages read before stopping with a warning.
DEFAULT_MAX_PAGES = 2000
#: Default character budget of the extracted text (about 5,000 pages).
DEFAULT_MAX_CHARS = 10_000_000
#: Default line (block) budget of the extracted text.
DEFAULT_MAX_LINES = 200_000
#: Formats whose reader runs in a child process (hard timeout, memory cap).
ISOLATED_FORMATS = frozenset({"pdf", "docx", "html"})

Loader = Callable[..., Extracted]

#: format -> reader. Every reader is called as ``reader(data, source=..., format=..., options=...)``.
LOADERS: Dict[str, Loader] = {
    "txt": _txt.read_txt,
    "md": _txt.read_txt,
    "docx": _docx.read_docx,
    "pdf": _pdf.read_pdf,
    "html": _html.read_html,
    "doc": _legacy.read_legacy,
    "wps": _legacy.read_legacy,
}
FORMATS: Tuple[str, ...] = tuple(LOADERS)

_SUFFIXES = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".doc": "doc", ".wps": "wps",
}
# formats whose content is plain text: an explicit format among them is honoured as asked
_TEXT_FAMILY = {"txt", "md", "html"}
_OLE_FAMILY = {"doc", "wps"}

# magic bytes of formats we recognise but cannot read: (magic, what it is)
_FOREIGN_MAGIC = (
    (b"{\\rtf", "an RTF document (save it as .docx)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image (OCR it first)"),
    (b"\xff\xd8\xff", "a JPEG image (OCR it first)"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image (OCR it first)"),
    (b"MM\x00*", "a TIFF image (OCR it first)"),
    (b"Rar!\x1a\x07", "a RAR archive (unpack it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (unpack it first)"),
    (b"\x1f\x8b", "a gzip file (unpack it first)"),
)
RE_HTML_SNIFF = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
                           re.I | re.S)


@dataclass(frozen=True)
class ReadOptions:
    """Options passed to every reader (checked when built).

    Attributes:
        max_bytes: Largest input accepted, in bytes.
        max_pages: PDF pages read at most; later pages are skipped with a warning.
        timeout: Seconds allowed for reading: the pdf, docx and html readers
            run in a child process killed at the timeout (also inside a page);
            LibreOffice is killed at it too.
        max_chars: Largest extracted text, in characters.
        max_lines: Most lines (blocks) in the extracted text.
        max_memory: Memory a reader may use on top of the process's own, in
            bytes (``RLIMIT_AS`` of the reader process).
        engine: PDF engine: ``"pdfium"`` (pypdfium2, the default, about 20
            times faster) or ``"pdfplumber"`` (pdfminer).

    Example:
        >>> ReadOptions(max_bytes=1024).max_pages
        2000
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_pages: int = DEFAULT_MAX_PAGES
    timeout: float = 120.0
    max_chars: int = DEFAULT_MAX_CHARS
    max_lines: int = DEFAULT_MAX_LINES
    max_memory: int = _limits.DEFAULT_MAX_MEMORY
    engine: str = "pdfium"

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages", "max_chars", "max_lines", "max_memory"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v <= 0:
                raise ValueError(f"`{name}`={v!r} is invalid; must be a positive int")
        if not isinstance(self.timeout, (int, float)) or self.timeout <= 0:
            raise ValueError(f"`timeout`={self.timeout!r} is invalid; must be a positive number of seconds")
        if self.engine not in _pdf.ENGINES:
            raise ValueError(f"`engine`={self.engine!r} is invalid; must be one of {set(_pdf.ENGINES)}")


def _default_max_bytes() -> int:
    env = os.environ.get("POLICYTEXT_MAX_BYTES")
    if not env:
        return DEFAULT_MAX_BYTES
    try:
        value = int(env)
    except ValueError:
        raise ValueError(f"POLICYTEXT_MAX_BYTES={env!r} is invalid; must be a positive int (bytes)") from None
    if value <= 0:
        raise ValueError(f"POLICYTEXT_MAX_BYTES={env!r} is invalid; must be a positive int (bytes)")
    return value


def _too_large(source: str, size: Union[int, str], limit: int) -> DocumentTooLargeError:
    return DocumentTooLargeError(
        source, f"the input is {size} bytes, larger than the limit of {limit} bytes "
                f"(raise it with max_bytes= or the POLICYTEXT_MAX_BYTES environment variable)")


def _read_source(source: Source, max_bytes: int) -> Tuple[bytes, str, str]:
    """Return ``(data, display name, suffix)`` for any supported source."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        if len(data) > max_bytes:
            raise _too_large("<bytes>", len(data), max_bytes)
        return data, "<bytes>", ""
    if isinstance(source, (str, os.PathLike)):
        path = Path(os.fspath(source)).expanduser()
        name = path.name or str(path)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            hint = ""
            if isinstance(source, str) and ("\n" in source or len(source) > 255):
                hint = "; to load text held in a str, pass it as bytes: load(text.encode('utf-8'))"
            raise DocumentLoadError(str(path), f"no such file{hint}") from None
        except OSError as e:
            raise DocumentLoadError(str(path), f"cannot be read ({e.strerror or e})") from None
        if path.is_dir():
            raise DocumentLoadError(str(path), "is a directory, not a document")
        if size > max_bytes:
            raise _too_large(name, size, max_bytes)
        data = _limits.read_regular_file(str(path), name, max_bytes)  # no FIFO, device or socket
        if len(data) > max_bytes:  # grew while we looked, or a special file
            raise _too_large(name, f"more than {max_bytes}", max_bytes)
        return data, name, path.suffix.lower()
    read_fn = getattr(source, "read", None)
    if callable(read_fn):
        raw_name = getattr(source, "name", None)
        name = os.path.basename(raw_name) if isinstance(raw_name, str) and raw_name else "<stream>"
        try:
            data = read_fn(max_bytes + 1)
        except OSError as e:
            raise DocumentLoadError(name, f"cannot be read ({e})") from None
        if isinstance(data, str):  # a text-mode file: take it as UTF-8
            data = data.encode("utf-8")
        if not isinstance(data, (bytes, bytearray)):
            raise DocumentLoadError(name, f"the file object's read() returned {type(data).__name__}, not bytes")
        if len(data) > max_bytes:
            raise _too_large(name, f"more than {max_bytes}", max_bytes)
        suffix = Path(name).suffix.lower() if name != "<stream>" else ""
        return bytes(data), name, suffix
    raise TypeError(
        f"`source`={source!r:.60} is invalid; must be a path (str or os.PathLike), bytes or a binary file object")


def _zip_kind(data: bytes) -> Optional[str]:
    """``"docx"`` for a Word package, ``"zip"`` for another zip, ``None`` when unreadable."""
    try:
        with zipfile.ZipFile(_io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError):
        return None
    if "word/document.xml" in names or any(n.endswith("/document.xml") and n.startswith("word") for n in names):
        return "docx"
    return "zip"


def _sniff(data: bytes) -> Optional[str]:
    """Format from the content alone, or ``None`` when the content is (probably) text."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"  # refined by the caller
    if head.startswith(_legacy.OLE2_MAGIC):
        return "doc"
    for magic, _what in _FOREIGN_MAGIC:
        if head.startswith(magic):
            return "foreign"
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if head.startswith(bom):
            probe = head[len(bom):].decode(enc, "ignore").encode("ascii", "ignore")
            return "html" if RE_HTML_SNIFF.match(probe) else None
    if RE_HTML_SNIFF.match(head):
        return "html"
    return None


def _canonical_format(format: str) -> str:
    fmt = str(format).lower().lstrip(".")
    return {"htm": "html", "markdown": "md", "text": "txt"}.get(fmt, fmt)


def detect_format(data: bytes, *, name: str = "<bytes>", suffix: str = "", format: Optional[str] = None) -> str:
    """Decide the format of ``data``: content first, then ``format=``, then the suffix.

    Args:
        data: The document's bytes.
        name: File name used in error messages.
        suffix: The file's suffix (``".pdf"``), lower case, or ``""``.
        format: The format the caller asked for, or ``None``.
    Returns:
        One of :data:`FORMATS`.
    Raises:
        UnsupportedFormatError: The format is unknown, or the content is not
            what ``format=`` says.
        EncryptedDocumentError: A password-protected Office document.

    Example:
        >>> detect_format("一、总体要求".encode("utf-8"), suffix=".txt")
        'txt'
        >>> detect_format(b"%PDF-1.4 ...")
        'pdf'
    """
    allowed = ", ".join(repr(f) for f in FORMATS)
    if format is not None:
        fmt = _canonical_format(format)
        if fmt not in LOADERS:
            raise UnsupportedFormatError(name, f"format={format!r} is unknown; must be one of {allowed}")
    else:
        fmt = None
    kind = _sniff(data)
    if kind == "foreign":
        what = next(w for m, w in _FOREIGN_MAGIC if data.startswith(m))
        raise UnsupportedFormatError(name, f"the content is {what}, not a supported document; formats: {allowed}")
    if kind == "docx":
        zkind = _zip_kind(data)
        if zkind == "zip":
            raise UnsupportedFormatError(
                name, f"the content is a zip archive but not a Word .docx document (no word/document.xml); "
                      f"formats: {allowed}")
        # zkind None: a damaged zip; the docx reader reports it as corrupt
    if kind == "doc":
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data[:1 << 20]:
            raise EncryptedDocumentError(name, "the Office document is password protected; save it without a "
                                               "password first")
        kind = "wps" if (fmt or _SUFFIXES.get(suffix)) == "wps" else "doc"
    if fmt is not None:
        if kind is None or kind == "html":
            if fmt in _TEXT_FAMILY:
                return fmt
            what = "HTML" if kind == "html" else "plain text (or unreadable bytes)"
            raise UnsupportedFormatError(name, f"format={fmt!r} was asked for but the content is {what}")
        if kind == fmt or (kind in _OLE_FAMILY and fmt in _OLE_FAMILY):
            return fmt
        raise UnsupportedFormatError(
            name, f"format={fmt!r} was asked for but the content is {kind} (by its magic bytes); "
                  f"pass format={kind!r} or leave format= out")
    if kind is not None:
        return kind
    by_suffix = _SUFFIXES.get(suffix)
    if by_suffix in _TEXT_FAMILY:
        return by_suffix
    if by_suffix is not None:  # .pdf/.docx/.doc whose content is not that format
        raise CorruptDocumentError(
            name, f"the file is named {suffix} but its content is not a {by_suffix} document "
                  f"(no {by_suffix} signature); it is damaged or misnamed")
    if suffix and not _txt.looks_like_text(data):
        raise UnsupportedFormatError(name, f"unknown file type {suffix!r}; formats: {allowed}")
    return "txt"


def _env_int(name: str, default: int) -> int:
    env = os.environ.get(name)
    if not env:
        return default
    try:
        value = int(env)
    except ValueError:
        value = 0
    if value <= 0:
        raise ValueError(f"{name}={env!r} is invalid; must be a positive int")
    return value


def _check_budget(extracted: Extracted, name: str, options: ReadOptions) -> Extracted:
    if len(extracted.text) > options.max_chars:
        raise DocumentTooLargeError(
            name, f"the extracted text has {len(extracted.text)} characters, more than the limit of "
                  f"{options.max_chars} (raise it with max_chars=)")
    if len(extracted.blocks) > options.max_lines:
        raise DocumentTooLargeError(
            name, f"the extracted text has {len(extracted.blocks)} lines, more than the limit of "
                  f"{options.max_lines} (raise it with max_lines=)")
    return extracted


def _run_reader(fmt: str, data: bytes, name: str, options: ReadOptions) -> Extracted:
    """The reader and the budget checks: what runs in the child process."""
    if fmt in ("txt", "md"):
        _txt.check_line_budget(data, source=name, max_lines=options.max_lines, max_chars=options.max_chars)
    return _check_budget(LOADERS[fmt](data, source=name, format=fmt, options=options), name, options)


#: Formats read in a reader process kept for many documents (:mod:`.reader_process`); the others fork a
#: process for each document.
KEPT_READER_FORMATS = frozenset({"pdf"})


def _isolated(fmt: str, data: bytes, name: str, options: ReadOptions) -> Extracted:
    """Read in a child process: the kept reader process for PDF, a process of its own for the others."""
    if fmt in KEPT_READER_FORMATS:
        from .reader_process import run_in_reader

        return run_in_reader(_run_reader, fmt, data, name, options, key=(fmt, LOADERS[fmt]), source=name,
                             what=fmt, timeout=options.timeout, max_memory=options.max_memory)
    return _limits.run_isolated(_run_reader, fmt, data, name, options, source=name, what=fmt,
                                timeout=options.timeout, max_memory=options.max_memory)


def _preimport(fmt: str) -> None:
    """Import a reader's libraries before forking (a child must not wait on an import lock)."""
    try:
        if fmt == "pdf":
            import pdfminer.pdftypes  # noqa: F401
            import pdfplumber  # noqa: F401

            _limits._install_pdfminer_shim()
            try:
                import pypdfium2  # noqa: F401
                import pypdfium2.raw  # noqa: F401
            except ImportError:
                pass
            else:  # the reader's own modules, and the box font PDFium gets in the child (made once here)
                import numpy  # noqa: F401

                try:  # the C calls of the PDFium reader (see pdf_pdfium._proto)
                    import _cffi_backend  # noqa: F401
                except ImportError:
                    pass
                from . import pdf, pdf_pdfium, pdf_tables  # noqa: F401
                from .pdf_font import box_font

                box_font()
                "".encode("utf-32-le")  # the codec module the reader uses
        elif fmt == "docx":
            import docx  # noqa: F401
        elif fmt == "html":
            import lxml.html  # noqa: F401
            import trafilatura  # noqa: F401
    except ImportError:
        pass  # the reader reports it


def read(source: Source, *, format: Optional[str] = None, max_bytes: Optional[int] = None,
         max_pages: int = DEFAULT_MAX_PAGES, timeout: float = 120.0, max_chars: int = DEFAULT_MAX_CHARS,
         max_lines: int = DEFAULT_MAX_LINES, max_memory: Optional[int] = None, engine: str = "pdfium") -> Extracted:
    """Read a document into raw text and blocks, without cleaning.

    Every reader runs under limits: only regular files are opened (a FIFO or
    device is an error, never a hang); the pdf, docx and html readers run in a
    child process that is killed at ``timeout`` and may use at most
    ``max_memory`` more bytes; compressed PDF streams and docx parts are
    bounded; the text may have at most ``max_chars`` characters and
    ``max_lines`` lines.

    Args:
        source: A path (str or os.PathLike), ``bytes`` or a binary file object.
        format: Force a format (see :data:`FORMATS`); the content must agree.
        max_bytes: Size limit in bytes (default 50 MB, or ``POLICYTEXT_MAX_BYTES``).
        max_pages: PDF pages read at most.
        timeout: Seconds allowed for reading (also inside a PDF page) and for LibreOffice.
        max_chars: Largest extracted text in characters (default 10 million).
        max_lines: Most lines in the extracted text (default 200,000).
        max_memory: Memory the reader process may add, in bytes (default 2 GB,
            or ``POLICYTEXT_MAX_MEMORY``).
        engine: PDF engine: ``"pdfium"`` (default; pypdfium2, about 20 times
            faster) or ``"pdfplumber"``.
    Returns:
        :class:`~policytext.types.Extracted`, never with empty text.
    Raises:
        DocumentLoadError: Or one of its subclasses, naming the file and the
            reason; never another exception for a bad document.

    Example:
        >>> ex = read("一、总体要求\\r\\n（一）加强领导".encode("gb18030"))
        >>> ex.format, [b.text for b in ex.blocks]
        ('txt', ['一、总体要求', '（一）加强领导'])
    """
    options = _options(max_bytes, max_pages, timeout, max_chars, max_lines, max_memory, engine)
    if format is not None and _canonical_format(format) not in LOADERS:
        name = source if isinstance(source, (str, os.PathLike)) else getattr(source, "name", None)
        name = os.path.basename(os.fspath(name)) if isinstance(name, (str, os.PathLike)) else (
            "<bytes>" if isinstance(source, (bytes, bytearray, memoryview)) else "<stream>")
        raise UnsupportedFormatError(name, f"format={format!r} is unknown; must be one of "
                                           f"{', '.join(repr(f) for f in FORMATS)}")
    data, name, suffix = _read_source(source, options.max_bytes)
    if not data:
        raise EmptyDocumentError(name, "the file is empty (0 bytes)")
    try:
        fmt = detect_format(data, name=name, suffix=suffix, format=format)
    except DocumentLoadError:
        raise
    except Exception as e:  # a foreign error while sniffing (zipfile's NotImplementedError…)
        raise UnsupportedFormatError(name, f"the format of the content cannot be identified "
                                           f"({type(e).__name__}: {str(e)[:200]})") from e
    try:
        if fmt in ISOLATED_FORMATS:
            _preimport(fmt)
            extracted = _isolated(fmt, data, name, options)
        else:
            extracted = _run_reader(fmt, data, name, options)
    except DocumentLoadError:
        raise
    except (MissingDependencyError, KeyboardInterrupt):
        raise
    except Exception as e:  # a third-party parser's own exception: name the file and the reason
        raise _limits.wrap_foreign(e, name, fmt) from e
    if not extracted.text.strip():
        raise EmptyDocumentError(name, f"no text could be extracted from the {fmt} document")
    return extracted


def _options(max_bytes: Optional[int], max_pages: int, timeout: float, max_chars: int, max_lines: int,
             max_memory: Optional[int], engine: str) -> ReadOptions:
    return ReadOptions(max_bytes=_default_max_bytes() if max_bytes is None else max_bytes,
                       max_pages=max_pages, timeout=timeout, max_chars=max_chars, max_lines=max_lines,
                       max_memory=_env_int("POLICYTEXT_MAX_MEMORY", _limits.DEFAULT_MAX_MEMORY)
                       if max_memory is None else max_memory, engine=engine)


def read_ahead(path: Union[str, os.PathLike], *, max_bytes: Optional[int] = None,
               max_pages: int = DEFAULT_MAX_PAGES, timeout: float = 120.0, max_chars: int = DEFAULT_MAX_CHARS,
               max_lines: int = DEFAULT_MAX_LINES, max_memory: Optional[int] = None, engine: str = "pdfium"
               ) -> bool:
    """Start reading the PDF at ``path`` in the kept reader process, without waiting for it.

    A later :func:`read` (or :func:`load`) of the same file with the same
    options collects what the reader process read meanwhile, with the same
    result, errors, warnings and limits; anything else first ends that
    reading. A batch calls it for the next document before it builds the
    task list of the present one, so that reading and the rest overlap.

    Returns:
        Whether reading started: only PDFs are read ahead, and nothing that
        fails here (the later :func:`read` reports it).

    Example:
        >>> read_ahead("no-such-file.pdf")
        False
    """
    try:
        options = _options(max_bytes, max_pages, timeout, max_chars, max_lines, max_memory, engine)
        data, name, suffix = _read_source(os.fspath(path), options.max_bytes)
        fmt = detect_format(data, name=name, suffix=suffix) if data else None
        if fmt not in KEPT_READER_FORMATS:
            return False
        _preimport(fmt)
        from .reader_process import send_ahead

        return send_ahead(_run_reader, fmt, data, name, options, key=(fmt, LOADERS[fmt]), source=name, what=fmt,
                          max_memory=options.max_memory)
    except Exception:  # reported by the read that follows
        return False


def load(source: Source, *, format: Optional[str] = None, reference_date: Any = None,
         max_bytes: Optional[int] = None, max_pages: int = DEFAULT_MAX_PAGES, timeout: float = 120.0,
         max_chars: int = DEFAULT_MAX_CHARS, max_lines: int = DEFAULT_MAX_LINES,
         max_memory: Optional[int] = None, engine: str = "pdfium") -> Document:
    """Load a policy document: read it, clean it, find its metadata and outline.

    Args:
        source: A path (str or os.PathLike), ``bytes`` or a binary file object.
            The format is found from the content (magic bytes) and the suffix.
        format: Force a format: ``txt``, ``md``, ``docx``, ``pdf``, ``html``,
            ``doc`` or ``wps``. A format the content contradicts is an error.
        reference_date: The date ``今年`` refers to when the document gives none
            (a ``datetime.date``).
        max_bytes: Size limit in bytes (default 50 MB, or the environment
            variable ``POLICYTEXT_MAX_BYTES``).
        max_pages: PDF pages read at most (later pages skipped with a warning).
        timeout: Seconds allowed for reading (the reader process is killed
            at it, also inside a PDF page) and for LibreOffice.
        max_chars: Largest extracted text in characters (default 10 million).
        max_lines: Most lines in the extracted text (default 200,000).
        max_memory: Memory the reader process may add, in bytes (default 2 GB).
        engine: PDF engine: ``"pdfium"`` (default; pypdfium2, text, character
            boxes, font size and weight, about 20 times faster than pdfminer)
            or ``"pdfplumber"`` (pdfminer).
    Returns:
        The :class:`~policytext.types.Document`.
    Raises:
        EmptyDocumentError: The file is empty or yields no text.
        UnsupportedFormatError: Unknown format, or content and ``format=`` disagree.
        DecodeError: A text file in no supported encoding (binary junk).
        CorruptDocumentError: A truncated or damaged file, or a zip bomb.
        EncryptedDocumentError: A password-protected PDF or Office file.
        ScannedDocumentError: A PDF without any text layer.
        DocumentTooLargeError: The input is larger than ``max_bytes``, the
            text longer than ``max_chars``/``max_lines``, or the reader needs
            more than ``max_memory``.
        DocumentTimeoutError: Reading took longer than ``timeout``.
        MissingDependencyError: LibreOffice is needed for ``.doc``/``.wps``.

    Example:
        >>> doc = load("关于做好养老服务工作的通知\\n一、总体要求\\n到2023年底，覆盖率达到95%。".encode("utf-8"))
        >>> doc.format, doc.source
        ('txt', '<bytes>')
        >>> "覆盖率达到95%" in doc.text
        True
    """
    import logging
    import time

    from ..document import build_document

    t0 = time.perf_counter()
    extracted = read(source, format=format, max_bytes=max_bytes, max_pages=max_pages, timeout=timeout,
                     max_chars=max_chars, max_lines=max_lines, max_memory=max_memory, engine=engine)
    logging.getLogger(__name__).info(
        "load %s: %s, %d characters, %d blocks, %d pages in %.2f s", extracted.source, extracted.format,
        len(extracted.text), len(extracted.blocks), len({b.page for b in extracted.blocks if b.page is not None}),
        time.perf_counter() - t0)
    doc = build_document(extracted, reference_date=reference_date)
    if not doc.text.strip():
        raise EmptyDocumentError(extracted.source, "no text left after removing page furniture")
    if extracted.format == "html" and doc.title and doc.text.strip() == doc.title:  # a shell a script fills
        raise _html.title_only_page(extracted.source)
    return doc
