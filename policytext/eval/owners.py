"""Evaluate responsible units (owners) of tasks against a gold file of responsibility notes.

Gold (``tests/data/gold-owners-dev.jsonl``; one JSON object per line, see
``tests/data/gold-owners.md``): ``{"doc", "start", "end", "task_start", "lead",
"co", "scope", "deadline_text", "form"}``, offsets into the text of
``DOCS/doc`` as ``open(path, encoding="utf-8").read()`` gives it.

Each document is read with :func:`policytext.load` and turned into tasks
(:func:`policytext.to_tasks`, without classification). A note is scored
against the units of the *smallest task containing it* (task spans mapped back
to the raw text): its ``leads`` and ``co`` against the gold ``lead`` and ``co``.
Names are compared whole, after removing whitespace (a note broken by a line
end). Scores: the share of notes whose lead and co units are both exactly
right (as sets, role included), unit precision/recall/F1 (lead + co, role
ignored), lead precision/recall/F1, overall and per document. A task holding
several notes is scored once per note with all its units, so splitting such
tasks at their notes is part of what is measured.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ..errors import PatternError
from ..types import _ToDict
from .gold import json_lines
from .metrics import PRF, format_table

__all__ = ["OwnerNote", "OwnersReport", "read_owner_gold", "score_owners", "evaluate_owners", "format_report"]

RE_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class OwnerNote(_ToDict):
    """One gold responsibility note.

    Example:
        >>> OwnerNote("a.txt", 10, 20, ("省民政厅",), ()).lead
        ('省民政厅',)
    """

    doc: str
    start: int
    end: int
    lead: Tuple[str, ...]
    co: Tuple[str, ...]
    scope: Tuple[str, ...] = ()
    task_start: Optional[int] = None
    form: str = "note"


@dataclass(frozen=True)
class _Counts(_ToDict):
    notes: int = 0
    exact: int = 0
    unit_matched: int = 0
    unit_pred: int = 0
    unit_gold: int = 0
    lead_matched: int = 0
    lead_pred: int = 0
    lead_gold: int = 0

    def __add__(self, o: "_Counts") -> "_Counts":
        return _Counts(*(a + b for a, b in zip(self.__dict__.values(), o.__dict__.values())))

    @property
    def exact_share(self) -> float:
        return self.exact / self.notes if self.notes else 1.0

    @property
    def units(self) -> PRF:
        return PRF.from_counts(matched=self.unit_matched, predicted=self.unit_pred, gold=self.unit_gold)

    @property
    def leads(self) -> PRF:
        return PRF.from_counts(matched=self.lead_matched, predicted=self.lead_pred, gold=self.lead_gold)


@dataclass(frozen=True)
class OwnersReport(_ToDict):
    """Scores over all notes and per document, with the notes not exactly right.

    Attributes:
        total: Counts over all documents (``exact_share``, ``units``, ``leads``).
        per_doc: Document name -> counts.
        misses: ``(doc, note text, gold lead, gold co, predicted leads, predicted co)``.
    """

    total: _Counts
    per_doc: Dict[str, _Counts] = field(default_factory=dict)
    misses: Tuple[Tuple[str, str, Tuple[str, ...], Tuple[str, ...], Tuple[str, ...], Tuple[str, ...]], ...] = ()


def read_owner_gold(path: Union[str, Path]) -> List[OwnerNote]:
    """Read a gold file of responsibility notes.

    Raises:
        PatternError: A line is not a JSON object with ``doc``, ``start``, ``end``, ``lead`` and ``co``.
    """
    out = []
    for no, obj in json_lines(Path(path).read_text(encoding="utf-8"), str(path)):
        try:
            out.append(OwnerNote(doc=str(obj["doc"]), start=int(obj["start"]), end=int(obj["end"]),
                                 lead=tuple(obj.get("lead") or ()), co=tuple(obj.get("co") or ()),
                                 scope=tuple(obj.get("scope") or ()), task_start=obj.get("task_start"),
                                 form=str(obj.get("form", "note"))))
        except (KeyError, TypeError, ValueError) as e:
            raise PatternError(str(path), f"not a responsibility note: {e}", line=no) from None
    return out


def _norm(names: Sequence[str]) -> List[str]:
    return [RE_WS.sub("", n) for n in names]


def _count(gold_lead: Sequence[str], gold_co: Sequence[str], leads: Sequence[str], co: Sequence[str]) -> _Counts:
    gl, gc, pl, pc = set(_norm(gold_lead)), set(_norm(gold_co)), set(_norm(leads)), set(_norm(co))
    gu, pu = gl | gc, pl | pc
    return _Counts(notes=1, exact=int(gl == pl and gc == pc), unit_matched=len(gu & pu), unit_pred=len(pu),
                   unit_gold=len(gu), lead_matched=len(gl & pl), lead_pred=len(pl), lead_gold=len(gl))


def score_owners(notes: Sequence[OwnerNote], tasks_by_doc: Dict[str, Sequence[Tuple[int, int, Sequence[str],
                                                                                     Sequence[str]]]],
                 texts: Optional[Dict[str, str]] = None) -> OwnersReport:
    """Score notes against tasks given as ``(raw_start, raw_end, leads, co)`` per document.

    Example:
        >>> g = [OwnerNote("a.txt", 5, 12, ("省民政厅",), ("省财政厅",))]
        >>> r = score_owners(g, {"a.txt": [(0, 15, ("省民政厅",), ())]})
        >>> r.total.exact, round(r.total.units.recall, 2), r.total.leads.f1
        (0, 0.5, 1.0)
    """
    per_doc: Dict[str, _Counts] = defaultdict(_Counts)
    misses = []
    for n in notes:
        tasks = [t for t in tasks_by_doc.get(n.doc, ()) if t[0] <= n.start < t[1]]
        best = min(tasks, key=lambda t: t[1] - t[0]) if tasks else (0, 0, (), ())
        c = _count(n.lead, n.co, best[2], best[3])
        per_doc[n.doc] = per_doc[n.doc] + c
        if not c.exact:
            text = (texts or {}).get(n.doc, "")[n.start:n.end]
            misses.append((n.doc, text, n.lead, n.co, tuple(best[2]), tuple(best[3])))
    for d in tasks_by_doc:
        per_doc.setdefault(d, _Counts())
    total = sum(per_doc.values(), _Counts())
    return OwnersReport(total=total, per_doc=dict(sorted(per_doc.items())), misses=tuple(misses))


def evaluate_owners(gold: Union[str, Path], docs: Union[str, Path]) -> OwnersReport:
    """Read the gold notes, convert each document they name into tasks and score them.

    Args:
        gold: The gold file.
        docs: Folder holding the documents named in the gold file.
    """
    from ..io import load
    from ..tasks import to_tasks

    notes = read_owner_gold(gold)
    tasks_by_doc: Dict[str, List[Tuple[int, int, Sequence[str], Sequence[str]]]] = {}
    texts: Dict[str, str] = {}
    for name in dict.fromkeys(n.doc for n in notes):
        path = Path(docs) / name
        texts[name] = path.read_text(encoding="utf-8")
        doc = load(path)
        rows = []
        for t in to_tasks(doc, classify=False, targets=[]):
            s, e = doc.raw_span(t.start, t.end)
            rows.append((s, e, t.leads, t.co))
        tasks_by_doc[name] = rows
    return score_owners(notes, tasks_by_doc, texts)


def format_report(report: OwnersReport, *, verbose: bool = False) -> str:
    """The report as a plain-text table (``-v``: every note not exactly right)."""
    def row(name: str, c: _Counts) -> List[Any]:
        u, ld = c.units, c.leads
        return [name, c.notes, f"{c.exact_share:.3f}", f"{u.precision:.3f}", f"{u.recall:.3f}", f"{u.f1:.3f}",
                f"{ld.precision:.3f}", f"{ld.recall:.3f}", f"{ld.f1:.3f}"]

    header = ["doc", "notes", "all right", "unit P", "unit R", "unit F1", "lead P", "lead R", "lead F1"]
    rows = [row(d, c) for d, c in report.per_doc.items()] + [row("total", report.total)]
    lines = [format_table(rows, header)]
    if verbose:
        for doc, text, gl, gc, pl, pc in report.misses:
            lines.append(f"miss: {doc} {json.dumps(text, ensure_ascii=False)}\n"
                         f"      gold lead {list(gl)} co {list(gc)}; got lead {list(pl)} co {list(pc)}")
    return "\n".join(lines)
