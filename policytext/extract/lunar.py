"""The Chinese lunar calendar in time expressions: lunar dates, lunar feasts and solar terms.

The calendar itself comes from `lunar_python <https://github.com/6tail/lunar-python>`_
(months, leap months, month lengths and the 24 solar terms); the names (feasts,
solar terms) live in ``data/rules/times.yaml``. :mod:`policytext.extract.times`
resolves the written or relative year and calls the normalizers here.

Readings:

- A lunar date names its lunar year: ``农历2021年六月`` is 2021-07-10..2021-08-07,
  ``明年腊月`` said in 2021 runs into January 2023; ``闰四月`` is the leap month.
- A feast (``春节``, ``中秋节``, ``除夕``) or a solar term (``大寒``) with a year is the
  one that falls in that year: ``2024年除夕`` is 2024-02-09, ``2017年大寒`` 2017-01-20.
- Without a year: the next one not before a reference date, or with only a
  reference year that year's (the reference year as the lunar year for a lunar date).
"""
from __future__ import annotations

import datetime as _dt
import functools
from typing import Any, Dict, Optional, Tuple

from lunar_python import Lunar, LunarMonth, LunarYear, Solar

from .numerals import parse_int

__all__ = ["TERMS", "LAST", "month_span", "lunar_day", "solar_term", "normalize"]

#: The 24 solar terms in the order of a Gregorian year (小寒 in January … 冬至 in December).
TERMS: Tuple[str, ...] = tuple(Lunar.JIE_QI_IN_USE[2:25]) + ("冬至",)
#: ``day: last`` in the ``lunar_days`` table: the 29th or the 30th, as the month has.
LAST = "last"

_Out = Tuple[Optional[_dt.date], Optional[_dt.date], str, bool, bool]  # as in times.py
_MONTH_NAMES = {"正": 1, "冬": 11, "腊": 12}
_YEARS = range(2, 9998)  # what lunar_python computes (one year of margin on each side)


def _date(s: Any) -> _dt.date:
    return _dt.date(s.getYear(), s.getMonth(), s.getDay())


@functools.lru_cache(maxsize=2048)
def month_span(year: int, month: int, leap: bool = False) -> Optional[Tuple[_dt.date, _dt.date]]:
    """The first and last Gregorian day of a lunar month (``None`` if that year has no such month).

    Example:
        >>> [str(d) for d in month_span(2020, 4, leap=True)]
        ['2020-05-23', '2020-06-20']
    """
    if year not in _YEARS or not 1 <= month <= 12:
        return None
    m = LunarMonth.fromYm(year, -month if leap else month)
    if m is None:
        return None
    first = _date(Solar.fromJulianDay(m.getFirstJulianDay()))
    return first, first + _dt.timedelta(days=m.getDayCount() - 1)


def lunar_day(year: int, month: int, day: Any, leap: bool = False) -> Optional[_dt.date]:
    """The Gregorian date of a lunar day (``day`` may be :data:`LAST`); ``None`` if there is none.

    Example:
        >>> str(lunar_day(2024, 1, 1)), str(lunar_day(2023, 12, LAST)), lunar_day(2024, 12, 30)
        ('2024-02-10', '2024-02-09', None)
    """
    span = month_span(year, month, leap)
    if span is None:
        return None
    if day == LAST:
        return span[1]
    d = span[0] + _dt.timedelta(days=int(day) - 1)
    return d if 1 <= int(day) and d <= span[1] else None


@functools.lru_cache(maxsize=512)
def _term_days(year: int) -> Tuple[_dt.date, ...]:
    jds = LunarYear.fromYear(year).getJieQiJulianDays()  # from 大雪 of the year before
    return tuple(_date(Solar.fromJulianDay(jd)) for jd in jds[2:26])


def solar_term(year: int, name: str) -> Optional[_dt.date]:
    """The day of a solar term in a Gregorian year.

    Example:
        >>> str(solar_term(2017, "大寒")), str(solar_term(2024, "冬至"))
        ('2017-01-20', '2024-12-21')
    """
    if year not in _YEARS or name not in TERMS:
        return None
    return _term_days(year)[TERMS.index(name)]


def _in_year(year: int, find: Any) -> Optional[_dt.date]:
    """The first day ``find(lunar year)`` gives in a Gregorian year, else that lunar year's."""
    own = find(year)
    for d in (find(year - 1), own):
        if d is not None and d.year == year:
            return d
    return own


def _after(day: _dt.date, find: Any) -> Optional[_dt.date]:
    """The first day ``find(lunar year)`` gives that is not before ``day``."""
    for y in range(day.year - 1, day.year + 3):
        d = find(y)
        if d is not None and d >= day:
            return d
    return None


def _one_day(find: Any, year: Optional[int], after: Optional[_dt.date], relative: bool) -> _Out:
    if year is not None:
        d = _in_year(year, find)
    elif after is not None:
        d = _after(after, find)
    else:
        return None, None, "day", relative, False
    return d, d, "day", relative, True


def _number(s: Optional[str]) -> Optional[int]:
    if not s:
        return None
    if s[0] in _MONTH_NAMES:
        return _MONTH_NAMES[s[0]]
    if s[0] in "初廿卅":  # 初八, 初10, 廿二, 卅
        rest = parse_int(s[1:]) if len(s) > 1 else 0
        return None if rest is None else {"初": 0, "廿": 20, "卅": 30}[s[0]] + rest
    return parse_int(s)


def normalize(g: Dict[str, Optional[str]], table: Dict[str, Any], year: Optional[int], after: Optional[_dt.date],
              relative: bool) -> _Out:
    """A name of ``table`` (a lunar day: (month, day); a solar term: its name) or a lunar date.

    ``year`` is the written or relative year, ``after`` the reference date to read forward from.
    """
    name = table.get(g.get("word") or "")
    if isinstance(name, str):  # 2017年大寒, 立春前, 清明节
        return _one_day(lambda y: solar_term(y, name), year, after, relative)
    if name is not None:  # 春节, 2025年中秋节, 明年除夕
        month, day = name
        return _one_day(lambda y: lunar_day(y, month, day), year, after, relative)
    return _date_of(g, year, after, relative)


def _date_of(g: Dict[str, Optional[str]], year: Optional[int], after: Optional[_dt.date], relative: bool) -> _Out:
    """农历二〇二一年六月, 闰四月, 九月廿二, 腊月底, 农历2015年: a date, month or year of the lunar calendar."""
    month, day = _number(g.get("month")), _number(g.get("day"))
    leap, edge = bool(g.get("leap")), g.get("edge") or ""
    gran = "day" if day else "month" if month else "year"
    if month is None and g.get("month") or day is None and g.get("day"):
        return None, None, gran, relative, False

    def period(y: int) -> Tuple[Optional[_dt.date], Optional[_dt.date]]:
        if month is None:  # the lunar year: 春节 to 除夕
            first, nxt = lunar_day(y, 1, 1), lunar_day(y + 1, 1, 1)
            return (first, nxt - _dt.timedelta(days=1)) if first and nxt else (None, None)
        span = month_span(y, month, leap)
        if span is None:
            return None, None
        if day:
            d = lunar_day(y, month, day, leap)
            return d, d
        if edge in ("底", "末"):
            return span[1], span[1]
        if edge == "初":  # as 月初 of a Gregorian month: the first five days
            return span[0], span[0] + _dt.timedelta(days=4)
        return span

    if year is None and after is not None:
        for y in range(after.year - 1, after.year + 6):  # 闰四月 said in 2019 is 2020's
            first, last = period(y)
            if last is not None and last >= after:
                return first, last, gran, relative, True
        return None, None, gran, relative, True
    if year is None:
        return None, None, gran, relative, False
    first, last = period(year)
    return first, last, gran, relative, True
