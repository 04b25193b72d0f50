"""Tests of policytext.eval.areas: gold readers, scores, the CLI."""
from __future__ import annotations

import fnmatch
import json
from pathlib import Path

import pytest

from policytext.faces.cli import main
from policytext.errors import PatternError
from policytext.eval.areas import evaluate_areas, format_report, read_area_gold, score_areas

TINY_GOLD = Path(__file__).parent / "data" / "areas-tiny.jsonl"

# fmt: off
SCORES = [
    # (gold, predicted, primary accuracy, macro-F1, micro-F1)
    ([["funeral"], ["marriage"]], [["funeral"], ["marriage"]], 1.0, 1.0, 1.0),
    ([["funeral"], ["marriage"]], [["funeral"], ["funeral"]], 0.5, (2 / 3 + 0) / 2, 0.5),
    ([["funeral", "epidemic_safety"]], [["funeral"]], 1.0, 1.0, 2 / 3),
    ([["other"], ["elderly_care"]], [["elderly_care"], ["elderly_care"]], 0.5, (0 + 2 / 3) / 2, 0.5),
]
# fmt: on


@pytest.mark.parametrize("gold,pred,acc,macro,micro", SCORES)
def test_score_areas(gold, pred, acc, macro, micro):
    s = score_areas(gold, pred)
    assert s.primary_accuracy == pytest.approx(acc)
    assert s.macro_f1 == pytest.approx(macro)
    assert s.micro_f1 == pytest.approx(micro)


def test_heading_gold_text_spans_to_next_heading_or_line_end(tmp_path):
    doc = "一、总体要求\n（一）做好低保工作。提高标准。（二）推进殡葬改革。建设公墓。\n三、保障\n"
    (tmp_path / "plan.txt").write_text(doc, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    rows = [{"doc": "plan.txt", "heading": "（一）做好低保工作", "areas": ["social_assistance"]},
            {"doc": "plan.txt", "heading": "(二)推进殡葬改革", "areas": ["funeral"]}]  # NFKC: () matches （）
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    items = read_area_gold(gold, tmp_path)
    assert [i.text for i in items] == ["（一）做好低保工作。提高标准。", "（二）推进殡葬改革。建设公墓。"]


# fmt: off
BAD_GOLD = [
    ("not json", "{oops", "invalid JSON"),
    ("no areas", '{"sentence": "做好低保"}', "non-empty list"),
    ("no text", '{"areas": ["funeral"]}', "needs 'sentence'"),
    ("needs docs", '{"doc": "a.txt", "heading": "一、", "areas": ["funeral"]}', "--docs"),
]
# fmt: on


@pytest.mark.parametrize("desc,line,msg", BAD_GOLD, ids=[b[0] for b in BAD_GOLD])
def test_bad_gold_files(tmp_path, desc, line, msg):
    f = tmp_path / "gold.jsonl"
    f.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match=msg) as e:
        read_area_gold(f)
    assert e.value.line == 1


def test_unknown_code_in_gold(tmp_path):
    f = tmp_path / "gold.jsonl"
    f.write_text('{"sentence": "做好低保", "areas": ["poverty"]}\n', encoding="utf-8")
    with pytest.raises(PatternError, match="unknown code 'poverty'"):
        evaluate_areas(f)


def test_evaluate_tiny_gold_model_and_baseline():
    report = evaluate_areas(TINY_GOLD)
    assert report.systems == ["model", "keywords"]
    assert report.scores["model"].n == 51
    assert report.scores["model"].primary_accuracy >= 0.85
    text = format_report(report, verbose=True)
    for part in ("primary accuracy", "macro-F1", "micro-F1", "confusion (model", "confusion (keywords"):
        assert part in text


def test_cli_evaluate_areas(capsys):
    assert main(["evaluate", "areas", "--gold", str(TINY_GOLD)]) == 0
    out = capsys.readouterr().out
    assert "model" in out and "keywords" in out


def test_seed_tasks_primary_accuracy(gold_dir, seeds_dir):
    report = evaluate_areas(gold_dir / "seed-tasks.jsonl", seeds_dir)
    assert len(report.items) == 58
    assert all(i.text.startswith(i.heading[:2]) or i.text for i in report.items)
    assert report.systems == ["model", "task lists", "keywords"]
    # the bar (0.95) on the text alone is checked for the default model in
    # test_default_model_meets_the_seed_task_and_dev_bars (1.12: 0.966; in task lists 0.983)
    assert report.scores["task lists"].primary_accuracy >= 0.95
    assert report.scores["model"].primary_accuracy >= 0.9
    assert report.scores["task lists"].macro_f1 > report.scores["keywords"].macro_f1


def test_task_lists_column_classifies_headings_in_their_sections(tmp_path):
    (tmp_path / "要点.txt").write_text(
        "2021年民政工作要点\n一、抓实抓细疫情防控\n（一）养老机构疫情防控。要落实封闭管理和消杀措施。\n"
        "（二）救助管理机构疫情防控。要做好进站人员体温检测。\n二、提升养老服务水平\n"
        "（一）发展居家和社区养老服务。要建设社区养老服务设施。\n（二）推进医养结合。要支持养老机构设置医务室。\n",
        encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "要点.txt", "heading": "（一）养老机构疫情防控", "areas": ["epidemic_safety", "elderly_care"]}\n'
                    '{"doc": "要点.txt", "heading": "（二）推进医养结合", "areas": ["elderly_care"]}\n',
                    encoding="utf-8")
    report = evaluate_areas(gold, tmp_path)
    assert report.systems == ["model", "task lists", "keywords"]
    assert report.predictions["model"][0][0] == "elderly_care"  # the text alone
    assert report.predictions["task lists"][0][:2] == ["epidemic_safety", "elderly_care"]  # in its section
    assert report.scores["task lists"].primary_accuracy == 1.0
    assert "task lists" in format_report(report)


# ----------------------------------------------------------------------------- offset gold


def test_offset_items_read_spans_of_the_documents(tmp_path):
    (tmp_path / "报告.txt").write_text("一、经济运行平稳。\n提高城乡低保标准。\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "报告.txt", "start": 0, "end": 9, "areas": ["other"]}\n'
                    '{"doc": "报告.txt", "start": 10, "end": 19, "areas": ["social_assistance"]}\n',
                    encoding="utf-8")
    items = read_area_gold(gold, tmp_path)
    assert [(i.text, i.areas) for i in items] == [("一、经济运行平稳。", ("other",)),
                                                  ("提高城乡低保标准。", ("social_assistance",))]
    report = evaluate_areas(gold, tmp_path)
    assert report.scores["model"].civil == (1.0, 1.0, 1.0, 1)


@pytest.mark.parametrize("line,message", [
    ('{"doc": "报告.txt", "start": 5, "end": 500, "areas": ["other"]}', "outside 报告.txt"),
    ('{"doc": "报告.txt", "start": "0", "end": 5, "areas": ["other"]}', "character offsets"),
    ('{"doc": "缺失.txt", "start": 0, "end": 5, "areas": ["other"]}', "not found"),
])
def test_offset_items_errors_name_the_file_and_line(tmp_path, line, message):
    (tmp_path / "报告.txt").write_text("一、经济运行平稳。\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(PatternError) as e:
        read_area_gold(gold, tmp_path)
    assert "gold.jsonl" in str(e.value) and message in str(e.value)


GWR_GOLD = Path(__file__).parent / "data" / "gold-areas-gwr.jsonl"


def test_gwr_gold_is_consistent_and_unseen_in_training(gwr_dir):
    from policytext.classification import find_model
    from policytext.classification.taxonomy import load_taxonomy
    from policytext.classification.training import split_sentences

    rows = [json.loads(line) for line in GWR_GOLD.read_text(encoding="utf-8").splitlines()]
    codes = set(load_taxonomy().codes)
    assert all(set(r["areas"]) <= codes and "text" not in r and "sentence" not in r for r in rows)
    for doc in {r["doc"] for r in rows}:
        text = (gwr_dir / doc).read_text(encoding="utf-8")
        spans = ["".join(text[r["start"]:r["end"]].split()) for r in rows if r["doc"] == doc]
        assert spans == split_sentences(text)  # every sentence of the report, in order
    meta = json.loads((find_model() / "meta.json").read_text(encoding="utf-8"))
    excluded = meta["training_data"]["gwr_excluded"]
    assert all(any(fnmatch.fnmatch(doc, pat) for pat in excluded) for doc in {r["doc"] for r in rows})


def test_gwr_heldout6_gold_is_every_sentence_of_its_reports(gwr_dir):
    """The two national reports labelled in issue 14's fifth step: every sentence, valid codes."""
    from policytext.classification.taxonomy import load_taxonomy
    from policytext.classification.training import split_sentences

    path = Path(__file__).parent / "data" / "gold-areas-gwr-heldout6.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert (len(rows), sum(r["areas"] != ["other"] for r in rows)) == (1228, 58)
    assert all(set(r["areas"]) <= set(load_taxonomy().codes) and "text" not in r for r in rows)
    for doc in {r["doc"] for r in rows}:
        text = (gwr_dir / doc).read_text(encoding="utf-8")
        spans = ["".join(text[r["start"]:r["end"]].split()) for r in rows if r["doc"] == doc]
        assert spans == split_sentences(text)


def test_gwr_gold_civil_affairs_against_other(gwr_dir):
    """On unseen report sentences the model finds civil affairs better than the keywords.

    Models 1.3 to 1.5 trade recall for precision here (1.1: P 0.721 R 0.990 F1 0.834; 1.3 and
    1.4: P 0.767 R 0.929 F1 0.840; 1.5: F1 0.844; 1.6: F1 0.844, 0.836 after its first step, where this gold has `other` for
    clean-government sentences that later gold puts in party building): the bar is no loss of F1 against 1.1 and a clear lead in recall
    and F1 over the keywords of the same taxonomy (1.4's: P 0.788 R 0.828 F1 0.808), which the
    richer seed terms lift too."""
    report = evaluate_areas(GWR_GOLD, gwr_dir)
    model, keywords = report.scores["model"].civil, report.scores["keywords"].civil
    assert model[3] == 99 and model[0] >= 0.75 and model[1] >= 0.92 and model[2] >= 0.834
    assert model[1] > keywords[1] + 0.08 and model[2] > keywords[2] + 0.03


#: The national-report gold of issue 14's sixth to twelfth steps: sentences, civil-affairs sentences, reports.
GWR7 = {"dev5": (1055, 69, ("gwr-2022-national.txt", "gwr-2023-national.txt")),
        "heldout7": (1238, 61, ("gwr-2017-national.txt", "gwr-2019-national.txt")),
        "heldout8": (1446, 70, ("gwr-2012-national.txt", "gwr-2013-national.txt", "gwr-2015-national.txt")),
        "heldout9": (1818, 79, ("gwr-2009-national.txt", "gwr-2010-national.txt", "gwr-2011-national.txt")),
        "dev6": (1165, 82, ("gwr-2004-national.txt", "gwr-2005-national.txt")),
        "heldout10": (1355, 85, ("gwr-2007-national.txt", "gwr-2008-national.txt")),
        "heldout11": (2243, 122, ("gwr-2000-national.txt", "gwr-2001-national.txt", "gwr-2002-national.txt",
                                  "gwr-2003-national.txt")),
        "heldout12": (1379, 68, ("gwr-1997-national.txt", "gwr-1998-national.txt", "gwr-1999-national.txt")),
        "dev9": (804, 36, ("gwr-1994-national.txt", "gwr-1995-national.txt")),
        "heldout16": (929, 40, ("gwr-1992-national.txt", "gwr-1993-national.txt")),
        "dev10": (5812, 113, tuple(f"gwr-{year}-national.txt" for year in range(1978, 1989)))}


@pytest.mark.parametrize("part", sorted(GWR7))
def test_gwr7_gold_is_every_sentence_of_its_reports(gwr_dir, part):
    """The later national-report gold (the reports in GWR7): every sentence, valid codes, no report in two sets."""
    from policytext.classification.taxonomy import load_taxonomy
    from policytext.classification.training import split_sentences

    rows = [json.loads(line) for line in (Path(__file__).parent / "data" / f"gold-areas-gwr-{part}.jsonl").read_text(
        encoding="utf-8").splitlines()]
    n, civil, docs = GWR7[part]
    assert (len(rows), sum(r["areas"] != ["other"] for r in rows), tuple(sorted({r["doc"] for r in rows}))) == (
        n, civil, docs)
    assert all(set(r["areas"]) <= set(load_taxonomy().codes) and "text" not in r for r in rows)
    for doc in docs:
        text = (gwr_dir / doc).read_text(encoding="utf-8")
        spans = ["".join(text[r["start"]:r["end"]].split()) for r in rows if r["doc"] == doc]
        assert spans == split_sentences(text)
    older = {json.loads(line)["doc"] for name in ("gwr", "gwr-heldout6", *(f"gwr-{p}" for p in sorted(set(GWR7) - {part}))) for line in (
        Path(__file__).parent / "data" / f"gold-areas-{name}.jsonl").read_text(encoding="utf-8").splitlines()}
    assert not older & set(docs)


#: Gold of the sentences earlier area gold left out (mostly the review parts) of 2026 provincial reports.
UNCOVERED = {"dev7": ("gwr-2026-beijing.txt", "gwr-2026-hainan.txt", "gwr-2026-liaoning.txt", "gwr-2026-tianjin.txt"),
             "heldout13": ("gwr-2026-gansu.txt", "gwr-2026-guizhou.txt", "gwr-2026-hebei.txt", "gwr-2026-ningxia.txt",
                           "gwr-2026-qinghai.txt", "gwr-2026-shandong.txt"),
             "heldout14": ("gwr-2026-fujian.txt", "gwr-2026-hubei.txt", "gwr-2026-jiangsu.txt", "gwr-2026-neimenggu.txt"),
             "dev8": ("gwr-2026-guangxi.txt", "gwr-2026-henan.txt", "gwr-2026-jiangxi.txt", "gwr-2026-shanghai.txt",
                      "gwr-2026-shanxi.txt", "gwr-2026-xinjiang.txt", "gwr-2026-zhejiang.txt"),
             "heldout15": ("gwr-2026-anhui.txt", "gwr-2026-heilongjiang.txt", "gwr-2026-hunan.txt", "gwr-2026-jilin.txt",
                           "gwr-2026-shaanxi.txt", "gwr-2026-xizang.txt", "gwr-2026-yunnan.txt")}


@pytest.mark.parametrize("part", sorted(UNCOVERED))
def test_review_part_gold_is_every_sentence_no_other_gold_covers(gwr_dir, part):
    """dev7, dev8 and held-out13 to 15: every sentence of their reports outside the spans of the other area gold."""
    from policytext.classification.taxonomy import load_taxonomy
    from policytext.classification.training import split_sentences

    data = Path(__file__).parent / "data"
    rows = [json.loads(line) for line in (data / f"gold-areas-provincial-{part}.jsonl").read_text(encoding="utf-8").splitlines()]
    assert tuple(sorted({r["doc"] for r in rows})) == UNCOVERED[part]
    assert all(set(r["areas"]) <= set(load_taxonomy().codes) and "text" not in r for r in rows)
    others = [json.loads(line) for g in sorted(data.glob("gold-areas-*.jsonl"))
              if "second" not in g.name and g.name != f"gold-areas-provincial-{part}.jsonl"
              for line in g.read_text(encoding="utf-8").splitlines()]
    for doc in UNCOVERED[part]:
        text = (gwr_dir.parent / "provincial" / doc).read_text(encoding="utf-8")
        covered = [(r["start"], r["end"]) for r in others if r.get("doc") == doc and "start" in r]
        mine = [(r["start"], r["end"]) for r in rows if r["doc"] == doc]
        assert mine == sorted(mine) and not any(a < e and s < b for a, b in mine for s, e in covered)
        assert mine == [(a, b) for a, b in _sentence_spans(text, split_sentences(text))
                        if not any(a < e and s < b for s, e in covered)]


def _sentence_spans(text, sentences):
    """Offsets of each sentence of ``split_sentences`` (which drops whitespace) in ``text``, in order."""
    keep = [i for i, ch in enumerate(text) if not ch.isspace()]
    flat = "".join(text[i] for i in keep)
    spans, pos = [], 0
    for sent in sentences:
        k = flat.index(sent, pos)
        spans.append((keep[k], keep[k + len(sent) - 1] + 1))
        pos = k + len(sent)
    return spans


def _agreement(name):
    """Two annotations of the same spans (``name`` and ``name-second``), scored against each other.

    Without the documents and without any model: a held-out set is not classified just to test its gold.
    """
    data = Path(__file__).parent / "data"
    rows = [[json.loads(line) for line in (data / f"{name}{s}.jsonl").read_text(encoding="utf-8").splitlines()]
            for s in ("", "-second")]
    assert [(r["doc"], r["start"], r["end"]) for r in rows[0]] == [(r["doc"], r["start"], r["end"]) for r in rows[1]]
    return score_areas([r["areas"] for r in rows[0]], [r["areas"] for r in rows[1]])


def test_heldout7_second_annotation_covers_the_same_spans_and_agrees():
    """The sixth step's held-out national reports, labelled twice (agreement in gold-areas-gwr7.md)."""
    agree = _agreement("gold-areas-gwr-heldout7")
    assert agree.primary_accuracy >= 0.99 and agree.macro_f1 >= 0.98 and agree.civil[2] >= 0.97


def test_heldout16_second_annotation_covers_the_same_spans_and_agrees():
    """The tenth step's held-out national reports (1992, 1993), labelled twice (gold-areas-gwr16.md)."""
    agree = _agreement("gold-areas-gwr-heldout16")  # 1.000 on every measure (one label was seen, see the notes)
    assert agree.primary_accuracy >= 0.99 and agree.macro_f1 >= 0.98 and agree.civil[2] >= 0.97


HQ_GOLD = Path(__file__).parent / "data" / "gold-areas-hebei-qinghai-heldout.jsonl"
PROVINCIAL_DEV = Path(__file__).parent / "data" / "gold-areas-provincial-dev.jsonl"


def test_hebei_qinghai_gold_is_every_sentence_and_unseen_by_the_default_model(gwr_dir):
    from policytext.classification import find_model
    from policytext.classification.taxonomy import load_taxonomy

    rows = [json.loads(line) for line in HQ_GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 366 and sum(r["areas"] != ["other"] for r in rows) == 27
    assert all(set(r["areas"]) <= set(load_taxonomy().codes) and "text" not in r for r in rows)
    for doc in {r["doc"] for r in rows}:  # in order, without overlaps
        spans = [(r["start"], r["end"]) for r in rows if r["doc"] == doc]
        assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    meta = json.loads((find_model() / "meta.json").read_text(encoding="utf-8"))
    excluded = meta["training_data"]["gwr_excluded"]
    assert all(any(fnmatch.fnmatch(doc, pat) for pat in excluded) for doc in {r["doc"] for r in rows})


#: Report gold of issue 14's fourth (dev3, heldout3) and fifth step (dev4, heldout4, heldout5):
#: sentences, civil-affairs sentences, reports.
PROVINCIAL3 = {"dev3": (1223, 100, 4), "heldout3": (1203, 73, 4),
               "dev4": (647, 61, 3), "heldout4": (1065, 84, 4), "heldout5": (905, 77, 3)}


@pytest.mark.parametrize("part", sorted(PROVINCIAL3))
def test_provincial3_gold_is_every_sentence_and_unseen_by_the_default_model(part):
    """The report gold of the later steps: valid codes, ordered spans, reports the model never saw."""
    from policytext.classification import find_model
    from policytext.classification.taxonomy import load_taxonomy

    path = Path(__file__).parent / "data" / f"gold-areas-provincial-{part}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    docs = {r["doc"] for r in rows}
    assert (len(rows), sum(r["areas"] != ["other"] for r in rows), len(docs)) == PROVINCIAL3[part]
    assert all(set(r["areas"]) <= set(load_taxonomy().codes) and "text" not in r for r in rows)
    for doc in docs:  # in order, without overlaps
        spans = [(r["start"], r["end"]) for r in rows if r["doc"] == doc]
        assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    meta = json.loads((find_model() / "meta.json").read_text(encoding="utf-8"))
    excluded = meta["training_data"]["gwr_excluded"]
    assert all(any(fnmatch.fnmatch(doc, pat) for pat in excluded) for doc in docs)


DEV3 = Path(__file__).parent / "data" / "gold-areas-provincial-dev3.jsonl"


def test_default_model_meets_the_seed_task_and_dev_bars(gold_dir, seeds_dir, gwr_dir):
    """The default model: issue 14's seed-task bar on the text alone, the report dev sets.

    Since 1.12 the model is trained on these dev sets' labels, so their bars are floors, not evidence
    (the cross-fold and held-out figures are in ``models/work_area/HISTORY.md``, "Model 1.12" and "Model 1.13").
    """
    from policytext.classification import load_model

    model = load_model()
    seeds = evaluate_areas(gold_dir / "seed-tasks.jsonl", seeds_dir, model=model).scores
    assert seeds["model"].primary_accuracy >= 0.95 and seeds["task lists"].primary_accuracy >= 0.95
    dev = evaluate_areas(PROVINCIAL_DEV, gwr_dir.parent / "provincial", model=model).scores
    assert dev["model"].macro_f1 >= 0.94 and dev["model"].primary_accuracy >= 0.98  # 1.4: 0.902; 1.6: 0.945, 0.985
    dev3 = evaluate_areas(DEV3, gwr_dir.parent / "provincial", model=model).scores  # 1.3: 0.957, 0.696
    assert dev3["model"].macro_f1 >= 0.83 and dev3["model"].primary_accuracy >= 0.97  # 1.4: 0.783
    dev4 = evaluate_areas(DEV3.with_name("gold-areas-provincial-dev4.jsonl"), gwr_dir.parent / "provincial",
                          model=model).scores  # unseen when the rules of 1.5 were written: 1.4 0.533, 1.5 0.624
    assert dev4["model"].macro_f1 >= 0.70 and dev4["model"].macro_f1 > dev4["keywords"].macro_f1  # 1.6: 0.672; 1.8: 0.711
    dev5 = evaluate_areas(Path(__file__).parent / "data" / "gold-areas-gwr-dev5.jsonl", gwr_dir, model=model).scores
    assert dev5["model"].macro_f1 >= 0.80 and dev5["model"].civil[2] >= 0.78  # 1.5: 0.688, 0.750; 1.6: 0.804, 0.825
    dev6 = evaluate_areas(Path(__file__).parent / "data" / "gold-areas-gwr-dev6.jsonl", gwr_dir, model=model).scores
    assert dev6["model"].macro_f1 >= 0.88  # 1.7: 0.738; 1.8: 0.901
    dev7 = evaluate_areas(DEV3.with_name("gold-areas-provincial-dev7.jsonl"), gwr_dir.parent / "provincial",
                          model=model).scores  # review parts (the second list rule and 3 terms came from it): 1.7 0.420
    assert dev7["model"].macro_f1 >= 0.66 and dev7["model"].civil[2] >= 0.82  # 1.8: 0.683, 0.840; 1.9: 0.696, 0.875
    dev8 = evaluate_areas(DEV3.with_name("gold-areas-provincial-dev8.jsonl"), gwr_dir.parent / "provincial",
                          model=model).scores  # unseen when the rules of 1.9 were written: 1.8 0.763, 0.830
    assert dev8["model"].macro_f1 >= 0.86 and dev8["model"].civil[2] >= 0.87  # 1.9: 0.800, 0.889; 1.11: 0.889, 0.895
    dev9 = evaluate_areas(Path(__file__).parent / "data" / "gold-areas-gwr-dev9.jsonl", gwr_dir, model=model).scores
    assert dev9["model"].civil[2] >= 0.70 and dev9["model"].macro_f1 >= 0.47  # unseen by 1.9: 0.630, 0.459; 1.10: 0.724, 0.475


def test_the_shipped_model_never_read_a_held_out_report():
    """The shipped model (since 1.12) trains on the development gold's labels; no held-out report is in its training
    data, labelled or not."""
    from policytext.classification.model_files import find_model

    data = json.loads((find_model() / "meta.json").read_text(encoding="utf-8"))["training_data"]
    here = Path(__file__).parent / "data"

    def docs(pattern):
        return {json.loads(line)["doc"] for f in here.glob(pattern) for line in f.read_text(encoding="utf-8").splitlines()
                if "doc" in json.loads(line)}

    held_out, dev = docs("gold-areas-*heldout*.jsonl"), docs("gold-areas-*dev*.jsonl") | docs("gold-areas-gwr.jsonl")
    assert len(held_out) == 38 and not held_out & set(data["labelled_docs"])  # 21 national, 17 provincial
    assert held_out <= set(data["gwr_excluded"])  # nor read as unlabelled text
    assert not held_out & dev  # no report has both development and held-out sentences
    # the ten development sets of 1.12 and 1.13 (dev10, the reports of 1978-1988, written after 1.12: read unlabelled)
    assert set(data["labelled_docs"]) == dev - docs("gold-areas-gwr-dev10.jsonl")
    assert data["labelled"] == 9565 and data["labelled_repeat"] == 5


def test_written_sentences_are_our_own_and_score_as_sentence_gold(gwr_dir, capsys):
    """tests/data/written-areas.jsonl (written-areas.md): valid codes, no copied run, read by evaluate areas."""
    from policytext.classification import load_taxonomy

    path = Path(__file__).parent / "data" / "written-areas.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2121 and len({r["sentence"] for r in rows}) == 2121
    assert all(set(r["areas"]) <= set(load_taxonomy().codes) and r["areas"] for r in rows)
    assert not [r for r in rows if "other" in r["areas"] and len(r["areas"]) > 1]
    assert {r["kind"] for r in rows} == {"positive", "negative"} and {r["writer"] for r in rows} == set("abcdef")
    # nothing copied: no sentence shares a run of 25 characters with any document, gold or note of ../shared
    k, runs = 25, set()
    for r in rows:
        flat = "".join(r["sentence"].split())
        runs.update(flat[i:i + k] for i in range(len(flat) - k + 1))
    shared = gwr_dir.parent.parent
    for f in shared.rglob("*"):
        if f.suffix in (".txt", ".md", ".jsonl") and f.is_file():
            flat = "".join(f.read_text(encoding="utf-8", errors="ignore").split())
            assert not any(flat[i:i + k] in runs for i in range(len(flat) - k + 1)), f
    assert main(["evaluate", "areas", "--gold", str(path)]) == 0
    out = capsys.readouterr().out
    assert "work areas: 2121 gold items" in out and "keywords" in out


def test_sentences_writes_a_label_sheet_that_scores_and_reads_back(tmp_path, capsys):
    """`policytext sentences`: every sentence of the documents with the model's areas, an area gold file as it is;
    a bad file is reported and skipped, and nothing half-written is left."""
    import docx

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "要点.txt").write_text("一、提高城乡低保标准，做好临时救助。\n二、加快发展先进制造业。\n", encoding="utf-8")
    d = docx.Document()
    for line in ("推进殡葬改革，建设公益性公墓。", "规范婚姻登记工作。"):
        d.add_paragraph(line)
    d.save(str(docs / "讲话.docx"))
    (docs / "坏.pdf").write_bytes(b"\x00\x01 not a pdf")
    sheet = tmp_path / "sheet.jsonl"
    assert main(["sentences", str(docs), "-o", str(sheet)]) == 1  # the bad file makes the run fail, not stop
    err = capsys.readouterr().err
    assert "坏.pdf" in err and "4 sentences of 2 documents" in err
    rows = [json.loads(line) for line in sheet.read_text(encoding="utf-8").splitlines()]
    assert [(r["doc"], r["sentence"], r["areas"]) for r in rows] == [
        ("要点.txt", "一、提高城乡低保标准，做好临时救助。", ["social_assistance"]),
        ("要点.txt", "二、加快发展先进制造业。", ["other"]),
        ("讲话.docx", "推进殡葬改革，建设公益性公墓。", ["funeral"]),
        ("讲话.docx", "规范婚姻登记工作。", ["marriage"])]
    assert all(r["model"] == r["areas"] and 0.5 <= r["confidence"] <= 1 for r in rows)
    assert [g.text for g in read_area_gold(sheet)] == [r["sentence"] for r in rows]  # a gold file as it is
    assert evaluate_areas(sheet).scores["model"].primary_accuracy == 1.0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "sheet.jsonl"]  # no temporary file left
    assert main(["sentences", str(docs / "要点.txt"), "-o", str(sheet), "--blank"]) == 0
    rows = [json.loads(line) for line in sheet.read_text(encoding="utf-8").splitlines()]
    assert [r["areas"] for r in rows] == [["other"], ["other"]] and rows[0]["model"] == ["social_assistance"]
    capsys.readouterr()
    # --blind: nothing of the model in the file or the message, and no model is loaded (this folder does not exist)
    assert main(["sentences", str(docs / "要点.txt"), "-o", str(sheet), "--blind", "--model", str(tmp_path / "no")]) == 0
    rows = [json.loads(line) for line in sheet.read_text(encoding="utf-8").splitlines()]
    assert rows == [{"doc": "要点.txt", "sentence": "一、提高城乡低保标准，做好临时救助。", "areas": ["other"]},
                    {"doc": "要点.txt", "sentence": "二、加快发展先进制造业。", "areas": ["other"]}]
    err = capsys.readouterr().err
    assert "2 sentences of 1 documents ->" in err and "model" not in err
    assert main(["sentences", str(docs / "坏.pdf"), "-o", str(tmp_path / "none.jsonl")]) == 1
    assert "none.jsonl not written" in capsys.readouterr().err and not (tmp_path / "none.jsonl").exists()


def test_several_gold_files_are_scored_as_one_pooled_set(tmp_path, capsys):
    """Gold files of documents in different folders: one set, the folders searched in order."""
    folders, golds, seconds = [], [], []
    for name, doc in (("a", "做好城乡低保工作。推进殡葬改革。"), ("b", "加快发展先进制造业。规范婚姻登记。")):
        folder = tmp_path / f"docs-{name}"
        folder.mkdir()
        (folder / f"{name}.txt").write_text(doc, encoding="utf-8")
        cut = doc.index("。") + 1
        rows = [(0, cut), (cut, len(doc))]
        labels = {"a": [["social_assistance"], ["funeral"]], "b": [["other"], ["marriage"]]}[name]
        for path, lab in ((tmp_path / f"{name}.jsonl", labels), (tmp_path / f"{name}-2.jsonl", [["other"]] * 2)):
            path.write_text("".join(json.dumps({"doc": f"{name}.txt", "start": x, "end": y, "areas": a}) + "\n"
                                    for (x, y), a in zip(rows, lab)), encoding="utf-8")
        folders.append(folder)
        golds.append(tmp_path / f"{name}.jsonl")
        seconds.append(tmp_path / f"{name}-2.jsonl")
    pooled = evaluate_areas(golds, folders, second=seconds)
    parts = [evaluate_areas(g, f) for g, f in zip(golds, folders)]
    assert [i.text for i in pooled.items] == [i.text for r in parts for i in r.items]
    assert pooled.predictions["model"] == [p for r in parts for p in r.predictions["model"]]
    gold = [list(i.areas) for i in pooled.items]
    assert pooled.scores["model"] == score_areas(gold, pooled.predictions["model"])
    assert pooled.scores["second annotator"].primary_accuracy == pytest.approx(1 / 4)
    assert main(["evaluate", "areas", "--gold", str(golds[0]), "--gold", str(golds[1]),
                 "--docs", str(folders[0]), "--docs", str(folders[1])]) == 0
    assert "work areas: 4 gold items" in capsys.readouterr().out
    with pytest.raises(PatternError, match="not found"):  # a document in none of the folders
        evaluate_areas(golds, folders[:1])


def test_second_annotator_is_one_more_column(tmp_path):
    """--second scores another person's labels of the same spans beside the model and the keywords."""
    doc = "做好城乡低保工作。推进殡葬改革。加快发展先进制造业。"
    (tmp_path / "r.txt").write_text(doc, encoding="utf-8")
    spans = [(0, 9, ["social_assistance"]), (9, 16, ["funeral"]), (16, 26, ["other"])]
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps({"doc": "r.txt", "start": a, "end": b, "areas": c}) + "\n"
                             for a, b, c in spans), encoding="utf-8")
    second.write_text("".join(json.dumps({"doc": "r.txt", "start": a, "end": b, "areas": ["other"] if a == 9 else c})
                              + "\n" for a, b, c in spans), encoding="utf-8")
    report = evaluate_areas(first, tmp_path, second=second)
    assert list(report.scores) == ["model", "keywords", "second annotator"]
    assert report.scores["second annotator"].primary_accuracy == pytest.approx(2 / 3)
    assert report.scores["model"].primary_accuracy == 1.0
    assert "second annotator" in format_report(report)
    second.write_text(json.dumps({"doc": "r.txt", "start": 0, "end": 9, "areas": ["other"]}) + "\n", encoding="utf-8")
    with pytest.raises(PatternError, match="2 of 3 gold items have no label here"):
        evaluate_areas(first, tmp_path, second=second)


def test_heldout3_second_annotation_covers_the_same_spans_and_agrees():
    """Two people label the held-out reports alike (the README's agreement figures)."""
    agree = _agreement("gold-areas-provincial-heldout3")
    assert agree.primary_accuracy >= 0.99 and agree.macro_f1 >= 0.98


def test_heldout4_second_annotation_covers_the_same_spans_and_agrees():
    """The fifth step's held-out reports, labelled twice (the README's agreement figures)."""
    agree = _agreement("gold-areas-provincial-heldout4")
    assert agree.primary_accuracy >= 0.99 and agree.macro_f1 >= 0.89 and agree.civil[2] >= 0.95
