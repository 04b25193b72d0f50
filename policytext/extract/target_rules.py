"""The rules of target extraction: ``data/rules/targets.yaml``, loaded and checked.

Every cue word of :mod:`policytext.extract.targets` lives in the YAML file;
this module compiles it once (cached) into a :class:`TargetRules` and raises
:class:`~policytext.errors.PatternError` naming the file and the key when an
entry is malformed.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass
from typing import Any, Dict, Pattern, Sequence, Tuple

from .._resources import compile_regex
from ..errors import PatternError
from ..schema import load_rules as load_checked
from ..specs import TARGETS
from ._scan import quick

__all__ = ["TargetRules", "load_rules", "comparator_of", "RULES_FILE"]

RULES_FILE = "rules/targets.yaml"

def _alternation(items: Sequence[str]) -> str:
    return "|".join(sorted((str(i) for i in items), key=len, reverse=True))


@dataclass(frozen=True)
class TargetRules:
    """The compiled rules of ``data/rules/targets.yaml`` (one field per key).

    A pattern that ``re`` cannot skip ahead with (it opens with a look-behind or a group) is a
    :class:`~policytext.extract._scan.QuickSearch`: the same methods and matches, a quicker
    ``search`` and ``finditer``.
    """

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
    re_review_future: Pattern[str]
    re_achievement: Pattern[str]
    to_date_cues: frozenset
    compared_cues: frozenset
    re_achievement_scope: Pattern[str]
    re_stat_prefix: Pattern[str]
    re_copula: Pattern[str]
    re_copula_commit: Pattern[str]
    re_negation: Pattern[str]
    re_forecast: Pattern[str]
    re_forecast_verb: Pattern[str]
    re_scope_reset: Pattern[str]
    re_review_tail: Pattern[str]
    re_runin_marker: Pattern[str]
    re_reference_share: Pattern[str]
    re_summary_line: Pattern[str]
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
    re_review_time_past: Pattern[str]
    re_review_time_future: Pattern[str]
    review_time_ratio: float
    review_time_gate: str
    review_time_min: int
    re_list_count: Pattern[str]
    re_list_noun_before: Pattern[str]
    re_name_after: Pattern[str]
    re_code_before: Pattern[str]
    re_article_one: Pattern[str]
    re_per_unit_before: Pattern[str]
    re_time_modifier: Pattern[str]
    re_notes_title: Pattern[str]
    re_goal_heading: Pattern[str]
    re_horizon_opening: Pattern[str]
    re_beneficiary: Pattern[str]
    target_units: Dict[str, str]
    qualifier_units: frozenset
    re_qualifier_after: Pattern[str]
    re_incentive: Pattern[str]
    re_incentive_after: Pattern[str]
    re_ind_trailing: Pattern[str]
    re_ind_leading: Pattern[str]
    re_share_of: Pattern[str]
    re_count_modifier: Pattern[str]
    re_problem_comparator: Pattern[str]
    re_problem_cue: Pattern[str]
    re_year_modifier: Pattern[str]
    re_stat_baseline: Pattern[str]
    re_paragraph_review: Pattern[str]
    re_count_verb_any: Pattern[str]
    change_units: frozenset
    level_units: frozenset
    re_change_verb_end: Pattern[str]  # change_verb_re at the end of a text (right before the number)
    re_change_verb_any: Pattern[str]
    re_person_noun_after: Pattern[str]
    re_population_subject: Pattern[str]
    re_money_indicator: Pattern[str]
    money_min_value: float
    re_continuation: Pattern[str]
    re_breakdown: Pattern[str]
    re_object_trailing: Pattern[str]
    duplicate_min_similarity: float
    re_restatement_cue: Pattern[str]
    re_uncounted_unit: Pattern[str]
    re_review_strong: Pattern[str]
    re_level_comparator: Pattern[str]
    re_title_line: Pattern[str]
    re_review_paragraph_end: Pattern[str]
    re_review_opener: Pattern[str]
    respective_subjects: Dict[str, Tuple[str, ...]] = dataclasses.field(default_factory=dict)
    parallel_subjects: Dict[str, Tuple[str, ...]] = dataclasses.field(default_factory=dict)


def _regex(data: Dict[str, Any], key: str, *, anchor: str = "") -> Pattern[str]:
    value = data[key]  # the schema checked it: a regex, or a list of regex fragments
    pattern = f"(?:{_alternation(value)})" if isinstance(value, list) else value
    if anchor == "start":
        pattern = f"^(?:{pattern})"
    elif anchor == "end":
        pattern = f"(?:{pattern})$"
    return compile_regex(pattern, where=RULES_FILE, key=key)



_COMPARATOR_GROUPS = {">=": "ge", "<=": "le", "~": "approx"}


def _comparator_regex(data: Dict[str, Any], key: str, *, anchor: bool = False) -> Pattern[str]:
    parts = [f"(?P<{_COMPARATOR_GROUPS[comp]}>{_alternation(cues)})" for comp, cues in data[key].items()]
    pattern = "|".join(parts)
    return compile_regex(f"^(?:{pattern})" if anchor else pattern, where=RULES_FILE, key=key)


def comparator_of(m: "re.Match[str]") -> str:
    """The comparator (``>=``, ``<=``, ``~``) whose cue group matched in ``m``.

    Example:
        >>> comparator_of(load_rules().re_comp_prefix.search("不少于"))
        '>='
    """
    return next(c for c, g in _COMPARATOR_GROUPS.items() if m.group(g) is not None)


#: The rules that are one regex of the file each, by field: ``(field of TargetRules, key of targets.yaml)``.
_PLAIN_REGEXES = (
    ("re_baseline", "baseline_re"), ("re_future", "future_cues"), ("re_review_future", "review_future_cues"),
    ("re_achievement_scope", "achievement_scope_cues"), ("re_stat_prefix", "stat_prefix_re"),
    ("re_copula", "copula_re"), ("re_copula_commit", "copula_commit_re"), ("re_negation", "negation_re"),
    ("re_forecast", "forecast_re"), ("re_forecast_verb", "forecast_verb_re"), ("re_scope_reset", "scope_reset_re"),
    ("re_review_tail", "review_tail_re"), ("re_runin_marker", "runin_marker_re"),
    ("re_reference_share", "reference_share_re"),
    ("re_summary_line", "summary_line_re"), ("re_time_limit", "time_limit_re"),
    ("re_non_deadline_suffix", "non_deadline_time_suffix_re"), ("re_share_stat", "share_stat_re"),
    ("re_share_commit", "share_commit_re"), ("re_full_coverage", "full_coverage_re"),
    ("re_candidate", "candidate_re"), ("re_review_heading", "review_heading_re"),
    ("re_plan_heading", "plan_heading_re"), ("re_review_markers", "review_markers_re"),
    ("re_plan_markers", "plan_markers_re"), ("re_review_time_past", "review_time_past_re"),
    ("re_review_time_future", "review_time_future_re"), ("re_list_count", "list_count_re"),
    ("re_list_noun_before", "list_noun_before_re"), ("re_name_after", "name_after_re"),
    ("re_code_before", "code_before_re"), ("re_article_one", "article_one_re"),
    ("re_per_unit_before", "per_unit_before_re"), ("re_time_modifier", "time_modifier_re"),
    ("re_goal_heading", "goal_heading_re"), ("re_horizon_opening", "horizon_opening_re"),
    ("re_beneficiary", "beneficiary_re"), ("re_qualifier_after", "qualifier_after_re"),
    ("re_incentive", "incentive_re"), ("re_incentive_after", "incentive_after_re"), ("re_share_of", "share_of_re"),
    ("re_count_modifier", "count_modifier_re"), ("re_problem_comparator", "problem_comparator_re"),
    ("re_problem_cue", "problem_cue_re"), ("re_year_modifier", "year_modifier_re"), ("re_stat_baseline", "stat_baseline_re"),
    ("re_paragraph_review", "paragraph_review_re"), ("re_change_verb_any", "change_verb_re"),
    ("re_person_noun_after", "person_noun_after_re"), ("re_population_subject", "population_subject_re"),
    ("re_money_indicator", "money_indicator_re"), ("re_continuation", "continuation_re"),
    ("re_breakdown", "breakdown_re"), ("re_object_trailing", "object_trailing_re"),
    ("re_restatement_cue", "restatement_cue_re"), ("re_uncounted_unit", "uncounted_unit_re"),
    ("re_level_comparator", "level_comparator_re"), ("re_review_strong", "review_strong_heading_re"),
)
#: The rules matched at a line start inside a text (``^`` after a newline: :data:`re.M`).
_LINE_REGEXES = (("re_notes_title", "notes_title_re"), ("re_title_line", "title_line_re"),
                 ("re_review_paragraph_end", "review_paragraph_end_re"), ("re_review_opener", "review_opener_re"))


@functools.lru_cache(maxsize=None)
def _rules() -> TargetRules:
    # keys, kinds and regexes are checked by the schema (policytext.specs.TARGETS); the
    # semantic checks that remain are the ranges of the numbers
    data = load_checked(RULES_FILE, TARGETS)
    re_comp_prefix = _comparator_regex(data, "comparator_prefix")
    re_comp_suffix = _comparator_regex(data, "comparator_suffix", anchor=True)
    groups = list(data["strength"])
    parts = [f"(?P<{name}>{_alternation(cues)})" for name, cues in data["strength"].items()]
    direction = dict(data["direction"])
    count_verbs = data["count_verbs"]
    units = data["excluded_units"]
    change_units = data["change_units"]
    ratio, gap, minm = data["review_ratio"], data["prefix_gap"], data["review_min_markers"]
    money_min, dup = data["money_min_value"], data["duplicate_min_similarity"]
    _check_ranges(data)
    return _with_quick_search(TargetRules(
        **{name: _regex(data, key) for name, key in _PLAIN_REGEXES},
        re_change_verb_end=_regex(data, "change_verb_re", anchor="end"),
        **{name: compile_regex(data[key], where=RULES_FILE, key=key, flags=re.M) for name, key in _LINE_REGEXES},
        re_comp_prefix=re_comp_prefix,
        re_comp_suffix=re_comp_suffix,
        prefix_gap=gap,
        re_strength=compile_regex("|".join(parts), where=RULES_FILE, key="strength"),
        strength_groups=tuple(groups),
        direction=direction,
        re_direction=compile_regex(_alternation(list(direction)), where=RULES_FILE, key="direction"),
        re_count_verb_end=compile_regex(f"(?:{_alternation(count_verbs)})(?:{data['count_scope_re']})?$",
                                        where=RULES_FILE, key="count_verbs"),
        re_count_verb_start=compile_regex(f"^(?:{_alternation(count_verbs)})", where=RULES_FILE,
                                          key="count_verbs"),
        to_date_cues=frozenset(str(c) for c in data["to_date_cues"]),
        compared_cues=frozenset(str(c) for c in data["compared_cues"]),
        re_achievement=compile_regex(f"(?:{_alternation(data['achievement_cues'])})|(?:{data['le_re']})",
                                     where=RULES_FILE, key="achievement_cues"),
        excluded_units=frozenset(str(u) for u in units),
        review_ratio=float(ratio),
        review_min_markers=minm,
        review_time_ratio=float(data["review_time_ratio"]),
        review_time_gate=data["review_time_gate"],
        review_time_min=int(data["review_time_min"]),
        target_units=dict(data["target_units"]),
        respective_subjects={k: tuple(v.split("、")) for k, v in (data.get("respective_subjects") or {}).items()},
        parallel_subjects={k: tuple(v.split("、")) for k, v in (data.get("parallel_subjects") or {}).items()},
        qualifier_units=frozenset(data["qualifier_units"]),
        re_ind_trailing=_regex(data, "indicator_trailing", anchor="end"),
        re_ind_leading=_regex(data, "indicator_leading", anchor="start"),
        re_count_verb_any=compile_regex(f"(?:{_alternation(count_verbs)})", where=RULES_FILE, key="count_verbs"),
        change_units=frozenset(str(u) for u in change_units),
        level_units=frozenset(str(u) for u in data["level_units"]),
        money_min_value=float(money_min),
        duplicate_min_similarity=float(dup),
    ))


def _check_ranges(data: Dict[str, Any]) -> None:
    """The semantic checks the schema leaves: the ranges of the numbers."""
    for key, ok, must in (("review_ratio", data["review_ratio"] > 0, "a positive number"),
                          ("prefix_gap", data["prefix_gap"] >= 0, "a non-negative integer"),
                          ("review_min_markers", data["review_min_markers"] >= 0, "a non-negative integer"),
                          ("money_min_value", data["money_min_value"] > 0, "a positive number"),
                          ("duplicate_min_similarity", 0 < data["duplicate_min_similarity"] <= 1,
                           "a number in (0, 1]"),
                          ("review_time_ratio", data["review_time_ratio"] > 0, "a positive number")):
        if not ok:
            raise PatternError(RULES_FILE, f"must be {must}, got {data[key]!r}", key=key)


def _with_quick_search(rules: TargetRules) -> TargetRules:
    """``rules`` with each pattern that ``re`` cannot skip ahead with as a
    :class:`~policytext.extract._scan.QuickSearch`."""
    patterns = {f.name: getattr(rules, f.name) for f in dataclasses.fields(rules)}
    return dataclasses.replace(rules, **{k: quick(v) for k, v in patterns.items() if isinstance(v, re.Pattern)})


def load_rules() -> TargetRules:
    """The rules of ``data/rules/targets.yaml``, compiled once.

    Raises:
        PatternError: The file is missing or an entry is malformed (the error
            names the file and the key).
    Example:
        >>> comparator_of(load_rules().re_comp_suffix.match("以上"))
        '>='

    """
    return _rules()
