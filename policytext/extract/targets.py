"""Targets: find quantified commitments (目标任务) and their deadlines.

A target is a statement of something to be achieved, done or kept from now on
that carries an explicit quantity (``../shared/gold/GUIDELINES.md`` §1). The
extractor works sentence by sentence:

1. only sentences holding a number, a placeholder (``×``) or a full-coverage
   phrase are analysed (a regex prefilter keeps it fast);
2. quantities come from :func:`policytext.extract.quantities.extract_quantities` and
   time phrases from :func:`policytext.extract.times.extract_times`;
3. a quantity is dropped when it is a name (``三个方面``), a duration or a
   procedural time limit (``5个工作日内``), a date, part of a title or slogan,
   a statistic (``共有``, ``占…``), a standard in force (``均为…元``), negated,
   or an achievement: achievement cues in its clause (``已``, ``累计``,
   ``截至``, aspect ``了`` …), a past year, or a review part of the document
   (``工作回顾``, or a part whose text reads as a review);
4. what survives becomes a :class:`~policytext.types.Target`: indicator,
   comparator, deadline (the nearest time phrase of the clause, or of an
   earlier clause of the sentence that scopes it; else the document's year),
   strength, direction and baseline.

All cue words live in ``policytext/data/rules/targets.yaml``.
"""
from __future__ import annotations

from collections import Counter

import bisect
import csv
import json
import datetime as _dt
import functools
import inspect
import re
from dataclasses import dataclass, replace
from typing import IO, Any, Dict, Iterable, List, Optional, Pattern, Sequence, Tuple, Union

from .._resources import compile_regex, read_yaml
from ..errors import PatternError
from ..types import Document, Quantity, Target, TimeExpression

__all__ = ["extract_targets", "review_spans", "write_targets", "TARGET_COLUMNS"]

RULES_FILE = "rules/targets.yaml"

# Sentence: up to a full stop, question/exclamation mark or line break.
RE_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*")
RE_CLAUSE_BOUNDARY = re.compile(r"[，,；;：:。！？!?]")
RE_TITLE = re.compile(r"《[^《》\n]{0,80}》|“[^“”\n]{0,15}”|\"[^\"\n]{0,15}\"|「[^「」\n]{0,15}」")
RE_CJK_DIGIT = re.compile(r"[0-9０-９]")
RE_PLACEHOLDER = re.compile(r"[×ＸXx]")
RE_CJK_WORD = re.compile(r"[\u4e00-\u9fff]")
RE_MORE_THAN = re.compile(r"[0-9０-９十百千万]多(?![少])")
RE_QUOTE_MARKS = re.compile(r"[“”\"'‘’「」]")


# --------------------------------------------------------------------------- rules


def _alternation(items: Sequence[str]) -> str:
    return "|".join(sorted((str(i) for i in items), key=len, reverse=True))


@dataclass(frozen=True)
class _Rules:
    re_comp_prefix: Pattern[str]
    re_comp_suffix: Pattern[str]
    prefix_gap: int
    re_strength: Pattern[str]
    strength_groups: Tuple[str, ...]
    direction: Dict[str, str]
    re_direction: Pattern[str]
    re_baseline: Pattern[str]
    re_count_verb_end: Pattern[str]
    re_count_verb_start: Pattern[str]
    re_future: Pattern[str]
    re_achievement: Pattern[str]
    re_achievement_scope: Pattern[str]
    re_stat_prefix: Pattern[str]
    re_copula: Pattern[str]
    re_copula_commit: Pattern[str]
    re_negation: Pattern[str]
    excluded_units: frozenset
    re_time_limit: Pattern[str]
    re_non_deadline_suffix: Pattern[str]
    re_share_stat: Pattern[str]
    re_share_commit: Pattern[str]
    re_full_coverage: Pattern[str]
    re_candidate: Pattern[str]
    re_review_heading: Pattern[str]
    re_plan_heading: Pattern[str]
    review_ratio: float
    review_min_markers: int
    re_review_markers: Pattern[str]
    re_plan_markers: Pattern[str]
    re_ind_trailing: Pattern[str]
    re_ind_leading: Pattern[str]
    re_share_of: Pattern[str]
    re_count_modifier: Pattern[str]
    re_stat_baseline: Pattern[str]
    re_paragraph_review: Pattern[str]
    re_count_verb_any: Pattern[str]
    change_units: frozenset
    re_change_verb_end: Pattern[str]
    re_person_noun_after: Pattern[str]
    re_population_subject: Pattern[str]
    re_money_indicator: Pattern[str]
    money_min_value: float
    re_continuation: Pattern[str]
    duplicate_min_similarity: float
    re_restatement_cue: Pattern[str]


def _req(data: Dict[str, Any], key: str, kind: type) -> Any:
    if key not in data:
        raise PatternError(RULES_FILE, "missing key", key=key)
    value = data[key]
    if not isinstance(value, kind) or (kind is not int and not value and kind is not float):
        raise PatternError(RULES_FILE, f"must be a non-empty {kind.__name__}, got {value!r}", key=key)
    return value


def _regex(data: Dict[str, Any], key: str, *, anchor: str = "") -> Pattern[str]:
    value = data.get(key)
    if isinstance(value, list):
        if not value or not all(isinstance(v, str) and v for v in value):
            raise PatternError(RULES_FILE, "must be a non-empty list of strings", key=key)
        pattern = f"(?:{_alternation(value)})"
    elif isinstance(value, str):
        pattern = value
    else:
        raise PatternError(RULES_FILE, f"must be a regex string or a list of fragments, got {value!r}", key=key)
    if anchor == "start":
        pattern = f"^(?:{pattern})"
    elif anchor == "end":
        pattern = f"(?:{pattern})$"
    return compile_regex(pattern, where=RULES_FILE, key=key)


def _mapping(data: Dict[str, Any], key: str, allowed: Optional[Sequence[str]] = None) -> Dict[str, str]:
    value = _req(data, key, dict)
    for k, v in value.items():
        if not isinstance(k, str) or not isinstance(v, str) or not k or not v:
            raise PatternError(RULES_FILE, f"entries must map a word to a string, got {k!r}: {v!r}", key=key)
        if allowed is not None and v not in allowed:
            raise PatternError(RULES_FILE, f"{k!r} maps to {v!r}; must be one of {sorted(allowed)}", key=key)
    return dict(value)


_COMPARATOR_GROUPS = {">=": "ge", "<=": "le", "~": "approx"}


def _comparator_regex(data: Dict[str, Any], key: str, *, anchor: bool = False) -> Pattern[str]:
    value = _req(data, key, dict)
    parts = []
    for comp, cues in value.items():
        if comp not in _COMPARATOR_GROUPS:
            raise PatternError(RULES_FILE, f"unknown comparator {comp!r}; must be one of {sorted(_COMPARATOR_GROUPS)}",
                               key=key)
        if not isinstance(cues, list) or not cues or not all(isinstance(c, str) and c for c in cues):
            raise PatternError(RULES_FILE, "must be a non-empty list of strings", key=f"{key}.{comp}")
        parts.append(f"(?P<{_COMPARATOR_GROUPS[comp]}>{_alternation(cues)})")
    pattern = "|".join(parts)
    return compile_regex(f"^(?:{pattern})" if anchor else pattern, where=RULES_FILE, key=key)


def _comp_of(m: "re.Match[str]") -> str:
    return next(c for c, g in _COMPARATOR_GROUPS.items() if m.group(g) is not None)


@functools.lru_cache(maxsize=None)
def _rules() -> _Rules:
    data = read_yaml(RULES_FILE)
    re_comp_prefix = _comparator_regex(data, "comparator_prefix")
    re_comp_suffix = _comparator_regex(data, "comparator_suffix", anchor=True)
    strength = _req(data, "strength", dict)
    groups = []
    parts = []
    for name, cues in strength.items():
        if name not in ("binding", "aspirational", "gradual"):
            raise PatternError(RULES_FILE, f"unknown strength {name!r}; must be one of binding, aspirational, gradual",
                               key="strength")
        if not isinstance(cues, list) or not cues:
            raise PatternError(RULES_FILE, "must be a non-empty list", key=f"strength.{name}")
        groups.append(name)
        parts.append(f"(?P<{name}>{_alternation(cues)})")
    direction = _mapping(data, "direction")
    count_verbs = _req(data, "count_verbs", list)
    units = _req(data, "excluded_units", list)
    ratio = data.get("review_ratio")
    if not isinstance(ratio, (int, float)) or ratio <= 0:
        raise PatternError(RULES_FILE, f"must be a positive number, got {ratio!r}", key="review_ratio")
    gap = data.get("prefix_gap")
    if not isinstance(gap, int) or gap < 0:
        raise PatternError(RULES_FILE, f"must be a non-negative integer, got {gap!r}", key="prefix_gap")
    money_min = data.get("money_min_value")
    if not isinstance(money_min, (int, float)) or money_min <= 0:
        raise PatternError(RULES_FILE, f"must be a positive number, got {money_min!r}", key="money_min_value")
    dup = data.get("duplicate_min_similarity")
    if not isinstance(dup, (int, float)) or not 0 < dup <= 1:
        raise PatternError(RULES_FILE, f"must be a number in (0, 1], got {dup!r}", key="duplicate_min_similarity")
    change_units = _req(data, "change_units", list)
    minm = data.get("review_min_markers")
    if not isinstance(minm, int) or minm < 0:
        raise PatternError(RULES_FILE, f"must be a non-negative integer, got {minm!r}", key="review_min_markers")
    return _Rules(
        re_comp_prefix=re_comp_prefix,
        re_comp_suffix=re_comp_suffix,
        prefix_gap=gap,
        re_strength=compile_regex("|".join(parts), where=RULES_FILE, key="strength"),
        strength_groups=tuple(groups),
        direction=direction,
        re_direction=compile_regex(_alternation(list(direction)), where=RULES_FILE, key="direction"),
        re_baseline=_regex(data, "baseline_re"),
        re_count_verb_end=compile_regex(f"(?:{_alternation(count_verbs)})$", where=RULES_FILE, key="count_verbs"),
        re_count_verb_start=compile_regex(f"^(?:{_alternation(count_verbs)})", where=RULES_FILE,
                                          key="count_verbs"),
        re_future=_regex(data, "future_cues"),
        re_achievement=compile_regex(f"(?:{_alternation(_req(data, 'achievement_cues', list))})|(?:{data.get('le_re')})",
                                     where=RULES_FILE, key="achievement_cues"),
        re_achievement_scope=_regex(data, "achievement_scope_cues"),
        re_stat_prefix=_regex(data, "stat_prefix_re"),
        re_copula=_regex(data, "copula_re"),
        re_copula_commit=_regex(data, "copula_commit_re"),
        re_negation=_regex(data, "negation_re"),
        excluded_units=frozenset(str(u) for u in units),
        re_time_limit=_regex(data, "time_limit_re"),
        re_non_deadline_suffix=_regex(data, "non_deadline_time_suffix_re"),
        re_share_stat=_regex(data, "share_stat_re"),
        re_share_commit=_regex(data, "share_commit_re"),
        re_full_coverage=_regex(data, "full_coverage_re"),
        re_candidate=_regex(data, "candidate_re"),
        re_review_heading=_regex(data, "review_heading_re"),
        re_plan_heading=_regex(data, "plan_heading_re"),
        review_ratio=float(ratio),
        review_min_markers=minm,
        re_review_markers=_regex(data, "review_markers_re"),
        re_plan_markers=_regex(data, "plan_markers_re"),
        re_ind_trailing=_regex(data, "indicator_trailing", anchor="end"),
        re_ind_leading=_regex(data, "indicator_leading", anchor="start"),
        re_share_of=_regex(data, "share_of_re"),
        re_count_modifier=_regex(data, "count_modifier_re"),
        re_stat_baseline=_regex(data, "stat_baseline_re"),
        re_paragraph_review=_regex(data, "paragraph_review_re"),
        re_count_verb_any=compile_regex(f"(?:{_alternation(count_verbs)})", where=RULES_FILE, key="count_verbs"),
        change_units=frozenset(str(u) for u in change_units),
        re_change_verb_end=_regex(data, "change_verb_end_re"),
        re_person_noun_after=_regex(data, "person_noun_after_re"),
        re_population_subject=_regex(data, "population_subject_re"),
        re_money_indicator=_regex(data, "money_indicator_re"),
        money_min_value=float(money_min),
        re_continuation=_regex(data, "continuation_re"),
        duplicate_min_similarity=float(dup),
        re_restatement_cue=_regex(data, "restatement_cue_re"),
    )


# --------------------------------------------------------------------------- documents


def _from_text(text: str, reference_date: Optional[_dt.date]) -> Document:
    try:
        from ..document import from_text
    except ImportError:
        return Document(text=text)
    try:
        params = inspect.signature(from_text).parameters
    except (TypeError, ValueError):  # pragma: no cover
        params = {}
    if "reference_date" in params:
        return from_text(text, reference_date=reference_date)
    return from_text(text)


def _as_document(doc_or_text: Union[Document, str], reference_date: Optional[_dt.date]) -> Document:
    if isinstance(doc_or_text, Document):
        return doc_or_text
    if isinstance(doc_or_text, str):
        return _from_text(doc_or_text, reference_date)
    raise TypeError(f"extract_targets() takes a Document or a str, not {type(doc_or_text).__name__}; "
                    "load files with policytext.load(path) first")


def review_spans(doc: Document) -> List[Tuple[int, int]]:
    """Spans of ``doc.text`` that review past work (their numbers are achievements).

    A top-level section is a review when its heading says so (``工作回顾``,
    ``过去一年``, ``主要成绩`` …) and does not also announce a plan, or when its
    text reads as a review: achievement markers (aspect ``了``, ``已``,
    ``取得``, ``表彰`` …) outnumber commitment markers (``要``, ``确保``,
    ``推进`` …) by the ratio set in the rules. The text before the first
    section is judged the same way.

    Args:
        doc: A document with its outline (``doc.sections``).
    Returns:
        Sorted, non-overlapping ``(start, end)`` spans.
    Example:
        >>> from policytext.types import Document, Section
        >>> text = "一、去年工作回顾\\n新建养老院3所。\\n二、今年工作安排\\n新建养老院5所。"
        >>> secs = (Section(1, "一、", "去年工作回顾", "一", 0, 17, 8),
        ...         Section(1, "二、", "今年工作安排", "二", 17, len(text), 25))
        >>> review_spans(Document(text=text, sections=secs))
        [(0, 17)]
    """
    R = _rules()
    text = doc.text
    tops = sorted((s for s in doc.sections if s.level == min((x.level for x in doc.sections), default=1)),
                  key=lambda s: s.start)
    spans: List[Tuple[int, int]] = []

    def reads_as_review(body: str) -> bool:
        ach = len(R.re_review_markers.findall(body))
        plan = len(R.re_plan_markers.findall(body))
        return ach >= R.review_min_markers and ach >= R.review_ratio * max(plan, 1)

    first = tops[0].start if tops else len(text)
    if tops and reads_as_review(text[:first]):
        spans.append((0, first))
    verdicts = []
    for i, s in enumerate(tops):
        end = tops[i + 1].start if i + 1 < len(tops) else len(text)
        heading = s.heading or ""
        if R.re_review_heading.search(heading) and not R.re_plan_heading.search(heading):
            verdict = True
        elif R.re_plan_heading.search(heading):
            verdict = False
        else:
            verdict = reads_as_review(text[s.start:end])
        verdicts.append((s, end, verdict))
        if verdict:
            spans.append((s.start, end))
    parts = sorted({s.part for s in tops})
    if len(parts) > 1:  # a speech: 一、… (review) then 一、… (this year's tasks)
        for part in parts:
            members = [(s, end, v) for s, end, v in verdicts if s.part == part]
            if members and 2 * sum(v for _, _, v in members) >= len(members):
                spans.append((members[0][0].start, members[-1][1]))
    merged: List[Tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


# --------------------------------------------------------------------------- sentence analysis


@dataclass
class _Ctx:
    doc: Document
    year: Optional[int]
    reference: Optional[_dt.date]
    rules: _Rules
    quantities: Any = None
    times: Any = None
    heading_times: Optional[Dict[int, Optional[TimeExpression]]] = None

    def heading_deadline(self, pos: int) -> Optional[TimeExpression]:
        """A future period named by an enclosing heading (“十四五”时期主要目标任务)."""
        if not self.doc.sections or self.year is None:
            return None
        from .times import extract_times

        if self.heading_times is None:
            self.heading_times = {}
        year_end = _dt.date(self.year, 12, 31)
        enclosing = sorted((s for s in self.doc.sections if s.start <= pos < s.end), key=lambda s: -s.level)
        for sec in enclosing:
            if sec.start not in self.heading_times:
                found = None
                for t in extract_times(sec.heading or "", reference=self.reference):
                    if t.year_known and t.date_to is not None and t.date_to > year_end:
                        found = t
                self.heading_times[sec.start] = found
            if self.heading_times[sec.start] is not None:
                return self.heading_times[sec.start]
        return None


def _inside(spans: Sequence[Tuple[int, int]], a: int, b: int) -> bool:
    return any(s <= a and b <= e for s, e in spans)


def _overlaps(spans: Sequence[Tuple[int, int]], a: int, b: int) -> bool:
    return any(s < b and a < e for s, e in spans)


def _clause_bounds(sent: str) -> List[int]:
    """Offsets where clauses start (0 and after each boundary mark)."""
    return [0] + [m.end() for m in RE_CLAUSE_BOUNDARY.finditer(sent)]


def _clause_of(starts: List[int], pos: int, n: int) -> Tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    a = starts[max(i, 0)]
    b = starts[i + 1] - 1 if i + 1 < len(starts) else n
    return a, b


def _strip_indicator(s: str, R: _Rules) -> str:
    s = s.strip(" \t\u3000、，,；;：:（）()“”\"'")
    for _ in range(8):
        new = R.re_ind_leading.sub("", s).lstrip(" 、，,")
        new = R.re_ind_trailing.sub("", new).rstrip(" 、，,")
        if new == s:
            break
        s = new
    return s


def _comparator(sent: str, q: Quantity, clause_start: int, R: _Rules) -> Tuple[str, int]:
    """Comparator of ``q`` and the end of its suffix cue (``以上`` …)."""
    after = sent[q.end:q.end + 4]
    m = R.re_comp_suffix.match(after)
    suffix = _comp_of(m) if m else None
    suffix_end = q.end + (m.end() if m else 0)
    window_start = max(clause_start, q.start - R.prefix_gap - 4)
    prefix = None
    for pm in R.re_comp_prefix.finditer(sent, window_start, q.start):
        if q.start - pm.end() <= R.prefix_gap:
            prefix = _comp_of(pm)
    strict = [c for c in (prefix, suffix) if c in (">=", "<=")]
    if strict:
        return strict[0], suffix_end
    if q.value_max is not None:
        return "range", suffix_end
    if prefix or suffix:
        return (prefix or suffix), suffix_end  # type: ignore[return-value]
    if RE_MORE_THAN.search(q.text):
        return ">=", suffix_end  # 5000多亿元, 十多个: more than
    return "=", suffix_end


def _strength(prefix: str, R: _Rules) -> str:
    best = None
    for m in R.re_strength.finditer(prefix):
        best = m
    if best is None:
        return "neutral"
    return next(g for g in R.strength_groups if best.group(g))


def _last(regex: Pattern[str], s: str) -> Optional["re.Match[str]"]:
    last = None
    for m in regex.finditer(s):
        last = m
    return last


def _usable_times(sent: str, times: Sequence[TimeExpression], masks: Sequence[Tuple[int, int]],
                  R: _Rules) -> List[TimeExpression]:
    out = []
    for t in times:
        if _overlaps(masks, t.start, t.end):
            continue
        if R.re_non_deadline_suffix.match(sent[t.end:t.end + 6]) or t.text.endswith(("以来", "来")):
            continue
        out.append(t)
    return out


def _pick_time(times: Sequence[TimeExpression], q: Quantity, clause: Tuple[int, int]) -> Optional[TimeExpression]:
    a, b = clause
    before_in_clause = [t for t in times if a <= t.start and t.end <= q.start]
    if before_in_clause:
        return before_in_clause[-1]
    after_in_clause = [t for t in times if q.end <= t.start and t.end <= b and t.deadline]
    if after_in_clause:
        return after_in_clause[0]
    earlier = [t for t in times if t.end <= a]
    return earlier[-1] if earlier else None


def _change_unit_ok(sent: str, q: Quantity, R: _Rules) -> bool:
    """年/岁 measured by a change verb (平均受教育年限提高到10.8年), not a duration."""
    if q.unit not in R.change_units or R.re_change_verb_end.search(sent[max(0, q.start - 6):q.start]) is None:
        return False
    after = sent[q.end:q.end + 4]
    m = R.re_comp_suffix.match(after)
    rest = after[m.end():] if m else after
    return not RE_CJK_WORD.match(rest[:1])  # 缩短到10天以下的街道: part of a noun phrase


def _implied_units(sent: str, quantities: Sequence[Quantity], R: _Rules) -> List[Quantity]:
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


def _analyse(sent: str, offset: int, ctx: _Ctx, in_review: bool, carry: bool = False) -> List[Target]:
    R = ctx.rules
    quantities = [q for q in _implied_units(sent, ctx.quantities(sent), R)
                  if not q.nominal and (q.value is not None or q.placeholder)
                  and (q.unit not in R.excluded_units or _change_unit_ok(sent, q, R))
                  and not R.re_time_limit.match(sent[q.end:q.end + 5])]
    coverage = list(R.re_full_coverage.finditer(sent))
    if not quantities and not coverage:
        return []

    times = list(ctx.times(sent, reference=ctx.reference))
    time_spans = [(t.start, t.end) for t in times]
    # quoted titles and slogans are masked, but not a quoted plan name that is
    # a time phrase (“十四五”期间, 到“十四五”末)
    masks = [m.span() for m in RE_TITLE.finditer(sent)
             if not any(t.start <= m.start() and m.end() <= t.end for t in times)]
    baselines = list(R.re_baseline.finditer(sent))
    base_spans = [m.span() for m in baselines]
    usable = _usable_times(sent, times, masks + base_spans, R)
    starts = _clause_bounds(sent)
    n = len(sent)
    year_start = _dt.date(ctx.year, 1, 1) if ctx.year else None

    quantities = [q for q in quantities
                  if not _overlaps(time_spans, q.start, q.end) and not _overlaps(masks, q.start, q.end)
                  and not _overlaps(base_spans, q.start, q.end)]
    items: List[Tuple[int, int, Optional[Quantity], Optional["re.Match[str]"]]] = \
        [(q.start, q.end, q, None) for q in quantities]
    for m in coverage:
        if not any(q.start < m.end() and m.start() < q.end for q in quantities):
            items.append((m.start(), m.end(), None, m))
    items.sort(key=lambda x: x[0])

    out: List[Target] = []
    prev_end_in_clause: Dict[int, int] = {}
    list_verb: Dict[int, str] = {}
    sticky = False  # the previous quantity of the sentence was a standard/statistic
    accepted_end: Dict[int, int] = {}  # clause start -> end of its last target's evidence
    for qs, qe, q, cov in items:
        clause = _clause_of(starts, qs, n)
        ca, cb = clause
        seg_start = max(ca, prev_end_in_clause.get(ca, ca))
        clause_before = sent[ca:qs]
        clause_text = sent[ca:cb]
        # ---- exclusions
        if R.re_negation.search(sent, max(ca, qs - 8), qs):
            continue  # 不能出现…两套数据 (a negation inside the subject, 不能自理…, is too far)
        # achievement cues before the number (and right after it: 3所了); a cue
        # further on comments on the target (增长18%、为多年来最大增幅)
        if R.re_achievement.search(_unmask(sent[ca:min(cb, qe + 2)], base_spans, ca)):
            continue
        sent_before = sent[:qs]
        future_before = carry or R.re_future.search(sent_before) is not None
        scope = _last(R.re_achievement_scope, _unmask(sent[:ca], base_spans, 0))
        if scope is not None and not R.re_future.search(sent, scope.end(), qs):
            continue
        if in_review and not future_before:
            continue
        if q is not None:
            local = sent[seg_start:qs]
            suffix_cue = R.re_comp_suffix.match(sent[qe:qe + 4]) is not None
            own_commitment = (suffix_cue or R.re_future.search(local) is not None
                              or R.re_count_verb_end.search(_strip_tail(local)) is not None
                              or R.re_count_verb_any.search(local) is not None
                              or R.re_direction.search(local) is not None
                              or R.re_comp_prefix.search(local) is not None)
            sep = sent[seg_start:qs].strip(" ")
            continues_list = seg_start > ca and (
                (ca in list_verb and sent[seg_start:seg_start + 1] in ("、", "和", "及", "与"))
                or (accepted_end.get(ca) == seg_start and sep in ("、", "和", "及", "与", "或", "至")))
            own_commitment = own_commitment or continues_list
            if sticky and not own_commitment:
                continue  # 其中…70元，…30元: parts of an excluded statement
            spm = R.re_stat_prefix.search(local)
            if spm and not (spm.group() == "在" and q.unit == "%"):  # 在60%的机构实施: a scope, not a statistic
                sticky = True
                continue
            if R.re_copula.search(local) and not R.re_copula_commit.search(clause_before):
                sticky = True
                continue
            sm = R.re_share_stat.search(clause_before)
            if sm and not suffix_cue and not R.re_share_commit.search(sm.group()) \
                    and not R.re_comp_prefix.search(sm.group()):
                sticky = True
                continue
            chinese_count = not RE_CJK_DIGIT.search(q.text) and not q.placeholder and q.unit not in ("%", "pp")
            if not q.unit:
                if not (R.re_direction.search(local) or suffix_cue or R.re_comp_prefix.search(local)):
                    continue
                if not suffix_cue and RE_CJK_WORD.match(sent[qe:qe + 1]):
                    continue  # 6000万农村人口的…: the number counts a noun inside a phrase
            elif chinese_count and not R.re_count_verb_end.search(_strip_tail(local)) and not continues_list:
                continue
            elif q.unit not in ("%", "pp") and not suffix_cue and R.re_count_modifier.match(sent[qe:qe + 2]) \
                    and not R.re_count_verb_end.search(_strip_tail(local)):
                continue  # 保障好14亿人的粮食安全: the number belongs to a noun phrase
            elif q.unit not in ("%", "pp") and not own_commitment and not future_before:
                sticky = True
                continue  # a bare count with no verb (全市留守儿童11936名): a statistic
            elif q.unit in ("人", "人次", "名", "万人") and not R.re_count_verb_any.search(local) \
                    and not R.re_direction.search(local) \
                    and R.re_population_subject.search(_strip_tail(local).rstrip(" ，,")):
                sticky = True
                continue  # 今年高校毕业生超过1000万人: a forecast of a population, not a commitment
            sticky = False
        if q is not None and not in_review:
            bl = next((b for b in baselines if ca <= b.start() and b.end() <= qs), None)
            if bl is not None and R.re_stat_baseline.search(bl.group()) and not future_before \
                    and not R.re_comp_suffix.match(sent[qe:qe + 4]):
                continue  # 比上年增长8.5%: a reported change, not a commitment
        # ---- deadline
        t = _pick_time(usable, q if q is not None else _Span(qs, qe), clause)
        if t is not None and year_start is not None and t.year_known and t.date_to is not None \
                and t.date_to < year_start:
            continue  # a past period: a result, not a commitment
        if t is not None:
            deadline = t.date_to if t.year_known else None
            deadline_text: Optional[str] = t.text
        else:
            ht = ctx.heading_deadline(offset + qs)
            if ht is not None:
                deadline, deadline_text = ht.date_to, ht.text
            else:
                deadline = _dt.date(ctx.year, 12, 31) if ctx.year else None
                deadline_text = None
        # ---- fields
        if q is not None:
            comparator, suffix_end = _comparator(sent, q, ca, R)
            value, value_max, unit, placeholder = q.value, q.value_max, q.unit, q.placeholder
            optional = False
        else:
            comparator, suffix_end = "=", qe
            value, value_max, unit, placeholder = 100.0, None, "%", False
            optional = True
        indicator, ind_start, ind_end = _indicator(sent, seg_start, qs, suffix_end, cb, q is None,
                                                   [t.span() for t in baselines], time_spans, R)
        prev_end_in_clause[ca] = max(suffix_end, ind_end)
        accepted_end[ca] = prev_end_in_clause[ca]
        indicator = RE_QUOTE_MARKS.sub("", indicator)
        if not indicator and out and out[-1].start == offset:
            indicator = out[-1].indicator  # 增长6.5%, 比去年高0.2个百分点: same indicator as before
        head = R.re_count_verb_start.match(indicator) or R.re_count_verb_end.search(
            _strip_tail(sent[seg_start:qs]))
        if head:
            list_verb[ca] = head.group()
        elif ca in list_verb and seg_start > ca and sent[seg_start:seg_start + 1] in ("、", "和", "及", "与"):
            indicator = list_verb[ca] + indicator  # 新建A×处、B×处: B is new-built too
        dm = _last(R.re_direction, sent[seg_start:qs]) or (_last(R.re_direction, sent[ca:qs]))
        direction = R.direction[dm.group()] if dm else None
        if direction is None and ca in list_verb:
            vm = R.re_direction.match(list_verb[ca])
            direction = R.direction[vm.group()] if vm else None
        bm = None
        for b in baselines:
            if ca <= b.start() and b.end() <= qs:
                bm = b
        strength = _strength(sent_before, R)
        sa, sb = offset, offset + len(sent.rstrip())
        out.append(Target(
            indicator=indicator,
            value=value,
            value_max=value_max,
            unit=unit,
            comparator=comparator,
            deadline=deadline,
            deadline_text=deadline_text,
            placeholder=placeholder,
            text=sent.rstrip(),
            start=sa,
            end=sb,
            quote_start=offset + ind_start,
            quote_end=offset + ind_end,
            section=_section_path(ctx.doc, offset + qs),
            strength=strength,
            direction=direction,
            baseline=bm.group() if bm else None,
            optional=optional,
            page=ctx.doc.page_at(offset + qs) if ctx.doc.format == "pdf" else None,
            quote=sent[ind_start:ind_end],
        ))
    return out


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


def _unmask(s: str, spans: Sequence[Tuple[int, int]], base: int) -> str:
    """``s`` with the characters of ``spans`` (absolute, ``base`` = offset of ``s``) blanked."""
    if not spans:
        return s
    chars = list(s)
    for a, b in spans:
        for i in range(max(a - base, 0), min(b - base, len(chars))):
            chars[i] = " "
    return "".join(chars)


def _strip_tail(s: str) -> str:
    R = _rules()
    s = s.rstrip(" 、")
    m = R.re_comp_prefix.search(s[-6:]) if s else None
    if m:
        s = s[: len(s) - 6 + m.start()] + s[len(s) - 6 + m.end():] if len(s) >= 6 else s[:m.start()] + s[m.end():]
    return s


def _indicator(sent: str, seg_start: int, qs: int, suffix_end: int, clause_end: int, coverage: bool,
               baselines: Sequence[Tuple[int, int]], time_spans: Sequence[Tuple[int, int]],
               R: _Rules) -> Tuple[str, int, int]:
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
    # drop time phrases inside the left part (计划今年底前完成…)
    pieces, pos = [], a
    for s, e in sorted(list(time_spans)):
        if pos <= s and e <= left_end:
            pieces.append(sent[pos:s])
            pos = e
    pieces.append(sent[pos:left_end])
    left_raw = "".join(pieces)
    # remove a comparator cue that stands inside the left part (每个乡镇至少建成)
    cut = None
    for pm in R.re_comp_prefix.finditer(left_raw):
        if len(left_raw) - pm.end() <= R.prefix_gap:
            cut = pm
    if cut is not None and len(left_raw) > 2:
        left_raw = left_raw[:cut.start()] + left_raw[cut.end():]
    left = _strip_indicator(left_raw, R)
    if coverage:
        return (left[-40:] or "覆盖率"), a, suffix_end
    right_end = suffix_end
    right = ""
    tail = sent[suffix_end:clause_end]
    m = re.match(r"[^、，,；;：:。！？!?]*", tail)
    obj = m.group() if m else ""
    needs_object = (not left) or R.re_count_verb_end.search(left) is not None or len(left) <= 2
    if needs_object and obj:
        obj_clean = R.re_share_of.sub("", obj)
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


def _section_path(doc: Document, pos: int) -> Optional[str]:
    if not doc.sections:
        return None
    s = doc.section_at(pos)
    return s.path if s is not None else None


# --------------------------------------------------------------------------- public API


def _reference(doc: Document, reference_date: Optional[_dt.date]) -> Tuple[Optional[int], Optional[_dt.date]]:
    year = doc.year
    if year is None and reference_date is not None:
        year = reference_date.year
    if year is None:
        return None, None
    if doc.date is not None and doc.date.year == year:
        return year, doc.date
    if reference_date is not None and reference_date.year == year:
        return year, reference_date
    return year, _dt.date(year, 1, 1)


def extract_targets(doc_or_text: Union[Document, str], *,
                    reference_date: Optional[_dt.date] = None) -> List[Target]:
    """Find the quantified commitments of a document, with their deadlines.

    Args:
        doc_or_text: A :class:`~policytext.types.Document` (from
            :func:`policytext.load`) or plain text; text is turned into a
            Document first so that its year and outline are detected.
        reference_date: The date ``今年`` refers to when the document states
            no year of its own (a document's own year wins).
    Returns:
        Targets in document order; ``start``/``end`` and
        ``quote_start``/``quote_end`` are offsets into the document text.
    Raises:
        TypeError: ``doc_or_text`` is neither a Document nor a str.
        PatternError: ``data/rules/targets.yaml`` is malformed.
    Example:
        >>> ts = extract_targets("到2025年底，养老服务设施覆盖率达到90%以上，新建社区食堂12个。")
        >>> [(t.indicator, t.value, t.unit, t.comparator, str(t.deadline)) for t in ts]
        [('养老服务设施覆盖率', 90.0, '%', '>=', '2025-12-31'), ('新建社区食堂', 12.0, '个', '=', '2025-12-31')]
        >>> extract_targets("截至去年底，全市已建成养老机构35家。")
        []
    """
    doc = _as_document(doc_or_text, reference_date)
    year, ref = _reference(doc, reference_date)
    R = _rules()
    from .quantities import extract_quantities
    from .times import extract_times

    ctx = _Ctx(doc, year, ref, R, extract_quantities, extract_times)
    review = review_spans(doc) if doc.sections else []
    skip = [doc.toc] if doc.toc else []
    text = doc.text
    out: List[Target] = []
    candidate = R.re_candidate.search
    para_review = False
    prev_found = False  # the previous sentence of the paragraph gave targets
    for m in RE_SENTENCE.finditer(text):
        sent = m.group()
        s = m.start()
        if s == 0 or text[s - 1] == "\n":  # a new paragraph: does it open with 过去五年…?
            para_review = R.re_paragraph_review.match(sent.lstrip()) is not None
            prev_found = False
        if not candidate(sent):
            prev_found = False
            continue
        if skip and _inside(skip, s, s + 1):
            continue
        in_review = para_review or (bool(review) and _inside(review, s, s + 1))
        carry = prev_found and R.re_continuation.match(sent) is not None
        found = _analyse(sent, s, ctx, in_review, carry)
        prev_found = bool(found)
        out.extend(found)
    return _drop_restatements(out, R)


def _bigram_dice(a: str, b: str) -> float:
    """Character-bigram Dice similarity (multisets) of two strings, in [0, 1]."""
    x = Counter(a[i:i + 2] for i in range(len(a) - 1))
    y = Counter(b[i:i + 2] for i in range(len(b) - 1))
    if not x or not y:
        return 1.0 if a == b and a else 0.0
    return 2.0 * sum((x & y).values()) / (sum(x.values()) + sum(y.values()))


def _similar_indicators(a: str, b: str, R: _Rules) -> bool:
    if a and b and (a in b or b in a):
        return True
    return _bigram_dice(a, b) >= R.duplicate_min_similarity


def _drop_restatements(targets: List[Target], R: _Rules) -> List[Target]:
    """Drop a target that repeats an earlier one of another sentence.

    Same value, range, unit and deadline and a similar indicator (or the same
    range, which is specific enough on its own): a restatement such as
    ``提出国内生产总值增长8%左右，主要是…`` after the list of goals.
    """
    kept: List[Target] = []
    seen: Dict[Tuple[Any, ...], List[Target]] = {}
    for t in targets:
        if t.placeholder or t.value is None or t.optional:
            kept.append(t)
            continue
        key = (round(t.value, 6), None if t.value_max is None else round(t.value_max, 6), t.unit, t.deadline)
        earlier = [e for e in seen.get(key, ()) if e.start != t.start]
        explains = R.re_restatement_cue.search(t.text) is not None
        if any(t.value_max is not None or _similar_indicators(e.indicator, t.indicator, R)
               or (explains and e.comparator == t.comparator) for e in earlier):
            continue
        seen.setdefault(key, []).append(t)
        kept.append(t)
    return kept


# --------------------------------------------------------------------------- output

#: Columns of ``policytext targets --format csv`` (and the keys of each jsonl line).
TARGET_COLUMNS = ("doc", "indicator", "value", "value_max", "unit", "comparator", "deadline", "deadline_text",
                  "placeholder", "optional", "strength", "direction", "baseline", "section", "page", "quote",
                  "quote_start", "quote_end", "start", "end", "text")
_TABLE_COLUMNS = ("doc", "indicator", "comparator", "value", "unit", "deadline", "deadline_text", "strength",
                  "section")


def _row(doc: str, t: Target, text: str = "") -> Dict[str, Any]:
    d = {"doc": doc, **t.to_dict()}
    if "quote" not in d:
        d["quote"] = text[t.quote_start - t.start:t.quote_end - t.start] if t.text else ""
    return d


def write_targets(rows: Iterable[Tuple[str, Target]], *, fmt: str = "table", stream: Optional[IO[str]] = None) -> None:
    """Write ``(doc, target)`` pairs as a table, JSON lines or CSV.

    Args:
        rows: Pairs of a document name and one of its targets.
        fmt: ``table`` (aligned text), ``jsonl`` (one object per target with
            ``doc`` and every field) or ``csv`` (columns :data:`TARGET_COLUMNS`).
        stream: Where to write; default ``sys.stdout``.
    Raises:
        ValueError: ``fmt`` is not one of the three formats.
    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> write_targets([("要点.txt", t) for t in extract_targets("2021年新建敬老院2所。")], fmt="jsonl", stream=out)
        >>> import json; d = json.loads(out.getvalue())
        >>> d["doc"], d["indicator"], d["value"], d["unit"], d["deadline"]
        ('要点.txt', '新建敬老院', 2.0, '所', '2021-12-31')
    """
    import sys

    if fmt not in ("table", "jsonl", "csv"):
        raise ValueError(f"fmt={fmt!r} is invalid; must be one of 'table', 'jsonl', 'csv'")
    out = stream if stream is not None else sys.stdout
    dicts = [_row(doc, t, t.text) for doc, t in rows]
    if fmt == "jsonl":
        for d in dicts:
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        w = csv.DictWriter(out, fieldnames=list(TARGET_COLUMNS), extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for d in dicts:
            w.writerow({k: ("" if d.get(k) is None else d.get(k)) for k in TARGET_COLUMNS})
    else:
        from ..eval.metrics import format_table

        body = [[d.get(k) for k in _TABLE_COLUMNS] for d in dicts]
        out.write(format_table(body, list(_TABLE_COLUMNS)) + "\n")
        out.write(f"{len(dicts)} targets\n")
