"""Tests for `policytext targets` and `policytext evaluate targets` (run in-process)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from policytext.faces.cli import main
from policytext.export.targets import TARGET_COLUMNS

pytest.importorskip("policytext.document", reason="the document builder (year, outline) is not available")

PLAN = "2023年社区养老服务工作要点\n一、设施建设\n1.新建社区老年食堂12个、日间照料中心5个。\n2.到2025年底，社区养老服务设施覆盖率达到90%以上。\n"
REVIEW = "一、2022年工作回顾\n去年新建了社区老年食堂8个。\n"


@pytest.fixture()
def files(tmp_path):
    a = tmp_path / "要点.txt"
    a.write_text(PLAN, encoding="utf-8")
    b = tmp_path / "回顾.txt"
    b.write_text(REVIEW, encoding="utf-8")
    return tmp_path, a, b


def test_jsonl_has_doc_and_every_field(files, capsys):
    _, a, b = files
    assert main(["targets", str(a), str(b), "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["doc"], r["value"], r["unit"]) for r in rows] == [("要点.txt", 12.0, "个"), ("要点.txt", 5.0, "个"),
                                                               ("要点.txt", 90.0, "%")]
    for r in rows:
        assert set(TARGET_COLUMNS) <= set(r)
    assert rows[0]["deadline"] == "2023-12-31" and rows[0]["deadline_text"] is None
    assert rows[2]["deadline"] == "2025-12-31" and rows[2]["comparator"] == ">="


def test_csv_and_table(files, capsys):
    _, a, _ = files
    assert main(["targets", str(a), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0]) == list(TARGET_COLUMNS)
    assert [r["indicator"] for r in rows][:2] == ["新建社区老年食堂", "新建日间照料中心"]
    assert main(["targets", str(a)]) == 0
    out = capsys.readouterr().out
    assert "新建社区老年食堂" in out and "3 targets" in out


def test_missing_file_is_reported_and_others_still_run(files, capsys):
    tmp, a, _ = files
    assert main(["targets", str(tmp / "不存在.txt"), str(a), "--format", "jsonl"]) == 1
    captured = capsys.readouterr()
    assert "不存在.txt" in captured.err
    assert len(captured.out.splitlines()) == 3


def test_evaluate_targets_cli(files, capsys):
    tmp, a, _ = files
    gold = tmp / "gold.jsonl"
    lines = [
        {"doc": "要点.txt", "quote": "新建社区老年食堂12个", "indicator": "新建社区老年食堂", "value": 12,
         "value_max": None, "unit": "个", "comparator": "=", "deadline": "2023-12-31"},
        {"doc": "要点.txt", "quote": "护理型床位占比达到60%", "indicator": "护理型床位占比", "value": 60,
         "value_max": None, "unit": "%", "comparator": ">=", "deadline": "2023-12-31"},
    ]
    gold.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    assert main(["evaluate", "targets", "--gold", str(gold), "--docs", str(tmp), "-v"]) == 0
    out = capsys.readouterr().out
    assert "precision 0.333" in out and "recall 0.500" in out
    assert "misses (1)" in out and "护理型床位占比" in out
    assert "extras (2)" in out


def test_evaluate_targets_cli_bad_gold(files, capsys):
    tmp, _, _ = files
    gold = tmp / "gold.jsonl"
    gold.write_text("{oops\n", encoding="utf-8")
    assert main(["evaluate", "targets", "--gold", str(gold), "--docs", str(tmp)]) == 2
    assert "gold.jsonl" in capsys.readouterr().err


def test_evaluate_targets_cli_on_seeds(seeds_dir, gold_dir, capsys):
    assert main(["evaluate", "targets", "--gold", str(gold_dir / "seed-targets.jsonl"), "--docs", str(seeds_dir)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("targets: precision")
    assert "comparator accuracy" in out and "001_" in out
