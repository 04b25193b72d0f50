"""Tasks: turn a document into a checkable task list (任务清单).

A *task* is one thing the document asks to be done from now on:

- a numbered item of a work plan (``6.实施……试点。……`` up to the next item);
- a directive of a speech: a section headed ``（一）聚焦……``, a run-in item
  ``一要……二要……`` / ``一是……`` / ``第一，……``, a short run-in heading that
  opens a paragraph (``……服务机构防控。……要……``), or a short ``要……。`` sentence
  that heads the text after it;
- failing any outline, a directive sentence (``要……``, ``必须……``, ``确保……``,
  ``力争……``).

Praise and review (``取得了……``, ``作出了……贡献``, achievements of past years) are
not tasks.

How the outline is used (see :func:`to_tasks`; :mod:`.segment` and :mod:`.accept`):

- a *leaf* section (no sub-sections) is one task, unless its text is review;
- a section with children is a *group*: each child is visited. When the group
  has text of its own between its heading and its first child and that text
  is a directive (``要……``), the heading plus that text is a task of kind
  ``"head"``, so a group heading that carries its own instructions is not
  lost; a group whose heading is directly followed by its children gives no
  task of its own;
- inside a leaf, inline enumerators (``一要…二要…``) or at least two run-in
  headings split the leaf into tasks of kind ``"run_in"``; the text before
  the first of them is handled like a group's own text;
- paragraphs outside every section are only split into directive sentences
  (kind ``"directive"``) when the outline yields no task at all (a speech or
  notice without numbering); otherwise they are preambles and transitions.

Tasks never overlap and follow document order. Each task carries its
evidence (``start``/``end`` into ``Document.text``, ``page``), its targets
(those whose quoted evidence lies inside the task), a deadline, the
responsible units and a strength. The rules are data:
``policytext/data/rules/tasks.yaml`` and ``lexicons/org_suffixes.txt``.

Modules, lowest first: :mod:`.units` (responsible units, an extractor),
:mod:`.rules` (the rule file; directive, review and strength cues),
:mod:`.model` (:class:`Task`, :class:`TaskList`), :mod:`.segment` (candidates
from the outline), :mod:`.accept` (which candidates are tasks) and
:mod:`.build` (:func:`to_tasks`). Exports live in :mod:`policytext.export`:
tasks imports export, never the other way round.
"""
from __future__ import annotations

from .build import _stem, to_tasks  # noqa: F401  (_stem, _load_rules: used by batch and tests)
from .model import Task, TaskList
from .rules import RULES_FILE, _load_rules, is_directive, is_review, task_strength  # noqa: F401
from .units import SUFFIX_FILE, ResponsibleUnits, extract_units  # noqa: F401

__all__ = [
    "Task",
    "TaskList",
    "ResponsibleUnits",
    "to_tasks",
    "extract_units",
    "task_strength",
    "is_directive",
    "is_review",
]
