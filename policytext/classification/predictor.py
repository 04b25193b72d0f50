"""How a fitted work-area model decides: area probabilities, the lexicon gate, the order of areas.

:class:`AreaPredictor` holds everything a trained model does at prediction time
and needs neither scikit-learn nor pandas: the probabilities come from its
``pipeline_`` (the portable :class:`~policytext.classification.portable.LinearPredictor`
of a shipped model, or a fitted scikit-learn pipeline), the rules (threshold,
first sentence, lexicon gate, primary terms, ``named_first``, section context)
from its parameters. Texts and headings in traditional characters are read as
simplified ones (:func:`policytext._script.to_simplified`): the model and its
seed terms know simplified Chinese. :class:`~policytext.classification.estimator.WorkAreaClassifier`
is the scikit-learn estimator built on it (``fit``, ``get_params``, ``clone``);
:func:`policytext.classify`, :func:`policytext.to_tasks` and ``policytext convert``
use the predictor of the shipped model, so they start without importing
scikit-learn.

Example:
    >>> from policytext.classification.model_files import load_predictor
    >>> load_predictor().predict_areas(["推进殡葬改革，建设公益性公墓", "国内生产总值增长6.5%左右"])
    [['funeral'], ['other']]
"""
from __future__ import annotations

import functools
import re
from typing import Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

import numpy as np

from .._script import all_simplified, to_simplified
from ..errors import NotFittedError
from .features import PREDICT_CHUNK, RE_LEAD
from .taxonomy import Taxonomy, count_codes, load_taxonomy

__all__ = ["AreaPredictor", "Context", "TextInput"]

#: A seed term found in a text: ``(start, end, term, code)`` (:meth:`.taxonomy.Taxonomy.find_seeds`).
Seed = Tuple[int, int, str, str]

#: A clause of an enumeration (what the lexicon gate's ``gate_yields`` looks at).
RE_CLAUSE = re.compile(r"[^，、；。！？,;：:（）()\n]+")
#: A clause that may hold a list of groups (see ``AreaPredictor._listed``).
RE_LIST = re.compile(r"[^，；。！？,;：:\n]+")
#: What stands before an item of a list inside its clause.
LIST_SEPARATORS = "、和及与"
#: What may follow the last item of a list inside its clause: ``残疾人等群体``, ``老年人等重点人群`` (not ``等级``).
LIST_CLOSER = re.compile(r"等(?!级)")


def _ends_item(clause: str, end: int) -> bool:
    """Whether a term ending at ``end`` ends a list item of ``clause``: at the clause's end, or before ``等``."""
    return end == len(clause) or LIST_CLOSER.match(clause, end) is not None


def _stands_as_item(text: str, start: int, end: int, clause_start: int) -> bool:
    """Whether the term ``text[start:end]`` stands as an item of a list: it opens the clause or follows a
    separator (``、和及与``), or a separator or the list's closing ``等`` follows it."""
    if start == clause_start or text[start - 1] in LIST_SEPARATORS:
        return True
    return (end < len(text) and text[end] in LIST_SEPARATORS) or LIST_CLOSER.match(text, end) is not None


def _clause_seeds(tax: Taxonomy, text: str, found: List[Seed]) -> Iterator[Tuple[Any, str, List[Seed]]]:
    """Each clause of ``text`` (:data:`RE_CLAUSE`, white space at its end left out) that has seed terms: its
    match, the clause and its seed terms as ``tax.find_seeds(clause)`` gives them.

    ``found`` are the seed terms of the whole text. When each of them lies inside a clause (no clause
    mark or white space in it), they are the clauses' own: the search takes the longest term at each
    position, so no longer term that would run past a clause's end starts where one of them does, and a
    clause searched alone gives the terms of the text that start in it. Otherwise (a term such as
    ``村（居）``) each clause is searched on its own.
    """
    if not all(_inside_a_clause(term) for _, _, term, _ in found):
        for m in RE_CLAUSE.finditer(text):
            clause = m.group().rstrip()
            yield m, clause, tax.find_seeds(clause)
        return
    k = 0
    for m in RE_CLAUSE.finditer(text):
        if k == len(found):
            return
        start = m.start()
        clause = m.group().rstrip()
        end = k
        while end < len(found) and found[end][0] < start + len(clause):
            end += 1
        if end > k:
            yield m, clause, [(s - start, e - start, term, c) for s, e, term, c in found[k:end]]
            k = end


@functools.lru_cache(maxsize=4096)
def _inside_a_clause(term: str) -> bool:
    """Whether ``term`` can lie inside one clause of :data:`RE_CLAUSE`: no clause mark, no white space."""
    return RE_CLAUSE.fullmatch(term) is not None and not any(ch.isspace() for ch in term)


#: What may follow a text's first sentence when the text is that one sentence.
SENTENCE_ENDS = "。！？!?；; \t\r\n"

TextInput = Union[str, Iterable[str]]
#: Context of one text: the heading of its section, its sections' headings nearest first, or ``None``.
Context = Union[None, str, Sequence[str]]


def model_params(params: Optional[Mapping[str, Any]]) -> Dict[str, Any]:
    """A model's parameters (``meta.json``'s ``params``) as the estimator takes them: lists as tuples.

    Example:
        >>> model_params({"threshold": 0.4, "gate_yields": ["funeral"]})
        {'threshold': 0.4, 'gate_yields': ('funeral',)}
    """
    return {k: (tuple(v) if isinstance(v, list) else v) for k, v in (params or {}).items()}


def _as_texts(X: Any) -> List[str]:
    if isinstance(X, str):
        raise TypeError("X must be a list of texts, not a single str; wrap it: [text]")
    texts = list(X)
    for i, t in enumerate(texts):
        if not isinstance(t, str):
            raise TypeError(f"X[{i}] is {type(t).__name__}; every item of X must be a str")
    return texts


class AreaPredictor:
    """A fitted work-area model's predictions, without scikit-learn.

    The parameters are those of :class:`~policytext.classification.estimator.WorkAreaClassifier`
    (the ones that act at prediction time are documented there: ``threshold``,
    ``max_areas``, ``lead_weight``, ``lexicon_gate``, ``gate_yields``, ``gate_ties``,
    ``support_areas``, ``named_first``, ``listed_groups``); the class attributes below are their defaults.
    :func:`~policytext.classification.model_files.load_predictor` builds one from a
    model folder; :func:`~policytext.classification.model_files.load_model` gives the
    scikit-learn estimator of the same folder, with the same predictions.

    Args:
        taxonomy: The model's taxonomy.
        pipeline: Anything with ``predict_proba(texts)`` giving one column per area.
        params: The model's parameters (``meta.json``'s ``params``).
        meta: The model's ``meta.json`` (kept as ``meta_``).

    Example:
        >>> from policytext.classification.model_files import load_predictor
        >>> p = load_predictor()
        >>> p.predict(["做好婚姻登记工作"]).tolist(), p.classes_[-1]
        (['marriage'], 'other')
    """

    taxonomy: Any = None
    threshold: float = 0.4
    max_areas: int = 3
    lead_weight: float = 0.5
    lexicon_gate: bool = False
    gate_yields: Tuple[str, ...] = ()
    gate_ties: bool = False
    support_areas: Tuple[str, ...] = ()
    named_first: Tuple[str, ...] = ()
    listed_groups: bool = False

    def __init__(self, taxonomy: Taxonomy, pipeline: Any, params: Optional[Mapping[str, Any]] = None,
                 meta: Optional[Dict[str, Any]] = None) -> None:
        for key, value in model_params(params).items():
            setattr(self, key, value)
        self.taxonomy = taxonomy
        self.taxonomy_ = taxonomy
        self.areas_ = np.array(taxonomy.area_codes, dtype=object)
        self.classes_ = np.array(taxonomy.codes, dtype=object)
        self.pipeline_ = pipeline
        self.meta_ = meta or {}

    def __repr__(self) -> str:
        version = self.meta_.get("version", "?") if hasattr(self, "meta_") else "?"
        return f"{type(self).__name__}(version={version!r}, areas={len(self.taxonomy_.area_codes)})"

    def _resolve_taxonomy(self) -> Taxonomy:
        if isinstance(self.taxonomy, Taxonomy):
            return self.taxonomy
        return load_taxonomy(self.taxonomy)

    def _check(self) -> None:
        if not hasattr(self, "pipeline_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit(X, y) first or "
                                 f"use policytext.load_model() for the shipped model")

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
        if leads:
            w = float(self.lead_weight)
            rows = [i for i, _ in leads]
            L[rows] = P[len(texts):]
            A[rows] = (1.0 - w) * A[rows] + w * L[rows]
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
        A = self._area_proba(all_simplified(_as_texts(X)))
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
        and no area of ``gate_yields`` names a clause of its own. An item of a ``、``
        list that ends with a seed term that is one of the taxonomy's ``people``, or
        closes the list with it and ``等`` (``高校毕业生、残疾人等群体就业``), names whom
        other work is for: it counts neither as an area term nor as a clause of its own.
        With ``gate_ties``, a text whose area terms all belong to areas outside
        ``gate_yields`` (the framing ones: 疫情, 安全生产, 党建, 规划) is the fallback on
        a tie as well.

        Example:
            >>> from policytext.classification import WorkAreaClassifier
            >>> clf = WorkAreaClassifier(gate_yields=("social_assistance",))
            >>> clf.gated("发展养老金融，扩大金融服务"), clf.gated("提高基本养老金、医疗保险待遇、城乡低保标准")
            (True, False)
        """
        tax = self.taxonomy_ if hasattr(self, "taxonomy_") else self._resolve_taxonomy()
        text = to_simplified(text)
        return self._gated(tax, text, tax.find_seeds(text))

    def _gated(self, tax: Taxonomy, text: str, found: List[Seed]) -> bool:
        """:meth:`gated` of ``text`` whose seed terms ``found`` are (the clauses take their terms from them)."""
        fb = tax.fallback
        counts = count_codes(found)
        n_fb = counts.get(fb, 0)
        if n_fb == 0:
            return False
        people = tax.people
        clauses: List[Tuple[bool, List[str]]] = []  # per clause: has a fallback term, the codes of its work terms
        for m, clause, in_clause in _clause_seeds(tax, text, found):
            listed = "、" in text[max(m.start() - 1, 0):m.start()] + text[m.end():m.end() + 1]
            work = []
            for _, end, term, c in in_clause:
                if listed and term in people and _ends_item(clause, end):
                    counts[c] = max(counts.get(c, 0) - 1, 0)  # only names the people of a list item
                else:
                    work.append(c)
            clauses.append((fb in work, work))
        n_area = sum(n for c, n in counts.items() if c != fb)
        if n_fb < n_area:
            return False
        if any(c in self.gate_yields and n > 0 for c, n in counts.items()) or not self.gate_ties:
            if n_fb == n_area:
                return False
            if any(not has_fb and any(c in self.gate_yields for c in work) for has_fb, work in clauses):
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
        # the sections' headings are classified with the texts, in one pass (each row is its own),
        # in simplified script (the model's and the seed terms')
        rows = all_simplified(texts + headings)
        A, L = self._area_and_lead_proba(rows)
        out = self._codes(rows, A, L)
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
        if self.lexicon_gate:  # the seed terms of the texts it may gate, found together
            rows = [r for r in range(len(texts)) if out[r][0] != fb]
            for r, found in zip(rows, self.taxonomy_.find_seeds_many([texts[r] for r in rows])):
                if self._gated(self.taxonomy_, texts[r], found):
                    out[r] = [fb]
        primary = {a.code: a.primary for a in self.taxonomy_.areas if a.primary and a.code != fb}
        if primary or self.support_areas:
            for r, t in enumerate(texts):
                if len(out[r]) > 1:
                    m = RE_LEAD.match(t)
                    out[r] = self._lead_order(out[r], m.group(1) if m else t, primary)
        if self.named_first:
            for r, t in enumerate(texts):
                if out[r][0] not in self.named_first:
                    continue
                if len(out[r]) > 1:
                    out[r] = self._named_order(out[r], t)
                if self.listed_groups:
                    out[r] = self._listed(out[r], t) or out[r]
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

    def _listed(self, codes: List[str], text: str) -> Optional[List[str]]:
        """The areas of the groups a one-sentence ``text`` lists, in the order named, then its others.

        The list is the first clause (between ``，；：``) that names an area of ``named_first``.
        Its items are the ``people`` terms in it (``儿童``, ``老年人``; not one inside a longer
        seed term of another area: ``残疾儿童`` names disabled children) and its seed terms,
        each of which must stand as an item (after ``、``, ``和``, ``及``, ``与`` or at the
        clause's start, or before one of them or ``等``: ``妇女儿童、老龄、残疾人、慈善等事业``).
        ``None`` unless:

        - the text is one sentence;
        - the clause names the people of two or more areas;
        - no seed term in it names the work the groups are named for (``将儿童、老年人纳入低保``,
          ``纳入医保``: 低保 and 医保 are no items);
        - the primary area is among the areas the list names (``发展养老服务，保障妇女、儿童、
          老年人合法权益`` keeps elderly care first: its first clause is about it).

        The result is cut to ``max_areas``; with 1 it is the first area named.
        """
        m = RE_LEAD.match(text)
        if m is None or text[m.end():].strip(SENTENCE_ENDS):
            return None  # several sentences: the heading decides
        tax = self.taxonomy_
        found = tax.find_seeds(text)
        people = [(start, code) for start, end, _, code in tax.find_people(text) if code in self.named_first
                  and not any(s <= start and end <= e and c != code for s, e, _, c in found)]
        if len({code for _, code in people}) < 2:
            return None
        first = min([s for s, _, _, c in found if c in self.named_first] + [start for start, _ in people])
        clause = next((c for c in RE_LIST.finditer(text) if c.start() <= first < c.end()), None)
        if clause is None:  # a term that begins with punctuation
            return None
        a, b = clause.span()
        groups = [(start, code) for start, code in people if a <= start < b]
        if len({code for _, code in groups}) < 2:
            return None
        inside = [(s, e, c) for s, e, _, c in found if a <= s < b]
        items = [(s, c) for s, e, c in inside if _stands_as_item(text, s, e, a)]
        if len(items) < len(inside):
            return None  # a seed term that is no item names the work the groups are named for (纳入低保)
        named = list(dict.fromkeys(code for _, code in sorted(groups + items) if code in self.named_first))
        if codes[0] not in named:
            return None
        return (named + [c for c in codes if c not in named])[: max(self.max_areas, 1)]

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
