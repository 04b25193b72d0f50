"""Time expressions, issue 12: classes of forms the peer suites showed missing (invented sentences).

Year-less dates read forward from a reference date, day-first numeric dates,
spelled and two-digit years, whole units before or after the reference, spans
since, half units, first months, the Nth month, listed days, reigns and eras.
"""
import datetime as dt
from pathlib import Path

import pytest

from policytext.extract.times import extract_times

D = dt.date
PEERS = Path(__file__).resolve().parents[2] / "shared" / "peers"

# fmt: off
# (text, reference, expression, date_from, date_to)
CASES = [
    # a month or day without a year, said on a date: the first one that does not end before it
    ("请于1月15日前报送材料", D(2022, 11, 20), "1月15日前", D(2023, 1, 15), D(2023, 1, 15)),
    ("12月10日前完成验收", D(2022, 11, 20), "12月10日前", D(2022, 12, 10), D(2022, 12, 10)),
    ("3月召开推进会", D(2022, 9, 1), "3月", D(2023, 3, 1), D(2023, 3, 31)),
    ("9月召开推进会", D(2022, 9, 25), "9月", D(2022, 9, 1), D(2022, 9, 30)),
    ("9月上旬开学", D(2022, 9, 20), "9月上旬", D(2023, 9, 1), D(2023, 9, 10)),
    ("2月29日举行", D(2021, 5, 1), "2月29日", D(2024, 2, 29), D(2024, 2, 29)),
    ("1月15日前报送材料", 2022, "1月15日前", D(2022, 1, 15), D(2022, 1, 15)),  # a year: that year
    ("“7·20”暴雨灾后重建", D(2022, 9, 1), "7·20", D(2022, 7, 20), D(2022, 7, 20)),  # an event: not next year
    # numeric dates written day first, month first only when the day comes second and exceeds 12
    ("截止日期13.5.2015", None, "13.5.2015", D(2015, 5, 13), D(2015, 5, 13)),
    ("定于3-7-2017召开", None, "3-7-2017", D(2017, 7, 3), D(2017, 7, 3)),
    ("签发于5/13/2015", None, "5/13/2015", D(2015, 5, 13), D(2015, 5, 13)),
    ("档案日期05/05/89", D(2016, 1, 1), "05/05/89", D(1989, 5, 5), D(1989, 5, 5)),
    ("定于4-6-27召开", D(2016, 1, 1), "4-6-27", D(2027, 6, 4), D(2027, 6, 4)),
    ("1/2/2020-3/2/2020", None, "3/2/2020", D(2020, 2, 3), D(2020, 2, 3)),
    ("12/1报送", D(2020, 12, 15), "12/1", D(2021, 12, 1), D(2021, 12, 1)),
    ("2/15开学", D(2013, 2, 12), "2/15", D(2013, 2, 15), D(2013, 2, 15)),
    # spelled, three-digit and two-digit years
    ("两千零六年五月八日", None, "两千零六年五月八日", D(2006, 5, 8), D(2006, 5, 8)),
    ("两千年三月完工", None, "两千年三月", D(2000, 3, 1), D(2000, 3, 31)),
    ("四八七年三月", None, "四八七年三月", D(487, 3, 1), D(487, 3, 31)),
    ("落成于三三年", D(2021, 6, 1), "三三年", D(1933, 1, 1), D(1933, 12, 31)),
    ("九五年，开工", None, "九五年", D(1995, 1, 1), D(1995, 12, 31)),
    ("力争25年底前完成", D(2021, 6, 1), "25年底前", D(2025, 12, 31), D(2025, 12, 31)),
    ("09年第二季度", None, "09年第二季度", D(2009, 4, 1), D(2009, 6, 30)),
    ("九八年下半年", None, "九八年下半年", D(1998, 7, 1), D(1998, 12, 31)),
    ("定于十月二十三，", 2023, "十月二十三", D(2023, 10, 23), D(2023, 10, 23)),
    ("截止日期为4月19", 2023, "4月19", D(2023, 4, 19), D(2023, 4, 19)),
    ("次日起施行", D(2023, 4, 19), "次日起", D(2023, 4, 20), D(2023, 4, 20)),
    # whole units before or after the reference one
    ("前两年投入较少", D(2023, 5, 10), "前两年", D(2021, 1, 1), D(2022, 12, 31)),
    ("过去五年，全市新增", 2023, "过去五年", D(2018, 1, 1), D(2022, 12, 31)),
    ("近三年累计投入", 2023, "近三年", D(2020, 1, 1), D(2022, 12, 31)),
    ("下三个月重点推进", D(2023, 5, 10), "下三个月", D(2023, 6, 1), D(2023, 8, 31)),
    ("后三天开展检查", D(2023, 5, 10), "后三天", D(2023, 5, 11), D(2023, 5, 13)),
    # a span since, up to the reference
    ("五年以来，累计建成", D(2023, 3, 5), "五年以来", D(2018, 1, 1), D(2023, 3, 5)),
    ("三个多月以来", D(2023, 8, 22), "三个多月以来", D(2023, 5, 1), D(2023, 8, 22)),
    ("3月以来，全市", 2023, "3月以来", D(2023, 3, 1), D(2023, 3, 31)),
    # half units: 内 in calendar months, 后/前 at 365 days a year (the month) or 365/12 a month (the day)
    ("半年内完成整改", D(2023, 1, 10), "半年内", D(2023, 1, 10), D(2023, 7, 9)),
    ("半年后复查", D(2023, 1, 10), "半年后", D(2023, 7, 1), D(2023, 7, 31)),
    ("两年半后投产", D(2020, 3, 1), "两年半后", D(2022, 8, 1), D(2022, 8, 31)),
    ("一个半月前已启动", D(2023, 5, 10), "一个半月前", D(2023, 3, 25), D(2023, 3, 25)),
    # a rough count (二三年, 三五年) is at most its larger number, not a year
    ("用二三年时间", 2023, "用二三年时间", D(2023, 1, 1), D(2026, 12, 31)),
    ("三五年内建成", 2023, "三五年内", D(2023, 1, 1), D(2028, 12, 31)),
    # first months of a year, the Nth month, month and year beginnings
    ("今年前5个月，全省完成", 2023, "今年前5个月", D(2023, 1, 1), D(2023, 5, 31)),
    ("2022年前两个月", None, "2022年前两个月", D(2022, 1, 1), D(2022, 2, 28)),
    ("明年第三个月", 2023, "明年第三个月", D(2024, 3, 1), D(2024, 3, 31)),
    ("98年第2个月", None, "98年第2个月", D(1998, 2, 1), D(1998, 2, 28)),
    ("5月初启动", 2023, "5月初", D(2023, 5, 1), D(2023, 5, 5)),
    ("年初召开", 2023, "年初", D(2023, 1, 1), D(2023, 2, 28)),
    # relative years and months
    ("去年本月十五日", D(2023, 4, 2), "去年本月十五日", D(2022, 4, 15), D(2022, 4, 15)),
    ("大前年", 2023, "大前年", D(2020, 1, 1), D(2020, 12, 31)),
    ("这一年", 2023, "这一年", D(2023, 1, 1), D(2023, 12, 31)),
    ("月底前报送", D(2023, 4, 2), "月底前", D(2023, 4, 30), D(2023, 4, 30)),
    ("本月中旬完成", D(2023, 4, 2), "本月中旬", D(2023, 4, 11), D(2023, 4, 20)),
    ("次月底前", D(2023, 4, 2), "次月底前", D(2023, 5, 31), D(2023, 5, 31)),
    ("上上个月", D(2023, 4, 2), "上上个月", D(2023, 2, 1), D(2023, 2, 28)),
    ("下一个季度", D(2023, 4, 2), "下一个季度", D(2023, 7, 1), D(2023, 9, 30)),
    ("翌年完成", 2023, "翌年", D(2024, 1, 1), D(2024, 12, 31)),
    ("前年底已建成", 2023, "前年底", D(2021, 12, 31), D(2021, 12, 31)),
    ("今明两年要解决", 2023, "今明两年", D(2023, 1, 1), D(2024, 12, 31)),
    ("12月中下旬", 2023, "12月中下旬", D(2023, 12, 11), D(2023, 12, 31)),
    ("11月上中旬", 2023, "11月上中旬", D(2023, 11, 1), D(2023, 11, 20)),
    ("前3季度", 2023, "前3季度", D(2023, 1, 1), D(2023, 9, 30)),
    ("发展规划（2021-2025）", None, "2021-2025", D(2021, 1, 1), D(2025, 12, 31)),
    ("二〇二一至二〇二五年", None, "二〇二一至二〇二五年", D(2021, 1, 1), D(2025, 12, 31)),
    # reigns and eras, centuries, older years opening a clause
    ("光绪二十年", None, "光绪二十年", D(1894, 1, 1), D(1894, 12, 31)),
    ("民国元年", None, "民国元年", D(1912, 1, 1), D(1912, 12, 31)),
    ("乾隆5年3月", None, "乾隆5年3月", D(1740, 3, 1), D(1740, 3, 31)),
    ("21世纪初", None, "21世纪初", D(2000, 1, 1), D(2019, 12, 31)),
    ("二十世纪末", None, "二十世纪末", D(2000, 12, 31), D(2000, 12, 31)),
    ("1688年，当地建城", None, "1688年", D(1688, 1, 1), D(1688, 12, 31)),
    ("该桥于1798年建成", None, "1798年", D(1798, 1, 1), D(1798, 12, 31)),
    # the first days of the reference month or of one next to it (a reference date is needed)
    ("本月前5天报送数据", D(2023, 4, 20), "本月前5天", D(2023, 4, 1), D(2023, 4, 5)),
    ("上个月前10日的台账", D(2023, 1, 20), "上个月前10日", D(2022, 12, 1), D(2022, 12, 10)),
    ("下月前两天完成", D(2023, 2, 20), "下月前两天", D(2023, 3, 1), D(2023, 3, 2)),
    # a count of days after a day and 前: that many days before it, or with 内 the days up to it
    ("确保国庆节前3天完成", 2024, "国庆节前3天", D(2024, 9, 28), D(2024, 9, 28)),
    ("2024年10月1日前两天报送", None, "2024年10月1日前两天", D(2024, 9, 29), D(2024, 9, 29)),
    ("春节前10天内发放到位", D(2024, 3, 1), "春节前10天内", D(2025, 1, 19), D(2025, 1, 29)),
    ("于9月30日前3个工作日报送", 2024, "9月30日前", D(2024, 9, 30), D(2024, 9, 30)),  # working days: not counted
    # a three-digit year after 在/于/自/从
    ("该寺始建于618年", None, "618年", D(618, 1, 1), D(618, 12, 31)),
    ("自960年起实行", None, "960年起", D(960, 1, 1), D(960, 12, 31)),
    # days of the year known by name (fixed dates), read like a written date without a year
    ("确保国庆节前全部完工", 2024, "国庆节前", D(2024, 10, 1), D(2024, 10, 1)),
    ("元旦前发放到位", D(2024, 11, 3), "元旦前", D(2025, 1, 1), D(2025, 1, 1)),
    ("2025年元旦起施行", None, "2025年元旦起", D(2025, 1, 1), D(2025, 1, 1)),
    ("明年国际残疾人日开展宣传", 2024, "明年国际残疾人日", D(2025, 12, 3), D(2025, 12, 3)),
    ("围绕中华慈善日组织募捐", D(2024, 3, 1), "中华慈善日", D(2024, 9, 5), D(2024, 9, 5)),
    ("国际老年人日当天", 2023, "国际老年人日", D(2023, 10, 1), D(2023, 10, 1)),
]

# (text, reference): no time expression at all
NONE = [
    ("独立软件分类编码：21-04-02", D(2023, 1, 1)),   # a code, not a date
    ("增长4·3％", 2023),                             # an old decimal point
    ("占比超过1/3", 2023),
    ("约1/20的企业", 2023),
    ("1/15以上", 2023),
    ("3/4", 2023),
    ("10/20kV线路", 2023),
    ("有两千年历史", 2023),                          # 两千年 without a month is a span
    ("提前3天通知", D(2023, 5, 10)),
    ("会议的前十年", 2023),
    ("不得低于上一年总收入", 2023),
    ("，1200年历史的古城", 2023),
    ("，1500年来", 2023),
    ("经过15年初步建成", 2023),
    ("每次月报", D(2023, 4, 2)),
    ("每次日常巡查", D(2023, 4, 2)),
    ("开展植树造林", 2023),                          # 植树 is no day without 节
    ("在500年的历史中", 2023),                       # a span, not the year 500
    ("在100年一遇的洪水中", 2023),
]

# (text, reference, [date_to …])
LISTS = [
    ("3月5日、12日和19日开放", 2023, [D(2023, 3, 5), D(2023, 3, 12), D(2023, 3, 19)]),
    ("2024年9月10号，11号", None, [D(2024, 9, 10), D(2024, 9, 11)]),
]
# fmt: on


@pytest.mark.parametrize("text, ref, expr, d_from, d_to", CASES)
def test_forms(text, ref, expr, d_from, d_to):
    ts = [t for t in extract_times(text, reference=ref) if t.text.lstrip("到至") == expr]
    assert [(t.date_from, t.date_to) for t in ts] == [(d_from, d_to)], extract_times(text, reference=ref)
    assert text[ts[0].start:ts[0].end] == ts[0].text


@pytest.mark.parametrize("text, ref", NONE)
def test_not_times(text, ref):
    assert extract_times(text, reference=ref) == []


@pytest.mark.parametrize("text, ref, ends", LISTS)
def test_listed_days_take_the_month_of_the_date_before(text, ref, ends):
    assert [t.date_to for t in extract_times(text, reference=ref)] == ends


def test_qian_nian_after_a_count_is_no_year_before_last():
    assert [t.text for t in extract_times("十年前年均增长", reference=2023)] == ["十年前"]


def test_around_a_year_is_no_deadline():
    (t,) = extract_times("2030年前后建成", reference=2023)
    assert (t.text, t.deadline) == ("2030年", False)


def test_issue_12_peer_dates_floor():
    """Guard the measured figure (0.853 on the development half; the goal, 0.85, is met)."""
    if not (PEERS / "date.jsonl").is_file():
        pytest.skip(f"{PEERS} is absent: the peer suites live in ../shared/peers beside the checkout")
    from policytext.eval.peers import evaluate_peers

    assert evaluate_peers(PEERS).date_policy_end_acc >= 0.85


def test_a_named_day_that_is_no_day_of_the_year_is_named(tmp_path):
    """The ``days`` table is checked on load: the file, the key and the reason."""
    import yaml

    from policytext._resources import data_path
    from policytext.errors import PatternError
    from policytext.extract.time_rules import grammar as _grammar

    data = yaml.safe_load(data_path("rules/times.yaml").read_text(encoding="utf-8"))
    data["days"] = [{"id": "某日", "month": 2, "day": 30}]
    bad = tmp_path / "times.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PatternError, match="某日: day is out of range") as e:
        _grammar(str(bad))
    assert e.value.key == "days" and "times.yaml" in str(e.value)
