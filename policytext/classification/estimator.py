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
``vocab.txt`` + ``meta.json``, no pickle) and :func:`classify` uses it by default; ``policytext train``
rebuilds it (see ``corpora/README.md`` for the weakly-supervised training data).

Example:
    >>> from policytext import load_model
    >>> load_model().predict_areas(["推进殡葬改革，建设公益性公墓", "国内生产总值增长6.5%左右"])
    [['funeral'], ['other']]
"""
from __future__ import annotations

import logging
import os
import re
import warnings
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError as _SkNotFittedError
from sklearn.utils.validation import check_is_fitted

from ..errors import NotFittedError
from .features import PREDICT_CHUNK, RE_LEAD, SeedTermCounts, jieba_words, normalize_text
from .taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)
#: A clause of an enumeration (what the lexicon gate's ``gate_yields`` looks at).
RE_CLAUSE = re.compile(r"[^，、；。！？,;：:（）()\n]+")
#: What may follow a text's first sentence when the text is that one sentence.
SENTENCE_ENDS = "。！？!?；; \t\r\n"


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
        lexicon_gate: Decide civil affairs vs the fallback first: a text whose seed
            terms of the fallback (``养老金融``, ``金融``, ``赤字率``, ``就业``) outnumber its
            area seed terms gets the fallback, whatever the area probabilities; the
            area ranking follows only for the others. Off by default (models 1.0 and
            1.1 predate it); model 1.3 has it on (see ``models/work_area/README.md``).
        gate_yields: Codes that the gate yields to when one of their seed terms names
            a clause of its own: a clause (between ``，、；：`` and brackets) with a seed
            term of such an area and none of the fallback keeps the text out of the
            gate, so a list such as ``提高基本养老金、城乡低保标准`` keeps its 低保 part (an
            item of such a list that ends with one of the taxonomy's ``people`` does not
            count: ``高校毕业生、残疾人、就业困难人员等群体就业`` names disabled people for
            the work of jobs, while ``扩大就业，关爱残疾人`` and ``就业帮扶、残疾人关爱``
            name the care itself). Meant
            for the areas whose terms name civil-affairs work by themselves (低保, 殡葬,
            婚姻登记), not for those whose terms often merely frame an economic
            statement (疫情, 安全, 规划). Empty (default): the gate counts the whole text.
        gate_ties: With the gate on, a tie between the fallback's seed terms and
            area seed terms that all belong to areas outside ``gate_yields`` also
            makes the text the fallback (``做好疫情防控，稳定就业`` is about jobs).
        support_areas: Areas of means rather than subjects (plans, projects,
            information systems, funds): when one of them would be primary and the
            text's first sentence has a seed term of another of the text's areas
            right before one of its terms (``低保信息系统``), that area comes first.
        named_first: Areas ordered by where a one-sentence text names them: when
            the primary area is one of them and the text names another of its
            areas among them earlier, the one named first is primary. A list of
            groups names its subject first (``做好孤寡老人、留守儿童和重度残疾人的关爱帮扶``:
            elderly care, whichever area scores highest). Meant for the areas of
            the people served (``gate_yields``); a task text of several sentences
            keeps the order its heading gives.
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
                 linear_model: str = "logreg",
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
            >>> from policytext import load_model
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

    def gated(self, text: str) -> bool:
        """Whether the lexicon gate makes ``text`` the fallback (see ``lexicon_gate``, ``gate_yields``).

        True when the text's seed terms of the fallback outnumber its area seed terms
        and no area of ``gate_yields`` names a clause of its own (an item of a ``、`` list
        that ends with one of the taxonomy's ``people`` does not count). With ``gate_ties``,
        a text whose area terms all belong to areas outside ``gate_yields`` (the
        framing ones: 疫情, 安全生产, 党建, 规划) is the fallback on a tie as well.

        Example:
            >>> clf = WorkAreaClassifier(gate_yields=("social_assistance",))
            >>> clf.gated("发展养老金融，扩大金融服务"), clf.gated("提高基本养老金、医疗保险待遇、城乡低保标准")
            (True, False)
        """
        tax = self.taxonomy_ if hasattr(self, "taxonomy_") else self._resolve_taxonomy()
        fb = tax.fallback
        counts = tax.count_seeds(text)
        n_fb, n_area = counts.get(fb, 0), sum(n for c, n in counts.items() if c != fb)
        if n_fb == 0 or n_fb < n_area:
            return False
        if any(c in self.gate_yields for c in counts) or not self.gate_ties:
            if n_fb == n_area:
                return False
            people = tax.people
            for m in RE_CLAUSE.finditer(text):
                clause = m.group().rstrip()
                found = tax.find_seeds(clause)
                listed = "、" in text[max(m.start() - 1, 0):m.start()] + text[m.end():m.end() + 1]
                if all(c != fb for *_, c in found) and any(
                        c in self.gate_yields and not (listed and term in people and end == len(clause))
                        for _, end, term, c in found):
                    return False
        return True  # only framing areas' terms (疫情, 安全, 党建, 规划): a tie is the fallback's too

    def predict_areas(self, X: Iterable[str], context: Optional[Sequence[Context]] = None
                      ) -> List[List[str]]:
        """Codes of each text, primary first: areas with probability ≥ ``threshold``, else the fallback.

        With ``lexicon_gate`` a text whose fallback seed terms outnumber its area
        seed terms is the fallback. An area whose taxonomy ``primary`` terms occur
        in the text's first sentence becomes the primary one of the text's areas
        (``殡仪服务机构防控``: epidemic control first); ``context`` decides after that.

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
            >>> from policytext import load_model
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
        chains = None if context is None else self._chains(context, len(texts))
        headings = sorted({h for chain in chains for h in chain if h.strip()}) if chains else []
        # the sections' headings are classified with the texts, in one pass (each row is its own)
        A, L = self._area_and_lead_proba(texts + headings)
        out = self._codes(texts + headings, A, L)
        if chains is not None:
            # the section decides last: it may reorder what the primary terms ordered
            fb = self.taxonomy_.fallback
            area = {h: codes[0] for h, codes in zip(headings, out[len(texts):])}
            frames = [next((area[h] for h in chain if h.strip() and area[h] != fb), None) for chain in chains]
            index = {str(c): j for j, c in enumerate(self.areas_)}
            for r, frame in enumerate(frames):
                codes = out[r]
                if frame is not None and frame in codes[1:] and L[r, index[frame]] >= self.threshold:
                    out[r] = [frame] + [c for c in codes if c != frame]
        return out[:len(texts)]

    def _codes(self, texts: List[str], A: np.ndarray, L: np.ndarray) -> List[List[str]]:
        """The codes of each text from its area probabilities ``A`` (threshold, gate, primary terms, named first)."""
        fb = self.taxonomy_.fallback
        out: List[List[str]] = []
        order = np.argsort(-A, axis=1, kind="stable")
        for r in range(A.shape[0]):
            codes = [str(self.areas_[j]) for j in order[r, : self.max_areas] if A[r, j] >= self.threshold]
            out.append(codes or [fb])
        if self.lexicon_gate:
            for r, t in enumerate(texts):
                if out[r][0] != fb and self.gated(t):
                    out[r] = [fb]
        primary = {a.code: a.primary for a in self.taxonomy_.areas if a.primary and a.code != fb}
        if primary or self.support_areas:
            for r, t in enumerate(texts):
                if len(out[r]) > 1:
                    m = RE_LEAD.match(t)
                    out[r] = self._lead_order(out[r], m.group(1) if m else t, primary)
        if self.named_first:
            for r, t in enumerate(texts):
                if len(out[r]) > 1 and out[r][0] in self.named_first:
                    out[r] = self._named_order(out[r], t)
        return out

    def _lead_order(self, codes: List[str], lead: str, primary: Dict[str, Tuple[str, ...]]) -> List[str]:
        """Reorder a text's own areas by its first sentence: support areas, then primary terms."""
        if self.support_areas and codes[0] in self.support_areas:
            # 低保信息系统: an area's term right before a support area's term names what is supported
            found = self.taxonomy_.find_seeds(lead)
            ends = {e: c for _, e, _, c in found}
            mod = next((ends[s] for s, _, _, c in found if c == codes[0] and ends.get(s) in codes[1:]), None)
            if mod is not None:
                codes = [mod] + [c for c in codes if c != mod]
        first = next((c for c in codes[1:] if any(term in lead for term in primary.get(c, ()))), None)
        if first is not None:
            codes = [first] + [c for c in codes if c != first]
        return codes

    def _named_order(self, codes: List[str], text: str) -> List[str]:
        """The area of ``named_first`` that a one-sentence ``text`` names first, then the others."""
        m = RE_LEAD.match(text)
        if m is None or text[m.end():].strip(SENTENCE_ENDS):
            return codes  # several sentences: the heading decides
        for _, _, _, code in self.taxonomy_.find_seeds(text):
            if code in codes and code in self.named_first:
                return [code] + [c for c in codes if c != code]
        return codes

    def _chains(self, context: Sequence[Context], n: int) -> List[Tuple[str, ...]]:
        """The headings of each item of ``context``, nearest first (see :meth:`predict_areas`)."""
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
        return chains

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """Primary code of each text (an array of str; ``score`` is primary accuracy).

        Example:
            >>> from policytext import load_model
            >>> load_model().predict(["加强社会组织登记管理"]).tolist()
            ['social_organizations']
        """
        return np.array([codes[0] for codes in self.predict_areas(X)], dtype=object)


