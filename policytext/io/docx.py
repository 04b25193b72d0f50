"""Word ``.docx`` reader: paragraphs and tables in order, automatic numbering restored.

python-docx gives the text of a paragraph but not the number Word draws in
front of it (``一、``, ``（一）``, ``1.``), which is where the outline of a work
plan lives. :class:`NumberingRenderer` reads ``word/numbering.xml`` and keeps
Word's counters (per list and level, restarts, start overrides) to put the
markers back.

The zip is checked before python-docx opens it: truncated or damaged files
raise :class:`~policytext.errors.CorruptDocumentError`, and so do zip bombs
(too much uncompressed data, or an implausible compression ratio).
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Any, Dict, Iterator, List, Optional, Tuple

from ..errors import CorruptDocumentError
from ..types import Block, Extracted, Table

__all__ = ["read_docx", "check_zip", "format_number", "NumberingRenderer",
           "MAX_UNCOMPRESSED", "MAX_RATIO"]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS

#: Largest total uncompressed size of the members of a .docx (bytes).
MAX_UNCOMPRESSED = 512 * 1024 * 1024
#: Largest compression ratio of a member bigger than :data:`_RATIO_MIN_SIZE`.
MAX_RATIO = 200
_RATIO_MIN_SIZE = 1024 * 1024
#: Most members a .docx may have.
MAX_MEMBERS = 10000
#: Largest uncompressed size of one member (part) of a .docx (bytes).
MAX_PART = 128 * 1024 * 1024
#: Counters above this are rendered as plain numbers whatever their format
#: (``upperLetter`` 2,000,000,000 would be 77 million letters).
MAX_STYLED_COUNTER = 9999

RE_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.I)
RE_TITLE_STYLE = re.compile(r"^(?:title|标题)$", re.I)
RE_LVL_PLACEHOLDER = re.compile(r"%([1-9])")

_ENCLOSED_CIRCLE = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ENCLOSED_FULLSTOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_ENCLOSED_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_IDEOGRAPH_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_IDEOGRAPH_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_DIGITS_CN = "〇一二三四五六七八九"


def check_zip(data: bytes, *, source: str = "<bytes>") -> None:
    """Refuse truncated, damaged or zip-bomb packages before anything unpacks them.

    Args:
        data: The bytes of the .docx.
        source: File name for messages.
    Raises:
        CorruptDocumentError: The zip cannot be read, has a bad member, or
            would unpack to more than :data:`MAX_UNCOMPRESSED` bytes or with a
            compression ratio above :data:`MAX_RATIO`.

    Example:
        >>> check_zip(b"PK\\x03\\x04 truncated", source="要点.docx")
        Traceback (most recent call last):
        ...
        policytext.errors.CorruptDocumentError: 要点.docx: truncated or damaged .docx (not a readable zip: File is not a zip file)
    """
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
        raise CorruptDocumentError(source, f"truncated or damaged .docx (not a readable zip: {e})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise CorruptDocumentError(source, f"suspicious .docx: {len(infos)} zip members "
                                               f"(more than {MAX_MEMBERS}); possibly a zip bomb")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_PART:
                raise CorruptDocumentError(
                    source, f"zip bomb: member {info.filename!r} would unpack to {info.file_size} bytes "
                            f"(limit {MAX_PART} per part)")
            if info.file_size >= _RATIO_MIN_SIZE:
                ratio = info.file_size / max(info.compress_size, 1)
                if ratio > MAX_RATIO:
                    raise CorruptDocumentError(
                        source, f"zip bomb: member {info.filename!r} would unpack {info.compress_size} bytes into "
                                f"{info.file_size} (ratio {ratio:.0f}, limit {MAX_RATIO})")
        if total > MAX_UNCOMPRESSED:
            raise CorruptDocumentError(source, f"zip bomb: the members would unpack to {total} bytes "
                                               f"(limit {MAX_UNCOMPRESSED})")
        if "word/document.xml" not in zf.namelist():
            raise CorruptDocumentError(source, "not a Word document: the package has no word/document.xml")
        try:
            bad = zf.testzip()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as e:
            raise CorruptDocumentError(source, f"damaged .docx: a zip member cannot be unpacked ({e})") from None
        if bad is not None:
            raise CorruptDocumentError(source, f"damaged .docx: zip member {bad!r} fails its CRC check")


# ------------------------------------------------------------------ number formats


def format_number(n: int, fmt: str) -> str:
    """Render counter ``n`` in Word number format ``fmt`` (``w:numFmt``).

    Example:
        >>> [format_number(n, "chineseCounting") for n in (1, 10, 12, 20)]
        ['一', '十', '十二', '二十']
        >>> format_number(3, "decimalEnclosedCircle"), format_number(2, "ideographTraditional")
        ('③', '乙')
        >>> format_number(28, "upperLetter"), format_number(4, "lowerRoman")
        ('BB', 'iv')

        Absurd counters (a list starting at 2,000,000,000) are plain numbers:

        >>> format_number(2_000_000_000, "upperLetter"), format_number(10**16, "chineseLegalSimplified")
        ('2000000000', '10000000000000000')
    """
    if n <= 0 and fmt not in ("decimal", "decimalZero"):
        return str(n)
    if n > MAX_STYLED_COUNTER and fmt not in ("decimal", "decimalZero"):
        return str(n)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "ideographLegalTraditional", "chineseLegalSimplified"):
        import cn2an

        if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
            return cn2an.an2cn(n, "up")
        if fmt == "chineseCounting" and n >= 100:
            return "".join(_DIGITS_CN[int(d)] for d in str(n))
        return cn2an.an2cn(n, "low")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS_CN[int(d)] for d in str(n))
    if fmt == "ideographTraditional":
        return _IDEOGRAPH_TRADITIONAL[(n - 1) % 10]
    if fmt == "ideographZodiac":
        return _IDEOGRAPH_ZODIAC[(n - 1) % 12]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _ENCLOSED_CIRCLE[n - 1] if n <= 20 else str(n)
    if fmt == "decimalEnclosedFullstop":
        return _ENCLOSED_FULLSTOP[n - 1] if n <= 20 else f"{n}."
    if fmt == "decimalEnclosedParen":
        return _ENCLOSED_PAREN[n - 1] if n <= 20 else f"({n})"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(n)  # decimal and anything unknown


def _roman(n: int) -> str:
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


# ------------------------------------------------------------------ numbering


def _val(el: Any, tag: str) -> Optional[str]:
    if el is None:
        return None
    child = el.find(W + tag)
    return None if child is None else child.get(W + "val")


def _int(v: Optional[str], default: Optional[int] = None) -> Optional[int]:
    try:
        return int(v) if v is not None else default
    except ValueError:
        return default


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: Optional[int] = None  # w:lvlRestart (1-based level), None = default
    legal: bool = False
    suffix: str = "tab"


@dataclass
class _Num:
    abstract_id: str
    start_overrides: Dict[int, int] = field(default_factory=dict)
    level_overrides: Dict[int, _Level] = field(default_factory=dict)


def _parse_level(lvl: Any, base: Optional[_Level] = None) -> _Level:
    out = _Level(**vars(base)) if base is not None else _Level()
    start = _int(_val(lvl, "start"))
    if start is not None:
        out.start = start
    fmt = _val(lvl, "numFmt")
    if fmt is not None:
        out.fmt = fmt
    text = lvl.find(W + "lvlText")
    if text is not None:
        out.text = text.get(W + "val") or ""
    restart = _int(_val(lvl, "lvlRestart"))
    if restart is not None:
        out.restart = restart
    if lvl.find(W + "isLgl") is not None:
        out.legal = True
    suff = _val(lvl, "suff")
    if suff is not None:
        out.suffix = suff
    return out


class NumberingRenderer:
    """Word's list counters: give each numbered paragraph its marker.

    Counters are kept per list (a ``w:num`` with start overrides is its own
    list; nums sharing an ``abstractNum`` without overrides continue one
    another, as Word does) and per level; when a level advances, the deeper
    levels restart (unless ``w:lvlRestart`` says otherwise).

    Example:
        >>> r = NumberingRenderer.from_xml(None)
        >>> r.marker("1", 0) is None
        True
    """

    def __init__(self, abstracts: Dict[str, Dict[int, _Level]], nums: Dict[str, _Num],
                 style_links: Dict[str, str]) -> None:
        self.abstracts = abstracts
        self.nums = nums
        self.style_links = style_links  # abstractNum id -> numId of the numbering style it links to
        self._counters: Dict[Any, Dict[int, int]] = {}

    @classmethod
    def from_xml(cls, numbering: Any, styles: Any = None) -> "NumberingRenderer":
        """Build from the ``w:numbering`` element (or ``None``) and the ``w:styles`` element."""
        abstracts: Dict[str, Dict[int, _Level]] = {}
        nums: Dict[str, _Num] = {}
        style_links: Dict[str, str] = {}
        if numbering is None:
            return cls(abstracts, nums, style_links)
        style_num: Dict[str, str] = {}
        if styles is not None:
            for st in styles.iter(W + "style"):
                numpr = st.find(f"{W}pPr/{W}numPr")
                nid = _val(numpr, "numId")
                if nid is not None:
                    style_num[st.get(W + "styleId") or ""] = nid
        for an in numbering.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            levels = {}
            for lvl in an.iter(W + "lvl"):
                levels[_int(lvl.get(W + "ilvl"), 0) or 0] = _parse_level(lvl)
            abstracts[aid] = levels
            link = _val(an, "numStyleLink")
            if link is not None and link in style_num:
                style_links[aid] = style_num[link]
        for num in numbering.iter(W + "num"):
            nid = num.get(W + "numId")
            entry = _Num(abstract_id=_val(num, "abstractNumId") or "")
            for ov in num.iter(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"), 0) or 0
                so = _int(_val(ov, "startOverride"))
                if so is not None:
                    entry.start_overrides[ilvl] = so
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    entry.level_overrides[ilvl] = lvl
            nums[nid] = entry
        return cls(abstracts, nums, style_links)

    def _levels(self, num_id: str, depth: int = 0) -> Tuple[Dict[int, _Level], Any]:
        num = self.nums.get(num_id)
        if num is None:
            return {}, None
        aid = num.abstract_id
        levels = self.abstracts.get(aid, {})
        if not levels and aid in self.style_links and depth < 3:  # numStyleLink -> the style's list
            linked_levels, key = self._levels(self.style_links[aid], depth + 1)
            levels, aid = linked_levels, key
        if num.level_overrides:
            levels = dict(levels)
            for ilvl, el in num.level_overrides.items():
                levels[ilvl] = _parse_level(el, levels.get(ilvl))
        key: Any = ("num", num_id) if (num.start_overrides or num.level_overrides) else ("abs", aid)
        return levels, key

    def marker(self, num_id: Optional[str], ilvl: int) -> Optional[Tuple[str, str]]:
        """Advance the counter of list ``num_id`` at level ``ilvl``; return ``(marker, suffix)``.

        ``None`` when the paragraph is not numbered (numId 0, an unknown list,
        a bullet or a level with no number).
        """
        if not num_id or num_id == "0":
            return None
        levels, key = self._levels(num_id)
        level = levels.get(ilvl)
        if level is None:
            return None
        num = self.nums[num_id]
        counters = self._counters.setdefault(key, {})
        if ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = num.start_overrides.get(ilvl, level.start)
        for deeper in [d for d in counters if d > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart == 0:
                continue
            if restart is None or ilvl < restart:
                del counters[deeper]
        if level.fmt in ("bullet", "none") or not level.text:
            return None

        def render(m: "re.Match[str]") -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            n = counters.get(k, num.start_overrides.get(k, lv.start))
            fmt = "decimal" if (level.legal and k != ilvl) else lv.fmt
            return format_number(n, fmt)

        return RE_LVL_PLACEHOLDER.sub(render, level.text), level.suffix


# ------------------------------------------------------------------ styles


class _Styles:
    """Style lookups through the ``basedOn`` chain: numbering, outline level, name."""

    def __init__(self, styles_el: Any) -> None:
        self.by_id: Dict[str, Any] = {}
        self.default_para: Optional[str] = None
        if styles_el is not None:
            for st in styles_el.iter(W + "style"):
                sid = st.get(W + "styleId")
                if sid:
                    self.by_id[sid] = st
                    if st.get(W + "type") == "paragraph" and st.get(W + "default") in ("1", "true"):
                        self.default_para = sid

    def chain(self, style_id: Optional[str]) -> Iterator[Any]:
        seen = set()
        sid = style_id or self.default_para
        while sid and sid not in seen and sid in self.by_id:
            seen.add(sid)
            st = self.by_id[sid]
            yield st
            sid = _val(st, "basedOn")

    def name(self, style_id: Optional[str]) -> str:
        st = self.by_id.get(style_id or "")
        return (_val(st, "name") or "") if st is not None else ""

    def numpr(self, style_id: Optional[str]) -> Tuple[Optional[str], Optional[int]]:
        for st in self.chain(style_id):
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                return _val(numpr, "numId"), _int(_val(numpr, "ilvl"))
        return None, None

    def hidden(self, style_id: Optional[str], *, default: bool = True) -> Optional[bool]:
        """``w:vanish`` set by a style or its ``basedOn`` chain (None: not set); *default*: whether
        no style id means the default paragraph style."""
        if style_id is None and not default:
            return None
        for st in self.chain(style_id):
            v = _vanish(st.find(W + "rPr"))
            if v is not None:
                return v
        return None

    def outline_level(self, style_id: Optional[str]) -> Optional[int]:
        for st in self.chain(style_id):
            lvl = _int(_val(st.find(W + "pPr"), "outlineLvl"))
            if lvl is not None:
                return lvl
            m = RE_HEADING_STYLE.match(_val(st, "name") or "")
            if m:
                return int(m.group(1)) - 1
        return None


# ------------------------------------------------------------------ reader


def _para_text(p: Any, styles: Optional["_Styles"] = None, boxes: Optional[List[str]] = None) -> str:
    """Text of a ``w:p`` element: runs, hyperlinks, fields; tabs and breaks kept.

    Hidden runs (``w:vanish``, set on the run, its character style or the
    paragraph's style) are left out: Word does not show or print them. The
    paragraphs of a text box (``w:txbxContent``) are not glued into the host
    paragraph: they go to *boxes* when it is given, else onto lines of their own.
    """
    parts: List[str] = []
    para_hidden = styles.hidden(_val(p.find(W + "pPr"), "pStyle")) if styles is not None else None

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if not isinstance(tag, str) or tag.endswith("}Fallback") or tag in (W + "del", W + "moveFrom",
                                                                                W + "pPr", W + "rPr"):
                continue
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                if child.get(W + "type") in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "r" and _run_hidden(child, styles, para_hidden):
                continue
            elif tag == W + "txbxContent":
                texts = [_para_text(q, styles) for q in _iter_body(child) if q.tag == W + "p"]
                if boxes is not None:
                    boxes.extend(texts)
                else:
                    parts.append("\n" + "\n".join(texts) + "\n")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _vanish(rpr: Any) -> Optional[bool]:
    """``w:vanish`` of a run-properties element: True, False (switched off) or None (not set)."""
    el = rpr.find(W + "vanish") if rpr is not None else None
    if el is None:
        return None
    return el.get(W + "val") not in ("0", "false", "off")


def _run_hidden(r: Any, styles: Optional["_Styles"], para_hidden: Optional[bool]) -> bool:
    rpr = r.find(W + "rPr")
    direct = _vanish(rpr)
    if direct is not None:
        return direct
    if styles is not None:
        by_style = styles.hidden(_val(rpr, "rStyle"), default=False)
        if by_style is not None:
            return by_style
    return bool(para_hidden)


def _is_deleted(el: Any) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in (W + "del", W + "moveFrom"):
            return True
        parent = parent.getparent()
    return False


def _iter_body(el: Any) -> Iterator[Any]:
    """Paragraphs and tables of a body in order, looking inside content controls."""
    for child in el.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "customXml", W + "ins", W + "smartTag"):
            content = child.find(W + "sdtContent") if child.tag == W + "sdt" else child
            if content is not None:
                yield from _iter_body(content)


class _Builder:
    def __init__(self) -> None:
        self.parts: List[str] = []
        self.blocks: List[Block] = []
        self.pos = 0

    def add(self, text: str, *, heading_level: Optional[int] = None, kind: str = "paragraph") -> None:
        for line in text.split("\n"):
            line = line.strip(" \t\u3000\xa0")
            if not line:
                continue
            if self.parts:
                self.parts.append("\n")
                self.pos += 1
            self.blocks.append(Block(text=line, start=self.pos, end=self.pos + len(line),
                                     heading_level=heading_level, kind=kind))
            self.parts.append(line)
            self.pos += len(line)


def read_docx(data: bytes, *, source: str = "<bytes>", format: str = "docx", options: Any = None) -> Extracted:
    """Read a Word .docx: paragraphs and table rows in order, numbering restored.

    Each paragraph is a block (soft line breaks split it); each table row is
    a block of ``kind="table"`` with its cells joined by tabs. A paragraph in
    a heading style or with an outline level gets ``heading_level``; the
    Title style gives ``kind="title"``.

    Args:
        data: The bytes of the .docx.
        source: File name for messages.
        format: Reported format (``"docx"``, or ``"doc"``/``"wps"`` after conversion).
        options: Unused.
    Raises:
        CorruptDocumentError: Truncated, damaged, or a zip bomb.

    Example:
        >>> import io, docx
        >>> d = docx.Document(); _ = d.add_heading("一、总体要求", level=1); _ = d.add_paragraph("覆盖率达到95%。")
        >>> buf = io.BytesIO(); d.save(buf)
        >>> [(b.text, b.heading_level) for b in read_docx(buf.getvalue()).blocks]
        [('一、总体要求', 1), ('覆盖率达到95%。', None)]
    """
    check_zip(data, source=source)
    import docx as _pydocx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = _pydocx.Document(io.BytesIO(data))
    except PackageNotFoundError as e:
        raise CorruptDocumentError(source, f"not a Word package ({e})") from None
    except (KeyError, ValueError, zipfile.BadZipFile, EOFError, NotImplementedError) as e:
        raise CorruptDocumentError(source, f"damaged .docx ({type(e).__name__}: {e})") from None
    except Exception as e:  # lxml XMLSyntaxError and friends
        if type(e).__name__ == "XMLSyntaxError":
            raise CorruptDocumentError(source, f"damaged .docx: malformed XML ({e})") from None
        raise
    part = document.part
    try:
        numbering_el = part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        numbering_el = None
    try:
        styles_el = part.styles.element  # type: ignore[attr-defined]
    except (KeyError, AttributeError, NotImplementedError):
        styles_el = None
    styles = _Styles(styles_el)
    numbering = NumberingRenderer.from_xml(numbering_el, styles_el)
    out = _Builder()
    title: Optional[str] = None
    tables: List[Table] = []

    def paragraph(p: Any, boxes: Optional[List[str]] = None) -> Tuple[str, Optional[int], str]:
        ppr = p.find(W + "pPr")
        style_id = _val(ppr, "pStyle")
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = (_val(numpr, "numId"), _int(_val(numpr, "ilvl"))) if numpr is not None else (None, None)
        if num_id is None:
            s_num, s_ilvl = styles.numpr(style_id)
            num_id = s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
        text = _para_text(p, styles, boxes)
        marker = numbering.marker(num_id, ilvl or 0) if num_id else None
        if marker is not None and text.strip():
            mark, suffix = marker
            body = text.lstrip(" \t\u3000\xa0")
            # "1." + "9月底前…" must not read as "1.9月": an ASCII marker before an ASCII letter or digit
            # gets a space whatever w:suff says
            sep = " " if (mark[-1:].isascii() and body[:1].isascii() and body[:1].isalnum()) else ""
            text = mark + sep + body
        outline = _int(_val(ppr, "outlineLvl"))
        if outline is None:
            outline = styles.outline_level(style_id)
        level = outline + 1 if outline is not None and 0 <= outline < 9 else None
        kind = "title" if RE_TITLE_STYLE.match(styles.name(style_id)) else "paragraph"
        return text, (None if kind == "title" else level), kind

    for el in _iter_body(document.element.body):
        if el.tag == W + "p":
            if _is_deleted(el):
                continue
            boxes: List[str] = []
            text, level, kind = paragraph(el, boxes)
            if kind == "title" and title is None and text.strip():
                title = " ".join(t.strip() for t in text.split("\n") if t.strip())
            out.add(text, heading_level=level, kind=kind)
            for box in boxes:  # a text box's paragraphs follow the paragraph that anchors it
                out.add(box)
        else:
            for row_text in _table_rows(el, paragraph):
                out.add(row_text, kind="table")
            grid = _table_grid(el, paragraph)
            if grid:
                tables.append(Table(rows=grid, index=len(tables)))
    if title is None:
        core = (document.core_properties.title or "").strip()
        if core and re.search(r"[\u4e00-\u9fff]", core):
            title = core
    return Extracted(text="".join(out.parts), blocks=tuple(out.blocks), source=source, format=format, title=title,
                     tables=tuple(tables))


def _table_rows(tbl: Any, paragraph: Any) -> Iterator[str]:
    """Rows of a table as tab-joined cells (merged cells once, nested tables flattened)."""
    for tr in tbl.iterchildren(W + "tr"):
        cells: List[str] = []
        for tc in tr.iterchildren(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                cells.append("")  # continuation of a vertically merged cell
                continue
            cells.append(_cell_text(tc, paragraph))
        if any(c.strip() for c in cells):
            yield "\t".join(cells).replace("\n", " ")


def _cell_text(tc: Any, paragraph: Any) -> str:
    """A cell's paragraphs on one line, nested tables flattened into it."""
    texts = []
    for child in _iter_body(tc):
        if child.tag == W + "p":
            texts.append(paragraph(child)[0].replace("\n", " ").strip())
        else:
            texts.extend(_table_rows(child, paragraph))
    return " ".join(t for t in texts if t)


#: Tables larger than this keep their text but are not read as tables (a 5,000-row table is fine).
MAX_TABLE_CELLS = 200_000


def _table_grid(tbl: Any, paragraph: Any) -> Tuple[Tuple[str, ...], ...]:
    """The cells of a table row by row, merged cells resolved.

    A cell spanning columns (``w:gridSpan``) is repeated in each column; a
    vertically merged continuation (``w:vMerge``) repeats the cell above it.
    Nested tables are flattened into their cell's text. Empty rows are dropped.
    """
    rows: List[List[str]] = []
    above: Dict[int, str] = {}
    n = 0
    for tr in tbl.iterchildren(W + "tr"):
        row: List[str] = []
        col = 0
        for tc in tr.iterchildren(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = max(1, min(_int(_val(tcpr, "gridSpan"), 1) or 1, 64)) if tcpr is not None else 1
            vmerge = tcpr.find(W + "vMerge") if tcpr is not None else None
            if vmerge is not None and vmerge.get(W + "val") in (None, "continue"):
                text = above.get(col, "")
            else:
                text = _cell_text(tc, paragraph).replace("\t", " ")
            for k in range(span):
                row.append(text)
                above[col + k] = text
            col += span
        n += len(row)
        if n > MAX_TABLE_CELLS:
            return ()
        if any(c.strip() for c in row):
            rows.append(row)
    return tuple(tuple(r) for r in rows)
