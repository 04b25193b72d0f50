"""`policytext info`: metadata and outline as a tree or JSON, in-process."""
from __future__ import annotations

import json

import pytest

from policytext.faces.cli import main

SPEECH = ("分享到：微信 微博\n在全市民政工作会议上的讲话\n市民政局局长 王建国\n（2022年2月10日）\n同志们：\n"
          "一、总体要求\n（一）指导思想\n坚持以人民为中心。\n二、重点任务\n一要兜牢底线。二要发展养老。\n【打印】【关闭】\n")
PLAN = "全县民政工作要点\n一、兜底保障\n1.提高标准。\n2.扩大覆盖。\n二、养老服务\n3.建设设施。\n"


@pytest.fixture()
def files(tmp_path):
    a = tmp_path / "讲话.txt"
    a.write_text(SPEECH, encoding="utf-8")
    b = tmp_path / "要点.txt"
    b.write_text(PLAN, encoding="gb18030")
    return a, b


def test_info_prints_metadata_and_tree(files, capsys):
    assert main(["info", str(files[0])]) == 0
    out = capsys.readouterr().out
    for want in ("# 讲话.txt", "title: 在全市民政工作会议上的讲话", "date: 2022-02-10", "year: 2022",
                 "speaker: 王建国", "speaker_title: 市民政局局长", "doc_type: speech",
                 "sections: level 1: 2, level 2: 3"):
        assert want in out, want
    tree = out[out.index("一、总体要求"):].splitlines()
    assert tree[:5] == ["一、总体要求", "  （一）指导思想", "二、重点任务", "  一要兜牢底线", "  二要发展养老"]
    assert "分享到" not in out and "打印" not in out


def test_info_paths_and_reference_date(files, capsys):
    assert main(["info", "--paths", "--reference-date", "2021-06-01", str(files[1])]) == 0
    out = capsys.readouterr().out
    assert "year: 2021" in out and "doc_type: work_plan" in out
    assert "  1.提高标准  [一/1]" in out and "  3.建设设施  [二/3]" in out


def test_info_json(files, capsys):
    assert main(["info", "--json", str(files[0]), str(files[1])]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    d = json.loads(lines[0])
    assert d["title"] == "在全市民政工作会议上的讲话" and d["date"] == "2022-02-10" and d["speaker"] == "王建国"
    assert [s["path"] for s in d["sections"]] == ["一", "一/（一）", "二", "二/一要", "二/二要"]
    assert d["paragraphs"] > 0 and "text" not in d
    assert json.loads(lines[1])["doc_type"] == "work_plan"


def test_info_reports_bad_files_and_goes_on(files, tmp_path, capsys):
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    status = main(["info", str(tmp_path / "无.txt"), str(empty), str(files[0])])
    captured = capsys.readouterr()
    assert status == 1
    assert "无.txt" in captured.err and "空.txt" in captured.err
    assert "title: 在全市民政工作会议上的讲话" in captured.out


def test_info_seed_003_parts(seeds_dir, capsys):
    path = next(seeds_dir.glob("003_*.txt"))
    assert main(["info", str(path)]) == 0
    out = capsys.readouterr().out
    assert "3 parts" in out and out.count("── part") == 2
