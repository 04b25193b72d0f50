"""One exception hierarchy for everything policytext raises.

Every error also subclasses the matching builtin, so ``except ValueError`` and
``except OSError`` keep working for callers who do not know this package.

    PolicyTextError
    ├── DocumentLoadError (OSError)
    │   ├── UnsupportedFormatError (+ValueError)
    │   ├── EmptyDocumentError
    │   ├── DecodeError (+UnicodeError)
    │   ├── CorruptDocumentError
    │   ├── EncryptedDocumentError
    │   ├── ScannedDocumentError
    │   ├── DocumentTooLargeError
    │   └── DocumentTimeoutError (+TimeoutError)
    ├── OutputError (OSError)
    ├── PatternError (ValueError)
    ├── ModelError
    │   ├── ModelNotFoundError (+FileNotFoundError)
    │   └── IncompatibleModelError
    ├── NotFittedError (ValueError, AttributeError)
    └── MissingDependencyError (ImportError)

    PolicyTextWarning (UserWarning)
    ├── ModelVersionWarning
    └── DocumentWarning
"""
from __future__ import annotations

import os
from typing import Optional, Union

PathLike = Union[str, "os.PathLike[str]"]

__all__ = [
    "PolicyTextError",
    "DocumentLoadError",
    "UnsupportedFormatError",
    "EmptyDocumentError",
    "DecodeError",
    "CorruptDocumentError",
    "EncryptedDocumentError",
    "ScannedDocumentError",
    "DocumentTooLargeError",
    "DocumentTimeoutError",
    "OutputError",
    "PatternError",
    "ModelError",
    "ModelNotFoundError",
    "IncompatibleModelError",
    "NotFittedError",
    "MissingDependencyError",
    "PolicyTextWarning",
    "ModelVersionWarning",
    "DocumentWarning",
]


class PolicyTextError(Exception):
    """Base class of every error raised by policytext."""


class DocumentLoadError(PolicyTextError, OSError):
    """A document could not be read.

    The message always names the file and the reason. ``source`` holds the
    file name (or ``"<bytes>"``/``"<stream>"``) and ``reason`` the bare reason.

    Example:
        >>> err = DocumentLoadError("讲话.docx", "the file is empty")
        >>> str(err)
        '讲话.docx: the file is empty'
        >>> isinstance(err, OSError)
        True
    """

    def __init__(self, source: Optional[PathLike], reason: str) -> None:
        self.source = str(source) if source is not None else "<input>"
        self.reason = reason
        super().__init__(f"{self.source}: {reason}")

    def __reduce__(self):  # keep picklable across worker processes
        return (type(self), (self.source, self.reason))

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class UnsupportedFormatError(DocumentLoadError, ValueError):
    """The format is unknown, or the content does not match the format asked for."""


class EmptyDocumentError(DocumentLoadError):
    """The file is empty, or no text could be extracted from it."""


class DecodeError(DocumentLoadError, UnicodeError):
    """The bytes of a text file are not text in any supported encoding."""


class CorruptDocumentError(DocumentLoadError):
    """A .docx/.pdf/.html file is truncated, damaged or malicious (zip bomb)."""


class EncryptedDocumentError(DocumentLoadError):
    """The document is password protected."""


class ScannedDocumentError(DocumentLoadError):
    """A PDF has no text layer on any page (a scan): OCR it first."""


class DocumentTooLargeError(DocumentLoadError):
    """The input is larger than the configured limit."""


class DocumentTimeoutError(DocumentLoadError, TimeoutError):
    """Reading the document took longer than ``timeout=`` and the reader was stopped.

    Example:
        >>> isinstance(DocumentTimeoutError("a.pdf", "took longer than 2 s"), TimeoutError)
        True
    """


class OutputError(PolicyTextError, OSError):
    """An output file cannot be written (missing folder, read-only, a directory, a full disk).

    Example:
        >>> str(OutputError("out/任务.xlsx", "the folder out does not exist"))
        'out/任务.xlsx: the folder out does not exist'
    """

    def __init__(self, path: PathLike, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self):
        return (type(self), (self.path, self.reason))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class PatternError(PolicyTextError, ValueError):
    """A data file under ``policytext/data/`` is malformed.

    Example:
        >>> str(PatternError("lexicons/units.txt", "empty term", line=3))
        'lexicons/units.txt, line 3: empty term'
    """

    def __init__(self, path: PathLike, reason: str, *, line: Optional[int] = None,
                 key: Optional[str] = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.line = line
        self.key = key
        where = self.path
        if line is not None:
            where += f", line {line}"
        if key is not None:
            where += f", key {key!r}"
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):
        return (_rebuild_pattern_error, (self.path, self.reason, self.line, self.key))


def _rebuild_pattern_error(path, reason, line, key):
    return PatternError(path, reason, line=line, key=key)


class ModelError(PolicyTextError):
    """A trained model could not be used."""


class ModelNotFoundError(ModelError, FileNotFoundError):
    """No trained model at the path given."""


class IncompatibleModelError(ModelError):
    """The model files exist but cannot be loaded by this version."""


class NotFittedError(PolicyTextError, ValueError, AttributeError):
    """An estimator was used before ``fit``."""


class MissingDependencyError(PolicyTextError, ImportError):
    """An optional dependency (or external program) is not installed.

    Example:
        >>> str(MissingDependencyError("LibreOffice", "apt-get install libreoffice-writer"))
        'LibreOffice is required for this; install it with: apt-get install libreoffice-writer'
    """

    def __init__(self, name: str, install: str) -> None:
        self.name_ = name
        self.install = install
        super().__init__(f"{name} is required for this; install it with: {install}")

    def __reduce__(self):
        return (type(self), (self.name_, self.install))


class PolicyTextWarning(UserWarning):
    """Base class of policytext warnings."""


class ModelVersionWarning(PolicyTextWarning):
    """A model was trained with other library versions than the ones installed."""


class DocumentWarning(PolicyTextWarning):
    """A recoverable problem in a document (a scanned page, a dropped table…)."""
