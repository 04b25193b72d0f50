"""to_tasks: a document's task list, from its segmented candidates.

Candidates come from :mod:`.segment` and :mod:`.accept`; each task then gets
its work areas (the classifier, with the headings of the sections around it
as context, and its siblings' area when it has none of its own), its targets
(those whose quoted evidence lies inside it), a deadline (:func:`_deadline`),
the responsible units (:mod:`.units`) and a strength (:mod:`.rules`). The
classifier's taxonomy is kept on the :class:`~.model.TaskList`.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as _dt
import functools
import logging
import time
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Callable, List, Optional, Sequence, Tuple, Union

from ..types import Document, Target
from .accept import _accept
from .model import Task, TaskList
from .rules import _load_rules, glossary_spans, is_definition, task_strength
from .segment import _Candidate, _cut_final_provisions, _directive_sentences, _segment, _split_at_notes
from ..extract.tables import with_table_targets
from .tables import drop_table_text, no_deadline, table_tasks
from .units import ResponsibleUnits, _states_first_is_lead, extract_units

if TYPE_CHECKING:  # pragma: no cover
    from ..classification.taxonomy import Taxonomy

__all__ = ["to_tasks"]

logger = logging.getLogger(__name__)


def _areas_from_siblings(candidates: Sequence[_Candidate], areas: List[List[str]], texts: Sequence[str],
                         taxonomy: "Taxonomy") -> List[List[str]]:
    """A task the classifier puts outside every area (``other``) takes the area its siblings share.

    An item of a list whose other items are, in majority, about one area
    (``三是规范台账管理`` after two items on 低保) belongs to that area when
    its own text names nothing else: it has no seed term, or one of that area.
    ``促进优质数字教育资源共享`` names 教育 (a term of ``other``) and stays
    ``other`` beside items on elderly care. Lists that are mostly ``other``
    change nothing.
    """
    fallback = taxonomy.fallback
    groups: dict = {}
    for i, c in enumerate(candidates):
        groups.setdefault(c.group, []).append(i)
    out = [list(a) for a in areas]
    for i, c in enumerate(candidates):
        if areas[i] and areas[i] != [fallback]:
            continue
        others = [areas[j][0] for j in groups[c.group] if j != i and areas[j]]
        if len(others) < 2:
            continue
        best = max(set(others), key=lambda a: (others.count(a), a))
        if best == fallback or others.count(best) * 2 <= len(others):
            continue
        named = taxonomy.count_seeds(texts[i])
        if not named or best in named:  # the text names nothing else
            out[i] = [best]
    return out


def _section_context(doc: Document, candidates: Sequence[_Candidate]) -> List[Tuple[str, ...]]:
    """For each candidate, the headings of the sections it sits in, nearest first.

    The classifier uses them to choose between areas a task carries itself
    (:meth:`policytext.WorkAreaClassifier.predict_areas`): a task on the
    epidemic control of care homes, under a section on epidemic control, is
    filed under epidemic control, and under a section on elderly care, under
    elderly care.
    """
    out = []
    for c in candidates:
        around = [s for s in doc.sections if s.start < c.start < s.end]
        around.sort(key=lambda s: (-s.start, -s.level))
        out.append(tuple(s.heading for s in around if s.heading.strip()))
    return out


def _outside_glossaries(doc: Document, candidates: Sequence[_Candidate]) -> List[_Candidate]:
    """Candidates that are not in a glossary of terms (名词解释) or the lines a document closes with (联系人,
    the issuer and date of its signature) and do not define a term (``SaaS：指……``).

    A candidate that runs into a glossary (a group heading whose own text
    goes on into the annex), into the closing lines or into an annex (a line 附件3, 附件：……) is cut where
    they start.
    """
    from ..document.metadata import annex_lines, closing_start, signature_span

    spans = glossary_spans(doc.text, skip=doc.toc)
    closing = closing_start(doc.text)
    if closing < len(doc.text):
        spans = [*spans, (closing, len(doc.text))]
    signed = signature_span(doc.text)  # the signature before an annex: the annex's own items stay
    if signed is not None:
        spans = [*spans, signed]
    annexes = annex_lines(doc.text)  # a task ends where an annex begins; the annexes' own tasks stay
    out = []
    for c in candidates:
        if any(s <= c.start < e for s, e in spans):
            continue
        if is_definition(doc.text[c.start:c.end][len(c.marker):].lstrip()):
            continue
        cut = min([s for s, _ in spans if c.start < s < c.end] + [a for a in annexes if c.start < a < c.end],
                  default=None)
        if cut is not None:
            end = len(doc.text[:cut].rstrip())
            c = dataclasses.replace(c, end=end)
        out.append(c)
    return out


def _notes_above(tasks: List[Task], rx: "re.Pattern[str]") -> List[Task]:
    """A note closing the last item of a list (以上任务由A牵头，B配合，……前完成) gives its units and time limit to
    the items before it in the same section that name none of their own."""
    out = list(tasks)
    for i, t in enumerate(out):
        if not (t.leads or t.co or t.scope) or not rx.search(t.text):
            continue
        parent = _parent(t.section)
        j = i - 1
        while j >= 0 and t.section and out[j].section and _parent(out[j].section) == parent and out[j].kind == t.kind:
            u = out[j]
            if not (u.leads or u.co or u.scope):
                out[j] = dataclasses.replace(u, lead=t.lead, leads=t.leads, co=t.co, scope=t.scope,
                                             **({"deadline": t.deadline, "deadline_text": t.deadline_text}
                                                if u.deadline_text is None and t.deadline_text else {}))
            j -= 1
    return out


def _parent(path: Optional[str]) -> Optional[str]:
    return path.rsplit("/", 1)[0] if path and "/" in path else None


def _reference(doc: Document, reference_date: Optional[_dt.date]) -> Union[None, int, _dt.date]:
    """What 今年/年底前 refer to: the document's plan year, else its date, else ``reference_date``."""
    if doc.year is not None:
        return doc.year
    if doc.date is not None:
        return doc.date
    return reference_date


@functools.lru_cache(maxsize=None)
def _time_functions() -> Tuple[Callable, Callable, Callable, Callable]:
    """``extract_times``, ``is_deadline``, ``may_set_deadline`` and ``is_history``, imported on first use.

    Importing :mod:`policytext.extract.times` (its grammar) takes about 0.1 s,
    which ``import policytext.tasks`` does not pay; an import statement in
    :func:`_deadline` itself would cost a few microseconds for every task.
    """
    from ..extract.deadlines import is_deadline, is_history
    from ..extract.times import extract_times, may_set_deadline

    return extract_times, is_deadline, may_set_deadline, is_history


def _deadline(text: str, targets: Sequence[Target], reference: Union[None, int, _dt.date], *,
              cell: bool = False) -> Tuple[Optional[_dt.date], Optional[str]]:
    """The earliest explicit deadline of the text, else the earliest target deadline.

    ``截至……`` states how things stood at a date (a statistic), and a past
    phrase (``去年底``) is history: neither is a deadline. A period that is no
    time limit by its wording is one when a completion follows it (``上半年完成``)
    or a time-limit label precedes it (``完成时限：2024年10月``), and in a 完成时限
    ``cell`` of a task table any time is.
    """
    extract_times, _, may_set_deadline, _ = _time_functions()
    rules = _load_rules()
    read = cell or may_set_deadline(text) or rules.deadline_gate.search(text) is not None
    year = reference.year if isinstance(reference, _dt.date) else reference
    explicit = [t for t in extract_times(text, reference=reference) if _time_limit(text, t, rules, cell, year)] \
        if read else []
    dated = [t for t in explicit if t.date_to is not None]
    if dated:
        best = min(dated, key=lambda t: (t.date_to, t.start))
        return best.date_to, best.text
    with_deadline = [t for t in targets if t.deadline is not None]
    if with_deadline:
        best_t = min(with_deadline, key=lambda t: (t.deadline, t.start))
        return best_t.deadline, best_t.deadline_text
    if explicit:  # a deadline whose year cannot be known (×月底前)
        return None, explicit[0].text
    return None, None


def _time_limit(text: str, t: Any, rules: Any, cell: bool, year: Optional[int]) -> bool:
    """Whether the time ``t`` of ``text`` sets the task's time limit (see :func:`_deadline`); a period over
    before the document's ``year`` never does (1956年完成……)."""
    _, is_deadline, _, is_history = _time_functions()
    if is_deadline(t):
        return True
    if t.date_to is None or is_history(t, year=year) or (year is not None and t.date_to.year < year):
        return False
    return cell or rules.deadline_completion.match(text, t.end) is not None \
        or rules.deadline_label_before.search(text, max(0, t.start - 12), t.start) is not None


def _with_tables(doc: Document, candidates: List[_Candidate]) -> Tuple[List[_Candidate], list, dict]:
    """The candidates with the tasks of the document's task and indicator tables, in document order.

    Text candidates inside such a table (its tab-joined lines) are dropped, and
    those running into one are cut before it (:mod:`.tables`).
    """
    table_rows, table_spans = table_tasks(doc) if doc.tables else ([], [])
    by_start: dict = {}
    if not table_rows:
        return candidates, table_rows, by_start
    candidates = drop_table_text(candidates, table_spans, doc.text)
    for tt in table_rows:
        sec = doc.section_at(tt.start)
        candidates.append(_Candidate(tt.start, tt.end, tt.heading, tt.marker, sec.path if sec else None, tt.kind,
                                     ("table", tt.table)))
        by_start[(tt.start, tt.end)] = tt
    candidates.sort(key=lambda c: (c.start, c.end))
    return candidates, table_rows, by_start


def _table_task_fields(tt: Any, body: str, mine: Sequence[Target], reference: Union[None, int, _dt.date]
                       ) -> Tuple[ResponsibleUnits, Tuple[Optional[_dt.date], Optional[str]]]:
    """Units and deadline of a task from a table: its unit columns, its 完成时限 cell (else its text)."""
    units = ResponsibleUnits(leads=tt.leads, co=tt.co, scope=tt.scope, rule="table")
    if tt.kind != "table_row":
        return units, _deadline("", mine, reference)
    cell = tt.deadline_cell or ""
    if not cell:
        return units, _deadline(body, mine, reference)
    if no_deadline(cell):  # 长期坚持
        return units, (None, cell)
    return units, _deadline(cell, (), reference, cell=True)


def _stem(source: str) -> str:
    name = PurePath(source).name if source and not source.startswith("<") else "doc"
    stem = PurePath(name).stem if "." in name else name
    return stem or "doc"


def _areas(doc: Document, candidates: Sequence[_Candidate], texts: List[str],
           classify: Union[bool, Any, Callable[[List[str]], List[List[str]]]]
           ) -> Tuple[List[List[str]], Optional["Taxonomy"]]:
    """Work areas of each candidate (see ``classify`` of :func:`to_tasks`) and the classifier's taxonomy."""
    if classify is False or classify is None:
        return [[] for _ in texts], None
    from ..classification import AreaPredictor, classify as _classify, load_predictor
    from ..classification.taxonomy import load_taxonomy

    taxonomy = None
    if classify is True or isinstance(classify, AreaPredictor):
        if not texts:  # the shipped model is not loaded for a document without tasks
            return [], getattr(classify, "taxonomy_", None)
        model = load_predictor() if classify is True else classify
        areas = _classify(texts, model=model, context=_section_context(doc, candidates))
        taxonomy = model.taxonomy_
    else:
        areas = classify(texts)
    if areas:
        areas = _areas_from_siblings(candidates, [list(a) for a in areas], texts, taxonomy or load_taxonomy())
    return areas, taxonomy


def _committed(doc: Document, targets: Sequence[Target]) -> List[int]:
    """Where the sentences start that commit to a target with a verb or a future cue (新增100张……床位), not
    a bare measurement (0-1MHz -21dBm); in news and reports, which tell what was done, only with a future cue
    (会议通报，全市新建社区食堂45个 is none), and never in a review part."""
    from ..extract.review import review_spans
    from ..extract.target_rules import load_rules as target_rules

    R = target_rules()
    told = doc.doc_type in ("news", "report")
    review = review_spans(doc)
    return sorted({t.start for t in targets if t.source == "text"
                   and (R.re_future.search(t.text) or R.re_scope_reset.search(t.text)
                        or not told and R.re_count_verb_any.search(t.text))
                   and not any(a <= t.start < b for a, b in review)})


def _candidates(doc: Document, targets: Sequence[Target] = ()) -> Tuple[List[_Candidate], dict]:
    """The document's task candidates in order (outline items, run-in items, directive sentences, table rows),
    and the table rows by their span. ``targets``: the document's targets (when it has no outline tasks, a
    sentence that commits to one is a task: :func:`_committed`)."""
    from ..extract.review import review_spans

    rules = _load_rules()
    review = review_spans(doc) if doc.sections else []
    candidates = _accept(doc, _outside_glossaries(doc, _segment(doc, rules)), rules, review)
    if not candidates:
        candidates = _directive_sentences(doc, rules, _committed(doc, targets))
    candidates = _cut_final_provisions(doc.text, _split_at_notes(doc.text, candidates), rules)
    candidates, _, by_start = _with_tables(doc, candidates)
    return candidates, by_start


def _task(doc: Document, n: int, c: _Candidate, body: str, targets: Sequence[Target], areas: Sequence[str],
          by_start: dict, reference: Union[None, int, _dt.date], stem: str, doc_name: str,
          first_is_lead: bool, starts: Sequence[int]) -> Task:
    """Task number ``n`` of the document, from its candidate: targets inside it (``targets`` are sorted by
    their quote, whose starts are ``starts``), units, deadline, strength."""
    mine = tuple(t for t in targets[bisect.bisect_left(starts, c.start):bisect.bisect_left(starts, c.end)])
    tt = by_start.get((c.start, c.end)) if c.group[0] == "table" else None
    if tt is not None:
        units, (deadline, deadline_text) = _table_task_fields(tt, body, mine, reference)
    else:
        deadline, deadline_text = _deadline(body, mine, reference)
        units = extract_units(body, first_is_lead=first_is_lead)
    return Task(
        id=f"{stem}-{n:03d}", doc=doc_name, section=c.section, marker=c.marker, heading=c.heading, text=body,
        start=c.start, end=c.end, page=doc.page_at(c.start), kind=c.kind, areas=tuple(areas), targets=mine,
        deadline=deadline, deadline_text=deadline_text, lead=units.lead, co=units.co,
        strength=task_strength(body), leads=units.leads, scope=units.scope,
        source="table" if tt is not None else "text", row=tt.row if tt is not None else None,
    )


def to_tasks(doc: Union[Document, str], *, reference_date: Optional[_dt.date] = None,
             classify: Union[bool, Any, Callable[[List[str]], List[List[str]]]] = True,
             targets: Optional[Sequence[Target]] = None) -> TaskList:
    """Turn a document into its task list.

    Args:
        doc: A :class:`~policytext.types.Document` (from :func:`policytext.load`),
            or clean text (read through :func:`policytext.document.from_text`).
        reference_date: The date ``今年`` refers to when the document states no
            date or year.
        classify: ``True`` to tag work areas with the shipped model
            (:func:`policytext.classification`, with the headings of the sections
            around each task as its context), a fitted
            :class:`~policytext.WorkAreaClassifier` to use that model the same
            way, ``False`` to leave ``areas`` empty, or a function
            ``texts -> list of code lists`` to use instead (it gets the task
            texts only).
        targets: The document's targets, if already extracted; by default
            :func:`policytext.extract_targets` runs on the document.
    Returns:
        The tasks in document order (see :mod:`policytext.tasks` for what a
        task is and how the outline is used), with the taxonomy of the
        classifier used (``TaskList.taxonomy``; ``None`` when ``classify`` is
        ``False`` or a function), so exports name the areas of that model.
    Raises:
        PatternError: A rule file is malformed.
        TypeError: ``doc`` is neither a Document nor a str, or is a file's path (load it first).
    Example:
        >>> from policytext.types import Document, Section
        >>> text = "一、做好养老服务\\n1.加强设施建设。由市民政局牵头，财政局配合，年底前新建养老服务中心3个。\\n2.提升服务质量。力争护理型床位占比达到55%以上。"
        >>> secs = (Section(1, "一、", "做好养老服务", "一", 0, len(text), 8),
        ...         Section(2, "1.", "加强设施建设", "一/1", 9, 46, 17),
        ...         Section(2, "2.", "提升服务质量", "一/2", 47, len(text), 55))
        >>> doc = Document(text=text, source="要点.txt", year=2020, doc_type="work_plan", sections=secs)
        >>> tasks = to_tasks(doc, classify=False)
        >>> [(t.id, t.heading, t.lead, t.co, t.strength) for t in tasks]
        [('要点-001', '加强设施建设', '市民政局', ('财政局',), 'neutral'), ('要点-002', '提升服务质量', None, (), 'aspirational')]
        >>> str(tasks[0].deadline), tasks[0].deadline_text
        ('2020-12-31', '年底前')
    """
    from ..document import as_document

    doc = as_document(doc, "to_tasks", reference_date=reference_date)
    t0 = time.perf_counter()
    text = doc.text
    if targets is None:
        from ..extract.targets import extract_targets

        targets = extract_targets(doc, reference_date=reference_date)
    candidates, by_start = _candidates(doc, targets)
    targets = sorted(with_table_targets(doc, targets), key=lambda t: (t.quote_start, t.start))

    texts = [text[c.start:c.end] for c in candidates]
    areas, taxonomy = _areas(doc, candidates, texts, classify)

    reference = _reference(doc, reference_date)
    stem = _stem(doc.source)
    doc_name = PurePath(doc.source).name if doc.source else "<text>"
    first_is_lead = _states_first_is_lead(text)
    starts = [t.quote_start for t in targets]
    tasks = [_task(doc, n, c, body, targets, areas[n - 1], by_start, reference, stem, doc_name, first_is_lead,
                   starts) for n, (c, body) in enumerate(zip(candidates, texts), 1)]
    tasks = _notes_above(tasks, _load_rules().note_above)
    logger.info("tasks %s: %d tasks, %d targets, %d with a deadline, %d with a lead unit in %.2f s", doc_name,
                len(tasks), sum(len(t.targets) for t in tasks), sum(1 for t in tasks if t.deadline),
                sum(1 for t in tasks if t.lead), time.perf_counter() - t0)
    return TaskList(tasks, documents=[doc_name], taxonomy=taxonomy)
