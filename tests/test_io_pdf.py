"""PDF reader: reportlab PDFs in STSong-Light with headers, footers, page numbers and bold headings."""
from __future__ import annotations

import io
import warnings

import pytest

pytest.importorskip("reportlab")
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from policytext.errors import (CorruptDocumentError, DocumentWarning, EncryptedDocumentError,  # noqa: E402
                               ScannedDocumentError)
from policytext.io import read as _read  # noqa: E402
from policytext.io.pdf import ENGINES, is_page_number  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = ("全县民政系统聚焦基本民生保障，完善分层分类社会救助体系，城乡低保标准分别提高到每人每月780元和620元，"
        "全年发放救助资金1.2亿元，惠及困难群众3.5万人次。")
PLAN = "到2023年底，城市社区养老服务设施覆盖率达到95%以上，由县民政局牵头，县财政局配合，6月底前完成选址。"
# (kind, text): title 22pt, h1 16pt bold, h2 14pt bold, p 12pt indented two characters
REPORT = [
    ("title", "青山县民政局2022年工作报告"),
    ("h1", "一、主要工作成效"),
    ("h2", "（一）兜底保障更加有力"),
    ("p", BODY * 2),
    ("p", BODY),
    ("h2", "（二）养老服务持续提升"),
    ("p", BODY * 3),
    ("h1", "二、存在的问题"),
    ("p", BODY * 4),
    ("h1", "三、2023年工作安排"),
    ("p", PLAN),
    ("p", BODY * 5),
]

# fmt: off
PAGE_NUMBERS = [
    ("em-dash",  "— {n} —"),
    ("hyphen",   "- {n} -"),
    ("di-ye",    "第{n}页"),
    ("di-gong",  "第 {n} 页 共 {total} 页"),
    ("bare",     "{n}"),
    ("slash",    "{n}/{total}"),
]
PAGE_NUMBER_LINES = [
    ("— 3 —", True), ("－ 12 －", True), ("第3页", True), ("共5页 第2页", True), ("Page 4 of 9", True), ("17", True),
    ("2023年", False), ("一、总体要求", False), ("到2023年底完成", False), ("95%", False),
]
# fmt: on


def make_pdf(items=REPORT, *, header="青山县民政局文件", footer="— {n} —", bold="double", encrypt=None,
             blank_pages=(), dense=False, footnotes=None, page_heads=None) -> bytes:
    """Lay out items on A4 pages with a running header and a footer page number; *footnotes* maps a page
    number to lines printed once at its foot in 9 pt under a short rule, above the page number, *page_heads*
    to a line printed once at its head in 9 pt (a stamp, a header of one page only)."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1, encrypt=encrypt)
    width, height = A4
    left, right = 72, width - 72
    pages = []  # (page number, drawing commands) so the footer can know the total

    def new_page():
        pages.append([])

    new_page()
    y = height - 100
    for kind, text in items:
        size = {"title": 22, "h1": 16, "h2": 14}.get(kind, 12)
        indent = 2 * size if kind == "p" else 0
        lines, cur, avail = [], "", right - left - indent
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, FONT, size) > avail:
                lines.append(cur)
                cur, avail = ch, right - left
            else:
                cur += ch
        lines.append(cur)
        for i, line in enumerate(lines):
            if y < 90:
                new_page()
                y = height - 100
            x = left + (indent if i == 0 else 0)
            pages[-1].append((kind, size, x, y, line))
            y -= size * (1.2 if dense else 1.6)
        y -= size * 0.4
    total = len(pages)
    for n, cmds in enumerate(pages, 1):
        if n in blank_pages:
            c.rect(100, 200, 300, 400, fill=1)  # a "scanned" page: graphics, no text
            c.showPage()
            continue
        c.setFont(FONT, 9)
        if header:
            c.drawCentredString(width / 2, height - 50, header)
            c.line(72, height - 56, width - 72, height - 56)
        if footer:
            c.drawCentredString(width / 2, 40, footer.format(n=n, total=total))
        if page_heads and n in page_heads:
            c.drawString(72, height - 70, page_heads[n])
        if footnotes and n in footnotes:
            c.line(72, 80, 200, 80)
            for i, note in enumerate(footnotes[n]):
                c.drawString(72, 68 - 12 * i, note)
        for kind, size, x, y, line in cmds:
            c.setFont(FONT, size)
            if kind == "title":
                c.drawCentredString(width / 2, y, line)
                continue
            c.drawString(x, y, line)
            if kind in ("h1", "h2") and bold == "double":
                c.drawString(x + 0.3, y, line)  # fake bold: the same glyphs drawn twice, slightly offset
        c.showPage()
    c.save()
    return buf.getvalue()


EXPECTED_TEXTS = [t for _, t in REPORT]


@pytest.fixture(autouse=True, params=ENGINES)
def engine(request, monkeypatch):
    """Every test runs with both PDF engines: PDFium (the default) and pdfplumber."""
    global read

    def read(*args, **kwargs):
        kwargs.setdefault("engine", request.param)
        return _read(*args, **kwargs)

    return request.param


read = _read


def test_report_round_trips_paragraphs_pages_and_headings():
    ex = read(make_pdf())
    assert [b.text for b in ex.blocks] == EXPECTED_TEXTS
    assert ex.title == "青山县民政局2022年工作报告"
    kinds = {b.text: (b.kind, b.heading_level) for b in ex.blocks}
    assert kinds["青山县民政局2022年工作报告"] == ("title", None)
    assert kinds["一、主要工作成效"] == ("paragraph", 1)
    assert kinds["（一）兜底保障更加有力"] == ("paragraph", 2)
    assert kinds["三、2023年工作安排"] == ("paragraph", 1)
    assert kinds[PLAN] == ("paragraph", None)
    pages = [b.page for b in ex.blocks]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] >= 2
    for b in ex.blocks:
        assert ex.text[b.start:b.end] == b.text
    assert "青山县民政局文件" not in ex.text and "—" not in ex.text
    assert ex.warnings == ()


def test_paragraph_running_onto_the_next_page_is_joined_and_keeps_its_first_page():
    items = [("p", PLAN), ("p", BODY * 30), ("p", PLAN)]
    ex = read(make_pdf(items))
    assert [b.text for b in ex.blocks] == [PLAN, BODY * 30, PLAN]
    assert [b.page for b in ex.blocks] == [1, 1, 2]


def test_a_footnote_or_header_printed_once_does_not_cut_the_paragraph_that_runs_on_over_it():
    """A footnote at the foot of one page (9 pt under a short rule, not a running footer) comes after the paragraph
    that runs on to the next page, which is read whole; a page whose paragraph ends there keeps its note in place."""
    note = "①数据来源：青山县民政局统计年报，下同。"
    long_para = "全年共救助困难群众①" + BODY * 30
    ex = read(make_pdf([("p", PLAN), ("p", long_para), ("p", PLAN)], footnotes={1: [note]}))
    assert [b.text for b in ex.blocks] == [PLAN, long_para, note, PLAN]
    assert [b.page for b in ex.blocks] == [1, 1, 1, 2]
    # a header printed on one page only (a stamp in small type at its head) waits for the paragraph, too
    ex = read(make_pdf([("p", PLAN), ("p", long_para), ("p", PLAN)], page_heads={2: "内部资料 注意保存"}))
    assert [b.text for b in ex.blocks] == [PLAN, long_para, "内部资料 注意保存", PLAN]
    two = ["注：1.城乡低保标准为年度平均值。", "2.救助人次含临时救助。"]
    ex = read(make_pdf([("p", long_para), ("p", PLAN)], footnotes={1: two}))
    assert [b.text for b in ex.blocks] == [long_para, "注：1.城乡低保标准为年度平均值。2.救助人次含临时救助。", PLAN]


@pytest.mark.parametrize("case,footer", PAGE_NUMBERS, ids=[p[0] for p in PAGE_NUMBERS])
def test_page_number_styles_are_dropped(case, footer):
    ex = read(make_pdf(footer=footer, header=None))
    assert [b.text for b in ex.blocks] == EXPECTED_TEXTS


@pytest.mark.parametrize("line,expected", PAGE_NUMBER_LINES)
def test_is_page_number(line, expected):
    assert is_page_number(line) is expected


def test_fake_bold_duplicates_removed_and_bold_without_size_change_is_a_heading():
    items = [("p", BODY), ("h2b", "（一）加强组织领导"), ("p", PLAN)]
    data = make_pdf([(("h1" if k == "h2b" else k), t) for k, t in items], header=None)
    ex = read(data)
    assert [b.text for b in ex.blocks] == [BODY, "（一）加强组织领导", PLAN]
    # same size as the body, only bold (drawn twice): still a heading
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 12)
    y = 760
    for text, bold in (("一、总体要求", True), (PLAN, False), ("二、重点任务", True), (PLAN, False)):
        c.drawString(72, y, text)
        if bold:
            c.drawString(72.3, y, text)
        y -= 24
    c.save()
    ex = read(buf.getvalue())
    assert [b.text for b in ex.blocks] == ["一、总体要求", PLAN, "二、重点任务", PLAN]
    assert [b.heading_level for b in ex.blocks] == [1, None, 1, None]


def test_dense_lines_without_indent_still_split_on_outline_markers():
    items = [("h1", "一、总体要求"), ("p", PLAN), ("p", "（一）" + BODY), ("p", "1." + BODY)]
    ex = read(make_pdf(items, dense=True, header=None))
    assert [b.text for b in ex.blocks] == ["一、总体要求", PLAN, "（一）" + BODY, "1." + BODY]


def test_page_without_text_layer_warns():
    data = make_pdf(blank_pages=(2,))
    with pytest.warns(DocumentWarning, match="page 2 has no text layer"):
        ex = read(data)
    assert any("page 2" in w for w in ex.warnings)
    assert ex.blocks and all(b.page != 2 for b in ex.blocks)


def test_pdf_without_any_text_is_scanned(tmp_path):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for _ in range(3):
        c.rect(72, 72, 400, 600, fill=1)
        c.circle(300, 400, 80, fill=0)
        c.showPage()
    c.save()
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ScannedDocumentError, match=r"扫描件.pdf: no text layer on any of its 3 page"):
        read(path)


def _unmapped_font_pdf(*pages: str) -> bytes:
    """A PDF written by hand, one page per item: ``"cid"`` draws two lines in a font without a Unicode map
    (Type0, Identity-H, no ToUnicode: PDF producers that subset fonts and drop the map give such pages),
    ``"text"`` two lines of Helvetica, their own on each page."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [4 0 R] >>",
               "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) "
               "/Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 >>",
               "<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 "
               "/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for no, kind in enumerate(pages, 1):
        if kind == "cid":
            body = "BT /F1 12 Tf 1 0 0 1 72 760 Tm <0021002200230024> Tj 1 0 0 1 72 740 Tm <00250026> Tj ET"
        else:
            body = f"BT /F2 12 Tf 1 0 0 1 72 500 Tm (Part {no} of the annual plan of the civil affairs bureau) Tj " \
                   f"1 0 0 1 72 480 Tm (Raise the subsistence allowance by {2020 + no}) Tj ET"
        objects.append(f"<< /Length {len(body)} >>\nstream\n{body}\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       f"/Resources << /Font << /F1 3 0 R /F2 6 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def test_font_without_unicode_map_is_no_text(tmp_path):
    """pdfminer gives such characters as ``(cid:34)``, PDFium as their raw codes (here control characters);
    both engines drop the page with a warning, and a PDF of only such pages is one to OCR, said so."""
    path = tmp_path / "无映射.pdf"
    path.write_bytes(_unmapped_font_pdf("cid", "cid"))
    with pytest.raises(ScannedDocumentError, match=r"无映射.pdf: no readable text on any of its 2 page\(s\): the "
                                                   r"text layer has no Unicode map"):
        read(path)
    with pytest.warns(DocumentWarning, match="page 2 has a text layer without a Unicode map"):
        ex = read(_unmapped_font_pdf("text", "cid", "text"))
    assert "Part 1 of the annual plan" in ex.text and "by 2023" in ex.text
    assert not any(ch < " " and ch not in "\n\t" for ch in ex.text) and "cid:" not in ex.text
    assert {b.page for b in ex.blocks} == {1, 3}


def _scan_and_text_pdf() -> bytes:
    """Page 1 text; 2 a scan (an image); 3 shapes only; 4 blank; 5 an image inside a form XObject."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    scan = ImageReader(Image.new("L", (60, 80), 200))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 12)
    c.drawString(72, 760, "各地要在年底前完成养老服务设施排查。")
    c.showPage()
    c.drawImage(scan, 72, 200, 400, 500)
    c.showPage()
    c.rect(72, 72, 400, 600, fill=1)
    c.showPage()
    c.showPage()
    c.beginForm("scan")
    c.drawImage(scan, 72, 200, 400, 500)
    c.endForm()
    c.doForm("scan")
    c.showPage()
    c.save()
    return buf.getvalue()


def test_pages_without_text_get_the_same_verdict_in_both_engines(engine, monkeypatch):
    """A scan or a page of shapes is a page without a text layer in both engines; the PDFium engine tells it
    from its objects, without pdfplumber (a form XObject, which may hold text, and a blank page still go to
    pdfplumber, whose stream limit tells a decompression bomb from an empty page)."""
    from policytext.io import pdf

    monkeypatch.setenv("POLICYTEXT_ISOLATE", "0")  # in this process, so that the calls below are seen
    asked = []
    monkeypatch.setattr(pdf, "_plumber_page", lambda plumber, page_no, _read=pdf._plumber_page:
                        asked.append(page_no) or _read(plumber, page_no))
    with pytest.warns(DocumentWarning):
        ex = read(_scan_and_text_pdf())
    assert [b.text for b in ex.blocks] == ["各地要在年底前完成养老服务设施排查。"]
    assert [w.split(": ", 1)[1] for w in ex.warnings] == [
        f"page {n} has no text layer (a scanned image?); its text is missing — OCR it" for n in (2, 3, 5)]
    if engine == "pdfium":
        assert asked == [4, 5]


def test_encrypted_pdf(tmp_path):
    path = tmp_path / "加密.pdf"
    path.write_bytes(make_pdf(encrypt="secret"))
    with pytest.raises(EncryptedDocumentError, match="加密.pdf: the PDF is encrypted"):
        read(path)


@pytest.mark.parametrize("cut", [0.3, 0.7, 0.995])
def test_truncated_pdf(tmp_path, cut):
    data = make_pdf()
    path = tmp_path / "报告.pdf"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(CorruptDocumentError, match="报告.pdf: truncated"):
        read(path)


def test_garbage_after_the_header_is_corrupt(tmp_path):
    path = tmp_path / "坏文件.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n")
    with pytest.raises((CorruptDocumentError, ScannedDocumentError), match="坏文件.pdf"):
        read(path)


def test_max_pages_caps_reading_with_a_warning():
    data = make_pdf()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DocumentWarning)
        ex = read(data, max_pages=1)
    assert any("only the first 1 of" in w for w in ex.warnings)
    assert {b.page for b in ex.blocks} == {1}


def test_issue_11_engines_give_the_same_blocks():
    data = make_pdf()
    a, b = _read(data, engine="pdfium"), _read(data, engine="pdfplumber")
    assert [(x.text, x.page, x.heading_level, x.kind) for x in a.blocks] == \
           [(x.text, x.page, x.heading_level, x.kind) for x in b.blocks]
    assert a.text == b.text and a.title == b.title


def test_issue_11_unknown_engine_is_named():
    with pytest.raises(ValueError, match="engine.*'pdfium'"):
        _read(make_pdf(), engine="mupdf")


def test_issue_11_one_character_line_in_a_cid_font_is_kept():
    """PDFium leaves out a text object of one glyph without a box (non-embedded STSong): pdfplumber reads that page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 12)
    for y, text in ((760, "到2025年底，覆盖率达到90"), (740, "%"), (700, "一、总体要求")):
        c.drawString(72, y, text)
    c.save()
    assert "到2025年底，覆盖率达到90%" in _read(buf.getvalue()).text


def make_two_column_pdf(items=REPORT, *, header="青山县人民政府公报", gutter=24) -> bytes:
    """A gazette page: the title across the page, then every item flowing down the left column and on into the
    right one (a paragraph may break across the columns and the pages), a running header and page numbers."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    col_w = (width - 2 * 60 - gutter) / 2
    columns = [60, 60 + col_w + gutter]
    top, bottom = height - 130, 90
    page, col, y = 1, 0, top

    def furniture():
        c.setFont(FONT, 9)
        c.drawCentredString(width / 2, height - 50, header)
        c.drawCentredString(width / 2, 40, f"— {page} —")

    furniture()
    for kind, text in items:
        size = {"title": 20, "h1": 14, "h2": 13}.get(kind, 11)
        if kind == "title":
            c.setFont(FONT, size)
            c.drawCentredString(width / 2, height - 95, text)
            continue
        indent = 2 * size if kind == "p" else 0
        lines, cur, avail = [], "", col_w - indent
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, FONT, size) > avail:
                lines.append(cur)
                cur, avail = ch, col_w
            else:
                cur += ch
        lines.append(cur)
        for i, line in enumerate(lines):
            if y < bottom:
                col, y = col + 1, top
                if col == 2:
                    c.showPage()
                    page, col = page + 1, 0
                    furniture()
            c.setFont(FONT, size)
            x = columns[col] + (indent if i == 0 else 0)
            c.drawString(x, y, line)
            if kind in ("h1", "h2"):
                c.drawString(x + 0.3, y, line)  # fake bold
            y -= size * 1.6
        y -= size * 0.4
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_page_in_two_columns_is_read_column_by_column():
    """A gazette set in two columns: each column is read down before the next, so every paragraph comes back whole
    (also one that breaks from the left column into the right, and onto the next page), in order, with its page;
    the running header and the page numbers are dropped."""
    items = REPORT + REPORT[1:]
    ex = read(make_two_column_pdf(items))
    texts = [b.text for b in ex.blocks]
    assert texts == [t for _, t in items]
    assert [b.page for b in ex.blocks][-1] == 2
    assert "青山县人民政府公报" not in ex.text and "—" not in ex.text


def test_a_two_column_table_of_short_cells_is_no_page_in_columns():
    """Short label/value lines on both sides of the middle (a table's columns) stay rows, read across."""
    rows = [("项目名称", "社区养老服务综合体"), ("建设数量", "8个"), ("责任单位", "县民政局"), ("完成时限", "2024年6月底"),
            ("资金来源", "县级财政"), ("联系电话", "1234567"), ("牵头领导", "分管副县长"), ("督办部门", "县政府办")]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(FONT, 12)
    for i, (a, b) in enumerate(rows):
        c.drawString(72, 700 - 24 * i, a)
        c.drawString(330, 700 - 24 * i, b)
    c.showPage()
    c.save()
    text = read(buf.getvalue()).text
    assert all(f"{a} {b}" in text for a, b in rows)


def test_a_running_header_that_repeats_the_title_does_not_take_the_title_away():
    """Word prints the document's title as the running header of every page: on page 1 the title (22 pt) is the
    title, not the header (9 pt) of the other pages; the header lines go, the title stays, with the year it names."""
    import policytext as pt

    title = REPORT[0][1]
    ex = read(make_pdf(header=title))
    assert [b.text for b in ex.blocks] == EXPECTED_TEXTS
    doc = pt.load(make_pdf(header=title))
    assert (doc.title, doc.year) == (title, 2022)
