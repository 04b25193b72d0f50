"""The box font PDFium substitutes for CJK fonts a PDF does not embed (in the reader's child process)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from policytext.io.pdf_font import GLYPH_BOX, UNITS_PER_EM, box_font

# fmt: off
CODE_POINTS = [0x41, 0x3002, 0x4E2D, 0xFF05, 0x20000]  # A 。 中 ％ 𠀀
# fmt: on


def test_box_font_is_small_and_cached():
    data = box_font()
    assert data[:4] == b"\x00\x01\x00\x00" and len(data) < 1024
    assert box_font() is data


@pytest.mark.parametrize("cp", CODE_POINTS)
def test_every_code_point_has_the_box_glyph(cp):
    ttlib = pytest.importorskip("fontTools.ttLib")
    import io

    font = ttlib.TTFont(io.BytesIO(box_font()))
    assert font["head"].unitsPerEm == UNITS_PER_EM
    assert font.getBestCmap()[cp] == font.getGlyphOrder()[1]
    glyph = font["glyf"][font.getGlyphOrder()[1]]
    assert (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) == GLYPH_BOX


def test_issue_11_one_character_cjk_line_is_read_by_pdfium_without_the_pdfplumber_fallback():
    """A fresh process, so that no earlier test has made this process's PDFium map fonts."""
    pytest.importorskip("reportlab")
    code = textwrap.dedent("""
        import io
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas
        import policytext.io.pdf as pdf
        from policytext.io import read

        def no_fallback(*a, **k):
            raise AssertionError("pdfplumber fallback used")

        pdf._plumber_page = no_fallback
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        buf = io.BytesIO()
        c = canvas.Canvas(buf, invariant=1)
        c.setFont("STSong-Light", 12)
        for y, text in ((760, "到2025年底，覆盖率达到90"), (740, "%"), (720, "一、总体要求"), (700, "。")):
            c.drawString(72, y, text)
        c.save()
        print(repr(read(buf.getvalue()).text))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "到2025年底，覆盖率达到90%" in out.stdout and "。" in out.stdout
