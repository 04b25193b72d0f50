"""Time expressions: dates, periods and deadlines in Chinese policy text.

:func:`extract_times` scans the text once with a single regex combined from
the rules in ``data/rules/times.yaml`` (dateparser-style: the language data
lives apart from this generic code) and normalizes each match to an inclusive
period ``date_from``..``date_to``.

Semantics (annotation guidelines §3):

- Ends of periods: ``2020年``/``2020年底``/``年底前`` -> 12-31; ``6月底`` -> 06-30;
  ``上半年`` -> 06-30; ``第三季度`` -> 09-30; ``9月28日前`` -> 09-28.
  ``…底``/``…末`` denote the last day (``date_from == date_to``).
- ``deadline`` is True with a prefix ``到``/``至``/``截至``/``截止`` (also after
  ``力争``/``争取``/``确保``), a suffix ``前``/``以前``/``之前``/``内``/``以内``/``之内``,
  or an end ``底``/``末``; periods (``期间``, ``以来``, a bare ``2020年``) are not.
- Plans: ``"十四五"`` (期间/时期/规划) is 2021-01-01..2025-12-31; ``"十四五"末`` is
  the deadline 2025-12-31; ``十三五`` 2016–2020, ``十五五`` 2026–2030.
- Relative expressions use ``reference`` (a date, a year, or the year of a
  :class:`~policytext.types.Document`): ``今年``/``本年``, ``明年``/``来年``,
  ``去年``, ``年内``/``年底前``, bare months and quarters, ``全年``,
  ``三年内`` (reference year + 3, 12-31), ``今后五年`` (the reference year and
  the four after it).  ``本世纪`` is the century of the reference (the 21st
  without one): ``本世纪中叶`` is 2050, ``本世纪末`` 2100-12-31.
- With a reference *date*, a month or day without a year is the first one that
  does not end before it (``1月15日前`` said on 2022-11-20 is 2023-01-15); with
  a reference year it is that year's. Event names (``“7·20”``) keep the year.
- Whole units before or after the reference one: ``前两年``/``过去五年``/``近三年``
  (the years before the reference year), ``下三个月``, ``后三天``; ``五年以来`` runs
  from the start of the year five back to the reference; ``半年内`` is six
  calendar months, ``半年后``/``3年半前`` count 365 days a year (that month).
- Two-digit years up to 30 (up to ten after a reference past 2020) are in this
  century (``08年``, ``25年底``), others in the last (``九八年``); two Chinese
  digits that make a rough count (``二三年``, ``三五年内``) are no year.
- Numeric dates are year first (``2021-04-12``) or day first (``13.5.2015``,
  ``1/2/2020``, ``05/05/89``); month first only when the day cannot be a month
  (``5/13/2015``, ``2/15``). Reigns and eras (``康熙20年``, ``民国三年``) come from
  the ``eras`` table of the rule file.
- Lunar feasts (``春节前``), solar terms (``2017年大寒``) and lunar dates (``农历六月``,
  ``闰四月``, ``九月廿二``) are read by :mod:`policytext.extract.lunar` from the ``lunar_days``
  and ``solar_terms`` tables.
- A redacted (``×年``, ``×月底前``) or unknown year (a relative phrase with no
  reference) leaves ``date_from``/``date_to`` ``None`` and ``year_known``
  False; the text and offsets are kept.
"""
from __future__ import annotations

import calendar
import datetime as _dt
import functools
import re
from typing import Callable, Dict, List, Optional, Pattern, Tuple, Union

from . import lunar
from ._scan import Scanner, without_lookarounds
from .numerals import CN_DIGITS, parse_int, to_halfwidth
from .time_rules import RULES_FILE, grammar
from ..types import Document, TimeExpression

__all__ = ["extract_times", "RULES_FILE", "resolve_reference"]

_PH = frozenset("×XxＸｘ")
_REL_OFFSET = {"这": 0, "这一": 0, "大前": -3, "大后": 3, "翌": 1, "今": 0, "本": 0, "当": 0, "明": 1, "来": 1, "次": 1, "去": -1, "上": -1, "下": 1, "前": -2, "后": 2}
# Seasons as month spans (冬季 runs into the next year): 春季 -> 3..5.
_SEASONS = {"春": (3, 5), "夏": (6, 8), "秋": (9, 11), "冬": (12, 14)}
# 前天 … 后天, 上月 … 下月: offsets from the reference date
_DAY_WORDS = {"大前": -3, "前": -2, "昨": -1, "今": 0, "本": 0, "当": 0, "明": 1, "次": 1, "翌": 1, "后": 2, "大后": 3}
_MONTH_WORDS = {"上": -1, "上个": -1, "上一": -1, "上一个": -1, "上上": -2, "上上个": -2, "本": 0, "这个": 0, "当": 0,
                "下": 1, "下个": 1, "下一": 1, "下一个": 1, "下下": 2, "下下个": 2, "次": 1}
_ROUGH = frozenset("一二两三四五六七八九")
_LIST_SEP = frozenset({"，", ",", "、", "和", "及", "与", "或", "以及"})
_END_EDGES = frozenset({"底", "末", "年底", "年末", "规划期末", "时期末", "期末", "末期"})
_WITHIN_EDGES = ("内", "中叶")  # 年内, 本世纪中叶: a deadline too


def resolve_reference(reference: Union[None, int, _dt.date, Document]) -> Optional[int]:
    """The reference year of a date, a year or a document (its plan year).

    Example:
        >>> import datetime
        >>> resolve_reference(datetime.date(2020, 3, 26)), resolve_reference(2021), resolve_reference(None)
        (2020, 2021, None)
    """
    if reference is None:
        return None
    if isinstance(reference, Document):
        if reference.year:
            return reference.year
        return reference.date.year if reference.date else None
    if isinstance(reference, _dt.date):
        return reference.year
    if isinstance(reference, int) and not isinstance(reference, bool):
        return reference
    raise TypeError(f"reference={reference!r} is invalid; use a datetime.date, a year (int), a Document or None")


def _small_int(s: str) -> Optional[int]:
    if len(s) == 2 and s[0] != s[1] and all(ch in _ROUGH for ch in s):  # 二三年, 三五年: a rough count, at most
        return max(CN_DIGITS[ch] for ch in s)
    return None if not s or s[0] in _PH else parse_int(s)


def _year(s: str, ref: Optional[int] = None) -> Optional[int]:
    """A written year: 2020, 二〇二〇, 两千零四, 08, 九八."""
    if s[0] in _PH:
        return None
    if s.isascii():
        y = int(s)
    elif all(ch in CN_DIGITS for ch in s):
        y = int("".join(str(CN_DIGITS[ch]) for ch in s))
    elif "千" in s:  # 两千零四
        return parse_int(s)
    else:
        return None
    if len(s) == 2:  # 08年, 98年, 零八年: up to 30 (up to ten after the reference year) in this century
        y += 2000 if y <= max(30, (ref or 0) - 1990) else 1900
    return y


def _add_months(d: _dt.date, n: int) -> _dt.date:
    k = d.year * 12 + d.month - 1 + n
    y, m = divmod(k, 12)
    return _dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_end(y: int, m: int) -> _dt.date:
    return _dt.date(y, m, calendar.monthrange(y, m)[1])


_Out = Tuple[Optional[_dt.date], Optional[_dt.date], str, bool, bool]  # from, to, granularity, relative, year_known


def _calendar(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """A date, month, quarter, half, season or year; a month or day without a year is read for the
    reference year, or with a reference date the first one that does not end before it (3月 said in
    September is next March)."""
    relative = False
    year: Optional[int]
    known = True
    if g.get("year"):
        year = _year(g["year"], ref)  # type: ignore[arg-type]
        known = year is not None
    else:
        relative = True
        rel = g.get("rel")
        year = None if ref is None else ref + (_REL_OFFSET.get(rel, 0) if rel else 0)
        known = year is not None
        if day is not None and not rel and g.get("month"):
            for y in range(day.year, day.year + 5):  # 2月29日 said in 2019 is 2020's
                out = _period(g, y, relative, known)
                if out[1] is not None and out[1] >= day:
                    return out
            return _period(g, day.year, relative, known)
    return _period(g, year, relative, known)


def _period(g: Dict[str, Optional[str]], year: Optional[int], relative: bool, known: bool) -> _Out:
    month_s, day_s, quarter, half, edge = g.get("month"), g.get("day"), g.get("quarter"), g.get("half"), g.get("edge")
    season = g.get("season")
    if season and year is not None:
        a, b = _SEASONS[season]
        first = _dt.date(year, a, 1)
        last = _month_end(year + (b - 1) // 12, (b - 1) % 12 + 1)
        if edge in ("底", "末"):
            return last, last, "season", relative, known
        return first, last, "season", relative, known
    if season:
        return None, None, "season", relative, False
    if month_s:
        gran = "day" if day_s else "month"
    elif quarter:
        gran = "quarter"
    elif half:
        gran = "half"
    else:
        gran = "year"
    if year is None:
        return None, None, gran, relative, False
    try:
        if month_s:
            month = _small_int(month_s)
            if month is None:
                return None, None, gran, relative, False
            if day_s:
                day = _small_int(day_s)
                if day is None:
                    return None, None, gran, relative, False
                d = _dt.date(year, month, day)
                day0 = _small_int(g["day0"]) if g.get("day0") else None  # 4月12-19日
                return (_dt.date(year, month, day0) if day0 and day0 < day else d), d, gran, relative, known
            first, last = _dt.date(year, month, 1), _month_end(year, month)
            month0 = _small_int(g["month0"]) if g.get("month0") else None  # 1－9月份
            if month0 and month0 < month:
                first = _dt.date(year, month0, 1)
            if edge in ("底", "末"):
                return last, last, gran, relative, known
            if edge == "初":  # 月初: the first days (上旬 is the first ten)
                return first, first.replace(day=5), gran, relative, known
            if edge == "上旬":
                return first, first.replace(day=10), gran, relative, known
            if edge in ("中", "中旬"):
                return first.replace(day=11), first.replace(day=20), gran, relative, known
            if edge in ("下旬", "中下旬"):
                return first.replace(day=11 if edge == "中下旬" else 21), last, gran, relative, known
            if edge == "上中旬":
                return first, first.replace(day=20), gran, relative, known
            return first, last, gran, relative, known
        if quarter:
            q = "一二三四".find(quarter) + 1 or int(quarter)
            first, last = _dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q)
            if edge in ("底", "末"):
                return last, last, gran, relative, known
            if edge == "初":
                return first, _month_end(year, 3 * q - 2), gran, relative, known
            return first, last, gran, relative, known
        if half:
            first, last = (_dt.date(year, 1, 1), _dt.date(year, 6, 30)) if half == "上" else \
                (_dt.date(year, 7, 1), _dt.date(year, 12, 31))
            if edge in ("底", "末"):
                return last, last, gran, relative, known
            return first, last, gran, relative, known
    except ValueError:  # 2月30日 and friends
        return None, None, gran, relative, known
    first, last = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    if edge in _END_EDGES:
        return last, last, gran, relative, known
    if edge in ("初", "年初"):  # 年初: January and February
        return first, _month_end(year, 2), "month", relative, known
    if edge in ("中", "年中"):
        return _dt.date(year, 6, 30), _dt.date(year, 6, 30), gran, relative, known
    return first, last, gran, relative, known


def _year_range(g: Dict[str, Optional[str]], ref: Optional[int]) -> _Out:
    y1 = _year(g["year"] or "", ref)
    y2s = g["year2"] or ""
    y2 = _year(y2s, ref)
    if y1 is not None and y2 is not None and y2 < 100:
        y2 += y1 // 100 * 100
    if y1 is None or y2 is None or y2 < y1:
        return None, None, "multi_year", False, False
    return _dt.date(y1, 1, 1), _dt.date(y2, 12, 31), "multi_year", False, True


def _plan(g: Dict[str, Optional[str]], ref: Optional[int]) -> _Out:
    k = 10 + ("一二三四五六七八九".find(g["plan"]) + 1 if g.get("plan") else 0)  # 十四五 -> 14th plan
    start = 1966 + 5 * (k - 3)  # the third plan began in 1966; five years each since
    first, last = _dt.date(start, 1, 1), _dt.date(start + 4, 12, 31)
    edge = g.get("edge") or ""
    if edge in _END_EDGES:
        return last, last, "multi_year", False, True
    if edge in ("初", "期初", "初期"):
        return first, _dt.date(start, 12, 31), "year", False, True
    return first, last, "multi_year", False, True


def _within_years(g: Dict[str, Optional[str]], ref: Optional[int]) -> _Out:
    n = _small_int(g["n"] or "")
    if ref is None or n is None:
        return None, None, "multi_year", True, False
    return _dt.date(ref, 1, 1), _dt.date(ref + n, 12, 31), "multi_year", True, True


def _next_years(g: Dict[str, Optional[str]], ref: Optional[int]) -> _Out:
    n = _small_int(g["n"] or "")
    if ref is None or n is None:
        return None, None, "multi_year", True, False
    return _dt.date(ref, 1, 1), _dt.date(ref + n - 1, 12, 31), "multi_year", True, True


def _first_quarters(g: Dict[str, Optional[str]], ref: Optional[int]) -> _Out:
    out = _calendar({"year": g.get("year"), "rel": g.get("rel")}, ref)
    if out[0] is None:
        return None, None, "quarter", out[3], out[4]
    q = {"二": 2, "两": 2, "三": 3, "2": 2, "3": 3}[g["quarters"] or "三"]
    y = out[0].year
    return _dt.date(y, 1, 1), _month_end(y, 3 * q), "quarter", out[3], True


def _century(g: Dict[str, Optional[str]], ref: Optional[int]) -> _Out:
    n = parse_int(g["century"]) if g.get("century") else None  # 11世纪初: its first two decades (1000-1019)
    if n is not None and g.get("edge") == "初" and 1 <= n <= 30:
        return _dt.date((n - 1) * 100, 1, 1) if n > 1 else _dt.date(1, 1, 1), \
            _dt.date((n - 1) * 100 + 19, 12, 31), "multi_year", False, True
    if n is not None:
        ref, known = n * 100, 1 <= n <= 30  # 二十世纪末 is 2000-12-31, as 本世纪末 said in 1982
        if not known:
            return None, None, "year", False, False
    first = (ref - 1) // 100 * 100 + 1 if ref is not None else 2001  # 本世纪 of the reference year
    if g.get("edge") == "中叶":
        y = first + 49
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31), "year", ref is not None, True
    last = _dt.date(first + 99, 12, 31)
    if g.get("edge") == "内":
        return _dt.date(first, 1, 1), last, "multi_year", ref is not None, True
    return last, last, "year", ref is not None, True


def _relative_day(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    if day is None:
        return None, None, "day", True, False
    d = day + _dt.timedelta(days=_DAY_WORDS.get(g.get("word") or "", 0))
    return d, d, "day", True, True


def _day_of_month(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """29日 alone: that day of the reference month (of the next month when the reference month has none)."""
    d = _small_int(g.get("day") or "")
    if day is None or d is None or not 1 <= d <= 31:
        return None, None, "day", True, False
    first = day.replace(day=1)
    for _ in range(3):
        if d <= calendar.monthrange(first.year, first.month)[1]:
            x = first.replace(day=d)
            return x, x, "day", True, True
        first = _add_months(first, 1)
    return None, None, "day", True, False


def _relative_month(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    if day is None:
        return None, None, "month", True, False
    shift = _MONTH_WORDS.get(g.get("word") or "", 0) + 12 * _REL_OFFSET.get(g.get("rel") or "", 0)  # 去年本月
    first = _add_months(day.replace(day=1), shift)
    last = _month_end(first.year, first.month)
    if g.get("day"):
        d = _small_int(g["day"] or "")
        if d is None or d > last.day:
            return None, None, "day", True, False
        x = first.replace(day=d)
        return x, x, "day", True, True
    return _period({"month": str(first.month), "edge": g.get("edge")}, first.year, True, True)


def _first_days(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """本月前5天, 上个月前10日: the first N days of the reference month or of one next to it."""
    n = _small_int(g.get("n") or "")
    if day is None or not n:
        return None, None, "day", True, False
    first = _add_months(day.replace(day=1), _MONTH_WORDS.get(g.get("word") or "", 0))
    if n > _month_end(first.year, first.month).day:
        return None, None, "day", True, False
    return first, first + _dt.timedelta(days=n - 1), "day", True, True


def _relative_quarter(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """上季度, 本季度末, 下个季度: the quarter before, of or after the reference date."""
    if day is None:
        return None, None, "quarter", True, False
    first = _add_months(day.replace(day=1, month=(day.month - 1) // 3 * 3 + 1),
                        3 * _MONTH_WORDS.get(g.get("word") or "", 0))
    end = _add_months(first, 2)
    last = _month_end(end.year, end.month)
    if g.get("edge") in ("底", "末"):
        return last, last, "quarter", True, True
    return first, last, "quarter", True, True


def _decade(g: Dict[str, Optional[str]], ref: Optional[int]) -> _Out:
    """20世纪80年代 -> 1980..1989; 上世纪 is the century before the reference year's (the 20th without one)."""
    c = g.get("century")
    if c:
        n = parse_int(c)
    else:
        n = (ref - 1) // 100 if ref is not None else 20  # 上世纪 of 2021 is the 20th
    dec = parse_int(g.get("decade") or "")
    if n is None or dec is None or not (1 <= n <= 30) or dec % 10 or dec > 90:
        return None, None, "decade", False, False
    y = (n - 1) * 100 + dec
    return _dt.date(y, 1, 1), _dt.date(y + 9, 12, 31), "decade", c is None, True


def _offset(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """N天后, 3个月前, 5年前, 未来两个月, 30日内, 半年内, 3年半前: a span from the reference date."""
    unit = g.get("unit") or g.get("unit2") or ("年" if g.get("ydir") else "")
    n = 0 if unit.startswith("半") else _small_int(g.get("n") or g.get("n2") or "")
    direction = g.get("dir") or g.get("ydir") or ""
    if day is None and ref is not None and n is not None and unit == "年":  # 十年前 in a document of 2023
        y = ref + (-n if direction in ("前", "以前", "之前") else n)
        return _dt.date(y, 1, 1), _dt.date(y, 12, 31), "year", True, True
    if day is None or n is None:
        return None, None, "day", True, False
    sign = -1 if direction in ("前", "以前", "之前") else 1
    if "半" in unit:
        return _half_offset(day, n, "年" in unit, sign, direction)
    if unit in ("天", "日"):
        d, gran = day + _dt.timedelta(days=sign * n), "day"
    elif unit.endswith("工作日"):  # 15个工作日内: Monday to Friday only (public holidays are not known)
        d, gran, left = day, "day", n
        while left:
            d += _dt.timedelta(days=sign)
            left -= d.weekday() < 5
    elif "月" in unit:
        d, gran = _add_months(day, sign * n), "month"
    else:
        d, gran = _add_months(day, sign * 12 * n), "year"
        if direction not in ("前", "内", "以内", "之内", ""):  # 七年后, 3年以前: that year as a whole
            return _dt.date(d.year, 1, 1), _dt.date(d.year, 12, 31), gran, True, True
    if direction in ("内", "以内", "之内", ""):  # 未来3个月, 30日内: the span from the reference
        if gran != "day":
            d -= _dt.timedelta(days=1)
        return min(day, d), max(day, d), gran, True, True
    return d, d, gran, True, True


def _half_offset(day: _dt.date, n: int, years: bool, sign: int, direction: str) -> _Out:
    """半年内 is six calendar months from the reference; 半年后/3年半前 count 365 days a year (the
    month it falls in), 两个半月前 365/12 days a month (that day)."""
    if direction in ("内", "以内", "之内"):
        d = _add_months(day, 12 * n + 6) if years else _add_months(day, n) + _dt.timedelta(days=15)
        return day, d - _dt.timedelta(days=1), "month", True, True
    d = day + _dt.timedelta(days=sign * round((n + 0.5) * (365 if years else 365 / 12)))
    if years:
        return d.replace(day=1), _month_end(d.year, d.month), "month", True, True
    return d, d, "day", True, True


def _whole_units(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """前两年, 上一年, 下三个月, 后三天: whole years, months or days before or after the reference one."""
    n = _small_int(g.get("n") or "")
    unit = g.get("unit") or "年"
    back = g.get("dir") not in ("后", "下")  # 前, 上, 过去, 近, 最近
    if unit == "年":
        base = day.year if day is not None else ref
        if base is None or not n:
            return None, None, "year", True, False
        a, b = (base - n, base - 1) if back else (base + 1, base + n)
        return _dt.date(a, 1, 1), _dt.date(b, 12, 31), "year" if n == 1 else "multi_year", True, True
    gran = "month" if "月" in unit else "day"
    if day is None or not n:
        return None, None, gran, True, False
    if gran == "day":
        a, b = (day - _dt.timedelta(days=n), day - _dt.timedelta(days=1)) if back else \
            (day + _dt.timedelta(days=1), day + _dt.timedelta(days=n))
        return a, b, gran, True, True
    first = day.replace(day=1)
    a, b = (_add_months(first, -n), _add_months(first, -1)) if back else (_add_months(first, 1), _add_months(first, n))
    return a, _month_end(b.year, b.month), gran, True, True


def _since(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """五年来, 3个多月以来: from the start of the year (month, day) N back up to the reference date."""
    n = _small_int(g.get("n") or "")
    unit = g.get("unit") or "年"
    if n is None or (day is None and (ref is None or unit != "年")):
        return None, None, "day", True, False
    end = day if day is not None else _dt.date(ref, 12, 31)  # type: ignore[arg-type]
    if unit == "年":
        return _dt.date(end.year - n, 1, 1), end, "day", True, True
    if "月" in unit:
        return _add_months(end.replace(day=1), -n), end, "day", True, True
    return end - _dt.timedelta(days=n), end, "day", True, True


def _first_months(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date] = None) -> _Out:
    """今年前5个月, 2020年前两个月: the first N months of the year."""
    out = _calendar({"year": g.get("year"), "rel": g.get("rel")}, ref)
    n = _small_int(g.get("n") or "")
    if out[0] is None or not n or n > 12:
        return None, None, "month", out[3], False
    y = out[0].year
    return _dt.date(y, 1, 1), _month_end(y, n), "month", out[3], True


def _era(g: Dict[str, Optional[str]], eras: Dict[str, int], ref: Optional[int] = None,
         day: Optional[_dt.date] = None) -> _Out:
    """康熙20年9月, 民国三年, 神龙元年: the Nth year of a reign or era (元年 is its first)."""
    n = 1 if g.get("n") == "元" else _small_int(g.get("n") or "")
    first = eras.get(g.get("era") or "")
    if n is None or first is None:
        return None, None, "year", False, False
    return _period(g, first + n - 1, False, True)


def _named_day(g: Dict[str, Optional[str]], days: Dict[str, Tuple[int, int]], ref: Optional[int],
               day: Optional[_dt.date] = None) -> _Out:
    """国庆, 元旦, 国际残疾人日: a day of the year named in the ``days`` table, read like a written date."""
    month_day = days.get(g.get("word") or "")
    if month_day is None:  # pragma: no cover - the pattern only matches names of the table
        return None, None, "day", False, False
    return _calendar({**g, "month": str(month_day[0]), "day": str(month_day[1])}, ref, day)


def _lunar_year(g: Dict[str, Optional[str]], ref: Optional[int], day: Optional[_dt.date]
                ) -> Tuple[Optional[int], Optional[_dt.date], bool]:
    """(written or relative year, reference date to read forward from, relative) of a lunar expression."""
    if g.get("year"):
        return _year(g["year"] or "", ref), None, False
    rel = g.get("rel")
    if day is not None and not rel:
        return None, day, True
    return (None if ref is None else ref + _REL_OFFSET.get(rel or "", 0)), None, True


def _lunar(g: Dict[str, Optional[str]], table: Dict[str, object], ref: Optional[int],
           day: Optional[_dt.date] = None) -> _Out:
    """春节, 2017年大寒, 农历二〇二一年六月, 闰四月: the lunar calendar and the solar terms (:mod:`.lunar`)."""
    return lunar.normalize(g, table, *_lunar_year(g, ref, day))


#: Normalizers that read a table of the rule file (reigns, named days, lunar days, solar terms).
_TABLES: Dict[str, Callable[..., _Out]] = {"era": _era, "named_day": _named_day, "lunar": _lunar}

_NORMALIZE: Dict[str, Callable[..., _Out]] = {
    "calendar": _calendar, "year_range": _year_range, "plan": _plan, "within_years": _within_years,
    "next_years": _next_years, "first_quarters": _first_quarters, "century": _century,
    "relative_day": _relative_day, "relative_month": _relative_month, "offset": _offset,
    "relative_quarter": _relative_quarter, "decade": _decade, "day_of_month": _day_of_month,
    "whole_units": _whole_units, "since": _since, "first_months": _first_months, "first_days": _first_days,
}
_NEED_DAY = frozenset({"calendar", "relative_day", "relative_month", "relative_quarter", "offset", "day_of_month",
                       "whole_units", "since", "first_months", "first_days"})


def extract_times(text: Union[str, Document], *,
                  reference: Union[None, int, _dt.date, Document] = None) -> List[TimeExpression]:
    """Find dates, periods and deadlines and normalize them to dates.

    Args:
        text: Text, or a :class:`~policytext.types.Document` (whose ``year``,
            else ``date``, is the default reference).
        reference: What ``今年``, ``年底前``, ``三年内`` are relative to: a
            ``datetime.date``, a year, or a Document.
    Returns:
        Time expressions ordered by ``start`` (``text[t.start:t.end] == t.text``).
    Raises:
        PatternError: The rule file is malformed.
        TypeError: ``reference`` is of the wrong type.

    Example:
        >>> [(t.text, str(t.date_to), t.deadline) for t in extract_times("到2020年6月底，上半年完成")]
        [('到2020年6月底', '2020-06-30', True), ('上半年', 'None', False)]
        >>> t = extract_times("“十四五”期间", reference=2021)[0]
        >>> str(t.date_from), str(t.date_to), t.granularity
        ('2021-01-01', '2025-12-31', 'multi_year')
        >>> [(t.text, str(t.date_to), t.relative) for t in extract_times("年底前完成，三年内建成", reference=2020)]
        [('年底前', '2020-12-31', True), ('三年内', '2023-12-31', True)]
        >>> t = extract_times("到×年底")[0]
        >>> t.date_to, t.year_known
        (None, False)
    """
    if isinstance(text, Document):
        s = text.text
        if reference is None:
            reference = text
    elif isinstance(text, str):
        s = text
    else:
        raise TypeError(f"text must be a str or a Document, not {type(text).__name__}")
    ref = resolve_reference(reference)
    ref_day = reference if isinstance(reference, _dt.date) else None
    g = grammar()
    scan = to_halfwidth(s)
    out: List[TimeExpression] = []
    prev_year: Optional[int] = None  # the written year of the previous expression, when it ends a date
    named, by_group = g.named, g.by_group
    skip_until = 0  # the end of an expression that took in what follows it (国庆节前3天)
    for m in g.scanner.finditer(scan):
        if m.start() < skip_until:
            continue
        group = m.lastgroup
        rule = by_group.get(group)  # type: ignore[arg-type]
        if rule is None:  # a suffix closed last: the rule whose group took part
            for name, r in named:
                if m.start(name) >= 0:
                    rule, group = r, name
                    break
        if rule is None:  # pragma: no cover - one alternative always matched
            continue
        m = g.rule_match(m, group)  # type: ignore[arg-type]  # with the rule's groups
        groups = {local: m.group(glob) for local, glob in rule.groups}
        if rule.normalize == "fixed":
            extra = dict(rule.extra)
            d_from, d_to, gran, relative, known = extra["from"], extra["to"], extra["granularity"], False, True
        elif rule.normalize in _TABLES:
            d_from, d_to, gran, relative, known = _TABLES[rule.normalize](
                groups, dict(rule.extra)["table"], ref, ref_day if rule.future else None)
        else:
            if rule.normalize in _NEED_DAY:
                day = ref_day if rule.future else None
                d_from, d_to, gran, relative, known = _NORMALIZE[rule.normalize](groups, ref, day)
            else:
                d_from, d_to, gran, relative, known = _NORMALIZE[rule.normalize](groups, ref)
        pre, suf = m.group("pre", "suf")
        edge = groups.get("edge") or ""
        deadline = bool(pre) or (suf in g.deadline_suffixes) or edge in _END_EDGES or edge in _WITHIN_EDGES
        start, end = m.span()
        if rule.normalize == "day_of_month" and out:  # 9月10日、11日和13日: the days listed after a date
            d_from, d_to, known = _listed_day(s, out[-1], start, groups, (d_from, d_to, known))
        if (out and prev_year is not None and rule.normalize == "calendar" and not groups.get("year")
                and not groups.get("rel") and groups.get("month") and not suf
                and _range_join(s, out[-1].end, start, pre)):
            # 2016年3月2日至3月15日, 2015年1月至12月: the end of a range takes the year of its start
            _, d_to, gran, _, known = _calendar(groups, prev_year)
            first = out.pop()
            out.append(TimeExpression(s[first.start:end], first.start, end, first.date_from, d_to, gran,
                                      first.deadline, False, known and first.year_known))
            prev_year = None
            continue
        prev_year = _year(groups["year"], ref) if groups.get("year") and gran in ("day", "month") \
            and rule.normalize != "lunar" else None
        if suf in ("前", "之前", "以前") and gran == "day" and d_to is not None:
            before = _days_before(g.days_before, s, end, d_to)  # 国庆节前3天, 春节前10天内: counted back
            if before is not None:
                end, d_from, d_to = before
                skip_until = end
        out.append(TimeExpression(s[start:end], start, end, d_from, d_to, gran, deadline, relative, known))
    return out


def may_set_deadline(text: str) -> bool:
    """Whether a time expression of ``text`` can be a deadline (:attr:`TimeExpression.deadline`): a prefix
    (``到``), a deadline suffix (``前``) or an end (``底``) is written in it. When not, a caller that
    wants deadlines only need not look for times.

    Example:
        >>> may_set_deadline("年底前完成"), may_set_deadline("2020年新建3所")
        (True, False)
    """
    words, pre = _deadline_marks(RULES_FILE)
    if words is None:
        return True
    scan = to_halfwidth(text)
    return words.search(scan) is not None or (pre is not None and pre.search(scan) is not None)


@functools.lru_cache(maxsize=4)
def _deadline_marks(name: str) -> Tuple[Optional[Pattern[str]], Optional[Scanner]]:
    """What every deadline holds: a suffix or an end (one of the words), or a match of the prefix (its
    look-arounds left out); ``None, None`` when that cannot be said."""
    g = grammar(name)
    pre = without_lookarounds(g.prefix) if g.prefix else ""
    if pre is None:
        return None, None
    words = sorted({*g.deadline_suffixes, *_END_EDGES, *_WITHIN_EDGES}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words)), (Scanner(pre) if pre else None)


def _days_before(rx: Optional[Pattern[str]], s: str, end: int, day: _dt.date
                 ) -> Optional[Tuple[int, _dt.date, _dt.date]]:
    """``N天`` right after ``<day>前``: the day N days before it, or with ``内`` the N days up to it
    (the pattern is ``days_before`` of the rule file).

    Returns the new end of the expression and its dates, or ``None`` when no count of days follows.
    """
    m = rx.match(s, end) if rx is not None else None
    n = _small_int(m.group("n")) if m else None
    if m is None or not n:
        return None
    first = day - _dt.timedelta(days=n)
    return m.end(), first, (day if m.group("within") else first)


def _listed_day(s: str, prev: TimeExpression, start: int, groups: Dict[str, Optional[str]],
                own: Tuple[Optional[_dt.date], Optional[_dt.date], bool]
                ) -> Tuple[Optional[_dt.date], Optional[_dt.date], bool]:
    """A bare day after a date and a list separator takes that date's month and year."""
    if prev.granularity != "day" or prev.date_to is None or s[prev.end:start].strip(" \u3000") not in _LIST_SEP:
        return own
    try:
        d = prev.date_to.replace(day=_small_int(groups.get("day") or "") or 0)
    except ValueError:
        return own
    return d, d, True


def _range_join(s: str, prev_end: int, start: int, pre: Optional[str]) -> bool:
    """The text between two expressions joins them as a range (…至…, …到…, …—…)."""
    gap = s[prev_end:start].strip(" \u3000")
    if pre in ("至", "到") and not gap:
        return True
    return not pre and gap in ("-", "—", "－", "–", "~", "～", "——", "至", "到")
