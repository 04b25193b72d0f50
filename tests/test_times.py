"""Time expressions: every pattern, deadlines, plans, relative years, unknown years."""
import datetime as dt

import pytest

from policytext import PatternError
from policytext.extract.times import extract_times, resolve_reference
from policytext.types import Document

D = dt.date
# fmt: off
# (text, reference, expression text, date_from, date_to, granularity, deadline, relative)
CASES = [
    ("2020年", None, "2020年", D(2020, 1, 1), D(2020, 12, 31), "year", False, False),
    ("二〇二〇年", None, "二〇二〇年", D(2020, 1, 1), D(2020, 12, 31), "year", False, False),
    ("2020年底", None, "2020年底", D(2020, 12, 31), D(2020, 12, 31), "year", True, False),
    ("2020年6月底", None, "2020年6月底", D(2020, 6, 30), D(2020, 6, 30), "month", True, False),
    ("到2020年6月底", None, "到2020年6月底", D(2020, 6, 30), D(2020, 6, 30), "month", True, False),
    ("到2020年", None, "到2020年", D(2020, 1, 1), D(2020, 12, 31), "year", True, False),
    ("截至2019年底", None, "截至2019年底", D(2019, 12, 31), D(2019, 12, 31), "year", True, False),
    ("2020年前", None, "2020年前", D(2020, 1, 1), D(2020, 12, 31), "year", True, False),
    ("2020年第四季度", None, "2020年第四季度", D(2020, 10, 1), D(2020, 12, 31), "quarter", False, False),
    ("2024年3月5日", None, "2024年3月5日", D(2024, 3, 5), D(2024, 3, 5), "day", False, False),
    ("2020-2021年", None, "2020-2021年", D(2020, 1, 1), D(2021, 12, 31), "multi_year", False, False),
    ("2019—2021年", None, "2019—2021年", D(2019, 1, 1), D(2021, 12, 31), "multi_year", False, False),
    ("第四季度", 2020, "第四季度", D(2020, 10, 1), D(2020, 12, 31), "quarter", False, True),
    ("第三季度末", 2020, "第三季度末", D(2020, 9, 30), D(2020, 9, 30), "quarter", True, True),
    ("前三季度", 2020, "前三季度", D(2020, 1, 1), D(2020, 9, 30), "quarter", False, True),
    ("上半年", 2020, "上半年", D(2020, 1, 1), D(2020, 6, 30), "half", False, True),
    ("下半年", 2020, "下半年", D(2020, 7, 1), D(2020, 12, 31), "half", False, True),
    ("年底前", 2020, "年底前", D(2020, 12, 31), D(2020, 12, 31), "year", True, True),
    ("年内", 2020, "年内", D(2020, 1, 1), D(2020, 12, 31), "year", True, True),
    ("9月28日前", 2020, "9月28日前", D(2020, 9, 28), D(2020, 9, 28), "day", True, True),
    ("9月底前", 2020, "9月底前", D(2020, 9, 30), D(2020, 9, 30), "month", True, True),
    ("6月份", 2020, "6月份", D(2020, 6, 1), D(2020, 6, 30), "month", False, True),
    ("今年", 2020, "今年", D(2020, 1, 1), D(2020, 12, 31), "year", False, True),
    ("明年", 2020, "明年", D(2021, 1, 1), D(2021, 12, 31), "year", False, True),
    ("去年", 2020, "去年", D(2019, 1, 1), D(2019, 12, 31), "year", False, True),
    ("今年底前", 2009, "今年底前", D(2009, 12, 31), D(2009, 12, 31), "year", True, True),
    ("今年上半年", 1980, "今年上半年", D(1980, 1, 1), D(1980, 6, 30), "half", False, True),
    ("三年内", 2020, "三年内", D(2020, 1, 1), D(2023, 12, 31), "multi_year", True, True),
    ("五到十年内", 2001, "五到十年内", D(2001, 1, 1), D(2011, 12, 31), "multi_year", True, True),
    ("今后五年", 2021, "今后五年", D(2021, 1, 1), D(2025, 12, 31), "multi_year", False, True),
    ("到本世纪中叶", 2021, "到本世纪中叶", D(2050, 1, 1), D(2050, 12, 31), "year", True, True),
    ("到本世纪末", 1982, "到本世纪末", D(2000, 12, 31), D(2000, 12, 31), "year", True, True),
    ("“十四五”期间", None, "“十四五”期间", D(2021, 1, 1), D(2025, 12, 31), "multi_year", False, False),
    ("“十四五”末", None, "“十四五”末", D(2025, 12, 31), D(2025, 12, 31), "multi_year", True, False),
    ("“十五五”", None, "“十五五”", D(2026, 1, 1), D(2030, 12, 31), "multi_year", False, False),
    ("十三五时期", None, "十三五时期", D(2016, 1, 1), D(2020, 12, 31), "multi_year", False, False),
    ("“十五”计划", None, "“十五”计划", D(2001, 1, 1), D(2005, 12, 31), "multi_year", False, False),
    ("后年底前", 2023, "后年底前", D(2025, 12, 31), D(2025, 12, 31), "year", True, True),
    ("次年3月底前", 2023, "次年3月底前", D(2024, 3, 31), D(2024, 3, 31), "month", True, True),
    ("今年秋季", 2023, "今年秋季", D(2023, 9, 1), D(2023, 11, 30), "season", False, True),
    ("春季", 2023, "春季", D(2023, 3, 1), D(2023, 5, 31), "season", False, True),
    ("2025年冬季", None, "2025年冬季", D(2025, 12, 1), D(2026, 2, 28), "season", False, False),
    ("每年底前", 2023, "每年底前", D(2023, 12, 31), D(2023, 12, 31), "year", True, True),  # recurring: this year's
]

UNKNOWN = [
    ("到×年底", None, "到×年底", True), ("×年", None, "×年", False), ("×月底前", 2020, "×月底前", True),
    ("今年", None, "今年", False), ("年底前", None, "年底前", True), ("第四季度", None, "第四季度", False),
    ("9月28日前", None, "9月28日前", True), ("三年内", None, "三年内", True),
]

NOT_TIMES = ["三个方面", "增长5%", "新建7个", "第十四届", "十年磨一剑之后", "今后年", "此后年度", "每次年检"]
# fmt: on


@pytest.mark.parametrize("text,ref,expr,d_from,d_to,gran,deadline,relative", CASES)
def test_patterns(text, ref, expr, d_from, d_to, gran, deadline, relative):
    (t,) = extract_times(text, reference=ref)
    assert (t.text, t.date_from, t.date_to, t.granularity) == (expr, d_from, d_to, gran)
    assert (t.deadline, t.relative, t.year_known) == (deadline, relative, True)
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text,ref,expr,deadline", UNKNOWN)
def test_unknown_year_is_not_guessed(text, ref, expr, deadline):
    (t,) = extract_times(text, reference=ref)
    assert t.text == expr and t.deadline == deadline
    assert t.date_from is None and t.date_to is None and not t.year_known


@pytest.mark.parametrize("text", NOT_TIMES)
def test_not_times(text):
    assert extract_times(text, reference=2020) == []


@pytest.mark.parametrize("reference", [2020, D(2020, 3, 26), Document(text="", year=2020),
                                       Document(text="", date=D(2020, 3, 26))])
def test_reference_forms(reference):
    assert resolve_reference(reference) == 2020
    (t,) = extract_times("年底前", reference=reference)
    assert t.date_to == D(2020, 12, 31)


def test_document_year_is_the_default_reference():
    doc = Document(text="今年完成建设119个设施，年底前全部运营。", year=2020)
    assert [str(t.date_to) for t in extract_times(doc)] == ["2020-12-31", "2020-12-31"]


def test_bad_reference():
    with pytest.raises(TypeError, match="reference="):
        extract_times("今年", reference="2020")  # type: ignore[arg-type]


def test_several_in_order_with_offsets():
    text = "到2020年底注册志愿者达到13%以上，到2020年6月底志愿者达到50%，第四季度验收。"
    ts = extract_times(text, reference=2020)
    assert [t.text for t in ts] == ["到2020年底", "到2020年6月底", "第四季度"]
    assert all(text[t.start:t.end] == t.text for t in ts)


def test_full_width_digits():
    (t,) = extract_times("今年２月召开", reference=1985)
    assert (t.text, t.date_to) == ("今年２月", D(1985, 2, 28))


def test_bad_rules_file_is_reported(tmp_path):
    from policytext.extract.time_rules import grammar as _grammar

    bad = tmp_path / "times.yaml"
    bad.write_text("macros: {}\nprefix: '到'\nsuffix: '前'\ndeadline_suffixes: [前]\n"
                   "rules:\n  - {id: x, pattern: '(?P<when>年)', normalize: calendar}\n", encoding="utf-8")
    with pytest.raises(PatternError, match="unknown group"):
        _grammar(str(bad))


def test_gwr_reports_offsets(gwr_dir):
    text = (gwr_dir / "gwr-2021-national.txt").read_text(encoding="utf-8")
    ts = extract_times(text, reference=2021)
    assert len(ts) > 30
    assert all(text[t.start:t.end] == t.text for t in ts)


def test_issue_3_gold_times_f1():
    from pathlib import Path

    from policytext.eval.times import evaluate_times

    r = evaluate_times(Path(__file__).parent / "data" / "gold-times.jsonl")
    assert r.prf.gold >= 60
    assert r.prf.f1 >= 0.95  # measured 0.987
    assert r.date_accuracy >= 0.95 and r.deadline_accuracy >= 0.95  # measured 1.0 and 1.0


# fmt: off
ISSUE_12_TIMES = [
    ("2021-04-12", "2021-04-12"),
    ("2021.04.12", "2021-04-12"),
    ("2021/4/12", "2021-04-12"),
    ("零八年", "2008-12-31"),
    ("19年底", "2019-12-31"),
    ("45天后", "2021-07-29"),
    ("30日内", "2021-07-14"),
    ("未来3个月", "2021-09-13"),
    ("上月", "2021-05-31"),
    ("当月", "2021-06-30"),
    ("两年前", "2019-06-14"),
    ("2021—2025年", "2025-12-31"),
]
# fmt: on


@pytest.mark.parametrize("text, end", ISSUE_12_TIMES)
def test_issue_12_time_forms(text, end):
    import datetime as dt

    ts = extract_times(text, reference=dt.date(2021, 6, 14))
    assert ts and str(ts[-1].date_to) == end


def test_issue_12_two_digit_counts_are_not_years():
    assert extract_times("承包期再延长30年") == []


# fmt: off
RANGES = [
    ("2020年4月3-9日", "2020-04-03", "2020-04-09"),
    ("2022年1－6月份", "2022-01-01", "2022-06-30"),
    ("从2014到2017", "2014-01-01", "2017-12-31"),
    ("从三月二日到15日", "2023-03-02", "2023-03-15"),
    ("2018年5月6日至5月20日", "2018-05-06", "2018-05-20"),
    ("2019年2月至11月", "2019-02-01", "2019-11-30"),
    ("2020年7月1日-7月31日", "2020-07-01", "2020-07-31"),
    ("2024—2026年", "2024-01-01", "2026-12-31"),
]
# fmt: on


@pytest.mark.parametrize("text, date_from, date_to", RANGES)
def test_ranges_are_one_expression(text, date_from, date_to):
    from policytext.extract.times import extract_times

    ts = extract_times(text, reference=2023)
    assert [(t.text, str(t.date_from), str(t.date_to)) for t in ts] == [(text.lstrip("从"), date_from, date_to)]


def test_a_range_end_after_a_relative_or_yearless_start_keeps_its_own_reading():
    from policytext.extract.times import extract_times

    ts = extract_times("3月，到6月底完成", reference=2023)
    assert [str(t.date_to) for t in ts] == ["2023-03-31", "2023-06-30"]


@pytest.mark.parametrize("text, ref, expr, d_from, d_to", [
    ("全省工业增加值比上年增长百分之六", dt.date(2022, 3, 1), "上年", dt.date(2021, 1, 1), dt.date(2021, 12, 31)),
    ("下年9月前完成验收", dt.date(2022, 3, 1), "下年9月", dt.date(2023, 9, 1), dt.date(2023, 9, 30)),
    ("上季度末库存偏高", dt.date(2022, 8, 20), "上季度末", dt.date(2022, 6, 30), dt.date(2022, 6, 30)),
    ("本季度安排资金三亿元", dt.date(2022, 11, 5), "本季度", dt.date(2022, 10, 1), dt.date(2022, 12, 31)),
    ("下个季度启动招标", dt.date(2022, 11, 5), "下个季度", dt.date(2023, 1, 1), dt.date(2023, 3, 31)),
    ("该园区始建于20世纪90年代", None, "20世纪90年代", dt.date(1990, 1, 1), dt.date(1999, 12, 31)),
    ("上世纪七十年代兴建的水库", dt.date(2015, 5, 1), "上世纪七十年代", dt.date(1970, 1, 1), dt.date(1979, 12, 31)),
    ("十九世纪六十年代的旧址", None, "十九世纪六十年代", dt.date(1860, 1, 1), dt.date(1869, 12, 31)),
])
def test_previous_year_quarters_and_decades(text, ref, expr, d_from, d_to):
    (t,) = [t for t in extract_times(text, reference=ref) if t.text.startswith(expr)]
    assert (t.date_from, t.date_to) == (d_from, d_to)


# fmt: off
DECIMALS = [
    ("增长2.5%，到2021.04完成", [("到2021.04", "2021-04-30", True)]),
    ("自13.5.2015起施行，提高到10.8年", [("13.5.2015起", "2015-05-13", False)]),
    ("达到60%，到2025年底", [("到2025年底", "2025-12-31", True)]),
    ("投资1.3万亿元，2021.4.12开工", [("2021.4.12", "2021-04-12", False)]),
]
# fmt: on


@pytest.mark.parametrize("text, expected", DECIMALS)
def test_decimals_start_no_expression_and_dates_with_dots_stay(text, expected):
    # the gate of the rule file passes no decimal (2.5%, 10.8年): dates with dots are still read
    assert [(t.text, str(t.date_to), t.deadline) for t in extract_times(text)] == expected


@pytest.mark.parametrize("text", ["六十岁以上年龄段的老人", "以下年份的数据", "线上年会"])
def test_shang_xia_before_nian_inside_words(text):
    assert [t.text for t in extract_times(text, reference=2022)] == []


@pytest.mark.parametrize("text, expr, d_to", [
    ("该桥始建于1368年4月12日", "1368年4月12日", dt.date(1368, 4, 12)),
    ("古城于1644年9月重建", "1644年9月", dt.date(1644, 9, 30)),
    ("公元960年北宋建立", "960年", dt.date(960, 12, 31)),
    ("档案日期为1875-03-02", "1875-03-02", dt.date(1875, 3, 2)),
    ("05年试点工作全面铺开", "05年", dt.date(2005, 12, 31)),
    ("零九年成立合作社", "零九年", dt.date(2009, 12, 31)),
])
def test_older_years_and_zero_led_short_years(text, expr, d_to):
    (t,) = [t for t in extract_times(text, reference=2020) if t.text == expr]
    assert t.date_to == d_to


@pytest.mark.parametrize("text", ["具有1500年历史的古镇", "运行15年后的设备", "已有1200年6个月"])
def test_spans_of_years_are_not_old_years(text):
    assert [t.text for t in extract_times(text, reference=2020) if "1500" in t.text or "1200" in t.text] == []


@pytest.mark.parametrize("text, ref, expr, d_to", [
    ("自受理之日起10个工作日内办结", dt.date(2023, 5, 5), "10个工作日内", dt.date(2023, 5, 19)),  # a Friday
    ("收到材料后五个工作日内答复", dt.date(2023, 5, 8), "五个工作日内", dt.date(2023, 5, 15)),
    ("整改须在两个月内完成", dt.date(2023, 5, 8), "两个月内", dt.date(2023, 7, 7)),
])
def test_working_days_and_spelled_month_counts(text, ref, expr, d_to):
    (t,) = [t for t in extract_times(text, reference=ref) if t.text == expr]
    assert t.date_to == d_to


@pytest.mark.parametrize("text, ref, expected", [
    ("请于28日到会议室集中", dt.date(2023, 4, 10), [dt.date(2023, 4, 28)]),
    ("31日召开推进会", dt.date(2023, 4, 10), [dt.date(2023, 5, 31)]),  # April has no 31st
    ("按照5号文件执行", dt.date(2023, 4, 10), []),
    ("第3号楼已交付", dt.date(2023, 4, 10), []),
    ("6月18日启动", dt.date(2023, 4, 10), [dt.date(2023, 6, 18)]),
])
def test_bare_day_of_the_reference_month(text, ref, expected):
    assert [t.date_to for t in extract_times(text, reference=ref)] == expected


@pytest.mark.parametrize("text, expr, d_to", [
    ("一九九八年六月十八，工程竣工", "一九九八年六月十八", dt.date(1998, 6, 18)),
    ("落款为二〇一九年十月三十", "二〇一九年十月三十", dt.date(2019, 10, 30)),
    ("二〇二一年三月十二项任务已完成", "二〇二一年三月", dt.date(2021, 3, 31)),  # 十二项 is a count
])
def test_spelled_date_without_ri(text, expr, d_to):
    (t,) = [t for t in extract_times(text, reference=2020) if t.text == expr]
    assert t.date_to == d_to


@pytest.mark.parametrize("pattern, candidates, text, spans", [
    (r"(?:^|(?<=[。，]))\s*甲乙", r"(?:^|(?<=[。，]))", "甲乙。丙，甲乙。", [(0, 2), (5, 7)]),
    (r"(?:^|(?<=[。，]))\s*甲乙", r"(?:^|(?<=[。，]))", "丙。", []),
    (r"(?<![\d.])\d+个", None, "新建3个，改造12个", [(2, 4), (7, 10)]),
])
def test_scanner_matches_as_finditer_even_with_a_zero_width_candidate_at_the_end(pattern, candidates, text, spans):
    import re

    from policytext.extract._scan import Scanner

    s = Scanner(pattern, candidates=candidates)
    assert [m.span() for m in s.finditer(text)] == spans == [m.span() for m in re.finditer(pattern, text)]


def test_names_with_one_first_character_share_an_alternative_and_the_longest_wins():
    from policytext.extract.time_rules import _names

    assert _names({"国庆": 1, "元旦": 1, "国庆节": 1}) == "(?:国(?:庆节|庆)|元旦)"
    assert _names({}) == "(?:(?!))"
    assert [t.text for t in extract_times("国庆节前和国庆期间", reference=2024)] == ["国庆节前", "国庆期间"]


def test_scanner_marks_each_rule_as_a_whole():
    """The scanner names the rule that matched by an empty group closing it: a rule whose pattern is an
    alternation at its top level (全年|本年度) is closed after either alternative."""
    from policytext.extract.time_rules import grammar

    g = grammar()
    assert [t.text for t in extract_times("全年，本年度", reference=2024)] == ["全年", "本年度"]
    assert all(f"(?P<r{i}>)" in g.scanner.regex.pattern for i in range(len(g.rules)))
