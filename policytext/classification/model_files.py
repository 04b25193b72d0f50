"""Model files: save, find and load a fitted work-area classifier (``model.skops`` + ``meta.json``)."""
from __future__ import annotations

import functools
import json
import os
import re
import sys
import warnings
import zipfile
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple, Union

import numpy as np

from ..about import __version__
from ..errors import IncompatibleModelError, ModelNotFoundError, ModelVersionWarning
from .estimator import WorkAreaClassifier
from .taxonomy import Taxonomy

#: Name and version of the shipped model (folder ``models/work_area/<version>/``).
MODEL_NAME = "work_area"
MODEL_VERSION = "1.0"
MODEL_FILE = "model.skops"
META_FILE = "meta.json"
#: Environment variable naming a model folder (or a folder holding ``work_area/<version>/``).
ENV_MODEL_DIR = "POLICYTEXT_MODEL_DIR"

#: Types a model file may contain beyond what skops trusts by default. Loading
#: refuses any file that needs a type outside this list.
TRUSTED_TYPES: Tuple[str, ...] = (
    "policytext.classification.features.jieba_words",
    "policytext.classification.features.normalize_text",
    "policytext.classification.features.SeedTermCounts",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.multiclass._ConstantPredictor",
    "sklearn.pipeline.FeatureUnion",
    "sklearn.pipeline.Pipeline",
    "sklearn.svm._classes.LinearSVC",
    "sklearn.preprocessing._label.LabelBinarizer",
    "builtins.getattr",
    "numpy.float64",
    "numpy.int64",
    "numpy.dtype",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "builtins.slice",
)



def _major_minor(v: str) -> Tuple[str, ...]:
    return tuple(re.findall(r"\d+", str(v))[:2])


def save_model(clf: WorkAreaClassifier, path: Union[str, os.PathLike], *,
               meta: Optional[Dict[str, Any]] = None) -> Path:
    """Write a fitted classifier as ``model.skops`` + ``meta.json`` into the folder ``path``.

    The pipeline is saved with skops (not pickle); ``meta.json`` holds name,
    version, library versions, the labels, the taxonomy and the estimator
    parameters, plus whatever ``meta`` adds (training-data hash, metrics).

    Example:
        >>> import tempfile
        >>> folder = save_model(load_model(), tempfile.mkdtemp())
        >>> load_model(folder).predict(["做好婚姻登记"]).tolist()
        ['marriage']
    """
    import datetime as _dt

    import sklearn
    import skops.io as sio

    clf._check()
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in clf.get_params().items() if k != "taxonomy"}
    data: Dict[str, Any] = {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "policytext_version": __version__,
        "sklearn_version": sklearn.__version__,
        "labels": [str(c) for c in clf.classes_],
        "fallback": clf.taxonomy_.fallback,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "params": params,
        "taxonomy": clf.taxonomy_.to_dict(),
        "taxonomy_sha256": clf.taxonomy_.fingerprint(),
    }
    data.update(meta or {})
    tmp = folder / (MODEL_FILE + ".tmp")
    sio.dump(clf.pipeline_, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(tmp, folder / MODEL_FILE)
    (folder / META_FILE).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return folder


def _candidates(version: str) -> List[Path]:
    places: List[Path] = []
    env = os.environ.get(ENV_MODEL_DIR)
    if env:
        places += [Path(env), Path(env) / MODEL_NAME / version]
    places.append(Path(__file__).resolve().parents[2] / "models" / MODEL_NAME / version)
    # data_files of a wheel land under the prefix of the install: the environment's, or the
    # user base for `pip install --user`
    import site

    for prefix in dict.fromkeys((sys.prefix, sys.base_prefix, site.getuserbase())):
        places.append(Path(prefix) / "share" / "policytext" / "models" / MODEL_NAME / version)
    return places


def find_model(path: Union[str, os.PathLike, None] = None, *, version: str = MODEL_VERSION) -> Path:
    """The model folder :func:`load_model` would use.

    Search order: ``path``; ``$POLICYTEXT_MODEL_DIR`` (the model folder itself
    or a folder holding ``work_area/<version>/``); ``models/work_area/<version>``
    next to the package (a source checkout); ``<sys.prefix>/share/policytext/
    models/work_area/<version>`` (a wheel install), the same under ``sys.base_prefix``
    and under the user base (``pip install --user``).

    Raises:
        ModelNotFoundError: No ``model.skops`` in any of those places (all are named).

    Example:
        >>> find_model().name
        '1.0'
    """
    if path is not None:
        p = Path(path)
        if p.is_file():
            p = p.parent
        if not (p / MODEL_FILE).is_file():
            raise ModelNotFoundError(f"no {MODEL_FILE} in {p}; train one with `policytext train "
                                     f"--laws DIR --gwr DIR -o {p}` or omit the path for the shipped model")
        return p
    places = _candidates(version)
    for p in places:
        if (p / MODEL_FILE).is_file():
            return p
    raise ModelNotFoundError(f"work-area model {version} not found; searched: " + ", ".join(map(str, places))
                             + f". Set ${ENV_MODEL_DIR} to a model folder or reinstall policytext.")


def load_model(path: Union[str, os.PathLike, None] = None, *, version: str = MODEL_VERSION
               ) -> WorkAreaClassifier:
    """Load a trained :class:`WorkAreaClassifier` (the shipped one by default; cached).

    The ``model.skops`` file is loaded with an explicit list of trusted types
    (:data:`TRUSTED_TYPES`); a file needing any other type is refused. A model
    trained with another scikit-learn or policytext major.minor version warns
    :class:`~policytext.errors.ModelVersionWarning`.

    Args:
        path: A model folder (or its ``model.skops``); ``None`` searches the
            places listed in :func:`find_model`.
        version: Model version to look for when ``path`` is ``None``.
    Raises:
        ModelNotFoundError: No model was found (the message lists where it looked).
        IncompatibleModelError: The files are damaged or need untrusted types.

    Example:
        >>> clf = load_model()
        >>> clf.classes_[-1], clf.predict(["扎实做好流浪乞讨人员救助管理"]).tolist()
        ('other', ['vagrancy_assistance'])
    """
    folder = find_model(path, version=version).resolve()
    return _load_cached(str(folder), (folder / MODEL_FILE).stat().st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load_cached(folder_s: str, mtime: int) -> WorkAreaClassifier:
    import sklearn
    import skops.io as sio

    folder = Path(folder_s)
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IncompatibleModelError(f"{folder / META_FILE} is missing; a model folder needs "
                                     f"{MODEL_FILE} and {META_FILE}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise IncompatibleModelError(f"{folder / META_FILE} is not valid JSON ({e})") from None
    for key in ("labels", "taxonomy", "params"):
        if key not in meta:
            raise IncompatibleModelError(f"{folder / META_FILE} lacks the key {key!r}; retrain the model")
    for lib, have in (("sklearn", sklearn.__version__), ("policytext", __version__)):
        built = str(meta.get(f"{lib}_version", "?"))
        if _major_minor(built) != _major_minor(have):
            warnings.warn(f"the work-area model in {folder} was built with {lib} {built} but {lib} {have} "
                          f"is installed; predictions may differ. Retrain it with `policytext train`.",
                          ModelVersionWarning, stacklevel=3)
    model_path = folder / MODEL_FILE
    from skops.io.exceptions import UntrustedTypesFoundException

    try:
        # one pass: skops refuses any type outside the list while it loads (a separate
        # get_untrusted_types() scan of the file would double the load time)
        pipe = sio.load(model_path, trusted=list(TRUSTED_TYPES))
    except UntrustedTypesFoundException as e:
        refused = sorted(set(getattr(e, "unsafe", None) or []) - set(TRUSTED_TYPES)) or str(e)
        raise IncompatibleModelError(f"{model_path} needs types that are not trusted: {refused}; "
                                     f"only {MODEL_NAME} pipelines built by policytext can be loaded") from None
    except Exception as e:  # a damaged zip, not a skops file…
        raise IncompatibleModelError(f"{model_path} could not be loaded ({type(e).__name__}: {e})") from None
    tax = Taxonomy.from_dict(meta["taxonomy"], source=str(folder / META_FILE))
    if list(tax.codes) != list(meta["labels"]):
        raise IncompatibleModelError(f"{folder / META_FILE}: labels {meta['labels']} do not match its taxonomy "
                                     f"{list(tax.codes)}")
    params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in meta["params"].items()}
    clf = WorkAreaClassifier(taxonomy=tax, **params)
    clf.taxonomy_ = tax
    clf.areas_ = np.array(tax.area_codes, dtype=object)
    clf.classes_ = np.array(tax.codes, dtype=object)
    clf.pipeline_ = pipe
    clf.meta_ = meta
    return clf


