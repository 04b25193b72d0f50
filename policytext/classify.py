"""Work areas: a scikit-learn classifier of civil-affairs (民政) work areas.

:class:`WorkAreaClassifier` is a scikit-learn estimator over raw Chinese text::

    Pipeline
    ├── features: FeatureUnion  (+ seeds: SeedTermCounts, taxonomy seed-term hits)
    │   ├── words: TfidfVectorizer(tokenizer=jieba_words, ngram_range=(1, 2))
    │   └── chars: TfidfVectorizer(analyzer="char", ngram_range=(1, 3))
    └── clf: OneVsRestClassifier(LogisticRegression)   # or a calibrated LinearSVC

One calibrated binary classifier per area (the taxonomy's fallback ``other``
excluded): a text may carry several areas, the most probable first. When no
area reaches ``threshold`` the text gets the fallback code (``other``), which
is what most sentences of a government work report should get.

The trained model ships in ``models/work_area/<version>/`` (``model.skops`` +
``meta.json``) and :func:`classify` uses it by default; ``policytext train``
rebuilds it (see ``corpora/README.md`` for the weakly-supervised training data).

Example:
    >>> import policytext as pt
    >>> pt.classify("提高城乡低保标准，做好临时救助工作")
    ['social_assistance']
    >>> pt.classify(["国内生产总值增长6.5%左右", "推进殡葬改革，建设公益性公墓"])
    [['other'], ['funeral']]
"""
from __future__ import annotations

import functools
import json
import logging
import os
import re
import sys
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.exceptions import NotFittedError as _SkNotFittedError
from sklearn.utils.validation import check_is_fitted

from .about import __version__
from .errors import IncompatibleModelError, ModelNotFoundError, ModelVersionWarning, NotFittedError
from .taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

__all__ = [
    "WorkAreaClassifier",
    "classify",
    "classify_proba",
    "load_model",
    "save_model",
    "keyword_classify",
    "jieba_words",
    "normalize_text",
    "MODEL_NAME",
    "MODEL_VERSION",
    "TRUSTED_TYPES",
]

#: Name and version of the shipped model (folder ``models/work_area/<version>/``).
MODEL_NAME = "work_area"
MODEL_VERSION = "1.0"
MODEL_FILE = "model.skops"
META_FILE = "meta.json"
#: Environment variable naming a model folder (or a folder holding ``work_area/<version>/``).
ENV_MODEL_DIR = "POLICYTEXT_MODEL_DIR"

#: Types a model file may contain beyond what skops trusts by default. Loading
#: refuses any file that needs a type outside this list.
TRUSTED_TYPES: Tuple[str, ...] = (
    "policytext.classify.jieba_words",
    "policytext.classify.normalize_text",
    "policytext.classify.SeedTermCounts",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multiclass._ConstantPredictor",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.preprocessing._label.LabelBinarizer",
    "builtins.getattr",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "builtins.slice",
)

# ----------------------------------------------------------------------------- text features

RE_DIGITS = re.compile(r"\d+(?:\.\d+)?")
RE_SPACE = re.compile(r"\s+")
RE_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z]")
RE_LEAD = re.compile(r"\s*([^。！？!?；;\n]+)")
_JIEBA: Any = None
#: Texts per call of the pipeline in predictions (bounds memory; lets the three
#: feature extractors share one normalization of each text).
PREDICT_CHUNK = 4096


def normalize_text(text: str) -> str:
    """Normalize text before feature extraction: NFKC, no whitespace, every number -> ``0``.

    Numbers say little about the work area, and collapsing them keeps the
    vocabulary small.

    Example:
        >>> normalize_text("新增养老床位 1,200 张，覆盖率９０％")
        '新增养老床位0,0张,覆盖率0%'
    """
    return _normalize_cached(text)


@functools.lru_cache(maxsize=2 * 4096)
def _normalize_cached(text: str) -> str:
    # the word, character and seed-term features each normalize the same text;
    # predictions run in chunks of PREDICT_CHUNK texts, so within a chunk the
    # second and third call are cache hits
    text = unicodedata.normalize("NFKC", text)
    return RE_DIGITS.sub("0", RE_SPACE.sub("", text))


def _tokenizer() -> Any:
    """The word segmenter, created once and only when first needed.

    jieba's own dictionary and algorithm, run by rjieba (the Rust port
    jieba-rs, about 20 times faster) when it is installed; otherwise by a
    private :class:`jieba.Tokenizer` (about 1 s to start), so that words others
    add to ``jieba.dt`` do not change the features. Without HMM both give the
    same tokens (checked on every sentence of the work reports 1978-2023).
    """
    global _JIEBA
    if _JIEBA is None:
        try:
            import rjieba

            _JIEBA = functools.partial(rjieba.cut, hmm=False)
        except ImportError:  # pragma: no cover - rjieba is a dependency; a platform without its wheel
            import jieba

            jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict…" at DEBUG/INFO
            tk = jieba.Tokenizer()
            tk.initialize()
            _JIEBA = functools.partial(tk.lcut, HMM=False)
    return _JIEBA


def jieba_words(text: str) -> List[str]:
    """jieba word tokens of ``text`` (no HMM, so unknown words stay split), punctuation and numbers dropped.

    This is the ``tokenizer`` of the word TF-IDF; it is a module-level function so
    that models with it can be pickled and saved with skops.

    Example:
        >>> jieba_words("加强养老服务设施建设，新增0张床位")
        ['加强', '养老', '服务设施', '建设', '新增', '张', '床位']
    """
    return [w for w in _tokenizer()(text) if RE_KEEP.search(w)]


class SeedTermCounts(TransformerMixin, BaseEstimator):
    """Features from the taxonomy's seed terms: ``log1p(hits)`` per code, times ``scale``.

    Stateless (``fit`` learns nothing). Terms are matched longest first, so
    ``养老保险`` counts for the code that lists it (``other``), not for ``养老``.

    Args:
        terms: Seed terms.
        owners: For each term, the column (code index) it counts for.
        n_codes: Number of columns.
        scale: Multiplier of the counts.

    Example:
        >>> f = SeedTermCounts(terms=["低保", "养老服务", "养老保险"], owners=[0, 1, 2], n_codes=3)
        >>> [[round(float(v), 2) for v in row] for row in f.fit_transform(["提高低保标准，做好低保", "落实养老保险"]).toarray()]
        [[1.1, 0.0, 0.0], [0.0, 0.0, 0.69]]
    """

    def __init__(self, terms: Sequence[str] = (), owners: Sequence[int] = (), n_codes: int = 0,
                 scale: float = 1.0) -> None:
        self.terms = terms
        self.owners = owners
        self.n_codes = n_codes
        self.scale = scale

    def fit(self, X: Any, y: Any = None) -> "SeedTermCounts":
        """Check the arguments; nothing is learned.

        Example:
            >>> SeedTermCounts(terms=["火化"], owners=[0], n_codes=1).fit(["火化"]).n_features_out_
            1
        """
        if len(self.terms) != len(self.owners):
            raise ValueError(f"{len(self.terms)} terms but {len(self.owners)} owners; they must match")
        self.n_features_out_ = int(self.n_codes)
        return self

    def transform(self, X: Iterable[str]) -> Any:
        """Sparse matrix ``(n_texts, n_codes)`` of scaled ``log1p`` seed-term counts.

        Example:
            >>> SeedTermCounts(terms=["火化"], owners=[0], n_codes=1).fit([]).transform(["火化率"]).nnz
            1
        """
        from scipy import sparse

        rx, owner = _seed_regex(tuple(self.terms), tuple(self.owners))
        texts = list(X)
        rows, cols, vals = [], [], []
        for i, text in enumerate(texts):
            counts: Dict[int, int] = {}
            if rx is not None:
                for m in rx.finditer(normalize_text(text)):
                    c = owner[m.group()]
                    counts[c] = counts.get(c, 0) + 1
            for c, n in counts.items():
                rows.append(i)
                cols.append(c)
                vals.append(float(np.log1p(n)) * float(self.scale))
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), int(self.n_codes)), dtype=np.float32)


@functools.lru_cache(maxsize=16)
def _seed_regex(terms: Tuple[str, ...], owners: Tuple[int, ...]) -> Tuple[Any, Dict[str, int]]:
    owner = {normalize_text(t): o for t, o in zip(terms, owners)}
    if not owner:
        return None, owner
    keys = sorted(owner, key=lambda t: (-len(t), t))
    return re.compile("|".join(map(re.escape, keys))), owner


# ----------------------------------------------------------------------------- estimator

TextInput = Union[str, Iterable[str]]
#: Context of one text: the heading of its section, its sections' headings nearest first, or ``None``.
Context = Union[None, str, Sequence[str]]


def _as_texts(X: Any) -> List[str]:
    if isinstance(X, str):
        raise TypeError("X must be a list of texts, not a single str; wrap it: [text]")
    texts = list(X)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"X[{i}] is {type(t).__name__}; every item of X must be a str")
    return texts


class WorkAreaClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label work-area classifier over raw Chinese text (scikit-learn estimator).

    Word tokens (jieba) and character n-grams are TF-IDF weighted and fed to one
    calibrated linear classifier per area of the taxonomy; ``other`` (the
    taxonomy's fallback) is the answer when no area reaches ``threshold``.

    Args:
        taxonomy: A :class:`~policytext.taxonomy.Taxonomy`, a path to a taxonomy
            file, or ``None`` for the shipped one. It fixes the label set.
        C: Inverse regularization strength of the linear models.
        threshold: Probability an area needs to be predicted (primary or secondary).
        max_areas: At most this many areas per text.
        calibration: ``None`` (default): each area's LogisticRegression gives
            the probabilities; log-loss training calibrates them (on the held-out
            laws the expected calibration error is 0.012, against 0.010 with a
            sigmoid ``CalibratedClassifierCV``, which costs 6 of 58 seed tasks and
            0.035 macro-F1). ``"sigmoid"`` or ``"isotonic"``: the linear model
            wrapped in :class:`~sklearn.calibration.CalibratedClassifierCV`
            (``ensemble=False``: one model on all data, calibrated on
            cross-validated decisions); needed for ``linear_model="svm"``.
        cv: Folds of the calibration.
        word_ngrams: ``ngram_range`` of the jieba word features.
        char_ngrams: ``ngram_range`` of the character features.
        min_df: ``min_df`` of both vectorizers (a fitted text counts once per
            document; ``1`` for tiny training sets).
        max_features: Cap of each vectorizer's vocabulary (``None``: no cap); it
            keeps the shipped model small (one weight per feature and area).
        class_weight: ``class_weight`` of the linear models.
        seed_weight: Scale of the seed-term features (:class:`SeedTermCounts`,
            one column per code of the taxonomy); 0 leaves them out.
        lead_weight: Weight of the first sentence of a multi-sentence text (its
            heading, in a task): area probabilities are
            ``(1 - lead_weight) * p(text) + lead_weight * p(first sentence)``.
            A task's heading names its topic, while its body often lists the
            offices of many areas; 0 turns this off. Single sentences are not affected.
        linear_model: ``"logreg"`` (LogisticRegression) or ``"svm"`` (LinearSVC,
            which has no probabilities of its own: use it with ``calibration``).
        random_state: Seed of the linear models (training is deterministic).

    Attributes:
        taxonomy_: The taxonomy used in ``fit``.
        classes_: All codes (taxonomy order, fallback included); the columns of :meth:`predict_proba`.
        areas_: The codes that have a binary classifier (fallback excluded).
        pipeline_: The fitted :class:`~sklearn.pipeline.Pipeline` (features + one-vs-rest classifier).

    Example:
        >>> X = ["提高低保标准", "做好临时救助", "救助困难群众", "低保对象动态管理",
        ...      "建设养老机构", "发展居家养老", "农村幸福院建设", "养老服务设施",
        ...      "国内生产总值增长", "制造业升级", "生态环境保护", "扩大对外开放"]
        >>> y = ["social_assistance"] * 4 + ["elderly_care"] * 4 + ["other"] * 4
        >>> clf = WorkAreaClassifier(calibration=None, C=10, threshold=0.3).fit(X, y)
        >>> clf.predict(["提高农村低保标准", "推进制造业发展"]).tolist()
        ['social_assistance', 'other']
    """

    def __init__(self, taxonomy: Union[Taxonomy, str, os.PathLike, None] = None, *, C: float = 4.0,
                 threshold: float = 0.4, max_areas: int = 3, calibration: Optional[str] = None,
                 cv: int = 3, word_ngrams: Tuple[int, int] = (1, 2), char_ngrams: Tuple[int, int] = (1, 3),
                 min_df: int = 2, max_features: Optional[int] = 60_000,
                 class_weight: Optional[str] = "balanced", seed_weight: float = 0.5, lead_weight: float = 0.5,
                 linear_model: str = "logreg", random_state: int = 0) -> None:
        self.taxonomy = taxonomy
        self.C = C
        self.threshold = threshold
        self.max_areas = max_areas
        self.calibration = calibration
        self.cv = cv
        self.word_ngrams = word_ngrams
        self.char_ngrams = char_ngrams
        self.min_df = min_df
        self.max_features = max_features
        self.class_weight = class_weight
        self.seed_weight = seed_weight
        self.lead_weight = lead_weight
        self.linear_model = linear_model
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
    def _resolve_taxonomy(self) -> Taxonomy:
        if isinstance(self.taxonomy, Taxonomy):
            return self.taxonomy
        return load_taxonomy(self.taxonomy)

    def _label_matrix(self, y: Any, tax: Taxonomy, areas: Sequence[str]) -> np.ndarray:
        index = {c: i for i, c in enumerate(areas)}
        Y = np.zeros((len(y), len(areas)), dtype=np.int64)
        for r, labels in enumerate(y):
            labels = [labels] if isinstance(labels, str) else list(labels)
            if not labels:
                raise ValueError(f"y[{r}] is empty; give at least one code (use {tax.fallback!r} for none)")
            for c in labels:
                if c not in tax:
                    raise ValueError(f"y[{r}] has unknown code {c!r}; must be one of {list(tax.codes)}")
                if c != tax.fallback:
                    Y[r, index[c]] = 1
        return Y

    def _build_pipeline(self, cv: Optional[int], tax: Taxonomy) -> Any:
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.multiclass import OneVsRestClassifier
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.svm import LinearSVC

        words = TfidfVectorizer(tokenizer=jieba_words, preprocessor=normalize_text, token_pattern=None,
                                lowercase=False, ngram_range=tuple(self.word_ngrams), min_df=self.min_df,
                                max_features=self.max_features, sublinear_tf=True, dtype=np.float32)
        chars = TfidfVectorizer(analyzer="char", preprocessor=normalize_text, lowercase=False,
                                ngram_range=tuple(self.char_ngrams), min_df=self.min_df,
                                max_features=self.max_features, sublinear_tf=True, dtype=np.float32)
        if self.linear_model == "svm" and not (self.calibration and cv):
            raise ValueError("linear_model='svm' has no probabilities: set calibration='sigmoid' or 'isotonic'")
        if self.linear_model == "svm":
            base: Any = LinearSVC(C=self.C, class_weight=self.class_weight, random_state=self.random_state)
        elif self.linear_model == "logreg":
            base = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000,
                                      random_state=self.random_state)
        else:
            raise ValueError(f"linear_model={self.linear_model!r} is invalid; must be 'logreg' or 'svm'")
        if self.calibration and cv:
            base = CalibratedClassifierCV(base, method=self.calibration, cv=cv, ensemble=False)
        parts: List[Tuple[str, Any]] = [("words", words), ("chars", chars)]
        if self.seed_weight:
            terms = [(t, i) for i, a in enumerate(tax.areas) for t in a.seeds]
            parts.append(("seeds", SeedTermCounts(terms=[t for t, _ in terms], owners=[i for _, i in terms],
                                                  n_codes=len(tax.areas), scale=self.seed_weight)))
        return Pipeline([("features", FeatureUnion(parts)),
                         ("clf", OneVsRestClassifier(base))])

    def fit(self, X: Iterable[str], y: Sequence[Any]) -> "WorkAreaClassifier":
        """Fit on texts and their codes.

        Args:
            X: Texts.
            y: For each text a code (``"elderly_care"``) or a list of codes;
                the taxonomy's fallback (``"other"``) means "no area".
        Returns:
            ``self``.
        Raises:
            ValueError: A code is not in the taxonomy, or ``X`` and ``y`` differ in length.

        Example:
            >>> clf = WorkAreaClassifier(C=10, min_df=1)
            >>> clf.fit(["婚姻登记", "结婚登记", "火化率", "殡葬改革", "工业增长", "外贸进出口"],
            ...         ["marriage", "marriage", "funeral", "funeral", "other", "other"]) is clf
            True
        """
        texts = _as_texts(X)
        y = list(y)
        if len(texts) != len(y):
            raise ValueError(f"X has {len(texts)} texts but y has {len(y)} labels; they must match")
        if not texts:
            raise ValueError("cannot fit on an empty training set")
        tax = self._resolve_taxonomy()
        areas = tax.area_codes
        Y = self._label_matrix(y, tax, areas)
        cv: Optional[int] = None
        if self.calibration:
            pos = Y.sum(axis=0)
            counts = [int(n) for n in list(pos) + list(len(Y) - pos) if n > 0]
            cv = min([self.cv] + counts)
            if cv < 2:
                warnings.warn("an area has a single training example: probability calibration needs at "
                              "least 2; falling back to LogisticRegression", stacklevel=2)
                cv = None
        pipe = self._build_pipeline(cv, tax)
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Label not \d+ is present in all training examples")
            warnings.filterwarnings("ignore", message=r"Label .* is present in all training examples")
            pipe.fit(texts, Y)
        for _, vec in pipe.named_steps["features"].transformer_list:
            if hasattr(vec, "stop_words_"):  # every pruned term: only for introspection, huge in a saved model
                vec.stop_words_ = None
            if hasattr(vec, "vocabulary_"):  # plain ints: skops stores numpy scalars one node each (slow, big)
                vec.vocabulary_ = {t: int(i) for t, i in vec.vocabulary_.items()}
        self.taxonomy_ = tax
        self.areas_ = np.array(areas, dtype=object)
        self.classes_ = np.array(tax.codes, dtype=object)
        self.pipeline_ = pipe
        return self

    # ------------------------------------------------------------------ predict
    def _check(self) -> None:
        try:
            check_is_fitted(self, "pipeline_")
        except _SkNotFittedError as e:
            raise NotFittedError(f"this WorkAreaClassifier is not fitted yet; call fit(X, y) first or "
                                 f"use policytext.load_model() for the shipped model ({e})") from None

    def _area_proba(self, texts: List[str]) -> np.ndarray:
        return self._area_and_lead_proba(texts)[0]

    def _area_and_lead_proba(self, texts: List[str]) -> Tuple[np.ndarray, np.ndarray]:
        """Area probabilities of each text, and of its first sentence (the text's own where it has one)."""
        if not texts:
            empty = np.zeros((0, len(self.areas_)))
            return empty, empty
        leads: List[Tuple[int, str]] = []
        if self.lead_weight:
            for i, t in enumerate(texts):
                m = RE_LEAD.match(t)
                if m and len(m.group(1).strip()) >= 2 and len(m.group(1)) < len(t.rstrip("。！？!?；; \n")):
                    leads.append((i, m.group(1)))
        every = texts + [lead for _, lead in leads]
        P = np.vstack([self.pipeline_.predict_proba(every[i:i + PREDICT_CHUNK])
                       for i in range(0, len(every), PREDICT_CHUNK)])
        P = np.asarray(P, dtype=float).reshape(len(texts) + len(leads), len(self.areas_))
        A = P[: len(texts)].copy()
        L = P[: len(texts)].copy()
        w = float(self.lead_weight)
        for k, (i, _) in enumerate(leads):
            L[i] = P[len(texts) + k]
            A[i] = (1.0 - w) * A[i] + w * L[i]
        return A, L

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Probability of each code in ``classes_`` for each text.

        Areas are independent binary decisions (a text may have several), so a
        row does not sum to 1; the fallback column is ``1 - max(area probabilities)``.

        Example:
            >>> clf = load_model()
            >>> p = clf.predict_proba(["推进殡葬改革"])[0]
            >>> clf.classes_[p.argmax()]
            'funeral'
        """
        self._check()
        A = self._area_proba(_as_texts(X))
        out = np.zeros((A.shape[0], len(self.classes_)))
        cols = {c: i for i, c in enumerate(self.classes_)}
        for j, c in enumerate(self.areas_):
            out[:, cols[c]] = A[:, j]
        fb = self.taxonomy_.fallback
        out[:, cols[fb]] = 1.0 - (A.max(axis=1) if A.shape[1] else 0.0)
        return out

    def predict_areas(self, X: Iterable[str], context: Optional[Sequence[Context]] = None
                      ) -> List[List[str]]:
        """Codes of each text, primary first: areas with probability ≥ ``threshold``, else the fallback.

        Args:
            X: Texts.
            context: Optional, one item per text: the heading of the section
                the text sits in (a str), the headings of the sections it sits
                in, nearest first (a sequence of str), or ``None``. The first
                heading that is in an area (not the fallback) frames the text:
                when the text is in that area too, both as a whole and in its
                first sentence, the section's area becomes its primary area. A
                task ``养老机构疫情防控`` in a section on epidemic control is an
                epidemic-control task about care homes; the same heading in a
                section on elderly care is an elderly-care task with an
                epidemic side. Context only reorders a text's own areas: it never adds
                one, and a text that is not in the section's area keeps its order.
        Raises:
            ValueError: ``context`` and ``X`` differ in length.
            TypeError: An item of ``context`` is not a str, a sequence of str or ``None``.

        Example:
            >>> clf = load_model()
            >>> clf.predict_areas(["规范婚姻登记工作", "加快发展先进制造业"])
            [['marriage'], ['other']]
            >>> task = ["养老机构疫情防控。落实封闭管理和消杀措施。"]
            >>> clf.predict_areas(task)
            [['elderly_care', 'epidemic_safety']]
            >>> clf.predict_areas(task, context=["一、抓实抓细疫情防控"])
            [['epidemic_safety', 'elderly_care']]
            >>> clf.predict_areas(task, context=[["（二）强化机构管理", "三、提升养老服务水平"]])
            [['elderly_care', 'epidemic_safety']]
        """
        self._check()
        texts = _as_texts(X)
        A, L = self._area_and_lead_proba(texts)
        fb = self.taxonomy_.fallback
        out: List[List[str]] = []
        order = np.argsort(-A, axis=1, kind="stable")
        for r in range(A.shape[0]):
            codes = [str(self.areas_[j]) for j in order[r, : self.max_areas] if A[r, j] >= self.threshold]
            out.append(codes or [fb])
        if context is not None:
            frames = self._frames(context, len(texts))
            index = {str(c): j for j, c in enumerate(self.areas_)}
            for r, frame in enumerate(frames):
                codes = out[r]
                if frame is not None and frame in codes[1:] and L[r, index[frame]] >= self.threshold:
                    out[r] = [frame] + [c for c in codes if c != frame]
        return out

    def _frames(self, context: Sequence[Context], n: int) -> List[Optional[str]]:
        """The framing area of each item of ``context`` (see :meth:`predict_areas`)."""
        if isinstance(context, str):
            raise TypeError("context must be a list with one item per text, not a single str")
        context = list(context)
        if len(context) != n:
            raise ValueError(f"context has {len(context)} items but X has {n} texts; they must match")
        chains: List[Tuple[str, ...]] = []
        for i, c in enumerate(context):
            if c is None:
                chains.append(())
            elif isinstance(c, str):
                chains.append((c,))
            elif isinstance(c, (list, tuple)) and all(isinstance(h, str) for h in c):
                chains.append(tuple(c))
            else:
                raise TypeError(f"context[{i}] is {type(c).__name__}; each item must be a str (a section "
                                f"heading), a sequence of str (headings, nearest first) or None")
        headings = sorted({h for chain in chains for h in chain if h.strip()})
        if not headings:
            return [None] * n
        fb = self.taxonomy_.fallback
        area = {h: codes[0] for h, codes in zip(headings, self.predict_areas(headings))}
        return [next((area[h] for h in chain if h.strip() and area[h] != fb), None) for chain in chains]

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """Primary code of each text (an array of str; ``score`` is primary accuracy).

        Example:
            >>> load_model().predict(["加强社会组织登记管理"]).tolist()
            ['social_organizations']
        """
        return np.array([codes[0] for codes in self.predict_areas(X)], dtype=object)


# ----------------------------------------------------------------------------- keyword baseline


def keyword_classify(texts: TextInput, *, taxonomy: Union[Taxonomy, str, os.PathLike, None] = None,
                     max_areas: int = 3) -> Any:
    """Keyword-count baseline: areas ranked by how many of their seed terms occur.

    The taxonomy's seed terms are matched longest first (``养老保险`` is a seed
    of ``other``, so it does not count for ``elderly_care``); the area with most
    hits is primary (ties: the earliest hit), other areas with hits follow. The
    fallback wins when it has the most hits or when nothing matches.

    Example:
        >>> keyword_classify("推进殡葬改革，提高火化率，做好低保工作")
        ['funeral', 'social_assistance']
        >>> keyword_classify(["落实养老保险政策", "无关内容"])
        [['other'], ['other']]
    """
    tax = taxonomy if isinstance(taxonomy, Taxonomy) else load_taxonomy(taxonomy)
    single = isinstance(texts, str)
    out = []
    for text in ([texts] if single else _as_texts(texts)):
        counts: Dict[str, int] = {}
        first: Dict[str, int] = {}
        for start, _, _, code in tax.find_seeds(text):
            counts[code] = counts.get(code, 0) + 1
            first.setdefault(code, start)
        ranked = sorted(counts, key=lambda c: (-counts[c], first[c]))
        if not ranked or ranked[0] == tax.fallback:
            out.append([tax.fallback])
        else:
            out.append([c for c in ranked if c != tax.fallback][:max_areas])
    return out[0] if single else out


# ----------------------------------------------------------------------------- save / load


def _major_minor(v: str) -> Tuple[str, ...]:
    return tuple(re.findall(r"\d+", str(v))[:2])


def save_model(clf: WorkAreaClassifier, path: Union[str, os.PathLike], *,
               meta: Optional[Dict[str, Any]] = None) -> Path:
    """Write a fitted classifier as ``model.skops`` + ``meta.json`` into the folder ``path``.

    The pipeline is saved with skops (not pickle); ``meta.json`` holds name,
    version, library versions, the labels, the taxonomy and the estimator
    parameters, plus whatever ``meta`` adds (training-data hash, metrics).

    Example:
        >>> import tempfile
        >>> folder = save_model(load_model(), tempfile.mkdtemp())
        >>> load_model(folder).predict(["做好婚姻登记"]).tolist()
        ['marriage']
    """
    import datetime as _dt

    import sklearn
    import skops.io as sio

    clf._check()
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in clf.get_params().items() if k != "taxonomy"}
    data: Dict[str, Any] = {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "policytext_version": __version__,
        "sklearn_version": sklearn.__version__,
        "labels": [str(c) for c in clf.classes_],
        "fallback": clf.taxonomy_.fallback,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "params": params,
        "taxonomy": clf.taxonomy_.to_dict(),
        "taxonomy_sha256": clf.taxonomy_.fingerprint(),
    }
    data.update(meta or {})
    tmp = folder / (MODEL_FILE + ".tmp")
    sio.dump(clf.pipeline_, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(tmp, folder / MODEL_FILE)
    (folder / META_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder


def _candidates(version: str) -> List[Path]:
    places: List[Path] = []
    env = os.environ.get(ENV_MODEL_DIR)
    if env:
        places += [Path(env), Path(env) / MODEL_NAME / version]
    places.append(Path(__file__).resolve().parent.parent / "models" / MODEL_NAME / version)
    places.append(Path(sys.prefix) / "share" / "policytext" / "models" / MODEL_NAME / version)
    return places


def find_model(path: Union[str, os.PathLike, None] = None, *, version: str = MODEL_VERSION) -> Path:
    """The model folder :func:`load_model` would use.

    Search order: ``path``; ``$POLICYTEXT_MODEL_DIR`` (the model folder itself
    or a folder holding ``work_area/<version>/``); ``models/work_area/<version>``
    next to the package (a source checkout); ``<sys.prefix>/share/policytext/
    models/work_area/<version>`` (a wheel install).

    Raises:
        ModelNotFoundError: No ``model.skops`` in any of those places (all are named).

    Example:
        >>> find_model().name
        '1.0'
    """
    if path is not None:
        p = Path(path)
        if p.is_file():
            p = p.parent
        if not (p / MODEL_FILE).is_file():
            raise ModelNotFoundError(f"no {MODEL_FILE} in {p}; train one with `policytext train "
                                     f"--laws DIR --gwr DIR -o {p}` or omit the path for the shipped model")
        return p
    places = _candidates(version)
    for p in places:
        if (p / MODEL_FILE).is_file():
            return p
    raise ModelNotFoundError(f"work-area model {version} not found; searched: " + ", ".join(map(str, places))
                             + f". Set ${ENV_MODEL_DIR} to a model folder or reinstall policytext.")


def load_model(path: Union[str, os.PathLike, None] = None, *, version: str = MODEL_VERSION
               ) -> WorkAreaClassifier:
    """Load a trained :class:`WorkAreaClassifier` (the shipped one by default; cached).

    The ``model.skops`` file is loaded with an explicit list of trusted types
    (:data:`TRUSTED_TYPES`); a file needing any other type is refused. A model
    trained with another scikit-learn or policytext major.minor version warns
    :class:`~policytext.errors.ModelVersionWarning`.

    Args:
        path: A model folder (or its ``model.skops``); ``None`` searches the
            places listed in :func:`find_model`.
        version: Model version to look for when ``path`` is ``None``.
    Raises:
        ModelNotFoundError: No model was found (the message lists where it looked).
        IncompatibleModelError: The files are damaged or need untrusted types.

    Example:
        >>> clf = load_model()
        >>> clf.classes_[-1], clf.predict(["扎实做好流浪乞讨人员救助管理"]).tolist()
        ('other', ['vagrancy_assistance'])
    """
    folder = find_model(path, version=version).resolve()
    return _load_cached(str(folder), (folder / MODEL_FILE).stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(folder_s: str, mtime: int) -> WorkAreaClassifier:
    import sklearn
    import skops.io as sio

    folder = Path(folder_s)
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IncompatibleModelError(f"{folder / META_FILE} is missing; a model folder needs "
                                     f"{MODEL_FILE} and {META_FILE}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise IncompatibleModelError(f"{folder / META_FILE} is not valid JSON ({e})") from None
    for key in ("labels", "taxonomy", "params"):
        if key not in meta:
            raise IncompatibleModelError(f"{folder / META_FILE} lacks the key {key!r}; retrain the model")
    for lib, have in (("sklearn", sklearn.__version__), ("policytext", __version__)):
        built = str(meta.get(f"{lib}_version", "?"))
        if _major_minor(built) != _major_minor(have):
            warnings.warn(f"the work-area model in {folder} was built with {lib} {built} but {lib} {have} "
                          f"is installed; predictions may differ. Retrain it with `policytext train`.",
                          ModelVersionWarning, stacklevel=3)
    model_path = folder / MODEL_FILE
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # one pass: skops refuses any type outside the list while it loads (a separate
        # get_untrusted_types() scan of the file would double the load time)
        pipe = sio.load(model_path, trusted=list(TRUSTED_TYPES))
    except UntrustedTypesFoundException as e:
        refused = sorted(set(getattr(e, "unsafe", None) or []) - set(TRUSTED_TYPES)) or str(e)
        raise IncompatibleModelError(f"{model_path} needs types that are not trusted: {refused}; "
                                     f"only {MODEL_NAME} pipelines built by policytext can be loaded") from None
    except Exception as e:  # a damaged zip, not a skops file…
        raise IncompatibleModelError(f"{model_path} could not be loaded ({type(e).__name__}: {e})") from None
    tax = Taxonomy.from_dict(meta["taxonomy"], source=str(folder / META_FILE))
    if list(tax.codes) != list(meta["labels"]):
        raise IncompatibleModelError(f"{folder / META_FILE}: labels {meta['labels']} do not match its taxonomy "
                                     f"{list(tax.codes)}")
    params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in meta["params"].items()}
    clf = WorkAreaClassifier(taxonomy=tax, **params)
    clf.taxonomy_ = tax
    clf.areas_ = np.array(tax.area_codes, dtype=object)
    clf.classes_ = np.array(tax.codes, dtype=object)
    clf.pipeline_ = pipe
    clf.meta_ = meta
    return clf


# ----------------------------------------------------------------------------- convenience API


def _model(model: Union[WorkAreaClassifier, str, os.PathLike, None]) -> WorkAreaClassifier:
    return model if isinstance(model, WorkAreaClassifier) else load_model(model)


def classify(texts: TextInput, *, model: Union[WorkAreaClassifier, str, os.PathLike, None] = None,
             threshold: Optional[float] = None, context: Union[Context, Sequence[Context]] = None) -> Any:
    """Work-area codes of each text, primary first (``other`` outside civil affairs).

    Args:
        texts: A list of texts, or a single text.
        model: A fitted :class:`WorkAreaClassifier` or a model folder; default the shipped model.
        threshold: Override the model's probability threshold.
        context: The section each text sits in, to choose between areas a text
            carries (:meth:`WorkAreaClassifier.predict_areas`): for a list of
            texts a list with one heading, list of headings (nearest first) or
            ``None`` per text; for a single text its heading or headings.
    Returns:
        ``list[list[str]]`` for a list of texts; ``list[str]`` for a single text.

    Example:
        >>> classify(["加强农村留守儿童关爱保护", "落实企业职工基本养老保险"])
        [['child_welfare'], ['other']]
        >>> classify("做好残疾人两项补贴发放")
        ['disability_welfare']
        >>> classify("养老机构疫情防控。落实封闭管理和消杀措施。", context="二、加强疫情防控")[0]
        'epidemic_safety'
    """
    clf = _model(model)
    if threshold is not None:
        clf = _with_threshold(clf, threshold)
    if isinstance(texts, str):
        return clf.predict_areas([texts], context=None if context is None else [context])[0]
    return clf.predict_areas(texts, context=context)  # type: ignore[arg-type]


def _with_threshold(clf: WorkAreaClassifier, threshold: float) -> WorkAreaClassifier:
    import copy

    other = copy.copy(clf)
    other.threshold = threshold
    return other


def classify_proba(texts: TextInput, *, model: Union[WorkAreaClassifier, str, os.PathLike, None] = None
                   ) -> Any:
    """Probability of every code for each text, most probable first.

    Returns:
        ``list[dict[str, float]]`` (one dict per text, keys ordered by
        decreasing probability); a single dict for a single text.

    Example:
        >>> p = classify_proba("推进公益性公墓建设")
        >>> next(iter(p)), p["funeral"] > 0.5, len(p)
        ('funeral', True, 16)
    """
    clf = _model(model)
    single = isinstance(texts, str)
    P = clf.predict_proba([texts] if single else texts)
    codes = [str(c) for c in clf.classes_]
    out = []
    for row in P:
        order = np.argsort(-row, kind="stable")
        out.append({codes[j]: float(row[j]) for j in order})
    return out[0] if single else out


class _CallableModule(type(sys)):  # type: ignore[misc]
    """``policytext.classify`` is both this module and the function :func:`classify`.

    Importing the submodule (``from policytext.classify import …``) rebinds the
    package attribute ``policytext.classify`` to the module; making the module
    callable keeps ``policytext.classify(texts)`` working either way.
    """

    def __call__(self, texts: TextInput, **kwargs: Any) -> Any:
        return classify(texts, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
