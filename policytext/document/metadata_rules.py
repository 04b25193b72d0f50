"""Metadata rules: load and compile ``data/rules/metadata.yaml``.

The file is checked against :data:`policytext.specs.METADATA` (kinds, required
keys, regexes and their groups); this module builds the compiled
:class:`MetadataRules` that :mod:`policytext.document.metadata` reads with.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from .._resources import after_line_break, compile_regex, required_texts
from ..schema import load_rules
from ..specs import DOC_TYPES, METADATA

__all__ = ["MetadataRules", "load_metadata_rules", "DOC_TYPES", "DEFAULT_RULES"]

DEFAULT_RULES = "rules/metadata.yaml"
NEVER = "(?!)"
#: The optional one-regex rules of metadata.yaml (a field of MetadataRules each, named as the key) and what they
#: are when a rule file leaves them out (a group a rule must have is kept by the default: it never matches).
_OPTIONAL_REGEXES = {
    **dict.fromkeys(("skip_before_title", "publication_stamp", "issuer_line", "issued_brackets", "closing_line",
                     "annex_line", "masthead_line", "issuer_name_line", "closing_words", "title_status", "title_deck",
                     "title_page_count", "title_speaker", "not_speaker_name", "not_speaker_start",
                     "speaker_after_date", "salutation", "year_opening"), NEVER),
    "issued_document": "(?P<name>(?!))", "issued_in_title": "(?P<name>(?!))", "year_title_range": "(?P<y>(?!))",
}


@dataclass(frozen=True)
class MetadataRules:
    """Compiled metadata rules. Build with :func:`load_metadata_rules`."""

    header_lines: int
    trailer_lines: int
    title_max_chars: int
    not_title: "re.Pattern[str]"
    date_lines: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    date_max_chars: Dict[str, int]
    publication_stamp: "re.Pattern[str]"
    speaker_line: "re.Pattern[str]"
    office_only: "re.Pattern[str]"
    name_only: "re.Pattern[str]"
    title_speaker: "re.Pattern[str]"
    not_speaker_name: "re.Pattern[str]"
    title_speaker_plain: "re.Pattern[str]"
    doc_type_title: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    #: (type, pattern, weight, max, the pattern after a line break when it is anchored at line starts, else the
    #: texts one of which every match holds: :func:`policytext._resources.required_texts`; how many characters
    #: from the start it is looked for in, 0 for all)
    doc_type_body: Tuple[Tuple[str, "re.Pattern[str]", float, int, "Optional[re.Pattern[str]]", Tuple[str, ...], int],
                         ...]
    min_score: float
    year_title: "re.Pattern[str]"
    year_title_range: "re.Pattern[str]"
    year_opening: "re.Pattern[str]"
    opening_paragraphs: int
    year_headings: Tuple[Tuple[str, "re.Pattern[str]", "re.Pattern[str]", int], ...] = ()
    year_filename: "re.Pattern[str] | None" = None
    year_closing: "re.Pattern[str] | None" = None
    closing_lines: int = 6
    skip_before_title: "re.Pattern[str]" = re.compile(NEVER)
    issuer_line: "re.Pattern[str]" = re.compile(NEVER)
    issued_document: "re.Pattern[str]" = re.compile("(?P<name>(?!))")
    issued_in_title: "re.Pattern[str]" = re.compile("(?P<name>(?!))")
    issued_brackets: "re.Pattern[str]" = re.compile(NEVER)
    issued_within: int = 800
    closing_line: "re.Pattern[str]" = re.compile(NEVER)
    annex_line: "re.Pattern[str]" = re.compile(NEVER)
    masthead_line: "re.Pattern[str]" = re.compile(NEVER)
    issuer_name_line: "re.Pattern[str]" = re.compile(NEVER)
    closing_words: "re.Pattern[str]" = re.compile(NEVER)
    title_status: "re.Pattern[str]" = re.compile(NEVER)
    title_deck: "re.Pattern[str]" = re.compile(NEVER)
    genre_line_chars: int = 16
    title_page_count: "re.Pattern[str]" = re.compile(NEVER)
    not_speaker_start: "re.Pattern[str]" = re.compile(NEVER)
    speaker_after_date: "re.Pattern[str]" = re.compile(NEVER)
    salutation: "re.Pattern[str]" = re.compile(NEVER)


_CACHE: Dict[str, MetadataRules] = {}


def load_metadata_rules(name: str = DEFAULT_RULES) -> MetadataRules:
    """Load and validate ``metadata.yaml`` (cached).

    Raises:
        PatternError: A rule is malformed (names the file and the key).
    Example:
        >>> rules = load_metadata_rules()
        >>> bool(rules.speaker_line.fullmatch("某市委常委、副市长 王明"))
        True
    """
    cached = _CACHE.get(name)
    if cached is not None:
        return cached
    data = load_rules(name, METADATA)
    rx = _compiler(name)
    rules = MetadataRules(
        header_lines=data.get("header_lines", 8),
        trailer_lines=data.get("trailer_lines", 3),
        title_max_chars=data.get("title_max_chars", 60),
        not_title=rx("not_title", "|".join(f"(?:{p})" for p in data["not_title"])),
        **{key: rx(key, data.get(key, default)) for key, default in _OPTIONAL_REGEXES.items()},
        issued_within=data.get("issued_within", 800),
        genre_line_chars=data.get("genre_line_chars", 16),
        doc_type_title=tuple((e["type"], rx("doc_type_title", e["pattern"])) for e in data["doc_type_title"]),
        doc_type_body=tuple(_body_cue(e, rx) for e in data["doc_type_body"]),
        min_score=float(data.get("min_score", 2)),
        year_title=rx("year_title", data.get("year_title", r"(?P<y>(?:19|20)\d{2})\s*年")),
        opening_paragraphs=data.get("opening_paragraphs", 3),
        year_filename=rx("year_filename", data["year_filename"]) if data.get("year_filename") is not None else None,
        year_closing=rx("year_closing", data["year_closing"]) if data.get("year_closing") is not None else None,
        closing_lines=data.get("closing_lines", 6),
        **_date_rules(data, rx),
        **_speaker_rules(data, rx),
    )
    _CACHE[name] = rules
    return rules


def _compiler(where: str):
    def rx(key: str, pattern: str, flags: int = 0) -> "re.Pattern[str]":
        return compile_regex(pattern, where=where, key=key, flags=flags)

    return rx


def _body_cue(e: Dict[str, Any], rx
              ) -> Tuple[str, "re.Pattern[str]", float, int, "Optional[re.Pattern[str]]", Tuple[str, ...], int]:
    """A ``doc_type_body`` cue; one anchored at line starts also gets its pattern after a line break (found
    quickly), another the texts one of which its matches hold (a text holding none is not searched)."""
    cue = rx("doc_type_body", e["pattern"], re.M)
    after_break = after_line_break(cue)
    texts = required_texts(cue) if after_break is None else ()
    return e["type"], cue, float(e.get("weight", 1)), e.get("max", 1), after_break, texts, e.get("head", 0)


def _date_rules(data: Dict[str, Any], rx) -> Dict[str, Any]:
    """Date lines with their length limits, and the year headings."""
    dates = tuple((e["id"], rx("date_lines", e["pattern"])) for e in data["date_lines"])
    date_max = {e["id"]: e.get("max_chars", 120) for e in data["date_lines"]}
    year_headings: List[Tuple[str, "re.Pattern[str]", "re.Pattern[str]", int]] = []
    for i, e in enumerate(data.get("year_headings", []) or []):
        line_rx = rx(f"year_headings[{i}].pattern", "[ \t\u3000]*(?:" + e["pattern"] + ")")
        # the scan looks for a line break first: the literal prefix makes it fast
        year_headings.append((e["id"], line_rx, rx(f"year_headings[{i}].pattern", "\n" + line_rx.pattern),
                              e.get("offset", 0)))
    return dict(date_lines=dates, date_max_chars=date_max, year_headings=tuple(year_headings))


def _speaker_rules(data: Dict[str, Any], rx) -> Dict[str, "re.Pattern[str]"]:
    """Speaker line ``<office> <name>``, office-only and name-only lines, from the office-title lexicon."""
    titles = "|".join(re.escape(o) for o in sorted(set(data["office_titles"]), key=len, reverse=True))
    name = data.get("name_pattern", r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff·]){1,4}")
    office = rf"[\u4e00-\u9fff、（）()·\s]{{0,40}}?(?:{titles})"
    return dict(
        speaker_line=rx("office_titles", rf"(?P<office>{office})\s*(?P<name>{name})(?:同志)?"),
        office_only=rx("office_titles", rf"(?P<office>{office})"),
        name_only=rx("name_pattern", rf"(?P<name>{name})(?:同志)?"),
        # 王建军在……的讲话, 县民政局局长王建军在……的讲话 (the name checked against not_speaker_name)
        title_speaker_plain=rx("office_titles", rf"(?:(?P<office>[\u4e00-\u9fff、·]{{0,30}}?(?:{titles}))\s*)?"
                                                rf"(?P<name>[\u4e00-\u9fff]{{2,3}})在.{{2,80}}(?:讲话|致辞|发言)"),
    )
