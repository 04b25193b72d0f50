"""Outline rules: load and compile the numbering schemes of ``data/rules/outline.yaml``.

The file is checked against :data:`policytext.specs.OUTLINE`; this module
builds the :class:`OutlineRules` that :mod:`policytext.document.outline` parses with.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Tuple

from .._resources import compile_regex
from ..errors import PatternError
from ..schema import load_rules
from ..specs import OUTLINE

__all__ = ["Scheme", "OutlineRules", "load_outline_rules", "DEFAULT_RULES"]

DEFAULT_RULES = "rules/outline.yaml"


@dataclass(frozen=True)
class Scheme:
    """A numbering scheme (one entry of ``outline.yaml``).

    Example:
        >>> s = load_outline_rules().scheme("han_paren")
        >>> s.rank, s.path.format(num="一", kind="")
        (4.0, '（一）')
    """

    id: str
    regex: "re.Pattern[str]"
    number: str
    rank: float
    path: str
    inline: bool = False


@dataclass(frozen=True)
class OutlineRules:
    """Compiled outline rules. Build with :func:`load_outline_rules`."""

    schemes: Tuple[Scheme, ...]
    max_heading_chars: int
    heading_end: "re.Pattern[str]"
    inline_heading_end: "re.Pattern[str]"
    inline_marker: "re.Pattern[str]"
    hint_rank_base: float
    toc_label: "re.Pattern[str]"
    toc_min_lines: int
    toc_max_line_chars: int
    toc_head_lines: int
    toc_start_lines: int
    toc_leader: "re.Pattern[str]"
    toc_page_number: "re.Pattern[str]"
    start_chars: frozenset = frozenset()

    def scheme(self, scheme_id: str) -> Scheme:
        """The scheme named ``scheme_id``.

        Example:
            >>> load_outline_rules().scheme("runin").inline
            True
        """
        for s in self.schemes:
            if s.id == scheme_id:
                return s
        raise KeyError(f"no outline scheme {scheme_id!r}; known: {[s.id for s in self.schemes]}")


_RULES_CACHE: Dict[str, OutlineRules] = {}


def load_outline_rules(name: str = DEFAULT_RULES) -> OutlineRules:
    """Load and validate ``outline.yaml`` (cached).

    Raises:
        PatternError: A scheme is malformed (names the file and the key).
    Example:
        >>> [s.id for s in load_outline_rules().schemes][:3]
        ['part', 'chapter', 'section']
    """
    cached = _RULES_CACHE.get(name)
    if cached is not None:
        return cached
    data = load_rules(name, OUTLINE)
    where = name
    schemes = []
    for i, e in enumerate(data["schemes"]):
        try:
            e["path"].format(num="一", kind="")
        except (KeyError, IndexError, ValueError) as err:
            raise PatternError(where, f"schemes[{i}].path {e['path']!r} may only use {{num}} and {{kind}} ({err})",
                               key=f"schemes[{i}].path") from None
        rx = compile_regex(e["pattern"], where=where, key=f"schemes[{i}].pattern")
        schemes.append(Scheme(e["id"], rx, e["number"], float(e["rank"]), e["path"], bool(e.get("inline", False))))
    toc = data.get("toc", {}) or {}
    after = compile_regex(data.get("inline_after", "[。；;！？!?：:]"), where=where, key="inline_after")
    inline_ids = [s for s in schemes if s.inline]
    inline_rx = "|".join(f"(?:{s.regex.pattern})".replace("(?P<num>", "(?:").replace("(?P<kind>", "(?:")
                         for s in inline_ids) or "(?!)"
    rules = OutlineRules(
        schemes=tuple(schemes),
        max_heading_chars=int(data.get("max_heading_chars", 60)),
        heading_end=compile_regex(data.get("heading_end", "[。！？!?]"), where=where, key="heading_end"),
        inline_heading_end=compile_regex(data.get("inline_heading_end", "[。！？!?；;]"), where=where,
                                         key="inline_heading_end"),
        inline_marker=compile_regex(f"(?<={after.pattern})(?:{inline_rx})", where=where, key="inline_after"),
        hint_rank_base=float(data.get("hint_rank_base", 2.5)),
        toc_label=compile_regex(toc.get("label", r"目\s*录"), where=where, key="toc.label"),
        toc_min_lines=int(toc.get("min_lines", 3)),
        toc_max_line_chars=int(toc.get("max_line_chars", 40)),
        toc_head_lines=int(toc.get("head_lines", 40)),
        toc_start_lines=int(toc.get("start_lines", 1)),
        toc_leader=compile_regex(toc.get("leader", r"(?!)"), where=where, key="toc.leader"),
        toc_page_number=compile_regex(toc.get("page_number", r"(?!)"), where=where, key="toc.page_number"),
        start_chars=frozenset(str(data.get("line_start_chars", ""))),
    )
    _RULES_CACHE[name] = rules
    return rules
