"""Issue 10: hostile and broken input. Every case builds a real file and checks what ``load`` does with it.

Hang cases run under a 30 s alarm with a reader timeout of 2 s, so a regression fails instead of hanging.
"""
from __future__ import annotations

import io
import os
import signal
import time
import zlib

import pytest

import policytext as pt
from policytext import errors
from policytext.io import read

BODY = "一、到2025年底，全市养老服务设施覆盖率达到95%以上。"


# ----------------------------------------------------------------------------- builders


def raw_pdf(objs, root=1):
    """A PDF from raw object bodies (1..n) with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    x = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for o in offs:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, root, x))
    return out.getvalue()


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def page_pdf(stream_obj, page_extra=b" /MediaBox [0 0 612 792]"):
    return raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                    b"<< /Type /Page /Parent 2 0 R" + page_extra
                    + b" /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
                    stream_obj, FONT])


def content(data, *, compress=False, length=None):
    extra = b""
    if compress:
        data = zlib.compress(data, 9)
        extra = b" /Filter /FlateDecode"
    n = b"%d" % len(data) if length is None else length
    return b"<< /Length " + n + extra + b" >>\nstream\n" + data + b"\nendstream"


TEXT_OPS = b"BT /F1 12 Tf 72 700 Td (Hello policy text) Tj ET"


def flate_bomb(size):
    c = zlib.compressobj(9)
    chunk = bytes(1 << 24)
    data = b"".join(c.compress(chunk) for _ in range(size >> 24)) + c.flush()
    return page_pdf(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")


def numbered_docx(fmt, start, n=3):
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    d = docx.Document()
    for i in range(n):
        d.add_paragraph(f"第{i}项，加强养老服务。")
    numbering = d.part.numbering_part.element
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering.append(parse_xml(f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
                               f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for p in d.paragraphs:
        p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def zip_needs_version(data, version=99):
    """Set "version needed to extract" of every central-directory entry (zipfile: NotImplementedError)."""
    b = bytearray(data)
    i = 0
    while (i := b.find(b"PK\x01\x02", i)) >= 0:
        b[i + 6:i + 8] = version.to_bytes(2, "little")
        i += 4
    return bytes(b)


def nested_html(depth):
    return ("<html><head><title>通知</title></head><body>" + "<div>" * depth + f"<p>{BODY}</p>" + "</div>" * depth
            + "</body></html>").encode("utf-8")


@pytest.fixture()
def deadline():
    """Fail (instead of hanging) when the test body runs longer than 30 s."""
    def on_alarm(signum, frame):
        raise AssertionError("hung: more than 30 s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(30)
    t0 = time.monotonic()
    yield t0
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


@pytest.fixture(params=["isolated", "in-process"])
def isolation(request, monkeypatch):
    """Run a case with readers in a child process (default) and in-process (POLICYTEXT_ISOLATE=0)."""
    if request.param == "in-process":
        monkeypatch.setenv("POLICYTEXT_ISOLATE", "0")
    return request.param


# ----------------------------------------------------------------------------- special files


def test_issue_10_fifo_named_txt_is_refused_not_read(tmp_path, deadline):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    with pytest.raises(errors.DocumentLoadError, match="FIFO") as exc:
        pt.load(fifo)
    assert str(exc.value).startswith("x.txt: is a FIFO")


def test_issue_10_device_and_directory_are_named(tmp_path, deadline):
    with pytest.raises(errors.DocumentLoadError, match="character device"):
        pt.load("/dev/zero")
    with pytest.raises(errors.DocumentLoadError, match="is a directory"):
        pt.load(tmp_path)


# ----------------------------------------------------------------------------- PDF


def test_issue_10_pdf_flate_bomb_is_stopped(isolation, deadline):
    bomb = flate_bomb(256 << 20)  # 256 MB of zeros in a 250 KB stream (the reported file had 1 GB)
    assert len(bomb) < 1 << 20
    with pytest.raises(errors.DocumentTooLargeError, match="decompression bomb"):
        pt.load(bomb, timeout=60)
    assert time.monotonic() - deadline < 30


def test_issue_10_timeout_holds_inside_a_page(deadline):
    slow = page_pdf(content(b"0 0 m 1 1 l " * 4_000_000, compress=True))  # one page, 48 MB of path operators
    with pytest.raises(errors.DocumentTimeoutError, match="timeout of 2 s") as exc:
        pt.load(slow, timeout=2)
    assert isinstance(exc.value, TimeoutError)
    assert time.monotonic() - deadline < 30


# fmt: off
DAMAGED_PDFS = [
    ("missing MediaBox", page_pdf(content(TEXT_OPS), page_extra=b"")),
    ("self-referencing /Length", page_pdf(content(TEXT_OPS, length=b"4 0 R"))),
    ("/Parent cycle", raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                               b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>",
                               b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"])),
    ("garbage xref", b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nxref\nzz\n%%EOF\n"),
]
# fmt: on


@pytest.mark.parametrize("what,data", DAMAGED_PDFS, ids=[d[0] for d in DAMAGED_PDFS])
def test_issue_10_damaged_pdf_errors_stay_in_the_hierarchy(what, data, isolation, deadline):
    with pytest.raises(errors.DocumentLoadError) as exc:
        pt.load(data, engine="pdfplumber")
    assert str(exc.value).startswith("<bytes>: ")
    try:  # PDFium (the default engine) repairs some of them: a document, or an error in the hierarchy
        pt.load(data)
    except errors.DocumentLoadError as e:
        assert str(e).startswith("<bytes>: ")


def test_issue_10_error_from_close_never_replaces_the_real_one(monkeypatch, deadline):
    import pdfplumber.pdf

    monkeypatch.setenv("POLICYTEXT_ISOLATE", "0")

    def broken_close(self):
        raise RuntimeError("close failed")

    monkeypatch.setattr(pdfplumber.pdf.PDF, "close", broken_close)
    with pytest.raises(errors.ScannedDocumentError):  # the real error: a page without text
        pt.load(page_pdf(content(b"0 0 m 100 100 l S")))
    ok = pt.load(page_pdf(content(b"BT /F1 12 Tf 72 700 Td (" + b"Policy text line. " * 3 + b") Tj ET")))
    assert "Policy text line." in ok.text


# ----------------------------------------------------------------------------- docx


# fmt: off
ABSURD_COUNTERS = [
    ("upperLetter", 2_000_000_000, "2000000000、"),
    ("upperRoman", 10**12, "1000000000000、"),
    ("chineseLegalSimplified", 10**16, "10000000000000000、"),
    ("chineseCounting", 10**17, "100000000000000000、"),
    ("upperLetter", 28, "BB、"),  # a normal counter is still styled
]
# fmt: on


@pytest.mark.parametrize("fmt,start,marker", ABSURD_COUNTERS)
def test_issue_10_absurd_docx_counters_are_plain_numbers(fmt, start, marker, deadline):
    doc = pt.load(numbered_docx(fmt, start))
    assert marker in doc.text
    assert len(doc.text) < 200
    assert time.monotonic() - deadline < 30


def test_issue_10_zip_version_flag_is_a_corrupt_document(deadline):
    data = zip_needs_version(numbered_docx("decimal", 1))
    with pytest.raises(errors.CorruptDocumentError, match="zip file version"):
        pt.load(data)


def test_issue_10_docx_part_limit(monkeypatch):
    from policytext.io import docx as docx_reader

    monkeypatch.setattr(docx_reader, "MAX_PART", 1000)
    with pytest.raises(errors.CorruptDocumentError, match="per part"):
        read(numbered_docx("decimal", 1, n=50))


# ----------------------------------------------------------------------------- text budget


def test_issue_10_million_one_character_lines_are_refused_early(deadline):
    with pytest.raises(errors.DocumentTooLargeError, match="1000000 lines"):
        pt.load(b"a\n" * 1_000_000)
    assert time.monotonic() - deadline < 10


def test_issue_10_character_budget():
    with pytest.raises(errors.DocumentTooLargeError, match="max_chars"):
        read((BODY + "\n").encode("utf-8") * 100, max_chars=500)
    assert len(read((BODY + "\n").encode("utf-8") * 100).text) > 500


# ----------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("depth", [300, 1000, 2000])
def test_issue_10_deep_html_is_read_fully(depth, deadline):
    doc = pt.load(nested_html(depth))
    assert "养老服务设施覆盖率达到95%以上" in doc.text


def test_issue_10_html_deeper_than_the_parser_allows_fails_clearly(deadline):
    with pytest.raises(errors.CorruptDocumentError, match="Excessive depth"):
        pt.load(nested_html(5000))


def test_issue_10_html_after_a_10_mb_attribute_is_read(deadline):
    page = ('<html><head><title>通知</title></head><body><div data-x="' + "a" * (10 * 1024 * 1024 + 10)
            + f'"></div><p>{BODY}</p></body></html>').encode("utf-8")
    assert "养老服务设施覆盖率达到95%以上" in pt.load(page).text


@pytest.mark.parametrize("charset", ["unicode_escape", "raw_unicode_escape", "rot13", "base64", "hex", "utf-7",
                                     "idna"])
def test_issue_10_unsafe_charset_declarations_are_ignored(charset):
    page = (f'<html><head><meta charset="{charset}"><title>通知</title></head><body>'
            f'<p>{BODY}\\u0041 +AGEAYgBj-</p></body></html>').encode("utf-8")
    text = pt.load(page).text
    assert BODY in text and "\\u0041 +AGEAYgBj-" in text


# ----------------------------------------------------------------------------- foreign exceptions


def test_issue_10_foreign_exceptions_are_wrapped_with_the_file_name(tmp_path, monkeypatch):
    from policytext.io import LOADERS

    def boom(data, **kw):
        raise KeyError("lxml went wrong")

    monkeypatch.setitem(LOADERS, "txt", boom)
    p = tmp_path / "讲话.txt"
    p.write_text(BODY, encoding="utf-8")
    with pytest.raises(errors.CorruptDocumentError, match=r"^讲话.txt: .*KeyError: 'lxml went wrong'"):
        pt.load(p)
