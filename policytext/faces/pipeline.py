"""spaCy integration: the ``policytext_*`` pipeline components (rendering: :mod:`policytext.faces.render`).

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
import os
from dataclasses import fields
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..types import Document, Target, TimeExpression, as_date

__all__ = [
    "nlp",
    "make_nlp",
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


class _SpanComponent:
    """What the span components share: options, extensions, and spans set from the Document's offsets."""

    def __init__(self, name: str, spans_key: str, reference_date: Union[None, str, _dt.date], prefix: str) -> None:
        self.name = name
        self.spans_key = spans_key
        self.reference_date = as_date(reference_date)
        self.prefix = prefix
        register_extensions(prefix)

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        pdoc = _policy_document(doc, text, self.prefix, self.reference_date)
        _set_spans(doc, text, self.spans_key, self._items(pdoc, _offset_mapper(pdoc, text)))
        return doc

    def _items(self, pdoc: Document, to_doc: Callable[[int, int], Tuple[int, int]]
               ) -> List[Tuple[int, int, str, Dict[str, Any]]]:
        raise NotImplementedError


class TargetsComponent(_SpanComponent):
    """Pipeline component ``policytext_targets``: targets as spans of their evidence.

    Each :class:`~policytext.types.Target` of the text becomes a span over its
    evidence (``quote_start``..``quote_end``, expanded to token boundaries) in
    ``doc.spans[spans_key]``; ``span._.pt_<field>`` gives the target's fields.
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str = TARGETS_KEY, label: str = "TARGET",
                 reference_date: Union[None, str, _dt.date] = None, prefix: str = DEFAULT_PREFIX) -> None:
        super().__init__(name, spans_key, reference_date, prefix)
        self.label = label

    def _items(self, pdoc: Document, to_doc: Callable[[int, int], Tuple[int, int]]
               ) -> List[Tuple[int, int, str, Dict[str, Any]]]:
        from ..extract.tables import with_table_targets
        from ..extract.targets import extract_targets

        items = []
        for t in with_table_targets(pdoc, extract_targets(pdoc, reference_date=self.reference_date)):
            qs, qe = to_doc(t.quote_start, t.quote_end)
            ss, se = to_doc(t.start, t.end)
            rec = t.to_dict()
            rec.update(_kind="target", _start=ss, _end=se)
            items.append((qs, qe, self.label, rec))
        return items


class TimesComponent(_SpanComponent):
    """Pipeline component ``policytext_times``: dates, periods and deadlines as spans.

    Labels are ``DEADLINE`` for deadlines (``到2025年底``, ``年底前``) and ``TIME``
    for other dates and periods.
    """

    def __init__(self, nlp: Language, name: str, *, spans_key: str = TIMES_KEY,
                 reference_date: Union[None, str, _dt.date] = None, prefix: str = DEFAULT_PREFIX) -> None:
        super().__init__(name, spans_key, reference_date, prefix)

    def _items(self, pdoc: Document, to_doc: Callable[[int, int], Tuple[int, int]]
               ) -> List[Tuple[int, int, str, Dict[str, Any]]]:
        from ..extract.times import extract_times

        reference: Any = pdoc if (pdoc.year or pdoc.date) else self.reference_date
        items = []
        for t in extract_times(pdoc.text, reference=reference):
            s, e = to_doc(t.start, t.end)
            rec = t.to_dict()
            rec["_kind"] = "time"
            items.append((s, e, "DEADLINE" if t.deadline else "TIME", rec))
        return items


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
    ref = as_date(reference_date)
    _quiet_jieba()
    zh = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for p in pipes:
        config: Dict[str, Any] = {}
        if p in ("policytext_targets", "policytext_times"):
            config["reference_date"] = ref.isoformat() if ref else None
        elif model is not None:
            config["model"] = os.fspath(model)
        zh.add_pipe(p, config=config)
    return zh


def _quiet_jieba() -> None:
    """jieba logs "Building prefix dict…" lines at start-up; keep them out of notebooks and logs."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)


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
    ref = as_date(reference_date)
    return _cached_nlp(tuple(pipes), ref, None if model is None else os.fspath(model))
