"""Acceptance: which candidate tasks are tasks, siblings decided together.

Review (``取得了……``), questions (``……是否……``) and problem statements
(``……偏低``) are not tasks; a series of run-in items or of sibling sections
is judged as a whole (:func:`_accept`).
"""
from __future__ import annotations

from typing import List, Sequence, Tuple

from ..types import Document
from .rules import _Rules, is_review
from .segment import _Candidate


def _accept_heading(c: _Candidate, rules: _Rules) -> bool:
    """False for headings that review (取得了……), ask (……是否……) or state a problem (……偏低)."""
    heading = c.heading_text
    if rules.directive.search(heading):
        return True
    if rules.review.search(heading) or rules.question.search(heading):
        return False
    return not (rules.problem.search(c.heading) and not rules.imperative_heading.match(c.heading))


def _accept_one(doc: Document, c: _Candidate, rules: _Rules, body: str) -> bool:
    if not _accept_heading(c, rules):
        return False
    if rules.directive.search(body):
        return True
    if c.heading and rules.imperative_heading.match(c.heading):
        return True
    return doc.doc_type in ("work_plan", "notice", "law") and c.kind == "item" and not rules.review.search(body)


def _accept(doc: Document, candidates: List[_Candidate], rules: _Rules,
            review: Sequence[Tuple[int, int]] = ()) -> List[_Candidate]:
    """Keep the candidates that are tasks, deciding siblings together.

    - nothing inside a review part of the document (``review``: the spans
      :func:`policytext.extract.targets.review_spans` finds, e.g. ``一、过去一年工作回顾``)
      is a task;
    - a series of run-in items, or of sibling sections, is a list of tasks
      when at least half of its items are directives: then every item that
      is not review is kept (``福利机构消防检查。排查……`` beside ``……要……`` items);
    - a series where fewer than half of the items are directives, and a list
      of sections (three or more siblings, numbered in one run) where fewer
      than half are, is a review (工作回顾) or a list of questions: only items
      with an imperative heading are kept, so a review item that runs into
      the next part's directives is dropped.
    """
    text = doc.text
    single = [_accept_one(doc, c, rules, text[c.start:c.end]) for c in candidates]
    groups: dict = {}
    for i, c in enumerate(candidates):
        groups.setdefault(c.group, []).append(i)
    keep = list(single)
    for key, idx in groups.items():
        share = sum(single[i] for i in idx) / len(idx)
        if key[0] in ("series", "sections") and len(idx) >= 2 and share >= 0.5:
            for i in idx:
                c = candidates[i]
                keep[i] = _accept_heading(c, rules) and not is_review(text[c.start:c.end])
        elif (key[0] == "sections" and len(idx) >= 3 or key[0] == "series") and share < 0.5:
            for i in idx:
                c = candidates[i]
                keep[i] = single[i] and bool(c.heading and rules.imperative_heading.match(c.heading))
    return [c for c, k in zip(candidates, keep)
            if k and not any(a <= c.start < b for a, b in review)]
