"""Parquet output: typed columns, streaming convert, the same rows as jsonl; the Excel row limit."""
from __future__ import annotations

import datetime as dt
import json

import pytest

pq = pytest.importorskip("pyarrow.parquet")

import policytext as pt  # noqa: E402
from policytext.errors import OutputError  # noqa: E402
from policytext.export import to_excel, to_parquet  # noqa: E402
from policytext.tasks import Task, TaskList  # noqa: E402

def test_parquet_columns_are_typed(tmp_path, plan_folder):
    r = pt.convert(plan_folder(1) / "文件0.txt", tmp_path / "任务.parquet", progress=False)
    assert r.written and r.tasks >= 1
    table = pq.read_table(tmp_path / "任务.parquet")
    schema = table.schema
    assert str(schema.field("deadline").type) == "date32[day]"
    assert str(schema.field("areas").type) == "list<element: string>"
    row = table.to_pylist()[0]
    assert row["deadline"] == dt.date(2025, 12, 31)
    assert row["co"] and all(isinstance(c, str) for c in row["co"])
    assert row["targets"][0]["value"] == 90.0 and row["targets"][0]["deadline"] == dt.date(2025, 12, 31)


def test_parquet_same_rows_as_jsonl_and_errors_in_metadata(tmp_path, plan_folder):
    folder = plan_folder(3)
    rp = pt.convert(folder, tmp_path / "a.parquet", progress=False)
    rj = pt.convert(folder, tmp_path / "a.jsonl", progress=False)
    rows = pq.read_table(tmp_path / "a.parquet").to_pylist()
    lines = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [x["id"] for x in lines]
    assert rp.tasks == rj.tasks and rp.targets == rj.targets and len(rp.failed) == 1
    meta = pq.ParquetFile(tmp_path / "a.parquet").metadata.metadata
    assert "坏.pdf" in meta[b"policytext.errors"].decode()
    assert pq.ParquetFile(tmp_path / "a.parquet").num_row_groups == 3  # one per document, as they finish


def test_to_parquet_round_trip(tmp_path):
    t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作", text="1.做好低保工作。",
             start=0, end=9, areas=("social_assistance",), deadline=dt.date(2025, 6, 30))
    to_parquet(TaskList([t]), tmp_path / "x.parquet")
    assert pq.read_table(tmp_path / "x.parquet").to_pylist()[0]["areas"] == ["social_assistance"]


def test_issue_11_too_many_rows_for_excel_is_a_clear_error(tmp_path, monkeypatch):
    import policytext.export.xlsx as xlsx

    monkeypatch.setattr(xlsx, "EXCEL_MAX_ROWS", 3)
    tasks = TaskList([Task(id=f"甲-{i:03d}", doc="甲.txt", section=None, marker="", heading="", text="任务",
                           start=0, end=2) for i in range(3)])
    with pytest.raises(OutputError, match=r"do not fit in the Excel sheet.*Parquet or CSV"):
        to_excel(tasks, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
