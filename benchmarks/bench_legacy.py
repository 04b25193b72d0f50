"""Benchmark .doc reading through LibreOffice: seconds per document.

The input is generated on the fly: python-docx writes an invented work plan
(``--paragraphs`` paragraphs), LibreOffice turns it into a Word 97 ``.doc``
once, then ``policytext.load`` reads that ``.doc`` ``--repeat`` times one after
the other and ``--jobs`` at a time in threads (each conversion has its own
LibreOffice profile, so they can run together).

    .venv/bin/python benchmarks/bench_legacy.py [--repeat 5] [--paragraphs 20] [--jobs 2]

Needs ``soffice`` (``apt-get install libreoffice-writer-nogui``). Run by hand;
put the figures in README.md.
"""
from __future__ import annotations

import argparse
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

import policytext as pt  # noqa: E402

PARA = "（{i}）到2025年底，新增护理型养老床位{i}0张，由县民政局牵头，县财政局配合。"


def make_doc(folder: Path, paragraphs: int) -> Path:
    d = docx.Document()
    d.add_paragraph("2025年某县民政工作要点", style="Title")
    d.add_paragraph("一、养老服务")
    for i in range(1, paragraphs + 1):
        d.add_paragraph(PARA.format(i=i))
    d.add_paragraph("某县民政局")
    src = folder / "plan.docx"
    d.save(src)
    subprocess.run(["soffice", f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(folder), str(src)],
                   check=True, capture_output=True, timeout=300)
    return folder / "plan.doc"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--paragraphs", type=int, default=20)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    soffice = shutil.which("soffice")
    if soffice is None:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"{version} | Python {platform.python_version()} | {platform.machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        doc = make_doc(Path(tmp), args.paragraphs)
        print(f"{doc.stat().st_size} bytes, {args.paragraphs + 3} paragraphs")
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            pt.load(doc)
            times.append(time.perf_counter() - start)
        print(f"one after another: median {statistics.median(times):.2f} s per document "
              f"(min {min(times):.2f}, max {max(times):.2f})")
        n = args.jobs * args.repeat
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            list(pool.map(lambda _: pt.load(doc), range(n)))
        wall = time.perf_counter() - start
        print(f"{args.jobs} at a time: {n} documents in {wall:.1f} s, {wall / n:.2f} s per document")


if __name__ == "__main__":
    main()
