"""Real .doc/.wps conversion through LibreOffice (not a stand-in script).

CI does not install LibreOffice, so the module skips there; on a machine with
``soffice`` (``apt-get install libreoffice-writer-nogui``) it converts real
Word 97 files that LibreOffice itself wrote.
"""
from __future__ import annotations

import io
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import policytext as pt
from policytext.errors import CorruptDocumentError, DocumentLoadError
from policytext.io import read

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")

# an invented work plan: title, outline, a target with a deadline, a responsibility, a table
PAGE = """<html><head><meta charset="utf-8"><title>2024年白沙县民政工作要点</title></head><body>
<p>2024年白沙县民政工作要点</p>
<p>一、兜底保障</p>
<p>（一）提高救助水平。到2024年底，新增护理型养老床位200张，由县民政局牵头，县财政局配合。</p>
<p>（二）加强动态监测。每季度开展一次低收入人口信息比对。</p>
<p>二、基层治理</p>
<p>（一）规范村务公开。9月30日前完成村务监督委员会换届。</p>
<table border="1"><tr><td>指标</td><td>目标值</td></tr><tr><td>护理型床位占比</td><td>60%</td></tr></table>
</body></html>
"""


@pytest.fixture(scope="module")
def real_doc(tmp_path_factory) -> Path:
    """A Word 97 file written by LibreOffice from an HTML page (tables survive this route)."""
    d = tmp_path_factory.mktemp("soffice")
    (d / "plan.html").write_text(PAGE, encoding="utf-8")
    profile = (d / "profile").as_uri()
    proc = subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                           "doc:MS Word 97", "--outdir", str(d), str(d / "plan.html")],
                          capture_output=True, text=True, timeout=180)
    out = d / "plan.doc"
    assert proc.returncode == 0 and out.exists(), proc.stderr
    assert out.read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")  # an OLE2 container: a real .doc
    return out


def _check(doc: pt.Document) -> None:
    assert doc.title == "2024年白沙县民政工作要点"
    assert doc.year == 2024 and doc.doc_type == "work_plan"
    assert [s.path for s in doc.sections] == ["一", "一/（一）", "一/（二）", "二", "二/（一）"]
    assert "指标\t目标值" in doc.text.splitlines() and "护理型床位占比\t60%" in doc.text.splitlines()


def test_doc_file_is_converted_and_analysed(real_doc):
    doc = pt.load(real_doc)
    assert doc.format == "doc" and doc.source == "plan.doc"
    _check(doc)
    targets = pt.extract_targets(doc)
    assert [(t.value, t.unit, str(t.deadline)) for t in targets][:1] == [(200.0, "张", "2024-12-31")]
    tasks = pt.to_tasks(doc, classify=False)
    assert tasks[0].lead == "县民政局" and tasks[0].co == ("县财政局",)


def test_doc_as_bytes_and_as_file_object(real_doc):
    data = real_doc.read_bytes()
    _check(pt.load(data))
    _check(pt.load(io.BytesIO(data)))


def test_wps_file(real_doc, tmp_path):
    # WPS files often arrive as Word 97 files under a .wps name
    wps = tmp_path / "plan.wps"
    shutil.copy(real_doc, wps)
    doc = pt.load(wps)
    assert doc.format == "wps"
    _check(doc)


def test_truncated_doc_is_a_clear_error(real_doc, tmp_path):
    bad = tmp_path / "坏文件.doc"
    bad.write_bytes(real_doc.read_bytes()[:3000])
    with pytest.raises(CorruptDocumentError) as e:
        pt.load(bad)
    assert str(e.value).startswith("坏文件.doc") and "LibreOffice" in str(e.value)


def test_timeout_is_a_clear_error(real_doc):
    with pytest.raises(DocumentLoadError) as e:
        pt.load(real_doc, timeout=0.01)
    assert "plan.doc" in str(e.value) and "timeout" in str(e.value)


def test_concurrent_conversions_do_not_collide(real_doc):
    # each conversion runs in its own throw-away LibreOffice profile
    with ThreadPoolExecutor(max_workers=3) as ex:
        docs = list(ex.map(lambda _: read(real_doc), range(3)))
    assert len({d.text for d in docs}) == 1 and "一、兜底保障" in docs[0].text
