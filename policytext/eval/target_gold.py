"""Gold targets: one line of a gold target file (``../shared/gold/README.md``) and its reader."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Mapping, Optional, Union

from ..errors import DocumentLoadError, PatternError
from ..types import _ToDict
from .gold import json_lines

__all__ = ["GoldTarget", "read_gold", "normalize_unit"]

_UNIT_ALIASES = {"％": "%", "个百分点": "pp", "百分点": "pp", "個百分點": "pp"}


def normalize_unit(unit: Optional[str]) -> str:
    """Normalize a unit for matching (``％`` -> ``%``, ``个百分点`` -> ``pp``).

    Example:
        >>> normalize_unit("％"), normalize_unit("个百分点"), normalize_unit("万人")
        ('%', 'pp', '万人')
    """
    if not unit:
        return ""
    u = unicodedata.normalize("NFKC", unit).strip()
    return _UNIT_ALIASES.get(u, u)


@dataclass(frozen=True)
class GoldTarget(_ToDict):
    """One line of a gold target file (see ``../shared/gold/README.md``).

    Example:
        >>> g = GoldTarget.from_dict({"doc": "a.txt", "quote": "火化率达到96%以上", "indicator": "火化率",
        ...                          "value": 96, "unit": "％", "comparator": ">="})
        >>> g.unit, g.value, g.optional
        ('%', 96.0, False)
    """

    doc: str
    quote: str
    indicator: str
    value: Optional[float]
    value_max: Optional[float] = None
    unit: str = ""
    comparator: str = "="
    deadline: Optional[str] = None
    deadline_text: Optional[str] = None
    placeholder: bool = False
    optional: bool = False
    area: Optional[str] = None
    line: Optional[int] = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], *, line: Optional[int] = None) -> "GoldTarget":
        value = d.get("value")
        vmax = d.get("value_max")
        return cls(
            doc=str(d["doc"]),
            quote=str(d.get("quote") or ""),
            indicator=str(d.get("indicator") or ""),
            value=None if value is None else float(value),
            value_max=None if vmax is None else float(vmax),
            unit=normalize_unit(d.get("unit")),
            comparator=str(d.get("comparator") or "="),
            deadline=d.get("deadline"),
            deadline_text=d.get("deadline_text"),
            placeholder=bool(d.get("placeholder", False)),
            optional=bool(d.get("optional", False)),
            area=d.get("area"),
            line=line,
        )


def read_gold(path: Union[str, Path]) -> List[GoldTarget]:
    """Read a gold target JSONL file.

    Args:
        path: The file; one JSON object per line with at least ``doc``,
            ``quote``, ``indicator``, ``value`` and ``unit``.
    Returns:
        The gold targets in file order.
    Raises:
        DocumentLoadError: The file cannot be read.
        PatternError: A line is not valid JSON or lacks a required key.
    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
        >>> _ = p.write_text('{"doc": "a.txt", "quote": "新增床位×张", "indicator": "新增床位", '
        ...                  '"value": null, "unit": "张", "placeholder": true}\\n', encoding="utf-8")
        >>> [(g.indicator, g.placeholder) for g in read_gold(p)]
        [('新增床位', True)]
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as e:
        raise DocumentLoadError(str(p), f"cannot read the gold file ({e.strerror or e})") from None
    out = []
    for no, d in json_lines(raw, str(p)):
        for k in ("doc", "quote", "indicator", "value", "unit"):
            if k not in d:
                raise PatternError(str(p), "missing key", line=no, key=k)
        out.append(GoldTarget.from_dict(d, line=no))
    return out
