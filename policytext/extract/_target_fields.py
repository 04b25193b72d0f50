"""Fields of a target: indicator, comparator, strength and implied units.

Helpers of :mod:`policytext.extract.targets` that read one sentence (offsets
are into the sentence); every cue word comes from the compiled
:class:`~policytext.extract.target_rules.TargetRules`.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Callable, List, Mapping, Optional, Pattern, Sequence, Tuple

from .._segment import tokenizer, word_boundaries
from ..types import Quantity
from .target_rules import TargetRules, comparator_of, load_rules

__all__ = ["implied_units", "change_unit_ok", "read_comparator", "read_strength", "read_indicator", "strip_tail",
           "last_match", "unmask", "RE_CLAUSE_BOUNDARY", "RE_CJK_WORD"]

RE_CLAUSE_BOUNDARY = re.compile(r"[，,；;：:。！？!?]")
RE_CJK_WORD = re.compile(r"[\u4e00-\u9fff]")
RE_MORE_THAN = re.compile(r"[0-9０-９十百千万][多余](?![少])")  # 5000多亿元, 1500余万元
RE_OBJECT = re.compile(r"[^、，,；;：:。！？!?]*")  # the object after a number, up to the clause's end
# ... where the next value of a list starts (分别达到6.5亿吨和3600万吨; 建设221个养老设施和新增400个……)
RE_NEXT_VALUE = re.compile(r"[和及与×*][\u4e00-\u9fff]{0,3}?[0-9０-９]")


def strip_indicator(s: str, R: TargetRules) -> str:
    s = s.strip(" \t\u3000、，,；;：:（）()“”\"'")
    for _ in range(8):
        new = R.re_ind_leading.sub("", s).lstrip(" 、，,")
        new = R.re_ind_trailing.sub("", new).rstrip(" 、，,")
        if new == s:
            break
        s = new
    return s


def read_comparator(sent: str, q: Quantity, clause_start: int, R: TargetRules) -> Tuple[str, int]:
    """Comparator of ``q`` and the end of its suffix cue (``以上`` …)."""
    after = sent[q.end:q.end + 4]
    m = R.re_comp_suffix.match(after)
    suffix = comparator_of(m) if m else None
    suffix_end = q.end + (m.end() if m else 0)
    window_start = max(clause_start, q.start - R.prefix_gap - 4)
    prefix = None
    # one character past the cue window, so that a cue may look at the number (超2000)
    for pm in R.re_comp_prefix.finditer(sent, window_start, q.start + 1):
        if pm.end() <= q.start and q.start - pm.end() <= R.prefix_gap:
            prefix = comparator_of(pm)
    if prefix is None:  # 不低于城市低保标准的80%: the cue, the reference, 的, the share
        for pm in R.re_comp_prefix.finditer(sent, max(clause_start, q.start - 24), q.start):
            if R.re_reference_share.match(sent, pm.end(), q.start):
                prefix = comparator_of(pm)
    strict = [c for c in (prefix, suffix) if c in (">=", "<=")]
    if strict:
        return strict[0], suffix_end
    if q.value_max is not None:
        return "range", suffix_end
    if prefix or suffix:
        return (prefix or suffix), suffix_end  # type: ignore[return-value]
    if RE_MORE_THAN.search(q.text):
        return ">=", suffix_end  # 5000多亿元, 十多个, 1500余万元: more than
    return "=", suffix_end


def read_strength(prefix: str, R: TargetRules) -> str:
    best = None
    for m in R.re_strength.finditer(prefix):
        best = m
    if best is None:
        return "neutral"
    return next(g for g in R.strength_groups if best.group(g))


def last_match(regex: Pattern[str], s: str) -> Optional["re.Match[str]"]:
    last = None
    for m in regex.finditer(s):
        last = m
    return last



def _of_reference(sent: str, q: Quantity, R: TargetRules) -> bool:
    """A multiple of a reference that a change verb or a comparator sets (提高到当地低保标准的1.3倍)."""
    head = sent[max(0, q.start - 26):q.start]
    for m in list(R.re_change_verb_any.finditer(head)) + list(R.re_comp_prefix.finditer(head)):
        if R.re_reference_share.match(head, m.end()):
            return True
    return False


def change_unit_ok(sent: str, q: Quantity, R: TargetRules) -> bool:
    """年/岁 measured by a change verb (平均受教育年限提高到10.8年), not a duration; an hour,
    minute or second count after a comparator of levels (平均故障间隔时间≥10000h) is an indicator."""
    if q.unit in R.level_units and R.re_level_comparator.search(sent[max(0, q.start - 4):q.start]):
        return True
    if q.unit not in R.change_units:
        return False
    if R.re_change_verb_end.search(sent[max(0, q.start - 6):q.start]) is None and not _of_reference(sent, q, R):
        return False
    after = sent[q.end:q.end + 4]
    m = R.re_comp_suffix.match(after)
    rest = after[m.end():] if m else after
    return not RE_CJK_WORD.match(rest[:1])  # 缩短到10天以下的街道: part of a noun phrase


def implied_units(sent: str, quantities: Sequence[Quantity], R: TargetRules) -> List[Quantity]:
    """Units the text implies but does not write next to the number.

    - a value after a per-unit value of the same base unit shares its compound
      unit (每人每月800元和650元, 由每人每年380元提高到420元);
    - a count written before a noun of people counts persons (6000万农村人口);
    - a 万/亿-sized amount with no unit under a money indicator is in 元
      (增加值达到万亿级).
    """
    out: List[Quantity] = []
    prev: Optional[Quantity] = None
    for q in quantities:
        if prev is not None and prev.end == q.start and not q.nominal:
            # 三个1亿人问题: a count of a named number is a name, and so is the number
            out[-1] = replace(prev, nominal=True)
            q = replace(q, nominal=True)
            out.append(q)
            prev = q
            continue
        unit = q.unit
        if q.value is not None and not q.nominal:
            if unit and "/" not in unit and prev is not None and prev.unit.startswith(unit + "/") \
                    and q.start - prev.end <= 8 and not RE_CLAUSE_BOUNDARY.search(sent, prev.end, q.start):
                unit = prev.unit
            elif not unit and R.re_person_noun_after.match(sent[q.end:q.end + 16]):
                unit = "人"
            elif not unit and q.value >= R.money_min_value and q.text[-1:] in ("万", "亿", "级") \
                    and (not RE_CJK_WORD.match(sent[q.end:q.end + 1]) or R.re_comp_suffix.match(sent[q.end:q.end + 4])):
                clause_start = max((m.end() for m in RE_CLAUSE_BOUNDARY.finditer(sent, 0, q.start)), default=0)
                if R.re_money_indicator.search(sent, clause_start, q.start):
                    unit = "元"
        if unit != q.unit:
            q = replace(q, unit=unit)
        out.append(q)
        prev = q
    return out



def unmask(s: str, spans: Sequence[Tuple[int, int]], base: int) -> str:
    """``s`` with the characters of ``spans`` (absolute, ``base`` = offset of ``s``) blanked."""
    if not spans:
        return s
    chars = list(s)
    for a, b in spans:
        for i in range(max(a - base, 0), min(b - base, len(chars))):
            chars[i] = " "
    return "".join(chars)


def strip_tail(s: str) -> str:
    R = load_rules()
    s = s.rstrip(" 、")
    m = R.re_comp_prefix.search(s[-6:]) if s else None
    if m:
        s = s[: len(s) - 6 + m.start()] + s[len(s) - 6 + m.end():] if len(s) >= 6 else s[:m.start()] + s[m.end():]
    return s


def without_spans(text: str, start: int, end: int, spans: Sequence[Tuple[int, int]]) -> str:
    """``text[start:end]`` without the spans that lie wholly inside it (time phrases).

    Example:
        >>> without_spans("计划今年底前完成改造", 0, 10, [(2, 6)])
        '计划完成改造'
    """
    pieces, pos = [], start
    for s, e in sorted(spans):
        if pos <= s and e <= end:
            pieces.append(text[pos:s])
            pos = e
    return "".join(pieces) + text[pos:end]


def read_indicator(sent: str, seg_start: int, qs: int, suffix_end: int, clause_end: int, coverage: bool,
               baselines: Sequence[Tuple[int, int]], time_spans: Sequence[Tuple[int, int]],
               R: TargetRules) -> Tuple[str, int, int]:
    """Indicator text and the quote span (offsets in ``sent``)."""
    a = seg_start
    # skip a time phrase that opens the segment
    for s, e in sorted(list(time_spans)):
        if a <= s < qs and e <= qs and sent[a:s].strip(" ，,、") == "":
            a = e
    left_end = qs
    for s, e in baselines:
        if a <= s and e <= qs:
            left_end = min(left_end, s)
    left_raw = without_spans(sent, a, left_end, time_spans)  # drop time phrases inside (计划今年底前完成…)
    # remove a comparator cue that stands inside the left part (每个乡镇至少建成)
    cut = None
    for pm in R.re_comp_prefix.finditer(left_raw):
        if len(left_raw) - pm.end() <= R.prefix_gap:
            cut = pm
    if cut is not None and len(left_raw) > 2:
        left_raw = left_raw[:cut.start()] + left_raw[cut.end():]
    left = strip_indicator(left_raw, R)
    if coverage:
        return (left[-40:] or "覆盖率"), a, suffix_end
    right_end = suffix_end
    right = ""
    tail = sent[suffix_end:clause_end]
    m = RE_OBJECT.match(tail)
    obj = RE_NEXT_VALUE.split(m.group(), 1)[0] if m else ""  # 分别达到6.5亿吨和3600万吨: no object
    needs_object = (not left) or R.re_count_verb_end.search(left) is not None or len(left) <= 2
    if needs_object and obj:
        obj_clean = R.re_object_trailing.sub("", R.re_share_of.sub("", obj))
        right = obj_clean.strip()
        right_end = suffix_end + len(obj)
    if left and right:
        indicator = left + right
    else:
        indicator = left or right
    indicator = indicator[-40:]
    # quote start: where the stripped left text begins
    qstart = sent.find(left[:4], a, qs) if left else qs
    if qstart < 0:
        qstart = a
    return indicator, qstart, max(right_end, suffix_end)


def elided_object(indicator: str, before: str, unit: str, quantities_of: Callable[[str], Sequence[Quantity]],
                  R: TargetRules) -> str:
    """What a bare count counts when its noun is left out: the noun of the last count of the same unit before it.

    ``全市已建成社区食堂120个，今年再新建30个``: the 30 are 社区食堂 (the noun before the earlier count, or after
    it as in ``已建成120个社区食堂``), without that count's own verb. Only for an indicator that is a count verb
    alone (``新建``, ``再新建``) and a counted unit (not one of ``uncounted_unit_re``: ``%``, money, multiples);
    else ``""``. ``quantities_of`` reads the numbers of ``before``, only once these checks have passed.
    """
    verb = R.re_count_verb_end.search(indicator)
    if verb is None or verb.start() > 1 or not unit or R.re_uncounted_unit.match(unit):
        return ""
    same = [q for q in quantities_of(before) if q.unit == unit]
    if not same:
        return ""
    q = same[-1]
    suffix = R.re_comp_suffix.match(before[q.end:])
    after = RE_OBJECT.match(before, q.end + (suffix.end() if suffix else 0)).group().strip()
    if after:
        return strip_indicator(after, R)
    m = last_match(RE_CLAUSE_BOUNDARY, before[:q.start])
    clause = before[m.end() if m else 0:q.start]
    cuts = word_boundaries(clause)  # a verb of its own, not the 安置 of 安置房
    own = [v for v in R.re_count_verb_any.finditer(clause) if v.end() in cuts and (v.start() in cuts or not v.start())]
    noun = strip_indicator(clause[own[-1].end():], R) if own else ""  # 全市已建成A120个: A
    return noun if len(noun) > 1 else ""  # 续建安置房: not 房


#: Separators of a list subject (粮食、油料产量; 城镇和农村居民收入), outside brackets only
RE_LIST_SEP = re.compile(r"[、和]")
RE_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
RE_VALUE_TEXT = re.compile(r"[0-9０-９%％]")


def split_subject(subject: str, n: int, names: Optional[Mapping[str, Sequence[str]]] = None) -> Optional[List[str]]:
    """The ``n`` indicators a 分别 list spreads its values over, or ``None`` when they do not add up.

    The last item carries the shared head (粮食、油料产量 -> 粮食产量, 油料产量) unless the first
    already ends like it (省外游客、入境游客). The head starts where the last item's own words end:
    after as many characters as the first item has, when a word of two or more characters starts
    there, else at the nearest jieba word boundary (原煤、天然气产量: not ``气产量``). A separator
    inside brackets (各省（区、市）) splits nothing, and a subject holding a number is no list. ``names``
    gives the subjects a word names at once (城乡: 城市、农村; ``respective_subjects`` of ``targets.yaml``).

    Example:
        >>> split_subject("粮食、油料产量", 2)
        ['粮食产量', '油料产量']
        >>> split_subject("城镇和农村居民人均可支配收入", 2)
        ['城镇居民人均可支配收入', '农村居民人均可支配收入']
        >>> split_subject("原煤、原油、天然气产量", 3)
        ['原煤产量', '原油产量', '天然气产量']
        >>> split_subject("省外游客、入境游客", 2)
        ['省外游客', '入境游客']
        >>> split_subject("一二三产增加值", 3) is None
        True
        >>> split_subject("各省（区、市）推荐的项目", 2) is None
        True
        >>> split_subject("城乡低保标准", 2, {"城乡": ("城市", "农村")})
        ['城市低保标准', '农村低保标准']
    """
    if n < 2 or RE_VALUE_TEXT.search(subject):
        return None
    masked = RE_BRACKETED.sub(lambda m: "\x00" * len(m.group()), subject)
    cuts = [m.start() for m in RE_LIST_SEP.finditer(masked)]
    if not cuts:
        word = next((w for w in (names or {}) if subject.startswith(w) and len(names[w]) == n), None)
        return [s + subject[len(word):] for s in names[word]] if word else None
    if len(cuts) + 1 != n and "、" in masked:
        cuts = [m.start() for m in re.finditer("、", masked)]
    bounds = [-1, *cuts, len(subject)]
    parts = [subject[a + 1:b] for a, b in zip(bounds, bounds[1:])]
    if len(parts) != n or not all(parts):
        return None
    first, last = parts[0], parts[-1]
    if first[-1] == last[-1] or len(last) <= len(first):
        return parts
    cut = _head_start(last, len(first))
    head = last[cut:]
    return [p + head for p in parts[:-1]] + [last]


def _head_start(last: str, width: int) -> int:
    """Where the shared head of a list's last item starts (see :func:`split_subject`)."""
    words = tokenizer()(last[width:])
    if words and not (len(words[0]) == 1 and "\u3400" <= words[0] <= "\u9fff"):
        return width
    bounds = word_boundaries(last)
    return min(bounds, key=lambda b: (abs(b - width), b)) if bounds else width
