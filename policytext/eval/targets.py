"""Evaluate extracted targets against a gold JSONL file.

The matching rules are those of ``../shared/gold/README.md``:

- a predicted target matches a gold target of the same document when the
  units are equal after normalization (``％`` -> ``%``, ``个百分点`` -> ``pp``),
  both are placeholders or the values are equal (relative tolerance 1e-6), and
  either the predicted sentence contains the gold ``quote`` (both NFKC
  normalized, whitespace removed) or the character-bigram Dice similarity of
  the two indicators is at least 0.3;
- pairs are taken greedily, quote hits first, then by similarity; each gold
  and each prediction is used once;
- precision = matched / predicted; recall = matched / (gold not optional +
  matched optional); comparator and deadline accuracy are exact-match rates
  on the matched pairs.
"""
from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from ..errors import DocumentLoadError
from ..extract.dedupe import bigram_dice
from ..types import Target, _ToDict
from .metrics import PRF, format_table
from .target_gold import GoldTarget, normalize_unit, read_gold

__all__ = [
    "GoldTarget",
    "TargetMatch",
    "TargetEvaluation",
    "normalize_unit",
    "dice",
    "read_gold",
    "match_targets",
    "evaluate_targets",
    "year_from_name",
    "format_report",
]

DOC_SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm", ".doc", ".wps")

RE_SPACE = re.compile(r"\s+")


# --------------------------------------------------------------------------- helpers


def _norm_text(s: str) -> str:
    return RE_SPACE.sub("", unicodedata.normalize("NFKC", s or ""))


def dice(a: str, b: str) -> float:
    """Character-bigram Dice similarity of two strings (multiset), in [0, 1].

    Example:
        >>> round(dice("农村养老服务设施覆盖率", "养老服务设施覆盖率"), 3)
        0.889
        >>> dice("火化率", "婚姻登记")
        0.0
    """
    return bigram_dice(_norm_text(a), _norm_text(b))


def _values_equal(a: Optional[float], b: Optional[float]) -> bool:
    if a is None or b is None:
        return False
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=0.0) or (a == 0 and b == 0)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class TargetMatch(_ToDict):
    """A matched (prediction, gold) pair."""

    doc: str
    predicted: Target
    gold: GoldTarget
    quote_hit: bool
    similarity: float

    @property
    def comparator_ok(self) -> bool:
        return self.predicted.comparator == self.gold.comparator

    @property
    def deadline_ok(self) -> bool:
        pred = self.predicted.deadline.isoformat() if self.predicted.deadline else None
        return pred == (self.gold.deadline or None)


def _compatible(p: Target, g: GoldTarget) -> bool:
    # GUIDELINES §2: a rate may stay in the indicator (每人每月1020元: 元) or in the unit (元/人·月); the unit
    # before the slash is compared
    if normalize_unit(p.unit).partition("/")[0] != g.unit.partition("/")[0]:
        return False
    if p.placeholder and g.placeholder:
        return True
    if p.placeholder or g.placeholder:
        return False
    return _values_equal(p.value, g.value)


def match_targets(predicted: Sequence[Target], gold: Sequence[GoldTarget], *,
                  doc: str = "") -> Tuple[List[TargetMatch], List[Target], List[GoldTarget]]:
    """Pair the predictions and gold targets of one document greedily.

    Args:
        predicted: Targets extracted from the document.
        gold: Gold targets of the same document.
        doc: The document's name (copied into the matches).
    Returns:
        ``(matches, extras, misses)``: matched pairs, unmatched predictions
        and unmatched gold targets.
    Example:
        >>> from policytext.types import Target
        >>> p = Target(indicator="火化率", value=96.0, value_max=None, unit="%", comparator=">=",
        ...            deadline=None, deadline_text=None, placeholder=False,
        ...            text="力争火化率达到96%以上。", start=0, end=13, quote_start=2, quote_end=12)
        >>> g = GoldTarget(doc="d.txt", quote="火化率达到96%以上", indicator="火化率", value=96.0, unit="%")
        >>> matches, extras, misses = match_targets([p], [g])
        >>> len(matches), matches[0].quote_hit, len(extras), len(misses)
        (1, True, 0, 0)
    """
    cands = []
    for i, p in enumerate(predicted):
        ptext = _norm_text(p.text)
        for j, g in enumerate(gold):
            if not _compatible(p, g):
                continue
            q = _norm_text(g.quote)
            hit = bool(q) and q in ptext
            sim = dice(p.indicator, g.indicator)
            if hit or sim >= 0.3:
                cands.append((0 if hit else 1, -sim, i, j, hit, sim))
    cands.sort()
    used_p: set = set()
    used_g: set = set()
    matches = []
    for _, _, i, j, hit, sim in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        matches.append(TargetMatch(doc, predicted[i], gold[j], hit, sim))
    extras = [p for i, p in enumerate(predicted) if i not in used_p]
    misses = [g for j, g in enumerate(gold) if j not in used_g]
    return matches, extras, misses


# --------------------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class DocCounts(_ToDict):
    """Per-document counts."""

    doc: str
    gold: int
    optional: int
    predicted: int
    matched: int


@dataclass(frozen=True)
class TargetEvaluation(_ToDict):
    """The result of :func:`evaluate_targets`.

    Attributes:
        scores: Precision, recall and F1 (recall counts matched optional
            targets and ignores missed ones).
        comparator_accuracy, deadline_accuracy: Exact-match rates on the
            matched pairs (``None`` when nothing matched).
        per_doc: Counts for each document.
        matches, extras, misses: The pairs, unmatched predictions (with their
            document) and unmatched non-optional gold targets.
    """

    scores: PRF
    comparator_accuracy: Optional[float]
    deadline_accuracy: Optional[float]
    per_doc: Tuple[DocCounts, ...]
    matches: Tuple[TargetMatch, ...] = field(default=(), repr=False)
    extras: Tuple[Tuple[str, Target], ...] = field(default=(), repr=False)
    misses: Tuple[GoldTarget, ...] = field(default=(), repr=False)

    @property
    def precision(self) -> float:
        return self.scores.precision

    @property
    def recall(self) -> float:
        return self.scores.recall

    @property
    def f1(self) -> float:
        return self.scores.f1


def score(per_doc_results: Iterable[Tuple[str, Sequence[Target], Sequence[GoldTarget]]]) -> TargetEvaluation:
    """Score predictions against gold, document by document.

    Args:
        per_doc_results: ``(doc, predicted, gold)`` for each document.
    Returns:
        The evaluation.
    Example:
        >>> from policytext.types import Target
        >>> p = Target(indicator="新增养老床位", value=None, value_max=None, unit="张", comparator="=",
        ...            deadline=None, deadline_text=None, placeholder=True,
        ...            text="新增养老床位×张。", start=0, end=9, quote_start=0, quote_end=8)
        >>> g = GoldTarget(doc="d.txt", quote="新增养老床位×张", indicator="新增养老服务床位",
        ...                value=None, unit="张", placeholder=True)
        >>> ev = score([("d.txt", [p], [g])])
        >>> ev.precision, ev.recall, ev.deadline_accuracy
        (1.0, 1.0, 1.0)
    """
    matched = predicted = gold_count = 0
    all_matches: List[TargetMatch] = []
    all_extras: List[Tuple[str, Target]] = []
    all_misses: List[GoldTarget] = []
    per_doc = []
    for doc, preds, golds in per_doc_results:
        matches, extras, misses = match_targets(preds, golds, doc=doc)
        n_opt_matched = sum(1 for m in matches if m.gold.optional)
        n_gold = sum(1 for g in golds if not g.optional) + n_opt_matched
        matched += len(matches)
        predicted += len(preds)
        gold_count += n_gold
        all_matches += matches
        all_extras += [(doc, p) for p in extras]
        all_misses += [g for g in misses if not g.optional]
        per_doc.append(DocCounts(doc, sum(1 for g in golds if not g.optional),
                                 sum(1 for g in golds if g.optional), len(preds), len(matches)))
    prf = PRF.from_counts(matched=matched, predicted=predicted, gold=gold_count)
    comp = (sum(m.comparator_ok for m in all_matches) / len(all_matches)) if all_matches else None
    dl = (sum(m.deadline_ok for m in all_matches) / len(all_matches)) if all_matches else None
    return TargetEvaluation(prf, comp, dl, tuple(per_doc), tuple(all_matches), tuple(all_extras),
                            tuple(all_misses))


RE_NAME_YEAR = re.compile(r"(?<![0-9A-Za-z])(19[4-9][0-9]|20[0-9]{2})(?![0-9A-Za-z])")


def year_from_name(name: str) -> Optional[int]:
    """The year a file name states (``gwr-2016-national.txt`` -> 2016), if any.

    Example:
        >>> year_from_name("gwr-2016-national.txt"), year_from_name("民政工作要点.txt")
        (2016, None)
    """
    m = RE_NAME_YEAR.search(Path(name).name)
    return int(m.group(1)) if m else None


def _default_extract(path: Path, reference_date: Optional[_dt.date] = None) -> List[Target]:
    from ..extract.targets import extract_targets

    # A document that states no year of its own (many reports carry no date
    # line) takes the year of its file name, else the given reference date.
    name_year = year_from_name(path.name)
    ref = reference_date
    if ref is None and name_year is not None:
        ref = _dt.date(name_year, 1, 1)
    try:
        from ..io import load

        doc = load(path, reference_date=ref)
    except ImportError:  # a partial installation without the document builder: plain text
        return extract_targets(path.read_text(encoding="utf-8"), reference_date=ref)
    return extract_targets(doc, reference_date=ref)


def evaluate_targets(gold: Union[str, Path], docs: Union[str, Path], *,
                     extract: Optional[Callable[[Path], Sequence[Target]]] = None,
                     reference_date: Optional[_dt.date] = None,
                     only_gold_docs: bool = False) -> TargetEvaluation:
    """Run the extractor over a folder of documents and score it against gold.

    Every document in ``docs`` is evaluated (a document without gold lines
    contributes only its predictions, which are all extras); every document
    the gold names must be in ``docs``.

    Args:
        gold: Gold JSONL file (``seed-targets.jsonl`` format).
        docs: Folder with the documents.
        extract: ``path -> targets``; default loads the file with
            :func:`policytext.load` and runs :func:`policytext.extract_targets`.
        reference_date: For the default extractor, the date ``今年`` refers to
            in a document that states no year of its own; when absent, a year
            in the file name (``gwr-2016-national.txt``) is used.
        only_gold_docs: Evaluate only the documents the gold file names (a
            gold file for a few documents of a larger corpus). By default every
            document of the folder counts, so that a document whose gold has
            no target contributes its predictions as extras.
    Returns:
        The evaluation.
    Raises:
        DocumentLoadError: The folder, the gold file or a document named by the
            gold file is missing.
    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "plan.txt").write_text("到2020年底新建养老服务中心3个。\\n", encoding="utf-8")
        >>> _ = (d / "gold.jsonl").write_text('{"doc": "plan.txt", "quote": "新建养老服务中心3个", '
        ...     '"indicator": "新建养老服务中心", "value": 3, "unit": "个", "comparator": "=", '
        ...     '"deadline": "2020-12-31"}\\n', encoding="utf-8")
        >>> ev = evaluate_targets(d / "gold.jsonl", d)
        >>> round(ev.f1, 2), ev.deadline_accuracy
        (1.0, 1.0)
    """
    folder = Path(docs)
    if not folder.is_dir():
        raise DocumentLoadError(str(folder), "not a folder; pass --docs the folder holding the documents")
    gold_items = read_gold(gold, docs=folder)
    gold_path = Path(gold).resolve()
    files = sorted(p for p in folder.iterdir()
                   if p.is_file() and p.suffix.lower() in DOC_SUFFIXES and p.resolve() != gold_path)
    if only_gold_docs:
        wanted = {g.doc for g in gold_items}
        files = [p for p in files if p.name in wanted]
    names = {p.name for p in files}
    missing = sorted({g.doc for g in gold_items} - names)
    if missing:
        raise DocumentLoadError(str(folder), f"documents named in the gold file are missing: {', '.join(missing)}")
    by_doc: Dict[str, List[GoldTarget]] = {}
    for g in gold_items:
        by_doc.setdefault(g.doc, []).append(g)
    run = extract or (lambda p: _default_extract(p, reference_date))
    return score((p.name, list(run(p)), by_doc.get(p.name, [])) for p in files)


# --------------------------------------------------------------------------- report


def _fmt_pred(t: Target) -> str:
    v = "×" if t.placeholder else (f"{t.value:g}" if t.value is not None else "?")
    if t.value_max is not None:
        v += f"–{t.value_max:g}"
    dl = t.deadline.isoformat() if t.deadline else None
    return (f"{t.indicator} {t.comparator} {v}{t.unit} deadline={dl} ({t.deadline_text}) "
            f"@{t.quote_start}: {t.text[:80]}")


def _fmt_gold(g: GoldTarget) -> str:
    v = "×" if g.placeholder else (f"{g.value:g}" if g.value is not None else "?")
    opt = " [optional]" if g.optional else ""
    return f"{g.indicator} {g.comparator} {v}{g.unit} deadline={g.deadline} ({g.deadline_text}){opt}: {g.quote}"


def format_report(ev: TargetEvaluation, *, verbose: bool = False) -> str:
    """Plain-text report: scores, per-document counts, and with ``verbose`` the misses and extras.

    Example:
        >>> ev = score([("空.txt", [], [])])
        >>> print(format_report(ev).splitlines()[0])
        targets: precision 1.000  recall 1.000  F1 1.000  (matched 0, predicted 0, gold 0)
    """
    s = ev.scores
    comp = "n/a" if ev.comparator_accuracy is None else f"{ev.comparator_accuracy:.3f}"
    dl = "n/a" if ev.deadline_accuracy is None else f"{ev.deadline_accuracy:.3f}"
    lines = [
        f"targets: precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
        f"(matched {s.matched}, predicted {s.predicted}, gold {s.gold})",
        f"comparator accuracy {comp}  deadline accuracy {dl}  (on {len(ev.matches)} matched pairs)",
        "",
        format_table([[d.doc, d.gold, d.optional, d.predicted, d.matched] for d in ev.per_doc],
                     ["doc", "gold", "optional", "predicted", "matched"]),
    ]
    if verbose:
        lines += ["", f"misses ({len(ev.misses)}):"]
        lines += [f"  {g.doc}: {_fmt_gold(g)}" for g in ev.misses]
        lines += ["", f"extras ({len(ev.extras)}):"]
        lines += [f"  {doc}: {_fmt_pred(t)}" for doc, t in ev.extras]
        wrong = [m for m in ev.matches if not (m.comparator_ok and m.deadline_ok)]
        lines += ["", f"matched with a wrong comparator or deadline ({len(wrong)}):"]
        for m in wrong:
            lines.append(f"  {m.doc}: predicted {_fmt_pred(m.predicted)}")
            lines.append(f"  {' ' * len(m.doc)}  gold      {_fmt_gold(m.gold)}")
    return "\n".join(lines)
