"""Cleaning: remove web and download-site furniture, normalize the layout.

The cleaner works line by line and never loses track of where each character
came from (:mod:`.offsets`): every step is a :class:`Step` (:mod:`.clean_steps`) that can be called on a plain string
(``str -> str``), and :func:`make_pipeline` composes steps into a
:class:`Pipeline` that returns a :class:`Cleaned` result -- the clean text,
an offset map back to the raw text, and the list of what was removed and why.

Steps of the default pipeline (:data:`DEFAULT_STEPS`):

1. :data:`normalize_lines` -- unify line endings, strip zero-width and other
   invisible characters, trim indentation and trailing blanks;
2. :data:`strip_markdown` -- Markdown heading marks (kept as heading hints)
   and ``<!-- -->`` comment lines;
3. :data:`remove_furniture` -- drop share/print widgets, upload headers, page
   lists, ads, copyright and licence lines, source stamps, photo credits …
   (patterns in ``data/patterns/furniture.yaml``, loaded by :mod:`.clean_rules`), cut related-links tails and
   ad heads, strip ``Word下载.docx`` residue from file-name titles;
4. :data:`drop_symbol_lines` -- lines with no letter, digit or Han character
   (a stray ``“``);
5. :data:`join_spaced_digits` -- ``1 9 9 8 年`` -> ``1998年`` in texts that
   show this artefact (rules in ``data/rules/normalize.yaml``);
6. :data:`dedupe_lines` -- a line repeating the previous line;
7. :data:`join_broken_lines` -- rejoin a paragraph broken in the middle of a
   sentence (conservatively: see :func:`join_broken_lines`);
8. :data:`drop_blank_lines` -- one paragraph per line.

A body sentence -- a line longer than ``protect_min_chars`` (40) characters
holding sentence punctuation -- is never dropped by a furniture pattern, unless
the pattern is marked ``force`` (signatures that cannot occur in a document's
own text, such as a sharing site's "由会员分享" blurb).
"""
from __future__ import annotations

from typing import Sequence, Tuple

from .clean_rules import (DEFAULT_FURNITURE, DEFAULT_NORMALIZE, RE_SENTENCE_PUNCT, FurnitureRules,  # noqa: F401
                          NormalizeRules, load_furniture, load_normalize_rules)
from .clean_steps import (RE_INNER_PUNCT, RE_INVISIBLE, RE_MD_COMMENT, RE_MD_HEADING, RE_WORD,  # noqa: F401
                          Step, collapse_blank_lines, dedupe_lines, drop_blank_lines, drop_symbol_lines,
                          join_broken_lines, join_spaced_digits, normalize_lines, remove_furniture, strip_markdown)
from .offsets import RE_NEWLINE, Cleaned, Removal, _State  # noqa: F401

__all__ = [
    "Cleaned",
    "Removal",
    "FurnitureRules",
    "Step",
    "Pipeline",
    "make_pipeline",
    "load_furniture",
    "clean",
    "normalize_lines",
    "strip_markdown",
    "remove_furniture",
    "drop_symbol_lines",
    "join_spaced_digits",
    "NormalizeRules",
    "load_normalize_rules",
    "dedupe_lines",
    "join_broken_lines",
    "collapse_blank_lines",
    "drop_blank_lines",
    "DEFAULT_STEPS",
    "DEFAULT_FURNITURE",
]


class Pipeline:
    """Steps run in order over one text; returns :class:`Cleaned`.

    Build with :func:`make_pipeline`.

    Example:
        >>> p = make_pipeline(normalize_lines, drop_blank_lines)
        >>> p("\\u3000\\u3000一、总体要求\\r\\n\\r\\n（一）指导思想").text
        '一、总体要求\\n（一）指导思想'
    """

    def __init__(self, steps: Sequence[Step], rules: FurnitureRules) -> None:
        for s in steps:
            if not isinstance(s, Step):
                raise TypeError(f"pipeline step {s!r} is not a policytext.document.clean.Step; "
                                f"use the steps of policytext.document.clean (e.g. normalize_lines)")
        self.steps = tuple(steps)
        self.rules = rules

    def __call__(self, text: str) -> Cleaned:
        if not isinstance(text, str):
            raise TypeError(f"clean() takes a str, not {type(text).__name__}; load files with policytext.load()")
        state = _State(text, self.rules)
        for step in self.steps:
            step.apply(state)
        return state.result()

    def __repr__(self) -> str:
        return f"Pipeline({', '.join(s.name for s in self.steps)})"


def make_pipeline(*steps: Step, patterns: str = DEFAULT_FURNITURE) -> Pipeline:
    """Compose cleaning steps into a :class:`Pipeline`.

    Args:
        *steps: Steps of this module, run in the order given (default:
            :data:`DEFAULT_STEPS`).
        patterns: Furniture pattern file under ``policytext/data/``.
    Returns:
        A callable ``Pipeline``: ``pipeline(text) -> Cleaned``.
    Raises:
        PatternError: The pattern file is malformed.
        TypeError: A step is not a :class:`Step`.
    Example:
        >>> p = make_pipeline(normalize_lines, remove_furniture, drop_blank_lines)
        >>> p("分享到：\\n一、总体要求\\n【打印】【关闭】").text
        '一、总体要求'
    """
    return Pipeline(steps or DEFAULT_STEPS, load_furniture(patterns))


# the steps are Step instances: let doctest find their examples
__test__ = {name: step.__doc__ for name, step in (
    ("normalize_lines", normalize_lines), ("strip_markdown", strip_markdown), ("remove_furniture", remove_furniture),
    ("drop_symbol_lines", drop_symbol_lines), ("join_spaced_digits", join_spaced_digits),
    ("dedupe_lines", dedupe_lines),
    ("join_broken_lines", join_broken_lines), ("collapse_blank_lines", collapse_blank_lines),
    ("drop_blank_lines", drop_blank_lines))}

#: The steps :func:`clean` runs.
DEFAULT_STEPS: Tuple[Step, ...] = (normalize_lines, strip_markdown, remove_furniture, drop_symbol_lines,
                                   join_spaced_digits, dedupe_lines, join_broken_lines, drop_blank_lines)


def clean(text: str, *, patterns: str = DEFAULT_FURNITURE, join_lines: bool = True) -> Cleaned:
    """Clean a document's raw text with the default pipeline.

    Args:
        text: Raw text as a reader returned it.
        patterns: Furniture pattern file under ``policytext/data/``.
        join_lines: Rejoin paragraphs broken in the middle of a sentence.
    Returns:
        :class:`Cleaned`: clean text (one paragraph per line), offset map
        and the removed furniture.
    Example:
        >>> c = clean("分享到：\\n2020年民政工作要点\\n\\n一、总体要求\\n【打印】【关闭】")
        >>> c.text
        '2020年民政工作要点\\n一、总体要求'
        >>> [r.rule for r in c.removed]
        ['share', 'print_close']
    """
    steps = DEFAULT_STEPS if join_lines else tuple(s for s in DEFAULT_STEPS if s is not join_broken_lines)
    return Pipeline(steps, load_furniture(patterns))(text)

