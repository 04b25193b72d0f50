"""Plain-text reader (``.txt``/``.md``): encoding detection and line blocks.

Decoding order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8,
GB18030 (a superset of GBK and GB2312, the usual encodings of Chinese
government files), then charset-normalizer's best guess. Binary junk (NUL
bytes, many control characters) is rejected with
:class:`~policytext.errors.DecodeError`.
"""
from __future__ import annotations

import codecs
import re
from typing import Any, List, Optional, Tuple

from ..errors import DecodeError, DocumentTooLargeError
from ..types import Block, Extracted

__all__ = ["read_txt", "decode_text", "looks_like_text", "normalize_newlines", "line_blocks"]

_BOMS: Tuple[Tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
RE_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# control characters a text file may hold; any other Cc character counts as junk
_ALLOWED_CONTROL = set("\t\n\r\x0b\x0c\x1a")
#: The control characters (Unicode category Cc: U+0000-001F, U+007F-009F) that text files do not hold.
RE_BAD_CONTROL = re.compile("[" + "".join(re.escape(chr(c)) for c in (*range(0x20), *range(0x7F, 0xA0))
                                          if chr(c) not in _ALLOWED_CONTROL) + "]")
#: Share of control characters above which decoded text is taken for binary data.
MAX_CONTROL_RATIO = 0.01
#: Bytes given to charset-normalizer (it is slow on large inputs).
_DETECT_BYTES = 256 * 1024


def normalize_newlines(text: str) -> str:
    r"""Turn ``\r\n``, ``\r``, form feeds and Unicode line separators into ``\n``.

    Example:
        >>> normalize_newlines("一、总体要求\r\n二、重点任务\r三、保障措施")
        '一、总体要求\n二、重点任务\n三、保障措施'
    """
    return RE_NEWLINES.sub("\n", text)


def _control_ratio(text: str) -> float:
    if not text:
        return 0.0
    return len(RE_BAD_CONTROL.findall(text)) / len(text)


def looks_like_text(data: bytes) -> bool:
    """Whether ``data`` decodes as text in a supported encoding.

    Example:
        >>> looks_like_text("民政工作要点".encode("gbk")), looks_like_text(bytes(range(256)))
        (True, False)
    """
    try:
        decode_text(data[:_DETECT_BYTES], source="<probe>", _probe=True)
    except DecodeError:
        return False
    return True


def _check_text(text: str, source: str, encoding: str) -> str:
    ratio = _control_ratio(text)
    if ratio > MAX_CONTROL_RATIO or "\x00" in text:
        raise DecodeError(
            source, f"binary data, not text: {ratio:.0%} control characters after decoding as {encoding} "
                    f"(supported: UTF-8, UTF-16/32 with a BOM, GB18030/GBK)")
    return text


def decode_text(data: bytes, *, source: str = "<bytes>", _probe: bool = False) -> Tuple[str, str]:
    """Decode the bytes of a text file and name the encoding used.

    Args:
        data: The raw bytes.
        source: File name for error messages.
    Returns:
        ``(text, encoding)``; the BOM is removed, newlines are left as they are.
    Raises:
        DecodeError: The bytes are binary junk or in no supported encoding.

    Example:
        >>> decode_text("青山县民政局".encode("gbk"))
        ('青山县民政局', 'gb18030')
        >>> decode_text("\\ufeff青山县".encode("utf-16-le"))
        ('青山县', 'utf-16-le')
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            if _probe and enc.startswith(("utf-16", "utf-32")):
                cut = len(body) - len(body) % (2 if enc.startswith("utf-16") else 4)
                body = body[:cut]
            try:
                return _check_text(body.decode(enc, errors="ignore" if _probe else "strict"), source, enc), enc
            except UnicodeDecodeError as e:
                raise DecodeError(source, f"starts with a {enc} byte-order mark but is not valid {enc} "
                                          f"(byte {e.start + len(bom)}: {e.reason})") from None
    nul = data.count(b"\x00")
    if not nul:
        for enc in ("utf-8", "gb18030"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError as e:
                # a probe may cut a multi-byte character at its end
                if _probe and e.start >= len(data) - 4:
                    text = data[:e.start].decode(enc, errors="strict")
                else:
                    continue
            return _check_text(text, source, enc), enc
    guess = _detect(data)
    if guess is not None:
        try:
            text = data.decode(guess, errors="ignore" if _probe else "strict")
        except (UnicodeDecodeError, LookupError):
            text = None
        if text is not None:
            return _check_text(text, source, guess), guess
    if nul:
        raise DecodeError(source, f"binary data, not text: {nul} NUL bytes (a UTF-16 text needs a byte-order "
                                  f"mark; supported: UTF-8, UTF-16/32 with a BOM, GB18030/GBK)")
    raise DecodeError(source, "not text in any supported encoding (UTF-8, UTF-16/32 with a BOM, GB18030/GBK)")


def _detect(data: bytes) -> Optional[str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:_DETECT_BYTES]).best()
    if best is None:
        return None
    enc = best.encoding
    if data.count(b"\x00") and not enc.startswith(("utf_16", "utf_32")):
        return None  # NUL bytes in a single-byte "text" are binary junk
    return enc


def line_blocks(text: str, *, skip_blank: bool = True) -> List[Block]:
    """One :class:`Block` per non-blank line, with offsets into ``text``.

    Example:
        >>> [(b.text, b.start) for b in line_blocks("一、总体要求\\n\\n二、重点任务")]
        [('一、总体要求', 0), ('二、重点任务', 8)]
    """
    blocks = []
    pos = 0
    for line in text.split("\n"):
        if line.strip() or not skip_blank:
            blocks.append(Block(text=line, start=pos, end=pos + len(line)))
        pos += len(line) + 1
    return blocks


def check_line_budget(data: bytes, *, source: str = "<bytes>", max_lines: int, max_chars: int) -> None:
    """Refuse a text file with more lines or characters than the budget, before splitting it into blocks.

    Counted on the bytes (a line break is ``\\n`` or ``\\r`` in every supported
    encoding but UTF-16/32, where the count is the same), so nothing big is built first.

    Raises:
        DocumentTooLargeError: More than ``max_lines`` lines or ``max_chars`` characters.

    Example:
        >>> check_line_budget(b"a\\n" * 10, max_lines=5, max_chars=100)
        Traceback (most recent call last):
        ...
        policytext.errors.DocumentTooLargeError: <bytes>: the text has 10 lines, more than the limit of 5 (raise it with max_lines=)
    """
    lines = max(data.count(b"\n"), data.count(b"\r"))
    if lines > max_lines:
        raise DocumentTooLargeError(source, f"the text has {lines} lines, more than the limit of {max_lines} "
                                            f"(raise it with max_lines=)")
    if len(data) > 4 * max_chars:  # no encoding takes more than 4 bytes a character
        raise DocumentTooLargeError(source, f"the text has more than {max_chars} characters, the limit "
                                            f"(raise it with max_chars=)")


def read_txt(data: bytes, *, source: str = "<bytes>", format: str = "txt", options: Any = None) -> Extracted:
    """Read a plain-text or Markdown file.

    ``Extracted.text`` is the decoded text with newlines normalized (blank
    lines kept); each non-blank line is a block.

    Args:
        data: The raw bytes.
        source: File name for messages.
        format: ``"txt"`` or ``"md"``.
        options: Unused (see :class:`policytext.io.ReadOptions`).
    Raises:
        DecodeError: Binary junk or an unsupported encoding.

    Example:
        >>> ex = read_txt("\\ufeff一、总体要求\\r\\n".encode("utf-8"))
        >>> ex.text, len(ex.blocks)
        ('一、总体要求\\n', 1)
    """
    text, _enc = decode_text(data, source=source)
    text = normalize_newlines(text).replace("\ufeff", "")
    return Extracted(text=text, blocks=tuple(line_blocks(text)), source=source, format=format)
