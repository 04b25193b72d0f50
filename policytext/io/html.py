"""HTML reader: the main content of a government web page, furniture dropped.

The charset comes from a byte-order mark, ``<meta charset>`` or
``<meta http-equiv="Content-Type" content="…charset=gbk">``, then from
detection (GBK pages included). The main content is found by trafilatura
(tables kept, comments dropped, recall favoured); when it finds nothing, the
text of ``<body>`` without navigation, scripts and forms is used instead. The
title comes from ``og:title``, ``<h1>`` or ``<title>`` without the site suffix
(``关于…的通知_青山县民政局`` -> ``关于…的通知``).
"""
from __future__ import annotations

import codecs
import re
from typing import Any, List, Optional, Tuple

from ..errors import CorruptDocumentError, EmptyDocumentError
from ..types import Block, Extracted, Table
from .txt import decode_text, normalize_newlines

__all__ = ["read_html", "sniff_charset", "decode_html", "clean_title", "title_only_page"]

RE_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
RE_TITLE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s+[-–—－]+\s+|\s*--\s*|\s*——\s*(?=[^——]*$)")
# elements that are page furniture whatever their position
_FURNITURE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
                   "button", "select", "template", "svg")
# class/id words of furniture blocks on government sites
RE_FURNITURE_ATTR = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumb|position|location|share|bdshare|fenxiang|print|dayin|"
    r"close|guanbi|prev|next|prevnext|sxt|sxp|fontsize|zoom|toolbar|footer|foot|copyright|banquan|header|"
    r"topbar|sidebar|side|related|xgxx|xglj|qrcode|ewm|ad|advert|search)(?:$|[\s_-])",
    re.I,
)
RE_PROSE_END = re.compile(r"[。！？]")
#: Codecs a page may not ask for: they are not charsets (``unicode_escape`` runs escapes, ``rot13``,
#: ``base64``… transform bytes) or are used to smuggle markup (UTF-7).
_UNSAFE_CODECS = {"unicode-escape", "unicode_escape", "raw-unicode-escape", "raw_unicode_escape", "idna",
                  "punycode", "utf-7", "utf_7", "undefined", "unicode-internal", "unicode_internal", "mbcs", "oem",
                  "charmap", "palmos", "string-escape", "escape"}
#: Deepest nesting passed to trafilatura (its lxml parser stops at 255 levels); deeper pages use the body text.
MAX_TRAFILATURA_DEPTH = 200
#: Longest attribute value passed to trafilatura (its parser stops at 10 MB); pages with one use the body text.
MAX_TRAFILATURA_ATTR = 1024 * 1024

_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
               "blockquote", "pre", "dd", "dt", "ul", "ol", "td", "th"}


def sniff_charset(data: bytes) -> Optional[str]:
    """The charset a page declares (BOM or ``<meta>``), normalized for Python; ``None`` if none.

    GB2312 and GBK are read as GB18030, their superset.

    Example:
        >>> sniff_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
        'gb18030'
        >>> sniff_charset(b'<meta charset="utf-8">')
        'utf-8'
        >>> sniff_charset(b'<meta charset="unicode_escape">') is None    # not a charset: ignored
        True
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return enc
    m = RE_META_CHARSET.search(data[:8192])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    name = info.name
    if not getattr(info, "_is_text_encoding", True) or name in _UNSAFE_CODECS or name.replace("-", "_") in _UNSAFE_CODECS:
        return None  # not a charset: ignore the declaration and detect
    if name.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        return "utf-8"  # a <meta> readable as ASCII is not UTF-16/32 (as in the HTML standard)
    if name in ("gb2312", "gbk", "cp936", "hz", "euc_cn"):
        return "gb18030"
    return name


def decode_html(data: bytes, *, source: str = "<bytes>") -> str:
    """Decode an HTML page: declared charset first, detection when it is absent or wrong.

    Example:
        >>> page = '<meta charset="gbk"><title>通知</title>'.encode("gbk")
        >>> decode_html(page)
        '<meta charset="gbk"><title>通知</title>'
    """
    declared = sniff_charset(data)
    if declared:
        try:
            text = data.decode(declared)
            return text.lstrip("\ufeff")
        except (UnicodeDecodeError, LookupError):
            pass  # the declaration lies: detect instead
    text, _enc = decode_text(data, source=source)
    return text


def clean_title(title: str) -> str:
    """Strip the site name from a page title (``关于…的通知_青山县民政局`` -> ``关于…的通知``).

    Example:
        >>> clean_title("关于做好养老服务工作的通知_青山县民政局")
        '关于做好养老服务工作的通知'
        >>> clean_title("青山县人民政府 - 2023年民政工作要点")
        '2023年民政工作要点'
    """
    title = RE_SPACES_ONLY.sub(" ", title).strip()
    parts = [p.strip() for p in RE_TITLE_SPLIT.split(title) if p and p.strip()]
    if len(parts) <= 1:
        return title
    # the site name is the part that looks like an office or a portal; keep the longest other part
    site = re.compile(r"(?:政府|人民政府|民政局|局|厅|部|委员会|委|办公室|办|网|门户|网站|中心|平台|首页|政务公开|信息公开)$")
    candidates = [p for p in parts if not site.search(p)] or parts
    return max(candidates, key=len)


RE_SPACES_ONLY = re.compile(r"\s+")


def _meta_title(tree: Any) -> Optional[str]:
    for xp in ('//meta[@property="og:title"]/@content', '//meta[@name="ArticleTitle"]/@content',
               '//meta[@name="title"]/@content'):
        found = tree.xpath(xp)
        if found and str(found[0]).strip():
            return clean_title(str(found[0]))
    h1s = [RE_SPACES_ONLY.sub(" ", h.text_content()).strip() for h in tree.xpath("//h1")]
    h1s = [h for h in h1s if 4 <= len(h) <= 120]
    titles = tree.xpath("//title")
    page_title = RE_SPACES_ONLY.sub(" ", titles[0].text_content()).strip() if titles else ""
    # an <h1> is the title when the page title names it, not when it is the site name the page title
    # ends with (a logo in <h1>: 青山县民政局 in 关于……的通知_通知公告_青山县民政局)
    cleaned = clean_title(page_title) if page_title else ""
    for h in h1s:
        if cleaned and (h in cleaned or cleaned.startswith(h[:8])):
            return h
    if cleaned:
        return cleaned
    return h1s[0] if h1s else None


def _strip_furniture(tree: Any) -> None:
    for el in tree.xpath("//" + " | //".join(_FURNITURE_TAGS)):
        if el.getparent() is not None:
            el.getparent().remove(el)
    for el in tree.xpath("//*[@class or @id]"):
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if RE_FURNITURE_ATTR.search(attrs) and el.tag not in ("html", "body") and el.getparent() is not None:
            # never drop a block that holds most of the page's text, or prose: a short article in id="zoom"
            # (the font-size widget's target on TRS sites) or print_content has sentences, menus and buttons none
            text = el.text_content()
            if len(text) < 400 and len(RE_PROSE_END.findall(text)) < 2:
                el.getparent().remove(el)


def title_only_page(source: str, *, scripted: bool = True) -> EmptyDocumentError:
    """The error for a page that holds nothing but its title once menus, links and furniture are removed: a shell
    whose article a script loads (``scripted``: the page has scripts), which policytext does not run."""
    why = ": its content is probably loaded by JavaScript, which policytext does not run" if scripted else ""
    return EmptyDocumentError(source, f"the page has nothing but its title once menus, links and page furniture "
                                      f"are removed{why}")


def _links_only(line: str, links: Any) -> bool:
    """Whether a line (or a table row) is made of link texts only (首页 政务公开 办事服务: a menu, no article)."""
    return all(word in links for word in re.split(r"[ \t]", line) if word)


def _text_with_breaks(el: Any, blocks: bool = False) -> str:
    """Text of a trafilatura element, ``<lb/>`` (a ``<br>`` in the page) kept as a newline; with ``blocks``
    its paragraphs, headings and items each on a line of their own too."""
    parts: List[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif blocks and child.tag in ("p", "head", "item", "row", "list"):
            parts.extend(("\n", _text_with_breaks(child, blocks), "\n"))
        else:
            parts.append(_text_with_breaks(child, blocks))
        parts.append(child.tail or "")
    return "".join(parts)


def _layout_cells(row: Any) -> bool:
    """Whether a trafilatura ``row`` lays out a page (its cells hold line breaks, paragraphs, headings or lists)."""
    return any(d.tag in ("lb", "p", "head", "list") for c in row.iterchildren("cell") for d in c.iterdescendants())


def _trafilatura_blocks(html: str) -> List[Tuple[str, Optional[int], str]]:
    import trafilatura  # imported by the caller first, so that a broken installation is an error
    from lxml import etree

    xml = trafilatura.extract(html, output_format="xml", include_tables=True, include_comments=False,
                              favor_recall=True, include_formatting=False, include_links=False,
                              include_images=False, deduplicate=False)
    if not xml:
        return []
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        main = root
    out: List[Tuple[str, Optional[int], str]] = []
    # lines of the layout rows (an article in a table cell): trafilatura may give the same text as paragraphs too,
    # before the table; the row's lines (its heading first) are read, the copies are not
    laid_out = {line.strip() for row in main.iter("row") if _layout_cells(row)
                for c in row.iterchildren("cell") for line in _text_with_breaks(c, blocks=True).split("\n")}
    for el in main.iter():
        tag = el.tag
        if tag == "head":
            if any(a.tag == "cell" for a in el.iterancestors()):
                continue
            level = None
            m = re.match(r"h(\d)", el.get("rend") or "")
            if m:
                level = int(m.group(1))
            text = "".join(el.itertext())
            if text.strip() not in laid_out:
                out.append((text, level, "paragraph"))
        elif tag in ("p", "item", "quote", "code"):
            if any(a.tag in ("cell", "head") for a in el.iterancestors()):
                continue
            text = _text_with_breaks(el)
            if text.strip() not in laid_out:
                out.append((text, None, "paragraph"))
        elif tag == "row":
            if _layout_cells(el):  # page layout (an article in a table cell, its lines broken by <br>): paragraphs
                for c in el.iterchildren("cell"):
                    out.extend((line, None, "paragraph") for line in _text_with_breaks(c, blocks=True).split("\n")
                               if line.strip())
                continue
            cells = ["".join(c.itertext()).strip() for c in el.iterchildren("cell")]
            out.append(("\t".join(cells), None, "table"))
    return out


def _body_blocks(tree: Any) -> List[Tuple[str, Optional[int], str]]:
    body = tree.find(".//body")
    if body is None:
        body = tree
    out: List[Tuple[str, Optional[int], str]] = []
    parts: List[str] = []

    def flush() -> None:
        for line in "".join(parts).split("\n"):
            line = RE_SPACES_ONLY.sub(" ", line).strip()
            if line:
                out.append((line, None, "paragraph"))
        parts.clear()

    # an explicit stack, not recursion: pages may nest thousands of levels deep
    stack: List[Tuple[Any, bool]] = [(body, False)]
    while stack:
        el, closing = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        if closing:
            if tag in _BLOCK_TAGS:
                parts.append("\n")
            if el is not body and el.tail:
                parts.append(el.tail)
            continue
        if tag == "tr" and not _layout_row(el):  # a table row: its cells on one line, tab-separated, as on the main path
            flush()
            cells = [RE_SPACES_ONLY.sub(" ", "".join(c.itertext())).strip() for c in el if c.tag in ("td", "th")]
            if any(cells):
                out.append(("\t".join(cells), None, "table"))
            if el is not body and el.tail:
                parts.append(el.tail)
            continue
        if tag in _BLOCK_TAGS:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    flush()
    return out


#: Tags inside a cell that make its row page layout (an article laid out in a table), not a row of data.
_LAYOUT_TAGS = frozenset({"br", "p", "div", "table", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li"})


def _layout_row(tr: Any) -> bool:
    """A row whose cells hold paragraphs or line breaks (the article of a page laid out in tables): read as
    text blocks, one per line, not flattened into one tab-separated line."""
    for cell in tr:
        if cell.tag in ("td", "th") and any(d.tag in _LAYOUT_TAGS for d in cell.iterdescendants()):
            return True
    return False


#: Tables larger than this keep their text but are not read as tables.
MAX_TABLE_CELLS = 200_000


def _html_tables(tree: Any) -> Tuple[Table, ...]:
    """The outermost ``<table>`` elements as :class:`Table` grids, ``rowspan``/``colspan`` resolved.

    A cell spanning rows or columns is repeated in each; a nested table is
    flattened into its cell's text. Rows come from the table's own ``<tr>``
    (in ``<thead>``/``<tbody>``/``<tfoot>`` too), never from a nested table.
    """
    out: List[Table] = []
    for table in tree.iter("table"):
        if any(a.tag == "table" for a in table.iterancestors()):
            continue
        rows: List[List[str]] = []
        pending: dict = {}  # column -> (text, rows left)
        n = 0
        for tr in table.iter("tr"):
            if next((a for a in tr.iterancestors() if a.tag == "table"), None) is not table:
                continue
            row: List[str] = []
            col = 0

            def fill() -> None:
                nonlocal col
                while col in pending:
                    text, left = pending[col]
                    row.append(text)
                    if left <= 1:
                        del pending[col]
                    else:
                        pending[col] = (text, left - 1)
                    col += 1

            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                fill()
                text = RE_SPACES_ONLY.sub(" ", " ".join(t.strip() for t in td.itertext() if t.strip())).strip()
                rs = min(max(_span(td.get("rowspan")), 1), 1000)
                cs = min(max(_span(td.get("colspan")), 1), 64)
                for k in range(cs):
                    row.append(text)
                    if rs > 1:
                        pending[col + k] = (text, rs - 1)
                col += cs
            fill()
            n += len(row)
            if n > MAX_TABLE_CELLS:
                rows = []
                break
            if any(c for c in row):
                rows.append(row)
        if rows:
            out.append(Table(rows=tuple(tuple(r) for r in rows), index=len(out)))
    return tuple(out)


def _span(value: Optional[str]) -> int:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else 1


def _shape(tree: Any) -> Tuple[int, int]:
    """Deepest nesting and longest attribute value of a tree (without recursion)."""
    deepest = longest = 0
    stack = [(tree, 0)]
    while stack:
        el, d = stack.pop()
        deepest = max(deepest, d)
        for v in el.attrib.values() if isinstance(el.tag, str) else ():
            longest = max(longest, len(v))
        stack.extend((c, d + 1) for c in el)
    return deepest, longest


def read_html(data: bytes, *, source: str = "<bytes>", format: str = "html", options: Any = None) -> Extracted:
    """Read the main content of an HTML page.

    The first block is the page title (``kind="title"``) when the content
    does not already start with it; headings keep their ``<hN>`` level.

    Args:
        data: The page's bytes.
        source: File name for messages.
        format: Reported format.
        options: Unused.
    Raises:
        DecodeError: The page is not text in a known encoding.
        CorruptDocumentError: The markup cannot be parsed at all.

    Example:
        >>> page = ('<html><head><meta charset="gbk"><title>养老服务通知_青山县民政局</title></head><body>'
        ...         '<div class="nav">首页 | 政务公开</div><div class="content"><p>一、到2023年底，'
        ...         '养老服务设施覆盖率达到95%以上。</p></div></body></html>').encode("gbk")
        >>> ex = read_html(page)
        >>> ex.title, [b.text for b in ex.blocks]
        ('养老服务通知', ['养老服务通知', '一、到2023年底，养老服务设施覆盖率达到95%以上。'])
    """
    html = normalize_newlines(decode_html(data, source=source))
    import lxml.html
    from lxml import etree

    parser = lxml.html.HTMLParser(huge_tree=True)  # no silent stop at 256 levels or a 10 MB attribute
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise CorruptDocumentError(source, f"the HTML cannot be parsed ({e})") from None
    for err in parser.error_log:
        if err.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in err.message:
            raise CorruptDocumentError(source, f"the HTML exceeds the parser's limits and would be read only in "
                                               f"part ({err.message.strip()}, line {err.line})")
    depth, longest_attr = _shape(tree)
    title = _meta_title(tree)
    scripted = bool(tree.xpath("//script"))
    _strip_furniture(tree)
    links = {RE_SPACES_ONLY.sub(" ", a.text_content()).strip() for a in tree.xpath("//a")}
    cleaned = lxml.html.tostring(tree, encoding="unicode")
    import trafilatura  # noqa: F401  -- an ImportError here is a broken installation, not odd markup
    items: List[Tuple[str, Optional[int], str]] = []
    if depth <= MAX_TRAFILATURA_DEPTH and longest_attr <= MAX_TRAFILATURA_ATTR:
        try:
            items = _trafilatura_blocks(cleaned)
        except Exception:  # trafilatura/lxml on odd markup: fall back to the body text
            items = []
    if len(items) <= 2:  # nothing, or a short page that trafilatura ran into one paragraph: the page's own blocks
        body = _body_blocks(tree)
        if not items or len(body) >= 3:
            items = body
    lines: List[Tuple[str, Optional[int], str]] = []
    for text, level, kind in items:
        for line in normalize_newlines(text).split("\n"):
            line = RE_SPACES_ONLY.sub(" ", line).strip() if kind != "table" else line.strip()
            if line:
                lines.append((line, level, kind))
    lines = [x for x in lines if not _links_only(x[0], links)]  # menus: 首页 政务公开 办事服务
    if not lines or all(title and (text == title or title.startswith(text)) for text, _level, _kind in lines):
        raise title_only_page(source, scripted=scripted)
    if title and not (lines and (lines[0][0] == title or title.startswith(lines[0][0]))):
        lines.insert(0, (title, None, "title"))
    elif title and lines:
        lines[0] = (lines[0][0], None, "title")
    blocks: List[Block] = []
    pos = 0
    for text, level, kind in lines:
        blocks.append(Block(text=text, start=pos, end=pos + len(text), heading_level=level, kind=kind))
        pos += len(text) + 1
    return Extracted(text="\n".join(b.text for b in blocks), blocks=tuple(blocks), source=source, format=format,
                     title=title, tables=_html_tables(tree))
