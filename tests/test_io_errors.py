"""Load errors: every failure names the file and the reason; format detection and limits."""
from __future__ import annotations

import io
import stat
import sys

import docx
import pytest

from policytext.errors import (CorruptDocumentError, DecodeError, DocumentLoadError, DocumentTooLargeError,
                               EmptyDocumentError, EncryptedDocumentError, MissingDependencyError,
                               UnsupportedFormatError)
from policytext.io import FORMATS, detect_format, load, read

TEXT = "2023年青山县民政工作要点\n一、总体要求\n到2023年底，社区养老服务设施覆盖率达到95%以上。\n"


def _docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("一、总体要求")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _pdf() -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "一、总体要求")
    c.save()
    return buf.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504

# fmt: off
ERRORS = [
    # (id, file name, bytes or a builder, read() options, error, words in the message)
    ("empty",          "空文件.txt",   b"",                          {},                      EmptyDocumentError,     "empty"),
    ("blank-text",     "空白.txt",     "  \n\u3000\n".encode(),      {},                      EmptyDocumentError,     "no text"),
    ("junk",           "乱码.txt",     bytes(range(256)) * 4,        {},                      DecodeError,            "binary"),
    ("png",            "图片.txt",     b"\x89PNG\r\n\x1a\n" + b"x" * 50, {},                  UnsupportedFormatError, "PNG image"),
    ("rtf",            "通知.rtf",     b"{\\rtf1\\ansi 1}",          {},                      UnsupportedFormatError, "RTF"),
    ("xlsx-zip",       "表格.xlsx",    "zip",                        {},                      UnsupportedFormatError, "not a Word"),
    ("unknown-fmt",    "要点.txt",     TEXT.encode(),                {"format": "rtf"},       UnsupportedFormatError, "'txt', 'md', 'docx', 'pdf'"),
    ("pdf-as-docx",    "报告.pdf",     "pdf",                        {"format": "docx"},      UnsupportedFormatError, "content is pdf"),
    ("docx-as-pdf",    "要点.docx",    "docx",                       {"format": "pdf"},       UnsupportedFormatError, "content is docx"),
    ("text-as-pdf",    "讲话.txt",     TEXT.encode(),                {"format": "pdf"},       UnsupportedFormatError, "plain text"),
    ("misnamed-pdf",   "假的.pdf",     TEXT.encode(),                {},                      CorruptDocumentError,   "not a pdf"),
    ("too-large",      "大文件.txt",   TEXT.encode() * 100,          {"max_bytes": 1000},     DocumentTooLargeError,  "limit of 1000 bytes"),
    ("encrypted-ooxml", "加密.docx",   OLE2 + "EncryptedPackage".encode("utf-16-le"), {},    EncryptedDocumentError, "password"),
]
# fmt: on


def _bytes(spec):
    if spec == "zip":
        import zipfile

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
        return buf.getvalue()
    if spec == "pdf":
        return _pdf()
    if spec == "docx":
        return _docx()
    return spec


@pytest.mark.parametrize("case,name,spec,options,error,words", ERRORS, ids=[e[0] for e in ERRORS])
def test_errors_name_the_file_and_the_reason(tmp_path, case, name, spec, options, error, words):
    path = tmp_path / name
    path.write_bytes(_bytes(spec))
    with pytest.raises(error) as info:
        read(path, **options)
    message = str(info.value)
    assert message.startswith(f"{name}: "), message
    assert words in message
    assert isinstance(info.value, DocumentLoadError) and isinstance(info.value, OSError)
    assert info.value.source == name


@pytest.mark.parametrize("source,expected", [(b"", "<bytes>"), (io.BytesIO(b""), "<stream>")])
def test_errors_name_bytes_and_streams(source, expected):
    with pytest.raises(EmptyDocumentError, match=f"^{expected}: the file is empty"):
        read(source)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(DocumentLoadError, match="不存在.txt: no such file"):
        read(tmp_path / "不存在.txt")
    with pytest.raises(DocumentLoadError, match="is a directory"):
        read(tmp_path)
    with pytest.raises(DocumentLoadError, match="pass it as bytes"):
        read("一、总体要求\n二、重点任务")


def test_size_limit_from_the_environment(tmp_path, monkeypatch):
    path = tmp_path / "要点.txt"
    path.write_bytes(TEXT.encode() * 10)
    monkeypatch.setenv("POLICYTEXT_MAX_BYTES", "100")
    with pytest.raises(DocumentTooLargeError, match="要点.txt: .*limit of 100 bytes"):
        read(path)
    with pytest.raises(DocumentTooLargeError):
        read(io.BytesIO(path.read_bytes()))
    assert read(path, max_bytes=10_000).text  # an explicit limit wins
    monkeypatch.setenv("POLICYTEXT_MAX_BYTES", "lots")
    with pytest.raises(ValueError, match="POLICYTEXT_MAX_BYTES"):
        read(path)


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_invalid_max_bytes(bad):
    with pytest.raises(ValueError, match="max_bytes"):
        read(TEXT.encode(), max_bytes=bad)


def test_bad_source_type():
    with pytest.raises(TypeError, match="path .* bytes or a binary file object"):
        read(12345)


# fmt: off
DETECT = [
    # (bytes, suffix, format=, expected)
    ("pdf-any-suffix",  "pdf",  ".txt",  None,   "pdf"),
    ("docx-no-suffix",  "docx", "",      None,   "docx"),
    ("text-md",         TEXT.encode(), ".md", None, "md"),
    ("html-sniffed",    b"<!DOCTYPE html><html><body>x</body></html>", ".txt", None, "html"),
    ("text-as-html",    TEXT.encode(), "",  "html", "html"),
    ("html-as-txt",     b"<html><body>x</body></html>", "", "txt", "txt"),
    ("ole-doc",         OLE2,   ".doc",  None,   "doc"),
    ("ole-wps",         OLE2,   ".wps",  None,   "wps"),
    ("ole-asked-wps",   OLE2,   "",      "wps",  "wps"),
]
# fmt: on


@pytest.mark.parametrize("case,spec,suffix,fmt,expected", DETECT, ids=[d[0] for d in DETECT])
def test_detect_format_content_wins(case, spec, suffix, fmt, expected):
    assert detect_format(_bytes(spec), suffix=suffix, format=fmt) == expected
    assert expected in FORMATS


def test_legacy_doc_without_libreoffice_names_the_install(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYTEXT_SOFFICE", str(tmp_path / "no-soffice"))
    path = tmp_path / "旧通知.doc"
    path.write_bytes(OLE2)
    with pytest.raises(MissingDependencyError, match="旧通知.doc.*apt-get install libreoffice-writer"):
        read(path)


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a stand-in converter")
def test_legacy_conversion_times_out_and_never_hangs(tmp_path, monkeypatch):
    slow = tmp_path / "soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(slow.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("POLICYTEXT_SOFFICE", str(slow))
    path = tmp_path / "慢.wps"
    path.write_bytes(OLE2)
    with pytest.raises(CorruptDocumentError, match="慢.wps: LibreOffice did not convert the wps file within 1 s"):
        read(path, timeout=1)


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as a stand-in converter")
def test_legacy_conversion_output_is_read_as_docx(tmp_path, monkeypatch):
    # a stand-in for soffice that writes a real .docx where LibreOffice would
    converted = tmp_path / "converted.docx"
    converted.write_bytes(_docx())
    fake = tmp_path / "soffice"
    fake.write_text('#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\n'
                    f'cp "{converted}" "$2/input.docx"\n')
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("POLICYTEXT_SOFFICE", str(fake))
    path = tmp_path / "旧要点.doc"
    path.write_bytes(OLE2)
    ex = read(path)
    assert ex.format == "doc" and ex.source == "旧要点.doc"
    assert [b.text for b in ex.blocks] == ["一、总体要求"]


def test_load_returns_a_document_and_never_silently_empty(tmp_path):
    pytest.importorskip("policytext.document")
    path = tmp_path / "要点.txt"
    path.write_bytes(TEXT.encode("gbk"))
    doc = load(path)
    assert doc.source == "要点.txt" and doc.format == "txt"
    assert "覆盖率达到95%" in doc.text
    with pytest.raises(EmptyDocumentError, match="空.txt"):
        (tmp_path / "空.txt").write_bytes(b"\n\n")
        load(tmp_path / "空.txt")


# ---------------------------------------------------------------- bundled samples

SAMPLE_FILES = [("speech_qingshan_2023.txt", "txt"), ("workplan_bixi_2023.docx", "docx"),
                ("report_bixi_2022.pdf", "pdf"), ("notice_bixi_2023.html", "html")]


def _make_samples():
    import importlib.util
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name,fmt", SAMPLE_FILES)
def test_samples_are_committed_as_generated_and_readable(samples_dir, name, fmt):
    pytest.importorskip("reportlab")
    committed = (samples_dir / name).read_bytes()
    assert _make_samples().SAMPLES[name]() == committed, f"run corpora/samples/make_samples.py to rebuild {name}"
    ex = read(samples_dir / name)
    assert ex.format == fmt and ex.source == name and ex.warnings == ()
    assert "到2023年底" in ex.text and "牵头" in ex.text


@pytest.mark.parametrize("name,fmt", SAMPLE_FILES)
def test_load_samples_end_to_end(samples_dir, name, fmt):
    pytest.importorskip("policytext.document")
    doc = load(samples_dir / name)
    assert doc.source == name and doc.format == fmt
    assert "到2023年底" in doc.text
    if fmt == "pdf":
        assert doc.paragraphs and all(p.page in (1, 2) for p in doc.paragraphs)
        assert "— 1 —" not in doc.text and "碧溪县民政局\n" not in doc.text[:20]


def test_load_accepts_bytes_and_streams():
    pytest.importorskip("policytext.document")
    data = TEXT.encode("utf-16")
    assert load(data).source == "<bytes>"
    assert load(io.BytesIO(data)).source == "<stream>"
    assert load(data).text == load(io.BytesIO(data)).text
