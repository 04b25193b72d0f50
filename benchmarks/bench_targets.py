"""Throughput of :func:`policytext.extract_targets` on the government work reports.

Usage::

    .venv/bin/python benchmarks/bench_targets.py [--gwr ../shared/corpora/gwr] [--repeat 3] [--profile]

Runs on one core (this process, no workers). Two figures are printed:

- ``text``: ``extract_targets(str)`` per report, which builds the Document
  (year, outline) first, as a user calling it on plain text would;
- ``document``: ``extract_targets(Document)`` on documents built beforehand,
  the extractor alone.

Throughput is characters of report text per second of wall time (best of
``--repeat`` runs). ``--profile`` prints the top functions by cumulative time.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytext.api import extract_targets  # noqa: E402  (str or Document, as users call it)
from policytext.document import from_text  # noqa: E402


def _reports(folder: Path):
    for p in sorted(folder.glob("*.txt")):
        m = re.search(r"(\d{4})", p.name)
        ref = dt.date(int(m.group(1)), 3, 5) if m else None
        yield p.name, p.read_text(encoding="utf-8"), ref


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gwr", default=str(ROOT.parent / "shared" / "corpora" / "gwr"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)
    folder = Path(args.gwr)
    if not folder.is_dir():
        print(f"{folder} is absent: the corpus lives in ../shared beside the checkout", file=sys.stderr)
        return 2
    reports = list(_reports(folder))
    chars = sum(len(t) for _, t, _ in reports)
    docs = [(from_text(t, reference_date=ref), ref) for _, t, ref in reports]
    extract_targets(docs[0][0], reference_date=docs[0][1])  # warm up: rules, lexicons

    def run_text():
        return sum(len(extract_targets(t, reference_date=ref)) for _, t, ref in reports)

    def run_docs():
        return sum(len(extract_targets(d, reference_date=ref)) for d, ref in docs)

    print(f"corpus: {len(reports)} reports, {chars:,} characters")
    for name, fn in (("text", run_text), ("document", run_docs)):
        best = float("inf")
        n = 0
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            n = fn()
            best = min(best, time.perf_counter() - t0)
        print(f"{name:9s} {best:7.3f} s  {chars / best:12,.0f} chars/s  ({n} targets)")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        run_docs()
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
