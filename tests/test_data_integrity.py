"""Every data file under policytext/data/ loads through the one schema (policytext.schema)."""
from __future__ import annotations

import copy
from typing import Any, List, Optional, Tuple, Union

import pytest
import yaml

from policytext._resources import DATA_DIR, read_jsonl, read_lexicon, read_table
from policytext.errors import PatternError
from policytext.schema import LEXICONS, SPECS, load_rules, validate

YAML_FILES = sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.yaml"))
TXT_FILES = sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.txt"))
JSONL_FILES = sorted(p.relative_to(DATA_DIR).as_posix() for p in DATA_DIR.rglob("*.jsonl"))

Path_ = List[Union[str, int]]

# fmt: off
BAD = [
    # data, spec, key named, words of the message
    ({}, {"a": "regex"}, "a", "missing `a`"),
    ({"a": "x", "b": 1}, {"a": "regex"}, None, "unknown top-level keys ['b']"),
    ({"a": "(x"}, {"a": "regex"}, "a", "invalid regular expression"),
    ({"a": "x"}, {"a": "regex(y)"}, "a", "capture the year"),
    ({"a": "(?P<y>x)"}, {"a": "regex(y,m,d)"}, "a", "groups y, m and d"),
    ({"a": 0}, {"a": "posint"}, "a", "positive int"),
    ({"a": True}, {"a": "int"}, "a", "an integer"),
    ({"a": []}, {"a": "str-list"}, "a", "non-empty list"),
    ({"a": ["x", ""]}, {"a": "str-list"}, "a[1]", "non-empty string"),
    ({"a": ["x", 3]}, {"a": "words"}, "a[1]", "non-empty string"),
    ({"a": {"k": 1}}, {"a": "str-map"}, "a.k", "map a word"),
    ({"a": "roman"}, {"a": ("han", "arabic")}, "a", "one of han, arabic"),
    ({"a": 3}, {"a": {"b?": "int"}}, "a", "must be a mapping"),
    ({"a": {"c": 1}}, {"a": {"b?": "int"}}, "a", "unknown keys in `a`"),
    ({"a": [{"id": "x"}, {"id": "x"}]}, {"a": [{"id": "id"}]}, "a[1].id", "duplicate id 'x'"),
    ({"a": [{"pattern": "x"}]}, {"a": [{"id": "id", "pattern": "regex"}]}, "a[0].id", "must have `id` and `pattern`"),
    ({"a": "{NUM}+("}, {"a": "template"}, "a", "invalid regular expression"),
]
# fmt: on


@pytest.mark.parametrize("data,spec,key,words", BAD)
def test_validate_names_the_key(data, spec, key, words):
    with pytest.raises(PatternError) as e:
        validate(data, spec, where="x.yaml")
    assert e.value.path == "x.yaml" and e.value.key == key and words in e.value.reason


def test_optional_keys_may_be_absent():
    validate({"a": "x"}, {"a": "regex", "b?": "int", "c?": [{"id": "id"}]}, where="x.yaml")
    validate({"a": [], "b": None}, {"a": "words", "b": "words"}, where="x.yaml")


@pytest.mark.parametrize("name", YAML_FILES)
def test_every_yaml_file_has_a_spec_and_validates(name):
    assert name in SPECS, f"{name} has no spec: add one to policytext.schema.SPECS"
    assert isinstance(load_rules(name), dict)


def test_every_spec_names_a_shipped_file():
    assert sorted(SPECS) == YAML_FILES


@pytest.mark.parametrize("name", TXT_FILES)
def test_every_lexicon_parses(name):
    assert name in LEXICONS, f"{name} is not listed in policytext.schema.LEXICONS"
    columns = LEXICONS[name]
    rows = read_lexicon(name) if columns is None else read_table(name, columns)
    assert rows


@pytest.mark.parametrize("name", JSONL_FILES)
def test_every_jsonl_pattern_file_parses(name):
    assert read_jsonl(name, required=("label", "pattern"))


# --------------------------------------------------------------------------- every shipped file, broken


def _walk(spec: Any, data: Any, path: Path_, want) -> Optional[Tuple[Path_, Any]]:
    """The first place (in spec order) where ``want(kind, key, present)`` holds."""
    if isinstance(spec, list):
        return _walk(spec[0], data[0], path + [0], want) if data else None
    if not isinstance(spec, dict):
        return None
    for raw, kind in spec.items():
        key = raw.rstrip("?")
        if want(kind, raw, key in data):
            return path + [key], kind
        if key in data:
            found = _walk(kind, data[key], path + [key], want)
            if found:
                return found
    return None


def _key(path: Path_) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out


def _parent(data: Any, path: Path_) -> Any:
    for p in path[:-1]:
        data = data[p]
    return data


def _broken(tmp_path, name: str, change) -> Tuple[str, str]:
    data = copy.deepcopy(load_rules(name))
    key = change(data)
    f = tmp_path / name.replace("/", "_")
    f.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(f), key


@pytest.mark.parametrize("name", YAML_FILES)
def test_missing_key_is_named(tmp_path, name):
    def drop(data):
        path, _ = _walk(SPECS[name], data, [], lambda kind, raw, present: present and not raw.endswith("?"))
        del _parent(data, path)[path[-1]]
        return _key(path)

    f, key = _broken(tmp_path, name, drop)
    with pytest.raises(PatternError, match="missing") as e:
        load_rules(f, SPECS[name])
    assert e.value.path == f and e.value.key == key and e.value.line is not None


@pytest.mark.parametrize("name", YAML_FILES)
def test_bad_regex_is_named(tmp_path, name):
    def spoil(data):
        found = _walk(SPECS[name], data, [], lambda kind, raw, present: present and isinstance(kind, str)
                      and kind.split("(")[0] in ("regex", "template"))
        if found is None:
            pytest.skip(f"{name} holds no regex")
        path, _ = found
        _parent(data, path)[path[-1]] = "(unclosed"
        return _key(path)

    f, key = _broken(tmp_path, name, spoil)
    with pytest.raises(PatternError, match="invalid regular expression") as e:
        load_rules(f, SPECS[name])
    assert e.value.path == f and e.value.key == key and e.value.line is not None


@pytest.mark.parametrize("name", YAML_FILES)
def test_unknown_key_is_named(tmp_path, name):
    def add(data):
        data["frobnicate"] = 1
        return "frobnicate"

    f, _ = _broken(tmp_path, name, add)
    with pytest.raises(PatternError, match=r"unknown top-level keys \['frobnicate'\]") as e:
        load_rules(f, SPECS[name])
    assert e.value.path == f


def test_shared_cues_are_put_in_and_unknown_ones_named(tmp_path):
    from policytext._resources import read_yaml
    from policytext.errors import PatternError

    cues = read_yaml("rules/cues.yaml")
    good = tmp_path / "good.yaml"
    good.write_text("directive: '{CUE:directive_yao}|必须'\n", encoding="utf-8")
    assert read_yaml(str(good))["directive"] == cues["directive_yao"] + "|必须"
    bad = tmp_path / "bad.yaml"
    bad.write_text("directive: '{CUE:no_such_cue}'\n", encoding="utf-8")
    with pytest.raises(PatternError, match="unknown cue 'no_such_cue'") as e:
        read_yaml(str(bad))
    assert "bad.yaml" in str(e.value)
