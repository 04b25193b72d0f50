"""PDFium lines: the array path gives what the character-by-character code gives, line by line."""
from __future__ import annotations

import io

import pytest

pytest.importorskip("reportlab")
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from policytext.io import pdf_pdfium  # noqa: E402
from policytext.io.pdf import RE_BOLD_FONT, _font_family, _Line  # noqa: E402

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

# fmt: off
# (x, y, size, text, copies): copies > 1 draws the text again 0.3 pt to the right (fake bold)
LINES = [
    (72, 760, 16, "一、总体要求", 2),
    (72, 730, 12, "到2025年底，养老服务设施覆盖率达到90%以上", 1),
    (72, 710, 12, "Policy text with spaces", 1),
    (72, 690, 12, "左侧", 1), (300, 690, 12, "右侧文字", 1),   # a wide gap: a space between
    (72, 670, 12, "全角\u3000空格", 1),
    (96, 650, 12, "。", 1),
    (72, 630, 9, "— 3 —", 1),
    (72, 610, 14, "（一）兜底保障", 2), (72, 611.5, 12, "上下", 1),  # two tops within the line tolerance
]
# fmt: on


def _pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for x, y, size, text, copies in LINES:
        c.setFont(FONT, size)
        for k in range(copies):
            c.drawString(x + 0.3 * k, y, text)
    c.save()
    return buf.getvalue()


def _parts(chars, slow: bool):
    if slow:
        chars.close = set(range(len(chars.bounds)))  # every line through the character-by-character code
    dups: list = []
    return list(pdf_pdfium._page_line_parts(chars, dups)), dups


def test_array_path_equals_character_path():
    doc = pdf_pdfium.open_document(_pdf())
    page = doc[0]
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        fast, fast_dups = _parts(pdf_pdfium._page_chars(tp, tp.raw, n, float(page.get_height()))[0], False)
        slow, slow_dups = _parts(pdf_pdfium._page_chars(tp, tp.raw, n, float(page.get_height()))[0], True)
    finally:
        tp.close()
        page.close()
        doc.close()
    assert fast == slow and fast_dups == slow_dups
    texts = [t for t, *_ in fast]
    assert "左侧 右侧文字" in texts and "总体要求" in "".join(texts)


def test_page_lines_marks_fake_bold_and_reads_styles():
    doc = pdf_pdfium.open_document(_pdf())
    page = doc[0]
    try:
        _, bold_boxes = pdf_pdfium.text_objects(page)
        lines, n, unmapped = pdf_pdfium.page_lines(page, 1, _Line, RE_BOLD_FONT, _font_family, bold_boxes)
    finally:
        page.close()
        doc.close()
    by_text = {ln.text: ln for ln in lines}
    assert by_text["一、总体要求"].bold and by_text["一、总体要求"].size == 16.0
    assert not by_text["到2025年底，养老服务设施覆盖率达到90%以上"].bold
    assert unmapped == 0 and n > 0


def _page_reading(data: bytes):
    doc = pdf_pdfium.open_document(data)
    page = doc[0]
    try:
        objects = pdf_pdfium.PageObjects(page)
        dropped, bold_boxes = objects.text_boxes()
        lines, n, unmapped = pdf_pdfium.page_lines(page, 1, _Line, RE_BOLD_FONT, _font_family, bold_boxes)
    finally:
        page.close()
        doc.close()
    return objects.paths, dropped, bold_boxes, [vars(ln) for ln in lines], n, unmapped


def test_cffi_and_ctypes_calls_read_the_same(monkeypatch):
    """The C calls go through cffi's backend where it is installed, else ctypes: the same page either way."""
    pytest.importorskip("_cffi_backend")
    import ctypes

    assert pdf_pdfium._cffi_function(1, ctypes.c_int, (ctypes.c_void_p, ctypes.c_int)) is not None
    with_cffi = _page_reading(_pdf())
    monkeypatch.setattr(pdf_pdfium, "_PROTOS", {})
    monkeypatch.setattr(pdf_pdfium, "_cffi_function", lambda *args: None)
    with_ctypes = _page_reading(_pdf())
    assert with_cffi == with_ctypes and with_cffi[2] and with_cffi[3]


# fmt: off
PATHS = [
    ("text only",        "none", False),
    ("a rule",           "page", True),
    ("a rule in a form", "form", True),
]
# fmt: on


@pytest.mark.parametrize("case,where,expected", PATHS)
def test_has_paths_sees_lines_on_the_page_and_in_forms(case, where, expected):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont(FONT, 12)
    c.drawString(72, 700, "表格")
    if where == "page":
        c.line(72, 690, 300, 690)
    elif where == "form":
        c.beginForm("rule")
        c.line(72, 690, 300, 690)
        c.endForm()
        c.doForm("rule")
    c.save()
    doc = pdf_pdfium.open_document(buf.getvalue())
    page = doc[0]
    try:
        assert pdf_pdfium.has_paths(page) is expected
    finally:
        page.close()
        doc.close()


def test_the_two_ways_of_finding_fake_bold_twins_agree():
    """A page with few text objects compares all pairs at once, one with many uses a grid: the same answer."""
    import random

    import numpy as np

    from policytext.io.pdf_pdfium import _twins, _twins_pairwise

    rng = random.Random(7)
    for _ in range(300):
        quads = []
        for _ in range(rng.randint(1, 40)):
            x, y = rng.uniform(50, 500), rng.uniform(50, 800)
            w = 0.001 if rng.random() < 0.01 else rng.uniform(5, 200)  # now and then an object of no width
            h = 12
            quads.append([x, y, x + w, y + h])
            for _ in range(rng.choice([0, 0, 1, 2])):  # drawn again, within or just beyond the tolerance
                dx, dy = rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2)
                quads.append([x + dx, y + dy, x + w + dx, y + h + dy])
        rng.shuffle(quads)
        assert _twins_pairwise(np.array(quads, dtype=np.float64), 842.0) == _twins(quads, 842.0)
