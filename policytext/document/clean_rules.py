"""Rules of the cleaner: furniture patterns and text normalizations, loaded from data.

:func:`load_furniture` reads ``data/patterns/furniture.yaml`` (lines of web and
download-site furniture), :func:`load_normalize_rules` reads
``data/rules/normalize.yaml`` (the spaced-digit artefact). Both files are
checked against their spec in :mod:`policytext.schema`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from .._resources import compile_regex, may_hold_match, required_texts
from ..errors import PatternError
from ..schema import load_rules
from ..specs import FURNITURE, NORMALIZE

__all__ = ["FurnitureRules", "load_furniture", "NormalizeRules", "load_normalize_rules", "DEFAULT_FURNITURE",
           "DEFAULT_NORMALIZE", "RE_SENTENCE_PUNCT"]

DEFAULT_FURNITURE = "patterns/furniture.yaml"
DEFAULT_NORMALIZE = "rules/normalize.yaml"

RE_SENTENCE_PUNCT = re.compile("[。！？；!?;]")


@dataclass(frozen=True)
class FurnitureRules:
    """Compiled furniture patterns (see ``data/patterns/furniture.yaml``).

    Build with :func:`load_furniture`.
    """

    drop: Optional["re.Pattern[str]"]
    drop_force: Optional["re.Pattern[str]"]
    #: (id, pattern, texts one of which every match holds: :func:`policytext._resources.required_texts`)
    strip_suffix: Tuple[Tuple[str, "re.Pattern[str]", Tuple[str, ...]], ...]
    cut_tail: Optional["re.Pattern[str]"]
    cut_head: Optional["re.Pattern[str]"]
    keep: Optional["re.Pattern[str]"]
    new_paragraph: Optional["re.Pattern[str]"]
    widget: Optional["re.Pattern[str]"] = None
    split_label: Optional["re.Pattern[str]"] = None
    split_separator: Optional["re.Pattern[str]"] = None
    widget_run_min: int = 2
    protect_min_chars: int = 40
    head_zone: int = 40
    max_line_chars: int = 80
    source: str = DEFAULT_FURNITURE
    ids: Dict[str, str] = field(default_factory=dict, repr=False)
    #: texts one of which every ``drop_force`` match holds (:func:`policytext._resources.required_texts`)
    drop_force_texts: Tuple[str, ...] = field(default=(), repr=False)

    def is_protected(self, line: str) -> bool:
        """True for a body sentence, which no generic pattern may drop.

        Example:
            >>> r = load_furniture()
            >>> r.is_protected("分享到：微信 微博")
            False
            >>> r.is_protected("要健全分层分类的社会救助体系，推动救助政策逐步向低收入人口拓展，切实做到应保尽保、应救尽救。")
            True
        """
        return len(line) > self.protect_min_chars and RE_SENTENCE_PUNCT.search(line) is not None

    def match_drop(self, line: str) -> Optional[str]:
        """The id of the drop rule matching the whole ``line``, or ``None``.

        Example:
            >>> load_furniture().match_drop("第2页 / 共5页")
            'page_of'
            >>> load_furniture().match_drop("一、总体要求") is None
            True
        """
        if self.drop_force is not None and may_hold_match(line, self.drop_force_texts):
            m = self.drop_force.fullmatch(line)
            if m:
                return self.ids[m.lastgroup or ""]
        if self.drop is None or len(line) > self.max_line_chars or self.is_protected(line):
            return None
        m = self.drop.fullmatch(line)
        return self.ids[m.lastgroup or ""] if m else None


def _combine(entries: List[Tuple[str, str]], where: str, prefix: str, ids: Dict[str, str]
             ) -> Optional["re.Pattern[str]"]:
    if not entries:
        return None
    parts = []
    for n, (rid, pat) in enumerate(entries):
        group = f"{prefix}{n}"
        ids[group] = rid
        parts.append(f"(?P<{group}>(?:{pat}))")
    return compile_regex("|".join(parts), where=where, key=prefix)


def _entries(data: dict, key: str, where: str) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]]]:
    """``(normal, force)`` lists of ``(id, pattern)`` for section ``key`` (already checked by the schema)."""
    normal, force = [], []
    for i, e in enumerate(data.get(key, [])):
        if re.compile(e["pattern"]).groupindex:
            raise PatternError(where, f"{key}[{i}]: named groups are not allowed in furniture patterns",
                               key=f"{key}[{i}].pattern")
        (force if e.get("force") else normal).append((e["id"], e["pattern"]))
    return normal, force


def _suffix(rid: str, pattern: str) -> Tuple[str, "re.Pattern[str]", Tuple[str, ...]]:
    """A ``strip_suffix`` entry with the texts one of which every match holds (a line without any is not
    searched)."""
    rx = re.compile(pattern)
    return rid, rx, required_texts(rx)


def load_furniture(name: str = DEFAULT_FURNITURE) -> FurnitureRules:
    """Load and validate a furniture pattern file (cached).

    Args:
        name: File under ``policytext/data/`` or an absolute path.
    Returns:
        The compiled :class:`FurnitureRules`.
    Raises:
        PatternError: The file is malformed (names the file and the key).
    Example:
        >>> rules = load_furniture()
        >>> rules.match_drop("【打印】【关闭】")
        'print_close'
    """
    return _load_furniture(str(name))


_CACHE: Dict[str, FurnitureRules] = {}


def _load_furniture(name: str) -> FurnitureRules:
    cached = _CACHE.get(name)
    if cached is not None:
        return cached
    data = load_rules(name, FURNITURE)
    where = name
    ints = {k: data.get(k, default) for k, default in (("protect_min_chars", 40), ("head_zone", 40),
                                                       ("max_line_chars", 80), ("widget_run_min", 2))}
    ids: Dict[str, str] = {}
    drop, drop_force = _entries(data, "drop_line", where)
    suffix, sf = _entries(data, "strip_suffix", where)
    tail, tf = _entries(data, "cut_tail", where)
    head, hf = _entries(data, "cut_head", where)
    keep, kf = _entries(data, "keep_line", where)
    newp, nf = _entries(data, "new_paragraph", where)
    widget, wf = _entries(data, "widget_token", where)
    label, lf = _entries(data, "split_label", where)
    sep, sepf = _entries(data, "split_separator", where)
    force = _combine(drop_force, where, "f", ids)
    rules = FurnitureRules(
        drop=_combine(drop, where, "d", ids),
        drop_force=force,
        strip_suffix=tuple(_suffix(rid, p) for rid, p in suffix + sf),
        cut_tail=_combine(tail + tf, where, "t", ids),
        cut_head=_combine(head + hf, where, "h", ids),
        keep=_combine(keep + kf, where, "k", ids),
        new_paragraph=_combine(newp + nf, where, "n", ids),
        widget=_combine(widget + wf, where, "w", ids),
        split_label=_combine(label + lf, where, "l", ids),
        split_separator=_combine(sep + sepf, where, "s", ids),
        source=where,
        ids=ids,
        drop_force_texts=required_texts(force) if force is not None else (),
        **ints,
    )
    _CACHE[name] = rules
    return rules


@dataclass(frozen=True)
class NormalizeRules:
    """Compiled text normalizations (see ``data/rules/normalize.yaml``).

    Build with :func:`load_normalize_rules`.
    """

    spaced_digits_trigger: "re.Pattern[str]"
    spaced_digits_min_count: int
    spaced_digits_remove: "re.Pattern[str]"
    source: str = DEFAULT_NORMALIZE

    def shows_spaced_digits(self, lines: Sequence[str]) -> bool:
        """True when ``lines`` show the spaced-digit artefact often enough.

        Example:
            >>> r = load_normalize_rules()
            >>> r.shows_spaced_digits(["1 9 9 7 年产量达到4 0 0 万吨，比1 9 9 2 年增长1 0 ％。"])
            True
            >>> r.shows_spaced_digits(["第 3 页", "Windows 10 2019", "2020年增长10%。"])
            False
        """
        need = self.spaced_digits_min_count
        for t in lines:
            if " " not in t and "\u00a0" not in t:
                continue
            for _ in self.spaced_digits_trigger.finditer(t):
                need -= 1
                if need <= 0:
                    return True
        return False


_NORM_CACHE: Dict[str, NormalizeRules] = {}


def load_normalize_rules(name: str = DEFAULT_NORMALIZE) -> NormalizeRules:
    """Load and validate the normalization rules (cached).

    Args:
        name: File under ``policytext/data/`` or an absolute path.
    Raises:
        PatternError: The file is malformed (names the file and the key).
    Example:
        >>> load_normalize_rules().spaced_digits_min_count
        3
    """
    cached = _NORM_CACHE.get(name)
    if cached is not None:
        return cached
    sd = load_rules(name, NORMALIZE)["spaced_digits"]
    n = sd["min_count"]
    remove = compile_regex(sd["remove"], where=name, key="spaced_digits.remove")
    if remove.match("") is not None or remove.search("a") is not None:
        raise PatternError(name, "`spaced_digits.remove` must match spaces only, never an empty string",
                           key="spaced_digits.remove")
    rules = NormalizeRules(compile_regex(sd["trigger"], where=name, key="spaced_digits.trigger"), n, remove,
                           source=name)
    _NORM_CACHE[name] = rules
    return rules

