"""The work-area estimator: a scikit-learn classifier of civil-affairs (民政) work areas.

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

The trained model ships in ``models/work_area/<version>/`` (``model.npz`` +
``vocab.txt`` + ``meta.json``, no pickle) and :func:`classify` uses it by default (through its
:class:`~policytext.classification.predictor.AreaPredictor`, without scikit-learn); ``policytext train``
rebuilds it (see ``corpora/README.md`` for the weakly-supervised training data).

Example:
    >>> from policytext import load_model
    >>> load_model().predict_areas(["推进殡葬改革，建设公益性公墓", "国内生产总值增长6.5%左右"])
    [['funeral'], ['other']]
"""
from __future__ import annotations

import logging
import os
import warnings
from typing import Any, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from .features import SeedCounts, jieba_words, normalize_text
from .predictor import AreaPredictor, Context, TextInput, _as_texts
from .taxonomy import Taxonomy

__all__ = ["WorkAreaClassifier", "SeedTermCounts", "Context", "TextInput"]

logger = logging.getLogger(__name__)


class SeedTermCounts(TransformerMixin, BaseEstimator, SeedCounts):
    """Features from the taxonomy's seed terms, as a scikit-learn transformer
    (:class:`~policytext.classification.features.SeedCounts` with the estimator protocol: the same ``transform``).

    Stateless (``fit`` learns nothing). Until model 1.1 it lived in
    :mod:`~policytext.classification.features`, the name the skops file of model 1.0
    still uses (its loader finds it there).

    Args:
        terms: Seed terms.
        owners: For each term, the column (code index) it counts for.
        n_codes: Number of columns.
        scale: Multiplier of the counts.
    """

    def __init__(self, terms: Sequence[str] = (), owners: Sequence[int] = (), n_codes: int = 0,
                 scale: float = 1.0) -> None:
        self.terms = terms
        self.owners = owners
        self.n_codes = n_codes
        self.scale = scale

    def fit(self, X: Any, y: Any = None) -> "SeedTermCounts":
        """Check the arguments; nothing is learned."""
        if len(self.terms) != len(self.owners):
            raise ValueError(f"{len(self.terms)} terms but {len(self.owners)} owners; they must match")
        self.n_features_out_ = int(self.n_codes)
        return self


class WorkAreaClassifier(ClassifierMixin, BaseEstimator, AreaPredictor):
    """Multi-label work-area classifier over raw Chinese text (scikit-learn estimator).

    ``fit`` and the estimator protocol are here; the predictions (``predict_areas``,
    ``predict_proba``, ``predict``, ``gated``) are those of
    :class:`~policytext.classification.predictor.AreaPredictor`.

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
        lexicon_gate: Decide civil affairs vs the fallback first: a text whose seed
            terms of the fallback (``养老金融``, ``金融``, ``赤字率``, ``就业``) outnumber its
            area seed terms gets the fallback, whatever the area probabilities; the
            area ranking follows only for the others. Off by default (models 1.0 and
            1.1 predate it); model 1.3 has it on (see ``models/work_area/README.md``).
        gate_yields: Codes that the gate yields to when one of their seed terms names
            a clause of its own: a clause (between ``，、；：`` and brackets) with a seed
            term of such an area and none of the fallback keeps the text out of the
            gate, so a list such as ``提高基本养老金、城乡低保标准`` keeps its 低保 part (an
            item of such a list that ends with a seed term that is one of the taxonomy's
            ``people``, or closes the list with it and ``等``, counts neither as a clause nor
            as an area term: ``高校毕业生、农民工、残疾人等群体就业`` names disabled people for
            the work of jobs, while ``扩大就业，关爱残疾人`` and ``就业帮扶、残疾人关爱``
            name the care itself). Meant
            for the areas whose terms name civil-affairs work by themselves (低保, 殡葬,
            婚姻登记), not for those whose terms often merely frame an economic
            statement (疫情, 安全, 规划). Empty (default): the gate counts the whole text.
        gate_ties: With the gate on, a tie between the fallback's seed terms and
            area seed terms that all belong to areas outside ``gate_yields`` (the people
            a list names do not count) also makes the text the fallback
            (``做好疫情防控，稳定就业`` and ``促进高校毕业生、残疾人等群体就业，做好疫情防控`` are about jobs).
        support_areas: Areas of means rather than subjects (plans, projects,
            information systems, funds): when one of them would be primary and the
            text's first sentence has a seed term of another of the text's areas
            right before one of its terms (``低保信息系统``), that area comes first.
        named_first: Areas ordered by where a one-sentence text names them: when
            the primary area is one of them and the text names another of its
            areas among them earlier, the one named first is primary. A list of
            groups names its subject first (``做好孤寡老人、留守儿童和重度残疾人的关爱帮扶``:
            elderly care, whichever area scores highest). Meant for the areas of
            the people served and of grassroots work (model 1.5: ``gate_yields``
            and ``community_governance``), not the cross-cutting ones (safety,
            party building, planning); a task text of several sentences keeps the
            order its heading gives.
        listed_groups: With ``named_first``: a one-sentence text whose first clause
            (between ``，；：``) that names one of those areas names the taxonomy's
            ``people`` of two or more of them, and whose primary area (after
            ``named_first``) is one of these, carries all of them in the order the list
            names them (up to ``max_areas``), also an area below ``threshold``:
            ``保障妇女、儿童、老年人、残疾人合法权益`` is about children, the elderly and
            the disabled, children first. The people may be named by words that are
            no seed terms (``儿童``, ``老人``); seed terms of those areas in the same
            list join the order (``妇女儿童、老龄、残疾人、慈善等事业``). Off by default;
            on since model 1.8.
        linear_model: ``"logreg"`` (LogisticRegression) or ``"svm"`` (LinearSVC,
            which has no probabilities of its own: use it with ``calibration``).
        random_state: Seed of the linear models (training is deterministic).

    Attributes:
        taxonomy_: The taxonomy used in ``fit``.
        classes_: All codes (taxonomy order, fallback included); the columns of :meth:`predict_proba`.
        areas_: The codes that have a binary classifier (fallback excluded).
        pipeline_: The fitted :class:`~sklearn.pipeline.Pipeline` (features + one-vs-rest classifier); in a
            model loaded from the portable format a
            :class:`~policytext.classification.portable.LinearPredictor` with the same ``predict_proba``.

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
                 lexicon_gate: bool = False, gate_yields: Tuple[str, ...] = (),
                 gate_ties: bool = False, support_areas: Tuple[str, ...] = (), named_first: Tuple[str, ...] = (),
                 listed_groups: bool = False, linear_model: str = "logreg",
                 random_state: int = 0) -> None:
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
        self.lexicon_gate = lexicon_gate
        self.gate_yields = gate_yields
        self.gate_ties = gate_ties
        self.support_areas = support_areas
        self.named_first = named_first
        self.listed_groups = listed_groups
        self.linear_model = linear_model
        self.random_state = random_state

    # ------------------------------------------------------------------ fit
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
