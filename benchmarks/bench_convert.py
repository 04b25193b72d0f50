"""End-to-end conversion throughput: documents/s and characters/s for 1 and 2 jobs, peak memory.

Usage::

    .venv/bin/python benchmarks/bench_convert.py ../shared/corpora/gwr [--jobs 1 2] [--repeat 1]

Each run converts every document of the folder (load + targets + areas + tasks) into a
temporary ``.xlsx`` through :func:`policytext.convert`, exactly as ``policytext convert`` does,
and reports wall-clock throughput. Peak memory is ``ru_maxrss`` of this process and of its
worker processes (``RUSAGE_CHILDREN``), in MiB.
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def _chars(files) -> int:
    from policytext.io import load

    return sum(len(load(f).text) for f in files)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("folder", help="folder of documents, e.g. ../shared/corpora/gwr")
    p.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    p.add_argument("--repeat", type=int, default=1, help="runs per setting (the best is reported)")
    p.add_argument("--format", default="xlsx", choices=["xlsx", "csv", "jsonl", "md"])
    args = p.parse_args(argv)

    import policytext as pt
    from policytext.batch import find_inputs

    files, missing = find_inputs([args.folder])
    if not files:
        print(f"no documents in {args.folder}", file=sys.stderr)
        return 1
    chars = _chars(files)
    print(f"{len(files)} documents, {chars:,} characters (clean text), output .{args.format}")
    print(f"{'jobs':>4} {'seconds':>8} {'docs/s':>8} {'chars/s':>10} {'tasks':>6} {'targets':>7} {'failed':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for jobs in args.jobs:
            best = None
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                r = pt.convert(files, Path(tmp) / f"out.{args.format}", jobs=jobs, progress=False)
                dt = time.perf_counter() - t0
                best = dt if best is None else min(best, dt)
            print(f"{jobs:>4} {best:>8.2f} {len(files) / best:>8.2f} {chars / best:>10,.0f} "
                  f"{r.tasks:>6} {r.targets:>7} {len(r.failed):>6}")
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): main process {self_mb:.0f} MiB, largest worker {child_mb:.0f} MiB")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, policytext {pt.__version__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
