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
