"""Throughput of the spaCy components and of render() on the government work reports.

Usage::

    .venv/bin/python benchmarks/bench_pipeline.py [--gwr ../shared/corpora/gwr] [--repeat 3] [--areas]

One core (this process). Figures, in characters of report text per second of
wall time (best of ``--repeat`` runs):

- ``tokenizer``: ``nlp.make_doc`` alone (jieba segmentation into a spaCy Doc);
- ``times+targets``: ``nlp(text)`` with ``policytext_times`` and
  ``policytext_targets`` (the Document is built once per text and shared);
- ``+areas`` (with ``--areas``): the three components (the model is loaded
  before timing);
- ``render``: ``policytext.render(text, jupyter=False)`` (extraction,
  highlights and displaCy markup).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytext.faces.pipeline import make_nlp  # noqa: E402
from policytext.faces.render import render  # noqa: E402


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gwr", default=str(ROOT.parent / "shared" / "corpora" / "gwr"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--areas", action="store_true", help="also time the three components with the areas model")
    args = ap.parse_args(argv)
    folder = Path(args.gwr)
    if not folder.is_dir():
        print(f"{folder} is absent: the corpus lives in ../shared beside the checkout", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} reports, {chars:,} characters")
    zh = make_nlp(pipes=["policytext_times", "policytext_targets"])
    zh(texts[0])  # warm up: jieba dictionary, rules

    def rate(label: str, fn) -> None:
        s = _best(fn, args.repeat)
        print(f"{label:14s} {s:7.2f} s  {chars / s / 1e6:5.2f} M chars/s")

    rate("tokenizer", lambda: [zh.make_doc(t) for t in texts])
    rate("times+targets", lambda: [zh(t) for t in texts])
    if args.areas:
        full = make_nlp()
        full(texts[0])
        rate("+areas", lambda: list(full.pipe(texts)))
    rate("render", lambda: [render(t, jupyter=False) for t in texts])
    return 0


if __name__ == "__main__":
    sys.exit(main())
