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
from typing import Any, Tuple

from .._resources import compile_regex
from ..schema import load_rules
from ..specs import TASKS
from .units import RULES_FILE, _load_unit_rules

__all__ = ["is_directive", "is_review", "task_strength"]


@dataclass(frozen=True)
class _Rules:
    directive: "re.Pattern[str]"
    imperative_heading: "re.Pattern[str]"
    review: "re.Pattern[str]"
    question: "re.Pattern[str]"
    problem: "re.Pattern[str]"
    enumerators: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    run_in_max: int
    run_in_min: int
    run_in_count: int
    run_in_inner: "re.Pattern[str]"
    strength: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    principle: "re.Pattern[str]"
    principle_goal: "re.Pattern[str]"


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

    return _Rules(
        directive=rx("directive", data["directive"]),
        imperative_heading=rx("imperative_heading", data["imperative_heading"]),
        review=rx("review", data["review"]),
        question=rx("question", data["question"]),
        problem=rx("problem", data["problem"]),
        enumerators=tuple(enumerators),
        run_in_max=run_in["max_chars"],
        run_in_min=run_in["min_chars"],
        run_in_count=run_in["min_run_in"],
        run_in_inner=rx("run_in.inner_start", run_in["inner_start"]),
        strength=tuple(strength),
        principle=rx("principle_heading", data.get("principle_heading", "(?!)")),
        principle_goal=rx("principle_goal", data.get("principle_goal", "(?!)")),
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
