"""Text features of the work-area classifier: normalization, jieba words, taxonomy seed-term counts.

These are module-level functions so that a fitted pipeline can be saved and loaded
(the model file names them by this module's path). Nothing here imports scikit-learn:
the scikit-learn transformer of the seed-term counts, ``SeedTermCounts``, is in
:mod:`~policytext.classification.estimator`.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Callable, Dict, Iterable, List, Sequence, Tuple

import numpy as np

from .._resources import longest_first
from .._segment import tokenizer
from .lookup import TermFinder


RE_DIGITS = re.compile(r"\d+(?:\.\d+)?")
RE_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z]")
RE_LEAD = re.compile(r"\s*([^。！？!?；;\n]+)")
#: Runs of full-width forms (！ to ～) and ideographic spaces: what keeps most Chinese text from being NFKC
RE_FULL_WIDTH = re.compile("[\u3000\uff01-\uff5e]+")
_HALF_WIDTH = {c: unicodedata.normalize("NFKC", chr(c)) for c in (0x3000, *range(0xFF01, 0xFF5F))}
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
    # second and third call are cache hits. White space goes by str.split, about five times faster
    # than re.sub(r"\s+", "", ...): its white space is re's \s (the same for every code point)
    return RE_DIGITS.sub("0", "".join(nfkc(text).split()))


def nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, in about a third of the time on Chinese text.

    Chinese text is rarely NFKC-normal only because of its full-width punctuation, which
    ``normalize`` answers by decomposing and recomposing every character. Each run of full-width
    forms is replaced by its NFKC form first (its own decomposition, so the NFKC form of the whole
    is the same); ``normalize`` runs only when the text is still not normal after that.

    Example:
        >>> nfkc("覆盖率达到９０％（含）　以上")
        '覆盖率达到90%(含) 以上'
    """
    if unicodedata.is_normalized("NFKC", text):
        return text
    text = RE_FULL_WIDTH.sub(_half_width, text)
    return text if unicodedata.is_normalized("NFKC", text) else unicodedata.normalize("NFKC", text)


def _half_width(m: "re.Match[str]") -> str:
    return m.group().translate(_HALF_WIDTH)


def jieba_words(text: str) -> List[str]:
    """jieba word tokens of ``text`` (no HMM, so unknown words stay split), punctuation and numbers dropped.

    This is the ``tokenizer`` of the word TF-IDF; it is a module-level function so
    that models with it can be pickled and saved with skops.

    Example:
        >>> jieba_words("加强养老服务设施建设，新增0张床位")
        ['加强', '养老', '服务设施', '建设', '新增', '张', '床位']
    """
    return [w for w in tokenizer()(text) if RE_KEEP.search(w)]


def seed_term_counts(texts: Iterable[str], terms: Sequence[str], owners: Sequence[int], n_codes: int,
                     scale: float = 1.0) -> Any:
    """Sparse matrix ``(n_texts, n_codes)`` of ``log1p(hits) * scale`` per code, from the taxonomy's seed terms.

    Terms are matched longest first, so ``养老保险`` counts for the code that lists
    it (``other``), not for ``养老``.

    Args:
        texts: Texts.
        terms: Seed terms.
        owners: For each term, the column (code index) it counts for.
        n_codes: Number of columns.
        scale: Multiplier of the counts.

    Example:
        >>> X = seed_term_counts(["提高低保标准，做好低保", "落实养老保险"], ["低保", "养老服务", "养老保险"], [0, 1, 2], 3)
        >>> [[round(float(v), 2) for v in row] for row in X.toarray()]
        [[1.1, 0.0, 0.0], [0.0, 0.0, 0.69]]
    """
    from scipy import sparse

    find, owner = _seed_finder(tuple(terms), tuple(owners))
    texts = list(texts)
    n_codes = int(n_codes)
    width = max(n_codes, 1)
    found = find([normalize_text(t) for t in texts]) if texts else []
    codes = np.fromiter((owner[term] for terms_of_text in found for term in terms_of_text), dtype=np.int64)
    rows = np.repeat(np.arange(len(found)), np.fromiter(map(len, found), dtype=np.int64, count=len(found)))
    # the (text, code) pairs as one sorted integer each, with their counts: the CSR layout, columns sorted
    pairs, counts = np.unique(rows * width + codes, return_counts=True)
    scale = float(scale)  # each count n as float32(log1p(n) * scale), log1p and product in float64
    values = np.array([_log1p(n) * scale for n in range(int(counts.max(initial=0)) + 1)], dtype=np.float32)
    indptr = np.zeros(len(texts) + 1, dtype=np.int32)
    np.cumsum(np.bincount(pairs // width, minlength=len(texts)), out=indptr[1:])
    X = sparse.csr_matrix((values[counts], (pairs % width).astype(np.int32), indptr),
                          shape=(len(texts), n_codes))
    X.has_sorted_indices = True
    return X


class SeedCounts:
    """The seed-term columns of a loaded model (:func:`seed_term_counts` with fixed terms), without scikit-learn.

    Example:
        >>> SeedCounts(terms=["火化"], owners=[0], n_codes=1).transform(["火化率"]).nnz
        1
    """

    def __init__(self, terms: Sequence[str], owners: Sequence[int], n_codes: int, scale: float = 1.0) -> None:
        if len(terms) != len(owners):
            raise ValueError(f"{len(terms)} terms but {len(owners)} owners; they must match")
        self.terms = list(terms)
        self.owners = [int(o) for o in owners]
        self.n_codes = int(n_codes)
        self.scale = float(scale)

    def transform(self, X: Iterable[str]) -> Any:
        """Sparse matrix ``(n_texts, n_codes)`` of scaled ``log1p`` seed-term counts."""
        return seed_term_counts(X, self.terms, self.owners, self.n_codes, self.scale)


@functools.lru_cache(maxsize=256)
def _log1p(n: int) -> float:
    return float(np.log1p(n))


@functools.lru_cache(maxsize=16)
def _seed_finder(terms: Tuple[str, ...], owners: Tuple[int, ...]
                 ) -> Tuple[Callable[[List[str]], List[List[str]]], Dict[str, int]]:
    """What finds the (normalized) terms in normalized texts, longest first, each text's in order; the code
    index of each term."""
    owner = {normalize_text(t): o for t, o in zip(terms, owners)}
    if not owner:
        return (lambda texts: [[] for _ in texts]), owner
    rx = re.compile(longest_first(owner))
    finder = TermFinder.usable(owner, rx)
    if finder is None:  # an empty term matches everywhere: the regex alone says how
        # findall: the whole matches, as the pattern has no capturing group (longest_first)
        return (lambda texts: [rx.findall(t) for t in texts]), owner
    return finder.findall, owner
