"""Work-area taxonomy: the label set of the work-area classifier.

The areas (code, Chinese name, scope, seed terms) live in a data file,
``policytext/data/taxonomy.yaml`` by default (GUIDELINES §4). Everything that
needs the label set reads it from here: the classifier, the training script,
the keyword baseline and the exports. A user can pass a taxonomy file of their
own (same layout) to :func:`load_taxonomy`, :class:`~policytext.classification.estimator.WorkAreaClassifier`
and ``policytext train --taxonomy FILE``.

File layout::

    name: minzheng
    version: "1.0"
    fallback: other            # the code given when no area is confident
    areas:
      - code: social_assistance
        name: 社会救助
        scope: 最低生活保障、特困人员救助供养……
        seeds: [低保, 特困人员, 临时救助]
      - code: other
        name: 非民政领域
        scope: 经济、产业……
        seeds: [国内生产总值, 养老保险]
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, FrozenSet, Iterable, List, Optional, Sequence, Tuple, Union

from .._resources import DATA_DIR, longest_first
from ..errors import PatternError
from ..schema import validate
from ..specs import TAXONOMY
from ..types import _ToDict

__all__ = ["Area", "Taxonomy", "load_taxonomy", "DEFAULT_TAXONOMY"]

#: The taxonomy file shipped with the package.
DEFAULT_TAXONOMY = DATA_DIR / "taxonomy.yaml"

RE_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Area(_ToDict):
    """One work area of a taxonomy.

    Attributes:
        code: Label code (``"elderly_care"``).
        name: Chinese name (``"养老服务"``).
        scope: One sentence describing what the area covers.
        seeds: Seed terms, typical words of the area.
        primary: Terms that make this area the primary one of a text that carries it
            (optional key ``primary``): ``机构防控`` in ``殡仪服务机构防控`` — GUIDELINES §4
            files the safety of service institutions under ``epidemic_safety``, whatever
            the institution. Looked for in the first sentence of a text (a task's
            heading); they never add an area, they only reorder the text's own areas.
        people: Terms that name the people the area serves, not its work
            (optional key ``people``): ``残疾人``, ``老年人``, ``儿童``. They need not be
            seed terms (``儿童`` alone is too common to be one). A list of groups
            (``高校毕业生、残疾人、就业困难人员等群体就业``) names them for another area's
            work, so in the lexicon gate an item of a ``、`` list that ends with such a
            term that is also a seed (or closes the list with it and ``等``) counts
            neither as an area term nor as a clause of the area (see
            ``WorkAreaClassifier.gate_yields``); and a list that names the people of
            several areas (``保障妇女、儿童、老年人、残疾人合法权益``) is about each of
            them, in the order named (see ``WorkAreaClassifier.listed_groups``).

    Example:
        >>> a = Area("funeral", "殡葬管理", "殡葬改革和公益性公墓", ("殡葬", "火化"))
        >>> a.name, a.seeds[0]
        ('殡葬管理', '殡葬')
    """

    code: str
    name: str
    scope: str
    seeds: Tuple[str, ...] = ()
    primary: Tuple[str, ...] = ()
    people: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy(_ToDict):
    """A validated set of work areas, in file order.

    Attributes:
        name: Taxonomy name.
        version: Taxonomy version string.
        fallback: Code given to text no area is confident about (``"other"``).
        areas: The areas, in file order (the fallback included).
        source: File the taxonomy was read from (``""`` when built in memory).

    Example:
        >>> tax = load_taxonomy()
        >>> tax.fallback, len(tax.codes), tax["elderly_care"].name
        ('other', 16, '养老服务')
        >>> tax.count_seeds("做好低保和临时救助工作，提高低保标准")["social_assistance"]
        3
    """

    name: str
    version: str
    fallback: str
    areas: Tuple[Area, ...]
    source: str = ""
    _regex: Any = field(default=None, repr=False, compare=False)
    _people_regex: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        where = self.source or "<taxonomy>"
        codes = [a.code for a in self.areas]
        seen: Dict[str, int] = {}
        for i, c in enumerate(codes):
            if not isinstance(c, str) or not RE_CODE.match(c):
                raise PatternError(where, f"code {c!r} is invalid; use lower-case letters, digits and _ "
                                   f"(e.g. 'elderly_care')", key=f"areas[{i}].code")
            if c in seen:
                raise PatternError(where, f"duplicate code {c!r} (first at areas[{seen[c]}])",
                                   key=f"areas[{i}].code")
            seen[c] = i
        if self.fallback not in seen:
            raise PatternError(where, f"unknown code {self.fallback!r}; must be one of {codes}", key="fallback")
        if len(codes) < 2:
            raise PatternError(where, "a taxonomy needs at least one area besides the fallback", key="areas")
        term_owner: Dict[str, str] = {}
        for i, a in enumerate(self.areas):
            for key, terms in (("seeds", a.seeds), ("people", a.people)):
                if any(not t.strip() for t in terms):
                    raise PatternError(where, f"an empty term in {key} of {a.code!r}", key=f"areas[{i}].{key}")
            for t in a.seeds:
                if t in term_owner:
                    raise PatternError(where, f"seed term {t!r} is listed twice (in {term_owner[t]!r} and "
                                       f"{a.code!r}); keep it in one area", key=f"areas[{i}].seeds")
                term_owner[t] = a.code
        rx = _longest_first(term_owner) if term_owner else None
        object.__setattr__(self, "_regex", (rx, term_owner))
        people_owner: Dict[str, str] = {}
        for i, a in enumerate(self.areas):
            if len(set(a.people)) != len(a.people):
                dup = next(t for t in a.people if a.people.count(t) > 1)
                raise PatternError(where, f"duplicate people term {dup!r}", key=f"areas[{i}].people")
            for t in a.people:
                owner = people_owner.get(t) or (term_owner.get(t) if term_owner.get(t) != a.code else None)
                if owner is not None:
                    raise PatternError(where, f"people term {t!r} also names the people or a seed term of "
                                       f"{owner!r}; keep it in one area", key=f"areas[{i}].people")
                people_owner[t] = a.code
        object.__setattr__(self, "_people_regex", (_longest_first(people_owner) if people_owner else None,
                                                   people_owner))

    # ------------------------------------------------------------------ access
    @property
    def codes(self) -> Tuple[str, ...]:
        """All codes in file order (fallback included).

        Example:
            >>> load_taxonomy().codes[:2]
            ('social_assistance', 'elderly_care')
        """
        return tuple(a.code for a in self.areas)

    @property
    def area_codes(self) -> Tuple[str, ...]:
        """Codes of the real areas (everything but the fallback).

        Example:
            >>> "other" in load_taxonomy().area_codes
            False
        """
        return tuple(a.code for a in self.areas if a.code != self.fallback)

    @property
    def names(self) -> Dict[str, str]:
        """Code -> Chinese name.

        Example:
            >>> load_taxonomy().names["funeral"]
            '殡葬管理'
        """
        return {a.code: a.name for a in self.areas}

    @functools.cached_property
    def people(self) -> FrozenSet[str]:
        """The ``people`` terms of all areas (terms naming whom an area serves; computed once).

        Example:
            >>> "残疾人" in load_taxonomy().people, "低保" in load_taxonomy().people
            (True, False)
        """
        return frozenset(t for a in self.areas for t in a.people)

    def __getitem__(self, code: str) -> Area:
        for a in self.areas:
            if a.code == code:
                return a
        raise KeyError(f"unknown work-area code {code!r}; must be one of {list(self.codes)}")

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def __len__(self) -> int:
        return len(self.areas)

    def check_codes(self, codes: Any, *, where: str = "labels") -> None:
        """Raise :class:`PatternError` when a code is not in the taxonomy.

        Example:
            >>> load_taxonomy().check_codes(["funeral", "other"])
            >>> load_taxonomy().check_codes(["养老"])
            Traceback (most recent call last):
            ...
            policytext.errors.PatternError: labels: unknown code '养老'; must be one of [...]
        """
        for c in codes:
            if c not in self.codes:
                raise PatternError(where, f"unknown code {c!r}; must be one of {list(self.codes)}")

    # ------------------------------------------------------------------ seed terms
    def find_seeds(self, text: str) -> List[Tuple[int, int, str, str]]:
        """Seed terms found in ``text``, longest first where they overlap.

        Returns:
            ``(start, end, term, code)`` tuples in text order.

        Example:
            >>> [(t, c) for _, _, t, c in load_taxonomy().find_seeds("落实养老保险，发展养老服务")]
            [('养老保险', 'other'), ('养老服务', 'elderly_care')]
        """
        return _find(self._regex, text)

    def find_seeds_many(self, texts: Sequence[str]) -> List[List[Tuple[int, int, str, str]]]:
        """:meth:`find_seeds` of each of ``texts``, the terms of all texts looked for together
        (:class:`.lookup.TermFinder`: the regex is tried only where a term's first characters stand).

        Example:
            >>> [[t for _, _, t, _ in f] for f in load_taxonomy().find_seeds_many(["落实养老保险", "做好殡葬工作"])]
            [['养老保险'], ['殡葬']]
        """
        finder = self._seed_finder
        if finder is None:  # no seed terms, or an empty one or one that holds a line break
            return [self.find_seeds(t) for t in texts]
        owner = self._regex[1]
        return [[(s, e, term, owner[term]) for s, e, term in found] for found in finder.spans(texts)]

    @functools.cached_property
    def _seed_finder(self) -> Any:
        from .lookup import TermFinder  # numpy: only when texts are classified

        rx, owner = self._regex
        return TermFinder.usable(owner, rx) if rx is not None else None

    def find_people(self, text: str) -> List[Tuple[int, int, str, str]]:
        """The areas' ``people`` terms found in ``text``: ``(start, end, term, code)`` as :meth:`find_seeds` gives.

        Example:
            >>> [(t, c) for _, _, t, c in load_taxonomy().find_people("关爱留守儿童和空巢老人")]
            [('儿童', 'child_welfare'), ('老人', 'elderly_care')]
        """
        return _find(self._people_regex, text)

    def count_seeds(self, text: str) -> Dict[str, int]:
        """Number of seed-term hits per code (codes without hits are left out).

        Example:
            >>> load_taxonomy().count_seeds("推进殡葬改革，提高火化率")
            {'funeral': 2}
        """
        return count_codes(self.find_seeds(text))

    def fingerprint(self) -> str:
        """SHA-256 of the taxonomy content (codes, names, scopes, seeds, fallback).

        Example:
            >>> len(load_taxonomy().fingerprint())
            64
        """
        blob = json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def to_dict(self) -> Dict[str, Any]:
        """Plain dict in the file layout (what :meth:`from_dict` reads).

        Example:
            >>> load_taxonomy().to_dict()["areas"][0]["code"]
            'social_assistance'
        """
        areas = []
        for a in self.areas:
            d: Dict[str, Any] = {"code": a.code, "name": a.name, "scope": a.scope, "seeds": list(a.seeds)}
            if a.primary:  # only when set: taxonomies without it keep their fingerprint
                d["primary"] = list(a.primary)
            if a.people:
                d["people"] = list(a.people)
            areas.append(d)
        return {"name": self.name, "version": self.version, "fallback": self.fallback, "areas": areas}

    @classmethod
    def from_dict(cls, data: Any, *, source: str = "<taxonomy>") -> "Taxonomy":
        """Build and validate a taxonomy from a parsed file (or :meth:`to_dict` output).

        Raises:
            PatternError: A key is missing or has a bad value, a code is unknown or duplicated.

        Example:
            >>> t = Taxonomy.from_dict({"fallback": "other", "areas": [
            ...     {"code": "funeral", "name": "殡葬", "scope": "殡葬改革", "seeds": ["火化"]},
            ...     {"code": "other", "name": "其他", "scope": "其他内容", "seeds": []}]})
            >>> t.area_codes
            ('funeral',)
        """
        if not isinstance(data, dict):
            raise PatternError(source, "the top level must be a mapping")
        validate(data, TAXONOMY, where=source)
        areas = []
        for i, a in enumerate(data["areas"]):
            seeds = a["seeds"] or []
            primary = a.get("primary") or []
            people = tuple(t.strip() for t in a.get("people") or [])
            if len(set(seeds)) != len(seeds):
                dup = next(t for t in seeds if seeds.count(t) > 1)
                raise PatternError(source, f"duplicate seed term {dup!r}", key=f"areas[{i}].seeds")
            areas.append(Area(str(a["code"]), a["name"].strip(), a["scope"].strip(),
                              tuple(t.strip() for t in seeds), tuple(t.strip() for t in primary), people))
        tax = cls(name=str(data.get("name", "custom")), version=str(data.get("version", "0")),
                  fallback=str(data["fallback"]), areas=tuple(areas), source=source)
        return tax


_CACHE: Dict[str, Taxonomy] = {}


def count_codes(found: Iterable[Tuple[int, int, str, str]]) -> Dict[str, int]:
    """Number of terms per code among ``found`` (what :meth:`Taxonomy.find_seeds` gives), in order of
    first appearance.

    Example:
        >>> count_codes([(0, 2, "殡葬", "funeral"), (5, 8, "火化率", "funeral")])
        {'funeral': 2}
    """
    out: Dict[str, int] = {}
    for _, _, _, code in found:
        out[code] = out.get(code, 0) + 1
    return out


def _find(regex_and_owner: Tuple[Any, Dict[str, str]], text: str) -> List[Tuple[int, int, str, str]]:
    """``(start, end, term, code)`` of each term of a longest-first regex in ``text`` (``code``: its owner)."""
    rx, owner = regex_and_owner
    if rx is None:
        return []
    return [(m.start(), m.end(), m.group(), owner[m.group()]) for m in rx.finditer(text)]


def _longest_first(terms: Dict[str, str]) -> Any:
    """The regex finding, at the leftmost position, the longest of ``terms`` (a trie: the same matches as
    the alternation of the terms sorted longest first, much faster)."""
    return re.compile(longest_first(terms))


def load_taxonomy(path: Union[str, Path, None] = None) -> Taxonomy:
    """Read and validate a taxonomy file (the shipped one by default; cached per path).

    Args:
        path: A YAML file in the layout of ``policytext/data/taxonomy.yaml``;
            ``None`` for the shipped taxonomy.
    Returns:
        The validated :class:`Taxonomy`.
    Raises:
        PatternError: The file is missing, not YAML, or a key is missing, a code
            unknown or duplicated (the message names the file and the key).

    Example:
        >>> tax = load_taxonomy()
        >>> tax["social_assistance"].name
        '社会救助'
        >>> [a.code for a in tax.areas][-1]
        'other'
    """
    import yaml

    p = Path(path) if path is not None else DEFAULT_TAXONOMY
    key = str(p.resolve())
    if key in _CACHE:
        return _CACHE[key]
    display = "taxonomy.yaml" if p.resolve() == DEFAULT_TAXONOMY.resolve() else str(p)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PatternError(display, "taxonomy file not found") from None
    except (UnicodeDecodeError, IsADirectoryError) as e:
        raise PatternError(display, f"cannot read the taxonomy file ({e})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise PatternError(display, f"invalid YAML: {getattr(e, 'problem', e)}",
                           line=(mark.line + 1) if mark else None) from None
    try:
        tax = Taxonomy.from_dict(data, source=display)
    except PatternError as e:
        raise PatternError(e.path, e.reason, line=_line_of(text, e.key), key=e.key) from None
    _CACHE[key] = tax
    return tax


def _line_of(text: str, key: Optional[str]) -> Optional[int]:
    """Line (1-based) of the YAML node ``key`` (``areas[3].code``) names, if it can be found."""
    if not key:
        return None
    import yaml

    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return None
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", key):
        if node is None:
            return None
        if part.startswith("["):
            i = int(part[1:-1])
            if not isinstance(node, yaml.SequenceNode) or i >= len(node.value):
                return None
            node = node.value[i]
        elif isinstance(node, yaml.MappingNode):
            found = None
            for k, v in node.value:
                if k.value == part:
                    found = v
                    break
            if found is None:  # missing key: point at the mapping itself
                return node.start_mark.line + 1
            node = found
        else:
            return None
    return node.start_mark.line + 1 if node is not None else None
