"""Chinese script: text in traditional characters read as simplified (OpenCC's ``t2s``).

The work-area model, its seed terms and the keyword baseline know simplified
Chinese; a page reposted in traditional characters (``居家適老化改造``,
``養老服務設施``) would otherwise read as a text without one known word. OpenCC
converts phrase by phrase (``乾隆`` stays, ``乾燥`` becomes ``干燥``) and keeps
every character in place, so a simplified text comes back the same: on the 358
texts of ``../shared/corpora`` and the seeds it changed 15 characters in all
(variants such as ``昇``), and no text's length. The converter is created once,
when first needed (about 10 ms).
"""
from __future__ import annotations

import functools
from typing import Any, List, Sequence


@functools.lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` with traditional characters written as simplified ones (the same length).

    Example:
        >>> to_simplified("1.75萬戶困難老人完成居家適老化改造")
        '1.75万户困难老人完成居家适老化改造'
        >>> to_simplified("推进殡葬改革")
        '推进殡葬改革'
    """
    return _converter().convert(text)


def all_simplified(texts: Sequence[str]) -> List[str]:
    """:func:`to_simplified` of each text.

    Example:
        >>> all_simplified(["養老服務", "低保"])
        ['养老服务', '低保']
    """
    convert = _converter().convert
    return [convert(t) for t in texts]
