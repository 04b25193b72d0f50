"""PDFium lines: the array path gives what the character-by-character code gives, line by line."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

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


# The same kinds of line in Helvetica, one of the standard fonts whose metrics PDFium has built in.
# fmt: off
LATIN = [
    (72, 760, 16, "1. General requirements", 2),
    (72, 730, 12, "By the end of 2025, coverage above 90%", 1),
    (72, 690, 12, "left", 1), (300, 690, 12, "right", 1),
    (72, 610, 14, "(1) Basic protection", 2),
]
# fmt: on


def _pdf(lines=LINES, font: str = FONT) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for x, y, size, text, copies in lines:
        c.setFont(font, size)
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
    return objects.paths, dropped, [list(b) for b in bold_boxes], [vars(ln) for ln in lines], n, unmapped


# A page read as in a reader's child process, where PDFium gets the box font (io/pdf_font.py) for CJK fonts a
# PDF does not embed, never the system's: in a new interpreter, as the test process's PDFium has mapped fonts.
_CHILD = """
import json, sys
sys.path.insert(0, sys.argv[2])
from policytext.io import limits, pdf_pdfium
limits.IN_READER_CHILD = True  # before this module is imported: its skip condition opens a PDF
import test_io_pdf_pdfium as t
if sys.argv[1] == "ctypes":
    pdf_pdfium._cffi_function = lambda *args: None
print(json.dumps(t._page_reading(sys.stdin.buffer.read())))
"""


def _read_in_child(data: bytes, calls: str = "cffi"):
    done = subprocess.run([sys.executable, "-c", _CHILD, calls, str(Path(__file__).parent)], input=data,
                          capture_output=True, check=True)
    return tuple(json.loads(done.stdout))


def _by_text(reading) -> dict:
    _, dropped, _, lines, n, unmapped = reading
    assert not dropped and unmapped == 0 and n > 0
    return {ln["text"]: ln for ln in lines}


def test_page_lines_mark_fake_bold_and_read_styles_with_the_box_font():
    """A non-embedded CJK font on any machine, with or without a CJK system font."""
    by_text = _by_text(_read_in_child(_pdf()))
    assert by_text["一、总体要求"]["bold"] and by_text["一、总体要求"]["size"] == 16.0
    assert not by_text["到2025年底，养老服务设施覆盖率达到90%以上"]["bold"]
    assert by_text["左侧 右侧文字"]["size"] == 12.0 and "。" in by_text


def _cjk_system_font() -> bool:
    """Whether PDFium finds a system font for the non-embedded STSong-Light in this (the caller's) process:
    without one, its text objects have no glyph boxes and a page with a one-character object is read by
    pdfplumber instead (see ``pdf_pdfium.text_objects``)."""
    return not _page_reading(_pdf([(96, 650, 12, "。", 1)]))[1]


@pytest.mark.skipif(not _cjk_system_font(),
                    reason="no CJK system font for PDFium in the caller's process (e.g. Debian's "
                           "fonts-wqy-microhei, which .ci/run installs); the reader's child needs none")
def test_page_lines_mark_fake_bold_with_a_cjk_system_font_in_the_callers_process():
    by_text = _by_text(_page_reading(_pdf()))
    assert by_text["一、总体要求"]["bold"] and by_text["一、总体要求"]["size"] == 16.0
    assert not by_text["到2025年底，养老服务设施覆盖率达到90%以上"]["bold"]


def test_page_lines_mark_fake_bold_in_a_standard_font_in_the_callers_process():
    by_text = _by_text(_page_reading(_pdf(LATIN, "Helvetica")))
    assert by_text["1. General requirements"]["bold"] and by_text["1. General requirements"]["size"] == 16.0
    assert by_text["(1) Basic protection"]["bold"] and by_text["(1) Basic protection"]["size"] == 14.0
    assert not by_text["By the end of 2025, coverage above 90%"]["bold"]


def test_cffi_and_ctypes_calls_read_the_same():
    """The C calls go through cffi's backend where it is installed, else ctypes: the same page either way."""
    pytest.importorskip("_cffi_backend")
    import ctypes

    assert pdf_pdfium._cffi_function(1, ctypes.c_int, (ctypes.c_void_p, ctypes.c_int)) is not None
    for data in (_pdf(), _pdf(LATIN, "Helvetica")):
        with_cffi, with_ctypes = _read_in_child(data, "cffi"), _read_in_child(data, "ctypes")
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
    """A page with few text objects looks at its sorted tops first (no twins when no two are within the
    tolerance), one with many goes to the grid at once: the same answer."""
    import random

    from policytext.io.pdf_pdfium import _twins, _twins_few

    rng = random.Random(7)
    for _ in range(300):
        quads = []
        for _ in range(rng.randint(1, 40)):
            x, y = rng.uniform(50, 500), rng.uniform(50, 800)
            w = 0.001 if rng.random() < 0.01 else rng.uniform(5, 200)  # now and then an object of no width
            h = 12
            quads.append([x, y, x + w, y + h])
            if rng.random() < 0.1:  # another object on the same line, no twin
                quads.append([x + 250, y, x + 260, y + h])
            for _ in range(rng.choice([0, 0, 1, 2])):  # drawn again, within or just beyond the tolerance
                dx, dy = rng.uniform(-1.2, 1.2), rng.uniform(-1.2, 1.2)
                quads.append([x + dx, y + dy, x + w + dx, y + h + dy])
        rng.shuffle(quads)
        assert _twins_few(quads, 842.0) == _twins(quads, 842.0)


def _sorted_chars(codes, index, top, x0, x1, bottom):
    """The characters in line order the long way: always sorted by top, then by line and x (both stable)."""
    import numpy as np

    order = np.argsort(top, kind="stable")
    jumps = np.diff(top[order]) > pdf_pdfium.Y_TOLERANCE
    line_id = np.concatenate(([0], np.cumsum(jumps)))
    order = order[np.lexsort((x0[order], line_id))]
    return ([0, *(np.flatnonzero(jumps) + 1).tolist(), len(order)], codes[order].tolist(), index[order].tolist(),
            *(a[order].tolist() for a in (top, x0, x1, bottom)))


@pytest.mark.parametrize("seed", range(40))
def test_characters_in_line_order_already_are_not_sorted_again(seed, monkeypatch):
    """A page drawn top to bottom and left to right skips the sorts; every other order is sorted as before."""
    import numpy as np

    def no_sort(*args, **kwargs):
        raise AssertionError("a page in reading order was sorted")

    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    top = np.round(rng.uniform(0, 40, n), 1)
    x0 = np.round(rng.uniform(0, 100, n), 0)  # ties on both
    if seed % 4 < 3:
        top = np.sort(top)  # most pages: top to bottom
    if seed % 4 == 0:
        x0 = x0[np.lexsort((x0, np.concatenate(([0], np.cumsum(np.diff(top) > pdf_pdfium.Y_TOLERANCE)))))]
    if seed % 8 == 1:
        top[n // 2] = np.nan
    if seed % 8 == 2:
        x0[0] = np.nan
    codes = rng.integers(0x4E00, 0x4E10, n).astype("<u4")
    index = np.arange(n) * 2
    x1, bottom = x0 + 12, top + 12
    if seed % 4 == 0:  # in reading order already (and no NaN): neither sort runs
        monkeypatch.setattr(np, "argsort", no_sort)
        monkeypatch.setattr(np, "lexsort", no_sort)
    chars = pdf_pdfium._Chars(codes, index, top, x0, x1, bottom)
    monkeypatch.undo()
    got = (chars.bounds, [ord(ch) for ch in chars.text], chars.index,
           *(a.tolist() for a in (chars.top, chars.x0, chars.x1, chars.bottom)))
    assert str(got) == str(_sorted_chars(codes, index, top, x0, x1, bottom))  # as text: NaN is NaN


@pytest.mark.parametrize("seed", range(20))
def test_lines_drawn_out_of_order_are_sorted_by_top_only(seed, monkeypatch):
    """A page that draws its lines out of order (its footer first), each line left to right, is sorted by top
    only; a line drawn right to left is sorted by x as well."""
    import numpy as np

    def no_sort(*args, **kwargs):
        raise AssertionError("lines drawn left to right were sorted by x")

    rng = np.random.default_rng(seed)
    lines = []
    for k in range(int(rng.integers(2, 12))):
        n = int(rng.integers(1, 8))
        lines.append((np.full(n, 20.0 * k), np.sort(np.round(rng.uniform(0, 100, n), 0))))  # ties on x
    rng.shuffle(lines)
    backwards = seed % 4 == 3
    if backwards:
        lines[0] = (lines[0][0], lines[0][1][::-1].copy())
    top = np.concatenate([t for t, _ in lines])
    x0 = np.concatenate([x for _, x in lines])
    n = len(top)
    codes = rng.integers(0x4E00, 0x4E10, n).astype("<u4")
    index = np.arange(n) * 2
    x1, bottom = x0 + 12, top + 12
    if not backwards:
        monkeypatch.setattr(np, "lexsort", no_sort)
    chars = pdf_pdfium._Chars(codes, index, top, x0, x1, bottom)
    monkeypatch.undo()
    got = (chars.bounds, [ord(ch) for ch in chars.text], chars.index,
           *(a.tolist() for a in (chars.top, chars.x0, chars.x1, chars.bottom)))
    assert got == _sorted_chars(codes, index, top, x0, x1, bottom)
