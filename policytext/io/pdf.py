"""PDF reader (PDFium by default, pdfplumber as ``engine="pdfplumber"``): lines, furniture, paragraphs, headings.

The lines of a page come from PDFium (:mod:`.pdf_pdfium`, about 20 times faster) or from pdfplumber;
a page PDFium finds no text on, or with a text object PDFium leaves out, is read by pdfplumber.

Steps, page by page:

1. duplicated characters drawn to fake bold are removed (the same test as
   pdfplumber's ``dedupe_chars``), and lines that had them are marked bold;
2. lines are extracted with their font size, weight and font family;
3. running headers and footers (lines repeating at the top or bottom of the
   pages) and page numbers (``— 3 —``, ``- 3 -``, ``第3页``, ``第 3 页 共 5 页``,
   bare digits) are dropped;
4. lines are joined into paragraphs the Chinese way: no space between CJK
   characters; a line that stops short of the right margin or ends with
   ``。；：！？`` ends a paragraph, an indented line or one starting with an
   outline marker starts one; a paragraph may run on to the next page;
5. paragraphs in a larger or bolder style than the body text become headings
   (``heading_level``), the largest lines at the top of page 1 the title.

Pages without a text layer give a warning; a PDF without any text raises
:class:`~policytext.errors.ScannedDocumentError`.
"""
from __future__ import annotations

import functools
import io
import re
import time
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..errors import (CorruptDocumentError, DocumentLoadError, DocumentTooLargeError, DocumentWarning,
                      EncryptedDocumentError, ScannedDocumentError)
from .limits import MAX_STREAM_BYTES, bounded_streams
from ..types import Block, Extracted

__all__ = ["read_pdf", "is_page_number", "RE_PAGE_NUMBER", "ENGINES"]

#: Page-number lines: ``— 3 —``, ``- 3 -``, ``第3页``, ``第 3 页 共 5 页``, ``3/5``, ``Page 3``, ``3``.
RE_PAGE_NUMBER = re.compile(
    r"^\s*(?:"
    r"[-—–－―‒~·•_]+\s*\d{1,4}\s*[-—–－―‒~·•_]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，、/]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*[,，、/]?\s*第\s*\d{1,4}\s*页"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}"
    r")\s*$",
    re.I,
)
RE_PARA_END = re.compile(r"[。；：！？!?][”’」』）)\]]*\s*$")
RE_OUTLINE_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十百]{1,3}、"
    r"|[（(][一二三四五六七八九十百]{1,3}[）)]"
    r"|[（(]\d{1,2}[）)]"
    r"|\d{1,2}[.．、](?!\d)"
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十百\d]{1,3}[章节条部分篇]"
    r"|附件\s*\d*[:：]?)"
)
RE_BOLD_FONT = re.compile(r"bold|heavy|black|semibold|demi|黑体|hei(?!ght)", re.I)
RE_CID = re.compile(r"\(cid:\d+\)")
RE_DIGITS = re.compile(r"\d+")
RE_SPACES = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[A-Za-z]")

#: Share of the page height where running headers/footers are looked for.
MARGIN_BAND = 0.15
#: Lines looked at, at each end of a page, for headers/footers.
EDGE_LINES = 2


@dataclass
class _Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    font: str
    page_height: float
    index: int = 0  # position on its page
    group: int = 0  # reading group on its page: a page in two columns is read band by band, column by column
    column: int = 0  # 1 or 2 for the left or right column of such a page, else 0
    zone: str = ""  # "top"/"bottom" when among the edge lines in the margin band
    table: bool = False  # a row of a ruled table (its cells joined by tabs), a paragraph of its own
    #: size (to half a point), weight and font family: what body text, headings and paragraphs are told by
    style: Tuple[float, bool, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.style = (round(self.size * 2) / 2, self.bold, self.font)


@dataclass
class _Para:
    lines: List[_Line] = field(default_factory=list)
    text: str = ""


def is_page_number(text: str) -> bool:
    """Whether a line is nothing but a page number.

    Example:
        >>> [is_page_number(s) for s in ("— 3 —", "- 12 -", "第 3 页 共 5 页", "7", "2023年")]
        [True, True, True, True, False]
    """
    return bool(RE_PAGE_NUMBER.match(text))


@functools.lru_cache(maxsize=1024)
def _font_family(name: str) -> str:
    name = name.split("+", 1)[-1]  # subset prefix ABCDEF+SimSun
    return re.split(r"[-,]", name, maxsplit=1)[0].lower()


def _dedupe(chars: List[dict], tolerance: float = 1.0) -> Tuple[List[dict], set]:
    """pdfplumber's ``dedupe_chars`` (same keys and tolerance) in O(n log n); also returns the ids of removed chars."""
    from pdfplumber.utils import cluster_objects

    order = {id(c): i for i, c in enumerate(chars)}
    groups: Dict[Tuple, List[dict]] = {}
    for c in chars:
        groups.setdefault((c.get("upright"), c.get("text"), c.get("fontname"), c.get("size")), []).append(c)
    kept = []
    for grp in groups.values():
        if len(grp) == 1:
            kept.append(grp[0])
            continue
        for y_cluster in cluster_objects(grp, lambda c: c["doctop"], tolerance):
            for x_cluster in cluster_objects(y_cluster, lambda c: c["x0"], tolerance):
                kept.append(min(x_cluster, key=lambda c: (c["doctop"], c["x0"])))
    kept.sort(key=lambda c: order[id(c)])
    kept_ids = {id(c) for c in kept}
    removed = {id(c) for c in chars if id(c) not in kept_ids}
    return kept, removed


def _page_lines(page: Any, page_no: int) -> Tuple[List[_Line], bool]:
    """Lines of a page and whether it has graphics (images, shapes)."""
    chars = page.chars
    has_graphics = bool(page.images or page.rects or page.curves or page.lines)
    if not chars:
        return [], has_graphics
    kept, removed_ids = _dedupe(chars)
    if removed_ids:
        removed = [c for c in chars if id(c) in removed_ids]
        kept_ids = {id(c) for c in kept}
        page = page.filter(lambda obj: obj.get("object_type") != "char" or id(obj) in kept_ids)
    else:
        removed = []
    lines: List[_Line] = []
    for gi, (part, column) in enumerate(_column_pages(page, kept)):  # a page set in two columns: one after the other
        raw_lines = part.extract_text_lines(strip=True, return_chars=True, x_tolerance=3, y_tolerance=3)
        lines.extend(_plumber_lines(raw_lines, removed, page_no, float(page.height), gi, column))
    return _mark_edges(lines), has_graphics


def _column_pages(page: Any, chars: List[dict]) -> List[Tuple[Any, int]]:
    """The page as one part (column 0), or, set in two columns (:func:`pdf_columns.find_gutter`), the parts of
    :func:`pdf_columns.reading_groups` with their column, each holding its characters (and every other object)."""
    import numpy as np

    from .pdf_columns import find_gutter, reading_groups

    x0, x1, top = (np.array([float(c[k]) for c in chars]) for k in ("x0", "x1", "top"))
    gutter = find_gutter(x0, x1, top, float(page.width))
    if gutter is None:
        return [(page, 0)]
    out = []
    for g, column in reading_groups(x0, x1, top, gutter):
        ids = {id(chars[i]) for i in g.tolist()}
        out.append((page.filter(lambda obj, ids=ids: obj.get("object_type") != "char" or id(obj) in ids), column))
    return out


def _plumber_lines(raw_lines: List[dict], removed: List[dict], page_no: int, height: float, group: int,
                   column: int) -> List[_Line]:
    """pdfplumber's text lines as :class:`_Line` objects (``removed``: the fake-bold copies dropped)."""
    lines: List[_Line] = []
    for raw in raw_lines:
        text = raw["text"]
        lchars = [c for c in raw["chars"] if c.get("text", "").strip()]
        if not text.strip() or not lchars:
            continue
        sizes = Counter(round(float(c.get("size", 0)), 1) for c in lchars)
        size = sizes.most_common(1)[0][0]
        fonts = Counter(c.get("fontname", "") for c in lchars)
        font = fonts.most_common(1)[0][0]
        bold_by_font = sum(n for f, n in fonts.items() if RE_BOLD_FONT.search(f.split("+", 1)[-1])) > len(lchars) / 2
        dups = sum(1 for c in removed
                   if raw["top"] - 1 <= c["top"] <= raw["bottom"] + 1 and raw["x0"] - 2 <= c["x0"] <= raw["x1"] + 2)
        lines.append(_Line(text=text, page=page_no, x0=float(raw["x0"]), x1=float(raw["x1"]),
                           top=float(raw["top"]), bottom=float(raw["bottom"]), size=float(size),
                           bold=bold_by_font or dups >= len(lchars) / 2, font=_font_family(font),
                           page_height=height, group=group, column=column))
    return lines


def _mark_edges(lines: List[_Line]) -> List[_Line]:
    """Sort a page's lines top to bottom, number them and mark the edge lines in the margin bands."""
    lines.sort(key=lambda ln: (ln.group, ln.top, ln.x0))
    for i, ln in enumerate(lines):
        ln.index = i
    n = len(lines)
    for ln in lines[:EDGE_LINES]:
        if ln.bottom <= ln.page_height * MARGIN_BAND:
            ln.zone = "top"
    for ln in lines[max(0, n - EDGE_LINES):]:
        if ln.top >= ln.page_height * (1 - MARGIN_BAND) and not ln.zone:
            ln.zone = "bottom"
    return lines


def _furniture_key(line: _Line) -> str:
    return RE_DIGITS.sub("#", RE_SPACES.sub("", line.text))


def _drop_furniture(pages: Sequence[List[_Line]]) -> List[List[_Line]]:
    """Remove running headers/footers and page numbers (the key of each edge line made once)."""
    text_pages = [p for p in pages if p]
    # the size is part of the key: a title that the running header repeats (石门市民政局2024年工作要点 in 22 pt on
    # page 1, in 9 pt at the head of the others) is no header on page 1
    keys = {id(ln): (ln.zone, _furniture_key(ln), ln.style[0]) for lines in text_pages for ln in lines if ln.zone}
    counts: Counter = Counter()
    for lines in text_pages:
        counts.update({keys[id(ln)] for ln in lines if ln.zone})
    need = max(2, (len(text_pages) + 1) // 2)
    out = []
    for lines in pages:
        kept = []
        for ln in lines:
            if ln.zone and (is_page_number(ln.text) or (len(text_pages) >= 2 and counts[keys[id(ln)]] >= need)):
                continue
            kept.append(ln)
        out.append(kept)
    return out


def _percentile(values: List[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return 0.0
    k = min(len(values) - 1, max(0, int(round(q * (len(values) - 1)))))
    return values[k]


def _join(a: str, b: str) -> str:
    """``a`` and ``b`` joined, with a space between two ASCII letters (a text ending in a CJK character, the
    usual case, fails ``isascii`` before the regex is tried)."""
    if a and b and a[-1].isascii() and _ASCII_WORD.match(a[-1]) and _ASCII_WORD.match(b[0]):
        return a + " " + b
    return a + b


#: The first line of a footnote printed at a page's foot: ①, ⑴, *, ※, 注：, 注1：, [1], or a number before the text.
RE_FOOTNOTE = re.compile(r"^\s*(?:[①-⑳⑴-⒇]|[＊*※]|注\s*\d{0,2}\s*[：:.．]|[\[［]\d{1,2}[\]］]|\d{1,2}\s*(?=[\u4e00-\u9fff]))")


def _footnotes(lines: List[_Line], body_size: float) -> int:
    """How many lines at the end of a page are its footnotes: lines in the lower half of the page, in a type at
    least a point smaller than the body's, up to its foot, the first of them opening with a footnote mark."""
    k = len(lines)
    while k > 0 and lines[k - 1].size <= body_size - 1 and lines[k - 1].top >= lines[k - 1].page_height / 2 \
            and not lines[k - 1].table:
        k -= 1
    for i in range(k, len(lines)):
        if RE_FOOTNOTE.match(lines[i].text):
            return len(lines) - i
    return 0


def _paragraphs(pages: Sequence[List[_Line]], body_style: Tuple[float, bool, str]) -> List[_Para]:
    body_lines = [ln for lines in pages for ln in lines if ln.style == body_style] or \
                 [ln for lines in pages for ln in lines]
    left = _percentile([ln.x0 for ln in body_lines], 0.1)
    right = _percentile([ln.x1 for ln in body_lines], 0.9)
    edges = {0: (left, right)}  # the margins of each column of pages set in two (see pdf_columns)
    for column in {ln.column for lines in pages for ln in lines} - {0}:
        own = [ln for ln in body_lines if ln.column == column] or \
              [ln for lines in pages for ln in lines if ln.column == column]
        edges[column] = (_percentile([ln.x0 for ln in own], 0.1), _percentile([ln.x1 for ln in own], 0.9))
    # Documents whose paragraphs start indented (most Chinese official documents) mark paragraph starts by
    # the indent, so a full line that happens to end with 。 does not end its paragraph.
    indented = sum(1 for ln in body_lines if 1.5 * ln.size <= ln.x0 - left <= 2.6 * ln.size)  # a 2-character indent
    uses_indent = indented >= 2
    paras: List[_Para] = []
    cur: Optional[_Para] = None
    prev: Optional[_Line] = None
    # a page's footnotes wait until the paragraph that runs on over them ends, so that it is read whole
    pending: List[_Para] = []
    for page_lines in pages:
        n_notes = _footnotes(page_lines, body_style[0])
        lines, notes = page_lines[:len(page_lines) - n_notes], page_lines[len(page_lines) - n_notes:]
        # so do the lines of a header printed on this page only (a stamp, 内部资料), in small type at its head
        while lines and lines[0].zone == "top" and lines[0].size <= body_style[0] - 1 and not lines[0].table \
                and cur is not None:
            pending.append(_Para(lines=[lines[0]], text=lines[0].text.strip()))
            lines = lines[1:]
        for ln in lines:
            em = max(ln.size, 1.0)
            left, right = edges[ln.column]
            new = (
                cur is None or prev is None
                or ln.style != prev.style or ln.table or prev.table
                or (not uses_indent and bool(RE_PARA_END.search(prev.text)))
                or prev.x1 < edges[prev.column][1] - 1.5 * em
                or prev.x0 > edges[prev.column][0] + 2.5 * em and ln.x0 < prev.x0 - em  # a centred line before
                or ln.x0 > left + 0.9 * em
                or bool(RE_OUTLINE_START.match(ln.text))
                or (ln.page == prev.page and ln.top - prev.bottom > 1.6 * em)  # a blank line between
            )
            if new:
                paras.extend(pending)
                pending = []
                cur = _Para(lines=[ln], text=ln.text.strip())
                paras.append(cur)
            else:
                assert cur is not None
                cur.lines.append(ln)
                cur.text = _join(cur.text, ln.text.strip())
            prev = ln
        for ln in notes:
            if RE_FOOTNOTE.match(ln.text) or not pending:
                pending.append(_Para(lines=[ln], text=ln.text.strip()))
            else:
                pending[-1].lines.append(ln)
                pending[-1].text = _join(pending[-1].text, ln.text.strip())
    paras.extend(pending)
    return paras


def _assign_headings(paras: List[_Para], body_style: Tuple[float, bool, str]) -> List[Tuple[Optional[int], str]]:
    """``(heading_level, kind)`` per paragraph, from font size, weight and family."""
    body_size, body_bold, body_font = body_style
    title_idx: set = set()
    first_page = [i for i, p in enumerate(paras) if p.lines[0].page == paras[0].lines[0].page] if paras else []
    if first_page:
        biggest = max(paras[i].lines[0].size for i in first_page)
        if biggest >= body_size + 2:
            for i in first_page:
                if paras[i].lines[0].size == biggest and len(paras[i].text) <= 80:
                    title_idx.add(i)
                elif title_idx:
                    break
    heading_styles: List[Tuple[float, bool, str]] = []
    is_heading: Dict[int, Tuple[float, bool, str]] = {}
    for i, p in enumerate(paras):
        if i in title_idx or p.lines[0].table:
            continue
        ln = p.lines[0]
        style = ln.style
        if style == body_style or len(p.text) > 60 or RE_PARA_END.search(p.text[-1:] or "") and len(p.text) > 30:
            continue
        larger = ln.size >= body_size + 0.9
        bolder = ln.bold and not body_bold
        other_font = ln.font != body_font and abs(ln.size - body_size) < 0.9 and len(p.text) <= 40
        if larger or bolder or other_font:
            is_heading[i] = style
            if style not in heading_styles:
                heading_styles.append(style)
    order = sorted(heading_styles, key=lambda s: (-s[0], not s[1], heading_styles.index(s)))
    rank = {s: k + 1 for k, s in enumerate(order)}
    out: List[Tuple[Optional[int], str]] = []
    for i in range(len(paras)):
        if paras[i].lines[0].table:
            out.append((None, "table"))
        elif i in title_idx:
            out.append((None, "title"))
        elif i in is_heading:
            out.append((rank[is_heading[i]], "paragraph"))
        else:
            out.append((None, "paragraph"))
    return out


def _classify_open_error(exc: BaseException, source: str) -> Exception:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    if isinstance(inner, PDFPasswordIncorrect):
        return EncryptedDocumentError(source, "the PDF is encrypted with a password; remove the password first "
                                              "(e.g. qpdf --decrypt --password=… in.pdf out.pdf)")
    if isinstance(inner, PDFEncryptionError):
        return EncryptedDocumentError(source, f"the PDF is encrypted in a way that cannot be read ({inner})")
    return CorruptDocumentError(source, f"damaged PDF ({type(inner).__name__}: {inner})")


def _bomb(source: str) -> DocumentTooLargeError:
    return DocumentTooLargeError(source, f"decompression bomb: a compressed PDF stream unpacks to more than "
                                         f"{MAX_STREAM_BYTES} bytes")


class _Plumber:
    """The pdfplumber document, opened on first use (the fallback of the PDFium engine, or the engine)."""

    def __init__(self, data: bytes, source: str) -> None:
        self.data, self.source, self.pdf = data, source, None

    def open(self) -> Any:
        if self.pdf is None:
            import pdfplumber

            try:
                self.pdf = pdfplumber.open(io.BytesIO(self.data), password="")
            except Exception as e:  # pdfplumber wraps every pdfminer failure in PdfminerException
                raise _classify_open_error(e, self.source) from None
        return self.pdf

    def close(self) -> None:
        if self.pdf is not None:
            try:  # an error while closing never replaces the real one
                self.pdf.close()
            except Exception:
                pass


def _plumber_page(plumber: _Plumber, page_no: int) -> Tuple[List[_Line], bool]:
    page = plumber.open().pages[page_no - 1]
    try:
        return _page_lines(page, page_no)
    finally:
        try:
            page.close()
        except Exception:
            pass


def _pdfium_page(doc: Any, plumber: _Plumber, page_no: int, ruled: List[int]) -> Tuple[List[_Line], bool]:
    """A page from PDFium; a page where PDFium finds no mapped text is read again by pdfplumber, so that
    pages without text (fonts without a Unicode map) get the same verdict and warnings in both engines;
    so is a page with a text object PDFium leaves out (see :func:`pdf_pdfium.text_objects`). A page that
    draws images or paths and holds no text object and no form XObject (a scan) has no text for pdfplumber
    either: it is taken as a page without a text layer at once, without pdfminer parsing it again. (A page
    with nothing at all on it still goes to pdfplumber, whose stream limit tells a decompression bomb from
    an empty page.) A page that draws lines or boxes is added to ``ruled`` (it may hold a ruled table)."""
    from . import pdf_pdfium

    page = doc[page_no - 1]
    try:
        objects = pdf_pdfium.PageObjects(page)
        if objects.paths:
            ruled.append(page_no)
        if objects.no_text and objects.graphics:
            return [], True
        dropped, bold_boxes = objects.text_boxes()
        if dropped:
            lines, n_chars, unmapped = [], 0, 0
        else:
            lines, n_chars, unmapped = pdf_pdfium.page_lines(page, page_no, _Line, RE_BOLD_FONT, _font_family,
                                                             bold_boxes)
    finally:
        page.close()
    if not lines or unmapped * 6 > max(n_chars, 1):
        return _plumber_page(plumber, page_no)
    return _mark_edges(lines), False


def _mostly_cid_codes(lines: Sequence[_Line]) -> bool:
    """Whether over a sixth of the characters of a page are cid codes (``(cid:12)``: pdfminer's text for a
    character of a font without a Unicode map), each counted as one character.

    Example:
        >>> line = lambda text: _Line(text, 1, 72, 520, 90, 102, 12.0, False, "song", 842)
        >>> _mostly_cid_codes([line("(cid:3)(cid:4)，民政")]), _mostly_cid_codes([line("提高城乡低保标准(cid:9)，做好救助")])
        (True, False)
    """
    if not any("(cid:" in ln.text for ln in lines):  # most pages: counted only on a page that has one
        return False
    codes = [code for ln in lines for code in RE_CID.findall(ln.text)]
    chars = sum(len(ln.text) for ln in lines) - sum(map(len, codes)) + len(codes)
    return len(codes) * 6 > chars


def _read_pages(n_pages: int, get_page: Any, source: str, max_pages: int, timeout: float, warn: List[str],
                pages: List[List[_Line]], textless: Dict[str, int], tripped: Any) -> int:
    """Extract the lines of every page into ``pages``; return the number of pages that failed. ``textless``
    counts the pages without text by reason: ``"scan"`` (no text layer), ``"cid"`` (no Unicode map)."""
    deadline = time.monotonic() + timeout
    if n_pages == 0:
        raise CorruptDocumentError(source, "the PDF has no pages")
    if n_pages > max_pages:
        warn.append(f"{source}: only the first {max_pages} of {n_pages} pages were read (max_pages={max_pages})")
    failed = 0
    for page_no in range(1, min(n_pages, max_pages) + 1):
        if time.monotonic() > deadline:
            warn.append(f"{source}: stopped after page {page_no - 1} of {n_pages}: "
                        f"extraction took longer than {timeout:g} s")
            break
        try:
            lines, graphics = get_page(page_no)
        except DocumentLoadError:
            raise
        except Exception as e:  # pdfminer (or PDFium) on a damaged page
            if tripped() is not None:
                raise _bomb(source) from None
            failed += 1
            warn.append(f"{source}: page {page_no} could not be read ({type(e).__name__}: {e})")
            lines, graphics = [], False
        if lines and _mostly_cid_codes(lines):
            textless["cid"] = textless.get("cid", 0) + 1
            warn.append(f"{source}: page {page_no} has a text layer without a Unicode map (cid codes); "
                        f"its text is missing — OCR it")
            lines = []
        elif not lines and graphics:
            textless["scan"] = textless.get("scan", 0) + 1
            warn.append(f"{source}: page {page_no} has no text layer (a scanned image?); "
                        f"its text is missing — OCR it")
        pages.append(lines)
    return failed


def _n_plumber_pages(plumber: _Plumber, source: str, tripped: Any) -> int:
    pdf = plumber.open()
    try:
        return len(pdf.pages)
    except Exception as e:
        if tripped() is not None:
            raise _bomb(source) from None
        raise _classify_open_error(e, source) from None


def _ruled_tables(plumber: _Plumber, page_numbers: Sequence[int], pages: List[List[_Line]]) -> Tuple[Any, ...]:
    """pdfplumber's table finder on the pages that may hold ruled tables; on a page with one, the lines the
    engine read across its cells give way to one line per row (``_Line.table``)."""
    from .pdf_tables import page_tables, with_table_rows

    tables: List[Any] = []
    for n in page_numbers:
        page = plumber.open().pages[n - 1]
        try:
            layouts: List[Any] = []
            tables.extend(page_tables(page, page_number=n, start_index=len(tables), boxes=layouts))
            if layouts and n <= len(pages):
                pages[n - 1] = with_table_rows(pages[n - 1], layouts, _row_line)
        finally:
            try:
                page.close()
            except Exception:
                pass
    return tuple(tables)


def _row_line(like: _Line, text: str, box: Tuple[float, float, float, float]) -> _Line:
    return _Line(text=text, page=like.page, x0=box[0], x1=box[2], top=box[1], bottom=box[3], size=like.size,
                 bold=False, font=like.font, page_height=like.page_height, group=like.group, column=like.column,
                 table=True)


def _open_pdfium(data: bytes, source: str) -> Any:
    from . import pdf_pdfium

    try:
        return pdf_pdfium.open_document(data)
    except pdf_pdfium.PdfiumOpenError as e:
        if pdf_pdfium.is_password_error(e):
            raise EncryptedDocumentError(source, "the PDF is encrypted with a password; remove the password "
                                                 "first (e.g. qpdf --decrypt --password=… in.pdf out.pdf)") from None
        if pdf_pdfium.is_security_error(e):
            raise EncryptedDocumentError(source, f"the PDF is encrypted in a way that cannot be read ({e})") from None
        raise CorruptDocumentError(source, f"damaged PDF ({e})") from None


#: PDF engines: ``pdfium`` (pypdfium2, the default: about 20 times faster) and ``pdfplumber`` (pdfminer).
ENGINES = ("pdfium", "pdfplumber")


def read_pdf(data: bytes, *, source: str = "<bytes>", format: str = "pdf", options: Any = None) -> Extracted:
    """Read a PDF's text layer into paragraphs with page numbers and heading levels.

    Args:
        data: The bytes of the PDF.
        source: File name for messages.
        format: Reported format.
        options: A :class:`policytext.io.ReadOptions` (``max_pages``, ``timeout``, ``engine``: ``"pdfium"``,
            the default, or ``"pdfplumber"``).
    Raises:
        EncryptedDocumentError: The PDF needs a password.
        ScannedDocumentError: No page has a text layer.
        CorruptDocumentError: Truncated or damaged.

    Example:
        >>> import io
        >>> from reportlab.pdfgen import canvas
        >>> from reportlab.pdfbase import pdfmetrics
        >>> from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        >>> pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        >>> buf = io.BytesIO(); c = canvas.Canvas(buf, invariant=1); c.setFont("STSong-Light", 12)
        >>> c.drawString(72, 700, "一、总体要求"); c.drawString(72, 60, "— 1 —"); c.save()
        >>> [(b.text, b.page) for b in read_pdf(buf.getvalue()).blocks]
        [('一、总体要求', 1)]
    """
    max_pages = getattr(options, "max_pages", 2000)
    timeout = getattr(options, "timeout", 120.0)
    if data.rfind(b"%%EOF") < 0:
        raise CorruptDocumentError(source, "truncated PDF: the end-of-file marker %%EOF is missing")
    engine = getattr(options, "engine", "pdfium") or "pdfium"
    if engine not in ENGINES:
        raise ValueError(f"`engine`={engine!r} is invalid; must be one of {set(ENGINES)}")
    if engine == "pdfium":
        try:
            import pypdfium2  # noqa: F401
        except ImportError:  # pragma: no cover - a core dependency (through pdfplumber)
            engine = "pdfplumber"
    warn: List[str] = []
    pages: List[List[_Line]] = []
    textless: Dict[str, int] = {}
    failed = 0
    plumber = _Plumber(data, source)
    with bounded_streams(MAX_STREAM_BYTES) as tripped:
        try:
            try:
                if engine == "pdfium":
                    doc = _open_pdfium(data, source)
                    ruled: List[int] = []
                    try:
                        failed = _read_pages(len(doc), lambda n: _pdfium_page(doc, plumber, n, ruled), source,
                                             max_pages, timeout, warn, pages, textless, tripped)
                    finally:
                        doc.close()
                else:
                    n_pages = _n_plumber_pages(plumber, source, tripped)
                    failed = _read_pages(n_pages, lambda n: _plumber_page(plumber, n), source, max_pages, timeout,
                                         warn, pages, textless, tripped)
                    ruled = list(range(1, len(pages) + 1))
                tables = _ruled_tables(plumber, ruled, pages)
            finally:
                plumber.close()
        except (DocumentLoadError, MemoryError, RecursionError):
            raise
        except Exception as e:
            if tripped() is not None:
                raise _bomb(source) from None
            raise _classify_open_error(e, source) from None
        if tripped() is not None:
            raise _bomb(source)
    if not any(pages):
        if failed == len(pages) and failed:
            raise CorruptDocumentError(source, f"damaged PDF: none of its {failed} pages could be read")
        if textless.get("cid") and not textless.get("scan"):
            raise ScannedDocumentError(source, f"no readable text on any of its {len(pages)} page(s): the text layer "
                                               f"has no Unicode map (its fonts give cid codes, not characters); run "
                                               f"OCR first (e.g. ocrmypdf --force-ocr --language chi_sim)")
        raise ScannedDocumentError(source, f"no text layer on any of its {len(pages)} page(s): it is a scan or an "
                                           f"image; run OCR first (e.g. ocrmypdf --language chi_sim)")
    for w in warn:
        warnings.warn(w, DocumentWarning, stacklevel=3)
    pages = _drop_furniture(pages)
    style_chars: Counter = Counter()
    for lines in pages:
        for ln in lines:
            style_chars[ln.style] += len(ln.text)
    if not style_chars:
        raise CorruptDocumentError(source, "no text left once page headers, footers and numbers are removed")
    body_style = style_chars.most_common(1)[0][0]
    paras = _paragraphs(pages, body_style)
    kinds = _assign_headings(paras, body_style)
    text, blocks, title = _assemble(paras, kinds)
    return Extracted(text=text, blocks=blocks, source=source, format=format, title=title,
                     warnings=tuple(warn), tables=tables)


def _assemble(paras: Sequence[Any], kinds: Sequence[Tuple[Optional[int], str]]
              ) -> Tuple[str, Tuple[Block, ...], Optional[str]]:
    """The document text (paragraphs joined by line breaks), its blocks and the title from the title lines."""
    blocks: List[Block] = []
    parts: List[str] = []
    pos = 0
    title = None
    for para, (level, kind) in zip(paras, kinds):
        text = para.text.strip()
        if not text:
            continue
        if parts:
            parts.append("\n")
            pos += 1
        blocks.append(Block(text=text, start=pos, end=pos + len(text), page=para.lines[0].page,
                            heading_level=level, kind=kind))
        parts.append(text)
        pos += len(text)
    titles = [b.text for b in blocks if b.kind == "title"]
    if titles:
        title = "".join(titles) if all(len(t) < 30 for t in titles) else titles[0]
    return "".join(parts), tuple(blocks), title
