"""jieba word segmentation, shared by the classifier's features and the target extractor.

One segmenter, created once and only when first needed: jieba's own dictionary and
algorithm, run by rjieba (the Rust port jieba-rs, about 20 times faster) when it is
installed; otherwise by a private :class:`jieba.Tokenizer` (about 1 s to start), so that
words others add to ``jieba.dt`` do not change the results. Without HMM both give the
same tokens (checked on every sentence of the work reports 1978-2023).
"""
from __future__ import annotations

import functools
import logging
from typing import Any, Callable, List

_CUT: Any = None


def tokenizer() -> Callable[[str], List[str]]:
    """The segmenter: a function from a text to its tokens (no HMM, so unknown words stay split)."""
    global _CUT
    if _CUT is None:
        try:
            import rjieba

            _CUT = functools.partial(rjieba.cut, hmm=False)
        except ImportError:  # pragma: no cover - rjieba is a dependency; a platform without its wheel
            import jieba

            jieba.setLogLevel(logging.WARNING)  # jieba logs "Building prefix dict…" at DEBUG/INFO
            tk = jieba.Tokenizer()
            tk.initialize()
            _CUT = functools.partial(tk.lcut, HMM=False)
    return _CUT


def word_boundaries(text: str) -> List[int]:
    """Offsets in ``text`` where one jieba word ends and the next begins (not 0, not ``len(text)``).

    Example:
        >>> word_boundaries("天然气产量")
        [3]
    """
    out, pos = [], 0
    for w in tokenizer()(text):
        pos += len(w)
        out.append(pos)
    return out[:-1]
