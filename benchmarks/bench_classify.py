"""Throughput of policytext.classification on government work report sentences.

Run by hand (not in the test suite):

    .venv/bin/python benchmarks/bench_classify.py [../shared/corpora/gwr] [--repeat 3]

Prints sentences per second for classify() and classify_proba() over every
sentence of the reports (model load and jieba start-up are timed apart).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gwr", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpora" / "gwr"))
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from policytext.classification import classify, classify_proba, jieba_words, load_model
    from policytext.classification.training import split_sentences

    text = "".join(p.read_text(encoding="utf-8") for p in sorted(Path(args.gwr).glob("*.txt")))
    sents = split_sentences(text)
    t = time.perf_counter()
    load_model()
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    jieba_words("初始化")
    t_jieba = time.perf_counter() - t
    print(f"{len(sents)} sentences, {sum(map(len, sents)) / len(sents):.0f} characters on average")
    print(f"model load {t_load:.2f} s, jieba start-up {t_jieba:.2f} s (once per process)")
    for name, fn in (("classify", classify), ("classify_proba", classify_proba)):
        best = float("inf")
        for _ in range(args.repeat):
            t = time.perf_counter()
            fn(sents)
            best = min(best, time.perf_counter() - t)
        print(f"{name:15s} {len(sents) / best:8.0f} sentences/s (best of {args.repeat})")
    other = sum(a == ["other"] for a in classify(sents))
    print(f"share predicted 'other': {other / len(sents):.1%}")


if __name__ == "__main__":
    main()
