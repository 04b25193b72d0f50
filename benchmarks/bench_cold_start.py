"""Benchmark cold start: model load time (skops 1.0 vs the portable 1.1 and default) and a cold `policytext convert`.

    .venv/bin/python benchmarks/bench_cold_start.py [--runs 7]

Every figure is the median of ``--runs`` fresh processes, run interleaved so that
load from other processes on the machine hits all of them alike:

* model load: ``load_model(version=...)`` in a new process, after the imports;
* vocabulary: reading the 120,000-entry vocabulary into a dict from JSON, from a
  newline-separated text file (the format chosen) and from a numpy unicode array;
* cold start: wall time of ``python -m policytext.faces.cli convert
  corpora/samples/speech_qingshan_2023.txt -o OUT.xlsx`` with the shipped model and
  with the old skops model (``POLICYTEXT_MODEL_DIR=models/work_area/1.0``), against
  ``python -c "import sklearn, pandas, spacy"`` (the import baseline), and their ratio.

Run by hand; put the figures in README.md ("Benchmarks").
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOAD = ("import time, sys; t = time.perf_counter(); import policytext.classification as c; t1 = time.perf_counter(); "
        "c.load_model(version=sys.argv[1]); print(time.perf_counter() - t1)")


def _wall(cmd, env) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def _vocab(runs: int) -> dict:
    import numpy as np

    entries = (ROOT / "models" / "work_area" / "1.1" / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1]
    as_json = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    as_text = ("\n".join(entries) + "\n").encode("utf-8")
    buf = io.BytesIO()
    np.save(buf, np.array(entries))
    as_npy = buf.getvalue()
    ways = {
        "json": (len(as_json), lambda: json.loads(as_json.decode("utf-8"))),
        "text": (len(as_text), lambda: as_text.decode("utf-8").split("\n")[:-1]),
        "numpy": (len(as_npy), lambda: np.load(io.BytesIO(as_npy), allow_pickle=False).tolist()),
    }
    out = {}
    for name, (size, read) in ways.items():
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            terms = read()
            dict(zip(terms, range(len(terms))))
            times.append(time.perf_counter() - t)
        out[name] = (size, statistics.median(times))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    py = sys.executable
    print(f"python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
          f"median of {args.runs} fresh processes")

    from policytext.classification.model_files import MODEL_VERSION

    loads: dict = {"1.0": [], "1.1": [], MODEL_VERSION: []}
    for _ in range(args.runs):
        for version in loads:
            if (ROOT / "models" / "work_area" / version).is_dir():
                out = subprocess.run([py, "-c", LOAD, version], check=True, cwd=ROOT, env=env,
                                     capture_output=True, text=True).stdout
                loads[version].append(float(out.strip().splitlines()[-1]))
    for version, times in loads.items():
        if times:
            kind = "skops" if version == "1.0" else "portable (model.npz + vocab.txt)"
            print(f"model load {version} {kind:34} {statistics.median(times):7.3f} s")

    for name, (size, t) in _vocab(args.runs).items():
        print(f"vocabulary from {name:6} {size / 1e6:6.2f} MB {t * 1000:7.1f} ms")

    sample = ROOT / "corpora" / "samples" / "speech_qingshan_2023.txt"
    with tempfile.TemporaryDirectory() as tmp:
        convert = [py, "-m", "policytext.faces.cli", "convert", str(sample), "-o", str(Path(tmp) / "x.xlsx")]
        baseline = [py, "-c", "import sklearn, pandas, spacy"]
        old = ROOT / "models" / "work_area" / "1.0"
        env_old = dict(env, POLICYTEXT_MODEL_DIR=str(old))
        times = {"baseline": [], "convert": [], "convert 1.0": []}
        for _ in range(args.runs):
            times["baseline"].append(_wall(baseline, env))
            times["convert"].append(_wall(convert, env))
            if old.is_dir():
                times["convert 1.0"].append(_wall(convert, env_old))
    b, c = statistics.median(times["baseline"]), statistics.median(times["convert"])
    print(f"import sklearn, pandas, spacy                 {b:7.2f} s")
    if times["convert 1.0"]:
        c0 = statistics.median(times["convert 1.0"])
        print(f"policytext convert, 1 small txt, skops 1.0    {c0:7.2f} s   ratio {c0 / b:.2f}")
    print(f"policytext convert, 1 small txt, default {MODEL_VERSION} {c:7.2f} s   ratio {c / b:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
