"""Read and validate the data files under ``policytext/data/``.

Rules, lexicons and patterns live in data files; code stays generic. Every
reader here checks what it reads and raises :class:`~policytext.errors.PatternError`
naming the file, the line and the key.

- Lexicons: UTF-8 ``.txt``, one term per line, ``#`` starts a comment.
  A line may carry tab-separated fields (``term<TAB>normalized<TAB>…``).
- Rules: YAML files (a mapping at the top).
- Patterns: JSONL, one JSON object per line.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from .errors import PatternError

DATA_DIR = Path(__file__).resolve().parent / "data"

__all__ = ["DATA_DIR", "data_path", "read_lexicon", "read_table", "read_yaml", "read_jsonl", "compile_regex"]


def data_path(name: Union[str, Path]) -> Path:
    """Resolve ``name`` relative to ``policytext/data/`` (absolute paths pass through)."""
    p = Path(name)
    return p if p.is_absolute() else DATA_DIR / p


def _display(path: Path) -> str:
    try:
        return str(path.relative_to(DATA_DIR))
    except ValueError:
        return str(path)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PatternError(_display(path), "data file not found") from None
    except UnicodeDecodeError as e:
        raise PatternError(_display(path), f"not UTF-8 ({e.reason})") from None


def _lines(path: Path) -> Iterable[Tuple[int, str]]:
    for no, line in enumerate(_read_text(path).splitlines(), 1):
        line = line.split("#", 1)[0].rstrip() if not line.lstrip().startswith("\\#") else line
        if line.strip():
            yield no, line


@functools.lru_cache(maxsize=None)
def read_lexicon(name: Union[str, Path]) -> Tuple[str, ...]:
    r"""Terms of a one-term-per-line lexicon, in file order, duplicates rejected.

    Example:
        >>> import pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "areas.txt"
        >>> _ = f.write_text("# 示例\n养老服务\n社会救助  # 低保\n", encoding="utf-8")
        >>> read_lexicon(f)
        ('养老服务', '社会救助')
    """
    path = data_path(name)
    seen: Dict[str, int] = {}
    out: List[str] = []
    for no, line in _lines(path):
        term = line.strip()
        if "\t" in term:
            raise PatternError(_display(path), "tab in a one-term lexicon (use read_table)", line=no)
        if term in seen:
            raise PatternError(_display(path), f"duplicate term {term!r} (first on line {seen[term]})", line=no)
        seen[term] = no
        out.append(term)
    if not out:
        raise PatternError(_display(path), "the lexicon is empty")
    return tuple(out)


@functools.lru_cache(maxsize=None)
def read_table(name: Union[str, Path], columns: Tuple[str, ...], *,
               required: Optional[int] = None) -> Tuple[Dict[str, str], ...]:
    """Rows of a tab-separated lexicon as dicts keyed by ``columns``.

    ``required`` columns (default: all) must be non-empty; missing trailing
    optional columns become ``""``.
    """
    path = data_path(name)
    need = len(columns) if required is None else required
    rows = []
    for no, line in _lines(path):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) > len(columns):
            raise PatternError(_display(path), f"{len(cells)} fields, expected at most {len(columns)} "
                               f"({', '.join(columns)})", line=no)
        cells += [""] * (len(columns) - len(cells))
        for i in range(need):
            if not cells[i]:
                raise PatternError(_display(path), "missing value", line=no, key=columns[i])
        rows.append(dict(zip(columns, cells)))
    if not rows:
        raise PatternError(_display(path), "the table is empty")
    return tuple(rows)


@functools.lru_cache(maxsize=None)
def read_yaml(name: Union[str, Path]) -> Any:
    """Parse a YAML rule file (cached). The top level must be a mapping."""
    import yaml

    path = data_path(name)
    try:
        data = yaml.safe_load(_read_text(path))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise PatternError(_display(path), f"invalid YAML: {getattr(e, 'problem', e)}",
                           line=(mark.line + 1) if mark else None) from None
    if not isinstance(data, dict):
        raise PatternError(_display(path), "the top level must be a mapping")
    if path.name != CUES_FILE.rsplit("/", 1)[-1]:
        data = _with_cues(data, _display(path))
    return data


#: Cue phrases shared by several rule files (``{CUE:name}`` in their strings).
CUES_FILE = "rules/cues.yaml"
RE_CUE = re.compile(r"\{CUE:(\w+)\}")


def _with_cues(data: Any, where: str) -> Any:
    """``data`` with every ``{CUE:name}`` replaced by the regex of that shared cue."""
    cues: Optional[Dict[str, Any]] = None

    def sub(value: Any) -> Any:
        nonlocal cues
        if isinstance(value, str) and "{CUE:" in value:
            if cues is None:
                cues = read_yaml(CUES_FILE)

            def one(m: "re.Match[str]") -> str:
                if m.group(1) not in cues:
                    raise PatternError(where, f"unknown cue {m.group(1)!r}; {CUES_FILE} defines "
                                              f"{sorted(cues)}")
                return str(cues[m.group(1)])

            return RE_CUE.sub(one, value)
        if isinstance(value, list):
            return [sub(v) for v in value]
        if isinstance(value, dict):
            return {k: sub(v) for k, v in value.items()}
        return value

    return sub(data)


@functools.lru_cache(maxsize=None)
def read_jsonl(name: Union[str, Path], *, required: Tuple[str, ...] = ()) -> Tuple[Dict[str, Any], ...]:
    """Objects of a JSONL file; each must be an object with the ``required`` keys."""
    path = data_path(name)
    out = []
    for no, line in enumerate(_read_text(path).splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise PatternError(_display(path), f"invalid JSON: {e.msg}", line=no) from None
        if not isinstance(obj, dict):
            raise PatternError(_display(path), "each line must be a JSON object", line=no)
        for k in required:
            if k not in obj:
                raise PatternError(_display(path), "missing key", line=no, key=k)
        out.append(obj)
    return tuple(out)


def compile_regex(pattern: str, *, where: Union[str, Path], line: Optional[int] = None,
                  key: Optional[str] = None, flags: int = 0) -> "re.Pattern[str]":
    """Compile a regex from a data file, turning errors into :class:`PatternError`."""
    if not isinstance(pattern, str) or not pattern:
        raise PatternError(str(where), "the pattern must be a non-empty string", line=line, key=key)
    try:
        return re.compile(pattern, flags)
    except re.error as e:
        raise PatternError(str(where), f"invalid regular expression: {e}", line=line, key=key) from None


def literal_alternation(words: Sequence[str]) -> str:
    """``"|".join(map(re.escape, words))`` with the words grouped by their first character:
    ``国庆节|国庆|元旦`` -> ``国(?:庆节|庆)|元旦``. It matches the same (the words that fit at a
    position share its character, and keep their order inside its group) and faster: a long
    lexicon is tried one group per character instead of one word at a time.

    Example:
        >>> literal_alternation(["国庆节", "元旦", "国庆"])
        '国(?:庆节|庆)|元旦'
    """
    if "" in words:  # the empty word fits everywhere: leave the order to the plain alternation
        return "|".join(map(re.escape, words))
    groups: Dict[str, List[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    return "|".join(re.escape(ch) + re.escape(rest[0]) if len(rest) == 1
                    else re.escape(ch) + "(?:" + "|".join(map(re.escape, rest)) + ")"
                    for ch, rest in groups.items())


def require_keys(obj: Any, keys: Sequence[str], *, where: str, context: str = "") -> None:
    """Raise :class:`PatternError` unless ``obj`` is a mapping holding ``keys``."""
    if not isinstance(obj, dict):
        raise PatternError(where, f"{context or 'entry'} must be a mapping")
    for k in keys:
        if k not in obj:
            raise PatternError(where, f"missing key in {context or 'entry'}", key=k)
