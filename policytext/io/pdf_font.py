"""A tiny stand-in font for PDFium: one small box glyph for every Unicode code point.

A PDF that does not embed its CJK font (``STSong-Light``, ``SimSun`` written
by many office suites) makes PDFium ask the system for a substitute. Loading a
real CJK face (20 MB) for text extraction is slow, and without one PDFium's
built-in fallback font has no CJK glyphs: a text object of a single CJK
character then has no width, and PDFium leaves it out of the page's text.
Text extraction needs neither outlines nor advances from the substitute (the
advances come from the PDF's own ``/W`` widths), only a glyph for each
character, so this 400-byte TrueType font maps every code point (a ``cmap``
subtable of format 13, the "last resort" kind) to one box glyph, smaller than
any character's box so that PDFium's character boxes stay the PDF's own.

Example:
    >>> data = box_font()
    >>> data[:4], len(data) < 1024
    (b'\\x00\\x01\\x00\\x00', True)
"""
from __future__ import annotations

import struct
from functools import lru_cache
from typing import Dict

__all__ = ["box_font", "UNITS_PER_EM", "GLYPH_BOX"]

UNITS_PER_EM = 1000
#: The glyph's box ``(x0, y0, x1, y1)`` in font units: a tenth of an em, within every character's box.
GLYPH_BOX = (0, 0, 100, 100)


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _tables() -> Dict[bytes, bytes]:
    x0, y0, x1, y1 = GLYPH_BOX
    upm = UNITS_PER_EM
    # head: version, revision, checksum adjustment, magic, flags, units/em, dates, bbox, style, ppem, hints, loca
    head = struct.pack(">IIIIHHqqhhhhHHhhh", 0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, upm, 0, 0,
                       x0, y0, x1, y1, 0, 8, 2, 0, 0)
    hhea = struct.pack(">IhhhHhhhhhhhhhhhH", 0x00010000, y1, y0, 0, upm, 0, 0, x1, 1, 0, 0, 0, 0, 0, 0, 0, 2)
    maxp = struct.pack(">I14H", 0x00010000, 2, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)
    hmtx = struct.pack(">HhHh", upm, 0, upm, x0)
    # glyph 1: one closed contour of four on-curve points (x and y as 16-bit deltas)
    glyph = struct.pack(">hhhhhHH4B4h4h", 1, x0, y0, x1, y1, 3, 0, 1, 1, 1, 1,
                        x0, x1 - x0, 0, x0 - x1, y0, 0, y1 - y0, 0)
    glyph += b"\0" * (-len(glyph) % 4)
    loca = struct.pack(">3H", 0, 0, len(glyph) // 2)  # short offsets: glyph 0 (.notdef) is empty
    # cmap: one Windows UCS-4 subtable of format 13 mapping U+0000..U+10FFFF to glyph 1
    cmap = struct.pack(">HHHHI", 0, 1, 3, 10, 12) + struct.pack(">HHIIIIII", 13, 0, 28, 0, 1, 0, 0x10FFFF, 1)
    name = struct.pack(">HHH", 0, 0, 6)
    post = struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0)
    return {b"cmap": cmap, b"glyf": glyph, b"head": head, b"hhea": hhea, b"hmtx": hmtx, b"loca": loca,
            b"maxp": maxp, b"name": name, b"post": post}


@lru_cache(maxsize=1)
def box_font() -> bytes:
    """The font file (TrueType, about 400 bytes)."""
    tables = _tables()
    n = len(tables)
    selector = n.bit_length() - 1
    search_range = (1 << selector) * 16
    directory = struct.pack(">IHHHH", 0x00010000, n, search_range, selector, n * 16 - search_range)
    offset = 12 + 16 * n
    body = b""
    for tag in sorted(tables):
        data = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(data), offset + len(body), len(data))
        body += data + b"\0" * (-len(data) % 4)
    return directory + body
