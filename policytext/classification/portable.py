"""The portable model format: arrays (``model.npz``) + vocabularies (``vocab.txt``) + ``meta.json``.

A fitted work-area pipeline is a handful of arrays and two vocabularies; this module
stores exactly those and predicts with them, so loading a model is reading two files
(no pickle, no skops, no scikit-learn estimators rebuilt)::

    model.npz   numpy arrays only, read with ``allow_pickle=False``:
                words_idf, chars_idf (float32, one per vocabulary entry),
                coef (float32, areas x features: words, chars, seed-term columns),
                intercept (float32, one per area), constant (float64, NaN unless
                an area was constant in training: then its probability)
    vocab.txt   UTF-8, one entry a line: the word vocabulary in column order, then
                the character vocabulary (no entry holds a newline: texts are
                normalized without whitespace before analysis)
    meta.json   ``format``, ``features`` (sizes, n-gram ranges, seed terms), ``areas``,
                and the SHA-256 of both files (``files``), checked on load

:class:`LinearPredictor` computes the same float32 operations as the scikit-learn
pipeline (TF-IDF with sublinear tf and l2 norm, ``FeatureUnion``, one
``LogisticRegression`` per area), in the same order, so its probabilities are the
pipeline's bit for bit (checked on every sentence of a work report in the tests).
"""
from __future__ import annotations

import hashlib
import io
import math
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from ..errors import IncompatibleModelError
from .._segment import tokenizer
from .features import RE_KEEP, SeedCounts, jieba_words, normalize_text
from .lookup import KeyTable, WordIndex, code_points, pack

#: Identifier of this format in ``meta.json`` (``format``).
FORMAT = "policytext-linear/1"
ARRAYS_FILE = "model.npz"
VOCAB_FILE = "vocab.txt"
_ARRAYS = ("words_idf", "chars_idf", "coef", "intercept", "constant")
_WHITE_SPACES = re.compile(r"\s\s+")  # sklearn's CountVectorizer._white_spaces


def _char_ngrams(text: str, ngram_range: Tuple[int, int]) -> List[str]:
    # sklearn.feature_extraction.text.CountVectorizer._char_ngrams
    text = _WHITE_SPACES.sub(" ", text)
    n_text = len(text)
    min_n, max_n = ngram_range
    if min_n == 1:
        grams = list(text)
        min_n += 1
    else:
        grams = []
    for n in range(min_n, min(max_n + 1, n_text + 1)):
        for i in range(n_text - n + 1):
            grams.append(text[i:i + n])
    return grams


def _word_ngrams(tokens: List[str], ngram_range: Tuple[int, int]) -> List[str]:
    # sklearn.feature_extraction.text.CountVectorizer._word_ngrams (no stop words)
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    original = tokens
    if min_n == 1:
        tokens = list(original)
        min_n += 1
    else:
        tokens = []
    n_orig = len(original)
    for n in range(min_n, min(max_n + 1, n_orig + 1)):
        if n == 2:
            tokens.extend([a + " " + b for a, b in zip(original, original[1:])])
            continue
        for i in range(n_orig - n + 1):
            tokens.append(" ".join(original[i:i + n]))
    return tokens


class _Tfidf:
    """One fitted ``TfidfVectorizer`` (sublinear tf, idf, l2 norm, float32) as a vocabulary and an idf vector."""

    def __init__(self, kind: str, vocabulary: Dict[str, int], idf: np.ndarray, ngram_range: Tuple[int, int]) -> None:
        self.kind = kind
        self.vocabulary = vocabulary
        self.idf = idf
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self._packed: Optional[Tuple[np.ndarray, np.ndarray]] = None  # sorted packed keys, their columns
        self._table: Optional[KeyTable] = None  # the same keys in a hash table
        self._unigrams: Optional[np.ndarray] = None  # the columns of single characters, by packed key
        self._words: Any = None  # the WordIndex of a word vocabulary, False when it does not fit one
        self._seen = 0  # characters transformed so far (see INDEX_AFTER)

    def analyze(self, text: str) -> List[str]:
        text = normalize_text(text)
        if self.kind == "chars":
            return _char_ngrams(text, self.ngram_range)
        return _word_ngrams(jieba_words(text), self.ngram_range)

    def transform(self, texts: Sequence[str]) -> Any:
        indexed = self._seen >= INDEX_AFTER
        if not indexed:
            self._seen += sum(map(len, texts))
        if self.kind == "chars" and self.ngram_range[1] <= _MAX_PACKED:
            X = self._char_counts(texts, indexed)
        elif self.kind == "words" and indexed and self._word_index() is not None:
            X = self._word_counts(texts)
        else:
            X = self._counts(texts)
        X.sort_indices()
        # TfidfTransformer.transform: sublinear tf, idf, l2 norm, all in float32
        np.log(X.data, X.data)
        X.data += 1.0
        X.data *= self.idf[X.indices]
        _normalize_l2(X)
        return X


    def _counts(self, texts: Sequence[str]) -> Any:
        """Feature counts, one text at a time (CountVectorizer._count_vocab with a fixed vocabulary)."""
        get = self.vocabulary.get
        cols: List[int] = []
        lengths: List[int] = []
        for text in texts:
            found = [j for j in map(get, self.analyze(text)) if j is not None]
            cols.extend(found)
            lengths.append(len(found))
        rows = np.repeat(np.arange(len(lengths)), lengths)
        return self._matrix(rows, np.asarray(cols, dtype=np.int64), len(lengths))

    def _word_index(self) -> Optional[WordIndex]:
        if self._words is None:
            try:
                self._words = WordIndex(self.vocabulary, self.ngram_range, RE_KEEP.search)
            except ValueError:  # n-grams of three words or more: the text-by-text look-up
                self._words = False
        return self._words or None

    def _word_counts(self, texts: Sequence[str]) -> Any:
        """The same counts for word uni- and bigrams, the n-grams of all texts looked up at once
        (:class:`.lookup.WordIndex`): the tokens of :func:`.features.jieba_words`, by id.

        The texts are cut in one call, joined by line breaks: jieba cuts each run of Chinese characters,
        letters and digits on its own and gives white space between them as a token of its own, and no
        normalized text holds a line break, so the tokens are each text's in turn, a line break between
        two texts (the same tokens on all 227,786 sentences, lines and clauses of the corpora).
        """
        cut = tokenizer()
        rows, cols = self._words.columns(cut("\n".join(map(normalize_text, texts))))
        return self._matrix(rows, cols, len(texts))

    def _matrix(self, rows: np.ndarray, cols: np.ndarray, n_texts: int) -> Any:
        """The count matrix of the (row, column) hits, duplicates summed."""
        return count_matrix(rows, cols, n_texts, len(self.vocabulary))

    def _char_lookup(self, indexed: bool) -> Any:
        """A function giving the column of each packed n-gram (-1 when not in the vocabulary)."""
        if self._packed is None:
            keys = np.fromiter((pack(g) for g in self.vocabulary), dtype=np.uint64, count=len(self.vocabulary))
            cols = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(self.vocabulary))
            order = np.argsort(keys)
            self._packed = (keys[order], cols[order])
        keys, cols = self._packed
        if indexed:
            if self._table is None:
                self._table = KeyTable(keys, cols)
            return self._table.get

        def search(grams: np.ndarray) -> np.ndarray:  # binary search in the sorted keys
            pos = np.minimum(np.searchsorted(keys, grams), len(keys) - 1)
            return np.where(keys[pos] == grams, cols[pos], -1)

        return search

    def _unigram_columns(self, grams: np.ndarray) -> np.ndarray:
        """The columns of packed single characters: an array indexed by the key (-1: not in the vocabulary)."""
        if self._unigrams is None:
            keys, cols = self._packed
            single = keys < (1 << 21)  # a packed n-gram of one character
            size = int(keys[single].max()) + 1 if single.any() else 1
            table = np.full(size + 1, -1, dtype=np.int32)  # the last slot: every key beyond
            table[keys[single].astype(np.int64)] = cols[single]
            self._unigrams = table
        table = self._unigrams
        return table[np.minimum(grams, len(table) - 1).astype(np.int64)]

    def _char_counts(self, texts: Sequence[str], indexed: bool = False) -> Any:
        """The same counts for character n-grams, all texts at once with numpy.

        Each n-gram (n <= 3) is packed into one integer (21 bits a code point, plus one, so that
        grams of different lengths never meet) and looked up in the vocabulary's sorted keys or, once
        ``indexed``, in a hash table of them; grams that would cross from one text into the next are
        left out. The columns are gathered position by position (a table of positions x sizes), so
        that the hits come text after text, as :func:`count_matrix` sorts them fastest.
        """
        lookup = self._char_lookup(indexed)
        norm = [normalize_text(t) for t in texts]  # no white space left: no run for _char_ngrams' sub to join
        lengths = np.fromiter(map(len, norm), dtype=np.int64, count=len(norm))
        cp = code_points("".join(norm))
        left = np.repeat(np.cumsum(lengths), lengths) - np.arange(len(cp))  # characters to its text's end
        low, high = self.ngram_range
        found = np.full((len(cp), high - low + 1), -1, dtype=np.int64)  # the column of each position's n-grams
        gram = cp.copy()  # the n-gram starting at each position, one character longer each round
        for n in range(1, high + 1):
            if 1 < n <= len(cp):
                gram[:len(cp) - n + 1] |= cp[n - 1:] << np.uint64(21 * (n - 1))
            if n < low:
                continue
            inside = np.flatnonzero(left >= n)
            found[inside, n - low] = (self._unigram_columns if n == 1 and indexed else lookup)(gram[inside])
        cols = found.ravel()
        hit = np.flatnonzero(cols >= 0)
        rows = np.repeat(np.arange(len(norm)), lengths)[hit // found.shape[1]]
        return self._matrix(rows, cols[hit], len(texts))


def count_matrix(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> Any:
    """The CSR matrix (float32) counting each ``(row, column)`` pair, columns sorted within a row.

    What ``csr_matrix((ones, (rows, cols))).sum_duplicates()`` gives (a sum of ones is the count), by a
    sort of the pairs as integers instead of scipy's sort of every row. A pair is one integer, the row in
    the high bits and the column in the low ones, so that integers sort as the pairs do and the row and
    column come back by a shift and a mask; 32 bits when they hold all pairs (a chunk of texts and a
    vocabulary of up to 2**20 entries): numpy sorts them in about half the time of 64-bit ones. When the
    pairs come row after row (``rows`` never decreases), as the vectorizers give them, only the pairs of
    a few rows at a time are sorted (:func:`_sort_by_rows`).

    Example:
        >>> count_matrix(np.array([1, 0, 1, 1]), np.array([2, 1, 0, 2]), 2, 3).toarray().tolist()
        [[0.0, 1.0, 0.0], [1.0, 0.0, 2.0]]
    """
    from scipy import sparse

    rows = np.asarray(rows)
    bits = max(int(n_cols) - 1, 1).bit_length()
    kind = np.uint32 if int(n_rows) << bits <= 2 ** 32 else np.uint64
    key = rows.astype(kind) << kind(bits)
    key |= np.asarray(cols).astype(kind)
    if len(rows) > SORT_BLOCK and not (rows[1:] < rows[:-1]).any():
        _sort_by_rows(key, rows, n_rows)
    else:
        key.sort()
    first = np.ones(len(key), dtype=bool)
    np.not_equal(key[1:], key[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(np.append(starts, len(key))).astype(np.float32)
    pairs = key[starts]
    indptr = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.bincount(pairs >> kind(bits), minlength=n_rows), out=indptr[1:])
    index_dtype = np.int32 if max(n_cols, len(counts)) < 2 ** 31 else np.int64
    col = (pairs & kind((1 << bits) - 1)).astype(index_dtype)
    X = sparse.csr_matrix((counts, col, indptr.astype(index_dtype)), shape=(n_rows, n_cols), copy=False)
    X.has_sorted_indices = True
    X.has_canonical_format = True
    return X


#: Pairs :func:`_sort_by_rows` sorts at a time, about: on the AMD EPYC of the benchmarks numpy sorts
#: 512 32-bit keys in under 1 µs, 1,000 in 6 µs and 37,000 in 670 µs (the three reports' count
#: matrices: 2.4 ms in one sort each, 0.8 ms in blocks of rows).
SORT_BLOCK = 512


def _sort_by_rows(key: np.ndarray, rows: np.ndarray, n_rows: int) -> None:
    """Sort ``key`` in place, in blocks of whole rows, when ``rows`` (the row of each key) never decreases.

    The keys of a row are in one stretch and below those of the next row, so sorting each stretch of
    rows on its own sorts the whole. Block ``k`` holds the rows that begin among the keys
    ``k * SORT_BLOCK`` to ``(k + 1) * SORT_BLOCK - 1``: about that many keys, and the rest of its last row.
    """
    starts = np.searchsorted(rows, np.arange(n_rows))  # where each row begins
    block_starts = starts[np.flatnonzero(np.diff(starts // SORT_BLOCK, prepend=-1))].tolist()
    for begin, end in zip(block_starts, block_starts[1:] + [len(key)]):
        key[begin:end].sort()


#: Characters a vectorizer transforms with its plain look-ups (per text, binary search) before it
#: builds the tables of :mod:`.lookup` (about 35 ms, what the tables save on some 100,000 characters),
#: so that a single small document does not pay for them and a batch does.
INDEX_AFTER = 50_000
#: The longest character n-gram :meth:`_Tfidf._char_counts` packs into one 64-bit key.
_MAX_PACKED = 3


def _normalize_l2(X: Any) -> None:
    """Scale each row of the float32 CSR matrix ``X`` to unit length, in place, as scikit-learn's TF-IDF does.

    The same rounding as scikit-learn's kernel (``inplace_csr_row_normalize_l2``):
    each square in float32, the squares of a row summed in float64 one after the
    other (scipy's CSR product with a vector of ones sums a row in stored order),
    each value divided in float64 and rounded to float32; empty rows stay.
    """
    from scipy import sparse

    if not X.nnz:
        return
    squares = sparse.csr_matrix(((X.data * X.data).astype(np.float64), X.indices, X.indptr), shape=X.shape)
    norms = np.sqrt(squares @ np.ones(X.shape[1]))
    norms[norms == 0.0] = 1.0
    X.data[:] = (X.data / np.repeat(norms, np.diff(X.indptr))).astype(X.data.dtype)


class LinearPredictor:
    """The fitted work-area pipeline as arrays: word and character TF-IDF, seed-term counts, one logistic model per area.

    ``predict_proba(texts)`` returns an ``(n_texts, n_areas)`` float32 array, the
    probability of each area (the columns of ``OneVsRestClassifier.predict_proba``).
    """

    def __init__(self, words: _Tfidf, chars: _Tfidf, seeds: Any, coef: np.ndarray, intercept: np.ndarray,
                 constant: np.ndarray) -> None:
        self.words = words
        self.chars = chars
        self.seeds = seeds
        self.coef = coef
        self.intercept = intercept
        self.constant = constant
        self._coef_t: Optional[np.ndarray] = None  # the coefficients of the areas that are not constant, transposed
        self._live: List[int] = []  # those areas

    @property
    def n_features(self) -> int:
        return len(self.words.vocabulary) + len(self.chars.vocabulary) + (self.seeds.n_codes if self.seeds else 0)

    def features(self, texts: Sequence[str]) -> Any:
        """The feature matrix (``FeatureUnion.transform``): words, chars, seed terms side by side."""
        from scipy import sparse

        texts = list(texts)
        blocks = [self.words.transform(texts), self.chars.transform(texts)]
        if self.seeds is not None:
            blocks.append(self.seeds.transform(texts))
        return sparse.hstack(blocks).tocsr()

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        X = self.features(texts)
        live = [k for k in range(self.coef.shape[0]) if math.isnan(self.constant[k])]
        if self._coef_t is None or self._live != live:
            self._coef_t = _columns(self.coef[live].T)
            self._live = live
        # LogisticRegression.decision_function then expit, as OneVsRestClassifier does area by area: the
        # product with all areas at once sums each row's terms in the same order (float32), so it is the same
        scores = np.asarray(X @ self._coef_t)[:, :len(live)] + self.intercept[live] if live else None
        proba = _expit(scores) if live else None  # one call for all areas: expit maps each value on its own
        if len(live) == self.coef.shape[0]:
            return proba if live else np.zeros((X.shape[0], 0))
        cols = []
        for k in range(self.coef.shape[0]):
            if not math.isnan(self.constant[k]):
                cols.append(np.full(X.shape[0], self.constant[k]))
            else:
                cols.append(proba[:, live.index(k)])
        return np.array(cols).T

    def __repr__(self) -> str:
        return (f"LinearPredictor(words={len(self.words.vocabulary)}, chars={len(self.chars.vocabulary)}, "
                f"areas={self.coef.shape[0]})")


def _columns(coef_t: np.ndarray) -> np.ndarray:
    """The features x areas coefficients, C-ordered, with columns of zeros up to a multiple of eight areas.

    scipy's product of a CSR matrix with a dense one adds a row of coefficients to the result, column by
    column, faster when the columns are a multiple of eight (measured on the three reports' chunks: 15
    areas padded to 16, 1.65 -> 1.2 ms; 7 to 8, 1.10 -> 1.03 ms). Each column is summed on its own, in the
    same order, so the areas' scores are the same.
    """
    n_features, n_areas = coef_t.shape
    out = np.zeros((n_features, -(-n_areas // 8) * 8), dtype=coef_t.dtype)
    out[:, :n_areas] = coef_t
    return out


def _expit(x: np.ndarray) -> np.ndarray:
    try:
        from scipy.special import expit

        return expit(x)
    except ImportError:  # pragma: no cover
        return (1.0 / (1.0 + np.exp(-x))).astype(x.dtype)


# ----------------------------------------------------------------------------- conversion


def from_pipeline(pipe: Any) -> LinearPredictor:
    """The :class:`LinearPredictor` of a fitted work-area ``Pipeline`` (features + ``OneVsRestClassifier``).

    Raises:
        ValueError: The pipeline is not one this format can hold (a calibrated or
            SVM model: save it with ``save_model(..., format="skops")``).
    """
    if isinstance(pipe, LinearPredictor):
        return pipe
    from sklearn.linear_model import LogisticRegression

    parts = dict(pipe.named_steps["features"].transformer_list)
    if pipe.named_steps["features"].transformer_weights:
        raise ValueError("the portable model format does not hold FeatureUnion transformer_weights")
    vecs = {}
    for name in ("words", "chars"):
        v = parts[name]
        expected = {"sublinear_tf": True, "use_idf": True, "norm": "l2", "binary": False, "lowercase": False,
                    "stop_words": None, "strip_accents": None, "preprocessor": normalize_text,
                    "analyzer": "word" if name == "words" else "char"}
        if name == "words":
            expected["tokenizer"] = jieba_words
        got = {k: getattr(v, k) for k in expected}
        if got != expected or np.dtype(v.dtype) != np.float32:
            raise ValueError(f"the {name} vectorizer has settings the portable model format does not hold: {got}")
        terms = [""] * len(v.vocabulary_)
        for t, i in v.vocabulary_.items():
            terms[int(i)] = t
        vecs[name] = _Tfidf(name, {t: i for i, t in enumerate(terms)}, np.asarray(v.idf_, dtype=np.float32),
                            tuple(v.ngram_range))
    seeds = parts.get("seeds")
    ovr = pipe.named_steps["clf"]
    if getattr(ovr.label_binarizer_, "y_type_", None) != "multilabel-indicator":
        raise ValueError("the portable model format holds multi-label one-vs-rest models only")
    n_features = len(vecs["words"].vocabulary) + len(vecs["chars"].vocabulary) + (seeds.n_codes if seeds else 0)
    coef = np.zeros((len(ovr.estimators_), n_features), dtype=np.float32)
    intercept = np.zeros(len(ovr.estimators_), dtype=np.float32)
    constant = np.full(len(ovr.estimators_), np.nan)
    for k, est in enumerate(ovr.estimators_):
        if type(est).__name__ == "_ConstantPredictor":
            constant[k] = float(np.ravel(est.y_)[0])
        elif type(est) is LogisticRegression and est.coef_.shape == (1, n_features):
            if est.coef_.dtype != np.float32:
                raise ValueError(f"area {k}: coefficients are {est.coef_.dtype}, not float32")
            coef[k] = est.coef_[0]
            intercept[k] = est.intercept_[0]
        else:
            raise ValueError(f"area {k} is a {type(est).__name__}; the portable model format holds "
                             f"LogisticRegression areas only (calibration=None, linear_model='logreg'); "
                             f"save this model with format='skops'")
    return LinearPredictor(vecs["words"], vecs["chars"], seeds, coef, intercept, constant)


# ----------------------------------------------------------------------------- files


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(pred: LinearPredictor, folder: Path) -> Dict[str, Any]:
    """Write ``model.npz`` and ``vocab.txt`` into ``folder``; the keys to add to ``meta.json``."""
    entries: List[str] = []
    for vec in (pred.words, pred.chars):
        terms = sorted(vec.vocabulary, key=vec.vocabulary.__getitem__)
        bad = [t for t in terms if "\n" in t or "\r" in t]
        if bad:
            raise ValueError(f"vocabulary entries with a line break cannot be saved: {bad[:3]}")
        entries += terms
    vocab = ("\n".join(entries) + "\n").encode("utf-8")
    buf = io.BytesIO()
    np.savez(buf, words_idf=pred.words.idf, chars_idf=pred.chars.idf, coef=pred.coef, intercept=pred.intercept,
             constant=pred.constant)
    arrays = buf.getvalue()
    for name, data in ((ARRAYS_FILE, arrays), (VOCAB_FILE, vocab)):
        tmp = folder / (name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(folder / name)
    seeds = pred.seeds
    return {
        "format": FORMAT,
        "features": {
            "words": {"size": len(pred.words.vocabulary), "ngram_range": list(pred.words.ngram_range)},
            "chars": {"size": len(pred.chars.vocabulary), "ngram_range": list(pred.chars.ngram_range)},
            "seeds": None if seeds is None else {"terms": list(seeds.terms), "owners": [int(o) for o in seeds.owners],
                                                 "n_codes": int(seeds.n_codes), "scale": float(seeds.scale)},
        },
        "files": {ARRAYS_FILE: _sha256(arrays), VOCAB_FILE: _sha256(vocab)},
    }


def read(folder: Path, meta: Dict[str, Any], n_areas: int) -> LinearPredictor:
    """Read and check the model files of ``folder`` described by ``meta`` (:func:`write`'s keys).

    Raises:
        IncompatibleModelError: A file is missing, its SHA-256 differs from ``meta.json``,
            or an array has the wrong shape or type; the message names the file.
    """
    meta_path = folder / "meta.json"
    if meta.get("format") != FORMAT:
        raise IncompatibleModelError(f"{meta_path}: format {meta.get('format')!r} is not {FORMAT!r}")
    try:
        feats = meta["features"]
        n_words, n_chars = int(feats["words"]["size"]), int(feats["chars"]["size"])
        ranges = {k: tuple(int(x) for x in feats[k]["ngram_range"]) for k in ("words", "chars")}
        seeds_meta = feats.get("seeds")
        files = {k: str(v) for k, v in meta["files"].items()}
    except (KeyError, TypeError, ValueError) as e:
        raise IncompatibleModelError(f"{meta_path}: 'features' or 'files' is incomplete ({e!r})") from None
    data = {}
    for name in (ARRAYS_FILE, VOCAB_FILE):
        path = folder / name
        try:
            data[name] = path.read_bytes()
        except FileNotFoundError:
            raise IncompatibleModelError(f"{path} is missing; a model folder needs {ARRAYS_FILE}, {VOCAB_FILE} "
                                         f"and meta.json") from None
        if name not in files:
            raise IncompatibleModelError(f"{meta_path} has no SHA-256 of {name} ('files')")
        if _sha256(data[name]) != files[name]:
            raise IncompatibleModelError(f"{path}: SHA-256 differs from the one in meta.json; the file is damaged "
                                         f"or was changed after the model was saved")
    path = folder / ARRAYS_FILE
    try:
        with np.load(io.BytesIO(data[ARRAYS_FILE]), allow_pickle=False) as npz:
            missing = [k for k in _ARRAYS if k not in npz.files]
            if missing:
                raise IncompatibleModelError(f"{path} lacks the array {missing[0]!r}")
            arrays = {k: npz[k] for k in _ARRAYS}
    except IncompatibleModelError:
        raise
    except Exception as e:  # not an npz, object arrays (would need pickle)…
        raise IncompatibleModelError(f"{path} could not be read ({type(e).__name__}: {e})") from None
    n_seeds = int(seeds_meta["n_codes"]) if seeds_meta else 0
    shapes = {"words_idf": ((n_words,), np.float32), "chars_idf": ((n_chars,), np.float32),
              "coef": ((n_areas, n_words + n_chars + n_seeds), np.float32),
              "intercept": ((n_areas,), np.float32), "constant": ((n_areas,), np.float64)}
    for key, (shape, dtype) in shapes.items():
        a = arrays[key]
        if a.shape != shape or a.dtype != dtype:
            raise IncompatibleModelError(f"{path}: array {key} is {a.dtype} {a.shape}, expected {np.dtype(dtype)} "
                                         f"{shape} (from meta.json: {n_areas} areas, {n_words} words, "
                                         f"{n_chars} chars, {n_seeds} seed columns)")
    try:
        entries = data[VOCAB_FILE].decode("utf-8").split("\n")
    except UnicodeDecodeError as e:
        raise IncompatibleModelError(f"{folder / VOCAB_FILE} is not UTF-8 ({e})") from None
    if entries[-1] == "":
        entries.pop()
    if len(entries) != n_words + n_chars:
        raise IncompatibleModelError(f"{folder / VOCAB_FILE} has {len(entries)} entries, expected "
                                     f"{n_words} words + {n_chars} chars (meta.json)")
    words = dict(zip(entries[:n_words], range(n_words)))
    chars = dict(zip(entries[n_words:], range(n_chars)))
    if len(words) != n_words or len(chars) != n_chars:
        raise IncompatibleModelError(f"{folder / VOCAB_FILE} repeats an entry")
    seeds = None
    if seeds_meta:
        seeds = SeedCounts(terms=list(seeds_meta["terms"]), owners=[int(o) for o in seeds_meta["owners"]],
                           n_codes=n_seeds, scale=float(seeds_meta["scale"]))
    return LinearPredictor(_Tfidf("words", words, arrays["words_idf"], ranges["words"]),
                           _Tfidf("chars", chars, arrays["chars_idf"], ranges["chars"]),
                           seeds, arrays["coef"], arrays["intercept"], arrays["constant"])
