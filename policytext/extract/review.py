"""Review parts of a document: spans whose numbers report past work.

A work report opens with 工作回顾 and a speech with what was achieved; the
numbers there are achievements, not targets. The cue words (review and plan
headings, review and plan markers, their ratio) live in
``data/rules/targets.yaml``.
"""
from __future__ import annotations

from typing import List, Tuple

from ..types import Document
from .target_rules import load_rules

__all__ = ["review_spans"]


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
    R = load_rules()
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
