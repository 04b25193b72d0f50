"""Lunar calendar in time expressions, issue 12: lunar feasts, solar terms and lunar dates (invented sentences).

Dates were checked against published calendars (春节 2025 is 29 January, 除夕 2024 is 9 February, the
leap fourth month of 2020 runs from 23 May to 20 June).
"""
import datetime as dt

import pytest

from policytext.extract import lunar
from policytext.extract.times import extract_times

D = dt.date

# fmt: off
# (text, reference, expression, date_from, date_to, deadline)
CASES = [
    # days set by the lunar calendar: with a year the one that falls in it, else the next one not before
    # a reference date, with only a reference year that year's
    ("春节前将补助资金发放到位", 2025, "春节前", D(2025, 1, 29), D(2025, 1, 29), True),
    ("元旦春节期间开展走访", D(2024, 12, 1), "春节期间", D(2025, 1, 29), D(2025, 1, 29), False),
    ("新春走访困难群众", D(2013, 2, 12), "新春", D(2014, 1, 31), D(2014, 1, 31), False),
    ("农历新年前完成", 2024, "农历新年前", D(2024, 2, 10), D(2024, 2, 10), True),
    ("明年中秋节前完工", 2024, "明年中秋节前", D(2025, 10, 6), D(2025, 10, 6), True),
    ("重阳节前后走访老人", D(2024, 11, 1), "重阳节", D(2025, 10, 29), D(2025, 10, 29), False),
    ("端午节假期安全检查", 2023, "端午节", D(2023, 6, 22), D(2023, 6, 22), False),
    ("腊八节前完成排查", D(2024, 12, 1), "腊八节前", D(2025, 1, 7), D(2025, 1, 7), True),
    ("2024年除夕值守", None, "2024年除夕", D(2024, 2, 9), D(2024, 2, 9), False),
    ("大年三十前返乡", 2025, "大年三十前", D(2025, 1, 28), D(2025, 1, 28), True),  # the 12th month had 29 days
    ("2025年春节前夕慰问", None, "2025年春节", D(2025, 1, 29), D(2025, 1, 29), False),  # 前夕 is no deadline
    # solar terms: with a year that (Gregorian) year's
    ("2017年大寒", None, "2017年大寒", D(2017, 1, 20), D(2017, 1, 20), False),
    ("立春前完成春耕准备", D(2024, 1, 10), "立春前", D(2024, 2, 4), D(2024, 2, 4), True),
    ("冬至当天开展义诊", 2024, "冬至", D(2024, 12, 21), D(2024, 12, 21), False),
    ("清明节期间加强巡查", 2024, "清明节期间", D(2024, 4, 4), D(2024, 4, 4), False),
    ("谷雨节气前后播种", 2023, "谷雨节气", D(2023, 4, 20), D(2023, 4, 20), False),
    ("今年夏至", 2024, "今年夏至", D(2024, 6, 21), D(2024, 6, 21), False),
    ("立秋以来降水偏少", 2024, "立秋以来", D(2024, 8, 7), D(2024, 8, 7), False),
    # lunar dates: marked 农历/阴历, a leap month, a month or day named the lunar way; the year is lunar
    ("农历正月十五前", 2024, "农历正月十五前", D(2024, 2, 24), D(2024, 2, 24), True),
    ("阴历二〇二一年六月", None, "阴历二〇二一年六月", D(2021, 7, 10), D(2021, 8, 7), False),
    ("农历2015年十月初一", None, "农历2015年十月初一", D(2015, 11, 12), D(2015, 11, 12), False),
    ("1991年农历8月23号", None, "1991年农历8月23号", D(1991, 9, 30), D(1991, 9, 30), False),
    ("农历二〇一二年", None, "农历二〇一二年", D(2012, 1, 23), D(2013, 2, 9), False),
    ("截至农历十月底", 2024, "截至农历十月底", D(2024, 11, 30), D(2024, 11, 30), True),
    ("闰四月", D(2020, 1, 1), "闰四月", D(2020, 5, 23), D(2020, 6, 20), False),
    ("闰4月", D(2019, 8, 1), "闰4月", D(2020, 5, 23), D(2020, 6, 20), False),
    ("后年九月廿二", 2021, "后年九月廿二", D(2023, 11, 5), D(2023, 11, 5), False),
    ("明年腊月", 2021, "明年腊月", D(2022, 12, 23), D(2023, 1, 21), False),
    ("腊月底前发放到位", D(2024, 12, 10), "腊月底前", D(2025, 1, 28), D(2025, 1, 28), True),
    ("2012年正月初8", None, "2012年正月初8", D(2012, 1, 30), D(2012, 1, 30), False),
    ("十月初一祭扫", 2023, "十月初一", D(2023, 11, 13), D(2023, 11, 13), False),
    ("冬月初三", 2024, "冬月初三", D(2024, 12, 3), D(2024, 12, 3), False),
    # no lunar marker: a Gregorian date
    ("二月十五", 2021, "二月十五", D(2021, 2, 15), D(2021, 2, 15), False),
    ("5月初一批项目开工", 2023, "5月初", D(2023, 5, 1), D(2023, 5, 5), False),
]

# (text, reference, the texts found): words that hold a name but no day
WORDS = [
    ("建立春季巡查机制", 2023, ["春季"]),
    ("设立春节慰问金", 2023, ["春节"]),
    ("成立冬奥组委", 2023, []),
    ("入冬至今", 2023, []),
    ("开春分批推进", 2023, []),
    ("今年雨水偏多", 2023, ["今年"]),
    ("大雪天气", 2023, []),
    ("大寒潮来袭", 2023, []),
    ("真正月收入", 2023, []),
    ("喝腊八粥", 2023, []),
    ("小满足于现状", 2023, []),
]

# (year, month, day, leap, date): lunar_python's calendar as lunar.py reads it
DAYS = [
    (2024, 1, 1, False, D(2024, 2, 10)),
    (2023, 12, lunar.LAST, False, D(2024, 2, 9)),
    (2024, 12, lunar.LAST, False, D(2025, 1, 28)),
    (2020, 4, 1, True, D(2020, 5, 23)),
    (2024, 12, 30, False, None),    # the 12th month of 2024 had 29 days
    (2021, 4, 1, True, None),       # no leap fourth month in 2021
]
# fmt: on


@pytest.mark.parametrize("text, ref, expr, d_from, d_to, deadline", CASES)
def test_lunar_forms(text, ref, expr, d_from, d_to, deadline):
    ts = [t for t in extract_times(text, reference=ref) if t.text == expr]
    assert [(t.date_from, t.date_to, t.deadline) for t in ts] == [(d_from, d_to, deadline)], \
        extract_times(text, reference=ref)
    assert text[ts[0].start:ts[0].end] == expr and ts[0].year_known


@pytest.mark.parametrize("text, ref, found", WORDS)
def test_words_are_no_days(text, ref, found):
    assert [t.text for t in extract_times(text, reference=ref)] == found


@pytest.mark.parametrize("year, month, day, leap, date", DAYS)
def test_lunar_day(year, month, day, leap, date):
    assert lunar.lunar_day(year, month, day, leap) == date


def test_every_solar_term_has_a_day_in_its_month():
    months = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12]
    assert len(lunar.TERMS) == 24
    for year in (1950, 2000, 2024, 2050):
        assert [lunar.solar_term(year, t).month for t in lunar.TERMS] == months


def test_without_a_reference_the_year_is_unknown():
    (t,) = extract_times("春节前")
    assert (t.date_to, t.year_known, t.deadline) == (None, False, True)
    (t,) = extract_times("×年中秋节")
    assert (t.date_to, t.year_known) == (None, False)


def test_a_leap_month_the_year_lacks_gives_no_date():
    (t,) = extract_times("2021年闰四月", reference=2021)
    assert (t.text, t.date_from, t.date_to) == ("2021年闰四月", None, None)


# fmt: off
# (table, entry, message): a bad entry is named with the file and the key
BAD = [
    ("lunar_days", {"id": "某节", "month": 13, "day": 1}, "某节: month=13 is invalid"),
    ("lunar_days", {"id": "某节", "month": 1, "day": 31}, "某节: day=31 is invalid"),
    ("lunar_days", {"id": "某节", "month": 1, "day": "first"}, "某节: day='first' is invalid"),
    ("solar_terms", {"id": "大热"}, "'大热' is no solar term"),
    ("solar_terms", {"id": "清明日", "term": "清明节"}, "'清明节' is no solar term"),
]
# fmt: on


@pytest.mark.parametrize("table, entry, message", BAD)
def test_a_bad_table_entry_is_named(tmp_path, table, entry, message):
    import yaml

    from policytext._resources import data_path
    from policytext.errors import PatternError
    from policytext.extract.time_rules import grammar

    data = yaml.safe_load(data_path("rules/times.yaml").read_text(encoding="utf-8"))
    data[table] = [entry]
    bad = tmp_path / "times.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PatternError, match=message) as e:
        grammar(str(bad))
    assert e.value.key == table and "times.yaml" in str(e.value)
