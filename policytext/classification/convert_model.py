"""Convert a work-area model folder from the old skops format to the portable one.

    python -m policytext.classification.convert_model models/work_area/1.0 models/work_area/1.1

Loads ``model.skops`` (with the trusted-types list), writes ``model.npz`` + ``vocab.txt``
+ ``meta.json`` (training data, metrics, creation date and the scikit-learn version of
training carried over; ``converted_from`` names the source file and its SHA-256), then
loads the new folder and checks that both give the same probabilities on ``--check``
texts (default: every sentence of the taxonomy's scopes and seed terms).
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import List, Optional, Sequence

import numpy as np

from .model_files import SKOPS_FILE, _load_folder, load_model, save_model

CARRIED = ("created", "sklearn_version", "training_data", "metrics")


def convert(source: Path, target: Path, check: Sequence[str] = ()) -> float:
    """Convert ``source`` (skops folder) into ``target``; the largest probability difference on ``check``."""
    old = _load_folder(Path(source))
    if not (Path(source) / SKOPS_FILE).is_file():
        raise SystemExit(f"{source} has no {SKOPS_FILE}")
    sha = hashlib.sha256((Path(source) / SKOPS_FILE).read_bytes()).hexdigest()
    meta = {k: old.meta_[k] for k in CARRIED if k in old.meta_}
    meta["converted_from"] = {"version": old.meta_.get("version"), "file": SKOPS_FILE, "sha256": sha}
    save_model(old, target, meta=meta)
    new = load_model(target)
    texts: List[str] = list(check) or [t for a in old.taxonomy_.areas for t in (a.scope, *a.seeds)]
    diff = float(np.abs(old.predict_proba(texts) - new.predict_proba(texts)).max())
    return diff


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path, help="folder with model.skops + meta.json")
    ap.add_argument("target", type=Path, help="folder to write model.npz + vocab.txt + meta.json into")
    ap.add_argument("--check", type=Path, help="a UTF-8 text whose sentences are compared (default: taxonomy texts)")
    args = ap.parse_args(argv)
    check: List[str] = []
    if args.check:
        from .training import split_sentences

        check = split_sentences(args.check.read_text(encoding="utf-8"))
    diff = convert(args.source, args.target, check)
    print(f"wrote {args.target}; largest probability difference on {len(check) or 'the taxonomy'} texts: {diff:.3g}")
    return 0 if diff < 1e-9 else 1


if __name__ == "__main__":
    sys.exit(main())
