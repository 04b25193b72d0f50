"""Tests for policytext.eval.peers and `policytext evaluate peers`: the figures of score_peers.py."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from policytext.errors import DocumentLoadError
from policytext.eval.peers import evaluate_peers, format_report
from policytext.faces.cli import main

ROOT = Path(__file__).resolve().parents[1]
PEERS = ROOT.parent / "shared" / "peers"

#: The goals of issue 12 on the development half (policy subset).
PEER_GOALS = {"percent_policy_recall": 0.95, "number_policy_recall": 0.85, "date_policy_end_acc": 0.85}


def _write(d: Path, percent=(), number=(), date=()):
    for name, rows in (("percent", percent), ("number", number), ("date", date)):
        (d / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                         encoding="utf-8")


# fmt: off
# (kind, case, counted?, found?)
CASES = [
    ("percent", {"text": "增长百分之五", "expected": [{"span": "百分之五", "offset": [2, 6], "value": 5.0}]}, True, True),
    ("percent", {"text": "打八折", "expected": [{"span": "八折", "offset": [1, 3], "value": 80.0}]}, False, False),
    ("percent", {"text": "增長5%", "expected": [{"span": "5%", "offset": [2, 4], "value": 5.0}],
                 "meta": {"traditional": True}}, False, False),
    ("number",  {"text": "新建3所", "expected": [{"span": "3", "offset": [2, 3], "value": 3.0}]}, True, True),
    ("number",  {"text": "新建3所", "expected": [{"span": "3", "offset": [0, 1], "value": 3.0}]}, True, False),
    ("number",  {"text": "3.2k", "expected": [{"span": "3.2k", "offset": [0, 4], "value": 3200.0}]}, False, False),
    ("date",    {"text": "2020年底前完成", "reference": None,
                 "expected": [{"span": "2020年底", "offset": [0, 6], "start": "2020-12-01", "end": "2020-12-31"}]},
     True, True),
    ("date",    {"text": "下午三点开会", "reference": "2020-01-01",
                 "expected": [{"span": "下午三点", "offset": [0, 4], "start": "2020-01-01", "end": "2020-01-01"}]},
     False, False),
]
# fmt: on


@pytest.mark.parametrize("kind, case, counted, found", CASES)
def test_policy_subset_and_matching(tmp_path, kind, case, counted, found):
    _write(tmp_path, **{kind: [case]})
    s = evaluate_peers(tmp_path)
    n = {"percent": s.percent_policy_n, "number": s.number_policy_n, "date": s.date_policy_n}[kind]
    value = {"percent": s.percent_policy_recall, "number": s.number_policy_recall,
             "date": s.date_policy_end_acc}[kind]
    assert n == (1 if counted else 0)
    if counted:
        assert value == (1.0 if found else 0.0)
        assert len(s.misses) == (0 if found else 1)


def test_missing_folder_names_the_option(tmp_path):
    with pytest.raises(DocumentLoadError, match="--peers"):
        evaluate_peers(tmp_path / "nope")


def test_cli_prints_text_json_and_misses(tmp_path, capsys):
    _write(tmp_path, number=[CASES[4][1]])
    assert main(["evaluate", "peers", "--peers", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("peers (policy cases): percent recall n/a")
    assert main(["evaluate", "peers", "--peers", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["number_policy_recall"] == 0.0
    assert main(["evaluate", "peers", "--peers", str(tmp_path), "-v"]) == 0
    assert "misses (1):" in capsys.readouterr().out


@pytest.fixture(scope="module")
def peers_dir() -> Path:
    if not (PEERS / "score_peers.py").is_file():
        pytest.skip(f"{PEERS} is absent: the peer suites live in ../shared/peers beside the checkout")
    return PEERS


def test_same_figures_as_score_peers(peers_dir):
    ours = evaluate_peers(peers_dir).figures()
    env_path = str(ROOT)
    run = subprocess.run([sys.executable, str(peers_dir / "score_peers.py"), str(peers_dir)], capture_output=True,
                         text=True, env={"PYTHONPATH": env_path, "PATH": ""}, check=True, cwd=str(ROOT))
    assert json.loads(run.stdout) == ours


def _below_goal(peers_dir, keys):
    s = evaluate_peers(peers_dir)
    figures = s.figures()
    low = {k: figures[k] for k in keys if figures[k] is None or figures[k] < PEER_GOALS[k]}
    return low, format_report(s)


def test_peer_goals_percent_and_numbers(peers_dir):
    low, report = _below_goal(peers_dir, ("percent_policy_recall", "number_policy_recall"))
    assert not low, report


def test_peer_goal_dates(peers_dir):
    low, report = _below_goal(peers_dir, ("date_policy_end_acc",))
    assert not low, report
