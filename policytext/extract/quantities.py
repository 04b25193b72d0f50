"""Quantities: every number with its unit in Chinese policy text.

:func:`extract_quantities` scans the text once with a single compiled regex
built from two data files and does a little work per match:

- ``data/lexicons/units.txt``: units (surface form, normalized unit,
  multiplier), e.g. ``万人`` -> ``人`` × 10000, ``个百分点`` -> ``pp``,
  compound units ``元/人·月``, ``张/千人``;
- ``data/rules/quantities.yaml``: what is *not* a quantity (dates, plan names
  ``十四五``, ordinals ``第三``, document numbers ``〔2019〕4号``, list markers,
  lexical words ``一批``/``一体化``/``三会一课``), counts used as names
  (``三个方面``, ``五个聚焦``, ``十四连增`` -> ``nominal=True``), per-unit
  prefixes (``每人每月1020元`` -> ``元/人·月``), range separators and unit guards.

Conventions (see :class:`~policytext.types.Quantity`):

- ``value`` is a float with ``万``/``亿`` and the unit multiplier applied
  (``1200万人`` -> 12000000.0, unit ``人``); ``None`` for placeholders
  (``×``, ``X``, ``XX``, ``××``, ``x``), which set ``placeholder=True``.
- Percentages in every form have unit ``%``: ``96%``, ``９６％``,
  ``百分之九十六``, ``三分之一`` (33.333…), ``七成`` (70); ``X个百分点`` is ``pp``.
- Ranges (``4.5%—5%``, ``1-2处``, ``3至5个``, ``5-10万元``, ``×-×处``) give
  ``value``/``value_max``; a magnitude or unit written only after the second
  number applies to both.
- Vague numbers set ``approximate=True``: ``十几`` (10..19), ``几十``
  (10..90), ``数百`` (100..900), ``两三个`` (2..3), ``100多个``/``1000余人``
  (value 100/1000, no upper bound).
- A Chinese numeral needs a unit (``三个``, ``两万人``, ``百分之五``) to count:
  bare Chinese numerals are nearly always lexical (``一是``, ``统一``).
  Arabic numbers are returned even without a unit (unit ``""``).
- ``一批``/``一大批`` ("a number of") are lexical and not quantities;
  ``三批``/``3批`` are.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple, Union

from .. import _resources as res
from ._scan import Scanner
from ..errors import PatternError
from ..schema import load_rules
from ..specs import QUANTITIES
from .numerals import CN_DIGITS, magnitude, parse_approximate, parse_chinese, parse_mixed, to_halfwidth, to_lower_numerals
from ..types import Document, Quantity

__all__ = ["extract_quantities", "load_units", "UNITS_FILE", "RULES_FILE"]

UNITS_FILE = "lexicons/units.txt"
RULES_FILE = "rules/quantities.yaml"

# ------------------------------------------------------------------ building blocks
AR = r"(?<![\d.])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
# 千 of 千克/千米/千瓦 belongs to the unit (二十五千克 is 25 kg, not 25 × 千)
CN = (r"(?:零点[零〇○一二三四五六七八九]+|[一二两三四五六七八九十][零〇○一二两三四五六七八九十百千万亿]*(?!(?<=千)[克米瓦])"
      r"(?:点[零〇○一二三四五六七八九]+)?)")
# Arabic digits mixed with Chinese place words: 3万2千5百, 1千零20, 3万4000 (a place word followed by more digits)
MIX = r"(?<![\d.])\d+(?:\.\d+)?[十百千万亿](?:零?(?:\d+|[一二两三四五六七八九])[十百千万亿]?)+"
CN0 = r"[零〇○一二两三四五六七八九十][零〇○一二两三四五六七八九十百千万亿]*"
PH = r"(?<![A-Za-z])[×XxＸｘ]{1,4}(?:\.[×Xx]+)?(?![A-Za-z])"
APPROX = r"(?:[一二两三四五六七八九]?十几|[几数][十百千万亿]|上[百千万亿])"
YEAR = r"(?<!\d)(?:19|20)\d{2}(?!\d)|[〇零○一二三四五六七八九]{4}|[×XxＸｘ]{1,4}"
NUMX = rf"(?:{APPROX}|{MIX}|{AR}|{CN}|{PH})"
#: A minus sign before a number: 负3.9%, -13% (not the hyphen of a range 1-2处)
NEG = r"(?P<neg>(?<![0-9A-Za-z.%])-|(?<![肩担胜自辜欺抱])负)"  # not the 负 of 肩负, 担负, 胜负
MAG = r"(?:万万|万亿|千亿|百亿|十亿|千万|百万|十万|亿|万|千(?![克米瓦]))"
MORE = r"(?:多|余)"
MACROS = {"AR": AR, "CN": CN, "NUM": f"(?:{AR}|{CN})", "PH": PH, "YEAR": YEAR}

# the comma first (with the digit before it in the look-behind), so that re skips ahead to commas
RE_FULLWIDTH_GROUP = re.compile(r"，(?<=[０-９]，)(?=[０-９]{3}(?![０-９]))")
#: What every group of digits parted by ，has (12，345万元): the quick test before the grammar's ``comma_groups``
RE_DIGIT_COMMA = re.compile(r"，(?<=\d，)(?=\d)")
RE_PLACEHOLDER = re.compile(r"[×XxＸｘ]")
#: A unit written in Latin letters (dB, MPa, TFLOPS/W): it ends an ASCII token, and a specification states it bare
RE_LATIN_UNIT = re.compile(r"[A-Za-zμ][A-Za-z0-9μ/]*")
_PH_CHARS = frozenset("×XxＸｘ")


@functools.lru_cache(maxsize=None)
def load_units(name: str = UNITS_FILE) -> Dict[str, Tuple[str, float]]:
    """The unit lexicon: surface form -> (normalized unit, multiplier).

    Raises:
        PatternError: A row is malformed (missing field, bad multiplier, duplicate).

    Example:
        >>> load_units()["万人"], load_units()["个百分点"]
        (('人', 10000.0), ('pp', 1.0))
    """
    rows = res.read_table(name, ("surface", "unit", "multiplier"))
    out: Dict[str, Tuple[str, float]] = {}
    for i, row in enumerate(rows, 1):
        s = row["surface"]
        if s in out:
            raise PatternError(name, f"duplicate unit {s!r}", key="surface")
        try:
            mult = float(row["multiplier"])
        except ValueError:
            raise PatternError(name, f"multiplier {row['multiplier']!r} of {s!r} is not a number",
                               key="multiplier") from None
        if mult <= 0:
            raise PatternError(name, f"multiplier of {s!r} must be positive", key="multiplier")
        out[s] = (row["unit"], mult)
    return out


@dataclass(frozen=True)
class _Grammar:
    regex: Scanner
    single: "re.Pattern[str]"
    units: Dict[str, Tuple[str, float]]
    per: Dict[str, str]
    #: 34，250万吨, 82，225.00元: a full-width comma grouping thousands of half-width digits, before a unit
    comma_groups: "re.Pattern[str]"


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _unit_regex(units: Dict[str, Tuple[str, float]], guards: Dict[str, str]) -> str:
    parts = []
    for surface in sorted(units, key=len, reverse=True):
        g = re.escape(guards.get(surface, ""))
        if RE_LATIN_UNIT.fullmatch(surface):
            g += "A-Za-z0-9"  # a Latin unit ends its token: 10EB, not 10EBIT
        parts.append(re.escape(surface) + (f"(?![{g}])" if g else ""))
    return "(?:" + "|".join(parts) + ")"


@functools.lru_cache(maxsize=None)
def _grammar(rules: str = RULES_FILE, units_file: str = UNITS_FILE) -> _Grammar:
    # keys, kinds and patterns are checked by the schema (policytext.specs.QUANTITIES)
    data = load_rules(rules, QUANTITIES)
    units = load_units(units_file)
    # {LATIN}: the units written in Latin letters (70dB, 128TFLOPS), which an ASCII token may end with
    macros = {**MACROS, "LATIN": _alt(u for u in units if RE_LATIN_UNIT.fullmatch(u)) or "(?!)"}
    skips = []
    for rule in data["skip"]:
        pat = res.expand_macros(rule["pattern"], macros, where=rules, key=f"skip.{rule['id']}.pattern")
        res.compile_regex(pat, where=rules, key=f"skip.{rule['id']}.pattern")
        skips.append(f"(?:{pat})")
    lexical = data["lexical"]
    nom = data["nominal"]
    per = {p["surface"]: p["per"] for p in data["per_prefixes"]}
    seps = data["range_separators"]
    guards = data.get("unit_guards") or {}
    UNIT = _unit_regex(units, {k: str(v) for k, v in guards.items()})
    SEP = rf"[ \u3000]?(?:{_alt(seps)})[ \u3000]?"
    PER = f"(?:{_alt(per)})"
    any_heads = nom.get("any_numeral_heads") or []
    # the head must end the noun phrase (56个民族团结示范社区 is a count of 社区)
    named = (rf"|(?P<nom_a>{AR}|{CN})(?P<nom_ac>{_alt(nom['classifiers'])})(?:{_alt(any_heads)})"
             r"(?![团工地示乡村自特社聚])"
             if any_heads else "")
    nominal = (rf"(?P<nom>(?P<nom_n>{CN})(?P<nom_c>{_alt(nom['classifiers'])})?(?:{_alt(nom['heads'])})"
               rf"|(?P<nom_s>{AR}|{CN})(?:{_alt(nom['suffixes'])}){named})")
    year_ahead = r"(?!(?:19|20)\d{2}[ \u3000]?年)"
    quantity = (
        rf"(?P<q>(?P<per>{PER})?{NEG}?(?P<a>{NUMX})(?P<am>{MORE})?(?P<amag>{MAG})?(?P<am2>{MORE})?"
        rf"(?:[ \u3000]?(?P<au>{UNIT})?{SEP}{year_ahead}(?P<b>{NUMX})(?P<bm>{MORE})?(?P<bmag>{MAG})?"
        rf"(?P<bm2>{MORE})?[ \u3000]?(?P<bu>{UNIT})|[ \u3000]?(?P<u>{UNIT}))?)"
    )
    single = (
        rf"(?P<q>(?P<per>{PER})?{NEG}?(?P<a>{NUMX})(?P<am>{MORE})?(?P<amag>{MAG})?(?P<am2>{MORE})?"
        rf"(?:[ \u3000]?(?P<u>{UNIT}))?)"
        # the range groups of the full grammar, never matched here
        + "".join(f"(?P<{n}>(?!))?" for n in ("au", "b", "bm", "bmag", "bm2", "bu"))
    )
    pct = (rf"(?P<pct>(?P<pneg>负)?百分之(?P<pneg2>负)?(?P<pa>{CN}|{AR}|{PH}|百)(?:{SEP}(?:百分之)?(?P<pb>{CN}|{AR}|{PH}))?)"
           rf"|(?P<frac>(?P<den>{CN}|{AR}|[百千万亿]{{1,3}})分之(?P<numer>{CN}|{AR}))"
           rf"|(?P<magw>(?<![一二两三四五六七八九十\d])(?P<magw_m>[十百千万亿]+)级)"
           # a bare magnitude after a verb of reaching, ending its clause: 超万亿元, 达到万家以上, 突破千亿元
           # (not 营收过百亿元企业, which names a class of enterprises)
           rf"|(?P<magb>(?<=[超逾破到达过])(?P<magb_m>万亿|千亿|百亿|千万|百万|亿|万|千)(?P<magb_u>{UNIT})"
           r"(?=以上|左右|[，,。；;、）)\s]|$))")
    # a ratio with 1 on one side (2.3∶1, 1:400): one quantity in 倍, the other side's number
    ratio = rf"(?P<ratio>(?P<ra>{AR})(?:[ ]?[:∶][ ]?|：)(?P<rb>{AR})(?![\d.:∶：]))"
    master = "|".join([
        f"(?P<skip>{'|'.join(skips)})",
        f"(?P<lex>{_alt(lexical)})",
        nominal,
        pct,
        ratio,
        quantity,
    ])
    res.compile_regex(master, where=rules, key="(combined)")
    regex = Scanner(master)
    single_rx = res.compile_regex(single, where=rules, key="(single)")
    comma_groups = re.compile(rf"(?<![\d.])\d{{1,3}}(?:，\d{{3}})+(?![\d，])(?=(?:\.\d+)?(?:{MAG}|{MORE}|{UNIT}))")
    return _Grammar(regex, single_rx, units, per, comma_groups)


def _num(s: str) -> Tuple[Optional[float], Optional[float], bool, bool]:
    """(value, value_max, approximate, placeholder) of one matched number."""
    if s[0] in _PH_CHARS:
        return None, None, False, True
    c = s[0]
    if "0" <= c <= "9":
        if s[-1] in _PLACE or any(ch in _PLACE for ch in s):
            return parse_mixed(s), None, False, False
        return float(s.replace(",", "")), None, False, False
    if "几" in s or "数" in s or c == "上":
        rng = parse_approximate(s)
        if rng is None:
            return None, None, True, False
        lo, hi = rng
        return lo, (hi if hi != lo else None), True, False
    if len(s) == 2 and s[0] in CN_DIGITS and s[1] in CN_DIGITS:  # 两三个, 三五年: a vague range
        a, b = CN_DIGITS[s[0]], CN_DIGITS[s[1]]
        if 0 < a < b:
            return float(a), float(b), True, False
    v = parse_chinese(s)
    return v, None, False, False


_PLACE = frozenset("十百千万亿")


def _times(*factors: float) -> float:
    """The exact decimal product (4.18 × 1e12 is 4180000000000, not 4179999999999.9995)."""
    if all(f == 1.0 for f in factors[1:]):  # nothing to scale (the common case): the number as it is
        return float(factors[0])
    out = Decimal(1)
    for f in factors:
        out *= Decimal(repr(float(f)))
    return float(out)


def _standalone(a: str, amag: Optional[str]) -> bool:
    """A Chinese numeral that reads as a number on its own: several characters with a place word (三百六十七)."""
    s = a + (amag or "")
    return len(s) >= 2 and any(ch in _PLACE or ch == "点" for ch in s) and not s.startswith("点")


def _negative(m: "re.Match[str]", a: str) -> bool:
    """负 + a Chinese numeral that is not the start of a word: 负二, 负一七二零 (not 担负一定)."""
    if m.group("neg") != "负":
        return False
    nxt = m.string[m.end():m.end() + 1]
    return len(a) >= 2 or not ("\u4e00" <= nxt <= "\u9fff")


def _is_cn(s: str) -> bool:
    c = s[0]
    return not ("0" <= c <= "9") and c not in _PH_CHARS


def _build(m: "re.Match[str]", original: str, g: _Grammar) -> Optional[Quantity]:
    start, end = m.span()
    text = original[start:end]
    kind = m.lastgroup
    if kind == "nom":
        n = m.group("nom_n") or m.group("nom_s") or m.group("nom_a")
        v, vmax, approx, _ = _num(n)
        unit = m.group("nom_c") or m.group("nom_ac") or ""
        unit = g.units.get(unit, (unit, 1.0))[0] if unit else ""
        return Quantity(text, start, end, v, vmax, unit, False, approx, True)
    if kind == "pct":
        pa_s, pb_s = m.group("pa", "pb")
        a, ma, _, pa = _num(pa_s)
        vmax = None
        pb = False
        if pb_s:
            vmax, _, _, pb = _num(pb_s)
        if a is not None and (m.group("pneg") or m.group("pneg2")):
            a = -a
        return Quantity(text, start, end, a, vmax, "%", pa or pb)
    if kind == "frac":
        den, _, _, _ = _num(m.group("den"))
        num, _, _, _ = _num(m.group("numer"))
        if not den or num is None:
            return None
        return Quantity(text, start, end, num / den * 100.0, None, "%")
    if kind == "ratio":
        ra, rb = float(m.group("ra").replace(",", "")), float(m.group("rb").replace(",", ""))
        if rb == 1:
            return Quantity(text, start, end, ra, None, "倍")
        if ra == 1:
            return Quantity(text, start, end, rb, None, "倍")
        return _build_single(g.single.match(m.string, start), original, g)  # 3:2, 8:30: two numbers as before
    if kind == "magw":
        v = parse_chinese(m.group("magw_m"))
        return Quantity(text, start, end, v, None, "", False, True) if v else None
    if kind == "magb":
        unit, mult = g.units[m.group("magb_u")]
        v = parse_chinese("一" + m.group("magb_m"))
        return Quantity(text, start, end, v * mult, None, unit) if v else None
    # the quantity grammar
    per, a, am, amag, am2, au, b, bm, bmag, bm2, bu, u = m.group(
        "per", "a", "am", "amag", "am2", "au", "b", "bm", "bmag", "bm2", "bu", "u")
    surface = bu if b is not None else u
    if b is not None and au and g.units[au][0] != g.units[surface][0]:
        # "5%到10个": not a range; take the first number alone (the caller rescans after it)
        return _build_single(g.single.match(m.string, start), original, g)
    if surface is None:
        if a[0] in _PH_CHARS or (_is_cn(a) and not (b is None and (_standalone(a, amag) or _negative(m, a)))):
            return None  # placeholders and single Chinese numerals inside words (统一, 一是) are not quantities
        if per:
            return _build_single(g.single.match(m.string, start + len(per)), original, g)
    unit, mult = g.units[surface] if surface else ("", 1.0)
    va, vmax_a, approx, ph = _num(a)
    approx = approx or bool(am or am2 or bm or bm2) or (surface is not None and "多" in surface)
    value_max = vmax_a
    if b is not None:
        vb, vmax_b, approx_b, ph_b = _num(b)
        ph = ph or ph_b
        approx = approx or approx_b
        mul_b = magnitude(bmag) if bmag else 1.0
        mul_a = magnitude(amag) if amag else mul_b
        value = None if va is None else _times(va, mul_a, mult)
        value_max = None if vb is None else _times(vmax_b if vmax_b is not None else vb, mul_b, mult)
    else:
        mul = magnitude(amag) if amag else 1.0
        value = None if va is None else _times(va, mul, mult)
        value_max = None if vmax_a is None else _times(vmax_a, mul, mult)
        if amag and am and vmax_a is None and _is_cn(a) and any(c in a for c in "万亿"):
            # 三亿三千五百多万: 万 scales only the part after 亿 (3.35亿, not 3亿×1万)
            whole = parse_chinese(a + amag)
            value = None if whole is None else whole * mult
    if per:
        if unit in ("%", "pp", ""):
            # "每人每月" before a percentage: leave the prefix out of the quantity
            return _build_single(g.single.match(m.string, start + len(per)), original, g)
        unit = f"{unit}/{g.per[per]}"
    if ph:
        value = value_max = None
    elif m.group("neg") and value is not None:
        if b is not None:
            return _build_single(g.single.match(m.string, start), original, g)
        value = -value
    return Quantity(text, start, end, value, value_max, unit, ph, approx)


def _build_single(m: Optional["re.Match[str]"], original: str, g: _Grammar) -> Optional[Quantity]:
    if m is None:
        return None
    q = _build(m, original, g)
    return q


def _text_of(text: Union[str, Document]) -> str:
    if isinstance(text, Document):
        return text.text
    if not isinstance(text, str):
        raise TypeError(f"text must be a str or a Document, not {type(text).__name__}")
    return text


def extract_quantities(text: Union[str, Document]) -> List[Quantity]:
    """Find every quantity (number + unit) in ``text``.

    Args:
        text: Text (or a :class:`~policytext.types.Document`, whose ``text`` is used).
    Returns:
        Quantities ordered by ``start``; ``text[q.start:q.end] == q.text``.
        Dates, plan names, ordinals, document numbers and lexical numerals are
        left out; counts used as names come with ``nominal=True``.
    Raises:
        PatternError: A data file is malformed.

    Example:
        >>> [q.value for q in extract_quantities("新增养老床位1.5万张")]
        [15000.0]
        >>> [(q.value, q.unit) for q in extract_quantities("城镇新增就业1200万人以上，赤字率4%左右")]
        [(12000000.0, '人'), (4.0, '%')]
        >>> [(q.value, q.value_max, q.unit) for q in extract_quantities("增长4.5%—5%，建成1-2处")]
        [(4.5, 5.0, '%'), (1.0, 2.0, '处')]
        >>> [(q.text, q.placeholder) for q in extract_quantities("新增养老服务床位×张，护理型床位达到×%以上")]
        [('×张', True), ('×%', True)]
        >>> [q.text for q in extract_quantities("“十四五”时期，2020年3月26日印发〔2019〕4号文件第三部分")]
        []
        >>> [(q.text, q.nominal) for q in extract_quantities("从三个方面提高0.5个百分点")]
        [('三个方面', True), ('0.5个百分点', False)]
    """
    s = _text_of(text)
    g = _grammar()
    scan = to_lower_numerals(to_halfwidth(s))  # 壹佰伍拾 reads as 一百五十
    if "，" in s:  # １２，３４５: a full-width comma between full-width digit groups groups thousands
        for m in RE_FULLWIDTH_GROUP.finditer(s):
            scan = scan[:m.start()] + "," + scan[m.end():]
        if RE_DIGIT_COMMA.search(scan):  # so does one between half-width digits before a unit
            scan = g.comma_groups.sub(lambda m: m.group().replace("，", ","), scan)
    out: List[Quantity] = []
    skip = ("skip", "lex")
    pos: Optional[int] = 0
    while pos is not None:
        restart = None
        for m in g.regex.finditer(scan, pos):
            if m.lastgroup in skip:
                continue
            q = _build(m, s, g)
            if q is not None:
                out.append(q)
                if q.end < m.end():  # a range that was not one: rescan after its first part
                    restart = q.end
                    break
        pos = restart
    return out
