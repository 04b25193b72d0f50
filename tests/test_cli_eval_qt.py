"""`policytext evaluate quantities|times` in-process."""
import json
from pathlib import Path

import pytest

from policytext.faces.cli import main

DATA = Path(__file__).parent / "data"

# fmt: off
CASES = [
    ("quantities", DATA / "gold-quantities.jsonl", "quantities:"),
    ("times", DATA / "gold-times.jsonl", "times:"),
]
# fmt: on


@pytest.mark.parametrize("what,gold,head", CASES)
def test_evaluate_prints_scores(what, gold, head, capsys):
    assert main(["evaluate", what, "--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(head) and "precision" in out and "F1" in out


@pytest.mark.parametrize("what,key", [("quantities", "quantities"), ("times", "times")])
def test_verbose_lists_misses_and_extras(what, key, tmp_path, capsys):
    gold = tmp_path / "g.jsonl"
    row = {"text": "新建7个站，2020年底完成", key: [{"text": "站"}]}
    gold.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["evaluate", what, "--gold", str(gold), "-v"]) == 0
    out = capsys.readouterr().out
    assert "miss: 站" in out and "extra:" in out


@pytest.mark.parametrize("what", ["quantities", "times"])
def test_bad_gold_is_a_clear_error(what, tmp_path, capsys):
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"text": "新建7个", "%s": [{"text": "不在句中"}]}\n' % what, encoding="utf-8")
    assert main(["evaluate", what, "--gold", str(gold)]) == 2
    err = capsys.readouterr().err
    assert "g.jsonl" in err and "not in the sentence" in err
    assert main(["evaluate", what, "--gold", str(tmp_path / "missing.jsonl")]) == 2
