"""One declarative schema for the data files under ``policytext/data/``.

Every YAML rule file has a *spec* (in :mod:`policytext.specs`): a plain dict saying which keys it holds and
what kind of value each key takes. :func:`load_rules` reads a file, checks it
against its spec and raises :class:`~policytext.errors.PatternError` naming the
file, the key and (where YAML tells) the line, so that a missing key can never
silently turn into the regex ``(?:None)``.

A spec is data:

- a key ending in ``?`` is optional (the loader supplies the default);
  every other key is required; a key the spec does not name is an error;
- a value is a *kind* (a string, see :data:`KINDS`), a tuple of allowed
  values (``("han", "arabic", "circled")``), a nested spec (a dict: the value
  must be a mapping) or a one-element list holding a nested spec (a non-empty
  list of such mappings: ``[{"id": "id", "pattern": "regex"}]``).

Checks run in the order of the spec, so the first problem of a file is the
one reported. Lexicons (``.txt``) are read with
:func:`policytext._resources.read_lexicon` or ``read_table``;
:data:`LEXICONS` names the columns of the tabular ones.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

from ._resources import compile_regex, data_path, read_yaml
from .errors import PatternError
from .specs import DOC_TYPES, LEXICONS, SPECS, Spec  # noqa: F401  (re-exported)

__all__ = ["KINDS", "SPECS", "LEXICONS", "load_rules", "validate", "spec_for"]

# the specs themselves (data) live in policytext.specs; their names are re-exported here

#: Value kinds a spec may name. ``regex(a,b)`` is a regex that must capture the
#: named groups ``a`` and ``b``; ``template`` is a regex that may use ``{MACRO}``
#: placeholders, which its loader expands.
KINDS = {
    "any": "any value",
    "str": "a non-empty string",
    "chars": "a string (may be empty)",
    "id": "a non-empty string, unique within its list",
    "regex": "a valid regular expression",
    "template": "a valid regular expression once {MACRO} placeholders are expanded",
    "int": "an integer",
    "posint": "a positive int",
    "number": "a number",
    "bool": "true or false",
    "scalar": "a string or a number",
    "str-list": "a non-empty list of non-empty strings",
    "words": "a list of non-empty strings (may be empty or null)",
    "regex-list": "a non-empty list of regular expressions",
    "str-map": "a mapping of non-empty strings to non-empty strings",
    "template-map": "a mapping of names to regular expression templates",
}

#: What the named groups of a pattern stand for (in error messages).
GROUP_NAMES = {"y": "the year", "m": "the month", "d": "the day", "num": "the number", "n": "the ordinal"}

RE_KIND = re.compile(r"(?P<kind>[a-z-]+)(?:\((?P<groups>[a-z_,]*)\))?")
RE_MACRO = re.compile(r"\{[A-Z]+\}")


# --------------------------------------------------------------------------- API


def spec_for(name: Union[str, Path]) -> Spec:
    """The spec of a shipped file (``"rules/metadata.yaml"``).

    Example:
        >>> spec_for("rules/normalize.yaml")["spaced_digits"]["min_count"]
        'posint'
    """
    key = Path(name).as_posix()
    if key not in SPECS:
        raise KeyError(f"no spec for {key!r}; known: {sorted(SPECS)}")
    return SPECS[key]


def load_rules(name: Union[str, Path], spec: Optional[Spec] = None) -> Dict[str, Any]:
    """Read a YAML rule file and check it against ``spec``.

    Args:
        name: File under ``policytext/data/`` or an absolute path.
        spec: The spec (default: the one :data:`SPECS` holds for ``name``).
    Returns:
        The parsed mapping (shared and cached: do not modify it).
    Raises:
        PatternError: A key is missing, unknown or of the wrong kind, or a
            regex is invalid (names the file, the key and the line).
    Example:
        >>> load_rules("rules/normalize.yaml")["spaced_digits"]["min_count"]
        3
    """
    data = read_yaml(name)
    validate(data, spec if spec is not None else spec_for(name), where=str(name))
    return data


def validate(data: Any, spec: Spec, *, where: str) -> None:
    """Check parsed ``data`` against ``spec``; raise :class:`PatternError` on the first problem.

    Example:
        >>> validate({"as_of": "(截至"}, {"as_of": "regex"}, where="x.yaml")
        Traceback (most recent call last):
        ...
        policytext.errors.PatternError: x.yaml, key 'as_of': invalid regular expression: missing ), unterminated subpattern at position 0
    """
    try:
        _check_mapping(data, spec, "", top=True)
    except _Problem as p:
        raise PatternError(where, p.reason, key=p.key or None, line=_line_of(where, p.key)) from None


# --------------------------------------------------------------------------- checks


class _Problem(Exception):
    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key, self.reason = key, reason


def _join(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sub(ctx: str, key: str) -> str:
    return f"{ctx}.{key}" if ctx else key


def _check_mapping(data: Any, spec: Spec, ctx: str, *, top: bool = False) -> None:
    if not isinstance(data, dict):
        raise _Problem(ctx, f"`{ctx}` must be a mapping with {_join([f'`{k}`' for k in _names(spec)])}")
    names = _names(spec)
    unknown = sorted(str(k) for k in data if k not in names)
    if unknown:
        where = "top-level keys" if top else f"keys in `{ctx}`"
        raise _Problem(ctx, f"unknown {where} {unknown}; allowed: {names}")
    required = [k for k in spec if not k.endswith("?")]
    for raw_key, kind in spec.items():
        key = raw_key.rstrip("?")
        if key not in data:
            if key in required:
                what = f"{ctx} must have" if ctx else "the file must have"
                raise _Problem(_sub(ctx, key), f"missing `{key}`; {what} {_join([f'`{k}`' for k in required])}")
            continue
        _check(data[key], kind, _sub(ctx, key))


def _names(spec: Spec) -> List[str]:
    return [k.rstrip("?") for k in spec]


def _check(value: Any, kind: Any, key: str) -> None:
    if isinstance(kind, dict):
        _check_mapping(value, kind, key)
    elif isinstance(kind, list):
        _check_entries(value, kind[0], key)
    elif isinstance(kind, tuple):
        if isinstance(value, bool) or value not in kind:
            raise _Problem(key, f"`{key}`={value!r} is invalid; must be one of {', '.join(map(str, kind))}")
    else:
        _check_kind(value, kind, key)


def _check_entries(value: Any, spec: Spec, key: str) -> None:
    if not isinstance(value, list) or not value:
        raise _Problem(key, f"`{key}` must be a non-empty list of mappings with {_join(_names(spec))}")
    ids: Dict[str, int] = {}
    for i, entry in enumerate(value):
        ctx = f"{key}[{i}]"
        _check_mapping(entry, spec, ctx)
        for k, kind in spec.items():
            if kind == "id" and k in entry:
                if entry[k] in ids:
                    raise _Problem(f"{ctx}.{k}", f"duplicate id {entry[k]!r} in `{key}` (first at [{ids[entry[k]]}])")
                ids[entry[k]] = i


def _check_kind(value: Any, kind: str, key: str) -> None:
    m = RE_KIND.fullmatch(kind)
    if m is None or m.group("kind") not in KINDS:
        raise ValueError(f"unknown kind {kind!r} in a spec; known: {sorted(KINDS)}")
    base = m.group("kind")
    ok = _CHECKS[base](value, key)
    if not ok:
        raise _Problem(key, f"`{key}`={_short(value)} is invalid; must be {KINDS[base]}")
    if m.group("groups"):
        _check_groups(compile_regex(value, where="", key=key), m.group("groups").split(","), key)


def _check_groups(rx: "re.Pattern[str]", groups: List[str], key: str) -> None:
    missing = [g for g in groups if g not in rx.groupindex]
    if not missing:
        return
    if len(groups) == 1:
        g = groups[0]
        raise _Problem(key, f"`{key}` must capture {GROUP_NAMES.get(g, 'the group ' + g)} as (?P<{g}>…)")
    raise _Problem(key, f"`{key}` must capture groups {_join(groups)} (missing {_join(missing)})")


def _short(value: Any) -> str:
    r = repr(value)
    return r if len(r) <= 60 else r[:57] + "..."


def _regex(value: Any, key: str) -> bool:
    try:
        compile_regex(value, where="", key=key)
    except PatternError as e:
        raise _Problem(key, e.reason) from None
    return True


def _template(value: Any, key: str) -> bool:
    return isinstance(value, str) and _regex(RE_MACRO.sub("(?:)", value), key)


def _str(value: Any, key: str = "") -> bool:
    return isinstance(value, str) and bool(value)


def _int(value: Any, key: str = "") -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _list(value: Any, key: str, item) -> bool:
    if not isinstance(value, list) or not value:
        return False
    for i, v in enumerate(value):
        if not item(v, f"{key}[{i}]"):
            raise _Problem(f"{key}[{i}]", f"`{key}[{i}]`={_short(v)} is invalid; must be a non-empty string")
    return True


def _map(value: Any, key: str, item) -> bool:
    if not isinstance(value, dict):
        return False
    for k, v in value.items():
        if not _str(k) or not item(v, f"{key}.{k}"):
            raise _Problem(f"{key}.{k}", f"entries of `{key}` must map a word to a non-empty string, "
                                         f"got {k!r}: {_short(v)}")
    return True


_CHECKS = {
    "any": lambda v, k: True,
    "str": _str,
    "chars": lambda v, k: isinstance(v, str),
    "id": _str,
    "regex": _regex,
    "template": _template,
    "int": _int,
    "posint": lambda v, k: _int(v) and v > 0,
    "number": lambda v, k: isinstance(v, (int, float)) and not isinstance(v, bool),
    "bool": lambda v, k: isinstance(v, bool),
    "scalar": lambda v, k: isinstance(v, (str, int, float)) and not isinstance(v, bool),
    "str-list": lambda v, k: _list(v, k, _str),
    "words": lambda v, k: v is None or v == [] or _list(v, k, _str),
    "regex-list": lambda v, k: _list(v, k, lambda x, kk: _str(x) and _regex(x, kk)),
    "str-map": lambda v, k: _map(v, k, _str),
    "template-map": lambda v, k: _map(v, k, lambda x, kk: _str(x) and _template(x, kk)),
}


# --------------------------------------------------------------------------- lines


def _line_of(where: str, key: str) -> Optional[int]:
    """The line of ``key`` (``a.b[2].c``) in the YAML file ``where``, or of its nearest parent."""
    if not key:
        return None
    try:
        import yaml

        path = data_path(where)
        node = yaml.compose(path.read_text(encoding="utf-8"))
    except Exception:  # the file was read before: this only adds a line number
        return None
    line = None
    for token in re.findall(r"[^.\[\]]+|\[\d+\]", key):
        if node is None:
            break
        line = node.start_mark.line + 1
        node = _child(node, token)
    if node is not None:
        line = node.start_mark.line + 1
    return line


def _child(node: Any, token: str) -> Any:
    import yaml

    if token.startswith("[") and isinstance(node, yaml.SequenceNode):
        i = int(token[1:-1])
        return node.value[i] if i < len(node.value) else None
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == token:
                return v
    return None
