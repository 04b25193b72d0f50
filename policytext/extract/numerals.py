"""Numerals: parse Arabic, full-width and Chinese numbers to floats.

The quantity and time extractors find numbers with compiled regexes and call
:func:`parse_number` on each match, so parsing is a cheap, cached function of
the matched string:

- Arabic digits take a fast path (``float()`` after removing thousands
  separators); full-width digits (``９６``, ``１．５``) are mapped to ASCII
  first (:func:`to_halfwidth`, length-preserving so offsets stay valid).
- Chinese numerals (``一百二十``, ``两万``, ``三亿五千万``, ``二〇二〇``,
  ``九十六点五``) are parsed by a small positional parser, cross-checked against
  :mod:`cn2an` in the tests; strings the parser cannot read fall back to
  ``cn2an.cn2an(..., "smart")``.
- Magnitude suffixes (``万``, ``亿``, ``万亿``, ``千万``) multiply out
  (``1.5万`` -> 15000.0).
- Vague numbers (``十几``, ``几十``, ``数百``, ``上千``) give a range through
  :func:`parse_approximate`: ``十几`` -> (10, 19), ``几十`` -> (10, 90),
  ``数百`` -> (100, 900).
"""
from __future__ import annotations

import functools
import re
from typing import Optional, Tuple

__all__ = [
    "CN_DIGITS",
    "CN_UNITS",
    "RE_ARABIC",
    "RE_CHINESE",
    "to_halfwidth",
    "parse_arabic",
    "parse_chinese",
    "parse_number",
    "parse_approximate",
    "magnitude",
    "parse_int",
    "parse_mixed",
    "to_lower_numerals",
]

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "幺": 1,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

#: An Arabic number: digits (ASCII or full-width), optional ``1,200`` separators, decimals.
RE_ARABIC = re.compile(r"[0-9０-９]{1,3}(?:,[0-9]{3})+(?![0-9])(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?")
#: A Chinese numeral (must start with a digit or 十), optional decimal part with 点.
RE_CHINESE = re.compile(r"[零〇○一二两三四五六七八九十][零〇○一二两三四五六七八九十百千万亿]*(?:点[零〇○一二三四五六七八九]+)?")

_HALF = str.maketrans("０１２３４５６７８９．％：－～", "0123456789.%:-~")
_RE_FULLWIDTH = re.compile("[０-９．％：－～]+")


def _half_run(m: "re.Match[str]") -> str:
    return m.group().translate(_HALF)


def to_halfwidth(text: str) -> str:
    """Map full-width digits and ``．％：－～`` to ASCII, keeping the length.

    The Chinese comma ``，`` is kept: ``5，100`` is two numbers, not 5100.

    Example:
        >>> to_halfwidth("增长９６．５％")
        '增长96.5%'
    """
    # a regex finds the (rare) runs of full-width characters much faster than
    # str.translate walks a whole CJK text
    return _RE_FULLWIDTH.sub(_half_run, text)


#: Financial (capital) numerals mapped to the ordinary ones, one character each (offsets stay valid).
_CAPITAL = str.maketrans("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億", "一二二三三四五六六七八九十百千万亿")
#: Numeral characters a run of financial numerals may hold.  伍 (队伍), 陆 (大陆, 陆续) and 拾 (收拾)
#: are words of their own, so a run needs an unambiguous capital (壹贰叁肆柒捌玖佰仟) or two capitals.
_RUN_CHARS = frozenset("零〇○一二两三四五六七八九十百千万亿点壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億")
_CAPITALS = frozenset("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億")
_UNAMBIGUOUS = frozenset("壹贰貳叁參肆柒捌玖佰仟")
_RE_ANY_CAPITAL = re.compile("[壹贰貳叁參肆伍陆陸柒捌玖拾佰仟]")


def to_lower_numerals(text: str) -> str:
    """Map financial numerals (``壹佰伍拾``, ``伍仟元``) to ordinary ones, keeping the length.

    Only runs that are clearly numerals change: ``队伍``, ``大陆``, ``陆续``, ``收拾`` stay.

    Example:
        >>> to_lower_numerals("金额壹佰伍拾元，陆续到位，伍拾人")
        '金额一百五十元，陆续到位，五十人'
    """
    m = _RE_ANY_CAPITAL.search(text)
    if m is None:
        return text
    out = []
    done = 0  # text[:done] is already in out
    n = len(text)
    for m in _RE_ANY_CAPITAL.finditer(text, m.start()):
        if m.start() < done:
            continue
        a = m.start()
        while a > done and text[a - 1] in _RUN_CHARS:
            a -= 1
        b = m.end()
        while b < n and text[b] in _RUN_CHARS:
            b += 1
        run = text[a:b]
        caps = [ch for ch in run if ch in _CAPITALS]
        if len(caps) >= 2 or any(ch in _UNAMBIGUOUS for ch in caps):
            out.append(text[done:a])
            out.append(run.translate(_CAPITAL))
            done = b
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


def parse_arabic(s: str) -> float:
    """Parse an Arabic number (ASCII or full-width, ``1,200`` separators).

    Example:
        >>> parse_arabic("１,２００"), parse_arabic("4.5")
        (1200.0, 4.5)
    """
    return float(to_halfwidth(s).replace(",", ""))


def _small(s: str) -> Optional[int]:
    """Parse a numeral below 万 (``三千零五``, ``十二``, ``二十``)."""
    total = 0
    num: Optional[int] = None
    for ch in s:
        d = CN_DIGITS.get(ch)
        if d is not None:
            num = d
            continue
        u = CN_UNITS.get(ch)
        if u is None:
            return None
        total += (1 if num is None else num) * u
        num = None
    if num is not None:
        total += num
    return total


RE_ABBREVIATED = re.compile(r"^(.*[一二两三四五六七八九十][百千万亿])([一二两三四五六七八九])$")


@functools.lru_cache(maxsize=4096)
def parse_chinese(s: str) -> Optional[float]:
    """Parse a Chinese numeral; ``None`` when ``s`` is not one.

    Handles ``十``/``百``/``千``/``万``/``亿`` positional numerals (``一百二十``,
    ``两万``, ``三亿五千万``, ``一万亿``), digit strings (``二〇二〇``) and decimals
    with ``点`` (``九十六点五``).

    Example:
        >>> parse_chinese("一百二十"), parse_chinese("两万"), parse_chinese("三亿五千万")
        (120.0, 20000.0, 350000000.0)
        >>> parse_chinese("九十六点五"), parse_chinese("二〇二〇")
        (96.5, 2020.0)
        >>> parse_chinese("一万三"), parse_chinese("四百五"), parse_chinese("一千零五")
        (13000.0, 450.0, 1005.0)
    """
    if not s:
        return None
    if _RE_ANY_CAPITAL.search(s) or "万万" in s or "廿" in s:
        t = s.translate(_CAPITAL).replace("万万", "亿")
        if t[0] == "廿":
            t = "二十" + t[1:]
        if t != s:
            return parse_chinese(t)
    if "点" in s:
        head, _, tail = s.partition("点")
        whole = parse_chinese(head) if head else 0.0
        if whole is None or not tail or any(ch not in CN_DIGITS for ch in tail):
            return None
        return whole + float("0." + "".join(str(CN_DIGITS[ch]) for ch in tail))
    if all(ch in CN_DIGITS for ch in s):
        if len(s) == 1:
            return float(CN_DIGITS[s])
        return float("".join(str(CN_DIGITS[ch]) for ch in s))
    m = RE_ABBREVIATED.match(s)
    if m:  # 一万三 = 13000, 四百五 = 450: a last digit counts the next lower unit
        head = parse_chinese(m.group(1))
        unit = {"百": 10, "千": 100, "万": 1000, "亿": 10_000_000}[m.group(1)[-1]]
        return None if head is None else head + CN_DIGITS[m.group(2)] * unit
    value = _big(s)
    if value is None:
        try:  # unusual spellings: let cn2an try
            import cn2an

            return float(cn2an.cn2an(s, "smart"))
        except Exception:  # cn2an raises ValueError and friends on non-numerals
            return None
    return float(value)


def _big(s: str) -> Optional[int]:
    if "亿" in s:
        head, _, tail = s.rpartition("亿")
        h = _big(head) if head else 1
        t = _big(tail.lstrip("零〇○")) if tail else 0
        return None if h is None or t is None else h * 100_000_000 + t
    if "万" in s:
        head, _, tail = s.partition("万")
        h = _small(head) if head else 1
        t = _small(tail.lstrip("零〇○")) if tail else 0
        return None if h is None or t is None else h * 10_000 + t
    return _small(s.replace("零", "").replace("〇", "").replace("○", ""))


#: Magnitude words written after a number.
_MAGNITUDES = {
    "": 1, "十": 10, "百": 100, "千": 1000, "万": 10_000, "十万": 100_000, "百万": 1_000_000,
    "千万": 10_000_000, "亿": 100_000_000, "万万": 100_000_000, "十亿": 1e9, "百亿": 1e10, "千亿": 1e11, "万亿": 1e12,
}


def magnitude(word: str) -> float:
    """The multiplier of a magnitude word written after a number.

    Example:
        >>> magnitude("万"), magnitude("万亿")
        (10000, 1000000000000.0)
    """
    m = _MAGNITUDES.get(word)
    if m is None:
        value = parse_chinese(word)
        if value is None:
            raise ValueError(f"{word!r} is not a magnitude word; use one of {sorted(_MAGNITUDES)}")
        return value
    return m


@functools.lru_cache(maxsize=4096)
def parse_int(s: str) -> Optional[int]:
    """A whole number written in Arabic (ASCII or full-width) or Chinese digits; ``None`` otherwise.

    The one parser for list markers, ordinals and date parts (``十二``, ``二〇二〇``, ``１２``).

    Example:
        >>> parse_int("十二"), parse_int("二〇二〇"), parse_int("１２"), parse_int("统一")
        (12, 2020, 12, None)
    """
    if not s:
        return None
    half = to_halfwidth(s)
    if half.isascii() and half.isdigit():
        return int(half)
    v = parse_chinese(s)
    return int(v) if v is not None and v == int(v) else None


def parse_number(s: str) -> Optional[float]:
    """Parse an Arabic or Chinese number, with a trailing magnitude word.

    Returns ``None`` for strings that are not numbers.

    Example:
        >>> parse_number("1.5万"), parse_number("１２００万"), parse_number("两万"), parse_number("4.4万亿")
        (15000.0, 12000000.0, 20000.0, 4400000000000.0)
        >>> parse_number("1,200")
        1200.0
    """
    if not s:
        return None
    h = to_halfwidth(s)
    m = RE_ARABIC.match(h)
    if m:
        head, rest = m.group(), h[m.end():]
        base = float(head.replace(",", ""))
        if not rest:
            return base
        mul = _MAGNITUDES.get(rest)
        return None if mul is None else base * mul
    return parse_chinese(s)


_APPROX = re.compile(r"(?P<lead>[一二两三四五六七八九])?(?P<a>十|百|千|万)?(?P<vague>几|数|上|多)(?P<b>十|百|千|万|亿)?")
_VAGUE_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


@functools.lru_cache(maxsize=1024)
def parse_approximate(s: str) -> Optional[Tuple[float, float]]:
    """Range of a vague numeral: ``十几`` -> (10, 19), ``几十`` -> (10, 90).

    ``数``/``几`` before a unit word mean "a few" of it (``数百`` -> 100..900,
    ``上千`` -> "as many as a thousand", 1000..1000); ``二十几`` -> 20..29.

    Example:
        >>> parse_approximate("十几"), parse_approximate("数百"), parse_approximate("二十几")
        ((10.0, 19.0), (100.0, 900.0), (20.0, 29.0))
    """
    m = _APPROX.fullmatch(s)
    if not m:
        return None
    lead, a, vague, b = m.group("lead", "a", "vague", "b")
    if a and not b:  # 十几, 二十几, 三百几
        base = (CN_DIGITS[lead] if lead else 1) * CN_UNITS.get(a, 10_000)
        step = CN_UNITS.get(a, 10_000) // 10 if a in CN_UNITS else 1000
        step = max(step, 1)
        if vague == "上":
            return None
        return float(base), float(base + 9 * step)
    if b and not a and not lead:  # 几十, 数百, 上千
        u = _VAGUE_UNITS[b]
        if vague == "上":
            return float(u), float(u)
        return float(u), float(9 * u)
    return None


_RE_MIXED_TOKEN = re.compile(r"\d+(?:\.\d+)?|[零〇○一二两三四五六七八九]|[十百千万亿]")


@functools.lru_cache(maxsize=1024)
def parse_mixed(s: str) -> Optional[float]:
    """Parse Arabic digits mixed with Chinese place words (``3万2千5百``, ``1千零20``, ``3万4000``).

    Example:
        >>> parse_mixed("3万2千5百"), parse_mixed("1千零20"), parse_mixed("3万4000"), parse_mixed("2千零30万")
        (32500.0, 1020.0, 34000.0, 20300000.0)
    """
    from decimal import Decimal

    total = Decimal(0)
    section = Decimal(0)
    num: Optional[Decimal] = None
    for tok in _RE_MIXED_TOKEN.findall(to_halfwidth(s)):
        if tok[0].isdigit():
            num = Decimal(tok)
        elif tok in CN_DIGITS:
            if CN_DIGITS[tok]:
                num = Decimal(CN_DIGITS[tok])
        elif tok in CN_UNITS:
            section += (num if num is not None else Decimal(1)) * CN_UNITS[tok]
            num = None
        elif tok == "万":
            section = (section + (num or 0)) * 10_000
            total, section, num = total + section, Decimal(0), None
        else:  # 亿
            total = (total + section + (num or 0)) * 100_000_000
            section, num = Decimal(0), None
    return float(total + section + (num or 0))
