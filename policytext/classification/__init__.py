"""Work areas: the civil-affairs (民政) work-area classifier and its convenience API.

The estimator is :class:`~policytext.classification.estimator.WorkAreaClassifier`
(its docstring draws the pipeline); what a fitted model does at prediction time is
:class:`~policytext.classification.predictor.AreaPredictor`, which needs no
scikit-learn. Features, keyword baseline, model files and training each have a
module here. :func:`classify` and :func:`classify_proba` use the shipped model
(``models/work_area/<version>/``) by default, through its predictor: scikit-learn
is imported only when an estimator is asked for (``WorkAreaClassifier``,
``load_model``, ``SeedTermCounts``, training).

Example:
    >>> import policytext as pt
    >>> pt.classify("提高城乡低保标准，做好临时救助工作")
    ['social_assistance']
    >>> pt.classify(["国内生产总值增长6.5%左右", "推进殡葬改革，建设公益性公墓"])
    [['other'], ['funeral']]
"""
from __future__ import annotations

import os

import numpy as np
from typing import TYPE_CHECKING, Any, Optional, Sequence, Union

from .features import jieba_words, normalize_text
from .keywords import keyword_classify
from .model_files import (ENV_MODEL_DIR, META_FILE, MODEL_FILE, MODEL_NAME, MODEL_VERSION, TRUSTED_TYPES, find_model,
                          load_model, load_predictor, save_model)
from .predictor import AreaPredictor, Context, TextInput
from .taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:  # pragma: no cover
    from .estimator import SeedTermCounts, WorkAreaClassifier


def __getattr__(name: str) -> Any:
    if name in ("WorkAreaClassifier", "SeedTermCounts"):  # scikit-learn classes: imported on first use
        from . import estimator

        return getattr(estimator, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "WorkAreaClassifier",
    "AreaPredictor",
    "classify",
    "classify_proba",
    "load_model",
    "load_predictor",
    "save_model",
    "find_model",
    "keyword_classify",
    "jieba_words",
    "normalize_text",
    "SeedTermCounts",
    "Taxonomy",
    "load_taxonomy",
    "MODEL_NAME",
    "MODEL_VERSION",
    "TRUSTED_TYPES",
]



Model = Union[AreaPredictor, str, os.PathLike, None]


def _model(model: Model) -> AreaPredictor:
    """A fitted model (a ``WorkAreaClassifier`` is an ``AreaPredictor``), else the predictor of a folder."""
    return model if isinstance(model, AreaPredictor) else load_predictor(model)


def classify(texts: TextInput, *, model: Model = None,
             threshold: Optional[float] = None, context: Union[Context, Sequence[Context]] = None) -> Any:
    """Work-area codes of each text, primary first (``other`` outside civil affairs).

    Args:
        texts: A list of texts, or a single text.
        model: A fitted :class:`WorkAreaClassifier` (or :class:`AreaPredictor`) or a model folder;
            default the shipped model.
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


def _with_threshold(clf: AreaPredictor, threshold: float) -> AreaPredictor:
    import copy

    other = copy.copy(clf)
    other.threshold = threshold
    return other


def classify_proba(texts: TextInput, *, model: Model = None
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

