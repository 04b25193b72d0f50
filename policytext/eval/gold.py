"""Gold files: the one JSON-lines parser of the evaluations, and sentence-level gold with spans.

Every gold file is JSON lines; :func:`json_lines` parses them (the callers
read the file, because they report an unreadable file differently).
:func:`read_sentence_gold` reads the sentence-level gold of quantities and
times and locates each gold span.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Tuple, Union

from ..errors import PatternError

__all__ = ["json_lines", "read_sentence_gold"]


def json_lines(text: str, where: str, *, comments: bool = False, objects: bool = True) -> List[Tuple[int, Any]]:
    """``(line number, value)`` of each non-blank line of a JSON-lines text.

    Args:
        text: The file's text.
        where: The file, for error messages.
        comments: Skip lines starting with ``//``.
        objects: Require each line to be a JSON object.
    Raises:
        PatternError: A line is not valid JSON, or not an object when ``objects``.
    Example:
        >>> json_lines('{"text": "新建养老院3所"}\\n\\n// 注释\\n', "gold.jsonl", comments=True)
        [(1, {'text': '新建养老院3所'})]
    """
    out = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or (comments and line.lstrip().startswith("//")):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise PatternError(where, f"invalid JSON: {e.msg}", line=no) from None
        if objects and not isinstance(obj, dict):
            raise PatternError(where, "each line must be a JSON object", line=no)
        out.append((no, obj))
    return out


def read_sentence_gold(path: Union[str, Path], key: str) -> List[Dict[str, Any]]:
    """Read a sentence-level gold JSONL file and locate every gold span.

    Each returned item is the line's object with ``key`` items gaining
    ``start``/``end`` offsets into ``text``.

    Raises:
        PatternError: A line is not JSON, lacks ``text``/``key``, or a gold
            span is not in its sentence.
    Example:
        >>> import pathlib, tempfile
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
        >>> _ = p.write_text('{"text": "新建3所，改建3所", "quantities": [{"text": "3所"}, {"text": "3所"}]}',
        ...                  encoding="utf-8")
        >>> [(q["start"], q["end"]) for q in read_sentence_gold(p, "quantities")[0]["quantities"]]
        [(2, 4), (7, 9)]
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PatternError(str(p), "gold file not found; pass --gold PATH to an existing JSONL file") from None
    out = []
    for no, obj in json_lines(text, str(p), comments=True, objects=False):
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not isinstance(obj.get(key), list):
            raise PatternError(str(p), f"each line needs a string 'text' and a list {key!r}", line=no)
        pos = 0
        items = []
        for item in obj[key]:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"]:
                raise PatternError(str(p), f"each {key} item needs a non-empty 'text'", line=no)
            start = item.get("start")
            if start is None:
                start = obj["text"].find(item["text"], pos)
            if start < 0 or obj["text"][start:start + len(item["text"])] != item["text"]:
                raise PatternError(str(p), f"{item['text']!r} is not in the sentence (after offset {pos})",
                                   line=no, key=key)
            item = dict(item, start=start, end=start + len(item["text"]))
            pos = start + 1
            items.append(item)
        out.append(dict(obj, **{key: items, "_line": no}))
    return out
