"""Benchmark the document analysis: cleaning, metadata and outline (no file reading).

Runs ``policytext.document.clean.clean`` and ``policytext.document.from_text`` over the
national work reports and laws in ``../shared/corpora`` (and the seeds) and
prints MB/s and s/MB for each stage, best of ``--repeat`` runs.

Usage::

    .venv/bin/python benchmarks/bench_document.py [--repeat 5] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from policytext.document.clean import clean
from policytext.document import from_text
from policytext.document.metadata import extract_metadata
from policytext.document.outline import find_toc, parse_outline

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _corpus() -> list:
    files = sorted((SHARED / "corpora" / "gwr").glob("*.txt")) + sorted((SHARED / "corpora" / "laws").glob("*.md"))
    files += sorted((SHARED / "seeds").glob("*.txt"))
    if not files:
        raise SystemExit(f"no corpus under {SHARED}: the benchmark reads ../shared/corpora beside the checkout")
    return [f.read_text(encoding="utf-8") for f in files]


def _best(fn, texts, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            fn(t)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    texts = _corpus()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    chars = sum(len(t) for t in texts)
    cleaned = [clean(t).text for t in texts]
    from_text(texts[0])  # warm caches (rule files)

    def analysis(t: str) -> None:
        toc = find_toc(t)
        extract_metadata(t, start=toc[1] if toc else 0)
        parse_outline(t, toc=toc)

    print(f"{len(texts)} documents, {mb:.2f} MB, {chars:,} characters; best of {args.repeat}")
    for name, fn, data in (("clean", clean, texts), ("metadata + outline", analysis, cleaned),
                           ("from_text (all)", from_text, texts)):
        s = _best(fn, data, args.repeat)
        print(f"{name:20s} {s:6.3f} s  {mb / s:6.2f} MB/s  {s / mb:6.3f} s/MB  {chars / s / 1e6:5.2f} M chars/s")
    if args.profile:
        pr = cProfile.Profile()
        pr.enable()
        for t in texts:
            from_text(t)
        pr.disable()
        pstats.Stats(pr).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
