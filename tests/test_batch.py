"""Tests for policytext.batch: inputs, workers, failures, atomic output."""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from policytext.batch import ConvertResult, convert, find_inputs
from policytext.errors import DocumentLoadError, UnsupportedFormatError




def _names(paths):
    return [os.path.relpath(p).replace(os.sep, "/").split("in/", 1)[-1] for p in paths]


def test_find_inputs_files_folders_globs(corpus, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    files, missing = find_inputs(["in", "in/要点.txt", "in/**/*.txt", "in/nothing*.pdf", "in/无.txt"])
    # folder: recursive, known suffixes, sorted; duplicates dropped
    assert _names(files) == ["sub/通知.txt", "坏.docx", "空.txt", "要点.txt", "讲话.txt"]
    assert missing == [("in/nothing*.pdf", "no file matches this pattern"), ("in/无.txt", "no such file or directory")]
    files, _ = find_inputs(["in/*.csv"])  # a file named or matched explicitly is kept whatever its suffix
    assert _names(files) == ["说明.csv"]


def test_convert_skips_bad_files_and_reports_them(corpus, tmp_path):
    out = tmp_path / "任务.jsonl"
    r = convert(corpus, out, progress=False)
    assert isinstance(r, ConvertResult) and r.written and r.format == "jsonl"
    assert r.converted == 3
    failed = {os.path.basename(f): reason for f, reason in r.failed}
    assert set(failed) == {"坏.docx", "空.txt"} and all(failed.values())
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == r.tasks == len(r.task_list) and r.tasks >= 5
    assert {row["doc"] for row in rows} == {"要点.txt", "讲话.txt", "通知.txt"}
    assert r.exit_status() == 0 and r.exit_status(strict=True) == 1 and not r.ok
    assert "converted 3 of 5 files (2 failed)" in r.summary()


def test_jobs_2_gives_the_same_output_in_input_order(corpus, tmp_path):
    r1 = convert(corpus, tmp_path / "one.jsonl", jobs=1, progress=False)
    r2 = convert(corpus, tmp_path / "two.jsonl", jobs=2, progress=False)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert r1.failed == r2.failed and r1.files == r2.files
    ids = [t.id for t in r2.task_list]
    assert ids[0].startswith("通知-") and len(ids) == len(set(ids))


def test_strict_raises_the_first_error_and_writes_nothing(corpus, tmp_path):
    out = tmp_path / "任务.xlsx"
    with pytest.raises(DocumentLoadError) as e:
        convert(corpus, out, strict=True, progress=False)
    assert "坏.docx" in str(e.value)
    assert not out.exists() and os.listdir(tmp_path) == ["in"]


def test_nothing_converted_writes_nothing(tmp_path):
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    r = convert(tmp_path, tmp_path / "任务.xlsx", progress=False)
    assert r.converted == 0 and not r.written and r.exit_status() == 1
    assert not (tmp_path / "任务.xlsx").exists()


def test_same_file_names_in_two_folders_get_distinct_ids(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "通知.txt").write_text("各县区要在9月底前完成排查。\n", encoding="utf-8")
    r = convert(tmp_path, tmp_path / "x.jsonl", progress=False)
    assert len({t.id for t in r.task_list}) == 2 and len({t.doc for t in r.task_list}) == 2


def test_failure_while_writing_leaves_no_file(corpus, tmp_path, monkeypatch):
    import openpyxl.workbook.workbook as wbmod

    def boom(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK\x03\x04 half")
        raise OSError("No space left on device")

    monkeypatch.setattr(wbmod.Workbook, "save", boom)
    out = tmp_path / "任务.xlsx"
    with pytest.raises(OSError):
        convert(corpus, out, progress=False)
    assert sorted(os.listdir(tmp_path)) == ["in"]


def test_reference_date_and_errors_sheet(corpus, tmp_path):
    import openpyxl

    out = tmp_path / "任务.xlsx"
    r = convert([corpus / "sub", corpus / "坏.docx"], out, reference_date=dt.date(2022, 5, 1), progress=False)
    assert r.task_list[0].deadline == dt.date(2022, 9, 30)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["任务", "量化目标", "汇总", "错误"]
    assert os.path.basename(wb["错误"]["A2"].value) == "坏.docx"


def test_progress_bar_only_when_asked(corpus, tmp_path, capsys):
    convert(corpus / "sub", tmp_path / "a.csv", progress=False)
    assert capsys.readouterr().err == ""
    convert(corpus / "sub", tmp_path / "b.csv", progress=True)
    assert "1/1" in capsys.readouterr().err


def test_bad_output_format(corpus, tmp_path):
    with pytest.raises(UnsupportedFormatError) as e:
        convert(corpus, tmp_path / "x.rtf")
    assert "'rtf'" in str(e.value)
