"""Tests for policytext.eval.targets: the matching rules of ../shared/gold/README.md."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from policytext.errors import DocumentLoadError, PatternError
from policytext.eval.targets import (
    GoldTarget,
    dice,
    evaluate_targets,
    format_report,
    match_targets,
    normalize_unit,
    read_gold,
    score,
)
from policytext.types import Target


def T(indicator, value, unit, *, text=None, comparator="=", deadline=None, placeholder=False, value_max=None):
    text = text if text is not None else f"{indicator}{'×' if placeholder else value}{unit}。"
    return Target(indicator=indicator, value=value, value_max=value_max, unit=unit, comparator=comparator,
                  deadline=deadline, deadline_text=None, placeholder=placeholder, text=text, start=0,
                  end=len(text), quote_start=0, quote_end=len(text))


def G(indicator, value, unit, *, quote="", comparator="=", deadline=None, placeholder=False, optional=False,
      doc="d.txt"):
    return GoldTarget(doc=doc, quote=quote, indicator=indicator, value=value, unit=normalize_unit(unit),
                      comparator=comparator, deadline=deadline, placeholder=placeholder, optional=optional)


# fmt: off
UNITS = [
    ("％", "%"),
    ("%", "%"),
    ("个百分点", "pp"),
    ("pp", "pp"),
    ("个", "个"),
    ("", ""),
    (None, ""),
]

# (predicted, gold, matches?)
PAIRS = [
    # units normalized: ％ == %
    (T("覆盖率", 90.0, "%"), G("覆盖率", 90.0, "％"), True),
    # 个百分点 == pp
    (T("占比", 0.5, "pp"), G("占比", 0.5, "个百分点"), True),
    # unit differs
    (T("床位", 90.0, "张"), G("床位", 90.0, "个"), False),
    # value within relative tolerance 1e-6
    (T("就业", 12000000.0, "人"), G("就业", 12000000.000001, "人"), True),
    # value outside tolerance
    (T("就业", 12000000.0, "人"), G("就业", 12100000.0, "人"), False),
    # both placeholders: values are not compared
    (T("新增床位", None, "张", placeholder=True), G("新增床位", None, "张", placeholder=True), True),
    # one placeholder only
    (T("新增床位", None, "张", placeholder=True), G("新增床位", 5.0, "张"), False),
    # quote containment after NFKC + whitespace removal, indicators dissimilar
    (T("甲", 96.0, "%", text="力争火化率 达到９６％以上。"), G("殡葬改革指标", 96.0, "%", quote="火化率达到96%以上"), True),
    # no quote hit, Dice of indicators >= 0.3
    (T("农村养老服务设施覆盖率", 55.0, "%", text="……"), G("养老服务设施覆盖率", 55.0, "%", quote="不在句中"), True),
    # no quote hit, Dice < 0.3
    (T("婚姻登记合格率", 55.0, "%", text="……"), G("养老服务设施覆盖率", 55.0, "%", quote="不在句中"), False),
]
# fmt: on


@pytest.mark.parametrize("raw, expected", UNITS)
def test_normalize_unit(raw, expected):
    assert normalize_unit(raw) == expected


@pytest.mark.parametrize("pred, gold, ok", PAIRS)
def test_matching_rules(pred, gold, ok):
    matches, extras, misses = match_targets([pred], [gold])
    assert (len(matches) == 1) is ok
    assert len(extras) == len(misses) == (0 if ok else 1)


def test_dice_is_symmetric_and_bounded():
    a, b = "城市居家和社区养老服务设施覆盖率", "社区养老服务设施覆盖率"
    assert dice(a, b) == dice(b, a)
    assert 0.0 < dice(a, b) < 1.0
    assert dice(a, a) == 1.0
    assert dice("", "覆盖率") == 0.0


def test_quote_hits_are_paired_before_similarity():
    # Two predictions with the same value; the gold's quote is in the second one's sentence,
    # while the first has the more similar indicator. Quote hits win.
    p1 = T("新建日间照料中心", None, "处", placeholder=True, text="新建日间照料中心×处。")
    p2 = T("农村幸福院", None, "处", placeholder=True, text="新建农村幸福院×处。")
    g = G("新建日间照料中心", None, "处", placeholder=True, quote="农村幸福院×处")
    matches, extras, misses = match_targets([p1, p2], [g])
    assert [m.predicted for m in matches] == [p2]
    assert matches[0].quote_hit
    assert extras == [p1] and misses == []


def test_each_gold_and_prediction_used_once():
    p = T("新增床位", None, "张", placeholder=True)
    g1 = G("新增床位", None, "张", placeholder=True)
    g2 = G("新增床位", None, "张", placeholder=True)
    matches, extras, misses = match_targets([p], [g1, g2])
    assert len(matches) == 1 and len(misses) == 1 and not extras


def test_greedy_by_similarity():
    p1 = T("城市养老服务设施覆盖率", 75.0, "%", text="甲")
    p2 = T("农村养老服务设施覆盖率", 75.0, "%", text="乙")
    g1 = G("农村养老服务设施覆盖率", 75.0, "%", quote="无")
    g2 = G("城市养老服务设施覆盖率", 75.0, "%", quote="无")
    matches, _, _ = match_targets([p1, p2], [g1, g2])
    assert {(m.predicted.indicator, m.gold.indicator) for m in matches} == {
        ("城市养老服务设施覆盖率", "城市养老服务设施覆盖率"), ("农村养老服务设施覆盖率", "农村养老服务设施覆盖率")}


def test_precision_recall_with_optional_gold():
    preds = [T("覆盖率", 90.0, "%"), T("全覆盖", 100.0, "%"), T("多余", 3.0, "个")]
    golds = [G("覆盖率", 90.0, "%"), G("全覆盖", 100.0, "%", optional=True),
             G("漏掉", 7.0, "所"), G("可选漏掉", 100.0, "%", optional=True, quote="所有机构全部符合")]
    ev = score([("d.txt", preds, golds)])
    # matched 2 (one optional); predicted 3; gold = 2 non-optional + 1 matched optional
    assert (ev.scores.matched, ev.scores.predicted, ev.scores.gold) == (2, 3, 3)
    assert ev.precision == pytest.approx(2 / 3)
    assert ev.recall == pytest.approx(2 / 3)
    assert [g.indicator for g in ev.misses] == ["漏掉"]  # a missed optional is not a miss
    assert [t.indicator for _, t in ev.extras] == ["多余"]


def test_comparator_and_deadline_accuracy():
    d = dt.date(2020, 12, 31)
    preds = [T("甲率", 1.0, "%", comparator=">=", deadline=d), T("乙率", 2.0, "%", comparator="=", deadline=None)]
    golds = [G("甲率", 1.0, "%", comparator=">=", deadline="2020-12-31"),
             G("乙率", 2.0, "%", comparator="~", deadline="2020-12-31")]
    ev = score([("d.txt", preds, golds)])
    assert ev.comparator_accuracy == 0.5
    assert ev.deadline_accuracy == 0.5
    report = format_report(ev, verbose=True)
    assert "comparator accuracy 0.500" in report
    assert "wrong comparator or deadline (1)" in report


def test_report_lists_misses_and_extras(tmp_path):
    ev = score([("a.txt", [T("多余指标", 3.0, "个")], [G("漏掉指标", 7.0, "所", doc="a.txt", quote="新建7所")])])
    text = format_report(ev, verbose=True)
    assert "misses (1)" in text and "漏掉指标" in text
    assert "extras (1)" in text and "多余指标" in text
    assert "漏掉指标" not in format_report(ev)


# fmt: off
BAD_GOLD = [
    ("{not json\n", "invalid JSON"),
    ('["a"]\n', "JSON object"),
    ('{"doc": "a.txt", "quote": "q", "indicator": "i", "value": 1}\n', "unit"),
]
# fmt: on


@pytest.mark.parametrize("content, message", BAD_GOLD)
def test_read_gold_errors_name_file_and_line(tmp_path, content, message):
    p = tmp_path / "gold.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(PatternError) as e:
        read_gold(p)
    assert "gold.jsonl" in str(e.value) and message in str(e.value)


def test_missing_gold_file_and_docs(tmp_path):
    with pytest.raises(DocumentLoadError):
        read_gold(tmp_path / "absent.jsonl")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "缺失.txt", "quote": "q", "indicator": "i", "value": 1, "unit": "个"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(DocumentLoadError, match="缺失.txt"):
        evaluate_targets(gold, tmp_path)
    with pytest.raises(DocumentLoadError, match="not a folder"):
        evaluate_targets(gold, tmp_path / "nope")


def test_evaluate_with_custom_extractor_counts_documents_without_gold(tmp_path):
    (tmp_path / "a.txt").write_text("甲", encoding="utf-8")
    (tmp_path / "b.txt").write_text("乙", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a.txt", "quote": "新建7所", "indicator": "新建敬老院", "value": 7,
                                "unit": "所", "comparator": "=", "deadline": None}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    preds = {"a.txt": [T("新建敬老院", 7.0, "所", text="新建7所敬老院。")], "b.txt": [T("多余", 1.0, "个")]}
    ev = evaluate_targets(gold, tmp_path, extract=lambda p: preds[p.name])
    assert [(d.doc, d.gold, d.predicted, d.matched) for d in ev.per_doc] == [("a.txt", 1, 1, 1), ("b.txt", 0, 1, 0)]
    assert ev.precision == 0.5 and ev.recall == 1.0


def test_seed_gold_reads(gold_dir):
    golds = read_gold(gold_dir / "seed-targets.jsonl")
    assert golds and all(g.unit in ("%", "pp") or g.unit for g in golds)
    assert all(g.comparator in (">=", "<=", "=", "~", "range") for g in golds)


# fmt: off
NAME_YEARS = [
    ("gwr-2016-national.txt", 2016),
    ("2021年民政工作要点.docx", 2021),
    ("民政工作要点.txt", None),
    ("003_f8472615a15ec21f.txt", None),   # digits inside a hash are not a year
    ("report12016.txt", None),
]
# fmt: on


@pytest.mark.parametrize("name,year", NAME_YEARS)
def test_year_from_name(name, year):
    from policytext.eval.targets import year_from_name

    assert year_from_name(name) == year


def test_file_name_year_and_reference_date_give_the_plan_year(tmp_path):
    text = "今年主要目标：城镇新增就业1100万人以上。\n"
    (tmp_path / "report-2019.txt").write_text(text, encoding="utf-8")
    (tmp_path / "report.txt").write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    lines = [{"doc": d, "quote": "城镇新增就业1100万人以上", "indicator": "城镇新增就业", "value": 11000000,
              "unit": "人", "comparator": ">=", "deadline": dl}
             for d, dl in (("report-2019.txt", "2019-12-31"), ("report.txt", "2017-12-31"))]
    gold.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    ev = evaluate_targets(gold, tmp_path)  # the year of the file name; none for report.txt
    assert ev.f1 == 1.0 and ev.deadline_accuracy == 0.5
    ev = evaluate_targets(gold, tmp_path, reference_date=dt.date(2017, 3, 5))  # an explicit date wins
    assert ev.f1 == 1.0 and ev.deadline_accuracy == 0.5
    (tmp_path / "report-2019.txt").unlink()
    lines = lines[1:]
    gold.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    ev = evaluate_targets(gold, tmp_path, reference_date=dt.date(2017, 3, 5))
    assert ev.f1 == 1.0 and ev.deadline_accuracy == 1.0


@pytest.mark.parametrize("gold_unit", ["元", "元/人·月"])
def test_units_are_compared_before_the_slash(tmp_path, gold_unit):
    """GUIDELINES §2: 每人每月1020元 may be unit 元 (the rate in the indicator) or 元/人·月."""
    (tmp_path / "a-2020.txt").write_text("今年城市低保标准由每人每月980元提高到1020元。\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a-2020.txt", "quote": "提高到1020元", "indicator": "城市低保标准", "value": 1020,
                                "unit": gold_unit, "deadline": "2020-12-31"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    ev = evaluate_targets(gold, tmp_path)
    assert ev.f1 == 1.0, format_report(ev, verbose=True)


def test_only_gold_docs_ignores_the_rest_of_the_folder(tmp_path):
    (tmp_path / "a-2020.txt").write_text("今年新建养老院3所。\n", encoding="utf-8")
    (tmp_path / "b-2020.txt").write_text("今年新建敬老院5所。\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"doc": "a-2020.txt", "quote": "新建养老院3所", "indicator": "新建养老院", "value": 3,
                                "unit": "所", "deadline": "2020-12-31"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert evaluate_targets(gold, tmp_path).precision == 0.5
    assert evaluate_targets(gold, tmp_path, only_gold_docs=True).precision == 1.0


#: Measured on tests/data/gold-targets-gwr.jsonl (hand-annotated plan parts of the 2010, 2016 and 2022
#: government work reports); the test guards against regressions of the general rules.
GWR_GOLD_MIN_F1 = 0.98  # measured 1.000 (P 1.000, R 1.000 on 119 matched)


def test_gwr_gold_level(gwr_dir):
    from pathlib import Path

    gold = Path(__file__).parent / "data" / "gold-targets-gwr.jsonl"
    ev = evaluate_targets(gold, gwr_dir, only_gold_docs=True)
    assert ev.f1 >= GWR_GOLD_MIN_F1, format_report(ev, verbose=True)
    assert ev.deadline_accuracy is not None and ev.deadline_accuracy >= 0.95


def test_policies_dev3_gold_level(gwr_dir):
    """tests/data/gold-targets-policies-dev3.jsonl (its .md): six technology plans, written before the stop 27
    rules for Latin units, bare magnitudes and comparator symbols, which were made looking at them (dev)."""
    from pathlib import Path

    gold = Path(__file__).parent / "data" / "gold-targets-policies-dev3.jsonl"
    ev = evaluate_targets(gold, gwr_dir.parent / "policies", only_gold_docs=True)
    assert ev.f1 >= 0.94 and ev.deadline_accuracy == 1.0, format_report(ev, verbose=True)  # before: 0.855


def test_policies_heldout3_gold_level(gwr_dir):
    """tests/data/gold-targets-policies-heldout3.jsonl (its .md): four plans never looked at; 0.648 before stop 27."""
    from pathlib import Path

    gold = Path(__file__).parent / "data" / "gold-targets-policies-heldout3.jsonl"
    ev = evaluate_targets(gold, gwr_dir.parent / "policies", only_gold_docs=True)
    assert ev.f1 >= 0.92 and ev.deadline_accuracy == 1.0


def test_policies_dev4_gold_level(gwr_dir):
    """tests/data/gold-targets-policies-dev4.jsonl (gold-targets-policies4.md): six plans written before the stop 28
    rules on goals paragraphs, titled periods, 一 as an article and 解决方案, which were made looking at them (dev)."""
    from pathlib import Path

    gold = Path(__file__).parent / "data" / "gold-targets-policies-dev4.jsonl"
    ev = evaluate_targets(gold, gwr_dir.parent / "policies", only_gold_docs=True)
    assert ev.f1 >= 0.93 and ev.deadline_accuracy >= 0.94, format_report(ev, verbose=True)  # before: 0.855, 0.763


def test_policies_heldout4_gold_level(gwr_dir):
    """tests/data/gold-targets-policies-heldout4.jsonl: six plans and reports nobody looked at; scored once before
    stop 28's rules (F1 0.800, deadline 0.812) and once after."""
    from pathlib import Path

    gold = Path(__file__).parent / "data" / "gold-targets-policies-heldout4.jsonl"
    ev = evaluate_targets(gold, gwr_dir.parent / "policies", only_gold_docs=True)
    assert ev.f1 >= 0.855 and ev.deadline_accuracy >= 0.83  # after: 0.860, 0.837


#: Floors for the older held-out target sets (scored in aggregate only, README "Unseen gold"), so that a change
#: made elsewhere cannot lower them unnoticed: stop 27's outline fix (第一、二轮) cost heldout2 five targets of
#: the Gansu report (0.945 -> 0.932), found only in stop 28; figures now: 0.978, 0.947, 0.812.
HELDOUT_FLOORS = [("gold-targets-provincial-heldout.jsonl", "provincial", 0.965),
                  ("gold-targets-provincial-heldout2.jsonl", "provincial", 0.94),
                  ("gold-targets-policies-heldout.jsonl", "policies", 0.81)]


@pytest.mark.parametrize("name, corpus, floor", HELDOUT_FLOORS)
def test_heldout_target_sets_keep_their_level(gwr_dir, name, corpus, floor):
    from pathlib import Path

    ev = evaluate_targets(Path(__file__).parent / "data" / name, gwr_dir.parent / corpus, only_gold_docs=True)
    assert ev.f1 >= floor and ev.deadline_accuracy >= 0.7


def _offset_line(doc, start, end, **kw):
    d = {"doc": doc, "start": start, "end": end, "indicator": "新建养老院", "value": 3, "unit": "所",
         "comparator": "=", "deadline": "2020-12-31"}
    d.update(kw)
    return json.dumps(d, ensure_ascii=False) + "\n"


def test_offset_gold_takes_its_quote_from_the_raw_document(tmp_path):
    text = "2020年工作要点\n今年新建养老院3所。\n"
    (tmp_path / "a-2020.txt").write_text(text, encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    s = text.index("新建养老院3所")
    gold.write_text(_offset_line("a-2020.txt", s, s + 7), encoding="utf-8")
    (g,) = read_gold(gold, docs=tmp_path)
    assert (g.quote, g.start, g.end) == ("新建养老院3所", s, s + 7)
    ev = evaluate_targets(gold, tmp_path)
    assert ev.f1 == 1.0 and ev.deadline_accuracy == 1.0 and ev.matches[0].quote_hit


# fmt: off
BAD_OFFSETS = [
    ({"start": 0, "end": 999}, PatternError, "outside"),
    ({"start": 5, "end": 2}, PatternError, "outside"),
    ({"start": "0", "end": 3}, PatternError, "integers"),
]
# fmt: on


@pytest.mark.parametrize("kw, err, msg", BAD_OFFSETS)
def test_offset_gold_errors_name_the_problem(tmp_path, kw, err, msg):
    (tmp_path / "a.txt").write_text("今年新建养老院3所。", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    gold.write_text(_offset_line("a.txt", **kw), encoding="utf-8")
    with pytest.raises(err, match=msg):
        read_gold(gold, docs=tmp_path)


def test_offset_gold_needs_the_documents(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(_offset_line("a.txt", 0, 3), encoding="utf-8")
    with pytest.raises(PatternError, match="--docs"):
        read_gold(gold)
    with pytest.raises(DocumentLoadError, match="a.txt"):
        read_gold(gold, docs=tmp_path)


#: Offset gold of provincial work reports 2026 (tests/data/gold-targets-provincial-dev.jsonl).
PROVINCIAL_DEV_MIN = 0.95  # measured P 0.990 R 0.960 (round 1 of issue 12: P 0.958 R 0.929; before: P 0.961 R 0.877)


def test_provincial_dev_gold_level():
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "provincial"
    if not docs.is_dir():
        pytest.skip(f"{docs} is absent: shared data lives in ../shared beside the checkout")
    gold = Path(__file__).parent / "data" / "gold-targets-provincial-dev.jsonl"
    ev = evaluate_targets(gold, docs, only_gold_docs=True)
    assert ev.precision >= PROVINCIAL_DEV_MIN and ev.recall >= PROVINCIAL_DEV_MIN, format_report(ev)


def test_provincial_dev_gold_with_headings_that_do_not_say(tmp_path):
    """The same reports with every top heading replaced by a slogan of the same length.

    Review and plan parts, and the 十五五 horizon, must then come from the text itself
    (time orientation, opening sentences): offsets stay valid, so the same gold applies.
    """
    import re
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "provincial"
    if not docs.is_dir():
        pytest.skip(f"{docs} is absent: shared data lives in ../shared beside the checkout")
    gold = Path(__file__).parent / "data" / "gold-targets-provincial-dev.jsonl"
    slogan = "砥砺奋进勇毅前行谱写新篇章奋楫笃行再创新辉煌凝心聚力共绘新蓝图" * 3
    names = {json.loads(line)["doc"] for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()}
    for name in names:
        text = (docs / name).read_text(encoding="utf-8")
        masked = re.sub(r"(?m)^([一二三四五六七八九]、)(.*)$", lambda m: m.group(1) + slogan[:len(m.group(2))], text)
        (tmp_path / name).write_text(masked, encoding="utf-8")
    ev = evaluate_targets(gold, tmp_path, only_gold_docs=True)
    assert ev.precision >= PROVINCIAL_DEV_MIN and ev.recall >= PROVINCIAL_DEV_MIN, format_report(ev)
    assert ev.deadline_accuracy >= 0.98, format_report(ev)
