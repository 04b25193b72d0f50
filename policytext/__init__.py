"""policytext: turn Chinese policy documents into structured, checkable work.

The public API is small and stable; names are imported lazily so that
``import policytext`` stays fast and does not pull in spaCy or scikit-learn
until they are needed.

Example:
    >>> import policytext as pt
    >>> [t.value for t in pt.extract_targets("到2025年底，养老服务设施覆盖率达到90%以上。")]
    [90.0]
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .about import __version__
from .errors import (
    DocumentLoadError,
    DocumentTimeoutError,
    MissingDependencyError,
    ModelError,
    ModelVersionWarning,
    NotFittedError,
    OutputError,
    PatternError,
    PolicyTextError,
    PolicyTextWarning,
    UnsupportedFormatError,
)
from .types import Document, Paragraph, Quantity, Section, Table, Target, TimeExpression

# public name -> module that defines it
_LAZY = {
    "load": "policytext.io",
    "extract_quantities": "policytext.extract.quantities",
    "extract_times": "policytext.extract.times",
    "extract_targets": "policytext.api",
    "WorkAreaClassifier": "policytext.classification",
    "classify": "policytext.classification",
    "classify_proba": "policytext.classification",
    "load_model": "policytext.classification",
    "load_taxonomy": "policytext.classification.taxonomy",
    "to_tasks": "policytext.tasks",
    "Task": "policytext.tasks",
    "TaskList": "policytext.tasks",
    "convert": "policytext.batch",
    "convert_one": "policytext.batch",
    "nlp": "policytext.faces.pipeline",
    "render": "policytext.faces.render",
    "use_chinese_font": "policytext.faces.plotting",
    "plot_tasks_per_area": "policytext.faces.plotting",
}

__all__ = [
    "__version__",
    "Document",
    "Section",
    "Paragraph",
    "Quantity",
    "TimeExpression",
    "Target",
    "Table",
    "PolicyTextError",
    "DocumentLoadError",
    "UnsupportedFormatError",
    "PatternError",
    "ModelError",
    "NotFittedError",
    "MissingDependencyError",
    "OutputError",
    "DocumentTimeoutError",
    "PolicyTextWarning",
    "ModelVersionWarning",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'policytext' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list:
    return sorted(set(globals()) | set(_LAZY))


if TYPE_CHECKING:  # pragma: no cover
    from .batch import convert, convert_one
    from .classification import WorkAreaClassifier, classify, classify_proba, load_model
    from .io import load
    from .faces.pipeline import nlp
    from .faces.render import render
    from .faces.plotting import plot_tasks_per_area, use_chinese_font
    from .extract.quantities import extract_quantities
    from .api import extract_targets
    from .tasks import Task, TaskList, to_tasks
    from .classification.taxonomy import load_taxonomy
    from .extract.times import extract_times
