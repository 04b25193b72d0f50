"""Which numbers of a sentence are commitments: the exclusion checks of target extraction.

Each check reads one :class:`Candidate` (a number of a sentence in its
clause) and names one reason a number is not a target: negated, an
achievement, a statistic, part of a noun phrase, a bare count, a reported
change. Every cue word comes from ``data/rules/targets.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

from ..types import Quantity
from ._target_fields import RE_CJK_WORD, last_match, strip_tail, unmask
from .quantities import RE_LATIN_UNIT
from .target_rules import TargetRules

__all__ = ["Candidate", "excluded_by_context", "quantity_verdict", "reported_change", "SKIP", "STICKY"]

RE_CJK_DIGIT = re.compile(r"[0-9０-９]")
CLAUSE_PUNCT = "。；;，,、！!？? \u3000"  # what may stand between a count and the end of its clause
SKIP, STICKY = "skip", "sticky"  # verdicts on a quantity: drop it; drop it and the parts that follow


@dataclass(frozen=True)
class Candidate:
    """A number (or a full-coverage phrase, ``q is None``) in its clause ``ca:cb``."""

    qs: int
    qe: int
    q: Optional[Quantity]
    ca: int
    cb: int
    seg_start: int  # where its own words start: the clause, or after the previous target of the clause
    future_before: bool  # a future cue before it in the sentence (or carried from the previous one)
    review_future: bool = False  # a cue strong enough to count inside a review part (今年要, 力争)
    local: str = ""  # sent[seg_start:qs]
    suffix_cue: bool = False  # a comparator cue right after it (以上)
    continues_list: bool = False  # 新建A×处、B×处: it continues a list of targets
    breakdown: bool = False  # 新建221个，其中A3个，B26个: an item of the parts a kept target is made of
    future_time: bool = False  # a time limit to come before it in the sentence (到2025年，累计建成…)


def excluded_by_context(R: TargetRules, sent: str, c: Candidate, base_spans: Sequence[Tuple[int, int]],
                        in_review: bool) -> bool:
    """Negated, an achievement, under an achievement scope, or in a review part without a future cue."""
    if R.re_negation.search(sent, max(c.ca, c.qs - 8), c.qs):
        return True  # 不能出现…两套数据 (a negation inside the subject, 不能自理…, is too far)
    if R.re_forecast.search(sent, 0, c.qs) and R.re_forecast_verb.search(sent, c.ca, c.qs):
        return True  # 据测算，……将有可能达到110万人: a forecast
    if R.re_problem_comparator.search(sent, max(c.ca, c.qs - 4), c.qs) and not R.re_future.search(sent, 0, c.qs) \
            and R.re_problem_cue.search(sent) is not None:
        return True  # 部分农村敬老院入住率不足40%，服务质量有待提升: a problem, not a commitment
    # achievement cues before the number (and right after it: 3所了); a cue
    # further on comments on the target (增长18%、为多年来最大增幅)
    m = R.re_achievement.search(unmask(sent[c.ca:min(c.cb, c.qe + 2)], base_spans, c.ca))
    if m is not None and not (c.future_time and m.group() in R.to_date_cues) \
            and not (m.group() in R.compared_cues and R.re_review_future.search(sent, c.ca, c.qs)) \
            and not (c.q is not None and c.q.unit in ("%", "倍")
                     and in_reference(R, sent, c.ca + m.start(), c.ca + m.end(), c.ca, c.qs)):
        return True
    scope = last_match(R.re_achievement_scope, unmask(sent[:c.ca], base_spans, 0))
    if scope is not None and not c.future_time and not R.re_future.search(sent, scope.end(), c.qs) \
            and not R.re_scope_reset.search(sent, scope.end(), c.qs):
        return True  # 累计建成…, 截至6月底…: a result so far, unless a time to come scopes it (截至2025年底)
    return in_review and not c.review_future


def in_reference(R: TargetRules, sent: str, start: int, end: int, ca: int, qs: int) -> bool:
    """What stands at ``start:end`` belongs to the reference of the share or multiple at ``qs``: a cue (a verb or
    a comparator) before it in the clause ``ca:``, and after it only the reference and 的 (达到当地上年度……支出的30%,
    完成全年任务的80%); not a time that scopes the action (9月底前完成……的80%, 到1988年使……占到……的40%)."""
    if end > qs or R.re_reference_share.match(sent, end, qs) is None:
        return False
    if R.re_count_verb_any.search(sent, end, qs) or R.re_change_verb_any.search(sent, end, qs):
        return False
    return bool(R.re_count_verb_any.search(sent, ca, start) or R.re_change_verb_any.search(sent, ca, start)
                or R.re_comp_prefix.search(sent, ca, start))


def quantity_verdict(R: TargetRules, sent: str, c: Candidate, q: Quantity, sticky: bool) -> Optional[str]:
    """``None`` for a commitment, else why not: ``SKIP`` or ``STICKY`` (a statement whose parts follow)."""
    if sticky and not _own_commitment(R, c):
        return SKIP  # 其中…70元，…30元: parts of an excluded statement
    if _is_statistic(R, sent, c, q):
        return STICKY
    if not q.unit:
        return SKIP if _unitless_excluded(R, sent, c) else None
    if _counts_inside_phrase(R, sent, c, q):
        return SKIP
    if q.unit not in ("%", "pp") and (R.re_list_count.match(sent, c.qe, c.cb)
                                      or R.re_list_noun_before.search(strip_tail(c.local))):
        return SKIP  # 落实20条措施, 约束性指标9项: the size of a list of measures
    if R.re_name_after.match(sent, c.qe, c.cb) or R.re_code_before.search(sent, max(c.ca, c.qs - 12), c.qs):
        return SKIP  # 12345热线, 青年50人论坛, GB/T 26790.1: part of a name or code
    if R.re_article_one.fullmatch(sent, c.qs, c.qe) and not R.re_per_unit_before.search(sent, c.ca, c.qs):
        return SKIP  # 建设一支…队伍: an article, not a count (每个乡镇建成一所…: one per unit)
    if (q.unit == "元" and R.re_incentive.search(sent, c.ca, c.qs)) or R.re_incentive_after.match(sent, c.qe, c.cb):
        return SKIP  # 给予每家最高30万元补助, 每认定1家给予…: a grant rule in force
    if q.unit.partition("/")[0] in R.qualifier_units and R.re_qualifier_after.match(sent, c.qe, c.cb):
        return SKIP  # 年运量150万吨以上的物流园区: a threshold that qualifies a noun
    if _is_bare_count(R, sent, c, q):
        return STICKY
    return None


def _own_commitment(R: TargetRules, c: Candidate) -> bool:
    """Its own words commit to it: a comparator, future cue, count or change verb, or a list it continues."""
    local = c.local
    return (c.suffix_cue or R.re_future.search(local) is not None
            or R.re_count_verb_end.search(strip_tail(local)) is not None
            or R.re_count_verb_any.search(local) is not None
            or R.re_direction.search(local) is not None
            or R.re_comp_prefix.search(local) is not None
            or c.continues_list)


def _is_statistic(R: TargetRules, sent: str, c: Candidate, q: Quantity) -> bool:
    """共有…, 现为…, 占…: a statistic or a standard in force."""
    spm = R.re_stat_prefix.search(c.local)
    if spm and not (spm.group() == "在" and q.unit == "%"):  # 在60%的机构实施: a scope, not a statistic
        return True
    clause_before = sent[c.ca:c.qs]
    cm = R.re_copula.search(c.local)
    if cm and not R.re_copula_commit.search(clause_before) and not _for_beneficiaries(R, sent, c, cm):
        return True
    sm = R.re_share_stat.search(clause_before)
    return bool(sm and not c.suffix_cue and not R.re_share_commit.search(sm.group())
                and not R.re_comp_prefix.search(sm.group()))


def _for_beneficiaries(R: TargetRules, sent: str, c: Candidate, cm: "re.Match[str]") -> bool:
    """为2万名老年人提供…: 为 is "for" a count of people served, not a copula."""
    return cm.group().startswith("为") and R.re_beneficiary.match(sent, c.qe, c.cb) is not None


def _unitless_excluded(R: TargetRules, sent: str, c: Candidate) -> bool:
    """A number without a unit counts only with a change verb or a comparator, and not inside a noun phrase."""
    if not (R.re_direction.search(c.local) or c.suffix_cue or R.re_comp_prefix.search(c.local)):
        return True
    return not c.suffix_cue and RE_CJK_WORD.match(sent[c.qe:c.qe + 1]) is not None  # 6000万农村人口的…


def _counts_inside_phrase(R: TargetRules, sent: str, c: Candidate, q: Quantity) -> bool:
    """The number belongs to a noun phrase (三个方面, 保障好14亿人的粮食安全), not to a count verb."""
    no_verb = not R.re_count_verb_end.search(strip_tail(c.local))
    chinese_count = not RE_CJK_DIGIT.search(q.text) and not q.placeholder and q.unit not in ("%", "pp") \
        and q.text[0] not in "万亿千百"  # 超万亿元, 达到万家: a bare magnitude after a verb of reaching
    # 新建公益性公墓三处。: a count verb opens the clause and the count closes it (its comparator may follow:
    # 培训基层民政干部二千人次以上)
    rest = sent[c.qe:c.cb].strip(CLAUSE_PUNCT)
    after = R.re_comp_suffix.match(rest) if rest else None
    closes = not rest or (after is not None and not rest[after.end():].strip(CLAUSE_PUNCT))
    counted = closes and R.re_count_verb_any.search(c.local) is not None
    if chinese_count and no_verb and not c.continues_list and not counted:
        return True
    return q.unit not in ("%", "pp") and not c.suffix_cue and bool(R.re_count_modifier.match(sent[c.qe:c.qe + 8])) \
        and no_verb


def _is_bare_count(R: TargetRules, sent: str, c: Candidate, q: Quantity) -> bool:
    """A count with no verb (全市留守儿童11936名), or a forecast of a population (高校毕业生超过1000万人)."""
    # 0.3%, 0.015MPa: a measurement in a unit written in Latin letters, which a specification states bare
    measure = q.unit in ("%", "pp") or RE_LATIN_UNIT.fullmatch(q.unit) is not None
    served = c.local.endswith("为") and R.re_beneficiary.match(sent, c.qe, c.cb) is not None  # 为456户…开展服务
    if not measure and not served and not _own_commitment(R, c) and not c.future_before:
        return True
    return q.unit in ("人", "人次", "名", "万人") and not R.re_count_verb_any.search(c.local) \
        and not R.re_direction.search(c.local) and not c.continues_list \
        and R.re_population_subject.search(strip_tail(c.local).rstrip(" ，,")) is not None


def reported_change(R: TargetRules, sent: str, c: Candidate, baselines: Sequence["re.Match[str]"]) -> bool:
    """比上年增长8.5%: a change against a past baseline, reported, not committed to."""
    bl = next((b for b in baselines if c.ca <= b.start() and b.end() <= c.qs), None)
    return bl is not None and R.re_stat_baseline.search(bl.group()) is not None and not c.future_before \
        and not R.re_comp_suffix.match(sent[c.qe:c.qe + 4])
