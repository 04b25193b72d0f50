"""Benchmark loading: seconds per PDF page and per MB of txt/docx/html.

Inputs are generated on the fly (reportlab PDFs in STSong-Light with headers,
footers and headings; python-docx files with Word numbering; GBK text), so the
figures do not depend on any file outside the repository.

    .venv/bin/python benchmarks/bench_load.py [--repeat 3] [--pages 50] [--mb 5]

It times ``policytext.io.read`` (reading: bytes -> raw text and blocks) and,
when cleaning/metadata/outline is available, ``policytext.load`` (the whole
Document). Run by hand; put the figures in README.md ("Benchmarks").
"""
from __future__ import annotations

import argparse
import importlib.util
import io
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from policytext.io import read  # noqa: E402

PARA = ("到2023年底，城市社区养老服务设施覆盖率达到95%以上，农村达到65%以上；新建区域性养老服务中心2个，"
        "新增老年助餐点30个，10月底前投入使用，由县民政局牵头，县财政局、各乡镇人民政府配合。")


def _samples_module():
    spec = importlib.util.spec_from_file_location("make_samples", ROOT / "corpora" / "samples" / "make_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_txt(mb: float) -> bytes:
    text = []
    size = 0
    i = 0
    while size < mb * 1024 * 1024:
        line = f"（{i % 9 + 1}）{PARA}\n" if i % 8 else f"{'一二三四五六七八九'[i // 8 % 9]}、重点任务第{i}项\n"
        text.append(line)
        size += len(line.encode("gbk"))
        i += 1
    return "".join(text).encode("gbk")


def make_docx(mb: float) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    samples = _samples_module()
    d = docx.Document()
    num_id = samples._add_plan_numbering(d)
    paras = int(mb * 1024 * 1024 / len(PARA.encode("utf-8")))
    for i in range(paras):
        level = 0 if i % 20 == 0 else (1 if i % 5 == 0 else 2)
        p = d.add_paragraph(PARA if level == 2 else "重点任务", style={0: "Heading 1", 1: "Heading 2"}.get(level))
        numpr = etree.SubElement(p._p.get_or_add_pPr(), qn("w:numPr"))
        etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), str(level))
        etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), num_id)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_pdf(pages: int) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    chars_per_line = 36
    body = PARA * 4
    for n in range(1, pages + 1):
        c.setFont(font, 9)
        c.drawCentredString(width / 2, height - 50, "碧溪县民政局")
        c.drawCentredString(width / 2, 40, f"— {n} —")
        y = height - 100
        k = 0
        while y > 90:
            if k % 12 == 0:
                c.setFont(font, 16)
                c.drawString(80, y, f"{'一二三四五六七八九'[k % 9]}、重点任务")
                c.drawString(80.3, y, f"{'一二三四五六七八九'[k % 9]}、重点任务")
                y -= 28
            c.setFont(font, 12)
            start = (k * chars_per_line) % (len(body) - chars_per_line)
            c.drawString(80 + (24 if k % 6 == 0 else 0), y, body[start:start + chars_per_line - (2 if k % 6 == 0 else 0)])
            y -= 20
            k += 1
        c.showPage()
    c.save()
    return buf.getvalue()


def _time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pages", type=int, default=50, help="pages of the PDF")
    ap.add_argument("--mb", type=float, default=5.0, help="MB of text for the txt input (docx: a fifth of it)")
    args = ap.parse_args(argv)
    try:
        from policytext import load  # noqa: F401
        importlib.import_module("policytext.document")
        have_load = True
    except ImportError:
        have_load = False
    from policytext import load as _load

    inputs = {
        "txt (GBK)": (make_txt(args.mb), "MB"),
        "docx (numbered)": (make_docx(args.mb / 5), "MB"),
        "pdf (STSong-Light)": (make_pdf(args.pages), "page"),
    }
    print(f"python {platform.python_version()} on {platform.machine()} ({platform.processor() or platform.system()})")
    print(f"{'input':20} {'size':>12} {'read s':>8} {'read/unit':>14} {'load s':>8} {'load/unit':>14}")
    for name, (data, unit) in inputs.items():
        ex = read(data)
        units = len(data) / 1024 / 1024 if unit == "MB" else max(b.page or 0 for b in ex.blocks)
        if unit == "MB" and name.startswith("docx"):
            units = len(ex.text.encode("utf-8")) / 1024 / 1024  # per MB of text, not of zip
        t_read = _time(lambda: read(data), args.repeat)
        t_load = _time(lambda: _load(data), args.repeat) if have_load else float("nan")
        size = f"{units:.2f} MB" if unit == "MB" else f"{units} pages"
        print(f"{name:20} {size:>12} {t_read:8.2f} {t_read / units:9.3f} s/{unit:4} "
              f"{t_load:8.2f} {t_load / units:9.3f} s/{unit}")
    if not have_load:
        print("(load: policytext.document is not available yet; only read() was timed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
