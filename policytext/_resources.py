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
from typing import Any, Dict, FrozenSet, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

from .errors import PatternError

try:  # Python >= 3.11
    from re import _constants as _sre_constants  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _sre_constants  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

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


def expand_macros(pattern: str, macros: Dict[str, str], *, where: Union[str, Path], key: str,
                  keep: Iterable[str] = (), depth: int = 0) -> str:
    """``pattern`` with each ``{NAME}`` (capital letters) replaced by the macro of that name, itself expanded;
    a name in ``keep`` stays as it is (a placeholder the caller fills in).

    Raises:
        PatternError: An unknown name, or macros nested more than five deep (one that refers to itself).

    Example:
        >>> expand_macros("{YEAR}年{ORG}", {"YEAR": "{D}{4}", "D": "[0-9]"}, where="x.yaml", key="p", keep={"ORG"})
        '[0-9]{4}年{ORG}'
    """
    if depth > 5:
        raise PatternError(where, "macros nest too deeply (a macro refers to itself?)", key=key)
    keep = frozenset(keep)

    def sub(m: "re.Match[str]") -> str:
        name = m.group(1)
        if name in keep:
            return m.group()
        if name not in macros:
            raise PatternError(where, f"unknown macro {{{name}}}; defined: {sorted(macros)}", key=key)
        return expand_macros(macros[name], macros, where=where, key=key, keep=keep, depth=depth + 1)

    return re.sub(r"\{([A-Z]+)\}", sub, pattern)


def after_line_break(rx: "re.Pattern[str]") -> "Optional[re.Pattern[str]]":
    """For a pattern anchored at line starts (opening with ``^`` under ``re.M``, outside any
    alternation), the same pattern after a line break; ``None`` for any other pattern.

    ``re`` tries a pattern that opens with ``^`` at every character of a text, but finds the line
    break of the other one quickly (a literal prefix); the anchored pattern then matches right
    after that break (:func:`after_boundaries`).

    Example:
        >>> after_line_break(re.compile("^第.条", re.M)).pattern, after_line_break(re.compile("^甲|乙", re.M))
        ('\\n(?:第.条)', None)
    """
    if not rx.flags & re.M or not rx.pattern.startswith("^"):
        return None
    parsed = list(_sre_parse.parse(rx.pattern, rx.flags))
    if not parsed or parsed[0] != (_sre_constants.AT, _sre_constants.AT_BEGINNING):
        return None
    return re.compile("\n(?:" + rx.pattern[1:] + ")", rx.flags)


def after_boundaries(rx: "re.Pattern[str]", boundary: "re.Pattern[str]", text: str
                     ) -> Iterator["re.Match[str]"]:
    """``rx.finditer(text)`` for a pattern that matches only at the text's start or right after a boundary
    character (a line start, a clause start): the same leftmost non-overlapping matches.

    ``boundary`` opens with that one character and may go on with what a match of ``rx`` after it
    holds (``\\n(?:…)`` of :func:`after_line_break`, or a clause end and the look-ahead a rule opens
    with): ``re`` finds it in C, where it would try ``rx`` at every character, and ``rx`` is matched
    only at the text's start and right after each boundary found.

    Example:
        >>> rx = re.compile("^第.条", re.M)
        >>> [m.span() for m in after_boundaries(rx, after_line_break(rx), "第一条\\n第二条 第三条\\n第四条")]
        [(0, 3), (4, 7), (12, 15)]
    """
    m = rx.match(text)
    pos = end = 0
    while True:
        if m is not None:
            yield m
            end = max(m.end(), m.start() + 1)
        found = boundary.search(text, max(pos, end - 1))  # a boundary inside the last match starts none
        if found is None:
            return
        pos = found.start() + 1
        m = rx.match(text, pos)


def required_texts(rx: "re.Pattern[str]") -> Tuple[str, ...]:
    """Texts one of which every match of ``rx`` holds, sorted; ``()`` when none are found or case is
    ignored.

    A branch point gives the texts of all its branches (each must give some), a sequence those
    of one of its parts (a run of literal characters, a
    group, a set of literal characters, a part repeated at least once): the part with the fewest
    texts, then the longest. Look-arounds, classes and optional parts give nothing. A text
    holding another one of the set is left out (``与本`` beside ``本``).

    A text holding none of them holds no match: a quick test before ``re`` tries a pattern at many
    positions.

    Example:
        >>> required_texts(re.compile("(?:本|此)(?:办法|规定)自.{0,9}施行|(?:原)?《[^》]+》同时废止"))
        ('》同时废止', '施行')
        >>> required_texts(re.compile("[甲乙]|(?:丙丁)+戊?")), required_texts(re.compile("甲|.乙?"))
        (('丙丁', '乙', '甲'), ())
    """
    parsed = _sre_parse.parse(rx.pattern, rx.flags)
    if (rx.flags | parsed.state.flags) & re.IGNORECASE:
        return ()
    return tuple(sorted(_texts_of(parsed) or ()))


def may_hold_match(text: str, texts: Sequence[str]) -> bool:
    """Whether ``text`` holds one of ``texts`` (those of :func:`required_texts`), or ``texts`` is empty:
    ``False`` means no match of the pattern can be in ``text``.

    Example:
        >>> may_hold_match("本办法自发布之日起施行", ("《", "本"))
        True
        >>> may_hold_match("加强养老服务", ("《", "本"))
        False
    """
    if not texts:
        return True
    for t in texts:  # a loop: any() over a generator costs more than the tests themselves
        if t in text:
            return True
    return False


def _texts_of(items: Any) -> Optional[FrozenSet[str]]:
    """:func:`required_texts` of a parsed sequence, or ``None``."""
    c = _sre_constants
    options: List[FrozenSet[str]] = []
    run = ""
    for op, arg in items:
        if op == c.LITERAL:
            run += chr(arg)
            continue
        if run:
            options.append(frozenset([run]))
            run = ""
        got: Optional[FrozenSet[str]] = None
        if op == c.SUBPATTERN and not arg[1] & re.IGNORECASE:
            got = _texts_of(arg[3])
        elif op == c.BRANCH:
            branches = [_texts_of(b) for b in arg[1]]
            if all(branches):
                union = frozenset().union(*branches)  # type: ignore[arg-type]
                got = frozenset(t for t in union if not any(u != t and u in t for u in union))
        elif op == c.IN and all(o == c.LITERAL for o, _ in arg):
            got = frozenset(chr(a) for _, a in arg)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT) and arg[0] >= 1:
            got = _texts_of(arg[2])
        if got:
            options.append(got)
    if run:
        options.append(frozenset([run]))
    return min(options, key=lambda s: (len(s), -min(map(len, s)), sorted(s))) if options else None


#: First characters per group of the top level of :func:`longest_first` (see there).
TRIE_GROUP = 64


def longest_first(terms: Iterable[str]) -> str:
    """A regex matching the same as the alternation of ``terms`` sorted longest first, written as a trie.

    At each position the longest term that starts there matches, and when what follows the
    alternation fails the next shorter one is tried, as with ``长项|短``; sharing prefixes lets
    the regex engine try one branch per character instead of every term. The branches of a node
    start with different characters, so their order does not change what matches; at the top
    level, where a lexicon has hundreds of first characters, they are put in groups of
    :data:`TRIE_GROUP` behind a look-ahead of the group's characters, so that the engine skips a
    whole group at once (Python's ``re`` tries the branches of an alternation one after the other).
    The one lexicon regex of the package: seed terms, unit names and suffixes.

    Example:
        >>> p = longest_first(["养老", "养老服务", "低保"])
        >>> [m.group() for m in re.finditer(p, "养老服务和养老、低保")]
        ['养老服务', '养老', '低保']
    """
    terms = list(terms)
    if "" in terms:  # an empty term matches everywhere: the plain alternation says how
        return "|".join(map(re.escape, sorted(set(terms), key=lambda t: (-len(t), t))))
    trie: Dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: Dict[str, Any], top: bool = False) -> str:
        items = [(ch, child) for ch, child in sorted(node.items()) if ch]
        branches = [re.escape(ch) + pattern(child) for ch, child in items]
        if not branches:
            return ""
        if top and len(branches) > TRIE_GROUP:
            branches = ["(?=[" + "".join(re.escape(ch) for ch, _ in items[i:i + TRIE_GROUP]) + "])(?:"
                        + "|".join(branches[i:i + TRIE_GROUP]) + ")" for i in range(0, len(items), TRIE_GROUP)]
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(trie, top=True)


def require_keys(obj: Any, keys: Sequence[str], *, where: str, context: str = "") -> None:
    """Raise :class:`PatternError` unless ``obj`` is a mapping holding ``keys``."""
    if not isinstance(obj, dict):
        raise PatternError(where, f"{context or 'entry'} must be a mapping")
    for k in keys:
        if k not in obj:
            raise PatternError(where, f"missing key in {context or 'entry'}", key=k)
