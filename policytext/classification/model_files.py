"""Model files: save, find and load a fitted work-area classifier (``model.npz`` + ``vocab.txt`` + ``meta.json``).

:func:`load_model` gives the scikit-learn estimator
(:class:`~policytext.classification.estimator.WorkAreaClassifier`),
:func:`load_predictor` the same model's predictions without scikit-learn
(:class:`~policytext.classification.predictor.AreaPredictor`: what ``classify``,
``to_tasks`` and ``policytext convert`` use, so that they start faster).
"""
from __future__ import annotations

import json
import os
import re
import sys
import threading
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

from ..about import __version__
from ..errors import IncompatibleModelError, ModelNotFoundError, ModelVersionWarning
from .portable import ARRAYS_FILE, VOCAB_FILE
from .predictor import AreaPredictor, model_params
from .taxonomy import Taxonomy

if TYPE_CHECKING:  # pragma: no cover
    from .estimator import WorkAreaClassifier

#: Name and version of the shipped model (folder ``models/work_area/<version>/``).
MODEL_NAME = "work_area"
MODEL_VERSION = "1.13"
#: The arrays of a model folder (portable format, :mod:`policytext.classification.portable`).
MODEL_FILE = ARRAYS_FILE
#: The model file of a folder in the old skops format (``models/work_area/1.0``), still loadable.
SKOPS_FILE = "model.skops"
META_FILE = "meta.json"
#: Environment variable naming a model folder (or a folder holding ``work_area/<version>/``).
ENV_MODEL_DIR = "POLICYTEXT_MODEL_DIR"

#: Types a ``model.skops`` file (old format) may contain beyond what skops trusts by
#: default (scikit-learn estimators, numpy and scipy arrays). Loading refuses any file
#: that needs a type outside this list. The portable format needs no such list: it
#: holds arrays and text only.
TRUSTED_TYPES: Tuple[str, ...] = (
    "policytext.classification.features.jieba_words",
    "policytext.classification.features.normalize_text",
    "policytext.classification.estimator.SeedTermCounts",
    "policytext.classification.features.SeedTermCounts",  # its name in model 1.0's file
    # private scikit-learn helpers of a calibrated model (calibration="sigmoid"/"isotonic")
    # and of an area that was constant in training (public estimators are trusted by skops)
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.multiclass._ConstantPredictor",
)

_LOCK = threading.Lock()
_CACHE: Dict[Tuple[str, int], AreaPredictor] = {}
_ESTIMATORS: Dict[Tuple[str, int], "WorkAreaClassifier"] = {}
_CACHE_SIZE = 8


def _major_minor(v: str) -> Tuple[str, ...]:
    return tuple(re.findall(r"\d+", str(v))[:2])


def save_model(clf: "WorkAreaClassifier", path: Union[str, os.PathLike], *,
               meta: Optional[Dict[str, Any]] = None, format: str = "portable") -> Path:
    """Write a fitted classifier into the folder ``path``: ``model.npz`` + ``vocab.txt`` + ``meta.json``.

    The portable format (:mod:`policytext.classification.portable`) holds the
    TF-IDF vocabularies and idf vectors and the coefficients of each area's
    LogisticRegression as numpy arrays and text, no pickle; ``meta.json`` holds
    name, version, library versions, the labels, the taxonomy, the estimator
    parameters, the feature sizes and the SHA-256 of both files, plus whatever
    ``meta`` adds (training-data hash, metrics). ``format="skops"`` writes the old
    ``model.skops`` instead (needed for calibrated or SVM models, which the
    portable format does not hold).

    Raises:
        ValueError: ``format`` is unknown, or the model cannot be held by the portable format.

    Example:
        >>> import tempfile
        >>> folder = save_model(load_model(), tempfile.mkdtemp())
        >>> sorted(p.name for p in folder.iterdir())
        ['meta.json', 'model.npz', 'vocab.txt']
        >>> load_model(folder).predict(["做好婚姻登记"]).tolist()
        ['marriage']
    """
    import datetime as _dt

    import sklearn

    from . import portable

    if format not in ("portable", "skops"):
        raise ValueError(f"format={format!r} is invalid; must be 'portable' or 'skops'")
    clf._check()
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    params = {k: (list(v) if isinstance(v, tuple) else v) for k, v in clf.get_params().items() if k != "taxonomy"}
    data: Dict[str, Any] = {
        "name": MODEL_NAME,
        "version": MODEL_VERSION,
        "policytext_version": __version__,
        "sklearn_version": sklearn.__version__,  # of training; the portable files do not depend on it
        "labels": [str(c) for c in clf.classes_],
        "areas": [str(c) for c in clf.areas_],
        "fallback": clf.taxonomy_.fallback,
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "params": params,
        "taxonomy": clf.taxonomy_.to_dict(),
        "taxonomy_sha256": clf.taxonomy_.fingerprint(),
    }
    if format == "portable":
        data.update(portable.write(portable.from_pipeline(clf.pipeline_), folder))
    else:
        import skops.io as sio

        tmp = folder / (SKOPS_FILE + ".tmp")
        sio.dump(clf.pipeline_, tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
        os.replace(tmp, folder / SKOPS_FILE)
    data.update(meta or {})
    tmp = folder / (META_FILE + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, folder / META_FILE)
    return folder


def _model_file(folder: Path) -> Optional[Path]:
    """The file that makes ``folder`` a model folder: ``model.npz`` (portable) or ``model.skops`` (old)."""
    for name in (MODEL_FILE, SKOPS_FILE):
        if (folder / name).is_file():
            return folder / name
    return None


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
        ModelNotFoundError: No ``model.npz`` (nor old ``model.skops``) in any of those places (all are named).

    Example:
        >>> find_model().name
        '1.13'
    """
    if path is not None:
        p = Path(path)
        if p.is_file():
            p = p.parent
        if _model_file(p) is None:
            raise ModelNotFoundError(f"no {MODEL_FILE} (or {SKOPS_FILE}) in {p}; train one with `policytext train "
                                     f"--laws DIR --gwr DIR -o {p}` or omit the path for the shipped model")
        return p
    places = _candidates(version)
    for p in places:
        if _model_file(p) is not None:
            return p
    raise ModelNotFoundError(f"work-area model {version} not found; searched: " + ", ".join(map(str, places))
                             + f". Set ${ENV_MODEL_DIR} to a model folder or reinstall policytext.")


def recipe_params(model: Union[str, Path]) -> Dict[str, Any]:
    """The estimator parameters a model was trained with, to train another the same way.

    Args:
        model: A model folder, or the version of a model that :func:`find_model` finds (``"1.13"``).

    Returns:
        ``meta.json``'s ``params`` as :class:`~policytext.classification.estimator.WorkAreaClassifier`
        takes them (lists as tuples), without ``random_state`` (the ``seed`` of
        :func:`~policytext.classification.training.train` sets it).

    Raises:
        ModelNotFoundError: No such folder or version.

    Example:
        >>> p = recipe_params("1.13")
        >>> p["threshold"], p["lexicon_gate"], p["gate_yields"][:2]
        (0.4, True, ('social_assistance', 'elderly_care'))
    """
    folder = find_model(model) if Path(model).is_dir() else find_model(version=str(model))
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    params = model_params(meta.get("params"))
    params.pop("random_state", None)
    return params


def load_model(path: Union[str, os.PathLike, None] = None, *, version: str = MODEL_VERSION
               ) -> "WorkAreaClassifier":
    """Load a trained :class:`WorkAreaClassifier` (the shipped one by default; cached).

    A folder in the portable format (``model.npz`` + ``vocab.txt`` + ``meta.json``)
    is checked (SHA-256 of each file, array shapes and types, labels against the
    taxonomy) and read without pickle; an old ``model.skops`` folder is loaded
    with skops and the trusted-types list :data:`TRUSTED_TYPES`. A model saved by
    another policytext major.minor version (or, for ``model.skops``, another
    scikit-learn) warns :class:`~policytext.errors.ModelVersionWarning`.

    Each folder is loaded once per process, also when many threads ask for it at
    the same time (the others wait for the first).

    Args:
        path: A model folder (or a file in it); ``None`` searches the
            places listed in :func:`find_model`.
        version: Model version to look for when ``path`` is ``None``.
    Raises:
        ModelNotFoundError: No model was found (the message lists where it looked).
        IncompatibleModelError: A file is missing or damaged, does not match
            ``meta.json``, or needs untrusted types; the message names the file.

    Example:
        >>> clf = load_model()
        >>> clf.classes_[-1], clf.predict(["扎实做好流浪乞讨人员救助管理"]).tolist()
        ('other', ['vagrancy_assistance'])
    """
    key = _key(path, version)
    clf = _ESTIMATORS.get(key)
    if clf is None:
        from .estimator import WorkAreaClassifier

        pred = _load_cached(*key)
        clf = WorkAreaClassifier(taxonomy=pred.taxonomy_, **model_params(pred.meta_["params"]))
        for attr in ("taxonomy_", "areas_", "classes_", "pipeline_", "meta_"):
            setattr(clf, attr, getattr(pred, attr))
        with _LOCK:
            clf = _remember(_ESTIMATORS, key, clf)
    return clf


def load_predictor(path: Union[str, os.PathLike, None] = None, *, version: str = MODEL_VERSION) -> AreaPredictor:
    """Load a trained model's predictions without scikit-learn (the shipped model by default; cached).

    The same folder, checks and predictions as :func:`load_model`, as an
    :class:`~policytext.classification.predictor.AreaPredictor`: no ``fit``, no
    ``get_params``, and scikit-learn is not imported for it (nor for ``classify``,
    ``to_tasks`` and ``policytext convert``, which use it). A folder in the old skops
    format needs scikit-learn all the same.

    Example:
        >>> p = load_predictor()
        >>> p.predict_areas(["推进殡葬改革"]), type(p).__name__
        ([['funeral']], 'AreaPredictor')
    """
    return _load_cached(*_key(path, version))


def _key(path: Union[str, os.PathLike, None], version: str) -> Tuple[str, int]:
    folder = find_model(path, version=version).resolve()
    model_file = _model_file(folder)
    assert model_file is not None
    return str(folder), model_file.stat().st_mtime_ns


def _load_cached(folder_s: str, mtime: int) -> AreaPredictor:
    key = (folder_s, mtime)
    pred = _CACHE.get(key)
    if pred is not None:
        return pred
    with _LOCK:  # one load per folder: threads arriving meanwhile wait, then find it cached
        pred = _CACHE.get(key)
        if pred is None:
            pred = _remember(_CACHE, key, _load_folder(Path(folder_s)))
        return pred


def _remember(cache: Dict[Tuple[str, int], Any], key: Tuple[str, int], value: Any) -> Any:
    """Keep ``value`` under ``key`` (a value kept before wins) and forget the oldest beyond
    ``_CACHE_SIZE``; called under ``_LOCK``."""
    value = cache.setdefault(key, value)
    while len(cache) > _CACHE_SIZE:
        del cache[next(iter(cache))]
    return value


def _read_meta(folder: Path) -> Dict[str, Any]:
    try:
        meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IncompatibleModelError(f"{folder / META_FILE} is missing; a model folder needs "
                                     f"{MODEL_FILE}, {VOCAB_FILE} and {META_FILE}") from None
    except (ValueError, UnicodeDecodeError) as e:
        raise IncompatibleModelError(f"{folder / META_FILE} is not valid JSON ({e})") from None
    if not isinstance(meta, dict):
        raise IncompatibleModelError(f"{folder / META_FILE} is not a JSON object")
    for key in ("labels", "taxonomy", "params"):
        if key not in meta:
            raise IncompatibleModelError(f"{folder / META_FILE} lacks the key {key!r}; retrain the model")
    return meta


def _load_folder(folder: Path) -> AreaPredictor:
    """Load the model folder ``folder`` (no cache)."""
    meta = _read_meta(folder)
    portable_format = (folder / MODEL_FILE).is_file()
    versions = [("policytext", __version__)]
    if not portable_format:
        import sklearn

        versions.append(("sklearn", sklearn.__version__))
    for lib, have in versions:
        built = str(meta.get(f"{lib}_version", "?"))
        if _major_minor(built) != _major_minor(have):
            warnings.warn(f"the work-area model in {folder} was built with {lib} {built} but {lib} {have} "
                          f"is installed; predictions may differ. Retrain it with `policytext train`.",
                          ModelVersionWarning, stacklevel=4)
    try:
        tax = Taxonomy.from_dict(meta["taxonomy"], source=str(folder / META_FILE))
    except IncompatibleModelError:
        raise
    except Exception as e:
        raise IncompatibleModelError(f"{folder / META_FILE}: the taxonomy is invalid ({e})") from None
    if list(tax.codes) != list(meta["labels"]):
        raise IncompatibleModelError(f"{folder / META_FILE}: labels {meta['labels']} do not match its taxonomy "
                                     f"{list(tax.codes)}")
    if "areas" in meta and list(meta["areas"]) != list(tax.area_codes):
        raise IncompatibleModelError(f"{folder / META_FILE}: areas {meta['areas']} do not match its taxonomy "
                                     f"{list(tax.area_codes)}")
    if portable_format:
        from . import portable

        pipe: Any = portable.read(folder, meta, len(tax.area_codes))
    else:
        pipe = _load_skops(folder / SKOPS_FILE)
    return AreaPredictor(tax, pipe, meta["params"], meta)


def _load_skops(model_path: Path) -> Any:
    """The pipeline in an old ``model.skops`` file, loaded with :data:`TRUSTED_TYPES` only."""
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    from . import estimator, features

    features.SeedTermCounts = estimator.SeedTermCounts  # type: ignore[attr-defined]  # where 1.0's file names it

    try:
        # one pass: skops refuses any type outside the list while it loads (a separate
        # get_untrusted_types() scan of the file would double the load time)
        return sio.load(model_path, trusted=list(TRUSTED_TYPES))
    except UntrustedTypesFoundException as e:
        refused = sorted(set(getattr(e, "unsafe", None) or []) - set(TRUSTED_TYPES)) or str(e)
        raise IncompatibleModelError(f"{model_path} needs types that are not trusted: {refused}; "
                                     f"only {MODEL_NAME} pipelines built by policytext can be loaded") from None
    except Exception as e:  # a damaged zip, not a skops file…
        raise IncompatibleModelError(f"{model_path} could not be loaded ({type(e).__name__}: {e})") from None
