"""Legacy .doc/.wps reading with a real LibreOffice, from a .docx built with python-docx.

The module builds an invented work plan with python-docx, has LibreOffice write
it as a real Word 97 ``.doc`` (once per module), and checks that
``policytext.load`` on that ``.doc`` gives what the ``.docx`` reader gives on the
original: text, title, date, outline. It also checks bytes and file objects,
a ``.wps`` (a Word 97 file under a .wps name, the usual way WPS files arrive),
damaged files, the timeout (nothing left behind, no process left running) and
conversions running at the same time (each has its own LibreOffice profile).

CI does not install LibreOffice, so the whole module is skipped there.
"""
from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest

import policytext as pt
from policytext.errors import CorruptDocumentError
from policytext.io.legacy import ole_streams

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) not installed: apt-get install libreoffice-writer-nogui")

OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")

# fmt: off
# an invented work plan: (style, text); style None is a plain paragraph
BODY = [
    ("Title", "2025年青川县民政工作要点"),
    (None,    "为做好2025年全县民政工作，结合本县实际，制定本要点。"),
    (None,    "一、兜底保障"),
    (None,    "（一）完善养老服务。到2025年底，新增养老床位200张，由县民政局牵头，县财政局配合。"),
    (None,    "（二）加强动态监测。每季度开展一次低收入人口信息比对。"),
    (None,    "二、基层治理"),
    (None,    "（一）规范村务公开。9月30日前完成村务监督委员会换届。"),
    ("table", [("指标", "目标值"), ("护理型床位占比", "60%")]),
    # Word always ends a document with a paragraph; LibreOffice 7.4 drops a table
    # that ends a .docx when it writes Word 97, so the plan ends like a real one
    (None,    "青川县民政局"),
    (None,    "2025年2月10日"),
]
# seconds after which LibreOffice is busy with the 2,000-paragraph file (about 3.5 s in all)
BUSY = 1.5
SECTIONS = ["一", "一/（一）", "一/（二）", "二", "二/（一）"]
# the damaged files: (name, how to make them from the real .doc, what the message says)
DAMAGED = [
    ("truncated",      lambda d: d[:4096],                                   "could not convert the doc file"),
    ("magic+random",   lambda d: OLE2_MAGIC + os.urandom(len(d)),            "holds no Word or Works document"),
    ("header+random",  lambda d: d[:512] + os.urandom(len(d) - 512),         "holds no Word or Works document"),
    ("random",         lambda d: os.urandom(len(d)),                         "content is not a doc document"),
]
# fmt: on


def _build_docx(path: Path, body) -> None:
    d = docx.Document()
    for style, content in body:
        if style == "table":
            table = d.add_table(rows=len(content), cols=len(content[0]))
            for r, row in enumerate(content):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            d.add_paragraph(content, style=style)
    d.save(path)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """``(docx, doc, big_doc)``: the python-docx original, LibreOffice's Word 97 copy of it, and a
    6,000-paragraph Word 97 file that LibreOffice needs several seconds for (to interrupt it mid-run)."""
    d = tmp_path_factory.mktemp("legacy_real")
    src, big = d / "工作要点.docx", d / "大文件.docx"
    _build_docx(src, BODY)
    _build_docx(big, [(None, f"（{i}）到2025年底，新增养老床位{i}张，由县民政局牵头。") for i in range(1, 6001)])
    proc = subprocess.run(["soffice", f"-env:UserInstallation={(d / 'profile').as_uri()}", "--headless",
                           "--convert-to", "doc:MS Word 97", "--outdir", str(d), str(src), str(big)],
                          capture_output=True, timeout=300)
    out, big_out = d / "工作要点.doc", d / "大文件.doc"
    assert proc.returncode == 0 and out.exists() and big_out.exists(), proc.stderr.decode("utf-8", "replace")
    data = out.read_bytes()
    assert data.startswith(OLE2_MAGIC) and "WordDocument" in ole_streams(data)  # a real Word 97 file
    return src, out, big_out


@pytest.fixture(scope="module")
def reference(files):
    return pt.load(files[0])


@pytest.fixture(scope="module")
def loaded(files):
    return pt.load(files[1])


@pytest.fixture()
def private_tmp(tmp_path, monkeypatch):
    """An empty directory for the test's temporary files: policytext's and, through TMPDIR, LibreOffice's."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setenv("TMPDIR", str(tmp))
    return tmp


def _running_with(path: Path) -> list:
    """Processes whose command line mentions ``path``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if str(path) in cmdline:
            found.append((proc.name, cmdline.replace("\0", " ")))
    return found


def test_doc_reads_like_the_original_docx(loaded, reference):
    assert loaded.format == "doc" and loaded.source == "工作要点.doc"
    assert loaded.text == reference.text
    assert [s.path for s in loaded.sections] == [s.path for s in reference.sections] == SECTIONS
    for field in ("title", "date", "year", "doc_type"):
        assert getattr(loaded, field) == getattr(reference, field), field


def test_doc_text_metadata_and_outline(loaded):
    lines = loaded.text.splitlines()
    assert loaded.title == "2025年青川县民政工作要点"
    assert loaded.year == 2025 and loaded.doc_type == "work_plan"
    assert str(loaded.date) == "2025-02-10"
    assert [s.heading for s in loaded.sections][:2] == ["兜底保障", "完善养老服务"]
    assert "指标\t目标值" in lines and "护理型床位占比\t60%" in lines
    assert "（一）完善养老服务。到2025年底，新增养老床位200张，由县民政局牵头，县财政局配合。" in lines


def test_doc_target_with_deadline(loaded):
    target = next(t for t in pt.extract_targets(loaded) if t.unit == "张")
    assert target.value == 200.0 and str(target.deadline) == "2025-12-31"
    assert loaded.text[target.start:target.end] == target.text


# fmt: off
SOURCES = [
    ("bytes",      lambda p: p.read_bytes(),             "<bytes>"),
    ("BytesIO",    lambda p: io.BytesIO(p.read_bytes()), "<stream>"),
    ("open file",  lambda p: open(p, "rb"),              "工作要点.doc"),
]
# fmt: on


@pytest.mark.parametrize("kind,make,source", SOURCES, ids=[s[0] for s in SOURCES])
def test_doc_from_bytes_and_file_objects(files, reference, kind, make, source):
    src = make(files[1])
    try:
        doc = pt.load(src)
    finally:
        if hasattr(src, "close"):
            src.close()
    assert doc.format == "doc" and doc.source == source
    assert doc.text == reference.text and [s.path for s in doc.sections] == SECTIONS


def test_wps_named_file(files, reference, tmp_path):
    wps = tmp_path / "工作要点.wps"
    shutil.copy(files[1], wps)
    doc = pt.load(wps)
    assert doc.format == "wps" and doc.source == "工作要点.wps"
    assert doc.text == reference.text and doc.title == reference.title


@pytest.mark.parametrize("case,damage,reason", DAMAGED, ids=[d[0] for d in DAMAGED])
def test_damaged_doc_is_a_clear_error(files, tmp_path, private_tmp, case, damage, reason):
    bad = tmp_path / "损坏.doc"
    bad.write_bytes(damage(files[1].read_bytes()))
    with pytest.raises(CorruptDocumentError) as e:
        pt.load(bad)
    message = str(e.value)
    assert message.startswith("损坏.doc: ") and reason in message, message
    assert "javaldx" not in message  # LibreOffice's Java warning is not the reason
    assert list(private_tmp.iterdir()) == []


def test_success_leaves_nothing_behind(files, private_tmp):
    assert pt.load(files[1]).title == "2025年青川县民政工作要点"
    assert list(private_tmp.iterdir()) == []


def test_timeout_kills_libreoffice_and_leaves_nothing_behind(files, private_tmp):
    # LibreOffice has started (its lu*.tmp exist) but not finished the big file when time is up
    start = time.perf_counter()
    with pytest.raises(CorruptDocumentError) as e:
        pt.load(files[2], timeout=BUSY)
    assert time.perf_counter() - start < BUSY + 5
    assert str(e.value) == ("大文件.doc: LibreOffice did not convert the doc file within 1.5 s "
                            "(raise timeout= if the file is large)")
    assert _running_with(private_tmp) == []
    assert list(private_tmp.iterdir()) == []  # no profile, no LibreOffice lu*.tmp, no half-written .docx


def _interrupt(signum, frame):
    raise KeyboardInterrupt


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs signal.setitimer (POSIX)")
def test_interrupt_kills_libreoffice_and_leaves_nothing_behind(files, private_tmp):
    # Ctrl-C in a notebook while LibreOffice (in its own session, so it never sees the SIGINT) converts
    previous = signal.signal(signal.SIGALRM, _interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, BUSY)
        with pytest.raises(KeyboardInterrupt):
            pt.load(files[2])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert _running_with(private_tmp) == []
    assert list(private_tmp.iterdir()) == []


def test_concurrent_conversions_do_not_collide(files, reference, tmp_path):
    wps = tmp_path / "工作要点.wps"
    shutil.copy(files[1], wps)
    with ThreadPoolExecutor(max_workers=2) as pool:
        docs = list(pool.map(pt.load, [files[1], wps]))
    assert [d.format for d in docs] == ["doc", "wps"]
    assert all(d.text == reference.text for d in docs)
