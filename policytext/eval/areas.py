"""Evaluate work-area classification against a gold file.

Two gold formats are read (one JSON object per line):

- ``{"sentence": "...", "areas": ["elderly_care", ...]}`` — the text is given;
- ``{"doc": "x.txt", "heading": "...", "areas": [...]}`` (``seed-tasks.jsonl``)
  — the text is read from ``DOCS/doc``: from the heading to the next gold
  heading of that document or the end of the heading's line, whichever comes first.
  The heading is found verbatim, else after NFKC normalization and whitespace removal;
- ``{"doc": "x.txt", "start": 120, "end": 168, "areas": [...]}`` — a span of
  ``DOCS/doc`` by character offsets (whitespace removed, as
  :func:`policytext.classification.training.split_sentences` gives sentences), so that a gold file
  of sentences from texts that may not be redistributed holds no text
  (``tests/data/gold-areas-gwr.jsonl``).

Several gold files (and several document folders, searched in order) are scored as one
pooled set: where each area has only a few sentences per file, one sentence moves a file's
macro-F1 a lot, the pooled figure much less.

For gold that names task headings of documents, a third column, ``task lists``,
scores the areas the tasks get in :func:`policytext.to_tasks`, where the model
sees each task with its context (the headings of the sections around it, and
its siblings when it has no area of its own); ``model`` is the model on the
task text alone.

Scores (for the trained model and the keyword-count baseline side by side):
primary accuracy, macro-F1 over the primary labels (over the codes that occur
in the gold or the predictions), micro-F1 over label sets, precision/recall/F1 of
"civil affairs" (any area) against ``other``, and a confusion table of primary labels.
"""
from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from ..errors import PatternError
from ..types import _ToDict
from .gold import json_lines
from .metrics import format_table

__all__ = ["GoldItem", "AreaScores", "AreasReport", "read_area_gold", "score_areas", "evaluate_areas",
           "format_report"]

PathLike = Union[str, "os.PathLike[str]"]
#: One folder of documents, or several searched in order (the first that has the file wins).
Folders = Union[PathLike, Sequence[PathLike], None]


@dataclass(frozen=True)
class GoldItem(_ToDict):
    """One gold text with its areas.

    Example:
        >>> GoldItem("做好低保工作", ("social_assistance",)).areas[0]
        'social_assistance'
    """

    text: str
    areas: Tuple[str, ...]
    doc: str = ""
    heading: str = ""


@dataclass(frozen=True)
class AreaScores(_ToDict):
    """Scores of one system.

    Attributes:
        n: Number of gold items.
        primary_accuracy: Share of items whose predicted primary code is the gold primary.
        macro_f1: Mean F1 of the primary codes (one-vs-rest), over the codes in gold or predictions.
        micro_p, micro_r, micro_f1: Precision/recall/F1 over (item, code) pairs of the label sets.
        civil: Precision, recall, F1 and gold count of "civil affairs" (any code but
            the fallback) against the fallback: on report text, where most sentences
            are ``other``, the first thing that matters.
        per_label: code -> (precision, recall, F1, gold count) over primary labels.
        confusion: ``(gold primary, predicted primary) -> count``.

    Example:
        >>> s = score_areas([["funeral"], ["marriage", "child_welfare"]], [["funeral"], ["marriage"]])
        >>> s.primary_accuracy, s.macro_f1, round(s.micro_f1, 3)
        (1.0, 1.0, 0.8)
    """

    n: int
    primary_accuracy: float
    macro_f1: float
    micro_p: float
    micro_r: float
    micro_f1: float
    per_label: Dict[str, Tuple[float, float, float, int]] = field(default_factory=dict)
    confusion: Dict[Tuple[str, str], int] = field(default_factory=dict)
    civil: Tuple[float, float, float, int] = (0.0, 0.0, 0.0, 0)

    @property
    def macro_f1_gold(self) -> float:
        """Mean F1 of the primary codes present in gold only.

        On report sets where most areas have 0-3 sentences, :attr:`macro_f1` moves by a
        whole share with one false alarm into an area the gold lacks; here such an alarm
        still costs the precision of the code it came from, not an F1 of 0 of its own.

        Example:
            >>> s = score_areas([["funeral"], ["other"]], [["funeral"], ["marriage"]])
            >>> round(s.macro_f1, 3), round(s.macro_f1_gold, 3)
            (0.333, 0.5)
        """
        f1 = [v[2] for v in self.per_label.values() if v[3] > 0]
        return sum(f1) / len(f1) if f1 else 0.0

    def summary(self) -> Dict[str, Any]:
        """The headline numbers as a JSON-friendly dict (what ``meta.json`` stores).

        Example:
            >>> sorted(score_areas([["funeral"]], [["funeral"]]).summary())
            ['macro_f1', 'micro_f1', 'n', 'per_label_f1', 'primary_accuracy']
        """
        return {"n": self.n, "primary_accuracy": round(self.primary_accuracy, 4),
                "macro_f1": round(self.macro_f1, 4), "micro_f1": round(self.micro_f1, 4),
                "per_label_f1": {k: round(v[2], 4) for k, v in self.per_label.items()}}


def score_areas(gold: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], *,
                fallback: str = "other") -> AreaScores:
    """Score predicted code lists against gold code lists (primary first in both).

    Example:
        >>> s = score_areas([["funeral"], ["other"], ["marriage"]], [["funeral"], ["marriage"], ["marriage"]])
        >>> round(s.primary_accuracy, 3), s.confusion[("other", "marriage")]
        (0.667, 1)
        >>> [round(x, 3) for x in s.civil[:3]], s.civil[3]     # civil affairs vs other
        ([0.667, 1.0, 0.8], 2)
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold items but {len(pred)} predictions; they must match")
    n = len(gold)
    gp = [g[0] for g in gold]
    pp = [p[0] if p else "" for p in pred]
    correct = sum(a == b for a, b in zip(gp, pp))
    confusion = Counter(zip(gp, pp))
    labels = sorted(set(gp) | (set(pp) - {""}))
    per: Dict[str, Tuple[float, float, float, int]] = {}
    for c in labels:
        tp = confusion.get((c, c), 0)
        npred = sum(1 for x in pp if x == c)
        ngold = sum(1 for x in gp if x == c)
        p = tp / npred if npred else 0.0
        r = tp / ngold if ngold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[c] = (p, r, f, ngold)
    macro = sum(v[2] for v in per.values()) / len(per) if per else 0.0
    tp = sum(len(set(g) & set(p)) for g, p in zip(gold, pred))
    npred = sum(len(set(p)) for p in pred)
    ngold = sum(len(set(g)) for g in gold)
    mp = tp / npred if npred else 0.0
    mr = tp / ngold if ngold else 0.0
    mf = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
    g_civil = [x != fallback for x in gp]
    p_civil = [bool(x) and x != fallback for x in pp]
    ctp = sum(a and b for a, b in zip(g_civil, p_civil))
    cp = ctp / sum(p_civil) if any(p_civil) else 0.0
    cr = ctp / sum(g_civil) if any(g_civil) else 0.0
    cf = 2 * cp * cr / (cp + cr) if cp + cr else 0.0
    return AreaScores(n, correct / n if n else 0.0, macro, mp, mr, mf, per, dict(confusion),
                      (cp, cr, cf, sum(g_civil)))


# ----------------------------------------------------------------------------- gold files


def _squash(s: str) -> Tuple[str, List[int]]:
    """NFKC + whitespace removed, with the original offset of every kept character."""
    out, idx = [], []
    for i, ch in enumerate(s):
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace():
                out.append(c)
                idx.append(i)
    return "".join(out), idx


def _find(text: str, heading: str, start: int = 0) -> int:
    pos = text.find(heading, start)
    if pos >= 0:
        return pos
    sq, idx = _squash(text)
    h, _ = _squash(heading)
    if not h:
        return -1
    k = sq.find(h, next((j for j, i in enumerate(idx) if i >= start), len(sq)))
    return idx[k] if k >= 0 else -1


def _find_heading(text: str, heading: str) -> int:
    """Position of ``heading``; a hit at the start of a line wins (the body, not a table of contents)."""
    first = _find(text, heading)
    pos = first
    while pos >= 0:
        if pos == 0 or text[pos - 1] == "\n":
            return pos
        pos = _find(text, heading, pos + 1)
    return first


def _folders(docs: Folders) -> Tuple[Path, ...]:
    """``docs`` as a tuple of folders (one path, or several; none for ``None``)."""
    if docs is None:
        return ()
    if isinstance(docs, (str, os.PathLike)):
        return (Path(docs),)
    return tuple(Path(d) for d in docs)


def _doc_file(docs: Folders, name: str) -> Path:
    """The file ``name`` in the first of the folders ``docs`` that has it (else in the first folder).

    Example:
        >>> import tempfile; a, b = tempfile.mkdtemp(), tempfile.mkdtemp()
        >>> _ = (Path(b) / "r.txt").write_text("x", encoding="utf-8")
        >>> _doc_file([a, b], "r.txt") == Path(b) / "r.txt", _doc_file(a, "r.txt") == Path(a) / "r.txt"
        (True, True)
    """
    folders = _folders(docs)
    for folder in folders:
        f = folder / name
        if f.is_file():
            return f
    return (folders[0] if folders else Path(".")) / name


def read_area_gold(path: PathLike, docs: Folders = None) -> List[GoldItem]:
    """Read a gold file of either format (see the module docstring).

    ``docs`` is the folder of the documents the file names, or several folders searched in order.

    Raises:
        PatternError: A line is not JSON, lacks ``areas``/``sentence``/``heading``,
            ``--docs`` is needed but missing, or a heading is not in its document.

    Example:
        >>> import pathlib, tempfile
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "plan.txt").write_text("1.做好低保工作。提高标准。2.推进殡葬改革。\\n其他", encoding="utf-8")
        >>> _ = (d / "gold.jsonl").write_text(
        ...     '{"doc": "plan.txt", "heading": "1.做好低保工作", "areas": ["social_assistance"]}\\n'
        ...     '{"doc": "plan.txt", "heading": "2.推进殡葬改革", "areas": ["funeral"]}\\n', encoding="utf-8")
        >>> [g.text for g in read_area_gold(d / "gold.jsonl", d)]
        ['1.做好低保工作。提高标准。', '2.推进殡葬改革。']
    """
    path = Path(path)
    docs = _folders(docs)
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PatternError(str(path), "gold file not found") from None
    rows: List[Tuple[int, Dict[str, Any]]] = []
    for no, obj in json_lines(raw, str(path)):
        areas = obj.get("areas")
        if not isinstance(areas, list) or not areas or not all(isinstance(a, str) for a in areas):
            raise PatternError(str(path), "must be a non-empty list of codes", line=no, key="areas")
        if "sentence" not in obj and not ("doc" in obj and ("heading" in obj or "start" in obj)):
            raise PatternError(str(path), "each line needs 'sentence', or 'doc' and 'heading', or 'doc', "
                               "'start' and 'end'", line=no, key="sentence")
        if "start" in obj and not all(isinstance(obj.get(k), int) and obj[k] >= 0 for k in ("start", "end")):
            raise PatternError(str(path), "'start' and 'end' must be character offsets (int >= 0)", line=no,
                               key="start")
        rows.append((no, obj))
    texts: Dict[str, str] = {}
    starts: Dict[int, int] = {}
    for no, obj in rows:
        if "sentence" in obj:
            continue
        if not docs:
            raise PatternError(str(path), "this gold file names documents; pass --docs DIR (the folder of "
                               "the documents)", line=no, key="doc")
        if obj["doc"] not in texts:
            f = _doc_file(docs, obj["doc"])
            if not f.is_file():
                where = f"document {f}" if len(docs) == 1 else f"document {obj['doc']} (in none of " \
                    f"{', '.join(map(str, docs))})"
                raise PatternError(str(path), f"{where} not found", line=no, key="doc")
            from ..io import read as _read  # noqa: WPS433 (lazy: io pulls in optional readers)

            texts[obj["doc"]] = _read_text(f, _read)
        if "start" in obj:
            if not obj["start"] < obj["end"] <= len(texts[obj["doc"]]):
                raise PatternError(str(path), f"offsets {obj['start']}-{obj['end']} are outside {obj['doc']} "
                                   f"({len(texts[obj['doc']])} characters)", line=no, key="start")
            continue
        pos = _find_heading(texts[obj["doc"]], obj["heading"])
        if pos < 0:
            raise PatternError(str(path), f"heading {obj['heading']!r} not found in {obj['doc']}", line=no,
                               key="heading")
        starts[no] = pos
    items = []
    for no, obj in rows:
        if "sentence" in obj:
            items.append(GoldItem(str(obj["sentence"]), tuple(obj["areas"])))
            continue
        if "start" in obj:  # a span of the document: the sentence as split_sentences gives it
            span = re.sub(r"\s+", "", texts[obj["doc"]][obj["start"]:obj["end"]])
            items.append(GoldItem(span, tuple(obj["areas"]), obj["doc"]))
            continue
        text, pos = texts[obj["doc"]], starts[no]
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        for other_no, other_pos in starts.items():
            if other_no != no and rows_doc(rows, other_no) == obj["doc"] and pos < other_pos < end:
                end = other_pos
        items.append(GoldItem(text[pos:end].strip(), tuple(obj["areas"]), obj["doc"], obj["heading"]))
    return items


def rows_doc(rows: Sequence[Tuple[int, Dict[str, Any]]], no: int) -> Optional[str]:
    """The ``doc`` of gold line ``no`` (helper of :func:`read_area_gold`).

    Example:
        >>> rows_doc([(1, {"doc": "a.txt"})], 1)
        'a.txt'
    """
    for n, obj in rows:
        if n == no:
            return obj.get("doc")
    return None


def _read_text(f: Path, reader: Any) -> str:
    if f.suffix.lower() in (".txt", ".md"):
        return f.read_text(encoding="utf-8")
    return reader(f).text


# ----------------------------------------------------------------------------- evaluation


def _task_list_areas(items: Sequence[GoldItem], docs: Folders, clf: Any) -> List[List[str]]:
    """The areas each gold heading gets in its document's task list (:func:`policytext.to_tasks`).

    A task list classifies a task with its context: the headings of the
    sections around it, and its siblings' area when it has none of its own. A
    gold heading is matched to the task whose text starts with it (or whose
    heading starts it); a heading that is not a task gets the fallback.
    """
    from ..io import load
    from ..tasks import to_tasks

    lists: Dict[str, Any] = {}
    out = []
    for g in items:
        if g.doc not in lists:
            lists[g.doc] = to_tasks(load(_doc_file(docs, g.doc)), classify=clf, targets=[])
        want = _squash(g.heading)[0]
        hit = [t for t in lists[g.doc] if _squash(t.text)[0].startswith(want)
               or (t.heading and want.startswith(_squash(t.marker + t.heading)[0]))]
        out.append(list(hit[0].areas) if hit and hit[0].areas else [clf.taxonomy_.fallback])
    return out


@dataclass(frozen=True)
class AreasReport(_ToDict):
    """Evaluation of the model and the keyword baseline on one gold file.

    Example:
        >>> r = AreasReport(["a"], [GoldItem("做好低保", ("social_assistance",))], {}, {})
        >>> r.systems
        ['a']
    """

    systems: List[str]
    items: List[GoldItem]
    predictions: Dict[str, List[List[str]]]
    scores: Dict[str, AreaScores]


def evaluate_areas(gold: Union[PathLike, Sequence[PathLike]], docs: Folders = None, *,
                   model: Any = None, second: Union[PathLike, Sequence[PathLike], None] = None) -> AreasReport:
    """Score the trained model and the keyword-count baseline on a gold file (or several, pooled).

    Args:
        gold: Gold JSONL (``sentence``, ``doc``+``heading`` or ``doc``+``start``+``end`` lines), or a
            list of such files scored as one set.
        docs: Folder of the documents the gold names, or a list of folders searched in order.
        model: A fitted classifier or a model folder; default the shipped model.
        second: A second annotator's labels of the same items (same format, one file or a list;
            matched by document and text): scored against ``gold`` as one more column, ``second
            annotator``, so that the systems stand beside what two people agree on.

    Raises:
        PatternError: A gold file is malformed, or ``second`` lacks an item of ``gold``.

    Example:
        >>> import pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
        >>> _ = f.write_text('{"sentence": "推进殡葬改革", "areas": ["funeral"]}\\n'
        ...                  '{"sentence": "国内生产总值增长6%", "areas": ["other"]}\\n', encoding="utf-8")
        >>> r = evaluate_areas(f)
        >>> r.scores["model"].primary_accuracy, r.scores["keywords"].primary_accuracy
        (1.0, 1.0)
    """
    from ..classification import AreaPredictor, keyword_classify, load_predictor

    clf = model if isinstance(model, AreaPredictor) else load_predictor(model)
    docs = _folders(docs)
    files = _paths(gold)
    items = [item for f in files for item in read_area_gold(f, docs)]
    texts = [g.text for g in items]
    golds = [list(g.areas) for g in items]
    clf.taxonomy_.check_codes({c for g in golds for c in g}, where=", ".join(map(str, files)))
    preds = {"model": clf.predict_areas(texts)}
    if items and all(g.heading for g in items):
        preds["task lists"] = _task_list_areas(items, docs, clf)
    preds["keywords"] = keyword_classify(texts, taxonomy=clf.taxonomy_)
    if second is not None:
        others = _paths(second)
        preds["second annotator"] = _second_labels(items, [g for f in others for g in read_area_gold(f, docs)],
                                                   ", ".join(map(str, others)))
    scores = {k: score_areas(golds, p, fallback=clf.taxonomy_.fallback) for k, p in preds.items()}
    return AreasReport(list(preds), items, preds, scores)


def _paths(files: Union[PathLike, Sequence[PathLike]]) -> List[PathLike]:
    """One path or several, as a list (a str is one path)."""
    return [files] if isinstance(files, (str, os.PathLike)) else list(files)


def _second_labels(items: Sequence[GoldItem], other: Sequence[GoldItem], where: str) -> List[List[str]]:
    """The areas ``other`` gives each of ``items``, matched by document and text.

    Example:
        >>> a = [GoldItem("做好低保工作", ("social_assistance",), "a.txt")]
        >>> _second_labels(a, [GoldItem("做好低保工作", ("other",), "a.txt")], "b.jsonl")
        [['other']]
    """
    labels = {(g.doc, g.text): list(g.areas) for g in other}
    missing = [g for g in items if (g.doc, g.text) not in labels]
    if missing:
        raise PatternError(where, f"{len(missing)} of {len(items)} gold items have no label here (first: "
                           f"{missing[0].doc or 'sentence'} {missing[0].text[:30]!r})")
    return [labels[(g.doc, g.text)] for g in items]


def format_report(report: AreasReport, *, verbose: bool = False) -> str:
    """Plain-text report: headline scores side by side, per-label F1, confusion table(s).

    Example:
        >>> s = score_areas([["funeral"]], [["funeral"]])
        >>> r = AreasReport(["model"], [GoldItem("殡葬改革", ("funeral",))], {"model": [["funeral"]]}, {"model": s})
        >>> print(format_report(r).splitlines()[0])
        work areas: 1 gold items
    """
    sys_ = report.systems
    out = [f"work areas: {len(report.items)} gold items", ""]
    rows = []
    for name, attr in (("primary accuracy", "primary_accuracy"), ("macro-F1 (primary)", "macro_f1"),
                       ("macro-F1 (gold codes)", "macro_f1_gold"),
                       ("label-set micro-P", "micro_p"), ("label-set micro-R", "micro_r"),
                       ("label-set micro-F1", "micro_f1")):
        rows.append([name] + [getattr(report.scores[s], attr) for s in sys_])
    for k, name in enumerate(("civil affairs vs other: P", "civil affairs vs other: R",
                              "civil affairs vs other: F1")):
        rows.append([name] + [report.scores[s].civil[k] for s in sys_])
    out.append(format_table(rows, ["metric"] + sys_))
    labels = sorted({c for s in sys_ for c in report.scores[s].per_label})
    out += ["", "per primary label (F1):"]
    out.append(format_table([[c, report.scores[sys_[0]].per_label.get(c, (0, 0, 0, 0))[3]]
                             + [report.scores[s].per_label.get(c, (0, 0, 0.0, 0))[2] for s in sys_]
                             for c in labels], ["code", "gold"] + sys_))
    for s in sys_:
        conf = report.scores[s].confusion
        gl = sorted({g for g, _ in conf})
        pl = sorted({p for _, p in conf})
        out += ["", f"confusion ({s}; rows gold primary, columns predicted primary):"]
        short = {c: c[:6] for c in pl}
        out.append(format_table([[g] + [conf.get((g, p), "") or "" for p in pl] for g in gl],
                                ["gold \\ pred"] + [short[p] for p in pl]))
    if verbose:
        out += ["", "errors (gold primary != predicted primary):"]
        for i, it in enumerate(report.items):
            wrong = {s: report.predictions[s][i] for s in sys_ if report.predictions[s][i][:1] != [it.areas[0]]}
            if wrong:
                label = it.heading or it.text
                out.append(f"- {label[:60]} | gold {list(it.areas)} | "
                           + " | ".join(f"{s} {p}" for s, p in wrong.items()))
    return "\n".join(out)
