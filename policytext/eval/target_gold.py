"""Gold targets: one line of a gold target file (``../shared/gold/README.md``) and its reader."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Union

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
    start: Optional[int] = None
    end: Optional[int] = None

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
            start=d.get("start"),
            end=d.get("end"),
        )


def read_gold(path: Union[str, Path], *, docs: Optional[Union[str, Path]] = None) -> List[GoldTarget]:
    """Read a gold target JSONL file, with quotes or with offsets.

    A line states its quote either as ``quote`` or as ``start``/``end``
    character offsets into the document's raw text (the file under ``docs``
    read as UTF-8, no normalization): the quote is then ``text[start:end]``.

    Args:
        path: The file; one JSON object per line with at least ``doc``,
            ``indicator``, ``value``, ``unit`` and ``quote`` or ``start``/``end``.
        docs: Folder holding the documents, needed for offset lines.
    Returns:
        The gold targets in file order.
    Raises:
        DocumentLoadError: The file, or a document an offset line names, cannot be read.
        PatternError: A line is not valid JSON, lacks a required key, or its
            offsets fall outside its document.
    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "a.txt").write_text("今年新增床位×张。", encoding="utf-8")
        >>> _ = (d / "gold.jsonl").write_text('{"doc": "a.txt", "start": 2, "end": 8, "indicator": "新增床位", '
        ...                  '"value": null, "unit": "张", "placeholder": true}\\n', encoding="utf-8")
        >>> [(g.quote, g.placeholder) for g in read_gold(d / "gold.jsonl", docs=d)]
        [('新增床位×张', True)]
    """
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as e:
        raise DocumentLoadError(str(p), f"cannot read the gold file ({e.strerror or e})") from None
    texts: Dict[str, str] = {}
    out = []
    for no, d in json_lines(raw, str(p)):
        for k in ("doc", "indicator", "value", "unit"):
            if k not in d:
                raise PatternError(str(p), "missing key", line=no, key=k)
        if not d.get("quote") and ("start" in d or "end" in d):
            d = dict(d, quote=_offset_quote(d, texts, docs, where=str(p), line=no))
        elif "quote" not in d:
            raise PatternError(str(p), "missing key (or start/end offsets)", line=no, key="quote")
        out.append(GoldTarget.from_dict(d, line=no))
    return out


def _offset_quote(d: Mapping[str, Any], texts: Dict[str, str], docs: Optional[Union[str, Path]], *,
                  where: str, line: int) -> str:
    """``text[start:end]`` of the document an offset line names (documents read once)."""
    for k in ("start", "end"):
        if not isinstance(d.get(k), int) or isinstance(d.get(k), bool):
            raise PatternError(where, "offsets must be integers", line=line, key=k)
    if docs is None:
        raise PatternError(where, "an offset line needs the documents folder (--docs)", line=line, key="start")
    name = str(d["doc"])
    if name not in texts:
        doc_path = Path(docs) / name
        try:
            texts[name] = doc_path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise DocumentLoadError(str(doc_path), f"cannot read the document an offset gold line names ({e})") from None
    text = texts[name]
    start, end = d["start"], d["end"]
    if not 0 <= start < end <= len(text):
        raise PatternError(where, f"offsets {start}:{end} fall outside {name} ({len(text)} characters)",
                           line=line, key="end")
    return text[start:end]
