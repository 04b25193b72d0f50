"""Tests for policytext.batch: inputs, workers, failures, atomic output."""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from policytext.batch import ConvertResult, convert, find_inputs
from policytext.errors import DocumentLoadError, UnsupportedFormatError




def _names(paths):
    return [os.path.relpath(p).replace(os.sep, "/").split("in/", 1)[-1] for p in paths]


def test_find_inputs_files_folders_globs(corpus, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    files, missing = find_inputs(["in", "in/要点.txt", "in/**/*.txt", "in/nothing*.pdf", "in/无.txt"])
    # folder: recursive, known suffixes, sorted; duplicates dropped
    assert _names(files) == ["sub/通知.txt", "坏.docx", "空.txt", "要点.txt", "讲话.txt"]
    assert missing == [("in/nothing*.pdf", "no file matches this pattern"), ("in/无.txt", "no such file or directory")]
    files, _ = find_inputs(["in/*.csv"])  # a file named or matched explicitly is kept whatever its suffix
    assert _names(files) == ["说明.csv"]


def test_convert_skips_bad_files_and_reports_them(corpus, tmp_path):
    out = tmp_path / "任务.jsonl"
    r = convert(corpus, out, progress=False)
    assert isinstance(r, ConvertResult) and r.written and r.format == "jsonl"
    assert r.converted == 3
    failed = {os.path.basename(f): reason for f, reason in r.failed}
    assert set(failed) == {"坏.docx", "空.txt"} and all(failed.values())
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == r.tasks == len(r.task_list) and r.tasks >= 5
    assert {row["doc"] for row in rows} == {"要点.txt", "讲话.txt", "通知.txt"}
    assert r.exit_status() == 0 and r.exit_status(strict=True) == 1 and not r.ok
    assert "converted 3 of 5 files (2 failed)" in r.summary()


def test_jobs_2_gives_the_same_output_in_input_order(corpus, tmp_path):
    r1 = convert(corpus, tmp_path / "one.jsonl", jobs=1, progress=False)
    r2 = convert(corpus, tmp_path / "two.jsonl", jobs=2, progress=False)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert r1.failed == r2.failed and r1.files == r2.files
    ids = [t.id for t in r2.task_list]
    assert ids[0].startswith("通知-") and len(ids) == len(set(ids))


def test_strict_raises_the_first_error_and_writes_nothing(corpus, tmp_path):
    out = tmp_path / "任务.xlsx"
    with pytest.raises(DocumentLoadError) as e:
        convert(corpus, out, strict=True, progress=False)
    assert "坏.docx" in str(e.value)
    assert not out.exists() and os.listdir(tmp_path) == ["in"]


def test_nothing_converted_writes_nothing(tmp_path):
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    r = convert(tmp_path, tmp_path / "任务.xlsx", progress=False)
    assert r.converted == 0 and not r.written and r.exit_status() == 1
    assert not (tmp_path / "任务.xlsx").exists()


def test_same_file_names_in_two_folders_get_distinct_ids(tmp_path):
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "通知.txt").write_text("各县区要在9月底前完成排查。\n", encoding="utf-8")
    r = convert(tmp_path, tmp_path / "x.jsonl", progress=False)
    assert len({t.id for t in r.task_list}) == 2 and len({t.doc for t in r.task_list}) == 2


def test_failure_while_writing_leaves_no_file(corpus, tmp_path, monkeypatch):
    import openpyxl.workbook.workbook as wbmod

    def boom(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK\x03\x04 half")
        raise OSError("No space left on device")

    monkeypatch.setattr(wbmod.Workbook, "save", boom)
    out = tmp_path / "任务.xlsx"
    with pytest.raises(OSError):
        convert(corpus, out, progress=False)
    assert sorted(os.listdir(tmp_path)) == ["in"]


def test_reference_date_and_errors_sheet(corpus, tmp_path):
    import openpyxl

    out = tmp_path / "任务.xlsx"
    r = convert([corpus / "sub", corpus / "坏.docx"], out, reference_date=dt.date(2022, 5, 1), progress=False)
    assert r.task_list[0].deadline == dt.date(2022, 9, 30)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:4] == ["任务", "量化目标", "汇总", "错误"]
    assert os.path.basename(wb["错误"]["A2"].value) == "坏.docx"


def test_progress_bar_only_when_asked(corpus, tmp_path, capsys):
    convert(corpus / "sub", tmp_path / "a.csv", progress=False)
    assert capsys.readouterr().err == ""
    convert(corpus / "sub", tmp_path / "b.csv", progress=True)
    assert "1/1" in capsys.readouterr().err


def test_bad_output_format(corpus, tmp_path):
    with pytest.raises(UnsupportedFormatError) as e:
        convert(corpus, tmp_path / "x.rtf")
    assert "'rtf'" in str(e.value)


# ----------------------------------------------------------------------------- issue 10: batch runs that fail well

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import zlib  # noqa: E402
from pathlib import Path  # noqa: E402

from policytext import errors  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _slow_pdf():
    """One page of 48 MB of path operators: pdfminer needs minutes for it."""
    body = zlib.compress(b"0 0 m 1 1 l " * 4_000_000, 9)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % x
    return bytes(out)


def _children():
    """pid -> parent pid of every live (non-zombie) process."""
    out = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            stat = open(f"/proc/{d}/stat").read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z":
            out[int(d)] = int(fields[1])
    return out


def _descendants(pid):
    tree = _children()
    found, todo = set(), [pid]
    while todo:
        p = todo.pop()
        for c, pp in tree.items():
            if pp == p and c not in found:
                found.add(c)
                todo.append(c)
    return found


def _env():
    return dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))


@pytest.fixture
def ctrl_c_as_at_a_terminal():
    """SIGINT handled the way Python handles it at a terminal, whatever this process inherited.

    A shell without job control (a script, a CI step) starts a background command (``cmd &``) with
    SIGINT ignored; Python then leaves it ignored (no KeyboardInterrupt), here and in every process
    started from here, and a Ctrl-C test would wait for nothing. Python's handler is installed for
    the test (a child process gets the default disposition: handlers are reset on exec) and the
    inherited one put back afterwards.
    """
    if threading.current_thread() is not threading.main_thread():
        pytest.skip("signal handlers can only be set from the main thread")
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:  # None: a handler not installed from Python; the default then
        signal.signal(signal.SIGINT, signal.SIG_DFL if old is None else old)


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs pthread_kill")
@pytest.mark.usefixtures("ctrl_c_as_at_a_terminal")
def test_ctrl_c_reaches_the_waiting_main_thread_from_any_thread(tmp_path):
    """A process's signal may land on any of its threads (the executor has two): Ctrl-C must still stop the run.

    The handler then only sets a flag; the main thread, waiting for the workers, has to wake up to act on it.
    """
    from policytext.batch.workers import local_results

    files = []
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(_slow_pdf())
        files.append(str(tmp_path / name))

    def ctrl_c_here():  # SIGINT delivered to this thread, not to the main one
        time.sleep(2)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    threading.Thread(target=ctrl_c_here, daemon=True).start()
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        for _ in local_results(files, 2, None, "pdfium"):
            pass
    assert time.monotonic() - t0 < 20  # the slow PDFs would take minutes


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL])
@pytest.mark.usefixtures("ctrl_c_as_at_a_terminal")
def test_issue_10_killing_convert_jobs_kills_its_workers(tmp_path, sig):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (folder / name).write_bytes(_slow_pdf())
    out = tmp_path / "out" / "任务.xlsx"
    out.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "policytext", "convert", str(folder), "-o", str(out),
                             "--jobs", "2", "--no-progress"], env=dict(_env(), PYTHONFAULTHANDLER="1"),
                            stderr=subprocess.PIPE)
    try:
        t0 = time.monotonic()
        procs = set()
        while time.monotonic() - t0 < 60:  # two workers, each with its reader process
            procs = _descendants(proc.pid)
            if len(procs) >= 4:
                break
            time.sleep(0.2)
        assert len(procs) >= 4, procs
        os.kill(proc.pid, sig)
        try:  # stderr read while waiting: a full pipe must not hold the process
            err = proc.communicate(timeout=30)[1].decode()
        except subprocess.TimeoutExpired:  # where it hangs: faulthandler prints every thread's stack on SIGABRT
            os.kill(proc.pid, signal.SIGABRT)
            dump = proc.communicate(timeout=30)[1].decode(errors="replace")
            pytest.fail(f"convert did not end within 30 s of signal {sig!r}; its threads:\n{dump[-8000:]}")
        status = proc.returncode
        if sig == signal.SIGTERM:
            assert status == 143 and "terminated" in err and "Traceback" not in err
        elif sig == signal.SIGINT:
            assert status == 130 and "interrupted" in err and "Traceback" not in err
        t1 = time.monotonic()
        while time.monotonic() - t1 < 20 and procs & set(_children()):
            time.sleep(0.2)
        assert not procs & set(_children()), "workers or readers survived their parent"
        assert os.listdir(out.parent) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_issue_10_temp_output_never_visible_and_gone_after_sigkill(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    code = ("import os, signal, sys\n"
            "from policytext.export import atomic_path\n"
            "with atomic_path(sys.argv[1]) as tmp:\n"
            "    open(tmp, 'w').write('x' * 1000000)\n"
            "    print(os.listdir(os.path.dirname(sys.argv[1])), flush=True)\n"
            "    os.kill(os.getpid(), signal.SIGKILL)\n")
    r = subprocess.run([sys.executable, "-c", code, str(folder / "任务.xlsx")], env=_env(), capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == -signal.SIGKILL
    assert r.stdout.strip() == "[]"  # no named temporary file even during the write
    assert os.listdir(folder) == []


# fmt: off
BAD_OUTPUTS = [
    # how to make it, expected message
    ("missing folder", lambda d: d / "无此目录" / "任务.xlsx", "does not exist"),
    ("a directory", lambda d: (d / "任务.xlsx").mkdir() or d / "任务.xlsx", "is a directory"),
    ("folder is a file", lambda d: d / "要点.txt" / "任务.xlsx", "not a folder|cannot be used"),
    ("read-only file system", lambda d: Path("/proc/policytext-任务.xlsx"), "not writable"),
]
# fmt: on


@pytest.mark.parametrize("what,make,message", BAD_OUTPUTS, ids=[b[0] for b in BAD_OUTPUTS])
def test_issue_10_unwritable_output_is_found_before_any_work(corpus, monkeypatch, what, make, message):
    import policytext.batch as batch

    def no_work(*a, **k):
        raise AssertionError("a document was converted before the output was checked")

    monkeypatch.setattr(batch, "_work", no_work)
    with pytest.raises(errors.OutputError, match=message) as exc:
        convert(corpus, make(corpus), progress=False)
    assert isinstance(exc.value, OSError)


def test_issue_10_unwritable_output_on_the_command_line(corpus, tmp_path, capsys):
    from policytext.faces.cli import main

    assert main(["convert", str(corpus), "-o", str(tmp_path / "无此目录" / "任务.xlsx"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "Traceback" not in err and "converted" not in err


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs resource limits")
def test_issue_10_full_disk_during_the_write_is_a_clean_error(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"  # writes beyond 4 KB fail (EFBIG)
            "from policytext.faces.cli import main\n"
            "sys.exit(main(sys.argv[1:]))\n")
    r = subprocess.run([sys.executable, "-c", code, "convert", str(corpus), "-o", str(out / "任务.xlsx"),
                        "--no-progress"], env=_env(), capture_output=True, text=True, timeout=300)
    assert r.returncode == 2, r.stderr
    assert "cannot be written" in r.stderr and "Traceback" not in r.stderr
    assert os.listdir(out) == []


def test_issue_10_fifo_in_a_folder_is_reported_not_read(corpus, tmp_path):
    os.mkfifo(corpus / "x.txt")
    r = convert(corpus, tmp_path / "任务.csv", progress=False, jobs=2)
    reasons = dict(r.failed)
    assert "FIFO" in reasons[str(corpus / "x.txt")]
    assert r.converted == 3
    files, missing = find_inputs([corpus / "x.txt"])
    assert files == [] and "FIFO" in missing[0][1]


def test_issue_10_every_skipped_file_reports_a_policytext_error(tmp_path):
    import io as _io
    import zipfile

    from policytext.batch import _work

    folder = tmp_path / "in"
    folder.mkdir()
    buf = _io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    docx = bytearray(buf.getvalue())
    i = docx.find(b"PK\x01\x02")
    docx[i + 6:i + 8] = (99).to_bytes(2, "little")
    bad = {
        "a.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        "b.pdf": _slow_pdf()[:5000] + b"\n%%EOF\n",
        "c.docx": bytes(docx),
        "d.docx": b"PK\x03\x04" + os.urandom(300),
        "e.html": b"<html><body>" + b"<div>" * 5000 + b"x",
        "f.txt": b"\x00\x01\x02" * 100,
        "g.txt": b"",
        "h.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "i.txt": b"a\n" * 300_000,
        "j.pdf": b"%PDF-1.7\n" + os.urandom(2000) + b"\n%%EOF\n",
    }
    for name, data in bad.items():
        (folder / name).write_bytes(data)
    for i, name in enumerate(sorted(bad)):
        _, _, tl, reason, exc = _work(i, str(folder / name), None)
        assert tl is None and reason, name
        assert isinstance(exc, errors.PolicyTextError), (name, reason)
        assert not reason.startswith("internal error"), (name, reason)
