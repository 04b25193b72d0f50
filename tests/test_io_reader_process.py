"""The kept reader process (issue 11): one fork for many documents, the isolation of issue 10 kept."""
import os
import signal
import sys
import time
import warnings

import pytest

from policytext import errors
from policytext.io import reader_process as rp

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _pid(x):
    return os.getpid(), x


def _sleep(seconds):
    time.sleep(seconds)
    return "woke"


def _crash(_):
    import faulthandler

    faulthandler.disable()  # no traceback of the child on stderr
    os.kill(os.getpid(), signal.SIGSEGV)


def _fail(_):
    raise KeyError("the parser went wrong")


def _warn(x):
    warnings.warn("a page without text", UserWarning)
    return x


def _hog(n_bytes):
    return len(bytearray(n_bytes))


def run(fn, arg, key="test", timeout=20, **kw):
    return rp.run_in_reader(fn, arg, key=key, source="文件.pdf", what="pdf", timeout=timeout, **kw)


@pytest.fixture(autouse=True)
def fresh():
    rp._drop(kill=True)
    yield
    rp._drop(kill=True)


def test_one_process_reads_many_documents():
    pids = {run(_pid, i)[0] for i in range(5)}
    assert len(pids) == 1 and os.getpid() not in pids and rp.reader_pid() in pids


def test_another_key_or_memory_allowance_gets_another_process():
    a = run(_pid, 1)[0]
    b = run(_pid, 1, key="other")[0]
    c = run(_pid, 1, key="other", max_memory=1 << 30)[0]
    assert len({a, b, c}) == 3


@pytest.mark.parametrize("bad, error, match", [
    (lambda: run(_sleep, 30, timeout=1), errors.DocumentTimeoutError, "timeout of 1 s"),
    (lambda: run(_crash, 0), errors.CorruptDocumentError, "crashed .SIGSEGV."),
    (lambda: run(_fail, 0), errors.CorruptDocumentError, "KeyError"),
])
def test_a_bad_document_fails_alone_and_the_next_gets_a_new_process(bad, error, match):
    before = run(_pid, 0)[0]
    t0 = time.monotonic()
    with pytest.raises(error, match=match):
        bad()
    assert time.monotonic() - t0 < 10
    after = run(_pid, 1)
    assert after[1] == 1 and after[0] != before


def test_memory_allowance_holds_for_every_document():
    assert run(_hog, 10 << 20, max_memory=200 << 20) == 10 << 20
    with pytest.raises(errors.DocumentTooLargeError):
        run(_hog, 400 << 20, max_memory=200 << 20)
    assert run(_hog, 10 << 20, max_memory=200 << 20) == 10 << 20


def test_warnings_come_back_and_unpicklable_work_runs_in_a_process_of_its_own():
    with pytest.warns(UserWarning, match="a page without text"):
        assert run(_warn, 7) == 7
    assert run(lambda x: (os.getpid(), x), 3)[1] == 3  # a local function: forked for this call only


def test_a_process_that_died_between_documents_is_replaced():
    pid = run(_pid, 0)[0]
    os.kill(pid, signal.SIGKILL)
    time.sleep(0.2)
    assert run(_pid, 1)[0] != pid


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_process_ends_with_the_documents_it_retires_after(monkeypatch):
    monkeypatch.setattr(rp, "MAX_DOCUMENTS", 2)
    rp._drop(kill=True)
    pids = [run(_pid, i)[0] for i in range(4)]
    assert pids[0] == pids[1] != pids[2] == pids[3]
    assert not os.path.exists(f"/proc/{pids[0]}") or open(f"/proc/{pids[0]}/stat").read().split()[2] == "Z"


def ahead(fn, arg, key="test", **kw):
    return rp.send_ahead(fn, arg, key=key, source="文件.pdf", what="pdf", **kw)


def test_a_request_sent_ahead_is_collected_by_the_same_call():
    pid = run(_pid, 0)[0]
    assert ahead(_pid, 1)
    assert not ahead(_pid, 2)  # one request ahead at a time
    assert run(_pid, 1) == (pid, 1)  # the same process, which read it meanwhile
    assert run(_pid, 2) == (pid, 2)


def test_another_call_ends_the_process_working_on_a_request_sent_ahead():
    assert ahead(_sleep, 30)
    pid = rp.reader_pid()
    t0 = time.monotonic()
    assert run(_pid, 3)[1] == 3 and rp.reader_pid() != pid  # not waiting 30 s for a result nobody collects
    assert time.monotonic() - t0 < 10
    assert ahead(_pid, 4, key="other") and run(_pid, 4)[1] == 4  # another key: the same


@pytest.mark.parametrize("bad, arg, kw, error, match", [
    (_sleep, 30, {"timeout": 1}, errors.DocumentTimeoutError, "timeout of 1 s"),
    (_crash, 0, {}, errors.CorruptDocumentError, "crashed .SIGSEGV."),
    (_fail, 0, {}, errors.CorruptDocumentError, "KeyError"),
])
def test_a_bad_document_sent_ahead_fails_as_it_would_have(bad, arg, kw, error, match):
    assert ahead(bad, arg)
    with pytest.raises(error, match=match):
        run(bad, arg, **kw)
    assert run(_pid, 1)[1] == 1


def test_warnings_of_a_request_sent_ahead_come_back_when_collected():
    assert ahead(_warn, 5)
    with pytest.warns(UserWarning, match="a page without text"):
        assert run(_warn, 5) == 5
    assert not ahead(lambda x: x, 1)  # does not pickle: nothing sent


SAMPLE_PDF = os.path.join(os.path.dirname(__file__), "..", "corpora", "samples", "report_bixi_2022.pdf")


def test_read_ahead_gives_what_read_gives(tmp_path):
    from policytext.io import read, read_ahead

    plain = read(SAMPLE_PDF)
    assert read_ahead(SAMPLE_PDF)
    assert read(SAMPLE_PDF) == plain
    assert read_ahead(SAMPLE_PDF, max_pages=1)  # other options: that reading is dropped, the next one is right
    assert read(SAMPLE_PDF) == plain
    txt = tmp_path / "通知.txt"
    txt.write_text("一、总体要求\n", encoding="utf-8")
    assert not read_ahead(txt) and not read_ahead(tmp_path / "无.pdf")  # only PDFs; failures left to read


@pytest.mark.parametrize("cpus, ahead", [(2, ["乙.pdf", "丙.pdf"]), (1, [])])
def test_batch_reads_the_next_pdf_ahead_with_the_same_results(tmp_path, monkeypatch, cpus, ahead):
    """With a second CPU the next PDF is read while a task list is built; on one CPU (``taskset -c 0``, a
    one-CPU container) nothing is read ahead, as the reader and the task lists would only take turns."""
    import shutil

    from policytext.batch import convert_one, workers

    paths = []
    for name in ("甲.pdf", "乙.pdf", "丙.pdf"):
        shutil.copy(SAMPLE_PDF, tmp_path / name)
        paths.append(str(tmp_path / name))
    sent = []
    monkeypatch.setattr(rp, "send_ahead", lambda *a, _send=rp.send_ahead, **kw: sent.append(kw["source"]) or
                        _send(*a, **kw))
    monkeypatch.setattr(workers, "usable_cpus", lambda: cpus)
    results = list(workers.local_results(paths, 1, None, "pdfium"))
    assert sent == ahead
    for (_, path, tl, reason, _), alone in zip(results, map(convert_one, paths)):
        assert reason is None and tl.to_dicts() == alone.task_list.to_dicts()


def test_usable_cpus_follow_the_affinity_of_the_process():
    from policytext.batch.workers import usable_cpus

    if not hasattr(os, "sched_getaffinity"):
        assert usable_cpus() == (os.cpu_count() or 1)
        return
    before = os.sched_getaffinity(0)
    try:
        os.sched_setaffinity(0, {min(before)})  # as under `taskset -c N`
        assert usable_cpus() == 1
    finally:
        os.sched_setaffinity(0, before)
    assert usable_cpus() == len(before)
