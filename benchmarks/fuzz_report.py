"""Run N fuzz cases of tests/test_fuzz.py through ``policytext.load`` and print the outcome counts.

    PYTHONPATH=. python benchmarks/fuzz_report.py 10000 [--seed 0] [--start 0] [--jobs 2]

Outcomes: ``ok`` (a Document), ``clean error`` (a PolicyTextError naming the
file and the reason; ``timeout`` counts those stopped by the reader timeout),
``crash`` (any other exception) and ``hang`` (longer than the timeout + 20 s).
Peak memory is the largest resident set of a runner process and of any reader
process (readers of pdf/docx/html run in a child process).
"""
from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import test_fuzz  # noqa: E402


def _shard(args):
    start, stop, seed, timeout = args
    import logging
    import warnings

    warnings.simplefilter("ignore")  # DocumentWarnings of damaged pages
    logging.disable(logging.WARNING)  # pdfminer's complaints
    counts = collections.Counter()
    by_format = collections.Counter()
    errors = collections.Counter()
    bad = []
    slowest = 0.0
    for i in range(start, stop):
        outcome, detail, dt = test_fuzz.run_case(i, seed=seed, timeout=timeout)
        slowest = max(slowest, dt)
        counts[outcome] += 1
        by_format[(detail.split(":")[0], outcome)] += 1
        if outcome == "error":
            errors[detail.split(": ", 1)[1]] += 1
        if outcome in ("crash", "hang"):
            bad.append(f"({seed}, {i}) {outcome}: {detail[:2000]}")
    peak_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return counts, by_format, errors, bad, slowest, peak_self, peak_children


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of cases")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--jobs", type=int, default=1, help="runner processes")
    ap.add_argument("--timeout", type=float, default=test_fuzz.TIMEOUT)
    args = ap.parse_args(argv)
    t0 = time.monotonic()
    bounds = [args.start + args.n * k // args.jobs for k in range(args.jobs + 1)]
    work = [(bounds[k], bounds[k + 1], args.seed, args.timeout) for k in range(args.jobs)]
    if args.jobs == 1:
        results = [_shard(work[0])]
    else:
        with mp.get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(_shard, work)
    counts = collections.Counter()
    by_format = collections.Counter()
    errors = collections.Counter()
    bad = []
    for c, f, e, b, _s, _ps, _pc in results:
        counts.update(c)
        by_format.update(f)
        errors.update(e)
        bad.extend(b)
    print(f"{args.n} cases (seed {args.seed}, from {args.start}) in {time.monotonic() - t0:.0f} s "
          f"with {args.jobs} runner(s), reader timeout {args.timeout:g} s")
    for k in ("ok", "error", "crash", "hang"):
        print(f"  {k:6s} {counts[k]}")
    print(f"  slowest case {max(r[4] for r in results):.1f} s")
    print(f"  peak memory: runner {max(r[5] for r in results) / 1024:.0f} MB, "
          f"reader process {max(r[6] for r in results) / 1024:.0f} MB")
    print("  by seed: " + ", ".join(f"{n} {o} {c}" for (n, o), c in sorted(by_format.items())))
    print("  clean errors: " + ", ".join(f"{k} {v}" for k, v in errors.most_common()))
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
