"""policytext evaluate owners: responsible units of tasks against gold responsibility notes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policytext.eval.owners import OwnerNote, evaluate_owners, format_report, score_owners
from policytext.faces.cli import main

ROOT = Path(__file__).resolve().parents[1]
POLICIES = ROOT.parent / "shared" / "corpora" / "policies"


def test_score_owners_counts_roles_and_whole_names():
    gold = [OwnerNote("a.txt", 10, 20, ("工业和信息化部", "发展改革委"), ()),
            OwnerNote("a.txt", 40, 50, ("省民政厅",), ("省财政厅",))]
    tasks = {"a.txt": [(0, 30, ("工业和信息化部", "发展改革委"), ()), (30, 60, ("信息化部",), ("省财政厅",))]}
    r = score_owners(gold, tasks)
    assert (r.total.notes, r.total.exact) == (2, 1)
    assert (r.total.unit_matched, r.total.unit_pred, r.total.unit_gold) == (3, 4, 4)
    assert "total" in format_report(r, verbose=True)


def test_cli_on_a_small_corpus(tmp_path, capsys):
    text = "一、重点任务\n（一）建设平台。推进数据共享。（省大数据局牵头，省财政厅配合）\n（二）完善机制。加强协同。（各地区负责）\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "plan.txt").write_text(text, encoding="utf-8")
    notes = []
    for note, lead, co, scope in (("（省大数据局牵头，省财政厅配合）", ["省大数据局"], ["省财政厅"], []),
                                  ("（各地区负责）", [], [], ["各地区"])):
        s = text.index(note)
        notes.append({"doc": "plan.txt", "start": s, "end": s + len(note), "lead": lead, "co": co, "scope": scope})
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(n, ensure_ascii=False) for n in notes), encoding="utf-8")
    assert main(["evaluate", "owners", "--gold", str(gold), "--docs", str(tmp_path / "docs")]) == 0
    out = capsys.readouterr().out
    assert "plan.txt" in out and "1.000" in out


@pytest.mark.skipif(not POLICIES.exists(), reason="../shared/corpora/policies is not there")
def test_issue_13_dev_gold_owners():
    r = evaluate_owners(ROOT / "tests" / "data" / "gold-owners-dev.jsonl", POLICIES)
    assert r.total.exact_share >= 0.95 and r.total.units.f1 >= 0.98
