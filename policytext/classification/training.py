"""Build the weakly-supervised training set of the work-area classifier and train it.

No hand-labelled training set exists. :func:`build_training_set` assembles one
deterministically from three sources (``corpora/README.md`` documents them):

1. **Laws** (``--laws DIR`` with ``labels.csv`` mapping file -> area): every law
   is split into articles (``第X条``); an article gets its law's area. Articles
   under a ``法律责任``/``罚则``/``附则`` heading (penalties, dates of entry into
   force: the same in every law) are dropped, and a chapter whose heading names
   another area by its seed terms only (``第五章 收养`` in the marriage book of
   the Civil Code) gets that area.
2. **The taxonomy**: each seed term and each scope sentence is a short example
   of its area (``养老保险`` is a seed term of ``other``).
3. **Work-report sentences** (``--gwr DIR``, unlabelled): a model trained on 1+2
   labels a sentence only where it agrees with the seed terms: ``other`` when
   no area seed term occurs and the model finds no area; an area when the
   model's primary area is among the areas whose seed terms occur. All other
   sentences stay unlabelled and are not used.

:func:`train` evaluates the recipe on laws held out **by file**, then trains
the final model on all laws and writes ``model.npz`` + ``vocab.txt`` + ``meta.json``.
"""
from __future__ import annotations

import csv
import fnmatch
import hashlib
import json
import logging
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Union

from ..errors import PatternError
from .taxonomy import Taxonomy, load_taxonomy
from ..types import _ToDict

logger = logging.getLogger(__name__)

__all__ = [
    "Article",
    "Example",
    "TrainingSet",
    "TrainResult",
    "split_articles",
    "split_sentences",
    "read_law_labels",
    "law_examples",
    "taxonomy_examples",
    "weak_label",
    "build_training_set",
    "labelled_examples",
    "split_laws",
    "train",
]

_CN = "一二三四五六七八九十百千零〇两"
RE_ARTICLE = re.compile(rf"(?m)^[ \t\u3000]*(第[{_CN}\d]+条(?:之[{_CN}]+)?)[ \t\u3000]*")
RE_HEADING = re.compile(rf"(?m)^[ \t\u3000]*(?:#+[ \t\u3000]*(.*?)|(第[{_CN}\d]+[编章节][ \t\u3000]*.*?))[ \t\u3000]*$")
RE_LEVEL = re.compile(rf"第[{_CN}\d]+([编章节])")
RE_DROP_HEADING = re.compile(r"法律责任|罚\s*则|附\s*则")
RE_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
MIN_ARTICLE = 12
SENTENCE_LEN = (8, 200)


@dataclass(frozen=True)
class Article(_ToDict):
    """One article (``第X条``) of a law.

    Attributes:
        number: ``"第十二条"``.
        text: The article's text without its number.
        heading: The chapter (and section) headings above it, joined by ``" / "``.
        start: Offset of the article in the law's text.
        end: End offset.

    Example:
        >>> a = split_articles("## 第一章 总则\\n第一条 为了规范婚姻登记工作，制定本条例。")[0]
        >>> a.number, a.text, a.heading
        ('第一条', '为了规范婚姻登记工作，制定本条例。', '第一章 总则')
    """

    number: str
    text: str
    heading: str
    start: int
    end: int


@dataclass(frozen=True)
class Example(_ToDict):
    """One training example.

    Attributes:
        text: The text.
        areas: Its codes, primary first.
        source: ``"law"``, ``"taxonomy"``, ``"gwr"`` (weakly labelled report sentences) or
            ``"gold"`` (hand-labelled ones).
        doc: File it comes from (``""`` for taxonomy examples).

    Example:
        >>> Example("火化", ("funeral",), "taxonomy").to_dict()["areas"]
        ['funeral']
    """

    text: str
    areas: Tuple[str, ...]
    source: str
    doc: str = ""


@dataclass(frozen=True)
class TrainingSet(_ToDict):
    """The examples of a training run, in a deterministic order.

    Attributes:
        examples: The examples.
        unlabelled: Work-report sentences left unlabelled (no agreement).

    Example:
        >>> ts = TrainingSet((Example("火化", ("funeral",), "taxonomy"),
        ...                   Example("工业增长", ("other",), "gwr", "a.txt")))
        >>> ts.sizes()["funeral"], len(ts.sha256())
        ({'taxonomy': 1}, 64)
    """

    examples: Tuple[Example, ...]
    unlabelled: int = 0

    @property
    def texts(self) -> List[str]:
        """The example texts.

        Example:
            >>> TrainingSet((Example("火化", ("funeral",), "taxonomy"),)).texts
            ['火化']
        """
        return [e.text for e in self.examples]

    @property
    def labels(self) -> List[List[str]]:
        """The example codes (lists, primary first).

        Example:
            >>> TrainingSet((Example("火化", ("funeral",), "taxonomy"),)).labels
            [['funeral']]
        """
        return [list(e.areas) for e in self.examples]

    def sizes(self) -> Dict[str, Dict[str, int]]:
        """Examples per primary area and source.

        Example:
            >>> TrainingSet((Example("婚姻登记", ("marriage",), "law", "x.md"),)).sizes()
            {'marriage': {'law': 1}}
        """
        out: Dict[str, Dict[str, int]] = {}
        for e in self.examples:
            d = out.setdefault(e.areas[0], {})
            d[e.source] = d.get(e.source, 0) + 1
        return out

    def sha256(self) -> str:
        """SHA-256 of the examples (text, codes, source, file), in order.

        Example:
            >>> TrainingSet(()).sha256()[:8]
            'e3b0c442'
        """
        h = hashlib.sha256()
        for e in self.examples:
            h.update(json.dumps([e.text, list(e.areas), e.source, e.doc], ensure_ascii=False).encode("utf-8"))
            h.update(b"\n")
        return h.hexdigest()

    def format_sizes(self, taxonomy: Optional[Taxonomy] = None) -> str:
        """A plain-text table of :meth:`sizes` (one row per area, taxonomy order).

        Example:
            >>> print(TrainingSet((Example("火化", ("funeral",), "taxonomy"),)).format_sizes())
            area     law  taxonomy  gwr  total
            -------  ---  --------  ---  -----
            funeral  0    1         0    1
            total    0    1         0    1
        """
        from .._display import format_table

        sizes = self.sizes()
        codes = list(taxonomy.codes) if taxonomy else sorted(sizes)
        rows = []
        tot = {"law": 0, "taxonomy": 0, "gwr": 0}
        if any(e.source == "gold" for e in self.examples):
            tot["gold"] = 0  # hand-labelled report sentences
        for c in codes:
            d = sizes.get(c, {})
            rows.append([c] + [d.get(s, 0) for s in tot] + [sum(d.values())])
            for s in tot:
                tot[s] += d.get(s, 0)
        rows.append(["total"] + list(tot.values()) + [sum(tot.values())])
        return format_table(rows, ["area", *tot, "total"])


# ----------------------------------------------------------------------------- laws


def split_articles(text: str) -> List[Article]:
    """Split a law into its articles (``第X条``), with the headings above each.

    An article runs from its number to the next article or heading. Headings
    are markdown lines (``## 第二章 结婚``) or bare ``第X章/节/编`` lines.

    Example:
        >>> law = "# 条例\\n## 第一章 总则\\n第一条 为了…，制定本条例。\\n第二条 民政部门主管…。\\n## 第二章 附则\\n第三条 本条例自公布之日起施行。"
        >>> [(a.number, a.heading) for a in split_articles(law)]
        [('第一条', '第一章 总则'), ('第二条', '第一章 总则'), ('第三条', '第二章 附则')]
    """
    marks: List[Tuple[int, int, str, str]] = []  # (pos, end_of_mark, kind, value)
    for m in RE_HEADING.finditer(text):
        marks.append((m.start(), m.end(), "h", (m.group(1) or m.group(2) or "").strip()))
    for m in RE_ARTICLE.finditer(text):
        marks.append((m.start(), m.end(), "a", m.group(1)))
    marks.sort()
    out: List[Article] = []
    chapter, section = "", ""
    for i, (pos, end, kind, value) in enumerate(marks):
        if kind == "h":
            lv = RE_LEVEL.match(value)
            if lv and lv.group(1) == "节":
                section = value
            elif lv:
                chapter, section = value, ""
            continue
        stop = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        body = text[end:stop].strip()
        heading = " / ".join(h for h in (chapter, section) if h)
        out.append(Article(value, re.sub(r"\s*\n\s*", "", body), heading, pos, pos + len(text[pos:stop].rstrip())))
    return out


def read_law_labels(laws_dir: Union[str, Path], taxonomy: Optional[Taxonomy] = None) -> List[Tuple[str, str]]:
    """``(file, area)`` pairs of ``labels.csv`` in a laws folder, sorted by file name.

    Raises:
        PatternError: ``labels.csv`` is missing, lacks a column, names a missing
            file or an area code not in the taxonomy (file, line and key named).

    Example:
        >>> import pathlib, tempfile
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "殡葬管理条例.md").write_text("第一条 殡葬管理。", encoding="utf-8")
        >>> _ = (d / "labels.csv").write_text("file,area\\n殡葬管理条例.md,funeral\\n", encoding="utf-8")
        >>> read_law_labels(d)
        [('殡葬管理条例.md', 'funeral')]
    """
    tax = taxonomy or load_taxonomy()
    d = Path(laws_dir)
    path = d / "labels.csv"
    if not path.is_file():
        raise PatternError(str(path), "labels.csv not found; the laws folder needs a labels.csv with columns "
                           "file,area")
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        for k in ("file", "area"):
            if k not in (reader.fieldnames or []):
                raise PatternError(str(path), "missing column", line=1, key=k)
        out = []
        for no, row in enumerate(reader, 2):
            name, area = (row.get("file") or "").strip(), (row.get("area") or "").strip()
            if not name:
                raise PatternError(str(path), "empty file name", line=no, key="file")
            if area not in tax:
                raise PatternError(str(path), f"unknown code {area!r}; must be one of {list(tax.codes)}",
                                   line=no, key="area")
            if not (d / name).is_file():
                raise PatternError(str(path), f"file {name!r} not found in {d}", line=no, key="file")
            out.append((name, area))
    return sorted(out)


def law_examples(laws_dir: Union[str, Path], files: Sequence[Tuple[str, str]], taxonomy: Taxonomy
                 ) -> List[Example]:
    """Article examples of the given ``(file, area)`` laws (rules in the module docstring).

    Example:
        >>> import pathlib, tempfile
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "法.md").write_text("## 第一章 结婚\\n第一条 结婚登记应当双方亲自到场办理。\\n"
        ...     "## 第二章 收养\\n第二条 收养应当有利于被收养的未成年人的抚养成长。\\n"
        ...     "## 第三章 附则\\n第三条 本法自二〇二一年一月一日起施行。", encoding="utf-8")
        >>> [e.areas for e in law_examples(d, [("法.md", "marriage")], load_taxonomy())]
        [('marriage',), ('child_welfare',)]
    """
    out: List[Example] = []
    for name, area in files:
        text = (Path(laws_dir) / name).read_text(encoding="utf-8")
        for a in split_articles(text):
            if RE_DROP_HEADING.search(a.heading) or len(a.text) < MIN_ARTICLE:
                continue
            label = area
            if area != taxonomy.fallback and a.heading:
                hits = {c for c in taxonomy.count_seeds(a.heading) if c != taxonomy.fallback}
                if len(hits) == 1 and area not in hits:
                    label = hits.pop()
            out.append(Example(a.text, (label,), "law", name))
    return out


# ----------------------------------------------------------------------------- taxonomy, reports


def taxonomy_examples(taxonomy: Taxonomy) -> List[Example]:
    """Synthetic examples from the taxonomy: every seed term and every scope sentence.

    Example:
        >>> ex = taxonomy_examples(load_taxonomy())
        >>> ("养老保险", ("other",)) in [(e.text, e.areas) for e in ex]
        True
    """
    out = []
    for a in taxonomy.areas:
        out.append(Example(a.scope, (a.code,), "taxonomy"))
        out.extend(Example(t, (a.code,), "taxonomy") for t in a.seeds)
    return out


def split_sentences(text: str) -> List[str]:
    """Sentences (and ``；`` clauses) of a report, 8–200 characters, whitespace removed.

    Example:
        >>> split_sentences("今年发展主要预期目标是：国内生产总值增长6.5%左右；城镇新增就业1100万人以上。短句。")
        ['今年发展主要预期目标是：国内生产总值增长6.5%左右；', '城镇新增就业1100万人以上。']
    """
    out = []
    for m in RE_SENTENCE.finditer(text):
        s = re.sub(r"\s+", "", m.group())
        if SENTENCE_LEN[0] <= len(s) <= SENTENCE_LEN[1]:
            out.append(s)
    return out


def weak_label(sentences: Sequence[str], model: Any, taxonomy: Taxonomy, *,
               confident: Optional[Tuple[float, float]] = None) -> List[Optional[Tuple[str, ...]]]:
    """Label sentences where the seed terms and a model agree; ``None`` elsewhere.

    - no seed term of any area and the model predicts the fallback -> ``(fallback,)``;
    - the model's primary area is among the areas whose seed terms occur -> the
      model's areas that also have seed hits, primary first;
    - with ``confident=(low, high)`` (self-training rounds): area seed terms
      occur next to seed terms of the fallback (``养老金融``, ``重点群体``) and no
      area reaches ``low`` -> ``(fallback,)``; no area seed term occurs but the
      model gives its primary area at least ``high`` -> the model's areas; and
      when the model has ``lexicon_gate`` on, seed terms of the fallback outnumber
      the area seed terms (and no area of its ``gate_yields`` names a clause of its
      own) -> ``(fallback,)`` (the recipe of model 1.2 is unchanged);
    - anything else (disagreement) -> ``None`` (left unlabelled).

    Example:
        >>> from policytext.classification import load_model
        >>> weak_label(["国内生产总值增长6.5%", "提高低保标准"], load_model(), load_taxonomy())
        [('other',), ('social_assistance',)]
    """
    sentences = list(sentences)
    preds = model.predict_areas(sentences)
    top = model.predict_proba(sentences)
    fb_col = list(model.classes_).index(taxonomy.fallback)
    pmax = 1.0 - top[:, fb_col]
    gate = bool(getattr(model, "lexicon_gate", False))
    out: List[Optional[Tuple[str, ...]]] = []
    for s, pred, p in zip(sentences, preds, pmax):
        counts = taxonomy.count_seeds(s)
        hits = {c for c in counts if c != taxonomy.fallback}
        if confident and gate and hits and model.gated(s):
            out.append((taxonomy.fallback,))  # economy terms outnumber the area terms (疫情 + 赤字率, 减免租金)
        elif pred == [taxonomy.fallback]:
            if not hits:
                out.append((taxonomy.fallback,))
            elif confident and taxonomy.fallback in counts and p < confident[0]:
                out.append((taxonomy.fallback,))
            else:
                out.append(None)
        elif pred[0] in hits:
            out.append(tuple(c for c in pred if c in hits))
        elif confident and not hits and p >= confident[1]:
            out.append(tuple(pred))
        else:
            out.append(None)
    return out


def report_folders(gwr_dir: Union[str, Path, Sequence[Union[str, Path]]]) -> List[Path]:
    """The folders of unlabelled reports: one folder, a list, or a str of folders joined by ``os.pathsep``.

    Example:
        >>> import os
        >>> [p.name for p in report_folders("a" + os.pathsep + "b")]
        ['a', 'b']
    """
    import os

    if isinstance(gwr_dir, (str, Path)):
        parts: List[Union[str, Path]] = [p for p in str(gwr_dir).split(os.pathsep) if p]
    else:
        parts = list(gwr_dir)
    return [Path(p) for p in parts]


def _gwr_sentences(gwr_dir: Union[str, Path, Sequence[Union[str, Path]]], exclude: Sequence[str] = ()
                   ) -> List[Tuple[str, str]]:
    out = []
    seen = set()
    for d in report_folders(gwr_dir):
        files = sorted(p for p in d.iterdir() if p.suffix in (".txt", ".md")) if d.is_dir() else []
        if not files:
            raise PatternError(str(d), "no .txt or .md work reports in this folder")
        files = [p for p in files if not any(fnmatch.fnmatch(p.name, pat) for pat in exclude)]
        for p in files:
            for s in split_sentences(p.read_text(encoding="utf-8")):
                if s not in seen:
                    seen.add(s)
                    out.append((p.name, s))
    return out


def split_laws(files: Sequence[Tuple[str, str]], *, holdout: float = 0.25, seed: int = 0
               ) -> Tuple[List[Tuple[str, str]], List[Tuple[str, str]]]:
    """Split laws **by file** into train and held-out parts, per area (deterministic).

    Areas with a single law keep it for training; others hold out
    ``round(n * holdout)`` files (at least one).

    Example:
        >>> files = [("a.md", "funeral"), ("b.md", "funeral"), ("c.md", "marriage")]
        >>> tr, ho = split_laws(files, holdout=0.5)
        >>> len(tr), len(ho), ho[0][1]
        (2, 1, 'funeral')
    """
    by_area: Dict[str, List[Tuple[str, str]]] = {}
    for f in sorted(files):
        by_area.setdefault(f[1], []).append(f)
    rng = random.Random(seed)
    train_files, held = [], []
    for area in sorted(by_area):
        fs = list(by_area[area])
        rng.shuffle(fs)
        k = 0 if len(fs) < 2 else max(1, round(len(fs) * holdout))
        held += fs[:k]
        train_files += fs[k:]
    return sorted(train_files), sorted(held)


def _dedupe(examples: Sequence[Example]) -> List[Example]:
    seen = set()
    out = []
    for e in examples:
        if e.text not in seen:
            seen.add(e.text)
            out.append(e)
    return out


def labelled_examples(gold: Sequence[Union[str, Path]], docs: Union[str, Path, Sequence[Union[str, Path]]],
                      taxonomy: Optional[Taxonomy] = None) -> List[Example]:
    """Hand-labelled report sentences as training examples (source ``"gold"``).

    Args:
        gold: Area gold files of ``doc``/``start``/``end`` (or ``sentence``) lines, as
            ``policytext evaluate areas`` reads them.
        docs: Folder of the documents they name, or several folders searched in order.
        taxonomy: Their codes are checked against it (default: the shipped taxonomy).

    Example:
        >>> import pathlib, tempfile
        >>> f = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
        >>> _ = f.write_text('{"sentence": "做好低保工作", "areas": ["social_assistance"]}\\n', encoding="utf-8")
        >>> labelled_examples([f], f.parent)[0].to_dict()
        {'text': '做好低保工作', 'areas': ['social_assistance'], 'source': 'gold', 'doc': ''}
    """
    from ..eval.areas import read_area_gold

    tax = taxonomy or load_taxonomy()
    out: List[Example] = []
    for path in gold:
        items = read_area_gold(path, docs)
        tax.check_codes({c for g in items for c in g.areas}, where=str(path))
        out.extend(Example(g.text, tuple(g.areas), "gold", g.doc) for g in items)
    return out


def build_training_set(laws_dir: Union[str, Path], gwr_dir: Union[str, Path, Sequence[Union[str, Path]], None] = None,
                       *, taxonomy: Optional[Taxonomy] = None, files: Optional[Sequence[Tuple[str, str]]] = None,
                       params: Optional[Dict[str, Any]] = None, gwr_exclude: Sequence[str] = (),
                       rounds: int = 2, confident: Tuple[float, float] = (0.1, 0.9),
                       labelled: Sequence[Example] = (), labelled_repeat: int = 1) -> TrainingSet:
    """Build the weakly-supervised training set (deterministic for the same inputs).

    Args:
        laws_dir: Folder of laws with ``labels.csv``.
        gwr_dir: Folder(s) of work reports and plans (unlabelled; several folders as a
            list or joined by ``os.pathsep``); ``None`` to use laws and taxonomy only.
        taxonomy: Label set (default: the shipped taxonomy).
        files: The ``(file, area)`` laws to use (default: all of ``labels.csv``).
        params: :class:`~policytext.classification.estimator.WorkAreaClassifier` parameters of the labelling model.
        gwr_exclude: Glob patterns of report file names to leave out (an evaluation set).
        rounds: Labelling rounds. Round 1 labels the report sentences where a model of
            laws and taxonomy agrees with the seed terms; each further round (self-training)
            refits on laws, taxonomy and the labelled sentences and labels the
            sentences again with :func:`weak_label`'s ``confident`` rules.
        confident: ``(low, high)`` of :func:`weak_label` in rounds after the first.
        labelled: Hand-labelled examples (:func:`labelled_examples`): kept as they are, in
            every round, before laws and taxonomy (a text in both keeps its hand label).
        labelled_repeat: How many times each labelled example counts (its weight among the
            tens of thousands of law articles and weakly labelled sentences).

    Example:
        >>> import pathlib, tempfile
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "殡葬.md").write_text("第一条 推行火葬，改革土葬，节约殡葬用地。", encoding="utf-8")
        >>> _ = (d / "labels.csv").write_text("file,area\\n殡葬.md,funeral\\n", encoding="utf-8")
        >>> build_training_set(d).sizes()["funeral"]
        {'taxonomy': 42, 'law': 1}
    """
    tax = taxonomy or load_taxonomy()
    files = list(files) if files is not None else read_law_labels(laws_dir, tax)
    hand = _dedupe(list(labelled))
    base = _dedupe(hand + taxonomy_examples(tax) + law_examples(laws_dir, files, tax))
    base = hand * (max(1, labelled_repeat) - 1) + base  # base starts with hand: _dedupe keeps the first
    if gwr_dir is None:
        return TrainingSet(tuple(base))
    from .estimator import WorkAreaClassifier

    pairs = _gwr_sentences(gwr_dir, gwr_exclude)
    known = {e.text for e in base}
    pairs = [(f, s) for f, s in pairs if s not in known]
    sentences = [s for _, s in pairs]
    gwr: List[Example] = []
    labels: List[Optional[Tuple[str, ...]]] = []
    for r in range(max(1, rounds)):
        train_set = base + gwr
        model = WorkAreaClassifier(tax, **(params or {})).fit([e.text for e in train_set],
                                                               [list(e.areas) for e in train_set])
        labels = weak_label(sentences, model, tax, confident=confident if r else None)
        gwr = [Example(s, lab, "gwr", f) for (f, s), lab in zip(pairs, labels) if lab is not None]
        logger.info("labelling round %d: %d of %d report sentences labelled, %d in an area", r + 1, len(gwr),
                    len(pairs), sum(e.areas[0] != tax.fallback for e in gwr))
    return TrainingSet(tuple(base + gwr), unlabelled=sum(lab is None for lab in labels))


# ----------------------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainResult(_ToDict):
    """What :func:`train` did.

    Attributes:
        output: Model folder written (``None`` when not saved).
        sizes: Training-set size per primary area and source.
        sha256: Hash of the final training set.
        metrics: Held-out evaluation (model and keyword baseline).
        model: The fitted classifier.

    Example:
        >>> TrainResult(None, {}, "0" * 64, {}).output is None
        True
    """

    output: Optional[str]
    sizes: Dict[str, Dict[str, int]]
    sha256: str
    metrics: Dict[str, Any]
    model: Any = field(default=None, repr=False)


def train(laws_dir: Union[str, Path], gwr_dir: Union[str, Path, None] = None,
          output: Union[str, Path, None] = None, *, taxonomy: Union[Taxonomy, str, Path, None] = None,
          seed: int = 0, holdout: float = 0.25, params: Optional[Dict[str, Any]] = None,
          gwr_exclude: Sequence[str] = (), labelled: Sequence[Example] = (), labelled_repeat: int = 1,
          log: Callable[[str], None] = logger.info) -> TrainResult:
    """Evaluate the recipe on laws held out by file, then train on everything and save.

    1. Split the laws by file (:func:`split_laws`); build a training set from the
       train part (+ taxonomy + agreed report sentences); fit; score the model
       and the keyword baseline on the held-out laws' articles.
    2. Build the training set from all laws; fit the final model; write
       ``model.npz``, ``vocab.txt`` and ``meta.json`` (sizes, training-data sha256, metrics).

    Args:
        laws_dir: Folder of laws with ``labels.csv``.
        gwr_dir: Folder of unlabelled work reports, or ``None``.
        output: Model folder to write, or ``None`` to only return the model.
        taxonomy: Taxonomy (object or file); default the shipped one.
        seed: Seed of the held-out split and of the linear models.
        holdout: Share of each area's laws held out for the evaluation.
        params: Extra :class:`~policytext.classification.estimator.WorkAreaClassifier` parameters.
        gwr_exclude: Glob patterns of report file names never used for training
            (keep an evaluation set of reports unseen).
        labelled: Hand-labelled report sentences (:func:`labelled_examples`), used in both steps.
        labelled_repeat: Their weight (see :func:`build_training_set`).
        log: Where progress lines go (``print`` in the CLI).

    Example:
        >>> import pathlib, tempfile
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> laws = {"婚姻.md": ("marriage", "办理结婚登记，婚姻登记机关应当审查。"),
        ...         "婚姻二.md": ("marriage", "离婚登记由婚姻登记机关办理。"),
        ...         "殡葬.md": ("funeral", "推行火葬，建设公益性公墓，改革丧葬习俗。"),
        ...         "殡葬二.md": ("funeral", "殡仪馆应当做好遗体火化服务。"),
        ...         "税.md": ("other", "纳税人应当按期缴纳税款，税务机关依法征收。"),
        ...         "税二.md": ("other", "企业所得税按照规定税率计算缴纳。")}
        >>> for name, (area, body) in laws.items():
        ...     _ = (d / name).write_text("第一条 " + body + "\\n第二条 " + body, encoding="utf-8")
        >>> _ = (d / "labels.csv").write_text("file,area\\n" + "".join(f"{n},{a}\\n" for n, (a, _) in laws.items()),
        ...                                   encoding="utf-8")
        >>> r = train(d, params={"calibration": None, "C": 10})
        >>> r.model.predict(["做好婚姻登记工作"]).tolist(), r.metrics["heldout"]["files"]
        (['marriage'], 3)
    """
    import time

    from ..eval.areas import score_areas
    from .estimator import WorkAreaClassifier
    from .keywords import keyword_classify
    from .model_files import save_model

    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    params = dict(params or {})
    params.setdefault("random_state", seed)
    files = read_law_labels(laws_dir, tax)
    t0 = time.perf_counter()

    # 1. held-out evaluation, split by file
    train_files, held = split_laws(files, holdout=holdout, seed=seed)
    log(f"held-out evaluation: {len(train_files)} laws for training, {len(held)} held out")
    ts = build_training_set(laws_dir, gwr_dir, taxonomy=tax, files=train_files, params=params,
                            gwr_exclude=gwr_exclude, labelled=labelled,
                            labelled_repeat=labelled_repeat)
    clf = WorkAreaClassifier(tax, **params).fit(ts.texts, ts.labels)
    test = law_examples(laws_dir, held, tax)
    gold = [list(e.areas) for e in test]
    metrics: Dict[str, Any] = {"heldout": {
        "files": len(held),
        "articles": len(test),
        "held_out_files": [f for f, _ in held],
        "model": score_areas(gold, clf.predict_areas([e.text for e in test])).summary(),
        "keywords": score_areas(gold, keyword_classify([e.text for e in test], taxonomy=tax)).summary(),
    }}
    log(f"held-out laws ({len(test)} articles): model macro-F1 {metrics['heldout']['model']['macro_f1']:.3f}, "
        f"keyword baseline {metrics['heldout']['keywords']['macro_f1']:.3f}")

    # 2. final model on all laws
    ts = build_training_set(laws_dir, gwr_dir, taxonomy=tax, files=files, params=params,
                            gwr_exclude=gwr_exclude, labelled=labelled,
                            labelled_repeat=labelled_repeat)
    log("training set (examples per primary area and source; "
        f"{ts.unlabelled} report sentences left unlabelled):\n" + ts.format_sizes(tax))
    clf = WorkAreaClassifier(tax, **params).fit(ts.texts, ts.labels)
    sizes = ts.sizes()
    if output is not None:
        save_model(clf, output, meta={
            "training_data": {"sha256": ts.sha256(), "examples": len(ts.examples), "unlabelled": ts.unlabelled,
                              "sizes": sizes, "laws": len(files), "seed": seed,
                              "gwr_excluded": sorted(gwr_exclude), "labelled": len(labelled),
                              "labelled_repeat": labelled_repeat,
                              "labelled_docs": sorted({e.doc for e in labelled if e.doc}),
                              "sources": ["laws (labels.csv, articles)", "taxonomy seed terms and scopes",
                                          "work-report sentences labelled by agreement"
                                          if gwr_dir is not None else "no work reports"]
                              + ([f"hand-labelled report sentences ({len(labelled)}, each counted "
                                  f"{max(1, labelled_repeat)} times)"] if labelled else [])},
            "metrics": metrics,
        })
        log(f"wrote {Path(output) / 'model.npz'}, vocab.txt and meta.json in {time.perf_counter() - t0:.0f} s")
    return TrainResult(str(output) if output is not None else None, sizes, ts.sha256(), metrics, clf)
