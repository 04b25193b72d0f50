"""Conveniences of the public API that take plain text where the extractors take a Document.

The extractors under :mod:`policytext.extract` never build a Document: they
read text plus what they are given. The functions here accept a plain string
too, build the :class:`~policytext.types.Document` first (year, date and
outline detected by :func:`policytext.document.from_text`) and call the pure
extractor.
"""
from __future__ import annotations

import datetime as _dt
from typing import List, Optional, Union

from .types import Document, Target

__all__ = ["extract_targets"]


def extract_targets(doc_or_text: Union[Document, str], *,
                    reference_date: Optional[_dt.date] = None) -> List[Target]:
    """Find the quantified commitments of a document, with their deadlines.

    Args:
        doc_or_text: A :class:`~policytext.types.Document` (from
            :func:`policytext.load`) or plain text; text is turned into a
            Document first so that its year and outline are detected.
        reference_date: The date ``今年`` refers to when the document states
            no year of its own (a document's own year wins).
    Returns:
        Targets in document order, those of indicator tables read from their
        cells (:func:`policytext.extract.tables.with_table_targets`); ``start``/``end`` and
        ``quote_start``/``quote_end`` are offsets into the document text.
    Raises:
        TypeError: ``doc_or_text`` is neither a Document nor a str.
        PatternError: ``data/rules/targets.yaml`` is malformed.
    Example:
        >>> ts = extract_targets("到2025年底，养老服务设施覆盖率达到90%以上，新建社区食堂12个。")
        >>> [(t.indicator, t.value, t.unit, t.comparator, str(t.deadline)) for t in ts]
        [('养老服务设施覆盖率', 90.0, '%', '>=', '2025-12-31'), ('新建社区食堂', 12.0, '个', '=', '2025-12-31')]
        >>> extract_targets("截至去年底，全市已建成养老机构35家。")
        []
        >>> [str(t.deadline) for t in extract_targets("2021年民政工作要点\\n一、养老服务\\n1.新建敬老院2所。\\n")]
        ['2021-12-31']
    """
    from .extract.tables import with_table_targets
    from .extract.targets import extract_targets as _extract

    from .document import as_document

    doc_or_text = as_document(doc_or_text, "extract_targets", reference_date=reference_date)
    return with_table_targets(doc_or_text, _extract(doc_or_text, reference_date=reference_date))
