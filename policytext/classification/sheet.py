"""Label sheets: every sentence of some documents with the model's areas, for a person to correct.

A sheet is an area gold file (``policytext evaluate areas --gold``) of ``sentence`` lines; corrected,
it trains a model on the documents of its user (``policytext train --labelled``). The command line
is ``policytext sentences``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Sequence, Tuple

from .model_files import load_predictor
from .predictor import AreaPredictor
from .taxonomy import load_taxonomy
from .training import split_sentences

__all__ = ["label_sheet"]


def label_sheet(texts: Sequence[Tuple[str, str]], model: Any = None, *, blank: bool = False,
                blind: bool = False) -> List[Dict[str, Any]]:
    """Every sentence of some documents with the model's areas: an area gold file to correct by hand.

    The sentences are cut as for training (:func:`~policytext.classification.training.split_sentences`).
    Each row is a gold line of the ``sentence`` kind, which :func:`~policytext.eval.areas.read_area_gold`
    reads as it is. It holds ``doc``, the model's ``areas`` (or the fallback with ``blank``, so that a
    reader is not led by the model), the model's own codes under ``model`` and, under ``confidence``,
    the probability of its primary area (for the fallback: 1 minus the highest area probability);
    the least confident are the first worth checking. Corrected, such a file trains a model
    (``policytext train --labelled``) or scores one (``policytext evaluate areas --gold``).

    Args:
        texts: ``(document name, text)`` pairs.
        model: A predictor, an estimator or a model folder; default the shipped model.
        blank: Start every sentence at the fallback instead of the model's areas.
        blind: For gold that must not know the model (a held-out set): every sentence at the fallback and
            nothing of the model in the rows, no ``model`` and no ``confidence``; the model is not run.

    Example:
        >>> rows = label_sheet([("要点.txt", "提高城乡低保标准。加快发展先进制造业。")])
        >>> [(r["sentence"], r["areas"]) for r in rows]
        [('提高城乡低保标准。', ['social_assistance']), ('加快发展先进制造业。', ['other'])]
        >>> label_sheet([("要点.txt", "提高城乡低保标准。")], blank=True)[0]["areas"]
        ['other']
        >>> label_sheet([("要点.txt", "提高城乡低保标准。")], blind=True)
        [{'doc': '要点.txt', 'sentence': '提高城乡低保标准。', 'areas': ['other']}]
    """
    pairs = [(name, s) for name, text in texts for s in split_sentences(text)]
    if blind:
        fb = model.taxonomy_.fallback if isinstance(model, AreaPredictor) else load_taxonomy().fallback
        return [{"doc": name, "sentence": sentence, "areas": [fb]} for name, sentence in pairs]
    clf = model if isinstance(model, AreaPredictor) else load_predictor(model)
    fb = clf.taxonomy_.fallback
    sentences = [s for _, s in pairs]
    codes = clf.predict_areas(sentences)
    proba = clf.predict_proba(sentences)
    column = {str(c): j for j, c in enumerate(clf.classes_)}  # the fallback's: 1 - the highest area probability
    return [{"doc": name, "sentence": sentence, "areas": [fb] if blank else list(got), "model": list(got),
             "confidence": round(float(p[column[got[0]]]), 3)}
            for (name, sentence), got, p in zip(pairs, codes, proba)]
