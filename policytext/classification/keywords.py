"""The keyword baseline: work areas ranked by the taxonomy's seed terms found in a text."""
from __future__ import annotations

import os
from typing import Any, Dict, Union

from .._script import all_simplified
from .predictor import TextInput, _as_texts
from .taxonomy import Taxonomy, load_taxonomy



def keyword_classify(texts: TextInput, *, taxonomy: Union[Taxonomy, str, os.PathLike, None] = None,
                     max_areas: int = 3) -> Any:
    """Keyword-count baseline: areas ranked by how many of their seed terms occur.

    The taxonomy's seed terms are matched longest first (``养老保险`` is a seed
    of ``other``, so it does not count for ``elderly_care``); the area with most
    hits is primary (ties: the earliest hit), other areas with hits follow. The
    fallback wins when it has the most hits or when nothing matches. Traditional
    characters are read as simplified ones (``養老服務`` is ``养老服务``).

    Example:
        >>> keyword_classify("推进殡葬改革，提高火化率，做好低保工作")
        ['funeral', 'social_assistance']
        >>> keyword_classify(["落实养老保险政策", "无关内容"])
        [['other'], ['other']]
    """
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    single = isinstance(texts, str)
    out = []
    for text in all_simplified([texts] if single else _as_texts(texts)):
        counts: Dict[str, int] = {}
        first: Dict[str, int] = {}
        for start, _, _, code in tax.find_seeds(text):
            counts[code] = counts.get(code, 0) + 1
            first.setdefault(code, start)
        ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
        if not ranked or ranked[0] == tax.fallback:
            out.append([tax.fallback])
        else:
            out.append([c for c in ranked if c != tax.fallback][:max_areas])
    return out[0] if single else out


