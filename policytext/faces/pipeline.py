"""spaCy integration: the ``policytext_*`` pipeline components and displaCy rendering.

This is the only module of policytext that imports spaCy. The extractors
themselves work on plain strings (:func:`policytext.extract_targets`,
:func:`policytext.extract_times`, :func:`policytext.classify_proba`); the
components here only wrap their results around a spaCy ``Doc``:

- ``policytext_targets``: each target becomes a ``Span`` of its evidence
  (indicator and quantity, ``Target.quote_start``..``quote_end``) in
  ``doc.spans["policytext_targets"]``, labelled ``TARGET``; the target's fields
  are read through ``Span`` extensions (``span._.pt_value``, ``pt_unit``,
  ``pt_comparator``, ``pt_deadline``, ``pt_indicator`` … and ``pt_target``,
  the :class:`~policytext.types.Target` itself);
- ``policytext_times``: time expressions in ``doc.spans["policytext_times"]``,
  labelled ``DEADLINE`` or ``TIME`` (``span._.pt_date_from``, ``pt_date_to``,
  ``pt_granularity``, ``pt_is_deadline``, ``pt_time``);
- ``policytext_areas``: work-area probabilities of the whole text in
  ``doc.cats`` (from :func:`policytext.classify_proba`).

The components are registered with ``@Language.factory`` when this module is
imported, and spaCy imports it by itself through the ``spacy_factories`` entry
points of the installed package, so ``spacy.blank("zh").add_pipe("policytext_targets")``
works without importing policytext first.

The extension values are kept in ``doc.user_data`` as plain JSON-ready data
(one record per span, found through ``span.id_``), so docs survive pickling
(``nlp.pipe(n_process=2)``) and ``DocBin(store_user_data=True)``. The ``pt_``
prefix is the default; a component created with ``config={"prefix": "my_"}``
also registers the extensions under ``my_``.
"""
from __future__ import annotations

import datetime as _dt
import functools
import html as _html
import os
import re
from dataclasses import fields
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..extract.deadlines import is_deadline
from ..types import STRENGTH_CUE_NAMES as _STRENGTH_NAMES, Document, Target, TimeExpression

__all__ = [
    "nlp",
    "make_nlp",
    "render",
    "highlights",
    "register_extensions",
    "make_targets_component",
    "make_times_component",
    "make_areas_component",
    "TargetsComponent",
    "TimesComponent",
    "AreasComponent",
    "TARGET_FIELDS",
    "TIME_FIELDS",
    "DEFAULT_PREFIX",
    "LABEL_COLORS",
]

#: Default prefix of the extension attributes (``span._.pt_value``).
DEFAULT_PREFIX = "pt_"
TARGETS_KEY = "policytext_targets"
TIMES_KEY = "policytext_times"
_DATA = "policytext"  # user_data key: (_DATA, spans_key) -> list of records

#: Target fields exposed as ``span._.<prefix><field>`` (the span itself is the evidence).
TARGET_FIELDS: Tuple[str, ...] = tuple(
    f.name for f in fields(Target) if f.name not in ("text", "start", "end", "quote_start", "quote_end"))
#: TimeExpression fields exposed as ``span._.<prefix><field>`` (``deadline`` as ``is_deadline``).
TIME_FIELDS: Tuple[str, ...] = ("date_from", "date_to", "granularity", "relative", "year_known")
_DATE_FIELDS = frozenset({"deadline", "date_from", "date_to"})

#: Colours of the labels :func:`render` uses (displaCy ``colors`` option).
LABEL_COLORS: Dict[str, str] = {
    "TARGET": "#ffe08a",
    "VALUE": "#ffb3a7",
    "DEADLINE": "#9ee6b8",
    "UNIT": "#b5d3ff",
}


# --------------------------------------------------------------------------- extensions


def _record(span: Span, kind: str) -> Optional[Dict[str, Any]]:
    sid = span.id_
    if not sid:
        return None
    key, _, idx = sid.rpartition(":")
    records = span.doc.user_data.get((_DATA, key))
    if not records or not idx.isdigit():
        return None
    rec = records[int(idx)] if int(idx) < len(records) else None
    if rec is None or rec.get("_kind") != kind:
        return None
    return rec


def _value(rec: Optional[Dict[str, Any]], name: str) -> Any:
    if rec is None:
        return None
    v = rec.get(name)
    if name in _DATE_FIELDS and isinstance(v, str):
        return _dt.date.fromisoformat(v)
    return v


def _field_getter(kind: str, name: str) -> Callable[[Span], Any]:
    def get(span: Span) -> Any:
        return _value(_record(span, kind), name)

    get.__name__ = f"get_{name}"
    return get


def _get_target(span: Span) -> Optional[Target]:
    rec = _record(span, "target")
    if rec is None:
        return None
    return Target(**{f.name: _value(rec, f.name) for f in fields(Target)})


def _get_time(span: Span) -> Optional[TimeExpression]:
    rec = _record(span, "time")
    if rec is None:
        return None
    return TimeExpression(**{f.name: _value(rec, f.name) for f in fields(TimeExpression)})


def _get_sentence(span: Span) -> Optional[Span]:
    rec = _record(span, "target")
    if rec is None:
        return None
    return span.doc.char_span(rec["_start"], rec["_end"], alignment_mode="expand")


def register_extensions(prefix: str = DEFAULT_PREFIX, *, force: bool = False) -> List[str]:
    """Register the ``Span`` and ``Doc`` extension attributes under ``prefix``.

    Called at import with ``pt_``; components configured with another prefix
    call it again. Existing attributes are kept unless ``force`` is true.

    Args:
        prefix: Prefix of the attribute names (``"pt_"`` -> ``span._.pt_value``).
        force: Overwrite attributes of the same name.
    Returns:
        The names registered (or already present).
    Example:
        >>> names = register_extensions("政策_")
        >>> "政策_value" in names and Span.has_extension("政策_deadline")
        True
    """
    if not isinstance(prefix, str) or not prefix.isidentifier():
        raise ValueError(f"prefix={prefix!r} is invalid; it must be a Python identifier prefix such as 'pt_'")
    spec: Dict[str, Callable[[Span], Any]] = {}
    for name in TARGET_FIELDS:
        spec[name] = _field_getter("target", name)
    for name in TIME_FIELDS:
        spec[name] = _field_getter("time", name)
    spec["is_deadline"] = _field_getter("time", "deadline")
    spec["target"] = _get_target
    spec["time"] = _get_time
    spec["sentence"] = _get_sentence
    out = []
    for name, getter in spec.items():
        attr = prefix + name
        if force or not Span.has_extension(attr):
            Span.set_extension(attr, getter=getter, force=force)
        out.append(attr)
    attr = prefix + "document"
    if force or not Doc.has_extension(attr):
        Doc.set_extension(attr, default=None, force=force)
    out.append(attr)
    return out


register_extensions(DEFAULT_PREFIX)


# --------------------------------------------------------------------------- shared helpers


def _check_date(value: Union[None, str, _dt.date], what: str = "reference_date") -> Optional[_dt.date]:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{what}={value!r} is invalid; use an ISO date such as '2023-01-01' or None")


@functools.lru_cache(maxsize=8)
def _document_for(text: str, reference_date: Optional[_dt.date]) -> Document:
    from ..document import from_text

    return from_text(text, reference_date=reference_date)


def _policy_document(doc: Doc, text: str, prefix: str, reference_date: Optional[_dt.date]) -> Document:
    """The policytext Document behind a spaCy Doc: the one attached, else one built from the text.

    ``text`` is ``doc.text``, passed in because spaCy rebuilds that string on every access.
    """
    attr = prefix + "document"
    attached = doc._.get(attr) if Doc.has_extension(attr) else None
    if isinstance(attached, Document) and (attached.text == text or attached.raw_text == text):
        return attached
    return _document_for(text, reference_date)


def _offset_mapper(pdoc: Document, text: str) -> Callable[[int, int], Tuple[int, int]]:
    """Offsets into ``pdoc.text`` -> offsets into the spaCy text (they differ when cleaning changed it)."""
    if pdoc.text == text:
        return lambda start, end: (start, end)
    return pdoc.raw_span


def _span(doc: Doc, text: str, start: int, end: int, label: str, span_id: str) -> Optional[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return doc.char_span(start, end, label=label, alignment_mode="expand", span_id=span_id)


def _set_spans(doc: Doc, text: str, key: str, items: Sequence[Tuple[int, int, str, Dict[str, Any]]]) -> None:
    records: List[Dict[str, Any]] = []
    spans: List[Span] = []
    for start, end, label, rec in items:
        span = _span(doc, text, start, end, label, f"{key}:{len(records)}")
        if span is None:
            continue
        records.append(rec)
        spans.append(span)
    doc.user_data[(_DATA, key)] = records
    doc.spans[key] = spans


# --------------------------------------------------------------------------- components


class TargetsComponent:
    """Pipeline component ``policytext_targets``: targets as spans of their evidence.

    Each :class:`~policytext.types.Target` of the text becomes a span over its
    evidence (``quote_start``..``quote_end``, expanded to token boundaries) in
    ``doc.spans[spans_key]``; ``span._.pt_<field>`` gives the target's fields.
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str = TARGETS_KEY, label: str = "TARGET",
                 reference_date: Union[None, str, _dt.date] = None, prefix: str = DEFAULT_PREFIX) -> None:
        self.name = name
        self.spans_key = spans_key
        self.label = label
        self.reference_date = _check_date(reference_date)
        self.prefix = prefix
        register_extensions(prefix)

    def __call__(self, doc: Doc) -> Doc:
        from ..extract.targets import extract_targets

        text = doc.text
        pdoc = _policy_document(doc, text, self.prefix, self.reference_date)
        to_doc = _offset_mapper(pdoc, text)
        items = []
        for t in extract_targets(pdoc, reference_date=self.reference_date):
            qs, qe = to_doc(t.quote_start, t.quote_end)
            ss, se = to_doc(t.start, t.end)
            rec = t.to_dict()
            rec.update(_kind="target", _start=ss, _end=se)
            items.append((qs, qe, self.label, rec))
        _set_spans(doc, text, self.spans_key, items)
        return doc


class TimesComponent:
    """Pipeline component ``policytext_times``: dates, periods and deadlines as spans.

    Labels are ``DEADLINE`` for deadlines (``到2025年底``, ``年底前``) and ``TIME``
    for other dates and periods.
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str = TIMES_KEY,
                 reference_date: Union[None, str, _dt.date] = None, prefix: str = DEFAULT_PREFIX) -> None:
        self.name = name
        self.spans_key = spans_key
        self.reference_date = _check_date(reference_date)
        self.prefix = prefix
        register_extensions(prefix)

    def __call__(self, doc: Doc) -> Doc:
        from ..extract.times import extract_times

        text = doc.text
        pdoc = _policy_document(doc, text, self.prefix, self.reference_date)
        to_doc = _offset_mapper(pdoc, text)
        reference: Any = pdoc if (pdoc.year or pdoc.date) else self.reference_date
        items = []
        for t in extract_times(pdoc.text, reference=reference):
            s, e = to_doc(t.start, t.end)
            rec = t.to_dict()
            rec["_kind"] = "time"
            items.append((s, e, "DEADLINE" if t.deadline else "TIME", rec))
        _set_spans(doc, text, self.spans_key, items)
        return doc


class AreasComponent:
    """Pipeline component ``policytext_areas``: work-area probabilities in ``doc.cats``.

    ``doc.cats`` maps every area code of the model to the probability of the
    whole text, most probable first (:func:`policytext.classify_proba`).
    """

    def __init__(self, nlp: Language, name: str, *, model: Optional[str] = None) -> None:
        self.name = name
        self.model = model

    def _proba(self, texts: List[str]) -> List[Dict[str, float]]:
        from ..classification import classify_proba

        return classify_proba(texts, model=self.model) if texts else []

    def __call__(self, doc: Doc) -> Doc:
        doc.cats = self._proba([doc.text])[0]
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Classify docs in batches (one model call per batch)."""
        batch: List[Doc] = []
        for doc in stream:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._flush(batch)
                batch = []
        yield from self._flush(batch)

    def _flush(self, batch: List[Doc]) -> Iterator[Doc]:
        for doc, cats in zip(batch, self._proba([d.text for d in batch])):
            doc.cats = cats
            yield doc


@Language.factory(
    "policytext_targets",
    default_config={"spans_key": TARGETS_KEY, "label": "TARGET", "reference_date": None, "prefix": DEFAULT_PREFIX},
)
def make_targets_component(nlp: Language, name: str, spans_key: str, label: str, reference_date: Optional[str],
                           prefix: str) -> TargetsComponent:
    """Factory of the ``policytext_targets`` component (also the ``spacy_factories`` entry point).

    Args:
        nlp: The pipeline.
        name: The component's name.
        spans_key: Key of ``doc.spans`` to write to.
        label: Label of the target spans.
        reference_date: ISO date that ``今年`` refers to when a text states no year.
        prefix: Prefix of the extension attributes.
    Example:
        >>> import spacy
        >>> zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        >>> _ = zh.add_pipe("policytext_targets")
        >>> doc = zh("到2025年底，养老服务设施覆盖率达到90%以上。")
        >>> [(s.text, s._.pt_value, s._.pt_unit, str(s._.pt_deadline)) for s in doc.spans["policytext_targets"]]
        [('养老服务设施覆盖率达到90%以上', 90.0, '%', '2025-12-31')]
    """
    return TargetsComponent(nlp, name, spans_key=spans_key, label=label, reference_date=reference_date,
                            prefix=prefix)


@Language.factory(
    "policytext_times",
    default_config={"spans_key": TIMES_KEY, "reference_date": None, "prefix": DEFAULT_PREFIX},
)
def make_times_component(nlp: Language, name: str, spans_key: str, reference_date: Optional[str],
                         prefix: str) -> TimesComponent:
    """Factory of the ``policytext_times`` component (also the ``spacy_factories`` entry point).

    Args:
        nlp: The pipeline.
        name: The component's name.
        spans_key: Key of ``doc.spans`` to write to.
        reference_date: ISO date that ``今年`` refers to when a text states no year.
        prefix: Prefix of the extension attributes.
    Example:
        >>> import spacy
        >>> zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        >>> _ = zh.add_pipe("policytext_times", config={"reference_date": "2023-03-01"})
        >>> doc = zh("年底前完成改造，上半年启动。")
        >>> [(s.text, s.label_, str(s._.pt_date_to)) for s in doc.spans["policytext_times"]]
        [('年底前', 'DEADLINE', '2023-12-31'), ('上半年', 'TIME', '2023-06-30')]
    """
    return TimesComponent(nlp, name, spans_key=spans_key, reference_date=reference_date, prefix=prefix)


@Language.factory("policytext_areas", default_config={"model": None})
def make_areas_component(nlp: Language, name: str, model: Optional[str]) -> AreasComponent:
    """Factory of the ``policytext_areas`` component (also the ``spacy_factories`` entry point).

    Args:
        nlp: The pipeline.
        name: The component's name.
        model: A model folder; ``None`` for the model shipped with policytext.
    Example:
        >>> import spacy
        >>> zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        >>> _ = zh.add_pipe("policytext_areas")
        >>> doc = zh("推进公益性公墓建设，深化殡葬改革。")
        >>> max(doc.cats, key=doc.cats.get)
        'funeral'
    """
    return AreasComponent(nlp, name, model=model)


# --------------------------------------------------------------------------- nlp()

_DEFAULT_PIPES = ("policytext_times", "policytext_targets", "policytext_areas")


def make_nlp(*, pipes: Sequence[str] = _DEFAULT_PIPES, reference_date: Union[None, str, _dt.date] = None,
             model: Optional[str] = None) -> Language:
    """Build a new Chinese pipeline (jieba segmenter) with the policytext components.

    Unlike :func:`nlp`, every call returns a new ``Language`` object.

    Args:
        pipes: The components to add, in order.
        reference_date: Date that ``今年`` refers to when a text states no year.
        model: Work-area model folder for ``policytext_areas`` (default: the shipped model).
    Example:
        >>> zh = make_nlp(pipes=["policytext_targets"])
        >>> zh.pipe_names
        ['policytext_targets']
    """
    import spacy

    allowed = set(_DEFAULT_PIPES)
    for p in pipes:
        if p not in allowed:
            raise ValueError(f"pipes: {p!r} is invalid; must be one of {sorted(allowed)}")
    ref = _check_date(reference_date)
    zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for p in pipes:
        config: Dict[str, Any] = {}
        if p in ("policytext_targets", "policytext_times"):
            config["reference_date"] = ref.isoformat() if ref else None
        elif model is not None:
            config["model"] = os.fspath(model)
        zh.add_pipe(p, config=config)
    return zh


@functools.lru_cache(maxsize=4)
def _cached_nlp(pipes: Tuple[str, ...], reference_date: Optional[_dt.date], model: Optional[str]) -> Language:
    return make_nlp(pipes=pipes, reference_date=reference_date, model=model)


def nlp(*, pipes: Sequence[str] = _DEFAULT_PIPES, reference_date: Union[None, str, _dt.date] = None,
        model: Optional[str] = None) -> Language:
    """The Chinese spaCy pipeline with the policytext components (built once, then shared).

    ``spacy.blank("zh")`` with the jieba segmenter (no model download) and the
    components ``policytext_times``, ``policytext_targets`` and
    ``policytext_areas``. The same object is returned for the same arguments;
    use :func:`make_nlp` for a private copy you want to modify.

    Args:
        pipes: The components to add, in order.
        reference_date: Date that ``今年`` refers to when a text states no year.
        model: Work-area model folder for ``policytext_areas`` (default: the shipped model).
    Returns:
        A ``spacy.language.Language``.
    Example:
        >>> doc = nlp()("到2025年底，城市社区养老服务设施覆盖率达到90%以上")
        >>> doc.spans["policytext_targets"][0].text, max(doc.cats, key=doc.cats.get)
        ('城市社区养老服务设施覆盖率达到90%以上', 'elderly_care')
        >>> doc = nlp(pipes=["policytext_times", "policytext_targets"])("到2025年底覆盖率达到90%以上")
        >>> [s.text for s in doc.spans["policytext_targets"]]
        ['覆盖率达到90%以上']
        >>> s = doc.spans["policytext_targets"][0]
        >>> s._.pt_indicator, s._.pt_comparator, s._.pt_value, s._.pt_unit, str(s._.pt_deadline)
        ('覆盖率', '>=', 90.0, '%', '2025-12-31')
        >>> [(t.text, t.label_) for t in doc.spans["policytext_times"]]
        [('到2025年底', 'DEADLINE')]
    """
    ref = _check_date(reference_date)
    return _cached_nlp(tuple(pipes), ref, None if model is None else os.fspath(model))


# --------------------------------------------------------------------------- rendering


def _quantity_span(quote: str, t: Target) -> Optional[Tuple[int, int]]:
    """Offsets (in ``quote``) of the quantity a target's value comes from."""
    from ..extract.quantities import extract_quantities

    qs = [q for q in extract_quantities(quote) if not q.nominal]
    if not qs:
        return None
    for q in qs:
        if q.placeholder and t.placeholder:
            return q.start, q.end
        if q.value is not None and t.value is not None and abs(q.value - t.value) < 1e-9:
            return q.start, q.end
    return qs[-1].start, qs[-1].end


def _fmt_number(v: Optional[float]) -> str:
    if v is None:
        return "×"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


_COMPARATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "", "~": "约", "range": ""}
RE_DIGITISH = re.compile(r"[0-9０-９×Xx零一二三四五六七八九十百千万亿两]")


def _value_text(t: Target) -> str:
    value = _fmt_number(t.value) + (f"–{_fmt_number(t.value_max)}" if t.value_max is not None else "")
    return f"{_COMPARATOR_SIGNS.get(t.comparator, t.comparator)}{value}{t.unit}"


def _describe(t: Target) -> str:
    parts = [f"{t.indicator} {_value_text(t)}".strip()]
    if t.deadline is not None:
        parts.append(f"期限 {t.deadline.isoformat()}")
    if t.strength in _STRENGTH_NAMES:
        parts.append(_STRENGTH_NAMES[t.strength])
    return " · ".join(parts)


def _unit_spans(text: str, targets: Sequence[Target]) -> List[Tuple[int, int, str]]:
    """Responsible units (牵头/配合单位) named in the sentences that hold targets or directives."""
    try:
        from ..tasks import extract_units
    except ImportError:  # pragma: no cover - tasks is part of the package
        return []
    out: List[Tuple[int, int, str]] = []
    for m in re.finditer(r"[^。！？!?\n]+[。！？!?]?", text):
        sent = m.group()
        u = extract_units(sent)
        if u.start is None:
            continue
        for role, names in (("牵头", [u.lead] if u.lead else []), ("配合", list(u.co))):
            for name in names:
                i = sent.find(name, u.start, u.end)
                if i < 0:
                    i = sent.find(name)
                if i >= 0:
                    out.append((m.start() + i, m.start() + i + len(name), role))
    return out


def highlights(document: Union[Document, str], *, reference_date: Union[None, str, _dt.date] = None,
               targets: Optional[Sequence[Target]] = None,
               times: Optional[Sequence[TimeExpression]] = None,
               units: bool = True) -> List[Dict[str, Any]]:
    """The non-overlapping highlights :func:`render` shows, as displaCy ``ents``.

    Labels: ``TARGET`` (a target's evidence), ``VALUE`` (its number and unit),
    ``DEADLINE`` (deadlines, and the time phrase a target's deadline comes
    from) and ``UNIT`` (responsible units: 牵头/配合). Where they overlap the
    later label in that list wins, so a target's evidence may be cut in pieces.
    ``kb_id`` holds the normalized value (``>= 90%``, ``2025-12-31``, ``牵头``).

    Args:
        document: A Document or text.
        reference_date: Date that ``今年`` refers to when the text states no year.
        targets: Targets to show (default: :func:`policytext.extract_targets`).
        times: Time expressions (default: :func:`policytext.extract_times`).
        units: Also mark the responsible units.
    Returns:
        Dicts with ``start``, ``end`` (offsets into the document text),
        ``label``, ``kb_id`` and ``params`` (``tooltip``), sorted by ``start``.
    Example:
        >>> [(h["label"], "到2025年底，覆盖率达到90%以上。"[h["start"]:h["end"]], h["kb_id"])
        ...  for h in highlights("到2025年底，覆盖率达到90%以上。")]
        [('DEADLINE', '到2025年底', '2025-12-31'), ('TARGET', '覆盖率达到', '覆盖率'), ('VALUE', '90%以上', '≥90%')]
    """
    ref = _check_date(reference_date)
    pdoc = document if isinstance(document, Document) else _document_for(_check_text(document), ref)
    text = pdoc.text
    if targets is None:
        from ..extract.targets import extract_targets

        targets = extract_targets(pdoc, reference_date=ref)
    if times is None:
        from ..extract.times import extract_times

        times = extract_times(text, reference=pdoc if (pdoc.year or pdoc.date) else ref)
    # paint: one (priority, label, kb_id, tooltip) per character
    n = len(text)
    paint: List[Optional[Tuple[int, str, str, str, int]]] = [None] * n
    owner = 0

    def put(start: int, end: int, prio: int, label: str, kb: str, tip: str) -> None:
        nonlocal owner
        owner += 1
        for i in range(max(0, start), min(n, end)):
            cur = paint[i]
            if cur is None or cur[0] <= prio:
                paint[i] = (prio, label, kb, tip, owner)

    deadline_texts = []
    for t in targets:
        tip = _describe(t)
        put(t.quote_start, t.quote_end, 1, "TARGET", t.indicator, tip)
        quote = text[t.quote_start:t.quote_end]
        q = _quantity_span(quote, t)
        if q is not None:
            qs, qe = q
            rest = quote[qe:]
            if len(rest) <= 4 and not RE_DIGITISH.search(rest):  # 90%[以上]: the comparator goes with the value
                qe = len(quote)
            put(t.quote_start + qs, t.quote_start + qe, 2, "VALUE", _value_text(t), tip)
        if t.deadline_text:
            deadline_texts.append((t.start, t.end, t.deadline_text))
    year = pdoc.year or (pdoc.date.year if pdoc.date else None) or (ref.year if ref else None)
    for tx in times:
        used = any(a <= tx.start < b and tx.text in dt for a, b, dt in deadline_texts)
        if used or is_deadline(tx, year=year):
            when = tx.date_to.isoformat() if tx.date_to else "年份未定"
            put(tx.start, tx.end, 4, "DEADLINE", when, f"{tx.text} → {when}")
    if units:
        for s, e, role in _unit_spans(text, targets):
            put(s, e, 3, "UNIT", role, f"{role}单位")
    out: List[Dict[str, Any]] = []
    i = 0
    while i < n:
        cur = paint[i]
        if cur is None:
            i += 1
            continue
        j = i + 1
        while j < n and paint[j] is not None and paint[j][1:] == cur[1:]:  # type: ignore[index]
            j += 1
        _, label, kb, tip, _own = cur
        # trim whitespace and line breaks at the ends of a piece
        a, b = i, j
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b and "\n" not in text[a:b]:
            out.append({"start": a, "end": b, "label": label, "kb_id": kb, "params": {"tooltip": tip}})
        elif a < b:  # never highlight across paragraphs: split at line breaks
            pos = a
            for line in text[a:b].split("\n"):
                if line.strip():
                    ls = pos + (len(line) - len(line.lstrip()))
                    le = pos + len(line.rstrip())
                    out.append({"start": ls, "end": le, "label": label, "kb_id": kb,
                                "params": {"tooltip": tip}})
                pos += len(line) + 1
        i = j
    return out


def _check_text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a str, a policytext Document or a spaCy Doc, not {type(value).__name__}")
    return value


_TPL_ENT = (
    '<mark class="entity pt-{label_lower}" title="{tooltip}" style="background: {bg}; padding: 0.2em 0.35em; '
    'margin: 0 0.1em; line-height: 1.9; border-radius: 0.35em;">{text}'
    '<span style="font-size: 0.65em; font-weight: bold; line-height: 1; border-radius: 0.35em; '
    'vertical-align: middle; margin-left: 0.35rem">{label}{kb_link}</span></mark>'
)

_LEGEND = {"TARGET": "目标", "VALUE": "数值/单位", "DEADLINE": "期限", "UNIT": "责任单位"}

_PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="policytext {version} (spaCy displaCy)">
<title>{title}</title>
</head>
<body style="font-size: 16px; font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', \
'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif; padding: 2rem; max-width: 60rem; margin: auto;">
<h1 style="font-size: 1.4em">{title}</h1>
<p class="pt-legend" style="font-size: 0.9em">{legend}</p>
{summary}
{content}
</body>
</html>
"""


def _legend(colors: Dict[str, str]) -> str:
    return " ".join(
        f'<mark style="background: {colors[k]}; padding: 0.1em 0.4em; border-radius: 0.35em">{k} {v}</mark>'
        for k, v in _LEGEND.items())


def _from_spacy(doc: Doc, prefix: str = DEFAULT_PREFIX) -> Tuple[Document, List[Target], List[TimeExpression]]:
    attached = doc._.get(prefix + "document") if Doc.has_extension(prefix + "document") else None
    text = doc.text
    pdoc = attached if isinstance(attached, Document) and attached.text == text else Document(text=text)
    targets = []
    for span in doc.spans.get(TARGETS_KEY, []):
        t = _get_target(span)
        if t is not None:
            targets.append(t)
    times = [t for t in (_get_time(s) for s in doc.spans.get(TIMES_KEY, [])) if t is not None]
    return pdoc, targets, times


def render(text_or_doc: Union[str, Document, Doc], *, jupyter: Optional[bool] = None,
           path: Union[None, str, "os.PathLike[str]"] = None,
           reference_date: Union[None, str, _dt.date] = None,
           colors: Optional[Dict[str, str]] = None, units: bool = True,
           title: Optional[str] = None) -> Optional[str]:
    """Highlight targets, their values and units, deadlines and responsible units with displaCy.

    Uses displaCy's ``ent`` style in manual mode (the text is shown exactly as
    written, line breaks kept); hovering over a highlight shows the target
    (indicator, comparator, value, deadline). See :func:`highlights`.

    Args:
        text_or_doc: Text, a Document from :func:`policytext.load`, or a spaCy
            ``Doc`` made by :func:`nlp` (its ``doc.spans`` are shown; times are
            shown only when ``policytext_times`` ran).
        jupyter: Display the result in a notebook (displaCy's Jupyter mode)
            and return ``None``; default: when running inside Jupyter and no
            ``path`` is given.
        path: Write a standalone HTML page (UTF-8, with a legend) to this file.
        reference_date: Date that ``今年`` refers to when the text states no year.
        colors: Label -> CSS colour, overriding :data:`LABEL_COLORS`.
        units: Also mark the responsible units (牵头/配合).
        title: Title shown above the text (default: the document's title).
    Returns:
        The HTML (the whole page when ``path`` is given, else a fragment), or
        ``None`` when it was displayed in Jupyter.
    Example:
        >>> html = render("到2025年底，覆盖率达到90%以上。", jupyter=False)
        >>> "到2025年底" in html and "DEADLINE" in html and "90%以上" in html
        True
    """
    from spacy import displacy

    from ..about import __version__

    if isinstance(text_or_doc, Doc):
        pdoc, targets, times = _from_spacy(text_or_doc)
        hl = highlights(pdoc, targets=targets, times=times, units=units)
    else:
        ref = _check_date(reference_date)
        pdoc = text_or_doc if isinstance(text_or_doc, Document) else _document_for(_check_text(text_or_doc), ref)
        hl = highlights(pdoc, reference_date=ref, units=units)
    palette = dict(LABEL_COLORS)
    palette.update(colors or {})
    shown_title = title if title is not None else pdoc.title
    options = {
        "colors": palette,
        "template": _TPL_ENT,
        "ents": list(palette),
    }
    for h in hl:  # displaCy inserts kb_id and params unescaped
        h["kb_id"] = _html.escape(h["kb_id"])
        h["params"] = {"tooltip": _html.escape(h["params"]["tooltip"]), "label_lower": h["label"].lower()}
    data = {"text": pdoc.text, "ents": hl, "title": _html.escape(shown_title) if shown_title else None,
            "settings": {"lang": "zh", "direction": "ltr"}}
    if path is None and (jupyter or (jupyter is None and _in_jupyter())):
        displacy.render(data, style="ent", manual=True, jupyter=True, options=options)
        return None
    fragment = displacy.render(data, style="ent", manual=True, jupyter=False, options=options)
    if path is None:
        return fragment
    n_targets = sum(1 for h in hl if h["label"] == "VALUE")
    n_deadlines = sum(1 for h in hl if h["label"] == "DEADLINE")
    summary = (f'<p class="pt-summary" style="font-size: 0.9em; color: #555">{_html.escape(pdoc.source)} · '
               f"{n_targets} 个目标数值 · {n_deadlines} 个期限</p>")
    page = _PAGE.format(version=__version__, title=_html.escape(shown_title or pdoc.source or "policytext"),
                        legend=_legend(palette), summary=summary, content=fragment)
    out = Path(path)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, out)
    if jupyter:
        displacy.render(data, style="ent", manual=True, jupyter=True, options=options)
    return page


def _in_jupyter() -> bool:
    from spacy.util import is_in_jupyter

    return bool(is_in_jupyter())
