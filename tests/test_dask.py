"""convert on a local Dask cluster of two workers: the same rows as the one-process run; a bad file skipped."""
from __future__ import annotations

import pytest

pytest.importorskip("distributed")
pq = pytest.importorskip("pyarrow.parquet")

import policytext as pt  # noqa: E402
from policytext.faces.cli import main  # noqa: E402

def test_issue_11_dask_local_gives_the_same_rows(tmp_path, plan_folder):
    folder = plan_folder(4)
    one = pt.convert(folder, tmp_path / "one.parquet", progress=False)
    status = main(["convert", str(folder), "-o", str(tmp_path / "dask.parquet"), "--dask", "local",
                   "--no-progress"])
    assert status == 0
    a = pq.read_table(tmp_path / "one.parquet").to_pylist()
    b = pq.read_table(tmp_path / "dask.parquet").to_pylist()
    assert a == b and len(a) == one.tasks
    assert "坏.pdf" in pq.ParquetFile(tmp_path / "dask.parquet").metadata.metadata[b"policytext.errors"].decode()


def test_convert_one_is_public_and_never_raises(tmp_path):
    (tmp_path / "坏.pdf").write_bytes(b"%PDF-1.4 broken")
    r = pt.convert_one(tmp_path / "坏.pdf")
    assert not r.ok and "truncated" in r.reason and r.rows() == []
