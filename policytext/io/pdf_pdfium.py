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

The boxes are read into one buffer (one C call per character, no Python
object per call) and the lines are cut and sorted with numpy; only a line
with whitespace or with two characters within the fake-bold tolerance goes
through the character-by-character code. One C call per character stays
(issue 11 tried fewer): PDFium returns no boxes of many characters at once;
``FPDFText_CountRects``/``GetRect`` give one rectangle per text object, the
union of the tight glyph boxes (not the loose ones: tops and bottoms
differ), which shows no gap, overlap or fake-bold copy inside it; and the
boxes of a run's two ends do not give those between them (a line mixing
full- and half-width characters). The calls take about 0.3 us each, most of
it the call itself: 0.02 s CPU for 63,000 characters. In the reader's child
process PDFium substitutes :func:`.pdf_font.box_font` for CJK fonts a PDF
does not embed (see :func:`_without_system_fonts`).

This is about 30 times faster than pdfminer on Chinese text.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

__all__ = ["open_document", "page_lines", "PageObjects", "text_objects", "has_paths", "PdfiumOpenError"]

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


def _proto(name: str, restype: Any, *argtypes: Any) -> Any:
    """PDFium's function ``name`` taking plain integers (addresses), for calls made once per character:
    pypdfium2's typed pointers cost a conversion on every call. Called through cffi's C backend where it
    is installed (it comes with pdfminer's ``cryptography``; about a fifth less time a call), else through
    ctypes; a pointer comes back as an integer, 0 (cffi) or ``None`` (ctypes) for NULL."""
    fn = _PROTOS.get(name)
    if fn is None:
        import ctypes

        import pypdfium2.raw as c

        address = ctypes.cast(getattr(c, name), ctypes.c_void_p).value
        fn = _PROTOS[name] = _cffi_function(address, restype, argtypes) or \
            ctypes.CFUNCTYPE(restype, *argtypes)(address)
    return fn


_PROTOS: Dict[str, Any] = {}
#: cffi's C types for the ctypes types of :func:`_proto` (a pointer passed as an integer of its size).
_CFFI_TYPES = {"c_int": "int", "c_void_p": "intptr_t", "c_double": "double", "c_ulong": "unsigned long"}


def _cffi_function(address: int, restype: Any, argtypes: Sequence[Any]) -> Any:
    """The C function at ``address`` as a function pointer of cffi's C backend (no C parser, no compiler
    involved), or ``None`` when cffi is missing or the types are others."""
    names = [_CFFI_TYPES.get(t.__name__) for t in (restype, *argtypes)]
    if None in names:
        return None
    try:
        import _cffi_backend as backend

        types = [backend.new_primitive_type(n) for n in names]
        return backend.cast(backend.new_function_type(tuple(types[1:]), types[0], False), address)
    except Exception:  # not installed, or a backend with another interface: ctypes
        return None


def _address(array: Any) -> int:
    """The address of a numpy array's buffer, where PDFium writes."""
    return int(array.__array_interface__["data"][0])


_Char = Tuple[float, float, float, float, str, int]  # top, x0, x1, bottom, text, index
RE_WHITESPACE = re.compile(r"\s")  # one character for which str.isspace() is true


class _Styles:
    """Font size, font name and boldness of a page's characters, read once per text object and font (the
    characters of a text object share its font and size)."""

    def __init__(self, raw: Any, bold_re: Any) -> None:
        import ctypes

        import pypdfium2.raw as c

        self.raw, self.bold_re = raw, bold_re
        self.address = ctypes.cast(raw, ctypes.c_void_p).value
        found = hasattr(c, "FPDFText_GetTextObject") and hasattr(c, "FPDFTextObj_GetFont")
        self.text_object = _proto("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int) \
            if found else None
        self.object_font = _proto("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p) if found else None
        self.font_size = _proto("FPDFText_GetFontSize", ctypes.c_double, ctypes.c_void_p, ctypes.c_int)
        self.objects: Dict[int, Tuple[float, str, bool]] = {}
        self.fonts: Dict[int, Tuple[str, bool]] = {}
        self.sizes: Dict[float, float] = {}  # PDFium's size -> rounded to 0.1 pt (round() is slow, sizes repeat)
        self.buf = ctypes.create_string_buffer(256)
        self.flags = ctypes.c_int()

    def of(self, i: int, obj: Optional[int]) -> Tuple[float, str, bool]:
        """The style of character ``i`` whose text object is ``obj`` (``None`` when unknown)."""
        if obj:
            hit = self.objects.get(obj)
            if hit is not None:
                return hit
        raw_size = self.font_size(self.address, i)
        size = self.sizes.get(raw_size)
        if size is None:
            size = self.sizes[raw_size] = round(float(raw_size), 1)
        font = self.object_font(obj) if obj else None
        named = self.fonts.get(font) if font else None
        if named is None:
            name, weight = self._font(i)
            named = (name, weight >= 600 or bool(self.bold_re.search(name.split("+", 1)[-1])))
            if font:
                self.fonts[font] = named
        style = (size, named[0], named[1])
        if obj:
            self.objects[obj] = style
        return style

    def _font(self, i: int) -> Tuple[str, int]:
        import ctypes

        import pypdfium2.raw as c

        n = c.FPDFText_GetFontInfo(self.raw, i, self.buf, len(self.buf), ctypes.byref(self.flags))
        if n > len(self.buf):  # a longer name than the buffer holds
            self.buf = ctypes.create_string_buffer(n)
            n = c.FPDFText_GetFontInfo(self.raw, i, self.buf, len(self.buf), ctypes.byref(self.flags))
        name = self.buf.value.decode("utf-8", "replace") if n else ""
        return name, int(c.FPDFText_GetFontWeight(self.raw, i))

    def lines(self, visibles: Sequence[Sequence[int]]) -> List[Tuple[float, str, int, int]]:
        """Font size, font name, bold votes and votes of each line, from a few of its visible characters
        (PDFium indices): the first, the middle and the last. The text objects of the first and the last are
        read first (of all lines in one go). When both lie in one object (most lines), that object has the
        majority whatever the middle one's and gives the line its size, font and boldness, counted as all the
        votes; the middle one's object is read only for the other lines, whose three characters vote."""
        from itertools import repeat

        ends: List[int] = []
        for visible in visibles:
            ends += (visible[0], visible[-1])
        text_object, address = self.text_object, self.address
        objs = list(map(text_object, repeat(address, len(ends)), ends)) if text_object else [None] * len(ends)
        known, of = self.objects, self.of
        out = []
        for visible, first, last in zip(visibles, objs[::2], objs[1::2]):
            k = len(visible)
            m = 3 if k >= 3 else k
            if first and first == last:  # one text object holds the majority: its style
                size, name, bold = known.get(first) or of(visible[0], first)
                out.append((size, name, m if bold else 0, m))
                continue
            if m == 3:
                middle = visible[k // 2]
                picks = ((visible[0], first), (middle, text_object(address, middle) if text_object else None),
                         (visible[-1], last))
            else:
                picks = ((visible[0], first), (visible[-1], last))[:m]
            styles = [of(i, obj) for i, obj in picks]
            out.append((_mode([s[0] for s in styles]), _mode([s[1] for s in styles]),
                        sum(1 for s in styles if s[2]), m))
        return out


def _mode(values: List[Any]) -> Any:
    """The most frequent value, the first seen among equals (``Counter.most_common(1)``)."""
    counts: Dict[Any, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return max(counts.items(), key=lambda kv: kv[1])[0]


def page_lines(page: Any, page_no: int, line_cls: Any, bold_re: Any, font_family: Any,
               bold_boxes: Sequence[Tuple[float, float, float, float]] = ()) -> Tuple[List[Any], int, int]:
    """Lines of one PDFium page as ``line_cls`` objects (the reader's ``_Line``).

    Returns:
        ``(lines, n_chars, n_unmapped)``: the lines (before the edge-zone
        marks), the characters PDFium found, and how many of them have no
        Unicode value (a font without a ToUnicode map).
    """
    import pypdfium2.raw as c

    height = float(page.get_height())
    tp = page.get_textpage()
    try:
        raw = tp.raw
        n = c.FPDFText_CountChars(raw)
        if n <= 0:
            return [], 0, 0
        chars, unmapped = _page_chars(tp, raw, n, height)
        if chars is None:
            return [], n, unmapped
        dups: List[Tuple[float, float]] = []
        parts = []
        for gi, (group, column) in enumerate(_column_groups(chars, float(page.get_width()))):  # two columns: in turn
            for part in _page_line_parts(group, dups):
                parts.append((part, len(dups), gi, column))  # the copies found so far count for this line
        styles = _Styles(raw, bold_re).lines([part[1] for part, *_ in parts])
        lines = []
        for ((text, _, (lx0, lx1, ltop, lbottom), n_visible), seen, gi, column), (size, font, bold_votes, n_picks) \
                in zip(parts, styles):
            n_dups = sum(1 for dt, dx in dups[:seen] if ltop - 1 <= dt <= lbottom + 1 and lx0 - 2 <= dx <= lx1 + 2) \
                if seen else 0
            for bx0, btop, bx1, bbottom in bold_boxes:  # a text object drawn twice on this line
                if ltop - 2 <= btop and bbottom <= lbottom + 2 and lx0 - 2 <= bx0 and bx1 <= lx1 + 2 \
                        and (bx1 - bx0) * 2 >= lx1 - lx0:
                    n_dups = n_visible
            lines.append(line_cls(text=text, page=page_no, x0=lx0, x1=lx1, top=ltop, bottom=lbottom,
                                  size=float(size), bold=bold_votes * 2 > n_picks or n_dups >= n_visible / 2,
                                  font=font_family(font), page_height=height, group=gi, column=column))
        return lines, n, unmapped
    finally:
        tp.close()


class _Chars:
    """A page's characters in line order: sorted by top, cut where the top jumps by more than the tolerance
    (pdfplumber's ``cluster_objects``), each line sorted left to right (both sorts stable). A sort that would
    move nothing is skipped: the one by top on a page drawn top to bottom, the one by x when every line runs
    left to right once sorted by top (most pages: they draw a header or footer first, then the lines in order)."""

    def __init__(self, codes: Any, index: Any, top: Any, x0: Any, x1: Any, bottom: Any) -> None:
        import numpy as np

        step = top[1:] - top[:-1]  # np.diff, without its Python overhead (a page has ~1,000 characters)
        if (step >= 0).all():  # drawn top to bottom: no sort by top (a stable sort would not move them)
            jumps = step > Y_TOLERANCE
        else:
            order = np.argsort(top, kind="stable")
            codes, index, top, x0, x1, bottom = (a[order] for a in (codes, index, top, x0, x1, bottom))
            jumps = top[1:] - top[:-1] > Y_TOLERANCE
        same_line = ~jumps  # the lines keep their places and lengths when sorted by x
        dx = x0[1:] - x0[:-1]
        if not ((dx >= 0) | jumps).all():  # a line not drawn left to right (most are)
            line_id = np.zeros(len(top), dtype=np.intp)
            np.cumsum(jumps, out=line_id[1:])
            order = np.lexsort((x0, line_id))
            codes, index, top, x0, x1, bottom = (a[order] for a in (codes, index, top, x0, x1, bottom))
            dx = x0[1:] - x0[:-1]
        self.bounds = [0, *(np.flatnonzero(jumps) + 1).tolist(), len(top)]
        self.text = codes.tobytes().decode("utf-32-le", "surrogatepass")
        self.index = index.tolist()
        self.top, self.x0, self.x1, self.bottom = top, x0, x1, bottom  # the caller's arrays when in order already
        #: lines (their number) where two characters start within the fake-bold tolerance: maybe a copy
        close = same_line & (dx <= DEDUPE_TOLERANCE)
        self.close = set(np.cumsum(jumps)[close].tolist()) if close.any() else set()
        #: positions ``p`` where a space goes between character ``p`` and ``p + 1`` (a gap over the tolerance)
        self.gaps = np.flatnonzero(same_line & (x0[1:] > x1[:-1] + X_TOLERANCE)).tolist()

    def tuples(self, s: int, e: int) -> List[_Char]:
        top, x0, x1, bottom = (a[s:e].tolist() for a in (self.top, self.x0, self.x1, self.bottom))
        return list(zip(top, x0, x1, bottom, self.text[s:e], self.index[s:e]))


def _column_groups(chars: _Chars, width: float) -> List[Tuple[_Chars, int]]:
    """The page's characters as one group (column 0), or on a page set in two columns
    (:func:`pdf_columns.find_gutter`) as the groups of :func:`pdf_columns.reading_groups` with their column,
    each read into lines of its own."""
    import numpy as np

    from .pdf_columns import find_gutter, reading_groups

    gutter = find_gutter(chars.x0, chars.x1, chars.top, width)
    if gutter is None:
        return [(chars, 0)]
    codes = np.frombuffer(chars.text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    index = np.asarray(chars.index)
    out = []
    for g, column in reading_groups(chars.x0, chars.x1, chars.top, gutter):
        g = np.sort(g)
        out.append((_Chars(codes[g], index[g], chars.top[g], chars.x0[g], chars.x1[g], chars.bottom[g]), column))
    return out


def _page_chars(tp: Any, raw: Any, n: int, height: float) -> Tuple[Optional[_Chars], int]:
    """The page's characters with their boxes (generated spaces and line breaks left out), and the unmapped count."""
    import ctypes
    from itertools import repeat

    import numpy as np
    import pypdfium2.raw as c

    text = tp.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: read one by one
        text = "".join(chr(c.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(n))
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    unmapped = text.count("\ufffd") + text.count("\0") + text.count("\ufffe")
    keep = (codes != 13) & (codes != 10)
    if " " in text or "\u3000" in text or "\t" in text:
        for i in np.flatnonzero((codes == 32) | (codes == 0x3000) | (codes == 9)).tolist():
            if c.FPDFText_IsGenerated(raw, i):
                keep[i] = False  # spaces are put back from the gaps, as pdfplumber does
    index = np.flatnonzero(keep)
    m = len(index)
    if not m:
        return None, unmapped
    if _mostly_unmapped(raw, index):
        return None, n  # the page goes to pdfplumber, whose cid codes say so (see pdf._read_pages)
    boxes = np.zeros(4 * m, dtype=np.float32)  # FS_RECTF: left, top, right, bottom (a numpy buffer: a ctypes
    base = _address(boxes)  # array type of a new length per page costs more than the buffer)
    box = _proto("FPDFText_GetLooseCharBox", ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)
    for _ in map(box, repeat(ctypes.cast(raw, ctypes.c_void_p).value, m), index.tolist(),
                 range(base, base + 16 * m, 16)):
        pass
    b = boxes.reshape(m, 4).astype(np.float64)
    return _Chars(codes[index], index, height - b[:, 1], b[:, 0], b[:, 2], height - b[:, 3]), unmapped


#: Characters of a page asked whether PDFium found their Unicode value (spread over the page).
MAP_SAMPLE = 8


def _mostly_unmapped(raw: Any, index: Any) -> bool:
    """Whether most of :data:`MAP_SAMPLE` characters of the page (``index``: the kept ones) have no Unicode
    value PDFium could find (``FPDFText_HasUnicodeMapError``): a font without a ToUnicode map, whose text
    PDFium gives as its raw codes (control characters, or any character at all), not as an error."""
    import pypdfium2.raw as c

    if not hasattr(c, "FPDFText_HasUnicodeMapError"):  # an older PDFium
        return False
    step = max(len(index) // MAP_SAMPLE, 1)
    sample = index[::step][:MAP_SAMPLE].tolist()
    return sum(c.FPDFText_HasUnicodeMapError(raw, i) == 1 for i in sample) * 2 > len(sample)


def _page_line_parts(chars: _Chars, dups: List[Tuple[float, float]]
                     ) -> Iterator[Tuple[str, List[int], Tuple[float, float, float, float], int]]:
    """Each line's text, its visible characters (PDFium indices), their box and number. Lines with whitespace
    or with characters that may be fake-bold copies go through the character-by-character code."""
    import numpy as np

    b = chars.bounds
    starts = b[:-1]
    x0s = np.minimum.reduceat(chars.x0, starts).tolist()
    x1s = np.maximum.reduceat(chars.x1, starts).tolist()
    tops = np.minimum.reduceat(chars.top, starts).tolist()
    bottoms = np.maximum.reduceat(chars.bottom, starts).tolist()
    gaps = chars.gaps
    g = 0
    for k in range(len(starts)):
        s, e = b[k], b[k + 1]
        text = chars.text[s:e]
        if k in chars.close or RE_WHITESPACE.search(text):
            cl = _drop_fake_bold(chars.tuples(s, e), dups)
            line_text = _line_text(cl)
            visible = [t for t in cl if not t[4].isspace()]
            if line_text and visible:
                yield line_text, [t[5] for t in visible], (min(t[1] for t in visible), max(t[2] for t in visible),
                                                           min(t[0] for t in visible), max(t[3] for t in visible)), \
                    len(visible)
        else:
            cuts = []
            while g < len(gaps) and gaps[g] < e - 1:
                if gaps[g] >= s:
                    cuts.append(gaps[g] + 1 - s)
                g += 1
            if cuts:
                text = " ".join(text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)]))
            yield text, chars.index[s:e], (x0s[k], x1s[k], tops[k], bottoms[k]), e - s
        while g < len(gaps) and gaps[g] < e - 1:
            g += 1


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


def has_paths(page: Any) -> bool:
    """Whether a page draws lines or boxes, on the page or in a form XObject on it (only such pages can hold
    a ruled table)."""
    return PageObjects(page).paths


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
    return PageObjects(page).text_boxes()


#: Text objects of a page up to which their sorted tops are looked at before their twins are sought.
_FEW = 256


class PageObjects:
    """A page's objects, listed once for :func:`has_paths` (``paths``) and :func:`text_objects`
    (:meth:`text_boxes`).

    Attributes:
        paths: Whether the page draws lines or boxes, on the page or in a form XObject on it.
        texts: The page's own text objects.
        no_text: Whether the page holds no text at all: neither a text object nor a form XObject
            (which may hold text of its own).
        graphics: Whether the page draws images or paths of its own (what pdfplumber's ``images``,
            ``rects``, ``curves`` and ``lines`` of a page without forms hold).
    """

    def __init__(self, page: Any) -> None:
        import ctypes
        from itertools import repeat

        import pypdfium2.raw as c

        self.page = page
        raw = page.raw
        n = c.FPDFPage_CountObjects(raw)
        address = ctypes.cast(raw, ctypes.c_void_p).value
        get_obj = _proto("FPDFPage_GetObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
        get_type = _proto("FPDFPageObj_GetType", ctypes.c_int, ctypes.c_void_p)
        objs = list(map(get_obj, repeat(address, n), range(n)))
        types = list(map(get_type, objs))
        text, form = c.FPDF_PAGEOBJ_TEXT, c.FPDF_PAGEOBJ_FORM
        has_forms = form in types
        self.paths = c.FPDF_PAGEOBJ_PATH in types or has_forms and any(
            _form_has_paths(obj) for obj, kind in zip(objs, types) if kind == form)
        self.texts = [obj for obj, kind in zip(objs, types) if kind == text]
        self.no_text = not self.texts and not has_forms
        self.graphics = c.FPDF_PAGEOBJ_PATH in types or c.FPDF_PAGEOBJ_IMAGE in types

    def text_boxes(self) -> Tuple[bool, List[Tuple[float, float, float, float]]]:
        """``(dropped, bold_boxes)`` of :func:`text_objects`."""
        import ctypes

        import numpy as np

        k = len(self.texts)
        if not k:
            return False, []
        get_bounds = _proto("FPDFPageObj_GetBounds", ctypes.c_int, *[ctypes.c_void_p] * 5)
        quads = np.zeros(4 * k, dtype=np.float32)  # left, bottom, right, top
        base = _address(quads)
        end = base + 16 * k
        ok = list(map(get_bounds, self.texts, range(base, end, 16), range(base + 4, end, 16),
                      range(base + 8, end, 16), range(base + 12, end, 16)))
        rows = quads.reshape(k, 4).tolist()
        if not all(ok):
            rows = [row for row, good in zip(rows, ok) if good]
        height = float(self.page.get_height())
        if len(rows) > _FEW or not np.isfinite(quads).all():  # many objects, or a box int() refuses as before
            return _twins(rows, height)
        return _twins_few(rows, height)


def _form_has_paths(obj: Any) -> bool:
    import ctypes

    import pypdfium2.raw as c

    count = _proto("FPDFFormObj_CountObjects", ctypes.c_int, ctypes.c_void_p)
    get = _proto("FPDFFormObj_GetObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_ulong)
    get_type = _proto("FPDFPageObj_GetType", ctypes.c_int, ctypes.c_void_p)
    return any(get_type(get(obj, j)) == c.FPDF_PAGEOBJ_PATH for j in range(count(obj)))


def _twins_few(quads: List[List[float]], height: float) -> Tuple[bool, List[Tuple[float, float, float, float]]]:
    """What :func:`_twins` gives, for the bounds ``quads`` (left, bottom, right, top) of a page with few
    objects: none at once when a look at the sorted tops finds no two within the tolerance (most pages),
    else :func:`_twins`."""
    if any(x1 - x0 < 0.01 for x0, _, x1, _ in quads):
        return True, []
    tops = sorted(height - y1 for _, _, _, y1 in quads)
    if all(b - a > DEDUPE_TOLERANCE for a, b in zip(tops, tops[1:])):  # no two tops within the tolerance: no twins
        return False, []
    return _twins(quads, height)


def _twins(quads: List[List[float]], height: float) -> Tuple[bool, List[Tuple[float, float, float, float]]]:
    """``(dropped, bold_boxes)`` of :func:`text_objects` from the objects' bounds (left, bottom, right, top),
    one object at a time, the objects near each sought in a grid of 1-pt cells."""
    boxes: Dict[Tuple[int, int], List[Tuple[float, float, float, float]]] = {}
    bold: List[Tuple[float, float, float, float]] = []
    tol = DEDUPE_TOLERANCE
    for x0, y0, x1, y1 in quads:
        if x1 - x0 < 0.01:
            return True, []
        b = (x0, height - y1, x1, height - y0)
        key = (int(x0), int(b[1]))
        twin = False
        for kx in (key[0] - 1, key[0], key[0] + 1):
            for ky in (key[1] - 1, key[1], key[1] + 1):
                for o in boxes.get((kx, ky), ()):
                    if abs(o[0] - b[0]) <= tol and abs(o[1] - b[1]) <= tol and abs(o[2] - b[2]) <= tol \
                            and abs(o[3] - b[3]) <= tol:
                        twin = True
        if twin:
            bold.append(b)
        else:
            boxes.setdefault(key, []).append(b)
    return False, bold
