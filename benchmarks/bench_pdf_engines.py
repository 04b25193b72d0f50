"""PDF engines: pages/s of PDFium and pdfplumber, PDF -> task list against bare pdfplumber, fidelity.

Usage::

    .venv/bin/python benchmarks/bench_pdf_engines.py ../shared/corpora/gwr [--years 2010 2016 2022] [--all]

The national work reports (``gwr-YYYY-national.txt``) are rendered to PDF with
reportlab into a temporary folder, the way Chinese official documents look: a
16 pt title, ``一、`` headings in 16 pt drawn twice (fake bold), ``（一）``
headings in 14 pt, body text in 12 pt STSong-Light (a CJK CID font) with a
two-character indent, a running header and a ``— n —`` page number. Then, in
one run and on one core:

* bare ``pdfplumber`` ``page.extract_text()`` over every page (the baseline);
* bare PDFium text (``get_text_range``, in a child process) for reference;
* ``policytext.io.read`` with ``engine="pdfium"`` and ``engine="pdfplumber"``;
* ``policytext.convert(PDFs, out.jsonl, jobs=1)``: PDF -> task list, after a
  warm-up conversion so the model is loaded (as in a long batch), with the
  caches keyed by text emptied before each run (as for documents never seen;
  the reader process's few caches hold font names);
* with ``--repeat N`` every row is timed N times, in turn, and the best time
  is kept (the ratio is then best against best); CPU time (this process and
  its reader processes, ``getrusage``) is shown beside the wall-clock time, as
  it holds better on a busy machine (the PDF reader process kept for many
  documents is counted from ``/proc`` while it lives);
* the text fidelity: 6-gram F1 of ``load(pdf).text`` against
  ``load(txt).text`` (characters, whitespace removed), and whether the targets
  (indicator, value, unit, comparator, deadline) are the same.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FONT = "STSong-Light"
RE_H1 = re.compile(r"^[一二三四五六七八九十]{1,3}、")
RE_H2 = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")


def render(text: str, title: str) -> bytes:
    """A work report as an A4 PDF (see the module docstring)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    left, right = 72, width - 72
    widths: dict = {}

    def w(ch: str, size: float) -> float:
        if ch not in widths:
            widths[ch] = pdfmetrics.stringWidth(ch, FONT, 1)
        return widths[ch] * size

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    page = [1]
    y = [height - 100]

    def furniture() -> None:
        c.setFont(FONT, 9)
        c.drawCentredString(width / 2, height - 50, title)
        c.drawCentredString(width / 2, 40, f"— {page[0]} —")

    furniture()

    def new_page() -> None:
        c.showPage()
        page[0] += 1
        y[0] = height - 100
        furniture()

    first = True
    for para in (p.strip() for p in text.splitlines()):
        if not para:
            continue
        if first:
            kind, size, first = "title", 16, False
        elif RE_H1.match(para) and len(para) < 40:
            kind, size = "h1", 16
        elif RE_H2.match(para) and len(para) < 40:
            kind, size = "h2", 14
        else:
            kind, size = "p", 12
        indent = 2 * size if kind == "p" else 0
        lines, cur, cur_w, avail = [], "", 0.0, right - left - indent
        for ch in para:
            cw = w(ch, size)
            if cur_w + cw > avail:
                lines.append(cur)
                cur, cur_w, avail = ch, cw, right - left
            else:
                cur += ch
                cur_w += cw
        lines.append(cur)
        for i, line in enumerate(lines):
            if y[0] < 90:
                new_page()
            c.setFont(FONT, size)
            if kind == "title":
                c.drawCentredString(width / 2, y[0], line)
            else:
                x = left + (indent if i == 0 else 0)
                c.drawString(x, y[0], line)
                if kind == "h1":
                    c.drawString(x + 0.3, y[0], line)
            y[0] -= size * 1.6
        y[0] -= size * 0.4
    c.showPage()
    c.save()
    return buf.getvalue()


def ngram_f1(a: str, b: str, n: int = 6) -> float:
    a, b = re.sub(r"\s+", "", a), re.sub(r"\s+", "", b)
    ga = Counter(a[i:i + n] for i in range(len(a) - n + 1))
    gb = Counter(b[i:i + n] for i in range(len(b) - n + 1))
    common = sum((ga & gb).values())
    if not common:
        return 0.0
    p, r = common / sum(ga.values()), common / sum(gb.values())
    return 2 * p * r / (p + r)


def _targets(doc) -> list:
    from policytext.extract.targets import extract_targets

    return [(t.indicator, t.value, t.value_max, t.unit, t.comparator, t.deadline) for t in extract_targets(doc)]


def _text_caches() -> list:
    """The main process's ``lru_cache`` functions of policytext that remember texts (bounded, 64 entries or
    more; the unbounded and the small ones hold data files and compiled rules). Emptied before each timed convert, so that converting the same
    reports again costs what new documents would (a long batch keeps its rules, not its texts)."""
    found = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("policytext"):
            continue
        for obj in vars(module).values():
            info = getattr(obj, "cache_info", None)
            if info is not None and getattr(obj, "__module__", None) == name and (info().maxsize or 0) >= 64:
                found.append(obj)
    return found


def _kept_reader_cpu() -> float:
    """CPU seconds of the reader process kept alive for many PDFs (not yet reaped, so not in RUSAGE_CHILDREN)."""
    try:
        from policytext.io.reader_process import reader_pid
    except ImportError:  # older code: a reader process per document
        return 0.0
    pid = reader_pid()
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", help="folder with gwr-YYYY-national.txt, e.g. ../shared/corpora/gwr")
    ap.add_argument("--years", nargs="+", default=["2010", "2016", "2022"])
    ap.add_argument("--all", action="store_true", help="every report of the folder")
    ap.add_argument("--keep", help="write the PDFs to this folder instead of a temporary one")
    ap.add_argument("--repeat", type=int, default=1,
                    help="time every row this many times, round robin, and keep the best (for a busy machine)")
    args = ap.parse_args(argv)

    import pdfplumber

    import policytext as pt
    from policytext.io import load, read

    txts = sorted(Path(args.folder).glob("gwr-*-national.txt"))
    if not args.all:
        txts = [t for t in txts if any(f"-{y}-" in t.name for y in args.years)]
    if not txts:
        print(f"no gwr-*-national.txt in {args.folder}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        pdfs = []
        for t in txts:
            p = folder / (t.stem + ".pdf")
            p.write_bytes(render(t.read_text(encoding="utf-8"), t.stem))
            pdfs.append(p)
        pages = 0
        for p in pdfs:  # pdfplumber, not PDFium: this process's PDFium must not map fonts before the readers fork
            with pdfplumber.open(p) as pdf:
                pages += len(pdf.pages)
        chars = sum(len(load(t).text) for t in txts)
        print(f"{len(pdfs)} reports, {pages} pages, {chars:,} characters (txt); python {sys.version.split()[0]}, "
              f"policytext {pt.__version__}")

        def cpu() -> float:
            own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
            return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime + _kept_reader_cpu()

        def timed(fn) -> Tuple[float, float]:
            """Wall-clock seconds, and CPU seconds of this process and its (reader) children."""
            t0, c0 = time.perf_counter(), cpu()
            fn()
            return time.perf_counter() - t0, cpu() - c0

        def bare_plumber():
            for p in pdfs:
                with pdfplumber.open(p) as pdf:
                    for page in pdf.pages:
                        page.extract_text()
                        page.close()

        def bare_pdfium():  # in a child process, for the same reason
            pid = os.fork()
            if pid == 0:
                import pypdfium2 as pdfium

                for p in pdfs:
                    doc = pdfium.PdfDocument(str(p))
                    for page in doc:
                        page.get_textpage().get_text_range()
                    doc.close()
                os._exit(0)
            os.waitpid(pid, 0)

        out = folder / "out.jsonl"

        def convert_new(files):
            """A convert of ``files`` as of documents never seen: the caches keyed by text are emptied first."""
            for fn in text_caches:
                fn.cache_clear()
            pt.convert(files, out, jobs=1, progress=False)

        pt.convert(pdfs[:1], out, progress=False)  # warm-up: model and imports loaded
        text_caches = _text_caches()
        timings = [
            ("bare pdfplumber extract_text", bare_plumber),
            ("bare pypdfium2 get_text_range", bare_pdfium),
            ("policytext read(engine='pdfium')", lambda: [read(p, engine="pdfium") for p in pdfs]),
            ("policytext read(engine='pdfplumber')", lambda: [read(p, engine="pdfplumber") for p in pdfs]),
            ("policytext convert PDFs -> tasks (jsonl, 1 job)", lambda: convert_new(pdfs)),
            ("policytext convert txt -> tasks (jsonl, 1 job)", lambda: convert_new(txts)),
        ]
        best = [float("inf")] * len(timings)
        best_cpu = [float("inf")] * len(timings)
        for _ in range(args.repeat):  # round robin, so that a busy spell of the machine hits every row alike
            for k, (_, fn) in enumerate(timings):
                wall, used = timed(fn)
                best[k], best_cpu[k] = min(best[k], wall), min(best_cpu[k], used)
        rows = [(what, dt, c) for (what, _), dt, c in zip(timings, best, best_cpu)]
        t_plumber, t_convert = best[0], best[4]
        print(f"{'what':<52} {'seconds':>8} {'pages/s':>8} {'CPU s':>8} {'pages/CPU s':>11}")
        for what, dt, c in rows:
            print(f"{what:<52} {dt:>8.2f} {pages / dt:>8.1f} {c:>8.2f} {pages / max(c, 1e-9):>11.1f}")
        print(f"ratio PDF -> task list / bare pdfplumber: {t_plumber / t_convert:.2f}x wall-clock, "
              f"{best_cpu[0] / best_cpu[4]:.2f}x CPU time")

        f1s, same = [], 0
        for t, p in zip(txts, pdfs):
            dt_, dp = load(t), load(p)
            f1s.append(ngram_f1(dp.text, dt_.text))
            same += _targets(dt_) == _targets(dp)
            dpl = load(p, engine="pdfplumber")
            print(f"  {t.stem}: 6-gram F1 pdfium {f1s[-1]:.4f}, pdfplumber {ngram_f1(dpl.text, dt_.text):.4f}; "
                  f"targets same as txt: {_targets(dt_) == _targets(dp)} ({len(_targets(dt_))} targets)")
        print(f"text 6-gram F1 (pdfium vs txt): min {min(f1s):.4f}, mean {sum(f1s) / len(f1s):.4f}; "
              f"targets identical in {same} of {len(txts)} reports")
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory (ru_maxrss): this process {self_mb:.0f} MiB, largest reader process {child_mb:.0f} MiB; "
          f"{os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
