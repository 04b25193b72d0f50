"""``policytext convert`` in-process through ``policytext.faces.cli.main``."""
from __future__ import annotations

import os

import pytest

from policytext.faces.cli import main




# fmt: off
CASES = [
    # extra args, expected status
    ([], 0),
    (["--strict"], 1),
    (["--jobs", "2"], 0),
    (["--jobs", "2", "--strict"], 1),
]
# fmt: on


@pytest.mark.parametrize("extra,status", CASES)
def test_convert_with_a_corrupt_file(corpus, tmp_path, capsys, extra, status):
    import openpyxl

    out = tmp_path / "任务.xlsx"
    assert main(["convert", str(corpus), "-o", str(out), "--no-progress", *extra]) == status
    err = capsys.readouterr().err
    assert f"skipped {corpus / '坏.docx'}:" in err and f"skipped {corpus / '空.txt'}:" in err
    assert "converted 3 of 5 files (2 failed)" in err and "tasks" in err and "targets" in err
    wb = openpyxl.load_workbook(out)  # the others are converted and written, also with --strict
    docs = {c.value for c in wb["任务"]["B"][1:]}
    assert docs == {"要点.txt", "讲话.txt", "通知.txt"}
    assert wb["错误"].max_row == 3
    assert os.listdir(tmp_path) == ["in", "任务.xlsx"] or sorted(os.listdir(tmp_path)) == ["in", "任务.xlsx"]


def test_all_bad_exits_non_zero(tmp_path, capsys):
    (tmp_path / "坏.docx").write_bytes(b"PK\x03\x04 broken")
    out = tmp_path / "任务.csv"
    assert main(["convert", str(tmp_path / "坏.docx"), str(tmp_path / "无此文件.txt"), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "坏.docx" in err and "无此文件.txt: no such file or directory" in err
    assert not out.exists()


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "md", "json"])
def test_output_formats(corpus, tmp_path, suffix):
    out = tmp_path / f"tasks.{suffix}"
    assert main(["convert", str(corpus / "要点.txt"), "-o", str(out), "--reference-date", "2021-01-01"]) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert "实施居家养老服务改革" in text


def test_unknown_output_format_is_an_error(corpus, tmp_path, capsys):
    assert main(["convert", str(corpus), "-o", str(tmp_path / "x.docx")]) == 2
    assert "'docx'" in capsys.readouterr().err


def test_samples_main_command(samples_dir, tmp_path):
    """The README's main command: the bundled samples to a real Excel file."""
    import openpyxl

    if not samples_dir.exists() or not any(samples_dir.iterdir()):
        pytest.skip("corpora/samples/ is not there yet")
    out = tmp_path / "tasks.xlsx"
    assert main(["convert", str(samples_dir), "-o", str(out), "--no-progress"]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb["任务"].max_row > 5 and wb["汇总"].max_row > 3


def test_files_without_tasks_are_named(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "要点.txt").write_text("2024年民政工作要点\n一、提高救助水平\n1.年底前将低保标准提高到每人每月700元。\n",
                                    encoding="utf-8")
    (folder / "简讯.txt").write_text("本报讯 昨日天气晴朗，气温适宜。\n", encoding="utf-8")
    assert main(["convert", str(folder), "-o", str(tmp_path / "t.csv"), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "no task found in" in err and "简讯.txt" in err and "1 gave no task" in err


# fmt: off
LANG_CASES = [
    # (suffix, --lang, the header the file must hold)
    ("csv", None, "编号,文件,章节"),
    ("csv", "zh", "编号,文件,章节"),
    ("csv", "en", "id,doc,section"),
    ("jsonl", None, '{"id": '),
    ("jsonl", "zh", '{"编号": '),
    ("json", "zh", '"编号": '),
]
# fmt: on


@pytest.mark.parametrize("suffix,lang,expected", LANG_CASES)
def test_issue_15_lang_names_columns_and_labels(corpus, tmp_path, suffix, lang, expected):
    out = tmp_path / f"tasks.{suffix}"
    argv = ["convert", str(corpus / "要点.txt"), "-o", str(out), "--reference-date", "2021-01-01", "--no-progress"]
    assert main(argv + (["--lang", lang] if lang else [])) == 0
    text = out.read_text(encoding="utf-8-sig")
    assert expected in text
    if lang == "en":
        assert "binding" in text or "neutral" in text
    elif suffix == "csv":
        assert "约束性" in text or "一般" in text


def test_issue_15_bad_lang_is_refused(corpus, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["convert", str(corpus / "要点.txt"), "-o", str(tmp_path / "t.csv"), "--lang", "fr"])
    assert "--lang" in capsys.readouterr().err
