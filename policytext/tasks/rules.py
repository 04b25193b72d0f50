"""Task rules: the cues of ``policytext/data/rules/tasks.yaml`` and the small decisions made with them.

:func:`is_directive` (要, 必须, 确保 …), :func:`is_review` (取得了, 作出了……贡献 …)
and :func:`task_strength` (binding, aspirational, gradual or neutral); the
segmenter (:mod:`.segment`, :mod:`.accept`) reads the outline cues
(enumerators, run-in headings, imperative headings, questions, problems)
from the same :class:`_Rules`. The responsibility rules of the file are
read by :mod:`.units`; loading the rules here validates them too.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, Optional, Tuple

from .._resources import compile_regex, required_texts
from ..schema import load_rules
from ..specs import TASKS
from .units import RULES_FILE, _load_unit_rules

__all__ = ["is_directive", "is_review", "task_strength", "glossary_spans"]


@dataclass(frozen=True)
class _Rules:
    directive: "re.Pattern[str]"
    imperative_heading: "re.Pattern[str]"
    review: "re.Pattern[str]"
    question: "re.Pattern[str]"
    problem: "re.Pattern[str]"
    lead_in: "re.Pattern[str]"
    note_above: "re.Pattern[str]"
    enumerators: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    run_in_max: int
    run_in_min: int
    run_in_count: int
    run_in_inner: "re.Pattern[str]"
    strength: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    principle: "re.Pattern[str]"
    principle_goal: "re.Pattern[str]"
    glossary_heading: Optional["re.Pattern[str]"] = None
    glossary_end: Optional["re.Pattern[str]"] = None
    glossary_entry: Optional["re.Pattern[str]"] = None
    final_provision: Optional["re.Pattern[str]"] = None
    #: texts one of which every final provision holds (:func:`policytext._resources.required_texts`)
    final_provision_texts: Tuple[str, ...] = ()
    #: what makes a period a time limit: a completion after it, a time-limit label before it
    deadline_completion: "re.Pattern[str]" = re.compile("(?!)")
    deadline_label_before: "re.Pattern[str]" = re.compile("(?!)")
    deadline_gate: "re.Pattern[str]" = re.compile("(?!)")
    info_item: "re.Pattern[str]" = re.compile("(?!)")


@functools.lru_cache(maxsize=4)
def _load_rules(name: str = RULES_FILE) -> _Rules:
    """Read and validate the task rules (cached)."""
    data = load_rules(name, TASKS)  # keys, kinds and regexes checked by the one schema
    where = name

    def rx(key: str, pattern: Any, flags: int = 0) -> "re.Pattern[str]":
        return compile_regex(pattern, where=where, key=key, flags=flags)

    enumerators = [(str(e["id"]), rx(f"enumerators[{i}].marker", e["marker"]))
                   for i, e in enumerate(data["enumerators"])]
    run_in = data["run_in"]

    strength = []
    for i, e in enumerate(data["strength"]):
        strength.append((e["id"], rx(f"strength[{i}].pattern", e["pattern"])))

    _load_unit_rules(name)  # the responsibility part, validated with the rest of the file
    glossary = data.get("glossary") or {}
    final = rx("final_provision", data["final_provision"]) if data.get("final_provision") else None

    return _Rules(
        deadline_completion=rx("deadline_completion", data.get("deadline_completion", "(?!)")),
        deadline_label_before=rx("deadline_label_before", data.get("deadline_label_before", "(?!)")),
        deadline_gate=rx("deadline_gate", data.get("deadline_gate", "(?!)")),
        info_item=rx("info_item", data.get("info_item", "(?!)")),
        directive=rx("directive", data["directive"]),
        imperative_heading=rx("imperative_heading", data["imperative_heading"]),
        review=rx("review", data["review"]),
        question=rx("question", data["question"]),
        problem=rx("problem", data["problem"]),
        lead_in=rx("lead_in", data.get("lead_in", "(?!)")),
        note_above=rx("note_above", data.get("note_above", "(?!)")),
        enumerators=tuple(enumerators),
        run_in_max=run_in["max_chars"],
        run_in_min=run_in["min_chars"],
        run_in_count=run_in["min_run_in"],
        run_in_inner=rx("run_in.inner_start", run_in["inner_start"]),
        strength=tuple(strength),
        principle=rx("principle_heading", data.get("principle_heading", "(?!)")),
        principle_goal=rx("principle_goal", data.get("principle_goal", "(?!)")),
        glossary_heading=rx("glossary.heading", glossary["heading"]) if glossary else None,
        glossary_end=rx("glossary.end", glossary["end"]) if glossary else None,
        glossary_entry=rx("glossary.entry", glossary["entry"]) if glossary else None,
        final_provision=final,
        final_provision_texts=required_texts(final) if final is not None else (),
    )


def is_directive(text: str) -> bool:
    """Whether ``text`` contains a directive cue (要, 必须, 确保, 力争 …).

    ``需要``, ``重要``, ``主要``, ``要求`` do not count.

    Example:
        >>> is_directive("各县区要加快推进养老服务设施建设。")
        True
        >>> is_directive("这项工作十分重要。")
        False
    """
    return _load_rules().directive.search(text) is not None


def is_review(text: str) -> bool:
    """Whether ``text`` reviews past work (取得了, 作出了……贡献, 累计 …) and gives no directive.

    Example:
        >>> is_review("全市民政工作取得了新进展，为全市发展作出了重要贡献。")
        True
        >>> is_review("要巩固已取得的成效，确保年底前完成。")
        False
    """
    r = _load_rules()
    return r.review.search(text) is not None and r.directive.search(text) is None


def task_strength(text: str) -> str:
    """How binding a task is: ``binding``, ``aspirational``, ``gradual`` or ``neutral``.

    The first kind in the rule file's order that occurs wins: a task that says
    ``确保`` anywhere is binding even if it also says ``力争``.

    Example:
        >>> task_strength("确保年底前全面完成")
        'binding'
        >>> task_strength("力争覆盖率达到90%")
        'aspirational'
        >>> task_strength("逐步提高保障标准")
        'gradual'
        >>> task_strength("新建养老服务中心3个")
        'neutral'
    """
    for name, pattern in _load_rules().strength:
        if pattern.search(text):
            return name
    return "neutral"


def glossary_spans(text: str, *, skip: Optional[Tuple[int, int]] = None) -> Tuple[Tuple[int, int], ...]:
    """``(start, end)`` of the glossaries of terms (名词解释 …) in ``text``: no task comes from them.

    A glossary runs from a line that is a glossary heading to the next annex
    line (``附件2``) or the end of the text; ``skip`` is a span to ignore (the
    table of contents).

    Example:
        >>> text = "一、加强养老服务\\n要新建养老服务中心。\\n附件：名词解释\\n1．智慧养老：指利用信息技术提供养老服务。"
        >>> [text[s:e].split("\\n")[0] for s, e in glossary_spans(text)]
        ['附件：名词解释']
    """
    r = _load_rules()
    if r.glossary_heading is None or r.glossary_end is None:
        return ()
    spans = []
    start: Optional[int] = None
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        in_skip = skip is not None and skip[0] <= pos < skip[1]
        if not in_skip and stripped:
            if start is None and r.glossary_heading.fullmatch(stripped):
                start = pos
            elif start is not None and r.glossary_end.fullmatch(stripped):
                spans.append((start, pos))
                start = None
        pos += len(line) + 1
    if start is not None:
        spans.append((start, len(text)))
    return tuple(spans)


def is_definition(text: str) -> bool:
    """Whether ``text`` (an item without its marker) defines a term (``SaaS：指……``): a glossary entry.

    Example:
        >>> is_definition("SaaS（软件即服务）：指一种基于互联网提供软件服务的应用模式。")
        True
        >>> is_definition("工作目标：指导各地做好养老服务工作。")
        False
    """
    r = _load_rules()
    return r.glossary_entry is not None and r.glossary_entry.search(text.strip()) is not None
