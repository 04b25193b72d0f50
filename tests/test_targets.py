"""Tests for policytext.extract.targets (issue 3): quantified commitments and their deadlines.

The sentences in the tables are invented; the seeds and work reports are read
from ../shared at run time.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from policytext.errors import PatternError
from policytext.api import extract_targets
from policytext.extract.review import review_spans
from policytext.types import Document, Section, Target

D = dt.date
REF = D(2023, 3, 1)  # 今年 = 2023 in the tables below


def one(text, **kw):
    ts = extract_targets(text, reference_date=kw.pop("reference_date", REF))
    assert len(ts) == 1, [(t.indicator, t.value, t.unit) for t in ts]
    return ts[0]


# fmt: off
COMPARATORS = [
    ("今年全县农村敬老院入住率达到80%以上。",           80.0,   None, "%",  ">="),
    ("特困人员失能照护比例不低于60%。",                 60.0,   None, "%",  ">="),
    ("村级互助养老点覆盖率不少于70%。",                 70.0,   None, "%",  ">="),
    ("每个街道至少建设2个社区老年食堂。",               2.0,    None, "个", ">="),
    ("新增护理型床位超过500张。",                       500.0,  None, "张", ">="),
    ("50%及以上的街道建成综合养老服务中心。",           50.0,   None, "%",  ">="),
    ("城镇登记失业率控制在4.5%以内。",                  4.5,    None, "%",  "<="),
    ("养老机构床位空置率不超过30%。",                   30.0,   None, "%",  "<="),
    ("困难群众救助审批时限缩短到10天以下的街道占比不高于20%。", 20.0, None, "%", "<="),
    ("居民消费价格涨幅3%左右。",                        3.0,    None, "%",  "~"),
    ("单位地区生产总值能耗降低约2%。",                  2.0,    None, "%",  "~"),
    ("地区生产总值增长5%—6%。",                         5.0,    6.0,  "%",  "range"),
    ("收养登记档案合格率保持在100%。",                      100.0,  None, "%",  "="),
    ("新建社区养老服务站12个。",                        12.0,   None, "个", "="),
    # a duration after a comparator of levels is an indicator; after a change verb too (GUIDELINES §1)
    ("救助热线平均响应时间不高于15分钟。",              15.0,   None, "分钟", "<="),
    ("设备平均无故障工作时间≥10000h。",                 10000.0, None, "h", ">="),
    ("院前急救平均反应时间缩短到12分钟以内。",          12.0,   None, "分钟", "<="),
]

STRENGTH = [
    ("确保低保对象动态管理率达到95%。",                 "binding"),
    ("各县区要新建儿童之家30个。",                      "binding"),
    ("力争养老机构护理型床位占比提高到55%。",           "aspirational"),
    ("争取全区社会组织年检率达到90%以上。",             "aspirational"),
    ("逐步将居家养老服务覆盖率提高到70%。",             "gradual"),
    ("今年新建乡镇敬老院3所。",                         "neutral"),
]

DIRECTION = [
    ("农村低保标准提高到每人每月650元。",               "提高",  650.0),
    ("单位能耗下降3%左右。",                            "下降",  3.0),
    ("新增养老床位2000张。",                            "新增",  2000.0),
    ("新建城市社区综合服务设施20个。",                  "新建",  20.0),
    ("农村贫困人口减少800万以上。",                     "减少",  8000000.0),
    ("婚姻登记档案数字化率保持在98%。",                 "保持",  98.0),
    ("殡葬服务收费违规率控制在1%以内。",                "控制",  1.0),
]

# text, expected (indicator fragment, value, unit) per target, in order
PER_UNIT_AND_LISTS = [
    ("每个乡镇至少建设1所标准化敬老院，每所敬老院新增护理床位10张以上。",
     [("敬老院", 1.0, "所"), ("护理床位", 10.0, "张")]),
    ("新建老年食堂15个、日间照料中心8个、互助幸福院20个。",
     [("新建老年食堂", 15.0, "个"), ("新建日间照料中心", 8.0, "个"), ("新建互助幸福院", 20.0, "个")]),
    ("新增就业岗位3000个，其中公益性岗位占比达到20%以上。",
     [("就业岗位", 3000.0, "个"), ("公益性岗位占比", 20.0, "%")]),
    ("城市和农村特困供养标准分别提高到每人每月900元和每人每月700元。",
     [("特困供养标准", 900.0, "元/人·月"), ("特困供养标准", 700.0, "元/人·月")]),
    ("推进2个国家级、5个省级养老服务示范区建设。",
     [("国家级", 2.0, "个"), ("省级养老服务示范区", 5.0, "个")]),
]

# text, reference date, [(value, deadline, deadline_text)]
DEADLINES = [
    # an explicit phrase scopes the clauses that follow it in its sentence
    ("到2025年底，社区养老服务覆盖率达到90%以上，儿童主任培训率达到100%。", REF,
     [(90.0, D(2025, 12, 31), "到2025年底"), (100.0, D(2025, 12, 31), "到2025年底")]),
    # a later phrase takes over
    ("到2024年6月底社区心理服务覆盖率达到60%，到2025年底达到90%。", REF,
     [(60.0, D(2024, 6, 30), "到2024年6月底"), (90.0, D(2025, 12, 31), "到2025年底")]),
    # the same clause, after the number
    ("新建区级救助管理站2个，年底前投入使用。", REF, [(2.0, D(2023, 12, 31), None)]),
    # relative phrases resolved with the document's year
    ("今年新增社区工作者200名。", REF, [(200.0, D(2023, 12, 31), "今年")]),
    ("年底前建成区级未成年人救助保护中心2个。", REF, [(2.0, D(2023, 12, 31), "年底前")]),
    ("明年养老护理员持证上岗率达到85%。", REF, [(85.0, D(2024, 12, 31), "明年")]),
    # no phrase: the document's year, deadline_text None
    ("新建社区老年食堂5个。", REF, [(5.0, D(2023, 12, 31), None)]),
    # unknown year: deadline None, deadline_text kept
    ("年底前建成区级未成年人救助保护中心2个。", None, [(2.0, None, "年底前")]),
    ("新建社区老年食堂5个。", None, [(5.0, None, None)]),
]

EXCLUDED = [
    "截至去年底，全市已建成养老机构35家。",                       # achievement: 截至, 已
    "累计培训养老护理员1200名。",                                  # achievement: 累计
    "全市共有登记社会组织1500家。",                                # statistic: 共有
    "去年新增城镇就业5万人。",                                     # past year
    "2022年新建日间照料中心12个。",                                # a past year scopes the clause
    "去年新建了12个日间照料中心，惠及老年人3000名。",             # aspect 了 scopes the sentence
    "今年以来，全区救助流浪乞讨人员800人次。",                     # 以来
    "残疾人两项补贴标准均为每人每月80元。",                        # standard in force
    "护理补贴标准为每人每月90元，其中省级财政补助60元，县级配套30元。",  # parts of a standard in force
    "重点抓好三个方面的工作，做到“五个到位”。",                    # counts used as names
    "困难群众救助标准实现“八连增”。",                                  # slogan with a number
    "申请人应当在10个工作日内补齐材料。",                          # procedural time limit
    "突发事件须在2小时内报告，热线来电12秒内接通。",               # time limits, whatever the unit
    "政务服务热线24h在线，不得超过二十四小时。",                  # round the clock (h as 小时); a limit
    "对60周岁以上老年人发放高龄津贴。",                            # an age, not a target
    "2023年3月15日召开全市民政工作会议。",                         # dates
    "编制“十四五”民政事业发展规划。",                              # plan names
    "印发《2023年养老服务工作方案》。",                            # document titles
    "全市留守儿童11936名，占农村儿童总数3.6%。",                  # statistics
    "会上，8个县区作了交流发言。",                                 # aspect 了
    "不得出现同一对象重复享受补贴的情况。",                            # negated
    "仅一个县就有12名干部受到处理。",                              # 有 + number: a statistic
    "社会组织总数比上年增长8.5%。",                                # a change reported against last year
    "低保对象较去年减少3000人。",
    "在5个县开展养老服务改革试点。",                               # locative count
    "保障好全市80万人的基本生活。",                                # a count inside a noun phrase
    "庆祝中华人民共和国成立75周年。",                              # anniversaries
]
# fmt: on


@pytest.mark.parametrize("text, value, value_max, unit, comparator", COMPARATORS)
def test_comparators(text, value, value_max, unit, comparator):
    t = one(text)
    assert (t.value, t.value_max, t.unit, t.comparator) == (value, value_max, unit, comparator)


@pytest.mark.parametrize("text, strength", STRENGTH)
def test_strength(text, strength):
    assert one(text).strength == strength


@pytest.mark.parametrize("text, direction, value", DIRECTION)
def test_direction(text, direction, value):
    t = one(text)
    assert (t.direction, t.value) == (direction, value)


def test_baseline_of_last_year_with_a_commitment_is_a_target():
    t = one("全市城乡居民人均可支配收入比上年增长6%左右。")
    assert (t.comparator, t.baseline) == ("~", "比上年")
    t = one("城乡居民医保财政补助由每人每年610元提高到640元。")
    assert (t.value, t.baseline, t.direction) == (640.0, "由每人每年610元", "提高")


def test_baseline():
    t = one("社会组织参与社区服务项目数比2022年增长10%。")
    assert (t.value, t.unit, t.direction, t.baseline) == (10.0, "%", "增长", "比2022年")
    assert "社会组织参与社区服务项目数" in t.indicator
    t = one("护理型床位占比比2020年提高5个百分点。")
    assert (t.value, t.unit, t.baseline) == (5.0, "pp", "比2020年")


@pytest.mark.parametrize("text, expected", PER_UNIT_AND_LISTS)
def test_per_unit_and_lists_give_one_target_per_quantity(text, expected):
    ts = extract_targets(text, reference_date=REF)
    assert [(t.value, t.unit) for t in ts] == [(v, u) for _, v, u in expected]
    for t, (frag, _, _) in zip(ts, expected):
        assert frag in t.indicator


@pytest.mark.parametrize("text, ref, expected", DEADLINES)
def test_deadlines(text, ref, expected):
    ts = extract_targets(text, reference_date=ref)
    got = [(t.value, t.deadline, t.deadline_text) for t in ts]
    if expected[0][2] is None and len(expected) == 1 and ref is not None and "年底前" in text:
        # a deadline after the number: the phrase may or may not be reported
        assert [(v, d) for v, d, _ in got] == [(v, d) for v, d, _ in expected]
    else:
        assert got == expected


@pytest.mark.parametrize("text", EXCLUDED)
def test_exclusions(text):
    assert extract_targets(text, reference_date=REF) == []


# fmt: off
FULL_COVERAGE = [
    "推动乡镇（街道）社会工作服务站全覆盖。",
    "确保所有养老机构全部达标。",
]
# fmt: on


@pytest.mark.parametrize("text", FULL_COVERAGE)
def test_implicit_full_coverage_is_optional_100_percent(text):
    t = one(text)
    assert (t.value, t.unit, t.comparator, t.optional) == (100.0, "%", "=", True)


def test_placeholders_and_ranges():
    t = one("新增养老服务床位×张。")
    assert t.placeholder and t.value is None and t.unit == "张"
    t = one("每个社区至少培育×-×个社区社会组织。")
    assert t.placeholder and t.comparator == ">="


def test_offsets_and_evidence():
    text = "2023年工作要点\n一、养老服务\n到2025年底，全区养老服务设施覆盖率达到90%以上。\n"
    ts = extract_targets(text)
    assert len(ts) == 1
    t = ts[0]
    assert text[t.start:t.end] == t.text
    assert t.quote == text[t.quote_start:t.quote_end]
    assert "90%" in t.quote and "覆盖率" in t.quote
    assert t.start <= t.quote_start < t.quote_end <= t.end
    d = t.to_dict()
    assert d["deadline"] == "2025-12-31" and d["indicator"] == t.indicator


def test_document_year_is_used():
    doc = Document(text="新建社区老年食堂5个。", year=2021)
    assert extract_targets(doc)[0].deadline == D(2021, 12, 31)
    # the document's own year wins over reference_date
    assert extract_targets(doc, reference_date=D(2030, 1, 1))[0].deadline == D(2021, 12, 31)


def test_review_sections_are_not_targets():
    text = "一、2022年工作回顾\n新建养老院3所，新增床位300张。\n二、2023年工作安排\n新建养老院5所。\n"
    a = text.index("二、")
    secs = (Section(1, "一、", "2022年工作回顾", "一", 0, a, 11),
            Section(1, "二、", "2023年工作安排", "二", a, len(text), a + 11))
    doc = Document(text=text, year=2023, sections=secs)
    assert review_spans(doc) == [(0, a)]
    ts = extract_targets(doc)
    assert [(t.value, t.section) for t in ts] == [(5.0, "二")]


def test_a_progress_report_part_is_a_review_unless_its_heading_is_a_task_of_reporting():
    """A heading of progress (重点工作推进情况, ……开展情况, ……落实情况) heads achievements, even with plan words in it;
    one that names reporting or checking progress (定期通报工作推进情况) is a plan's item."""
    import policytext as pt

    text = ("青山县民政局关于2024年上半年工作推进情况的报告\n一、重点工作推进情况\n"
            "（一）养老服务。新建社区老年食堂12个，新增养老床位300张。\n（二）社会救助。发放低保金3000万元。\n"
            "二、下半年工作打算\n（一）养老服务。新建社区老年食堂10个。\n（二）定期通报工作推进情况\n"
            "每季度通报一次，全年抽查比例不低于20%。\n")
    got = [(t.value, t.unit) for t in extract_targets(pt.load(text.encode("utf-8")))]
    assert got == [(10.0, "个"), (20.0, "%")]


@pytest.mark.parametrize("sentence", ["在5个县开展养老服务改革试点。", "要在全县5个乡镇开展养老服务改革试点。",
                                      "在全市30余万家企业推广应用。"])
def test_a_count_of_places_where_work_is_done_is_no_target_in_a_plan(sentence):
    """在5个县, 在全县5个乡镇: where the work is done, not what it is to reach (stat_prefix_re)."""
    import policytext as pt

    assert extract_targets(pt.load(f"2024年民政工作要点\n一、重点任务\n{sentence}\n".encode("utf-8"))) == []


@pytest.mark.parametrize("sentence,indicator", [
    ("新建全区7个农村养老服务分中心。", "新建全区农村养老服务分中心"),
    ("完成全区32个村（社区）换届选举。", "完成全区村（社区）换届选举"),
])
def test_a_count_verb_may_name_the_whole_place_before_its_count(sentence, indicator):
    """新建全区7个……: the indicator takes the noun after the count, as for 新建7个…… (count_scope_re)."""
    import policytext as pt

    (t,) = extract_targets(pt.load(f"2024年民政工作要点\n一、重点任务\n{sentence}\n".encode("utf-8")))
    assert t.indicator == indicator


@pytest.mark.parametrize("sentence,indicators", [
    ("截至目前，全市已建成社区食堂120个，今年再新建30个。", ["再新建社区食堂"]),
    ("目前已建成农村幸福院85所，年内再新建15所。", ["再新建农村幸福院"]),
    ("全区已建成120个以上老年助餐点，今年新建30个。", ["新建老年助餐点"]),
    ("建成社区养老服务站12个，今年新建6个。", ["建成社区养老服务站", "新建社区养老服务站"]),
    # not: a verb inside a noun (安置房), money and shares (their own indicators), no earlier count of the unit
    ("续建安置房7550套，新开工1000套以上。", ["续建安置房", "新开工"]),
    ("已投入资金3000万元，今年新增500万元。", ["新增"]),
    ("今年新建30个。", ["新建"]),
])
def test_a_bare_count_counts_what_an_earlier_count_of_its_unit_named(sentence, indicators):
    """已建成社区食堂120个，今年再新建30个: the 30 are 社区食堂, not a bare 再新建 (elided_object)."""
    import policytext as pt

    doc = pt.load(f"2024年民政工作要点\n一、重点任务\n{sentence}\n".encode("utf-8"))
    assert [t.indicator for t in extract_targets(doc)] == indicators


def test_review_part_detected_from_its_text():
    review = "一、救助保障有力。全年救助困难群众3万人，已发放资金2亿元，取得了明显成效，获得省级表彰。" \
             "新建了示范养老中心4处，圆满完成任务。\n"
    plan = "一、强化兜底保障。要新建示范养老中心6处，确保特困人员集中供养率达到60%以上。\n"
    text = review + plan
    secs = (Section(1, "一、", "救助保障有力", "一", 0, len(review), 8),
            Section(1, "一、", "强化兜底保障", "一", len(review), len(text), len(review) + 8, part=2))
    ts = extract_targets(Document(text=text, sections=secs))
    assert [t.value for t in ts] == [6.0, 60.0]


def test_from_text_detects_year_and_outline():
    pytest.importorskip("policytext.document")
    text = "2021年民政工作要点\n一、养老服务\n1.新建社区养老服务中心8个。\n"
    (t,) = extract_targets(text)
    assert t.deadline == D(2021, 12, 31) and t.deadline_text is None


def test_bad_input():
    with pytest.raises(TypeError, match="Document or a str"):
        extract_targets(b"bytes")  # type: ignore[arg-type]


def test_malformed_rules_raise_pattern_error(monkeypatch, tmp_path):
    import policytext.extract.target_rules as mod
    from policytext import _resources

    bad = tmp_path / "targets.yaml"
    bad.write_text("version: 1\ncomparator_prefix:\n  至少: '>>'\n", encoding="utf-8")
    monkeypatch.setattr(mod, "RULES_FILE", str(bad))
    mod._rules.cache_clear()
    try:
        with pytest.raises(PatternError, match="comparator_prefix"):
            mod._rules()
    finally:
        monkeypatch.undo()
        mod._rules.cache_clear()
        _resources.read_yaml.cache_clear()


def test_target_is_frozen():
    t = one("新建社区老年食堂5个。")
    assert isinstance(t, Target)
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.value = 6.0  # type: ignore[misc]


# --------------------------------------------------------------------------- seeds and corpora


def _load(path):
    pytest.importorskip("policytext.document", reason="the document builder (year, outline) is not available")
    from policytext.io import load

    return load(path)


def test_seeds_meet_the_issue_thresholds(seeds_dir, gold_dir):
    from policytext.eval.targets import evaluate_targets, format_report

    pytest.importorskip("policytext.document", reason="the document builder (year, outline) is not available")
    ev = evaluate_targets(gold_dir / "seed-targets.jsonl", seeds_dir)
    report = format_report(ev, verbose=True)
    assert ev.f1 >= 0.95, report
    assert ev.deadline_accuracy is not None and ev.deadline_accuracy >= 0.95, report
    assert ev.comparator_accuracy is not None and ev.comparator_accuracy >= 0.97, report


@pytest.mark.parametrize("prefix", ["001_", "004_"])
def test_no_targets_in_news_and_review_speech(seeds_dir, prefix):
    (path,) = sorted(seeds_dir.glob(prefix + "*.txt"))
    assert extract_targets(_load(path)) == []


def test_none_from_the_achievements_part_of_003(seeds_dir, gold_dir):
    from policytext.eval.targets import read_gold

    (path,) = sorted(seeds_dir.glob("003_*.txt"))
    doc = _load(path)
    text = doc.text if isinstance(doc, Document) else doc
    quotes = [g.quote for g in read_gold(gold_dir / "seed-targets.jsonl") if g.doc == path.name]
    # the plan part starts where the first gold target's sentence starts; everything before reviews
    first = min(text.find(q) for q in quotes if text.find(q) >= 0)
    plan_start = max(text.rfind("\n", 0, first), 0)
    review_end = text.rfind("\n一、", 0, plan_start)
    ts = extract_targets(doc)
    assert ts and all(t.start >= review_end for t in ts), [(t.start, t.text[:30]) for t in ts if t.start < review_end]


def _gwr(gwr_dir, year):
    path = gwr_dir / f"gwr-{year}-national.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("year", [2019, 2021, 2022, 2023])
def test_work_reports_targets_are_this_years_commitments(gwr_dir, year):
    pytest.importorskip("policytext.document", reason="the document builder (year, outline) is not available")
    text = _gwr(gwr_dir, year)
    ts = extract_targets(text, reference_date=D(year, 3, 5))
    # the review part (first top-level heading up to the second) gives nothing
    heads = [m.start() for m in re.finditer(r"(?m)^[一二三四五六七八九十]+、", text)]
    assert len(heads) >= 2
    assert not [t for t in ts if heads[0] <= t.start < heads[1]], "targets found in the review of past work"
    # the main expected targets are found, with this year's deadline
    gdp = [t for t in ts if "国内生产总值" in t.indicator and t.unit == "%" and t.deadline_text in ("今年", "全年")]
    assert gdp, "this year's GDP growth target missing"
    assert all(t.deadline == D(year, 12, 31) for t in gdp)
    assert all(t.deadline is not None and t.deadline >= D(year, 12, 31) for t in ts)
    jobs = [t for t in ts if "城镇新增就业" in t.indicator and t.unit == "人"]
    assert jobs and jobs[0].comparator in (">=", "~") and jobs[0].value >= 9_000_000


# ---------------------------------------------------------------- generalization rules (invented sentences)

# fmt: off
FACTS_NOT_TARGETS = [
    "今年全市高校毕业生将高达12万人，要做好就业服务。",        # forecast of a population (高达)
    "今年全省高校毕业生超过30万人，要加强就业指导。",          # population subject, no commitment verb
    "今年我区老年人口超过8万人，要加快发展养老服务。",
    "要坚持以人为本，以解决两个1万人问题为着力点。",            # a count of a named number is a name
    "开展第二轮土地承包到期后再延长30年试点。",                  # a duration, not a change of a level
]

IMPLIED_UNITS = [
    # text, value, unit
    ("城乡居民医保财政补助由每人每年380元提高到420元。",         420.0,  "元/人·年"),  # compound prefix carried
    ("农村特困人员供养标准分别提高到每人每月800元和650元以上。",     800.0,  "元/人·月"),
    ("今年再解决3000万农村人口的安全饮水问题。",                 3e7,    "人"),        # count before 人口
    ("全区康养服务业增加值达到千亿级以上。",                   1e11,   "元"),        # money indicator
    ("劳动年龄人口平均受教育年限提高到11.5年。",                 11.5,   "年"),        # change of a level in 年
    ("人均预期寿命再提高1岁。",                                  1.0,    "岁"),
]
# fmt: on


@pytest.mark.parametrize("text", FACTS_NOT_TARGETS)
def test_facts_and_forecasts_are_not_targets(text):
    assert extract_targets(text, reference_date=REF) == []


@pytest.mark.parametrize("text,value,unit", IMPLIED_UNITS)
def test_implied_units(text, value, unit):
    ts = extract_targets(text, reference_date=REF)
    assert ts, text
    t = ts[-1] if "650" not in text else ts[0]
    assert (t.value, t.unit) == (value, unit)
    if "650" in text:
        assert [(x.value, x.unit) for x in ts] == [(800.0, "元/人·月"), (650.0, "元/人·月")]


def test_restatements_are_dropped_keeping_the_first():
    text = ("今年主要预期目标是：地区生产总值增长6%左右；城镇新增就业3万人以上。\n"
            "这里要说明，提出地区生产总值增长6%左右，主要是引导各方面把重点放到高质量发展上来。\n"
            "经济增长预期目标定为6%左右，主要基于两方面考虑。\n")
    ts = extract_targets(text, reference_date=REF)
    assert [(t.indicator, t.value, t.unit) for t in ts] == [("地区生产总值", 6.0, "%"), ("城镇新增就业", 3e4, "人")]


def test_same_value_for_different_indicators_is_kept():
    text = "今年农村低保标准提高5%。\n今年城市低保标准提高5%。\n"
    assert len(extract_targets(text, reference_date=REF)) == 2


def test_continuation_sentence_keeps_the_commitment():
    text = "今年拟安排民生支出120亿元。其中，养老服务支出20亿元，社会救助支出35亿元。"
    ts = extract_targets(text, reference_date=REF)
    assert [(t.value, t.unit) for t in ts] == [(1.2e10, "元"), (2e9, "元"), (3.5e9, "元")]


def test_bare_amount_sentence_without_commitment_stays_excluded():
    assert extract_targets("全市留守儿童1.2万名，其中女童5000名。", reference_date=REF) == []


# fmt: off
MORE_SCOPE_VERBS = [
    ("在60%的乡镇开展居家养老服务试点。",        60.0,   "%",  "="),   # 在 + share: a scope
    ("今年将减轻困难群众负担300多亿元。",        3e10,   "元", ">="),  # 多: more than
    ("淘汰老旧殡葬设备120台。",                  120.0,  "台", "="),   # action verbs before an object
    ("中央财政安排城乡医疗救助资金160亿元。",    1.6e10, "元", "="),
    ("使用10亿元福彩公益金支持养老服务。",        1e9,    "元", "="),
    ("广义货币增长目标为12%左右。",              12.0,   "%",  "~"),   # 目标为: a goal, not a standard
    ("一般性转移支付增长8%、为多年来最大增幅。",  8.0,    "%",  "="),   # comment after the number
]
# fmt: on


@pytest.mark.parametrize("text,value,unit,comparator", MORE_SCOPE_VERBS)
def test_commitment_cues(text, value, unit, comparator):
    t = one(text)
    assert (t.value, t.unit, t.comparator) == (value, unit, comparator)


# fmt: off
ISSUE_12_TARGETS = [
    # (sentence, indicator, comparator, value, unit)
    ("今年培训超2000人次。", "培训", ">=", 2000.0, "人次"),
    ("今年高速公路里程突破9500公里。", "高速公路里程", ">=", 9500.0, "公里"),
    ("力争敬老院入住率不足50%的县全部整改。", "敬老院入住率", "<=", 50.0, "%"),
    ("今年逾3000户完成改造。", None, ">=", 3000.0, "户"),
]
# fmt: on


@pytest.mark.parametrize("sent, indicator, comparator, value, unit", ISSUE_12_TARGETS)
def test_issue_12_comparators(sent, indicator, comparator, value, unit):
    from policytext.extract.targets import extract_targets as extract_plain

    ts = [t for t in extract_plain(sent, year=2026) if t.value == value]
    assert ts and ts[0].comparator == comparator and ts[0].unit == unit
    if indicator:
        assert ts[0].indicator == indicator


def test_issue_12_review_titles_and_plan_year_headings():
    from policytext.types import Document

    text = ("“十四五”时期工作回顾\n五年来主要做了以下工作。\n新建养老院300所。\n"
            "2026年重点工作\n新建养老院50所。\n")
    ts = extract_targets(Document(text=text, year=2026))
    assert [t.value for t in ts] == [50.0]


# Issue 12, round 2: review parts whose headings do not say what they are, and
# the weak cues a review uses for the past (invented sentences).
def _poetic(review: str, plan: str, year: int = 2026) -> Document:
    a = len(review)
    text = review + plan
    secs = (Section(1, "一、", "踔厉奋发启新程", "一", 0, a, 8),
            Section(1, "二、", "乘势而上谱新篇", "二", a, len(text), a + 8))
    return Document(text=text, year=year, sections=secs)


def test_review_part_found_from_its_time_orientation():
    review = ("一、踔厉奋发启新程\n过去一年，全市新建社区食堂40个，2025年城镇新增就业8万人。"
              "“十四五”期间，累计建成养老床位1.2万张，五年来完成改造300处。\n")
    plan = "二、乘势而上谱新篇\n今年要新建社区食堂20个，力争养老床位达到1.5万张。新建口袋公园30个。\n"
    doc = _poetic(review, plan)
    assert review_spans(doc) == [(0, len(review))]
    # the plan part has no future cue in its last sentence: the section's orientation commits to it
    assert [t.value for t in extract_targets(doc)] == [20.0, 15000.0, 30.0]


def test_forward_looking_section_alone_is_not_a_review():
    text = "一、乘势而上谱新篇\n今年要新建社区食堂20个，明年力争达到50个。\n"
    doc = Document(text=text, year=2026, sections=(Section(1, "一、", "乘势而上谱新篇", "一", 0, len(text), 8),))
    assert review_spans(doc) == []


# fmt: off
REVIEW_WEAK_CUES = [
    "争取中央补助资金12亿元，增长8%。",             # 争取 in a review: secured
    "全年预计完成投资300亿元。",                     # an estimate of the year under review
    "坚持“三个必须”，新建学校6所。",                 # 必须 inside a quoted slogan
    "一年内建成示范社区15个。",                      # 一年内: a duration, not this year
]
REVIEW_STRONG_CUES = [
    ("今年要新建学校6所。", 6.0),
    ("下一步，力争建成示范社区15个。", 15.0),
]
# fmt: on


@pytest.mark.parametrize("sent", REVIEW_WEAK_CUES)
def test_weak_future_cues_do_not_rescue_a_review_clause(sent):
    review = "一、2025年工作回顾\n" + sent + "\n"
    plan = "二、2026年重点工作\n新建口袋公园30个。\n"
    a = len(review)
    secs = (Section(1, "一、", "2025年工作回顾", "一", 0, a, 11),
            Section(1, "二、", "2026年重点工作", "二", a, a + len(plan), a + 11))
    ts = extract_targets(Document(text=review + plan, year=2026, sections=secs))
    assert [t.value for t in ts] == [30.0]


@pytest.mark.parametrize("sent, value", REVIEW_STRONG_CUES)
def test_strong_future_cues_still_count_in_a_review(sent, value):
    review = "一、2025年工作回顾\n" + sent + "\n"
    secs = (Section(1, "一、", "2025年工作回顾", "一", 0, len(review), 11),)
    ts = extract_targets(Document(text=review, year=2026, sections=secs))
    assert [t.value for t in ts] == [value]


# fmt: off
OPENING_HORIZONS = [
    ("“十五五”时期是爬坡过坎的关键五年。\n城市绿道总长达到800公里。\n", "2030-12-31"),
    ("今后五年，要久久为功。\n城市绿道总长达到800公里。\n", "2030-12-31"),
    ("今年是“十五五”开局之年。\n城市绿道总长达到800公里。\n", "2026-12-31"),   # this year's part
    ("“十四五”时期是不平凡的五年。\n要使城市绿道总长达到800公里。\n", "2026-12-31"),  # an ended plan
]
# fmt: on


@pytest.mark.parametrize("opening, deadline", OPENING_HORIZONS)
def test_section_opening_sets_the_horizon_of_a_heading_without_period(opening, deadline):
    text = "二、乘势而上谱新篇\n" + opening
    doc = Document(text=text, year=2026, sections=(Section(1, "二、", "乘势而上谱新篇", "二", 0, len(text), 2),))
    ts = extract_targets(doc)
    assert [(t.value, str(t.deadline)) for t in ts] == [(800.0, deadline)]


# fmt: off
# A heading that names the period and the plan year (二、“十五五”时期目标任务和2026年工作安排): the
# period up to the paragraph that turns to the plan year, the plan year from there on.
MIXED_HEADINGS = [
    ("“十五五”时期目标任务和2026年工作安排",
     "规划纲要提出，养老床位达到3万张。\n今年是“十五五”开局之年。\n新建社区食堂20个。\n",
     [(30000.0, "2030-12-31"), (20.0, "2026-12-31")]),
    ("2026年工作安排和“十五五”主要目标",
     "纲要明确，城市绿道总长达到800公里。\n2026年要抓好开局。新建社区食堂20个。\n",
     [(800.0, "2030-12-31"), (20.0, "2026-12-31")]),
    ("“十五五”主要目标和2026年重点任务",            # no paragraph turns to the year: the period
     "城市绿道总长达到800公里。新建社区食堂20个。\n",
     [(800.0, "2030-12-31"), (20.0, "2030-12-31")]),
    ("扎实做好2026年工作，确保“十五五”开好局",      # 开好局 names the first year, not the period
     "城市绿道总长达到800公里。\n",
     [(800.0, "2026-12-31")]),
    ("奋力实现“十五五”良好开局",
     "新建社区食堂20个。\n",
     [(20.0, "2026-12-31")]),
]
# fmt: on


@pytest.mark.parametrize("heading, body, expected", MIXED_HEADINGS)
def test_heading_naming_the_period_and_the_plan_year(heading, body, expected):
    text = "二、" + heading + "\n" + body
    secs = (Section(1, "二、", heading, "二", 0, len(text), 2 + len(heading)),)
    doc = Document(text=text, year=2026, sections=secs)
    assert [(t.value, str(t.deadline)) for t in extract_targets(doc)] == expected


# fmt: off
# Plans: the horizon of a goals section stated after its opening sentence, in a 总体要求
# section, with a space before the year, or as "2025 年的主要目标是："; a plan heading
# naming a period when the document states no year of its own (invented plans).
PLAN_HORIZONS = [
    ("一、主要目标\n坚持问题导向。力争到2027年，社区养老服务网络基本建成。\n二、重点任务\n"
     "新建社区养老服务站30个。每年培训护理员500人次。\n", [(30.0, "2027-12-31"), (500.0, "2027-12-31")]),
    ("一、总体要求\n以改革创新为动力。到2025年年底，社区养老服务网络基本建成。\n二、重点任务\n"
     "新建社区养老服务站30个。\n", [(30.0, "2025-12-31")]),
    ("一、发展目标\n到 2025 年，社区养老服务网络基本建成。\n二、重点任务\n新建社区养老服务站30个。\n",
     [(30.0, "2025-12-31")]),
    ("一、发展路径和目标\n2025 年的主要目标是：\n——服务更加完善。新建社区养老服务站30个。\n",
     [(30.0, "2025-12-31")]),
    ("三、目标\n1. 总体目标（2021-2025年）\n新建社区养老服务站30个。\n", [(30.0, "2025-12-31")]),
    ("一、主要目标\n坚持问题导向，实现2035年远景目标。\n二、重点任务\n新建社区养老服务站30个。\n",
     [(30.0, "None")]),                                      # 2035年远景目标 names a goal, not a limit
]
# fmt: on


@pytest.mark.parametrize("body, expected", PLAN_HORIZONS)
def test_plan_horizon_from_goals_sections_as_plans_write_them(body, expected):
    from policytext.document import from_text

    doc = from_text("关于推进社区养老服务的实施方案\n为推进社区养老服务，制定本方案。\n" + body)
    assert [(t.value, str(t.deadline)) for t in extract_targets(doc)] == expected


def test_title_lines_that_lost_their_markers_still_give_the_period():
    from policytext.document import from_text

    text = ("2026年某省政府工作报告\n各位代表：\n“十四五”时期工作回顾\n五年来主要做了以下工作。新建学校300所。\n"
            "“十五五”时期的主要目标任务\n“十五五”时期，要努力实现以下目标任务：\n"
            "一是发展水平明显提升。全省地区生产总值年均增长5%以上。\n"
            "2026年重点工作\n今年要做好以下工作。\n（一）扩大有效投资\n新建社区食堂20个。\n")
    ts = extract_targets(from_text(text))
    assert [(t.value, str(t.deadline)) for t in ts] == [(5.0, "2030-12-31"), (20.0, "2026-12-31")]


# fmt: off
# Provincial reports, round 3 (invented sentences): what a plan part says about its own goals.
PLAN_PART_SENTENCES = [
    ("完成造林任务400万亩，其中退化林修复150万亩。", [400e4, 150e4]),          # 其中 continues a target
    ("社会总产值比上年增长9%；其中工业产值1500亿元。", []),                     # ... not a reported change
    ("重点开展5个方面20个信息化标准的编制工作。", [20.0]),                      # 5个方面 names a list
    ("要制定GB/T 26790.1等标准，PM2.5浓度下降10%。", [10.0]),                   # codes are not numbers
    ("新增技能人才10万人次、高技能人才2.5万人次。", [1e5, 2.5e4]),            # a list goes on past a noun of people
    ("规划纲要明确了主要指标：一是提出5项指标，其中森林覆盖率达到30%左右。", [30.0]),  # 明确了/提出 state a plan
    ("以上共计20项指标，其中预期性指标12项、约束性指标8项。", []),              # counts of a plan's indicators
    ("要推动全市12345热线群众诉求满意率达到95%以上。", [95.0]),                 # 12345热线 is a name
    ("要办好青年50人论坛等活动，新建青年驿站20个。", [20.0]),                   # 50人论坛 is a name
    ("要建好“十四五”批复的3个产业园，争取再创建2个示范园。", [2.0]),            # a past time inside an earlier clause
    ("发布就业岗位2万个，举办招聘活动300场。", [2e4, 300.0]),                  # count verbs 发布, 举办
    ("2025年预计同2020年比较，棉花增长21.9%，油料增长39%。", []),              # a past baseline still scopes
]
# fmt: on


@pytest.mark.parametrize("sent, values", PLAN_PART_SENTENCES)
def test_issue_12_plan_part_sentences(sent, values):
    from policytext.extract.targets import extract_targets as extract_plain

    assert [t.value for t in extract_plain(sent, year=2026)] == values


def test_issue_12_restating_a_goal_while_explaining_it():
    from policytext.extract.targets import extract_targets as extract_plain

    text = ("今年主要预期目标是：地区生产总值增长4.5%左右。"
            "确定4.5%左右的增长目标，兼顾了需要与可能。")
    assert [t.value for t in extract_plain(text, year=2026)] == [4.5]


def test_notes_at_the_end_of_a_report_are_not_targets():
    from policytext.document import from_text

    text = ("2026年某省政府工作报告\n一、2026年重点工作\n今年要新建社区食堂20个，改造老旧小区30个，"
            "打造“15分钟生活圈”，完善“1+5”疾控体系。\n注释\n［1］1+5：“5”即依托5家市疾控中心建设区域中心。\n")
    assert [t.value for t in extract_targets(from_text(text))] == [20.0, 30.0]


# fmt: off
RESPECTIVELY = [
    ("今年小麦、玉米产量分别达800万吨、600万吨。", [("小麦产量", 8e6), ("玉米产量", 6e6)]),
    ("羊肉、牛肉产量分别稳定在20万吨和35万吨左右。", [("羊肉产量", 2e5), ("牛肉产量", 3.5e5)]),
    ("今年城镇和农村居民人均可支配收入分别增长5%、7%。", [("城镇居民人均可支配收入", 5.0), ("农村居民人均可支配收入", 7.0)]),
    ("今年省外游客、境外游客分别增长12%、20%。", [("省外游客", 12.0), ("境外游客", 20.0)]),
    ("今年一二产增加值分别增长3%、6%。", [("一二产增加值", 3.0), ("一二产增加值", 6.0)]),   # no list to spread
    # the head starts at a word: not 原煤气产量, 花生油全产业链产值
    ("今年原煤、原油、天然气产量分别达到900万吨、50万吨和20亿立方米。",
     [("原煤产量", 9e6), ("原油产量", 5e5), ("天然气产量", 2e9)]),
    ("今年茶叶、中药材全产业链产值分别达到300亿元和200亿元。",
     [("茶叶全产业链产值", 3e10), ("中药材全产业链产值", 2e10)]),
    # the subject stands in the clause before 分别; the next value is no object (not 和6%, 实际.2%)
    ("今年城镇居民人均可支配收入和农村居民人均可支配收入，分别实际增长5.5%和6%。",
     [("城镇居民人均可支配收入", 5.5), ("农村居民人均可支配收入", 6.0)]),
    ("粮食和蔬菜播种面积，2026年分别稳定在800万亩和200万亩。", [("粮食播种面积", 8e6), ("蔬菜播种面积", 2e6)]),
    # 城乡 names two subjects at once (respective_subjects)
    ("今年城乡特困人员基本生活标准分别提高到每人每月1100元和900元。",
     [("城市特困人员基本生活标准", 1100.0), ("农村特困人员基本生活标准", 900.0)]),
    # a separator inside brackets splits nothing
    ("今年各县（市、区）新建社区食堂分别不少于5个。", [("各县（市、区）新建社区食堂", 5.0)]),
]
# fmt: on


@pytest.mark.parametrize("sent, expected", RESPECTIVELY)
def test_respectively_spreads_the_subjects_over_the_values(sent, expected):
    from policytext.extract.targets import extract_targets as extract_plain

    assert [(t.indicator, t.value) for t in extract_plain(sent, year=2026)] == expected


# fmt: off
INDICATORS = [
    # an outline marker whose opening bracket was stripped is no part of the indicator
    ("（三）各县（市、区）新建社区食堂不少于5个。", "各县（市、区）新建社区食堂"),
    ("(二)新增护理型床位300张。", "新增护理型床位"),
    ("四）农村幸福院覆盖率达到80%。", "农村幸福院覆盖率"),
    # a number with no indicator of its own takes what the clause before measures
    ("全市养老服务投入去年为8亿元，今年将达到10亿元。", "全市养老服务投入"),
    ("今年全市养老服务投入，比上年增长15%以上。", "全市养老服务投入"),
    ("二是新建社区食堂：不少于20个。", "新建社区食堂"),
]
# a bare 农村 stands for the previous indicator with its first word replaced (parallel_subjects)
PARALLEL = ("到2025年，城市社区养老服务设施覆盖率达到95%以上，农村达到70%以上。",
            ["城市社区养老服务设施覆盖率", "农村社区养老服务设施覆盖率"])
# fmt: on


@pytest.mark.parametrize("sent, indicators", [(s, [i]) for s, i in INDICATORS] + [PARALLEL])
def test_the_indicator_is_what_the_number_measures(sent, indicators):
    assert [t.indicator for t in extract_targets(sent)] == indicators


# fmt: off
SPECIFICATIONS = [
    # a specification list states bare measurements; ≥ ≤ 大于 小于 are comparators
    ("到2025年，考核指标：量程0.5MPa，非线性误差0.2%，响应时间≤50ms，平均故障间隔时间≥10000h。",
     [("量程", 0.5, "MPa", "="), ("非线性误差", 0.2, "%", "="), ("响应时间", 50.0, "ms", "<="),
      ("平均故障间隔时间", 10000.0, "h", ">=")]),
    ("到2025年，连续工作时间大于240h，定位误差小于5%。",
     [("连续工作时间", 240.0, "h", ">="), ("定位误差", 5.0, "%", "<=")]),
    # after @ a condition, after × a dimension
    ("到2025年，本底噪声≤1pT@1Hz，芯片尺寸≤12mm×12mm。", [("本底噪声", 1.0, "pT", "<="), ("芯片尺寸", 12.0, "mm", "<=")]),
    ("发布直连通信使用5905-5925MHz频段管理规定。", []),   # a band's name
    ("到2027年，带动相关产业规模超万亿元。", [("带动相关产业规模", 1e12, "元", ">=")]),
]
# fmt: on


@pytest.mark.parametrize("sent, expected", SPECIFICATIONS)
def test_specifications_in_technology_plans(sent, expected):
    assert [(t.indicator, t.value, t.unit, t.comparator) for t in extract_targets(sent)] == expected


def test_respectively_indicator_gold(gwr_dir):
    """tests/data/gold-indicators-respectively.jsonl (its .md): indicators of 分别 lists in national reports."""
    import json

    from policytext.eval.targets import dice

    rows = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "gold-indicators-respectively.jsonl").read_text(encoding="utf-8").splitlines()]
    scores = {"dev": [], "heldout": []}
    for r in rows:
        text = (gwr_dir / r["doc"]).read_text(encoding="utf-8")[r["start"]:r["end"]]
        found = list(extract_targets("".join(text.split())))
        for q in r["quantities"]:
            t = next(t for t in found if t.value == q["value"] and t.unit == q["unit"])  # every one is found
            found.remove(t)
            scores[r["split"]].append(dice(t.indicator, q["indicator"]))
    assert (len(scores["dev"]), len(scores["heldout"])) == (17, 75)
    held = scores["heldout"]
    assert sum(held) / len(held) >= 0.817 - 0.005 and sum(d >= 0.3 for d in held) / len(held) >= 0.907 - 0.005  # before: 0.742
    assert sum(scores["dev"]) / 17 >= 0.620 - 0.005  # before: 0.274


# fmt: off
LIST_COUNTS = [
    "今年要落实扶持小微企业15条措施。",
    "深入实施乡村振兴8条政策措施。",
    "今年要统筹把握好5个方面。",
    "今年出台3项稳外贸举措。",
    "今年抓好交通等9个领域节能工作。",
    "今年完成三类社区分类认定。",
    "今年实施8个重点行业提质方案。",
]
CLOSING_TIMES = [
    ("农村低保标准提高到每人每月720元，10月底前完成调标。", 720.0, "2026-10-31"),
    ("新建口袋公园15个，6月底前全部开工。", 15.0, "2026-06-30"),
    ("今年新建口袋公园15个，8月底前改造绿道20公里。", 15.0, "2026-12-31"),  # the closing clause has its own number
    # 上半年 and 在2028年 are not time limits by themselves: they count only alone in the closing clause;
    # 确保/力争 may stand before it
    ("新建社区食堂30个，上半年完成选址。", 30.0, "2026-06-30"),
    ("养老床位达到3万张，力争在2028年实现。", 30000.0, "2028-12-31"),
    ("新建社区食堂30个，确保2027年9月底前建成投用。", 30.0, "2027-09-30"),
    ("要抓好6条续建高速建设，2027年、2028年分别建成甲线、乙线。", 6.0, "2026-12-31"),  # a list of times
    ("实现2035年远景目标，养老床位达到3万张。", 30000.0, "2026-12-31"),
]
# fmt: on


@pytest.mark.parametrize("sent", LIST_COUNTS)
def test_counts_that_name_a_list_of_measures_are_not_targets(sent):
    from policytext.extract.targets import extract_targets as extract_plain

    assert extract_plain(sent, year=2026) == []


@pytest.mark.parametrize("sent, value, deadline", CLOSING_TIMES)
def test_a_time_limit_closing_the_sentence_gives_the_deadline(sent, value, deadline):
    from policytext.extract.targets import extract_targets as extract_plain

    ts = [t for t in extract_plain(sent, year=2026) if t.value == value]
    assert ts and str(ts[0].deadline) == deadline


def test_goals_section_sets_the_horizon_of_the_whole_plan():
    from policytext.document import from_text

    text = ("关于推进社区养老服务的实施方案\n一、工作目标\n到2027年底，社区养老服务网络基本建成。\n"
            "二、重点任务\n（一）完善设施。新建社区养老服务站30个。\n（二）培养队伍。2025年底前培训护理员500人次。\n")
    ts = extract_targets(from_text(text))
    assert [(t.value, str(t.deadline)) for t in ts] == [(30.0, "2027-12-31"), (500.0, "2025-12-31")]


def test_goals_heading_with_its_own_period_sets_no_plan_horizon():
    from policytext.document import from_text

    text = ("2026年工作报告\n一、“十五五”时期主要目标\n到2030年，养老床位达到3万张。\n"
            "二、2026年重点工作\n新建社区养老服务站30个。\n")
    ts = extract_targets(from_text(text))
    assert [(t.value, str(t.deadline)) for t in ts] == [(30000.0, "2030-12-31"), (30.0, "2026-12-31")]


# fmt: off
DOC_NUMBERS = [
    ("关于做好社区食堂建设的通知\n民发〔2023〕12号\n各地：今年新建社区食堂30个。\n", 2023),
    ("关于做好社区食堂建设的通知\n（民办函〔2022〕7号）\n各地：今年新建社区食堂30个。\n", 2022),
    ("关于做好社区食堂建设的通知\n根据《意见》（国发〔2019〕5号），今年新建社区食堂30个。\n", None),  # a cited number
]
# fmt: on


# fmt: off
CLOSING_DATES = [
    ("关于做好社区食堂建设的通知\n各地：新建社区食堂30个。\n\n某某市人民政府办公厅 2021年8月27日印发\n", 2021),
    ("关于做好社区食堂建设的通知\n各地：新建社区食堂30个。\n某某市民政局\n二〇二〇年三月五日\n", 2020),
    ("关于做好社区食堂建设的通知\n各地：新建社区食堂30个。\n本通知自2022年4月30日起施行，有效期至2025年12月31日。\n",
     None),                                                     # validity dates are not the closing date
]
# fmt: on


@pytest.mark.parametrize("text, year", DOC_NUMBERS)
def test_year_from_a_document_number_line(text, year):
    from policytext.document.year import find_year_source

    y, origin = find_year_source(text)
    assert y == year and (origin == "doc_number" or year is None)


@pytest.mark.parametrize("text, year", CLOSING_DATES)
def test_year_from_the_closing_date_of_a_policy(text, year):
    from policytext.document import from_text
    from policytext.document.year import year_from_closing

    assert year_from_closing(text) == year
    doc = from_text(text)
    assert doc.year == year
    assert [str(t.deadline) for t in extract_targets(doc)] == [f"{year}-12-31" if year else "None"]


# fmt: off
RATIO_TARGETS = [
    ("城乡居民收入比缩小至2.6∶1左右。", "城乡居民收入比", 2.6, "~"),
    ("今年城乡收入比控制在2.4:1以内。", "城乡收入比", 2.4, "<="),
    ("今年社工与服务对象配比达到1:300。", "社工与服务对象配比", 300.0, "="),
]
# fmt: on


@pytest.mark.parametrize("sent, indicator, value, comparator", RATIO_TARGETS)
def test_ratio_targets_are_one_target_in_bei(sent, indicator, value, comparator):
    from policytext.extract.targets import extract_targets as extract_plain

    ts = extract_plain(sent, year=2026)
    assert [(t.indicator, t.value, t.unit, t.comparator) for t in ts] == [(indicator, value, "倍", comparator)]


# fmt: off
BENEFICIARIES = [
    ("今年为25万农村妇女免费体检。", 250000.0, "人", "="),
    ("今年为超3000名孤独症儿童提供康复训练。", 3000.0, "人", ">="),
    ("今年为1.5万名失能老年人提供上门服务。", 15000.0, "人", "="),
    ("今年选派800位以上驻村医生。", 800.0, "人", ">="),
]
# fmt: on


@pytest.mark.parametrize("sent, value, unit, comparator", BENEFICIARIES)
def test_counts_of_people_served_are_targets_in_ren(sent, value, unit, comparator):
    from policytext.extract.targets import extract_targets as extract_plain

    ts = extract_plain(sent, year=2026)
    assert [(t.value, t.unit, t.comparator) for t in ts] == [(value, unit, comparator)]


def test_copula_wei_before_a_count_is_still_a_statistic():
    from policytext.extract.targets import extract_targets as extract_plain

    assert extract_plain("今年全市失能老年人为1.5万名。", year=2026) == []


# fmt: off
QUALIFIERS = [
    ("今年推动年吞吐量200万吨以上的港区接入铁路。", []),
    ("今年关停5万千瓦及以下燃煤小机组。", []),
    ("今年推动60万千瓦级机组灵活性改造。", []),
    ("今年为80所海拔2000米以上乡村学校建设供暖设施。", [80.0]),
    ("今年完成投资800亿元以上。", [8e10]),
    ("今年油料产量稳定在50万吨以上，确保供给。", [5e5]),
]
# fmt: on


@pytest.mark.parametrize("sent, values", QUALIFIERS)
def test_a_measure_that_qualifies_a_noun_is_not_a_target(sent, values):
    from policytext.extract.targets import extract_targets as extract_plain

    assert [t.value for t in extract_plain(sent, year=2026)] == values


def test_a_total_after_a_list_of_names_is_a_target():
    from policytext.extract.targets import extract_targets as extract_plain

    ts = extract_plain("今年推进东湖、西湖等6个湿地公园建设。", year=2026)
    assert [(t.value, t.unit) for t in ts] == [(6.0, "个")]


# fmt: off
GRANT_RULES = [
    "对新认定的示范基地给予每家最高50万元奖励。",
    "对通过验收的社区每个补助5万元。",
    "每新建1家给予运营方20万元补贴。",
]
# fmt: on


@pytest.mark.parametrize("sent", GRANT_RULES)
def test_grants_per_beneficiary_are_rules_in_force(sent):
    from policytext.extract.targets import extract_targets as extract_plain

    assert extract_plain(sent, year=2026) == []


def test_an_amount_to_spend_is_still_a_target():
    from policytext.extract.targets import extract_targets as extract_plain

    assert [t.value for t in extract_plain("今年安排养老服务补助资金3亿元。", year=2026)] == [3e8]


def test_a_goals_horizon_does_not_leak_into_the_annual_part_of_a_report():
    from policytext.document import from_text

    text = ("2026年某市政府工作报告\n一、踔厉奋发启新程\n过去一年，全市新建学校50所，2025年增长6%。"
            "“十四五”期间累计建成公园300个，五年来完成改造300处。\n"
            "二、乘势而上谱新篇\n“十五五”时期是关键五年。\n（一）主要目标\n到2030年，城镇新增就业30万人以上。养老床位达到5万张。\n"
            "三、实干笃行开新局\n今年是开局之年。新建口袋公园30个。\n"
            "四、2026年民生实事\n新建社区食堂20个。\n")
    ts = extract_targets(from_text(text))
    assert [(t.value, str(t.deadline)) for t in ts] == [
        (300000.0, "2030-12-31"), (50000.0, "2030-12-31"), (30.0, "2026-12-31"), (20.0, "2026-12-31")]


def test_review_time_gate_covers_every_orientation_cue():
    import re as _re

    from policytext.extract.review import _orientation_regex
    from policytext.extract.target_rules import load_rules

    R = load_rules()
    gated = _orientation_regex(R)
    ungated = _re.compile(gated.pattern[len(f"(?={R.review_time_gate})"):])
    text = ("过去一年，去年上年一年来五年来这五年同比累计刚刚过去，2025年、1999年，“十四五”“十五五”，"
            "今年明年今后未来下一步新的一年力争确保要加强将推进，即将到来。")
    assert [m.group() for m in gated.finditer(text)] == [m.group() for m in ungated.finditer(text)]
    assert len(list(gated.finditer(text))) >= 20


def test_issue_15_problem_statements_of_the_sample_report_are_not_targets():
    from pathlib import Path

    import policytext as pt

    doc = pt.load(Path(__file__).resolve().parents[1] / "corpora" / "samples" / "report_bixi_2022.pdf")
    problems = [s for s in doc.sections if s.level == 1 and "问题" in s.heading]
    assert len(problems) == 1
    targets = pt.extract_targets(doc)
    assert targets and not [t for t in targets if problems[0].start <= t.start < problems[0].end]
    assert targets[0].indicator == "城市低保标准" and targets[0].value == 780.0  # 城乡…分别: 城市, 农村


# fmt: off
LEAD_IN_CASES = [
    # a step of a plan opens with its horizon; the goals listed under it are due then
    ("二、发展目标\n第一步，到2024年，养老服务体系基本建立：\n——新建社区养老服务站60个。\n——护理型床位占比达到50%。\n"
     "第二步，到2027年，养老服务体系全面建成：\n——新建社区养老服务站120个。\n",
     [(60.0, "2024-12-31"), (50.0, "2024-12-31"), (120.0, "2027-12-31")]),
    # a limit that is not at the head of its paragraph scopes nothing after it
    ("二、工作任务\n各地要加强设施建设，力争到2025年基本覆盖。\n新建社区养老服务站60个。\n",
     [(60.0, "None")]),
]
# fmt: on


@pytest.mark.parametrize("text, expected", LEAD_IN_CASES)
def test_issue_12_a_lead_in_horizon_scopes_the_list_after_it(text, expected):
    import policytext as pt

    got = [(t.value, str(t.deadline)) for t in pt.extract_targets(text)]
    assert got == expected


def _sentence_states(sentences, hits):
    """For each sentence holding a hit: its span, its paragraph's opening sentence and whether the sentence
    before it (in the same paragraph) held a hit: what extract_targets reads of the sentences it visits."""
    out, opening, prev_hit, k = [], None, False, 0
    for m in sentences:
        s, e = m.span()
        if s == 0 or m.string[s - 1] == "\n":
            opening, prev_hit = m.span(), False
        while k < len(hits) and hits[k] < s:
            k += 1
        has = k < len(hits) and hits[k] < e
        if has:
            out.append((m.span(), opening, prev_hit))
        prev_hit = has
    return out


def test_sentences_near_hits_keep_the_state_of_every_sentence():
    """Only the lines holding a hit are read, with the same paragraph state at each sentence with one."""
    import random

    from policytext.extract.deadlines import RE_SENTENCE
    from policytext.extract.targets import _sentences_near

    rng = random.Random(11)
    for _ in range(3000):
        text = "".join(rng.choice("甲乙3。！\n\n") for _ in range(rng.randint(0, 30)))
        hits = [i for i, ch in enumerate(text) if ch == "3" or ch == "\n" and rng.random() < 0.1]
        assert _sentence_states(_sentences_near(text, hits), hits) == \
            _sentence_states(RE_SENTENCE.finditer(text), hits), (text, hits)


# --------------------------------------------------------------------------- plans' goals (stop 28)


def _plan(body, title=None):
    from policytext.document import from_text

    return extract_targets(from_text((title + "\n" if title else "") + body))


def test_a_goals_paragraph_is_no_continuation_of_the_line_before():
    """到2027年，… opens a paragraph even when the line before lacks its full stop; its goals take 2027, not the
    later 到2030年 of the same section."""
    got = _plan("一、总体要求\n以习近平新时代中国特色社会主义思想为指导，深入贯彻落实党中央、国务院关于养老服务的决策部署，"
                "推动养老服务高质量发展\n"
                "到2027年，全省养老服务体系更加完善。一是建成15个左右县级养老服务指导中心。"
                "二是护理型床位占比超过60%。到2030年，养老服务全面覆盖城乡。\n二、重点任务\n（一）加强设施建设。",
                title="某省养老服务高质量发展实施方案")
    assert [(t.value, str(t.deadline)) for t in got] == [(15.0, "2027-12-31"), (60.0, "2027-12-31")]


def test_a_paragraph_opening_with_a_limit_scopes_its_later_sentences():
    got = _plan("（三）建设目标\n到2023年，初步建立养老服务标准体系。制定20项以上地方标准。\n"
                "到2025年，建成较为完善的标准体系。制修订50项以上标准。", title="某省养老服务标准化建设方案")
    assert [(t.value, str(t.deadline)) for t in got] == [(20.0, "2023-12-31"), (50.0, "2025-12-31")]


def test_what_ends_before_a_titled_period_is_the_plans_past():
    """A “十四五” plan with no date: 2020年 figures are its starting point, not commitments."""
    got = _plan("一、发展基础\n2020年，全省养老床位达到30万张，护理型床位占比达到40%。\n"
                "二、主要目标\n到2025年，养老床位达到40万张。", title="某省“十四五”养老服务体系规划")
    assert [(t.value, str(t.deadline)) for t in got] == [(400000.0, "2025-12-31")]


# fmt: off
ONE_OF = [
    ("今年建设一支高素质的社会工作者队伍。", []),                       # an article
    ("今年建立一套完善的养老服务质量评价体系。", []),
    ("今年每个乡镇至少建成一所区域性养老服务中心。", [1.0]),            # one per unit
    ("今年每个行政村设立一个儿童之家。", [1.0]),
    ("今年形成15套养老服务系统解决方案。", [15.0]),                     # a deliverable, not a list of plans
    ("今年落实12个方案。", []),
    ("今年遴选50个居家养老服务示范项目。", [50.0]),
]
# fmt: on


@pytest.mark.parametrize("text, values", ONE_OF)
def test_counts_of_one_and_of_solutions(text, values):
    assert [t.value for t in extract_targets(text, reference_date=REF)] == values


@pytest.mark.parametrize("sep", ["", "，", "："])
def test_runin_goals_under_a_plan_title_are_no_review(sep):
    """一是……明显提升 items under an unmarked “十五五”时期的主要目标任务 are goals, even when their text reads like a
    review (取得新进展 twice), whether the marker is written bare or with its comma or colon (一是，); the part
    before the plan title stays a review."""
    from policytext.document import from_text

    text = ("2026年某省政府工作报告\n——2026年1月27日在某省第十四届人民代表大会第四次会议上\n各位代表：\n"
            "2025年工作回顾\n过去一年，全省上下取得了新成效。新建养老院12所，累计建成社区食堂300个。\n"
            "“十五五”时期的主要目标任务\n“十五五”时期是基本实现社会主义现代化夯实基础的关键时期。\n"
            "“十五五”时期，要努力实现以下目标任务：\n"
            f"一是{sep}人民生活品质明显提升。居民人均可支配收入年均增长5%以上。养老机构护理型床位占比达到70%。"
            "就业取得新进展，在促进共同富裕上取得新进展。\n"
            f"二是{sep}社会治理效能明显提升。城乡社区综合服务设施覆盖率达到100%。\n"
            "2026年重点工作\n今年要新建养老院10所。\n")
    got = [(t.value, str(t.deadline)) for t in extract_targets(from_text(text))]
    assert got == [(5.0, "2030-12-31"), (70.0, "2030-12-31"), (100.0, "2030-12-31"), (10.0, "2026-12-31")]


def test_a_review_opener_inside_a_text():
    """主要做了以下工作 opens a review part wherever its line stands, not only at the start of the text (its
    regex and the paragraph-end regex are matched at line starts: they need re.M, which they lacked)."""
    text = ("2026年某县民政局工作报告\n各位代表：\n现在报告工作。\n过去一年，我们主要做了以下工作：\n"
            "新建养老院3所，新增床位200张。\n今年，要新建养老院5所。\n")
    assert [t.value for t in extract_targets(text)] == [5.0]


@pytest.mark.parametrize("sep", ["", "，", "："])
def test_runin_goals_after_a_runin_review_list(sep):
    """The review lists its results with 一是……二是…… too, so the goals' markers are the list's second use
    (path 一是#2): they are goals under the plan title all the same, and the review's results stay out."""
    text = ("2026年某市政府工作报告\n各位代表：\n2025年工作回顾\n过去一年，我们主要做了以下工作："
            f"一是{sep}民生保障更加有力。新建养老院12所，新增城镇就业3.2万人。二是{sep}社会治理更加有效。建成社区服务设施560个。\n"
            "“十五五”时期的主要目标任务\n“十五五”时期，要努力实现以下目标任务：\n"
            f"一是{sep}人民生活品质明显提升。居民人均可支配收入年均增长6%以上，养老机构护理型床位占比达到65%，就业取得新进展。\n"
            f"二是{sep}社会治理效能明显提升。城乡社区综合服务设施覆盖率达到100%。\n2026年重点工作\n今年要新建养老院8所。\n")
    got = [(t.value, str(t.deadline)) for t in extract_targets(text)]
    assert got == [(6.0, "2030-12-31"), (65.0, "2030-12-31"), (100.0, "2030-12-31"), (8.0, "2026-12-31")]


# --------------------------------------------------------------------------- civil-affairs news and plans (stop 28)

# fmt: off
NEWS_CASES = [
    # the parts of a target after 其中, each a target
    ("2020年，新建养老设施221个，其中区县养老服务中心3个，街道综合养老服务机构26个，日托中心63个。",
     [(221.0, "=", "新建养老设施"), (3.0, "=", "区县养老服务中心"), (26.0, "=", "街道综合养老服务机构"),
      (63.0, "=", "日托中心")]),
    # a second count after 和 and a verb; the object ends before 的任务
    ("2020年，全市将完成建设221个养老设施和新增400个社区养老餐饮场所的任务。",
     [(221.0, "=", "全市将完成建设养老设施"), (400.0, "=", "新增社区养老餐饮场所")]),
    # a cue before the first of two parallel counts holds for both; 改造升级 commits a count
    ("2020年，改造升级不少于50栋城市社区综合服务设施和50栋村级综合服务设施。",
     [(50.0, ">=", "改造升级城市社区综合服务设施"), (50.0, ">=", "改造升级村级综合服务设施")]),
    ("今年新建养老院不少于3所、敬老院5所。", [(3.0, ">=", "新建养老院"), (5.0, "=", "新建敬老院")]),
    # 余 is more than, like 多
    ("今年拟投资1500余万元建设公益性骨灰堂。", [(15000000.0, ">=", "投资建设公益性骨灰堂")]),
    # a forecast is no commitment
    ("据测算，到2025年全市老年人口将有可能达到110万人左右。", []),
    ("今年农村居民的收入估计将增加130亿元左右。", []),
    ("根据相关预测，“十四五”期间，全国老年人口将突破3亿。", []),
    ("今年组织开展多形式、分层次、全覆盖的学习研讨。", []),  # 全覆盖的: an attribute, no coverage to reach
    ("“十四五”期间先后在203个地区投入50亿元开展居家和社区养老服务改革试点。", []),
    # 已 marks what follows as done until 将/再 (or a future cue); 已 in a modifier does not
    ("已新增老年助餐服务点235个、认知障碍照护床位1202张，整体完成率111.5%。", []),
    ("今年已建成10所，还将新建5所养老院。", [(5.0, "=", "还将新建养老院")]),
    ("今年整合已建的养老服务平台，实现对300个社区的实时监管。", [(300.0, "=", "社区的实时监管")]),
    # what an earlier clause compares with (上年度……增幅) gives no time to the clauses after it
    ("今年低保标准增幅不低于上年度居民人均可支配收入增幅；新增老年助餐服务点60个以上。",
     [(60.0, ">=", "新增老年助餐服务点")]),
    # counts for whom a service is done, and more verbs that commit a count
    ("今年为456户独居老年人开展智能水表安全监测服务。", [(456.0, "=", "独居老年人开展智能水表安全监测服务")]),
    ("今年开办26个小学生爱心暑托班、10个寒托班，增设4-5家居家养老服务场所。",
     [(26.0, "=", "开办小学生爱心暑托班"), (10.0, "=", "开办寒托班"), (4.0, "range", "增设居家养老服务场所")]),
]
# fmt: on


@pytest.mark.parametrize("text, want", NEWS_CASES)
def test_civil_affairs_news_and_plan_sentences(text, want):
    got = extract_targets(text, reference_date=D(2020, 3, 1))
    assert [(t.value, t.comparator, t.indicator) for t in got] == want


def test_a_review_by_its_title_has_no_targets_without_a_future_cue():
    """A year's review with no outline (2022年度全市民政工作巡礼): its counts are results; a plan in it is not."""
    from policytext.document import from_text

    text = ("2022年度全市民政工作巡礼\n保障城乡低保对象8.83万人，发放低保资金6.61亿元。\n"
            "救助流浪乞讨人员699人次。\n下一步，将新建区域性养老服务中心10个。\n")
    got = extract_targets(from_text(text), reference_date=D(2022, 12, 1))
    assert [t.value for t in got] == [10.0]


def test_a_government_page_summary_and_plan():
    """A disclosure page: catalogue fields and a breadcrumb above the title; the part titled 今年重点工作总结 is a
    review (what a heading ends with decides), the next year's part a plan."""
    from policytext.document import from_text

    text = ("> 政务公开 > 规划计划 > 计划总结\n索 引 号 113310247405400961/2024-104569 公开方式 主动公开\n"
            "成文日期 2024-01-11 发布机构 县民政局\n县民政局2023年重点工作总结及2024年工作思路\n"
            "一、今年重点工作总结\n完成固定资产投资约4116万元，新建养老服务中心3个。\n"
            "二、2024年工作思路\n新建区域性养老服务中心5个。\n")
    doc = from_text(text)
    assert (doc.title, doc.year, doc.doc_type) == ("县民政局2023年重点工作总结及2024年工作思路", 2024, "work_plan")
    assert [(t.value, str(t.deadline)) for t in extract_targets(doc)] == [(5.0, "2024-12-31")]


def test_a_headline_yields_to_the_body_that_restates_it():
    """A news headline (the first line) or a ■ summary line says a target again in short; the body's
    statement, with its own time phrase, is the one kept."""
    from policytext.document import from_text

    text = ("某市加快建设未成年人保护工作网络\n■今年底建成11个县级未成年人救助保护机构\n"
            "市民政厅近日印发通知，要求到2023年年底，建成（改扩建）11个县级未成年人救助保护机构。\n")
    got = extract_targets(from_text(text), reference_date=D(2023, 5, 1))
    assert [(t.value, t.deadline_text) for t in got] == [(11.0, "到2023年年底")]
    assert got[0].quote.startswith("建成")


# fmt: off
REVIEWED = [
    # 已 in a modifier, or in a clause without a number, opens no achievement scope
    ("在已有基础上，新建社区食堂20个。", [20.0]),
    ("推动已建成养老机构提质增效，全年新增护理型床位500张。", [500.0]),
    ("我县已出台《养老服务体系建设实施方案》，明确新建社区食堂20个、改造敬老院3所。", [20.0, 3.0]),
    # 将 as 把 does not end the scope of 以来/截至
    ("今年以来，全县将856户困难家庭纳入低保，发放低保金1200万元。", []),
    ("截至目前，已将1200名特困人员纳入供养范围，发放救助资金500万元。", []),
    # 成功 after a commitment is a goal; a plan based on a forecast is a plan
    ("今年力争成功创建全国示范性老年友好型社区3个。", [3.0]),
    ("确保成功申报省级养老服务示范项目2个。", [2.0]),
    ("根据老年人口预测结果，合理布局养老设施，到2030年全县新建社区养老服务中心20个。", [20.0]),
    # a facility's measure word counts, also with 一
    ("今年新建一所县级特困人员供养服务机构。", [1.0]),
    ("2024年底前建成一处区域性养老服务中心。", [1.0]),
]
# fmt: on


@pytest.mark.parametrize("text, values", REVIEWED)
def test_reviewed_sentences(text, values):
    """Sentences a reviewer of stop 28's rules invented to show where they went too far."""
    assert [t.value for t in extract_targets(text, reference_date=D(2024, 1, 1))] == values


# --------------------------------------------------------------------------- stop 30: a reviewer's invented sentences

PLAN_ITEM = "2024年全县民政工作要点\n一、重点工作\n1.{}\n"

# fmt: off
COUNTS_AFTER_THE_NOUN = [
    # a count in Chinese numerals closing a clause that a count verb opens is a target, as in Arabic digits
    ("新建公益性公墓三处。", [(3.0, "处")]),
    ("新增家庭养老床位一千张。", [(1000.0, "张")]),
    ("培育品牌社会组织五家。", [(5.0, "家")]),
    ("全县新增养老床位六百张，其中护理型床位三百张。", [(600.0, "张"), (300.0, "张")]),
    # ... also with its comparator after it
    ("全年培训基层民政干部二千人次以上。", [(2000.0, "人次")]),
    ("新增养老床位三千张左右。", [(3000.0, "张")]),
    ("发放救助资金五亿元以上。", [(500000000.0, "元")]),
    # ... but not a count inside a phrase
    ("坚持两个毫不动摇，推进民政领域改革三个方面。", []),
    ("建设“一中心三平台”。", []),
]
# fmt: on


@pytest.mark.parametrize("item, want", COUNTS_AFTER_THE_NOUN)
def test_chinese_numeral_counts_after_the_noun(item, want):
    assert [(t.value, t.unit) for t in extract_targets(PLAN_ITEM.format(item))] == want


@pytest.mark.parametrize("text", ["今年1—10月，全县婚姻登记2316对，离婚登记612对，婚姻登记合格率100%。",
                                  "1-10月，全县婚姻登记合格率达100%。"])
def test_months_of_the_year_so_far_are_statistics(text):
    """1—10月， opens figures of the year so far: statistics, like 今年以来."""
    assert extract_targets(text, reference_date=D(2024, 11, 20)) == []


def test_a_plan_for_months_of_the_year_is_kept():
    """A plan may name months too: 要 keeps it a commitment; 9—12月 is no year-to-date period."""
    assert [t.value for t in extract_targets(PLAN_ITEM.format("1—3月，要走访困难群众1000户。"))] == [1000.0]


def test_a_plan_titled_with_a_period_of_years():
    """三年行动方案（2024—2026年）: the plan starts in 2024 (its year, what 今年 means), its milestones before 2026 are
    still to come, and its tasks that state no time are due by the period's last year."""
    from policytext.document import from_text

    doc = from_text("某市养老服务体系建设三年行动方案（2024—2026年）\n为推进养老服务体系建设，制定本方案。\n"
                    "一、重点任务\n（一）发展老年助餐。到2024年底，城市社区老年助餐服务覆盖率达到60%；到2025年底，达到80%；"
                    "到2026年底，实现全覆盖。\n（二）新建老年助餐点100个。\n（三）今年，新建社区食堂50个。\n")
    assert doc.year == 2024
    got = [(t.value, str(t.deadline), t.deadline_text) for t in extract_targets(doc)]
    assert got == [(60.0, "2024-12-31", "到2024年底"), (80.0, "2025-12-31", "到2025年底"), (100.0, "2026-12-31", "到2026年底"),
                   (100.0, "2026-12-31", "2024—2026年"), (50.0, "2024-12-31", "今年")]


def test_a_goals_section_that_says_it_will_take_effect_is_no_review():
    """二、发展目标 ……取得明显成效: the stock goal phrase has two review markers (取得, 成效), but a goals heading heads a
    plan part: its targets stay, and its horizon reaches the tasks after it."""
    text = ("某市“十四五”养老服务体系建设规划\n二、发展目标\n到2025年，全市养老服务体系建设取得明显成效，养老机构护理型床位"
            "占比达到55%，社区养老服务设施覆盖率达到100%。\n三、主要任务\n（一）新建街道综合养老服务中心20个。\n")
    got = [(t.value, str(t.deadline)) for t in extract_targets(text)]
    assert got == [(55.0, "2025-12-31"), (100.0, "2025-12-31"), (20.0, "2025-12-31")]


# fmt: off
TO_DATE = [
    ("到2025年，全市累计建成街道综合养老服务中心60家。", [(60.0, "2025-12-31")]),   # a total to come
    ("截至2025年底，全市养老机构护理型床位占比达到55%。", [(55.0, "2025-12-31")]),
    ("到2025年底，累计培训养老护理员5000人次。", [(5000.0, "2025-12-31")]),
    ("截至今年6月底，全市已建成养老服务中心30家。", []),                            # a total so far
    ("累计建成养老服务中心30家。", []),
    ("截至2023年底，全市累计建成养老服务中心30家。", []),
]
# fmt: on


@pytest.mark.parametrize("item, want", TO_DATE)
def test_a_total_to_date_is_a_goal_when_its_date_is_to_come(item, want):
    """累计, 截至, 截止 count a total to date: a result, unless a time to come dates it (a plan of 2024)."""
    assert [(t.value, str(t.deadline)) for t in extract_targets(PLAN_ITEM.format(item))] == want


# fmt: off
REFERENCE_SHARES = [
    # a share or multiple of a reference: the comparator before the reference counts, a time dating the reference
    # neither dates the target nor makes it past; a time before the verb still scopes the target
    ("农村低保标准不低于城市低保标准的80%。", [(80.0, "%", ">=", "2024-12-31")]),
    ("特困人员基本生活标准不低于当地低保标准的1.3倍。", [(1.3, "倍", ">=", "2024-12-31")]),
    ("特困人员基本生活标准提高到当地低保标准的1.3倍。", [(1.3, "倍", "=", "2024-12-31")]),
    ("城市低保标准达到当地上年度城镇居民人均消费支出的30%左右。", [(30.0, "%", "~", "2024-12-31")]),
    ("力争9月底前完成全年任务的80%。", [(80.0, "%", "=", "2024-09-30")]),
    ("争取到2026年使职业高中在校学生数占到整个高中学生总数的40%以上。", [(40.0, "%", ">=", "2026-12-31")]),
    ("去年全市低保覆盖率达到30%。", []),
]
# fmt: on


@pytest.mark.parametrize("item, want", REFERENCE_SHARES)
def test_shares_and_multiples_of_a_reference(item, want):
    got = [(t.value, t.unit, t.comparator, str(t.deadline)) for t in extract_targets(PLAN_ITEM.format(item))]
    assert got == want


# fmt: off
COMPARED_AND_ESTIMATED = [
    # a change against last year that the plan commits to (a strong cue before it)
    ("福彩销量力争同比增长5%左右。", [(5.0, "~")]),
    ("确保福彩销量同比增长10%以上。", [(10.0, ">=")]),
    ("全县火化率力争较上年提高2个百分点，达到85%。", [(2.0, "="), (85.0, "=")]),
    # an estimate of the year and an award received are no commitments
    ("预计到年底，全县养老机构床位数将达到3200张。", []),
    ("今年全县获评全国示范性老年友好型社区3个。", []),
]
# fmt: on


@pytest.mark.parametrize("item, want", COMPARED_AND_ESTIMATED)
def test_changes_against_last_year_estimates_and_awards(item, want):
    assert [(t.value, t.comparator) for t in extract_targets(PLAN_ITEM.format(item))] == want


def test_a_change_against_last_year_in_a_review_stays_a_statistic():
    """In a summary the year's change is a statistic; next year's, with its cue in the clause, a commitment."""
    text = "2023年全县民政工作总结\n一、主要成绩\n全年福彩销量同比增长5%，力争明年同比增长8%。\n"
    assert [t.value for t in extract_targets(text)] == [8.0]


def test_periods_over_when_a_speech_was_given_are_results():
    """A speech of July 10: 上半年 and 一季度 are over, their figures results; 下半年 with 要 is the plan. A deadline
    phrase (一季度末前) in a plan dated before it is kept."""
    speech = ("在2024年上半年全市民政工作推进会上的讲话\n（2024年7月10日）\n同志们：\n上半年，全市新增养老床位600张，"
              "完成适老化改造800户。下半年，要再新增养老床位400张，完成适老化改造1200户。一季度，全市发放临时救助金1200万元。\n")
    assert [(t.value, str(t.deadline)) for t in extract_targets(speech)] == [(400.0, "2024-12-31"), (1200.0, "2024-12-31")]
    plan = "2024年全市民政工作要点\n（2024年3月5日）\n一、重点工作\n1.一季度末前完成低保核查5000户。\n"
    assert [(t.value, str(t.deadline)) for t in extract_targets(plan)] == [(5000.0, "2024-03-31")]


def test_a_list_after_a_short_subject_keeps_its_second_item():
    """全市新增A500张、B200张: the verb after a short subject heads the list, so B is new too (it was dropped as a
    bare count)."""
    got = [(t.value, t.indicator) for t in extract_targets(
        "2024年全市民政工作要点\n全市新增护理型床位500张、认知障碍照护床位200张，年底前全部投入使用。\n")]
    assert got == [(500.0, "全市新增护理型床位"), (200.0, "新增认知障碍照护床位")]


@pytest.mark.parametrize("item, want", [("全市评定三星级以上养老机构30家。", [(30.0, "家")]),
                                        ("走访慰问困难群众1万户。", [(10000.0, "户")]),
                                        ("全年走访困难老年人2万人次。", [(20000.0, "人次")])])
def test_visits_and_ratings_are_counts(item, want):
    """评定, 走访(慰问), 探访, 慰问 count what a plan commits to (a civil-affairs bureau's visits to those in need)."""
    assert [(t.value, t.unit) for t in extract_targets(PLAN_ITEM.format(item))] == want


@pytest.mark.parametrize("text, want", [
    ("2023年，全县共发放城乡低保资金3600万元。", []),
    ("记者从县民政局了解到，2023年全县共为1.6万名高龄老人发放高龄津贴1900余万元。", []),
    (PLAN_ITEM.format("今年计划共发放救助金3000万元。"), [30000000.0]),
])
def test_a_total_given_out_is_a_result(text, want):
    """共发放, 共为……发放: a total given out (news, summaries); 计划共发放 is planned."""
    assert [t.value for t in extract_targets(text)] == want


def test_a_sentence_of_thousands_of_characters_is_read_in_pieces():
    """A line of clauses with no 。 (a list run together, a table dumped as text) is read in pieces that end at a
    clause mark: every number is still read once, and reading stays linear in its length (a 42,000-character line
    took 8.7 s before, a 168,000-character one 115 s: each number read the whole line before it)."""
    from policytext.extract.targets import MAX_SENTENCE_CHARS

    items = [f"今年新建社区养老服务站{k}个，" for k in range(1, 800)]
    assert len("".join(items)) > 3 * MAX_SENTENCE_CHARS
    targets = extract_targets("".join(items))
    assert [t.value for t in targets] == [float(k) for k in range(1, 800)]


def test_every_piece_of_a_long_list_keeps_its_context_and_its_items():
    """A 为民办实事 list run into one sentence of 300 items: the cue before the list (安排如下) holds for every
    piece, and items of later pieces that repeat a value are no restatements of the first piece's (141 of 300
    were kept before: only the first 2,000 characters)."""
    import policytext as pt

    names = ["东风", "红旗", "前进", "胜利", "光明", "幸福", "和平", "建设", "团结", "友谊"]
    items = [f"{names[i % 10]}{i}社区新建老年助餐点{i % 5 + 1}个" for i in range(300)]
    text = "石门市2024年为民办实事项目清单\n2024年全市为民办实事项目安排如下：" + "；".join(items) + "。\n"
    targets = extract_targets(pt.load(text.encode("utf-8")))
    assert [t.value for t in targets] == [float(i % 5 + 1) for i in range(300)]


def test_an_item_marker_glued_to_a_year():
    """``1.2025年……`` opens item 1 whose time is 2025 (not the number 1.2025 with unit 年): the outline finds the
    item, the year is the deadline and the indicator does not start with the marker."""
    import policytext as pt

    text = ("2024年全市民政工作要点\n一、重点任务\n1.2025年全市养老机构护理型床位占比达到55%。\n"
            "2.新建社区食堂10个。\n3.2024年底前完成敬老院改造20所。\n")
    doc = pt.load(text.encode("utf-8"))
    assert [s.marker for s in doc.sections][1:] == ["1.", "2.", "3."]
    got = [(t.indicator, t.value, t.unit, t.deadline.isoformat()) for t in extract_targets(doc)]
    assert got[0] == ("全市养老机构护理型床位占比", 55.0, "%", "2025-12-31")
    assert got[2] == ("完成敬老院改造", 20.0, "所", "2024-12-31")
    assert not [q for q in pt.extract_quantities(doc.text) if q.unit == "年"]
    # a decimal inside a sentence stays a number
    assert pt.extract_quantities("平均服务年限增长1.2025年")[0].value == 1.2025


@pytest.mark.parametrize("first", ["1.2025年全市养老机构护理型床位占比达到55%。", "（一）全市养老机构护理型床位占比2025年达到55%。"])
def test_the_first_items_year_is_no_horizon_of_the_section(first):
    """A section whose first line is already its first item has no opening of its own: the first item's year
    is its own, and the next item keeps the plan year."""
    import policytext as pt

    marker = "2." if first.startswith("1.") else "（二）"
    doc = pt.load(f"2024年全市民政工作要点\n一、重点任务\n{first}\n{marker}新建社区食堂10个。\n".encode("utf-8"))
    assert [t.deadline.isoformat() for t in extract_targets(doc)] == ["2025-12-31", "2024-12-31"]


def test_a_sections_own_opening_still_scopes_its_items():
    import policytext as pt

    doc = pt.load("2024年全市民政工作要点\n一、重点任务\n今后三年，要加快发展养老服务。\n（一）护理型床位占比达到55%。\n"
                  "（二）新建社区食堂10个。\n".encode("utf-8"))
    assert [t.deadline.isoformat() for t in extract_targets(doc)] == ["2026-12-31", "2026-12-31"]


# fmt: off
RESPECTIVE_YEARS = [
    ("2024年、2025年全市养老机构护理型床位占比分别达到55%、60%。",
     [("全市养老机构护理型床位占比", 55.0, "2024-12-31"), ("全市养老机构护理型床位占比", 60.0, "2025-12-31")]),
    ("城市社区综合服务设施覆盖率到2025年、2027年分别达到90%和100%。",
     [("城市社区综合服务设施覆盖率", 90.0, "2025-12-31"), ("城市社区综合服务设施覆盖率", 100.0, "2027-12-31")]),
    # one time and two subjects: the subjects take the values, the time both
    ("到2025年，城市和农村社区综合服务设施覆盖率分别达到100%和80%。",
     [("城市社区综合服务设施覆盖率", 100.0, "2025-12-31"), ("农村社区综合服务设施覆盖率", 80.0, "2025-12-31")]),
]
# fmt: on


@pytest.mark.parametrize("sentence,expected", RESPECTIVE_YEARS)
def test_respectively_over_years(sentence, expected):
    """分别 after a list of as many times as values: each value has its own year (GUIDELINES §3: the explicit
    time phrase of the value)."""
    import policytext as pt

    doc = pt.load(f"2024年全市民政工作要点\n一、重点任务\n{sentence}\n".encode("utf-8"))
    assert [(t.indicator, t.value, t.deadline.isoformat()) for t in extract_targets(doc)] == expected


# fmt: off
DEADLINE_CHOICES = [
    # a time limit wins over a time that names the work's period (冬季救助, 第四季度资金, 明年春节慰问)
    ("各县区要于11月底前完成冬季救助物资储备，储备棉被不少于5000床。", 5000.0, "2025-11-30", "11月底前"),
    ("9月底前完成第四季度临时救助资金预拨，预拨比例不低于30%。", 30.0, "2025-09-30", "9月底前"),
    ("年底前完成明年春节慰问资金测算，覆盖困难群众5000户。", 5000.0, "2025-12-31", "年底前"),
    # a time limit closing the sentence after a short subject (各地于……前完成, ……工作于……前完成)
    ("全区低保标准提高到每人每月1050元，各地于9月底前完成调标。", 1050.0, "2025-09-30", "9月底前"),
    ("抽查比例不低于5%，抽查工作于11月30日前完成。", 5.0, "2025-11-30", "11月30日前"),
    # when a standard starts to apply (自……起) is no time limit: the plan year
    ("自2025年7月1日起，城乡特困人员基本生活标准提高到每人每月1300元。", 1300.0, "2025-12-31", None),
    # a time limit inside a goal cited as the basis dates that goal; the clause's last time scopes the numbers
    ("根据到2035年基本实现现代化的目标和今后三年发展的需要，计划规定，低保标准平均每年提高5%。", 5.0, "2027-12-31",
     "今后三年"),
]
# fmt: on


@pytest.mark.parametrize("sentence,value,deadline,deadline_text", DEADLINE_CHOICES)
def test_which_time_phrase_gives_the_deadline(sentence, value, deadline, deadline_text):
    """GUIDELINES §3: the explicit time limit of the clause, or one that closes the sentence, gives the deadline."""
    import policytext as pt

    doc = pt.load(f"某区民政局2025年工作要点\n一、重点任务\n{sentence}\n".encode("utf-8"))
    got = [(t.value, t.deadline.isoformat(), t.deadline_text) for t in extract_targets(doc)]
    assert got == [(value, deadline, deadline_text)]


@pytest.mark.parametrize("sentence,value", [
    ("会议要求，四季度要加快进度，确保年底前完成新增养老床位1200张的目标。", 1200.0),
    ("确保完成全年福利彩票销售12亿元的目标任务。", 1200000000.0),
    ("确保实现城镇新增就业1.2万人的年度目标。", 12000.0),
])
def test_a_count_restated_as_a_goal_is_a_target(sentence, value):
    """……1200张的目标 is how speeches and meeting news restate a target: the count is not a modifier of 目标."""
    import policytext as pt

    doc = pt.load(f"某区民政局2025年工作要点\n一、重点任务\n{sentence}\n".encode("utf-8"))
    assert [t.value for t in extract_targets(doc)] == [value]


def test_a_count_modifying_a_noun_is_still_no_target():
    assert extract_targets("保障好14亿人的粮食安全。") == []


@pytest.mark.parametrize("sentence,want", [
    # GUIDELINES §1: a problem statement describes the present, it does not commit
    ("当前，部分农村敬老院入住率不足40%，服务质量有待提升。", []),
    ("部分地区养老床位利用率仍低于30%，要加快盘活。", []),
    # a limit to keep is a target, and 不低于 is no 低于
    ("确保安全事故率低于0.5%。", [(0.5, "<=")]),
    ("城乡低保标准不低于当地居民人均消费支出的30%。", [(30.0, ">=")]),
])
def test_problem_statements_are_no_targets(sentence, want):
    import policytext as pt

    doc = pt.load(f"某区民政局2025年工作要点\n一、重点任务\n{sentence}\n".encode("utf-8"))
    assert [(t.value, t.comparator) for t in extract_targets(doc)] == want


@pytest.mark.parametrize("sentence,want", [
    # the year of a yearly exercise (年报, 绩效评价, 复核) is not the target's time: the plan's year, or its own limit
    ("开展2024年度社会组织年报工作，年报率达到90%以上。", [(90.0, "2025-12-31")]),
    ("6月底前完成2024年度养老机构等级评定复核，复核率达到100%。", [(100.0, "2025-06-30")]),
    ("2024年度社会组织年报率达到90%以上。", [(90.0, "2025-12-31")]),
    # a past year's result stays a result
    ("2024年度全市新增养老床位1200张。", []),
])
def test_the_year_of_a_yearly_exercise(sentence, want):
    import policytext as pt

    doc = pt.load(f"某区民政局2025年工作要点\n一、重点任务\n{sentence}\n".encode("utf-8"))
    assert [(t.value, t.deadline.isoformat()) for t in extract_targets(doc)] == want
