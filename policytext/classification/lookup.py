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
  list (a separator token between two texts);
* :class:`TermFinder` finds the terms of a lexicon (the seed terms) in many
  texts: the positions where a term may start come from their first two or
  three characters, looked up for all texts at once, and the lexicon's regex
  is matched there only.

They give exactly what the string look-up gives: a key or pair is found only
when it is in the vocabulary, and a term where the regex finds it.
"""
from __future__ import annotations

import re
from itertools import repeat
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy as np

__all__ = ["KeyTable", "TermFinder", "WordIndex", "pack"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: multiply, keep the high bits
_NEXT_TEXT = -2  # the id of the separator token of WordIndex.columns


def pack(gram: str) -> int:
    """A character n-gram as one integer: 21 bits a code point (plus one), first character lowest.

    Example:
        >>> pack("a") == ord("a") + 1, pack("ab") == pack("a") | pack("b") << 21
        (True, True)
    """
    key = 0
    for j, ch in enumerate(gram):
        key |= (ord(ch) + 1) << (21 * j)
    return key


def code_points(text: str) -> np.ndarray:
    """The code points of ``text``, each plus one (as :func:`pack` has them), as ``uint64``."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.uint64) + 1


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


class TermFinder:
    """The terms of a lexicon found in many texts, as ``[regex.findall(t) for t in texts]`` finds them
    (:meth:`findall`; :meth:`spans` gives their positions too, as ``regex.finditer`` does).

    ``regex`` must match exactly the ``terms`` (longest first where they overlap, as
    :func:`policytext._resources.longest_first` builds it). ``re`` tries such a regex at every position
    whose character may begin a term, most of a Chinese text; here the positions whose first two
    characters begin a term (and, for terms of three or more, first three) are found for all texts at
    once, one string joined by line breaks, and the regex is matched at those positions only. The
    line break must be a character no term holds.

    Example:
        >>> rx = re.compile("低保(?:标准)?|养老保险")
        >>> TermFinder(["低保", "低保标准", "养老保险"], rx).findall(["提高低保标准，做好低保", "落实养老保险"])
        [['低保标准', '低保'], ['养老保险']]

    Raises:
        ValueError: An empty term, or a term with a line break.
    """

    def __init__(self, terms: Iterable[str], regex: "re.Pattern[str]") -> None:
        terms = set(terms)
        if "" in terms or any("\n" in t for t in terms):
            raise ValueError("a term is empty or holds a line break; TermFinder cannot find it")
        self.regex = regex
        size = max((ord(ch) + 2 for t in terms for ch in t[:2]), default=1)  # the last slot: every code beyond
        self._first = np.zeros(size + 1, dtype=bool)  # a character that begins a term of two or more
        self._second = np.zeros(size + 1, dtype=bool)  # the second character of one
        self._single = np.zeros(size + 1, dtype=bool)  # a term of one character
        for t in terms:
            if len(t) == 1:
                self._single[ord(t) + 1] = True
            else:
                self._first[ord(t[0]) + 1] = self._second[ord(t[1]) + 1] = True
        self._pairs = np.array(sorted({pack(t) for t in terms if len(t) == 2}), dtype=np.uint64)
        self._triples = np.array(sorted({pack(t[:3]) for t in terms if len(t) > 2}), dtype=np.uint64)

    @classmethod
    def usable(cls, terms: Iterable[str], regex: "re.Pattern[str]") -> Optional["TermFinder"]:
        """A finder of ``terms``, or ``None`` when one of them is empty or holds a line break (then ``regex``
        alone finds them).

        Example:
            >>> TermFinder.usable(["低保"], re.compile("低保")) is not None, TermFinder.usable(["", "低保"], re.compile("低保|"))
            (True, None)
        """
        try:
            return cls(terms, regex)
        except ValueError:
            return None

    def starts(self, text: str) -> List[int]:
        """The positions of ``text`` where a term may start (every one where it does), in order."""
        cp = code_points(text)
        at = np.minimum(cp, len(self._first) - 1).astype(np.int64)
        maybe = np.flatnonzero(self._first[at[:-1]] & self._second[at[1:]])
        pair = cp[maybe] | cp[maybe + 1] << np.uint64(21)
        found = _member(pair, self._pairs)
        three = maybe + 2 < len(cp)
        found[three] |= _member(pair[three] | cp[maybe[three] + 2] << np.uint64(42), self._triples)
        starts = maybe[found]
        if self._single.any():
            starts = np.union1d(starts, np.flatnonzero(self._single[at]))
        return starts.tolist()

    def findall(self, texts: Sequence[str]) -> List[List[str]]:
        """The terms of each text, in order (see the class)."""
        out: List[List[str]] = [[] for _ in texts]
        for row, _, m in self._matches(texts):
            out[row].append(m.group())
        return out

    def spans(self, texts: Sequence[str]) -> List[List[Tuple[int, int, str]]]:
        """``(start, end, term)`` of the terms of each text, in order, as ``regex.finditer`` finds them.

        Example:
            >>> TermFinder(["低保", "低保标准"], re.compile("低保(?:标准)?")).spans(["做好低保", "低保标准"])
            [[(2, 4, '低保')], [(0, 4, '低保标准')]]
        """
        out: List[List[Tuple[int, int, str]]] = [[] for _ in texts]
        for row, offset, m in self._matches(texts):
            out[row].append((m.start() - offset, m.end() - offset, m.group()))
        return out

    def _matches(self, texts: Sequence[str]) -> Iterator[Tuple[int, int, "re.Match[str]"]]:
        """Each term found: the text's row, where that text begins in the texts joined by line breaks,
        and the match in the joined string."""
        joined = "\n".join(texts)
        ends = np.cumsum([len(t) + 1 for t in texts]).tolist()  # where each text's line break is
        row, end, match = 0, 0, self.regex.match
        for p in self.starts(joined):
            if p < end:
                continue  # inside the term found before, as findall goes on after a match
            m = match(joined, p)
            if m is not None:
                end = m.end()
                while ends[row] <= p:
                    row += 1
                yield row, ends[row - 1] if row else 0, m


def _member(keys: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Whether each key is in the sorted ``table``."""
    if not len(table):
        return np.zeros(len(keys), dtype=bool)
    pos = np.minimum(np.searchsorted(table, keys), len(table) - 1)
    return table[pos] == keys
