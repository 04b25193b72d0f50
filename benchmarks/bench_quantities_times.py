"""Throughput of :func:`policytext.extract_quantities` and :func:`policytext.extract_times`.

Usage::

    .venv/bin/python benchmarks/bench_quantities_times.py [--gwr ../shared/corpora/gwr] [--repeat 7]

Runs on one core over the concatenated government work reports and prints
characters per second (best of ``--repeat`` runs, after one warm-up call that
loads and compiles the rules).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytext.extract.quantities import extract_quantities  # noqa: E402
from policytext.extract.times import extract_times  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gwr", default=str(ROOT.parent / "shared" / "corpora" / "gwr"))
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    files = sorted(Path(args.gwr).glob("*.txt"))
    if not files:
        print(f"no .txt files in {args.gwr}", file=sys.stderr)
        return 1
    text = "\n".join(p.read_text(encoding="utf-8") for p in files)
    extract_quantities("预热1个"), extract_times("今年", reference=2020)
    for name, fn in (("extract_quantities", lambda: extract_quantities(text)),
                     ("extract_times", lambda: extract_times(text, reference=2020))):
        best, n = float("inf"), 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            n = len(fn())
            best = min(best, time.perf_counter() - t0)
        print(f"{name:20s} {len(files)} reports, {len(text):,} chars, {n:,} found, "
              f"{best:.3f} s, {len(text) / best:,.0f} chars/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
