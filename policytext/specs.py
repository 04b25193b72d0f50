"""The spec of every shipped data file (checked by :mod:`policytext.schema`).

One dict per file, in the spec language of :mod:`policytext.schema`: a key
ending in ``?`` is optional; a value is a kind (``"regex"``, ``"regex(y,m,d)"``,
``"posint"``, ``"str-list"`` …), a tuple of allowed values, a nested dict, or a
one-element list ``[{...}]`` for a non-empty list of mappings. Checks run in
the order written here.
"""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Tuple

__all__ = ["Spec", "SPECS", "LEXICONS", "DOC_TYPES", "FURNITURE", "NORMALIZE", "METADATA", "OUTLINE", "DEADLINES",
           "TARGETS", "QUANTITIES", "TIMES", "TASKS", "TAXONOMY"]

Spec = Mapping[str, Any]

_ENTRY = {"id": "id", "pattern": "regex", "force?": "bool", "note?": "str"}

FURNITURE: Spec = {
    "protect_min_chars?": "posint",
    "head_zone?": "posint",
    "max_line_chars?": "posint",
    "widget_run_min?": "posint",
    "drop_line?": [_ENTRY],
    "widget_token?": [_ENTRY],
    "split_label?": [_ENTRY],
    "split_separator?": [_ENTRY],
    "strip_suffix?": [_ENTRY],
    "cut_tail?": [_ENTRY],
    "cut_head?": [_ENTRY],
    "keep_line?": [_ENTRY],
    "new_paragraph?": [_ENTRY],
}

NORMALIZE: Spec = {
    "spaced_digits": {"trigger": "regex", "min_count": "posint", "remove": "regex"},
}

DOC_TYPES = ("speech", "work_plan", "report", "news", "notice", "law", "other")

METADATA: Spec = {
    "header_lines?": "posint",
    "trailer_lines?": "posint",
    "title_max_chars?": "posint",
    "not_title": "regex-list",
    "skip_before_title?": "regex",
    "date_lines": [{"id": "id", "pattern": "regex(y,m,d)", "max_chars?": "posint"}],
    "year_headings?": [{"id": "id", "pattern": "regex(y)", "offset?": (-1, 0, 1)}],
    "year_filename?": "regex(y)",
    "year_closing?": "regex(y)",
    "closing_lines?": "posint",
    "office_titles": "str-list",
    "name_pattern?": "regex",
    "doc_type_title": [{"type": DOC_TYPES, "pattern": "regex"}],
    "doc_type_body": [{"type": DOC_TYPES, "pattern": "regex", "weight?": "number", "max?": "posint", "head?": "posint"}],
    "publication_stamp?": "regex",
    "issuer_line?": "regex",
    "issued_document?": "regex(name)",
    "issued_in_title?": "regex(name)",
    "issued_brackets?": "regex",
    "issued_within?": "posint",
    "closing_line?": "regex",
    "annex_line?": "regex",
    "masthead_line?": "regex",
    "issuer_name_line?": "regex",
    "closing_words?": "regex",
    "title_status?": "regex",
    "title_deck?": "regex",
    "genre_line_chars?": "posint",
    "title_page_count?": "regex",
    "title_speaker?": "regex",
    "not_speaker_name?": "regex",
    "not_speaker_start?": "regex",
    "speaker_after_date?": "regex(rest)",
    "salutation?": "regex",
    "min_score?": "number",
    "year_title?": "regex(y)",
    "year_title_range?": "regex(y)",
    "year_opening?": "regex(y)",
    "opening_paragraphs?": "posint",
}

OUTLINE: Spec = {
    "schemes": [{"id": "id", "pattern": "regex(num)", "number": ("han", "arabic", "circled"), "rank": "number",
                 "path": "str", "inline?": "bool"}],
    "max_heading_chars?": "posint",
    "heading_end?": "regex",
    "inline_heading_end?": "regex",
    "inline_after?": "regex",
    "line_start_chars?": "chars",
    "hint_rank_base?": "number",
    "toc?": {"label?": "regex", "min_lines?": "posint", "max_line_chars?": "posint", "head_lines?": "posint", "start_lines?": "posint", "page_number?": "regex",
              "leader?": "regex"},
}

# specs of files whose loaders live in extract/, tasks/ and classification/
DEADLINES: Spec = {"as_of": "regex", "past_time": "regex", "cited_goal": "regex"}

_COMPARATORS = {">=?": "regex-list", "<=?": "regex-list", "~?": "regex-list"}
TARGETS: Spec = {
    "version?": "int",
    "comparator_prefix": _COMPARATORS,
    "comparator_suffix": _COMPARATORS,
    "reference_share_re": "regex",
    "prefix_gap": "int",
    "strength": {"binding?": "regex-list", "aspirational?": "regex-list", "gradual?": "regex-list"},
    "direction": "str-map",
    "count_verbs": "regex-list",
    "count_scope_re": "regex",
    "excluded_units": "str-list",
    "change_units": "str-list",
    "level_units": "str-list",
    "level_comparator_re": "regex",
    "achievement_cues": "regex-list",
    "to_date_cues": "str-list",
    "compared_cues": "str-list",
    "achievement_scope_cues": "regex-list",
    "future_cues": "regex-list",
    "review_future_cues": "regex-list",
    "indicator_leading": "regex-list",
    "indicator_trailing": "regex-list",
    "le_re": "regex",
    "baseline_re": "regex",
    "stat_prefix_re": "regex",
    "copula_re": "regex",
    "copula_commit_re": "regex",
    "negation_re": "regex",
    "forecast_re": "regex",
    "forecast_verb_re": "regex",
    "scope_reset_re": "regex",
    "review_tail_re": "regex",
    "time_limit_re": "regex",
    "non_deadline_time_suffix_re": "regex",
    "share_stat_re": "regex",
    "share_commit_re": "regex",
    "full_coverage_re": "regex",
    "candidate_re": "regex",
    "review_heading_re": "regex",
    "plan_heading_re": "regex",
    "review_ratio": "number",
    "review_min_markers": "int",
    "review_markers_re": "regex",
    "plan_markers_re": "regex",
    "review_time_past_re": "regex",
    "review_time_future_re": "regex",
    "review_time_ratio": "number",
    "review_time_gate": "regex",
    "review_time_min": "int",
    "list_count_re": "regex",
    "list_noun_before_re": "regex",
    "name_after_re": "regex",
    "code_before_re": "regex",
    "article_one_re": "regex",
    "per_unit_before_re": "regex",
    "time_modifier_re": "regex",
    "notes_title_re": "regex",
    "goal_heading_re": "regex",
    "horizon_opening_re": "regex",
    "beneficiary_re": "regex",
    "target_units": "str-map",
    "respective_subjects?": "str-map",
    "parallel_subjects?": "str-map",
    "qualifier_units": "str-list",
    "qualifier_after_re": "regex",
    "incentive_re": "regex",
    "incentive_after_re": "regex",
    "share_of_re": "regex",
    "count_modifier_re": "regex",
    "problem_comparator_re": "regex",
    "problem_cue_re": "regex",
    "year_modifier_re": "regex",
    "stat_baseline_re": "regex",
    "paragraph_review_re": "regex",
    "change_verb_re": "regex",
    "person_noun_after_re": "regex",
    "population_subject_re": "regex",
    "money_indicator_re": "regex",
    "money_min_value": "number",
    "continuation_re": "regex",
    "breakdown_re": "regex",
    "object_trailing_re": "regex",
    "duplicate_min_similarity": "number",
    "restatement_cue_re": "regex",
    "uncounted_unit_re": "regex",
    "review_strong_heading_re": "regex",
    "runin_marker_re": "regex",
    "summary_line_re": "regex",
    "title_line_re": "regex",
    "review_opener_re": "regex",
    "review_paragraph_end_re": "regex",
}

QUANTITIES: Spec = {
    "version?": "int",
    "skip": [{"id": "id", "pattern": "template"}],
    "lexical": "str-list",
    "nominal": {"classifiers": "str-list", "heads": "str-list", "suffixes": "str-list",
                "any_numeral_heads?": "str-list"},
    "per_prefixes": [{"surface": "str", "per": "str"}],
    "range_separators": "str-list",
    "unit_guards?": "str-map",
}

TIMES: Spec = {
    "version?": "int",
    "macros": "template-map",
    "gate?": "template",
    "prefix": "template",
    "suffix": "template",
    "deadline_suffixes": "str-list",
    "days_before?": "regex(n)",
    "eras?": [{"id": "id", "first_year": "posint"}],
    "days?": [{"id": "id", "month": "posint", "day": "posint"}],
    "lunar_days?": [{"id": "id", "month": "posint", "day": "scalar"}],
    "solar_terms?": [{"id": "id", "term?": "str", "word?": "bool"}],
    "rules": [{"id": "id", "pattern": "template", "normalize": "str", "from?": "scalar", "to?": "scalar", "future?": "bool",
               "granularity?": "str"}],
}

TASKS: Spec = {
    "directive": "regex",
    "imperative_heading": "regex",
    "review": "regex",
    "question": "regex",
    "problem": "regex",
    "lead_in?": "regex",
    "note_above?": "regex",
    "enumerators": [{"id": "id", "marker": "regex(n)"}],
    "run_in": {"max_chars": "posint", "min_chars": "posint", "min_run_in": "posint", "inner_start": "regex"},
    "strength": [{"id": ("binding", "aspirational", "gradual"), "pattern": "regex"}],
    "glossary?": {"heading": "regex", "end": "regex", "entry": "regex"},
    "macros?": "template-map",
    "clause_end?": "regex",
    "responsibility": [{"id": "id", "pattern": "template", "requires?": "str-list", "loose?": "bool",
                        "co_only?": "bool"}],
    "org_stop": "str",
    "org_drop_prefix?": "str-list",
    "deadline_completion?": "regex",
    "deadline_label_before?": "regex",
    "deadline_gate?": "regex",
    "info_item?": "regex",
    "org_suffix_words?": "str-list",
    "org_prefixes?": "str-list",
    "org_reject?": "str-list",
    "notes?": {"lead_verb": "regex", "duty_verb": "regex", "co_verb": "regex", "lead_label": "regex",
               "duty_label": "regex", "co_label": "regex", "deadline_label": "regex", "skip": "regex",
               "first_is_lead": "regex", "scope": "regex", "generic?": "regex",
               "not_bare?": "regex"},
    "principle_heading?": "regex",
    "principle_goal?": "regex",
    "final_provision?": "regex",
}

TAXONOMY: Spec = {
    "name?": "str",
    "version?": "scalar",
    "fallback": "str",
    "areas": [{"code": "str", "name": "str", "scope": "str", "seeds": "words", "primary?": "words",
               "people?": "words"}],
}

#: The spec of every shipped YAML file, by its path under ``policytext/data/``.
CUES: Spec = {"directive_yao": "regex", "request": "regex", "cn_ordinal": "regex"}

SPECS: Dict[str, Spec] = {
    "rules/cues.yaml": CUES,
    "patterns/furniture.yaml": FURNITURE,
    "rules/normalize.yaml": NORMALIZE,
    "rules/metadata.yaml": METADATA,
    "rules/outline.yaml": OUTLINE,
    "rules/deadlines.yaml": DEADLINES,
    "rules/targets.yaml": TARGETS,
    "rules/quantities.yaml": QUANTITIES,
    "rules/times.yaml": TIMES,
    "rules/tasks.yaml": TASKS,
    "taxonomy.yaml": TAXONOMY,
}

#: Columns of the tab-separated lexicons (``None``: one term per line).
LEXICONS: Dict[str, Optional[Tuple[str, ...]]] = {
    "lexicons/org_suffixes.txt": None,
    "lexicons/orgs.txt": None,
    "lexicons/units.txt": ("surface", "unit", "multiplier"),
}
