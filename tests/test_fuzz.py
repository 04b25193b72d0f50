"""Issue 10: a seeded fuzz harness for ``load``.

Seed documents of every format (txt UTF-8/GB18030, md, html, docx, pdf) are
built in memory and mutated (bit flips, truncation, inserted/duplicated/zeroed
chunks, splices of two seeds, and for docx/pdf mutations *inside* a zip member
or an uncompressed content stream). Every case must end in a Document or a
:class:`~policytext.errors.PolicyTextError` — any other exception is a crash,
and a case that takes longer than its timeout plus a margin is a hang.

CI runs ``--fuzz-cases`` cases (default 240; ``POLICYTEXT_FUZZ_CASES`` too);
``benchmarks/fuzz_report.py`` runs thousands and prints the counts. Case ``i``
of seed ``s`` is always the same bytes: a failure names ``(s, i)`` and
``make_case(i, seed=s)`` rebuilds it.
"""
from __future__ import annotations

import functools
import io
import random
import time
import traceback
import zipfile
import zlib
from typing import Dict, List, Tuple


import policytext as pt
from policytext.errors import PolicyTextError

TIMEOUT = 10.0  # reader timeout per case
HANG = TIMEOUT + 20.0  # wall time beyond which a case counts as a hang

PARAS = ["关于做好2023年养老服务工作的通知", "一、总体要求", "（一）到2025年底，全市养老服务设施覆盖率达到95%以上。",
         "（二）新建农村幸福院12个，力争护理型床位占比提高到55%。", "二、重点任务", "各县区要在年底前完成养老机构安全排查。",
         "1. 市民政局负责，市财政局配合。", "三、保障措施", "加强组织领导，确保各项任务落到实处。"]


@functools.lru_cache(maxsize=None)
def seeds() -> Dict[str, Tuple[str, bytes]]:
    """name -> (suffix, bytes) of the seed documents."""
    text = "\n".join(PARAS) + "\n"
    out: Dict[str, Tuple[str, bytes]] = {
        "txt-utf8": (".txt", text.encode("utf-8")),
        "txt-gb18030": (".txt", text.replace("\n", "\r\n").encode("gb18030")),
        "md": (".md", ("# " + PARAS[0] + "\n\n" + "\n\n".join(PARAS[1:])).encode("utf-8")),
        "html": (".html", ('<html><head><meta charset="gbk"><title>' + PARAS[0] + "_民政局</title></head><body>"
                           '<div class="nav">首页</div><div class="content">'
                           + "".join(f"<p>{p}</p>" for p in PARAS[1:])
                           + "<table><tr><td>指标</td><td>95%</td></tr></table></div></body></html>").encode("gbk")),
    }
    try:
        import docx

        d = docx.Document()
        d.add_heading(PARAS[0], level=0)
        for p in PARAS[1:]:
            d.add_paragraph(p, style="List Number" if p.startswith("（") else None)
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "指标", "目标值"
        buf = io.BytesIO()
        d.save(buf)
        out["docx"] = (".docx", buf.getvalue())
    except ImportError:  # pragma: no cover
        pass
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont
        from reportlab.pdfgen import canvas

        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        for name, compress in (("pdf", 1), ("pdf-raw", 0)):
            buf = io.BytesIO()
            c = canvas.Canvas(buf, invariant=1, pageCompression=compress)
            for page in range(2):
                y = 760
                c.setFont("STSong-Light", 16)
                c.drawString(72, y, PARAS[0])
                c.setFont("STSong-Light", 12)
                for p in PARAS[1:]:
                    y -= 24
                    c.drawString(72, y, p)
                c.drawString(280, 40, f"— {page + 1} —")
                c.showPage()
            c.save()
            out[name] = (".pdf", buf.getvalue())
    except ImportError:  # pragma: no cover
        pass
    return out


def _mutate_bytes(rng: random.Random, data: bytes, other: bytes) -> bytes:
    b = bytearray(data)
    op = rng.randrange(8)
    n = len(b)
    if op == 0:  # bit flips
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(n)
            b[i] ^= 1 << rng.randrange(8)
    elif op == 1:  # truncate
        del b[rng.randrange(n):]
    elif op == 2:  # insert random bytes
        i = rng.randrange(n + 1)
        b[i:i] = rng.randbytes(rng.randint(1, 512))
    elif op == 3:  # duplicate a slice many times
        i = rng.randrange(n)
        j = min(n, i + rng.randint(1, 200))
        b[i:i] = b[i:j] * rng.randint(2, 200)
    elif op == 4:  # zero a range
        i = rng.randrange(n)
        b[i:i + rng.randint(1, 400)] = bytes(len(b[i:i + rng.randint(1, 400)]))
    elif op == 5:  # splice with another seed
        b = b[:rng.randrange(n)] + bytearray(other[rng.randrange(len(other)):])
    elif op == 6:  # overwrite with interesting values
        for _ in range(rng.randint(1, 8)):
            i = rng.randrange(n)
            v = rng.choice([b"\xff\xff\xff\xff", b"\x00\x00\x00\x00", b"\x7f\xff\xff\xff", b"-1", b"999999999",
                            b"<", b">", b"\x00", b"%%EOF", b"obj", b"R", b"<<", b"]]>"])
            b[i:i + len(v)] = v
    else:  # random bytes over a range
        i = rng.randrange(n)
        k = rng.randint(1, 64)
        b[i:i + k] = rng.randbytes(k)
    return bytes(b)


def _mutate_zip_member(rng: random.Random, data: bytes, other: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    k = rng.randrange(len(members))
    for j, (info, body) in enumerate(members):
        if j == k or (info.filename == "word/document.xml" and rng.random() < 0.5):
            members[j] = (info, _mutate_bytes(rng, body, other) if body else rng.randbytes(10))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in members:
            z.writestr(info.filename, body)
    return buf.getvalue()


def make_case(i: int, *, seed: int = 0) -> Tuple[str, str, bytes]:
    """Case ``i`` of run ``seed``: ``(seed name, suffix, bytes)``; always the same bytes."""
    rng = random.Random(seed * 1_000_003 + i)
    pool = seeds()
    names = sorted(pool)
    name = names[i % len(names)]
    suffix, data = pool[name]
    other = pool[rng.choice(names)][1]
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if suffix == ".docx" and rng.random() < 0.6:
            try:
                data = _mutate_zip_member(rng, data, other)
                continue
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, KeyError, zlib.error):
                pass
        data = _mutate_bytes(rng, data, other) or b"x"
    if rng.random() < 0.15:  # sometimes lie about the suffix
        suffix = rng.choice([".txt", ".pdf", ".docx", ".html", ".md", ".doc", ""])
    return name, suffix, data


def run_case(i: int, *, seed: int = 0, timeout: float = TIMEOUT) -> Tuple[str, str, float]:
    """Load case ``i``; return ``(outcome, detail, seconds)`` with outcome ok/error/crash/hang."""
    name, suffix, data = make_case(i, seed=seed)
    f = io.BytesIO(data)
    f.name = f"case{i}{suffix}"
    t0 = time.monotonic()
    try:
        pt.load(f, timeout=timeout)
        outcome, detail = "ok", name
    except PolicyTextError as e:
        outcome, detail = "error", f"{name}: {type(e).__name__}"
    except Exception as e:  # noqa: BLE001 - a crash is what we look for
        outcome, detail = "crash", f"{name}: {type(e).__name__}: {e}\n{traceback.format_exc()}"
    dt = time.monotonic() - t0
    if dt > timeout + 20:
        outcome, detail = "hang", f"{name}: {dt:.0f} s"
    return outcome, detail, dt


CHUNK = 20


def _chunks(config) -> List[Tuple[int, int]]:
    n = config.getoption("--fuzz-cases")
    return [(s, min(n, s + CHUNK)) for s in range(0, n, CHUNK)]


def pytest_generate_tests(metafunc):
    if "fuzz_chunk" in metafunc.fixturenames:
        chunks = _chunks(metafunc.config)
        metafunc.parametrize("fuzz_chunk", chunks, ids=[f"{a}-{b}" for a, b in chunks])


def test_issue_10_fuzz_no_crash_no_hang(fuzz_chunk, request, recwarn):
    seed = request.config.getoption("--fuzz-seed")
    bad = []
    for i in range(*fuzz_chunk):
        outcome, detail, _ = run_case(i, seed=seed)
        if outcome in ("crash", "hang"):
            bad.append(f"case ({seed}, {i}) {outcome}: {detail}")
    assert not bad, "\n".join(bad)


def test_fuzz_cases_are_reproducible():
    assert make_case(7, seed=3) == make_case(7, seed=3)
    assert make_case(7, seed=3) != make_case(8, seed=3)
    assert {make_case(i)[0] for i in range(len(seeds()))} == set(seeds())
