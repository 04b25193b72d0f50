"""Acceptance: which candidate tasks are tasks, siblings decided together.

Review (``取得了……``), questions (``……是否……``) and problem statements
(``……偏低``) are not tasks, nor is anything in a section that states
principles (``指导思想``, ``基本原则``, ``总体要求``; ``principle_heading`` of
``tasks.yaml``); a candidate that names its responsible units in a note
(``（省民政厅牵头）``) is a task. A series of run-in items or of sibling
sections is judged as a whole (:func:`_accept`).
"""
from __future__ import annotations

from typing import Dict, List, Sequence, Tuple

from ..types import Document
from .rules import _Rules, is_review
from .segment import _Candidate
from .units import find_notes


def _in_principles(doc: Document, c: _Candidate, rules: _Rules, headings: Dict[str, str]) -> bool:
    """Whether the candidate sits in a section that states principles (指导思想, 基本原则, 总体要求).

    A part on goals inside such a section (``（三）主要目标`` under ``一、总体要求``) is not excluded.
    """
    chain: List[str] = []
    if c.section:
        parts = c.section.split("/")
        chain = [headings.get("/".join(parts[:k]), "") for k in range(1, len(parts) + 1)]
    own = [h for h in chain if h]
    if c.kind in ("item", "head") and c.heading:
        own.append(c.heading)
    clean = [h.strip(" \t\u3000。.：:") for h in own]
    if not any(rules.principle.search(h) for h in clean):
        return False
    below = clean[next(i for i, h in enumerate(clean) if rules.principle.search(h)) + 1:]
    return not any(rules.principle_goal.search(h) for h in below)


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
    if rules.info_item.match(body, len(c.marker) if body.startswith(c.marker) else 0):
        return False  # 一、培训时间：…… / 二、培训地点：……: a notice's particulars
    if c.heading and "\n" in body and rules.lead_in.match(body.split("\n", 1)[1].strip()):
        return False  # 一、关于社会救助工作 / 今年要重点抓好以下工作：: the items under it are the tasks
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
    - a candidate with a responsibility note counts as a directive;
    - nothing in a section that states principles is a task (:func:`_in_principles`);
    - a series where fewer than half of the items are directives, and a list
      of sections (three or more siblings, numbered in one run) where fewer
      than half are, is a review (工作回顾) or a list of questions: only items
      with an imperative heading are kept, so a review item that runs into
      the next part's directives is dropped.
    """
    text = doc.text
    noted = [bool(find_notes(text[c.start:c.end])) for c in candidates]
    single = [n and _accept_heading(c, rules) or _accept_one(doc, c, rules, text[c.start:c.end])
              for c, n in zip(candidates, noted)]
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
                keep[i] = single[i] and bool(noted[i] or c.heading and rules.imperative_heading.match(c.heading))
    headings = {s.path: s.heading for s in doc.sections}
    return [c for c, k in zip(candidates, keep)
            if k and not any(a <= c.start < b for a, b in review) and not _in_principles(doc, c, rules, headings)]
