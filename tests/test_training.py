"""Tests of policytext.classification.training: article splitting, weak labels, deterministic training."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from policytext.faces.cli import main
from policytext.errors import PatternError
from policytext.classification.taxonomy import load_taxonomy
from policytext.classification.training import (
    MIN_ARTICLE,
    build_training_set,
    labelled_examples,
    law_examples,
    read_law_labels,
    split_articles,
    split_laws,
    split_sentences,
    taxonomy_examples,
    train,
    weak_label,
)

TINY = [json.loads(line) for line in (Path(__file__).parent / "data" / "areas-tiny.jsonl").read_text(
    encoding="utf-8").splitlines()]

# fmt: off
ARTICLES = [
    # (law text, expected (number, heading) pairs)
    ("# 某条例\n## 第一章 总则\n第一条 为了规范管理，制定本条例。\n第二条 民政部门主管本行政区域工作。",
     [("第一条", "第一章 总则"), ("第二条", "第一章 总则")]),
    ("第一章 总则\n第一条 甲。\n第二章 分则\n第一节 通则\n第二条 乙。\n第三条 丙。",
     [("第一条", "第一章 总则"), ("第二条", "第二章 分则 / 第一节 通则"), ("第三条", "第二章 分则 / 第一节 通则")]),
    ("第一千零四十六条 结婚应当男女双方完全自愿。\n第一千零四十七条 结婚年龄。",
     [("第一千零四十六条", ""), ("第一千零四十七条", "")]),
    ("前言没有条文", []),
]
SENTENCES = [
    ("国内生产总值增长6.5%左右。城镇新增就业1100万人以上！", ["国内生产总值增长6.5%左右。", "城镇新增就业1100万人以上！"]),
    ("短。\n\n一、过去一年工作回顾\n", ["一、过去一年工作回顾"]),
]
# fmt: on


@pytest.mark.parametrize("text,expected", ARTICLES)
def test_split_articles(text, expected):
    assert [(a.number, a.heading) for a in split_articles(text)] == expected


def test_article_text_and_offsets():
    law = "## 第一章 总则\n第一条 为了规范婚姻登记工作，\n制定本条例。\n第二条 乙。"
    a = split_articles(law)[0]
    assert a.text == "为了规范婚姻登记工作，制定本条例。"
    assert law[a.start:a.end].startswith("第一条") and law[a.start:a.end].endswith("制定本条例。")


@pytest.mark.parametrize("text,expected", SENTENCES)
def test_split_sentences(text, expected):
    assert split_sentences(text) == expected


def _write_fixture_corpus(root: Path) -> tuple:
    """Laws (two per area, built from the invented sentences) and a report folder."""
    laws, gwr = root / "laws", root / "gwr"
    laws.mkdir()
    gwr.mkdir()
    by_area = {}
    for r in TINY:
        by_area.setdefault(r["areas"][0], []).append(r["sentence"])
    rows = ["file,area"]
    for area, sents in sorted(by_area.items()):
        for k in (1, 2):
            name = f"{area}-{k}.md"
            body = "\n".join(f"第{n}条 {s}" for n, s in zip("一二三四五六", sents[k - 1:] + sents[:k - 1]))
            (laws / name).write_text(f"# {area}\n## 第一章 总则\n{body}\n## 第二章 附则\n第九条 本法自公布之日起施行。",
                                     encoding="utf-8")
            rows.append(f"{name},{area}")
    (laws / "labels.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (gwr / "report.txt").write_text("今年经济运行总体平稳，工业生产持续增长。进一步提高城乡低保标准，做好临时救助。"
                                    "加快推进高速铁路建设。", encoding="utf-8")
    return laws, gwr


FAST = {"calibration": None, "C": 5.0, "min_df": 1}


def test_law_examples_drop_boilerplate_chapters(tmp_path):
    laws, _ = _write_fixture_corpus(tmp_path)
    files = read_law_labels(laws)
    ex = law_examples(laws, files, load_taxonomy())
    assert not any("施行" in e.text for e in ex)  # 附则 dropped
    assert {e.source for e in ex} == {"law"}
    assert len(ex) == sum(len(r["sentence"]) >= MIN_ARTICLE for r in TINY) * 2  # too-short articles dropped


def test_training_set_is_deterministic_and_weakly_labels_reports(tmp_path):
    laws, gwr = _write_fixture_corpus(tmp_path)
    a = build_training_set(laws, gwr, params=FAST)
    b = build_training_set(laws, gwr, params=FAST)
    assert a.sha256() == b.sha256() and a.examples == b.examples
    sources = a.sizes()
    assert sources["other"].get("gwr", 0) >= 1          # economy sentences agreed on as other
    assert len(taxonomy_examples(load_taxonomy())) == sum(v.get("taxonomy", 0) for v in sources.values())
    assert a.unlabelled + sum(v.get("gwr", 0) for v in sources.values()) == 3  # 3 report sentences
    gwr_labels = {e.text: e.areas for e in a.examples if e.source == "gwr"}
    assert gwr_labels.get("进一步提高城乡低保标准，做好临时救助。") in (("social_assistance",), None)
    assert gwr_labels.get("加快推进高速铁路建设。") in (("other",), None)


def test_train_is_deterministic_and_writes_model(tmp_path):
    laws, gwr = _write_fixture_corpus(tmp_path)
    r1 = train(laws, gwr, tmp_path / "m1", params=FAST, holdout=0.5)
    r2 = train(laws, gwr, tmp_path / "m2", params=FAST, holdout=0.5)
    assert r1.sha256 == r2.sha256
    X = ["推进殡葬改革", "做好婚姻登记", "发展制造业"]
    np.testing.assert_allclose(r1.model.predict_proba(X), r2.model.predict_proba(X))
    meta = json.loads((tmp_path / "m1" / "meta.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["sha256"] == r1.sha256
    assert meta["metrics"]["heldout"]["files"] == 16  # one law of each of the 16 codes (two laws each)
    assert set(meta["metrics"]["heldout"]) >= {"model", "keywords"}


def test_split_laws_is_by_file_and_deterministic():
    files = [(f"{a}{i}.md", a) for a in ("funeral", "marriage", "other") for i in range(4)] + [("x.md", "welfare_lottery")]
    tr, ho = split_laws(files, seed=3)
    assert split_laws(files, seed=3) == (tr, ho)
    assert not set(tr) & set(ho) and len(tr) + len(ho) == len(files)
    assert ("x.md", "welfare_lottery") in tr  # a single law stays in training
    assert sorted({a for _, a in ho}) == ["funeral", "marriage", "other"]


def test_labels_csv_errors(tmp_path):
    with pytest.raises(PatternError, match="labels.csv not found"):
        read_law_labels(tmp_path)
    (tmp_path / "a.md").write_text("第一条 甲。", encoding="utf-8")
    (tmp_path / "labels.csv").write_text("file,area\na.md,elderly\n", encoding="utf-8")
    with pytest.raises(PatternError, match="unknown code 'elderly'") as e:
        read_law_labels(tmp_path)
    assert e.value.line == 2 and e.value.key == "area"
    (tmp_path / "labels.csv").write_text("file,area\nb.md,funeral\n", encoding="utf-8")
    with pytest.raises(PatternError, match="not found"):
        read_law_labels(tmp_path)


def test_cli_train(tmp_path, capsys):
    laws, gwr = _write_fixture_corpus(tmp_path)
    # the CLI uses the default (calibrated) estimator: three sentences per area are enough for it
    assert main(["train", "--laws", str(laws), "--gwr", str(gwr), "-o", str(tmp_path / "m"), "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "training set" in out and "funeral" in out and "held-out" in out
    assert (tmp_path / "m" / "model.npz").is_file()


def test_hand_labelled_report_sentences_are_trained_on(tmp_path, capsys):
    """--labelled: report sentences labelled by hand join every round, before laws and taxonomy."""
    laws, gwr = _write_fixture_corpus(tmp_path)
    (tmp_path / "r.txt").write_text("严守政治纪律和政治规矩。\n加快推进高速铁路建设。\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "r.txt", "start": 0, "end": 12, "areas": ["party_building"]}\n'
                    '{"doc": "r.txt", "start": 13, "end": 24, "areas": ["other"]}\n', encoding="utf-8")
    lab = labelled_examples([gold], tmp_path)
    assert [(e.text, e.areas, e.source, e.doc) for e in lab] == [
        ("严守政治纪律和政治规矩。", ("party_building",), "gold", "r.txt"),
        ("加快推进高速铁路建设。", ("other",), "gold", "r.txt")]
    ts = build_training_set(laws, gwr, params=FAST, labelled=lab)
    assert ts.sizes()["party_building"]["gold"] == 1 and "gold" in ts.format_sizes()
    assert ts.examples[:2] == tuple(lab)  # a hand label wins over the same text weakly labelled
    assert all(e.source != "gwr" or e.text != "加快推进高速铁路建设。" for e in ts.examples)
    heavy = build_training_set(laws, gwr, params=FAST, labelled=lab + lab, labelled_repeat=3)
    assert heavy.sizes()["party_building"]["gold"] == 3 and heavy.examples[:6] == tuple(lab) * 3
    assert main(["train", "--laws", str(laws), "--gwr", str(gwr), "-o", str(tmp_path / "m"),
                 "--labelled", str(gold), "--labelled-docs", str(tmp_path)]) == 0
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert meta["training_data"]["labelled"] == 2 and meta["training_data"]["labelled_docs"] == ["r.txt"]
    assert "gold" in capsys.readouterr().out
    gold.write_text('{"doc": "r.txt", "start": 0, "end": 12, "areas": ["party"]}\n', encoding="utf-8")
    with pytest.raises(PatternError, match="party"):
        labelled_examples([gold], tmp_path)


def test_cli_train_like_another_model_with_weighted_labels_from_two_folders(tmp_path, capsys):
    """--params-from takes a model's estimator parameters; --labelled-docs searches several folders in order;
    --labelled-repeat weighs the hand labels."""
    laws, gwr = _write_fixture_corpus(tmp_path)
    like = train(laws, gwr, tmp_path / "like", params={**FAST, "lexicon_gate": True, "threshold": 0.35},
                 log=lambda line: None)
    assert like.output
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "r1.txt").write_text("严守政治纪律和政治规矩。\n", encoding="utf-8")
    (tmp_path / "b" / "r2.txt").write_text("加快推进高速铁路建设。\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "r1.txt", "start": 0, "end": 12, "areas": ["party_building"]}\n'
                    '{"doc": "r2.txt", "start": 0, "end": 11, "areas": ["other"]}\n', encoding="utf-8")
    assert main(["train", "--laws", str(laws), "--gwr", str(gwr), "-o", str(tmp_path / "m"), "--seed", "3",
                 "--params-from", str(tmp_path / "like"), "--labelled", str(gold),
                 "--labelled-docs", str(tmp_path / "a"), "--labelled-docs", str(tmp_path / "b"),
                 "--labelled-repeat", "4"]) == 0
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    like_params = json.loads((tmp_path / "like" / "meta.json").read_text(encoding="utf-8"))["params"]
    assert meta["params"] == {**like_params, "random_state": 3}  # the seed is this run's own
    assert meta["params"]["lexicon_gate"] is True and meta["params"]["threshold"] == 0.35
    data = meta["training_data"]
    assert (data["labelled"], data["labelled_repeat"], data["labelled_docs"]) == (2, 4, ["r1.txt", "r2.txt"])
    assert data["sizes"]["party_building"]["gold"] == 4
    capsys.readouterr()
    assert main(["train", "--laws", str(laws), "-o", str(tmp_path / "n"), "--params-from", str(tmp_path / "a")]) != 0
    err = capsys.readouterr().err
    assert "no model.npz" in err and str(tmp_path / "a") in err and not (tmp_path / "n").exists()


def test_recipe_params_of_the_shipped_model():
    from policytext.classification.model_files import MODEL_VERSION, find_model, recipe_params

    p = recipe_params(MODEL_VERSION)
    assert p == recipe_params(find_model()) and "random_state" not in p
    assert isinstance(p["gate_yields"], tuple) and p["lexicon_gate"] is True


def test_weak_label_with_the_lexicon_gate_labels_economy_sentences_other():
    # self-training rounds of a model with lexicon_gate: where economy seed terms outnumber the area
    # seed terms the sentence is `other` (疫情 next to 赤字率 and 减税降费), whatever the model says
    import copy

    from policytext.classification import load_model

    sents = ["受疫情影响，赤字率有所提高，继续实施减税降费", "提高城乡低保标准，做好临时救助"]
    plain = load_model(version="1.1")  # a model trained without the gate
    gated = copy.copy(plain)
    gated.lexicon_gate = True
    tax = plain.taxonomy_
    assert weak_label(sents, plain, tax, confident=(0.1, 0.9))[0] == ("epidemic_safety",)  # 1.2's recipe
    assert weak_label(sents, gated, tax, confident=(0.1, 0.9))[0] == ("other",)
    assert weak_label(sents, gated, tax, confident=(0.1, 0.9))[1] == weak_label(sents, plain, tax)[1]
