"""Assemble a :class:`~policytext.types.Document` from what a reader extracted.

:func:`build_document` runs the document analysis on an
:class:`~policytext.types.Extracted`: cleaning (:mod:`policytext.document.clean`),
table of contents and outline (:mod:`policytext.document.outline`), metadata
(:mod:`policytext.document.metadata`) and paragraphs with their section and page.
:func:`from_text` does the same for a plain string.
"""
from __future__ import annotations

import bisect
import datetime as _dt
import logging
import os
import time
from typing import Dict, List, Optional, Sequence, Tuple, Union

from .clean import clean
from .lines import line_spans
from .metadata import extract_metadata, find_title
from .outline import find_toc, parse_outline
from .tables import locate_tables
from ..types import Block, Document, Extracted, Paragraph, Section, as_date

logger = logging.getLogger(__name__)

__all__ = ["as_document", "build_document", "from_text"]


class _BlockIndex:
    """Find the reader block holding a raw offset."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = sorted(blocks, key=lambda b: b.start)
        self.starts = [b.start for b in self.blocks]

    def at(self, raw: int) -> Optional[Block]:
        i = bisect.bisect_right(self.starts, raw) - 1
        if i < 0:
            return None
        b = self.blocks[i]
        return b if raw <= b.end else None


def _paragraphs(text: str, sections: Sequence[Section], pages: Dict[int, Optional[int]]) -> Tuple[Paragraph, ...]:
    out = []
    # innermost section containing a position: sections are in order and nested by level
    open_: List[Section] = []
    k = 0
    for start, end in line_spans(text):
        if start == end:
            continue
        while k < len(sections) and sections[k].start <= start:
            sec = sections[k]
            while open_ and open_[-1].level >= sec.level:
                open_.pop()
            open_.append(sec)
            k += 1
        while open_ and open_[-1].end <= start:
            open_.pop()
        out.append(Paragraph(text=text[start:end], start=start, end=end,
                             section=open_[-1].path if open_ else None, page=pages.get(start)))
    return tuple(out)


def build_document(extracted: Extracted, *, reference_date: Optional[_dt.date] = None) -> Document:
    """Clean a reader's output and find its metadata, outline and paragraphs.

    Args:
        extracted: What a reader returned (raw text and blocks with page and
            heading hints).
        reference_date: The date ``今年`` refers to when the document gives no
            year (a ``datetime.date`` or ISO string); used only as a fallback
            for :attr:`~policytext.types.Document.year`. The order is: the
            text (date, title, opening, year headings), then
            ``reference_date``, then a year in the source file name (with a
            warning in :attr:`~policytext.types.Document.warnings`).
    Returns:
        The :class:`~policytext.types.Document`, with ``raw_text`` and an
        ``offset_map`` leading back to the reader's text.
    Raises:
        ValueError: ``reference_date`` is not a date.
    Example:
        >>> from policytext.types import Block, Extracted
        >>> raw = "2021年民政工作要点\\n一、总体要求\\n分享到：微信"
        >>> blocks = (Block("2021年民政工作要点", 0, 11, kind="title"), Block("一、总体要求", 12, 18),
        ...           Block("分享到：微信", 19, 25))
        >>> doc = build_document(Extracted(raw, blocks, source="要点.docx", format="docx"))
        >>> doc.title, doc.year, doc.doc_type, [s.path for s in doc.sections]
        ('2021年民政工作要点', 2021, 'work_plan', ['一'])
    """
    ref = as_date(reference_date)
    t0 = time.perf_counter()
    cleaned = clean(extracted.text)
    text = cleaned.text
    toc = find_toc(text)
    # the header is read after a table of contents, unless the title stands before it (规划\n目 录\n……)
    start = toc[1] if toc and find_title(text[:toc[0]])[0] is None else 0
    blocks = _BlockIndex(extracted.blocks)
    block_title = next((b.text for b in extracted.blocks if b.kind == "title" and b.text.strip()), None)
    meta = extract_metadata(text, start=start, block_title=block_title,
                            furniture=[r.rule for r in cleaned.removed], reference_date=ref,
                            source=extracted.source)
    if meta.title is None and extracted.title and extracted.title.strip() in text:
        meta_title = extracted.title.strip()
    else:
        meta_title = meta.title
    hints: Dict[int, int] = {}
    pages: Dict[int, Optional[int]] = {}
    any_page = any(b.page is not None for b in extracted.blocks)
    any_hint = any(b.heading_level for b in extracted.blocks)
    if any_page or any_hint:
        for s, e in line_spans(text):
            if s == e:
                continue
            b = blocks.at(cleaned.to_raw(s))
            if b is None:
                continue
            pages[s] = b.page
            if b.heading_level and b.kind != "title":
                hints[s] = b.heading_level
    for pos, level in cleaned.headings:  # Markdown # headings
        hints.setdefault(pos, level)
    skip = [meta.title_span[0]] if meta.title_span else []
    sections = parse_outline(text, hints=hints, toc=toc, skip=skip)
    if pages:
        sections = tuple(
            Section(**{**s.__dict__, "page": pages.get(_line_of(text, s.start))}) for s in sections)
    paragraphs = _paragraphs(text, sections, pages)
    logger.info("cleaning %s: %d -> %d characters, %d furniture lines removed, %d sections, %d paragraphs, "
                "title %r, %s in %.2f s", extracted.source, len(extracted.text), len(text), len(cleaned.removed),
                len(sections), len(paragraphs), meta_title, meta.doc_type, time.perf_counter() - t0)
    return Document(
        text=text,
        source=extracted.source,
        format=extracted.format,
        **{**meta.info(), "title": meta_title},
        sections=sections,
        paragraphs=paragraphs,
        warnings=tuple(extracted.warnings) + meta.warnings,
        toc=toc,
        raw_text=extracted.text,
        offset_map=cleaned.offset_map,
        tables=locate_tables(text, extracted.tables),
    )


def _line_of(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def from_text(text: str, *, source: str = "<text>", format: str = "txt",
              reference_date: Optional[_dt.date] = None) -> Document:
    """Build a :class:`~policytext.types.Document` from a plain string.

    Args:
        text: The document's text (raw or clean).
        source: Name to record as the document's source.
        format: Format to record.
        reference_date: Fallback for the year (see :func:`build_document`).
    Example:
        >>> doc = from_text("2020年民政工作要点\\n一、总体要求\\n1.坚持党的领导。\\n2.坚持以人民为中心。")
        >>> doc.title, doc.year, [s.path for s in doc.sections]
        ('2020年民政工作要点', 2020, ['一', '一/1', '一/2'])
        >>> doc.paragraphs[2].section
        '一/1'
    """
    if not isinstance(text, str):
        raise TypeError(f"from_text() takes a str, not {type(text).__name__}; use policytext.load() for files")
    # one block: plain text carries no pages and no heading hints
    return build_document(Extracted(text, (Block(text, 0, len(text)),), source=source, format=format),
                          reference_date=reference_date)


def as_document(doc_or_text: Union[Document, str], caller: str, *,
                reference_date: Optional[_dt.date] = None) -> Document:
    """A Document as it is, clean text through :func:`from_text`; a file's path or another type is a
    ``TypeError`` naming ``caller`` (the API reads text, not files: :func:`policytext.load` does).

    Example:
        >>> as_document("今年新建养老院5所。", "to_tasks").text
        '今年新建养老院5所。'
        >>> as_document(123, "to_tasks")
        Traceback (most recent call last):
        ...
        TypeError: to_tasks() takes a Document or a str, not int; load files with policytext.load(path) first
    """
    if isinstance(doc_or_text, Document):
        return doc_or_text
    if isinstance(doc_or_text, str):
        if "\n" not in doc_or_text and len(doc_or_text) < 1024 and os.path.isfile(doc_or_text):
            raise TypeError(f"{caller}() takes a Document or text, and {doc_or_text!r} is a file's path: "
                            "load it with policytext.load(path) first")
        return from_text(doc_or_text, reference_date=reference_date)
    raise TypeError(f"{caller}() takes a Document or a str, not {type(doc_or_text).__name__}; "
                    "load files with policytext.load(path) first")
