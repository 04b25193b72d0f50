"""Result types: frozen dataclasses with ``to_dict()``.

Every result carries its evidence: the text it comes from and character
offsets (``start``/``end``, end exclusive) into the text it was found in
(``Document.text`` for document-level results), plus the page for PDFs.

These are the contracts between the parts of the library:

- readers (``policytext.io``) return :class:`Extracted` (raw text + blocks);
- :func:`policytext.load` turns that into a :class:`Document` (clean text,
  metadata, outline, paragraphs);
- the extractors return :class:`Quantity`, :class:`TimeExpression` and
  :class:`Target`.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as _dt
import functools
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Optional, Tuple

__all__ = [
    "as_date",
    "Span",
    "Block",
    "Extracted",
    "Section",
    "Paragraph",
    "Document",
    "Quantity",
    "TimeExpression",
    "Target",
    "to_jsonable",
]


_PLAIN = frozenset({str, int, float, bool})  # returned as they are (subclasses take the long way)


def to_jsonable(value: Any) -> Any:
    """Convert a result (or anything inside one) to JSON-ready plain data.

    Dates become ISO strings, dataclasses dicts, tuples lists.

    Example:
        >>> import datetime
        >>> to_jsonable({"截止": datetime.date(2020, 12, 31), "值": (1, 2)})
        {'截止': '2020-12-31', '值': [1, 2]}
    """
    kind = type(value)
    if value is None or kind in _PLAIN:
        return value
    if isinstance(value, _ToDict):  # a result: the common case, without the dataclass checks below
        return value.to_dict()
    if kind is tuple or kind is list:  # the next most common: before the dataclass checks too
        return [to_jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value


@functools.lru_cache(maxsize=None)
def _public_fields(cls: type) -> Tuple[str, ...]:
    """The names of the dataclass fields :meth:`_ToDict.to_dict` writes, in order (cached per class)."""
    return tuple(f.name for f in dataclasses.fields(cls) if not f.name.startswith("_") and f.repr is not False)


class _ToDict:
    """Mixin: ``to_dict()`` over the public dataclass fields.

    ``_head`` names fields that come first in the dict, in that order (a subclass of
    :class:`Span` keeps its own leading fields before the inherited text and offsets).
    """

    _head: ClassVar[Tuple[str, ...]] = ()

    def to_dict(self) -> dict:
        d = {}
        for name in _public_fields(type(self)):
            v = getattr(self, name)
            d[name] = v if v is None or type(v) in _PLAIN else to_jsonable(v)  # plain values without a call
        if not self._head:
            return d
        head = {k: d.pop(k) for k in self._head if k in d}
        return {**head, **d}


# --------------------------------------------------------------------------- readers


@dataclass(frozen=True)
class Span(_ToDict):
    """A piece of text and its character offsets: the evidence every result carries.

    The base of :class:`Block`, :class:`Paragraph`, :class:`Quantity`,
    :class:`TimeExpression` and :class:`~policytext.tasks.Task`, whose first three
    fields are these.

    Attributes:
        text: The text as written.
        start, end: Its offsets (``end`` exclusive) into the text it was found in.

    Example:
        >>> from policytext import extract_quantities
        >>> q = extract_quantities("火化率达到96%以上")[0]
        >>> isinstance(q, Span), q.text, q.start, q.end
        (True, '96%', 5, 8)
    """

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Block(Span):
    """One paragraph-like unit as a reader found it (before cleaning).

    Attributes:
        text: The block's text, without the trailing newline.
        start: Offset of the block in :attr:`Extracted.text`.
        end: End offset (exclusive).
        page: 1-based page number for PDFs, else ``None``.
        heading_level: Outline level suggested by the format (Word outline
            level / heading style, PDF font size or weight), 1 = top; ``None``
            when the format says nothing.
        kind: ``"paragraph"``, ``"table"`` (a table row, cells joined by tabs),
            ``"title"`` (the document title as the format marks it).
    """

    page: Optional[int] = None
    heading_level: Optional[int] = None
    kind: str = "paragraph"


@dataclass(frozen=True)
class Table(_ToDict):
    """A table as a reader found it, merged cells resolved.

    Attributes:
        rows: The cells, row by row; a merged cell is repeated in every row and
            column it spans (a vertically merged category cell repeats for each
            row). Rows may be ragged as the file gives them.
        header_rows: How many leading rows are headers (a guess of the reader,
            refined by :mod:`policytext.extract.tables`): 1 unless told.
        page: 1-based page for PDFs, else ``None``.
        start, end: Offsets of the table in ``Document.text`` (set when the
            document is built: from its first to its last located cell), else ``None``.
        index: 0-based number of the table in the document.
        cells: ``(row, column) -> (start, end)`` offsets of located cells in
            ``Document.text`` (set with ``start``/``end``).
    """

    rows: Tuple[Tuple[str, ...], ...]
    header_rows: int = 1
    page: Optional[int] = None
    start: Optional[int] = None
    end: Optional[int] = None
    index: int = 0
    cells: Tuple[Tuple[int, int, int, int], ...] = field(default=(), repr=False)

    @property
    def header(self) -> Tuple[Tuple[str, ...], ...]:
        """The header rows."""
        return self.rows[:self.header_rows]

    def cell_span(self, row: int, column: int) -> Optional[Tuple[int, int]]:
        """Offsets of a located cell in ``Document.text``, or ``None``."""
        for r, c, s, e in self.cells:
            if (r, c) == (row, column):
                return s, e
        return None


@dataclass(frozen=True)
class Extracted(_ToDict):
    """What a reader returns: the raw text with its blocks, before cleaning.

    ``text`` is the blocks' texts joined by ``"\\n"``; each block's
    ``start``/``end`` point into it.
    """

    text: str
    blocks: Tuple[Block, ...]
    source: str
    format: str
    title: Optional[str] = None
    warnings: Tuple[str, ...] = ()
    tables: Tuple[Table, ...] = ()


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class Section(_ToDict):
    """A node of the outline.

    Attributes:
        level: Depth in the outline, 1 = top.
        marker: The numbering as written (``"二、"``, ``"（一）"``, ``"3."``, ``"一是"``).
        heading: Heading text without the marker (up to the first 。 for run-in headings).
        path: Markers from the root, normalized, joined by ``/`` (``"二/（一）/3"``).
        start: Offset of the marker in ``Document.text``.
        end: End of the section's body (exclusive): the start of the next
            section of the same or a higher level, or the end of the text.
        heading_end: End offset of the heading text.
        part: For speeches that restart ``一、`` several times, the 1-based part
            number; else 1.
        page: Page of the heading for PDFs.
    """

    level: int
    marker: str
    heading: str
    path: str
    start: int
    end: int
    heading_end: int
    part: int = 1
    page: Optional[int] = None


@dataclass(frozen=True)
class Paragraph(Span):
    """A paragraph of the clean text, with the section it belongs to."""

    section: Optional[str] = None
    page: Optional[int] = None


@dataclass(frozen=True, kw_only=True)
class DocumentInfo(_ToDict):
    """What a document says about itself: the fields shared by
    :class:`Document` and :class:`~policytext.document.metadata.Metadata`.

    Keyword-only, so that subclasses keep their own positional fields first.
    """

    title: Optional[str] = None
    date: Optional[_dt.date] = None
    year: Optional[int] = None
    speaker: Optional[str] = None
    speaker_title: Optional[str] = None
    doc_type: str = "other"

    def info(self) -> dict:
        """The shared fields as keyword arguments (to copy them into another record)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(DocumentInfo)}


@dataclass(frozen=True)
class Document(DocumentInfo):
    """A loaded, cleaned policy document.

    Attributes:
        text: Clean text (furniture removed, paragraphs separated by ``"\\n"``).
        source: File name, or ``"<bytes>"``/``"<stream>"``.
        format: ``txt``, ``md``, ``docx``, ``pdf``, ``html``, ``doc``, ``wps``.
        title: Title, or ``None``.
        date: Date of the document (the speech or signing date), not a web
            publication stamp.
        year: The plan year ``今年`` refers to.
        speaker: Person's name only (``"廖鸿"``), spaces inside names removed.
        speaker_title: The speaker's office (``"青山市委常委、副市长"``).
        doc_type: ``speech``, ``work_plan``, ``report``, ``news``, ``notice``, ``law``, ``other``.
        sections: The outline, in document order (a tree through ``path``/``level``).
        paragraphs: Paragraphs with their section path and page.
        warnings: Recoverable problems met while loading.
        toc: Span of a table of contents found at the top (e.g. an outline
            duplicated before the title), or ``None``.
        raw_text: The text as the reader returned it, before cleaning.
        offset_map: Pairs ``(clean_start, raw_start)`` of aligned runs, sorted;
            use :meth:`raw_span` rather than reading it directly.
        tables: The tables the reader kept as tables (docx, HTML, PDF with ruled
            tables), located in :attr:`text` (their rows stay in the text as
            tab-joined lines).
    """

    _head = ("text", "source", "format")  # the text first in to_dict(), before the inherited metadata

    text: str
    source: str = "<text>"
    format: str = "txt"
    sections: Tuple[Section, ...] = ()
    paragraphs: Tuple[Paragraph, ...] = ()
    warnings: Tuple[str, ...] = ()
    toc: Optional[Tuple[int, int]] = None
    raw_text: str = field(default="", repr=False)
    offset_map: Tuple[Tuple[int, int], ...] = field(default=(), repr=False)
    tables: Tuple[Table, ...] = ()

    def raw_span(self, start: int, end: int) -> Tuple[int, int]:
        """Map a span of :attr:`text` back to :attr:`raw_text`.

        Example:
            >>> d = Document(text="一、总体要求", raw_text="分享到：\\n一、总体要求", offset_map=((0, 5),))
            >>> s, e = d.raw_span(2, 6)
            >>> d.raw_text[s:e]
            '总体要求'
        """
        if not self.offset_map:
            return start, end
        return self._to_raw(start), self._to_raw(max(start, end - 1)) + (1 if end > start else 0)

    def _to_raw(self, pos: int) -> int:
        import bisect

        keys = [c for c, _ in self.offset_map]
        i = bisect.bisect_right(keys, pos) - 1
        if i < 0:
            return pos
        clean_start, raw_start = self.offset_map[i]
        return raw_start + (pos - clean_start)

    def section_at(self, pos: int) -> Optional[Section]:
        """The innermost section containing offset ``pos``, or ``None``."""
        best = None
        for s in self.sections:
            if s.start <= pos < s.end and (best is None or s.level >= best.level):
                best = s
        return best

    def _memo(self, key: str, make: Callable[["Document"], Any]) -> Any:
        """``make(self)``, computed once per document (a Document never changes; the value is kept on it)."""
        memo = self.__dict__.get("_memos")
        if memo is None:
            memo = {}
            object.__setattr__(self, "_memos", memo)
        if key not in memo:
            memo[key] = make(self)
        return memo[key]

    def page_at(self, pos: int) -> Optional[int]:
        """The page of offset ``pos`` (PDFs), else ``None``."""
        starts = self._memo("paragraph_starts", _paragraph_starts)
        if not starts:
            for p in self.paragraphs:
                if p.start <= pos <= p.end:
                    return p.page
            return None
        i = bisect.bisect_right(starts, pos) - 1
        return self.paragraphs[i].page if i >= 0 and pos <= self.paragraphs[i].end else None

    def to_dict(self) -> dict:
        d = super().to_dict()
        d.pop("raw_text", None)
        d.pop("offset_map", None)
        return d


# --------------------------------------------------------------------------- extraction


@dataclass(frozen=True)
class Quantity(Span):
    """A number with its unit, as written in the text.

    Attributes:
        text: The quantity as written (``"1.5万人"``, ``"百分之九十六"``, ``"×-×处"``).
        start, end: Offsets into the text searched.
        value: The value as a float, ``万``/``亿`` multiplied out and the unit's
            multiplier applied (``"1200万人"`` -> 12000000.0, unit ``人``);
            ``None`` for a placeholder.
        value_max: Upper end of a range, else ``None``.
        unit: Normalized unit (``%``, ``pp``, ``人``, ``元``, ``张/千人`` …), or ``""``.
        placeholder: True when the number is redacted (``×``, ``X``, ``XX``).
        approximate: True for vague numbers (``十几``, ``数百``).
        nominal: True for counts used as names (``三个方面``, ``五个聚焦``,
            ``十四连增``): quantities, but never targets.
    """

    value: Optional[float]
    value_max: Optional[float] = None
    unit: str = ""
    placeholder: bool = False
    approximate: bool = False
    nominal: bool = False


@dataclass(frozen=True)
class TimeExpression(Span):
    """A date, period or deadline phrase.

    Attributes:
        text, start, end: The phrase and its offsets.
        date_from, date_to: The period it denotes (inclusive), or ``None``
            when the year cannot be known.
        granularity: ``day``, ``month``, ``quarter``, ``half``, ``season``, ``year``,
            ``multi_year`` or ``unknown``.
        deadline: True for a deadline (``前``, ``以前``, ``之前``, ``到…``, ``截至``,
            ``…底/末``) rather than a period or a point.
        relative: True when it was resolved against a reference date
            (``今年``, ``明年``, ``三年内``).
        year_known: False when the year is redacted or unknown (``×年``, or a
            relative phrase with no reference): dates are then ``None``.
    """

    date_from: Optional[_dt.date]
    date_to: Optional[_dt.date]
    granularity: str = "unknown"
    deadline: bool = False
    relative: bool = False
    year_known: bool = True


#: Chinese labels of the strengths of targets and tasks (``Target.strength``, ``Task.strength``):
#: the one mapping used by the exports and the highlights. 约束性/预期性 are the binding and
#: anticipatory indicators of Chinese plans.
STRENGTH_NAMES = {"binding": "约束性", "aspirational": "预期性", "gradual": "逐步推进", "neutral": "一般"}
#: The strengths a cue word gives (确保, 力争, 逐步): ``neutral`` is the absence of a cue and has no tag.
STRENGTH_CUE_NAMES = {k: v for k, v in STRENGTH_NAMES.items() if k != "neutral"}


@dataclass(frozen=True)
class Target(_ToDict):
    """A quantified commitment (see the annotation guidelines §1–§3).

    Attributes:
        indicator: What is measured, a short noun phrase from the text.
        value, value_max, unit, placeholder: As in :class:`Quantity`.
        comparator: ``>=``, ``<=``, ``=``, ``~`` or ``range``.
        deadline: The date by which it is due, or ``None``.
        deadline_text: The phrase the deadline comes from, or ``None`` when it
            comes only from the document's own year.
        text: The sentence it was found in.
        start, end: Offsets of the sentence in the document text.
        quote_start, quote_end: Offsets of the evidence (indicator + quantity).
        section: Path of the enclosing section (``"三/6"``), or ``None``.
        strength: ``binding`` (确保/必须/要), ``aspirational`` (力争/争取),
            ``gradual`` (逐步) or ``neutral``.
        direction: Change asked for (``提高``, ``降低``, ``新增``, ``保持`` …), or ``None``.
        baseline: A stated baseline (``比2020年``), or ``None``.
        optional: True for implicit full coverage (``全覆盖``) and other borderline cases.
        page: Page of the sentence for PDFs.
        quote: The evidence text, ``text[quote_start - start:quote_end - start]``.
        source: ``"text"``, or ``"table"`` for a cell of an indicator table (主要指标).
        table, row, column: For a target from a table: the table's index in
            ``Document.tables`` and the cell's row and column (0-based, header rows counted).
        attribute: The indicator's 属性 in a table (``约束性``/``预期性``), or ``None``.
    """

    indicator: str
    value: Optional[float]
    value_max: Optional[float]
    unit: str
    comparator: str
    deadline: Optional[_dt.date]
    deadline_text: Optional[str]
    placeholder: bool
    text: str
    start: int
    end: int
    quote_start: int
    quote_end: int
    section: Optional[str] = None
    strength: str = "neutral"
    direction: Optional[str] = None
    baseline: Optional[str] = None
    optional: bool = False
    page: Optional[int] = None
    quote: str = ""
    source: str = "text"
    table: Optional[int] = None
    row: Optional[int] = None
    column: Optional[int] = None
    attribute: Optional[str] = None


def as_date(value: Any, what: str = "reference_date") -> Optional[_dt.date]:
    """A date argument checked once for the whole package: a date, a datetime, an ISO string, or None.

    Example:
        >>> as_date("2023-05-01"), as_date(None), as_date("")
        (datetime.date(2023, 5, 1), None, None)
    """
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
    raise ValueError(f"`{what}`={value!r} is invalid; must be a datetime.date or an ISO date string "
                     f"such as '2023-01-01', or None")


def _paragraph_starts(doc: Document) -> list:
    """The paragraphs' starts when they are in order and apart (as built), for bisection; else ``[]`` (scan)."""
    ps = doc.paragraphs
    return [p.start for p in ps] if all(a.end < b.start for a, b in zip(ps, ps[1:])) else []
