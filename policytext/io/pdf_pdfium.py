"""The fast PDF engine: lines of a page from PDFium (pypdfium2), in the form the pdfplumber reader builds.

PDFium gives every character with its box (``FPDFText_GetLooseCharBox``:
the font's ascent to descent, like pdfminer's box) and the text of the page
in one call; font size, family and weight are read for a few characters of
each line. The lines are then built the way pdfplumber's
``extract_text_lines(x_tolerance=3, y_tolerance=3)`` builds them, after the
same fake-bold test as pdfplumber's ``dedupe_chars`` (a character drawn again
within 1 pt): characters are clustered by their top, sorted left to right,
and a space is put where two characters are more than 3 pt apart. Everything
after that (headers and footers, page numbers, paragraphs, headings) is the
shared code of :mod:`policytext.io.pdf`.

This is about 20 times faster than pdfminer on Chinese text (one C call per
character instead of pdfminer's Python layout analysis).
"""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, List, Optional, Sequence, Tuple

__all__ = ["open_document", "page_lines", "PdfiumOpenError"]

#: Characters closer than this (points, x and y) with the same text are one character drawn twice (fake bold).
DEDUPE_TOLERANCE = 1.0
#: pdfplumber's ``x_tolerance`` / ``y_tolerance`` of ``extract_text_lines``.
X_TOLERANCE = 3.0
Y_TOLERANCE = 3.0
_SAMPLES = 3  # characters per line whose font is read


class PdfiumOpenError(Exception):
    """PDFium could not open the document; ``code`` is PDFium's ``FPDF_ERR_*`` code."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)  # both in args, so that it pickles (the reader runs in a child process)
        self.code = code

    def __str__(self) -> str:
        return str(self.args[1])


_NO_SYSTEM_FONTS: Any = None
#: PDFium has opened a document in this process with its usual font mapping (a forked child inherits it).
_OPENED_WITH_SYSTEM_FONTS = False


#: PDFium's charsets of CJK fonts (``FX_Charset``: Shift-JIS, Hangeul, Johab, GB2312, Big5).
_CJK_CHARSETS = frozenset({128, 129, 130, 134, 136})
_FACE_NAME = b"PolicytextBoxes\0"


def _copy_out(data: bytes, buf: Any, size: int) -> int:
    import ctypes

    if buf and size >= len(data):
        ctypes.memmove(buf, data, len(data))
    return len(data)


def _without_system_fonts() -> None:
    """Let PDFium substitute fonts a PDF does not embed with its own built-in ones or, for CJK fonts, with
    :func:`.pdf_font.box_font`, never with the system's.

    Text extraction needs no glyph outlines; with a system CJK font installed
    (fonts-noto-cjk, 20 MB per face) PDFium would load it for every page of a
    PDF in a non-embedded CID font (STSong-Light), ten times slower. Its
    built-in fallback has no CJK glyphs, and PDFium leaves a text object of
    one CJK character without a glyph out of the text; the box font gives
    every character a small glyph, so such lines are kept and the character
    boxes come from the PDF's widths. Set once per process, and only in a
    reader's child process whose parent has not used PDFium itself (never in
    the caller's own process, where it would change how the caller's PDFium
    renders); the callbacks are kept alive in a module global.
    """
    global _NO_SYSTEM_FONTS, _OPENED_WITH_SYSTEM_FONTS
    from .limits import IN_READER_CHILD

    if _NO_SYSTEM_FONTS is not None:
        return
    if not IN_READER_CHILD or _OPENED_WITH_SYSTEM_FONTS:
        # the caller's own process, or a child of a process whose PDFium has already mapped fonts
        # (switching then would mix two mappings in one font cache): keep the usual mapping
        _OPENED_WITH_SYSTEM_FONTS = True
        return
    import ctypes

    import pypdfium2.raw as c

    from .pdf_font import box_font

    font = box_font()

    def map_font(this: Any, weight: int, italic: int, charset: int, pitch: int, face: Any, exact: Any) -> Any:
        return charset + 1 if charset in _CJK_CHARSETS else None  # a handle that is never 0

    def font_data(this: Any, handle: Any, table: int, buf: Any, size: int) -> int:
        return _copy_out(font, buf, size) if table == 0 else 0  # the whole file only, no single tables

    fields = dict(c.FPDF_SYSFONTINFO._fields_)
    impl = {"Release": lambda this: None, "EnumFonts": lambda this, mapper: None, "MapFont": map_font,
            "GetFont": lambda this, face: None, "GetFontData": font_data,
            "GetFaceName": lambda this, handle, buf, size: _copy_out(_FACE_NAME, buf, size),
            "GetFontCharset": lambda this, handle: int(handle or 1) - 1,
            "DeleteFont": lambda this, handle: None}
    info = c.FPDF_SYSFONTINFO()
    info.version = 1
    callbacks = {name: fields[name](fn) for name, fn in impl.items()}
    for name, cb in callbacks.items():
        setattr(info, name, cb)
    c.FPDF_SetSystemFontInfo(ctypes.byref(info))
    _NO_SYSTEM_FONTS = (info, callbacks)


def open_document(data: bytes) -> Any:
    """Open ``data`` with PDFium (empty user password), or raise :class:`PdfiumOpenError`."""
    import pypdfium2 as pdfium

    _without_system_fonts()
    try:
        return pdfium.PdfDocument(data, password=None)
    except pdfium.PdfiumError as e:
        return _raise_open(e)


def _raise_open(e: Any) -> Any:
    raise PdfiumOpenError(int(getattr(e, "err_code", 0) or 0), str(e)) from None


def is_password_error(err: PdfiumOpenError) -> bool:
    import pypdfium2.raw as c

    return err.code == c.FPDF_ERR_PASSWORD


def is_security_error(err: PdfiumOpenError) -> bool:
    import pypdfium2.raw as c

    return err.code == c.FPDF_ERR_SECURITY


def _font(raw_tp: Any, i: int, buf: Any, flags: Any) -> Tuple[str, int]:
    import ctypes

    import pypdfium2.raw as c

    n = c.FPDFText_GetFontInfo(raw_tp, i, buf, len(buf), ctypes.byref(flags))
    name = buf.value.decode("utf-8", "replace") if n else ""
    return name, int(c.FPDFText_GetFontWeight(raw_tp, i))


_Char = Tuple[float, float, float, float, str, int]  # top, x0, x1, bottom, text, index


def page_lines(page: Any, page_no: int, line_cls: Any, bold_re: Any, font_family: Any,
               bold_boxes: Sequence[Tuple[float, float, float, float]] = ()) -> Tuple[List[Any], int, int]:
    """Lines of one PDFium page as ``line_cls`` objects (the reader's ``_Line``).

    Returns:
        ``(lines, n_chars, n_unmapped)``: the lines (before the edge-zone
        marks), the characters PDFium found, and how many of them have no
        Unicode value (a font without a ToUnicode map).
    """
    import ctypes

    import pypdfium2.raw as c

    height = float(page.get_height())
    tp = page.get_textpage()
    try:
        raw = tp.raw
        n = c.FPDFText_CountChars(raw)
        if n <= 0:
            return [], 0, 0
        chars, unmapped = _page_chars(tp, raw, n, height)
        if not chars:
            return [], n, unmapped
        buf = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        dups: List[Tuple[float, float]] = []
        lines = []
        for cl in _cluster_by_top(chars):
            cl = _drop_fake_bold(sorted(cl, key=lambda t: t[1]), dups)
            line_text = _line_text(cl)
            visible = [t for t in cl if not t[4].isspace()]
            if not line_text or not visible:
                continue
            size, font, bold_votes, n_picks = _style(raw, visible, buf, flags, bold_re)
            lx0 = min(t[1] for t in visible)
            lx1 = max(t[2] for t in visible)
            ltop = min(t[0] for t in visible)
            lbottom = max(t[3] for t in visible)
            n_dups = sum(1 for dt, dx in dups if ltop - 1 <= dt <= lbottom + 1 and lx0 - 2 <= dx <= lx1 + 2)
            for bx0, btop, bx1, bbottom in bold_boxes:  # a text object drawn twice on this line
                if ltop - 2 <= btop and bbottom <= lbottom + 2 and lx0 - 2 <= bx0 and bx1 <= lx1 + 2 \
                        and (bx1 - bx0) * 2 >= lx1 - lx0:
                    n_dups = len(visible)
            lines.append(line_cls(text=line_text, page=page_no, x0=float(lx0), x1=float(lx1), top=float(ltop),
                                  bottom=float(lbottom), size=float(size),
                                  bold=bold_votes * 2 > n_picks or n_dups >= len(visible) / 2,
                                  font=font_family(font), page_height=height))
        return lines, n, unmapped
    finally:
        tp.close()


def _page_chars(tp: Any, raw: Any, n: int, height: float) -> Tuple[List[_Char], int]:
    """The page's characters with their boxes (generated spaces and line breaks left out), and the unmapped count."""
    import pypdfium2.raw as c

    text = tp.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: read one by one
        text = "".join(chr(c.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(n))
    rect = c.FS_RECTF()
    box = c.FPDFText_GetLooseCharBox
    is_generated = c.FPDFText_IsGenerated
    chars: List[_Char] = []
    unmapped = 0
    append = chars.append
    for i in range(n):
        ch = text[i]
        if ch == "\r" or ch == "\n":
            continue
        if ch == " " or ch == "\u3000" or ch == "\t":
            if is_generated(raw, i):
                continue  # spaces are put back from the gaps, as pdfplumber does
        elif ch == "\ufffd" or ch == "\x00" or ch == "\ufffe":
            unmapped += 1
        box(raw, i, rect)
        append((height - rect.top, rect.left, rect.right, height - rect.bottom, ch, i))
    return chars, unmapped


def _cluster_by_top(chars: List[_Char]) -> List[List[_Char]]:
    """pdfplumber's cluster_objects on ``top``: sorted values, a gap over the tolerance starts a line."""
    chars.sort(key=lambda t: t[0])
    clusters: List[List[_Char]] = []
    last_top: Optional[float] = None
    for ch in chars:
        if last_top is None or ch[0] - last_top > Y_TOLERANCE:
            clusters.append([ch])
        else:
            clusters[-1].append(ch)
        last_top = ch[0]
    return clusters


def _drop_fake_bold(cl: List[_Char], dups: List[Tuple[float, float]]) -> List[_Char]:
    """Fake bold: the same character again within 1 pt (pdfplumber's dedupe_chars); sorted by x, a copy
    sits among the characters at most 1 pt to its left. The copies' positions go to ``dups``."""
    tol = DEDUPE_TOLERANCE
    kept: List[_Char] = []
    for ch in cl:
        j = len(kept) - 1
        dup = False
        while j >= 0 and ch[1] - kept[j][1] <= tol:
            if kept[j][4] == ch[4] and -tol <= kept[j][0] - ch[0] <= tol:
                dup = True
                break
            j -= 1
        if dup:
            dups.append((ch[0], ch[1]))
        else:
            kept.append(ch)
    return kept


def _line_text(cl: List[_Char]) -> str:
    """The characters of a line, a space put back where the gap between two is wider than the tolerance."""
    parts: List[str] = []
    prev_x1: Optional[float] = None
    for _, x0, x1, _, ch, _ in cl:
        if prev_x1 is not None and x0 > prev_x1 + X_TOLERANCE and parts and not parts[-1].isspace() \
                and not ch.isspace():
            parts.append(" ")
        parts.append(ch)
        prev_x1 = x1
    return "".join(parts).strip()


def _style(raw: Any, visible: List[_Char], buf: Any, flags: Any, bold_re: Any) -> Tuple[float, str, int, int]:
    """Font size, font name and bold votes of a line, from a few of its characters."""
    import pypdfium2.raw as c

    k = len(visible)
    picks = sorted({0, k // 2, k - 1})[:_SAMPLES]
    sizes: Counter = Counter()
    fonts: Counter = Counter()
    bold_votes = 0
    for p in picks:
        idx = visible[p][5]
        sizes[round(float(c.FPDFText_GetFontSize(raw, idx)), 1)] += 1
        name, weight = _font(raw, idx, buf, flags)
        fonts[name] += 1
        if weight >= 600 or bold_re.search(name.split("+", 1)[-1]):
            bold_votes += 1
    return sizes.most_common(1)[0][0], fonts.most_common(1)[0][0], bold_votes, len(picks)


def text_objects(page: Any) -> Tuple[bool, List[Tuple[float, float, float, float]]]:
    """Check a page's text objects before trusting PDFium's text.

    Returns:
        ``(dropped, bold_boxes)``: whether a text object has no width (PDFium
        leaves such objects out of its text: a one-character line in a CJK
        font whose glyph boxes are unknown, e.g. a non-embedded STSong-Light,
        so the page must be read another way), and the boxes
        ``(x0, top, x1, bottom)`` of text objects drawn twice at (almost) the
        same place — fake bold, whose second copy PDFium may drop silently.
    """
    import ctypes

    import pypdfium2.raw as c

    height = float(page.get_height())
    raw = page.raw
    n = c.FPDFPage_CountObjects(raw)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    boxes: Dict[Tuple[int, int], List[Tuple[float, float, float, float]]] = {}
    bold: List[Tuple[float, float, float, float]] = []
    text_type = c.FPDF_PAGEOBJ_TEXT
    get_obj, get_type, get_bounds = c.FPDFPage_GetObject, c.FPDFPageObj_GetType, c.FPDFPageObj_GetBounds
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    for i in range(n):
        obj = get_obj(raw, i)
        if get_type(obj) != text_type:
            continue
        if not get_bounds(obj, *refs):
            continue
        x0, x1, y1 = left.value, right.value, top.value
        if x1 - x0 < 0.01:
            return True, []
        b = (x0, height - y1, x1, height - bottom.value)
        key = (int(x0), int(b[1]))
        twin = False
        for kx in (key[0] - 1, key[0], key[0] + 1):
            for ky in (key[1] - 1, key[1], key[1] + 1):
                for o in boxes.get((kx, ky), ()):
                    if all(abs(o[j] - b[j]) <= DEDUPE_TOLERANCE for j in range(4)):
                        twin = True
        if twin:
            bold.append(b)
        else:
            boxes.setdefault(key, []).append(b)
    return False, bold
