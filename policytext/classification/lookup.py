"""Vocabulary look-ups for many n-grams at once (numpy): a hash table of integer keys, word ids and pairs.

The TF-IDF features of :mod:`.portable` look up every character n-gram and
every word n-gram of a batch of texts in the model's vocabularies. Done one
n-gram at a time in Python (a ``dict`` per string) or by binary search, this
is most of a prediction's time; here the n-grams are integers and looked up
together:

* :class:`KeyTable` maps non-zero 64-bit keys (packed character n-grams) to
  columns: an open-addressing table (linear probing), built and probed with
  array operations;
* :class:`WordIndex` gives every token of the word vocabulary an id (one
  ``dict`` look-up per token, punctuation and numbers dropped as
  :func:`.features.jieba_words` drops them) and finds the columns of word
  unigrams and bigrams from these ids, for the tokens of many texts in one
  list (a separator token between two texts).

Both give exactly the columns the string look-up gives: a key or pair is found
only when it is in the vocabulary.
"""
from __future__ import annotations

from itertools import repeat
from typing import Any, Dict, Iterable, List, Sequence, Tuple

import numpy as np

__all__ = ["KeyTable", "WordIndex"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: multiply, keep the high bits
_NEXT_TEXT = -2  # the id of the separator token of WordIndex.columns


class KeyTable:
    """Distinct non-zero ``uint64`` keys to ``int64`` values, probed for many keys at once.

    Example:
        >>> t = KeyTable(np.array([5, 9, 1 << 40], dtype=np.uint64), np.array([0, 1, 2]))
        >>> t.get(np.array([9, 7, 1 << 40, 5], dtype=np.uint64)).tolist()
        [1, -1, 2, 0]
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        keys = np.asarray(keys, dtype=np.uint64)
        values = np.asarray(values, dtype=np.int64)
        if len(keys) != len(values):
            raise ValueError(f"{len(keys)} keys but {len(values)} values; they must match")
        if np.any(keys == 0):
            raise ValueError("keys must be non-zero (0 marks an empty slot)")
        bits = max(4, int(len(keys) * 4 - 1).bit_length())  # at most a quarter full: short probes
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self.keys = np.zeros(1 << bits, dtype=np.uint64)
        self.values = np.full(1 << bits, -1, dtype=np.int64)
        owner = np.full(1 << bits, -1, dtype=np.int64)
        slot = self._slots(keys)
        pending = np.arange(len(keys))
        while len(pending):
            s = slot[pending]
            free = owner[s] < 0
            owner[s[free]] = pending[free]  # of keys wanting the same free slot one gets it
            won = free & (owner[s] == pending)
            self.keys[s[won]] = keys[pending[won]]
            self.values[s[won]] = values[pending[won]]
            pending = pending[~won]  # the others probe on: the slot they leave is taken
            slot[pending] = (slot[pending] + 1) & self._mask

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * _GOLDEN) >> self._shift).astype(np.int64)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, ``-1`` for a key not in the table."""
        keys = np.asarray(keys, dtype=np.uint64)
        slot = self._slots(keys)
        found = self.keys[slot]
        out = self.values[slot]  # -1 in an empty slot
        other = found != keys
        out[other] = -1
        pending = np.flatnonzero(other & (found != 0))  # an occupied slot with another key: probe the next one
        slot = slot[pending]
        while len(pending):  # the few keys whose first slot was taken by another
            slot = (slot + 1) & self._mask
            found = self.keys[slot]
            hit = found == keys[pending]
            out[pending[hit]] = self.values[slot[hit]]
            go_on = ~hit & (found != 0)
            pending, slot = pending[go_on], slot[go_on]
        return out


def _dropped(tokens: Iterable[str], keep: Any) -> List[str]:
    return [t for t in tokens if not keep(t)]


class _TokenIds(dict):
    """Token -> id; a token first seen is looked at once: ``-1`` when dropped, else the id of unknown tokens."""

    def __init__(self, ids: Dict[str, int], unknown: int, keep: Any, limit: int) -> None:
        super().__init__(ids)
        self.unknown, self.keep, self.limit = unknown, keep, limit

    def __missing__(self, token: str) -> int:
        v = self.unknown if self.keep(token) else -1
        if len(self) < self.limit:
            self[token] = v
        return v


class WordIndex:
    """The columns of word unigrams and bigrams (``"a b"``) of a vocabulary, found from token ids.

    Args:
        vocabulary: n-gram -> column, as the fitted vectorizer has it (words joined by one space).
        ngram_range: ``(1, 1)``, ``(1, 2)`` or ``(2, 2)``.
        keep: Whether a token is kept (the tokenizer's filter); dropped tokens are removed before the n-grams.
        separator: The token that stands between the tokens of two texts in :meth:`columns` (one the
            tokenizer's filter drops).

    Example:
        >>> import re
        >>> keep = re.compile(r"[\\u4e00-\\u9fff]").search
        >>> ix = WordIndex({"养老": 0, "服务": 1, "养老 服务": 2}, (1, 2), keep)
        >>> rows, cols = ix.columns(["养老", "，", "服务", "\\n", "养老", "服务", "站"])
        >>> sorted(zip(rows.tolist(), cols.tolist()))  # "，" is dropped before the n-grams, as jieba_words does
        [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]

    Raises:
        ValueError: Another n-gram range, an entry that is not one word or two joined by one space, or a
            separator the filter keeps.
    """

    #: Tokens outside the vocabulary remembered (beyond that they are looked at again each time).
    CACHE = 200_000

    def __init__(self, vocabulary: Dict[str, int], ngram_range: Tuple[int, int], keep: Any,
                 separator: str = "\n") -> None:
        if tuple(ngram_range) not in ((1, 1), (1, 2), (2, 2)):
            raise ValueError(f"ngram_range {tuple(ngram_range)} is not one of (1, 1), (1, 2), (2, 2)")
        if keep(separator):
            raise ValueError(f"separator {separator!r} is a token the filter keeps; it must be one it drops")
        self.min_n, self.max_n = ngram_range
        # ids: a unigram entry's own column; a token found only in bigrams: a number after the columns
        ids = {e: c for e, c in vocabulary.items() if " " not in e}
        bigrams = [e for e in vocabulary if " " in e]
        tokens = " ".join(bigrams).split(" ") if bigrams else []
        if len(tokens) != 2 * len(bigrams) or (bigrams and "" in tokens):
            raise ValueError("a word vocabulary entry is not one word or two joined by one space")
        for token in _dropped(ids, keep):  # never counted: the tokenizer's filter removes them
            del ids[token]
        size = self.n_columns = max(vocabulary.values(), default=-1) + 1
        extra = set(tokens).difference(ids)
        extra = sorted(extra.difference(_dropped(extra, keep)))
        ids.update(zip(extra, range(size, size + len(extra))))
        self.n_ids = size + len(extra) + 1  # the last id: a kept token of no entry
        at = np.fromiter(map(ids.get, tokens, repeat(-1)), dtype=np.int64, count=len(tokens)).reshape(-1, 2)
        cols = np.fromiter(map(vocabulary.__getitem__, bigrams), dtype=np.int64, count=len(bigrams))
        both = (at >= 0).all(axis=1)  # a dropped token is never part of a bigram
        self.pairs = KeyTable((at[both, 0] * self.n_ids + at[both, 1] + 1).astype(np.uint64), cols[both])
        self.ids = _TokenIds(ids, self.n_ids - 1, keep, len(ids) + self.CACHE)
        self.ids[separator] = _NEXT_TEXT

    def columns(self, tokens: Sequence[str]) -> Tuple[np.ndarray, np.ndarray]:
        """``(rows, columns)`` of the vocabulary's n-grams in the tokens of several texts, one after the
        other with the separator between two texts (row ``i``: the ``i``-th text), text after text (the
        n-grams of each token together: a table of tokens x sizes)."""
        ids = np.fromiter(map(self.ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        row = np.cumsum(ids == _NEXT_TEXT)
        kept = ids >= 0
        ids, row = ids[kept], row[kept]
        sizes = self.max_n - self.min_n + 1
        found = np.full((len(ids), sizes), -1, dtype=np.int64)  # the column of the n-grams at each token
        if self.min_n == 1:
            found[:, 0] = np.where(ids < self.n_columns, ids, -1)  # a unigram entry's id is its column
        if self.max_n == 2 and len(ids) > 1:
            same = np.flatnonzero(row[1:] == row[:-1])
            found[same, sizes - 1] = self.pairs.get((ids[same] * self.n_ids + ids[same + 1] + 1).astype(np.uint64))
        cols = found.ravel()
        hit = np.flatnonzero(cols >= 0)
        return row[hit // sizes], cols[hit]
