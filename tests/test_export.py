"""Tests for policytext.export: every export written, reopened and checked."""
from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from policytext.errors import UnsupportedFormatError
from policytext.export import (
    SHEET_ERRORS,
    SHEET_SUMMARY,
    SHEET_TARGETS,
    SHEET_TARGETS_DETAIL,
    SHEET_TASKS,
    SHEET_TASKS_DETAIL,
    area_names,
    atomic_path,
    format_target,
    to_html,
    write,
)
from policytext.tasks import Task, TaskList
from policytext.types import Target


def _target(indicator, value, unit="%", comparator=">=", *, value_max=None, placeholder=False,
            deadline=dt.date(2021, 12, 31), start=0, text=None, direction=None, baseline=None) -> Target:
    text = text or f"年底前{indicator}达到{value}{unit}以上。"
    return Target(indicator=indicator, value=value, value_max=value_max, unit=unit, comparator=comparator,
                  deadline=deadline, deadline_text="年底前", placeholder=placeholder, text=text, start=start,
                  end=start + len(text), quote_start=start + 3, quote_end=start + len(text) - 3,
                  quote=text[3:-3], strength="binding", direction=direction, baseline=baseline)


def _tasks() -> TaskList:
    t1 = Task(id="要点-001", doc="要点.txt", section="一/1", marker="1.", heading="实施居家养老服务改革",
              text="1.实施居家养老服务改革。由县民政局牵头，县财政局配合，年底前覆盖率达到75%以上。",
              start=0, end=44, areas=("elderly_care", "planning_support"),
              targets=(_target("养老服务设施覆盖率", 75.0), _target("护理型床位", None, "张", placeholder=True)),
              deadline=dt.date(2021, 12, 31), deadline_text="年底前", lead="县民政局", co=("县财政局", "县残联"),
              strength="binding")
    t2 = Task(id="讲话-001", doc="讲话.txt", section=None, marker="一要", heading="=SUM(A1)强化儿童|福利服务",
              text="一要提升儿童关爱质量。\x07要推动<b>未成年人</b>保护机构全覆盖。\x1b", start=10, end=40,
              page=3, kind="run_in", areas=("child_welfare",), strength="binding")
    t3 = Task(id="讲话-002", doc="讲话.txt", section="二", marker="二、", heading="做好低保工作",
              text="二、做好低保工作。", start=50, end=59, kind="item", areas=(), strength="neutral")
    return TaskList([t1, t2, t3], documents=["要点.txt", "讲话.txt", "空白.txt"],
                    errors=[("坏文件.docx", "the file is truncated")])


# fmt: off
FORMAT_TARGET = [
    (dict(indicator="覆盖率", value=75.0), "覆盖率≥75%"),
    (dict(indicator="增长", value=4.5, value_max=5.0, comparator="range"), "增长4.5–5%"),
    (dict(indicator="床位", value=None, unit="张", comparator="=", placeholder=True), "床位×张"),
    (dict(indicator="比重", value=0.5, unit="pp", comparator="~"), "比重约0.5个百分点"),
    # issue 15: amounts readable (no 4.1e+12, no 21000000000000), changes keep their baseline and verb
    (dict(indicator="赤字规模", value=4.1e12, unit="元", comparator="="), "赤字规模4.1万亿元"),
    (dict(indicator="超长期特别国债", value=1.3e12, unit="元", comparator="="), "超长期特别国债1.3万亿元"),
    (dict(indicator="地方政府专项债券", value=2.1e13, unit="元", comparator="="), "地方政府专项债券21万亿元"),
    (dict(indicator="中央预算内投资", value=6.1e11, unit="元", comparator="="), "中央预算内投资6100亿元"),
    (dict(indicator="城镇新增就业", value=1.1e7, unit="人", comparator=">="), "城镇新增就业≥1100万人"),
    (dict(indicator="人均可支配收入", value=39545.0, unit="元", comparator="="), "人均可支配收入39545元"),
    (dict(indicator="赤字规模", value=1.6e12, unit="元", comparator="=", direction="增加", baseline="比上年",
          text="年底前赤字规模比上年增加1.6万亿元。"), "赤字规模比上年增加1.6万亿元"),
    (dict(indicator="人均预期寿命", value=1.0, unit="岁", comparator="=", direction="提高",
          text="年底前人均预期寿命再提高1岁。"), "人均预期寿命提高1岁"),
    (dict(indicator="常住人口城镇化率", value=65.0, comparator="=", direction="提高",
          text="年底前常住人口城镇化率提高到65%。"), "常住人口城镇化率提高到65%"),
    (dict(indicator="城镇调查失业率", value=5.5, comparator="<=", direction="控制",
          text="年底前城镇调查失业率控制在5.5%以内。"), "城镇调查失业率≤5.5%"),
    (dict(indicator="新建敬老院", value=2.0, unit="所", comparator="=", direction="新建",
          text="年底前新建敬老院2所。"), "新建敬老院2所"),
]
# fmt: on


@pytest.mark.parametrize("kwargs,expected", FORMAT_TARGET)
def test_format_target(kwargs, expected):
    assert format_target(_target(**kwargs)) == expected


def test_issue_15_dataframe_values_have_their_own_types():
    import pandas as pd

    tl = _tasks()
    df = tl.to_dataframe()
    assert list(df["id"]) == ["要点-001", "讲话-001", "讲话-002"]
    row = df.iloc[0]
    assert row["areas"] == ["elderly_care", "planning_support"] and row["area"] == "elderly_care"
    assert row["co"] == ["县财政局", "县残联"] and row["n_targets"] == 2
    assert pd.api.types.is_datetime64_any_dtype(df["deadline"]) and row["deadline"] == pd.Timestamp("2021-12-31")
    assert pd.isna(df.loc[1, "deadline"]) and df.loc[2, "areas"] == []
    assert row["targets"] == ["养老服务设施覆盖率≥75%", "护理型床位≥×张"]
    assert df.explode("areas")["areas"].tolist()[:2] == ["elderly_care", "planning_support"]
    tdf = tl.targets_dataframe()
    assert len(tdf) == 2 and list(tdf["task_id"]) == ["要点-001", "要点-001"]
    assert tdf.iloc[0]["quote"] == tl[0].targets[0].quote and tdf.iloc[1]["value"] != tdf.iloc[1]["value"]  # NaN
    assert tdf.iloc[0]["target"] == "≥75%" and pd.api.types.is_datetime64_any_dtype(tdf["deadline"])


def test_csv_has_bom_and_reads_back(tmp_path):
    import pandas as pd

    p = tmp_path / "任务.csv"
    _tasks().to_csv(p, lang="en")
    assert p.read_bytes()[:3] == b"\xef\xbb\xbf"
    df = pd.read_csv(p)
    assert list(df.columns)[:3] == ["id", "doc", "section"]
    assert df.loc[0, "lead"] == "县民政局" and df.loc[0, "co"] == "县财政局、县残联"
    assert df.loc[0, "areas"] == "elderly_care; planning_support" and df.loc[0, "strength"] == "binding"
    assert df.loc[0, "deadline"] == "2021-12-31"
    assert df.loc[1, "text"].startswith("一要提升儿童关爱质量")


def test_issue_15_csv_is_chinese_by_default_like_the_workbook(tmp_path):
    import pandas as pd

    p = tmp_path / "任务.csv"
    _tasks().to_csv(p)
    df = pd.read_csv(p)
    assert list(df.columns)[:6] == ["编号", "文件", "章节", "序号", "任务", "任务内容"]
    names = area_names()
    assert df.loc[0, "工作领域"] == f"{names['elderly_care']}、{names['planning_support']}"
    assert df.loc[0, "主要领域"] == names["elderly_care"] and df.loc[0, "约束强度"] == "约束性"
    assert df.loc[1, "类型"] == "分项" and df.loc[0, "量化目标"] == "养老服务设施覆盖率≥75%；护理型床位≥×张"
    assert not any(c.isascii() and c.isalpha() for c in "".join(df.columns))


def test_issue_15_json_lang_zh(tmp_path):
    tl = _tasks()
    write(tl, tmp_path / "t.jsonl", lang="zh")
    first = json.loads((tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["编号"] == "要点-001" and first["工作领域"][0] == area_names()["elderly_care"]
    assert first["约束强度"] == "约束性" and first["量化目标"][0]["指标"] == "养老服务设施覆盖率"
    assert first["量化目标"][0]["约束强度"] == "约束性"
    write(tl, tmp_path / "t.json", lang="zh")
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["tasks"][0]["牵头单位"] == "县民政局"
    with pytest.raises(ValueError, match="'fr'"):
        write(tl, tmp_path / "t.csv", lang="fr")


def test_json_and_jsonl(tmp_path):
    import pandas as pd

    tl = _tasks()
    tl.to_json(tmp_path / "t.json")
    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    assert data["documents"] == ["要点.txt", "讲话.txt", "空白.txt"]
    assert data["errors"] == [{"file": "坏文件.docx", "reason": "the file is truncated"}]
    assert data["tasks"][0]["targets"][0]["deadline"] == "2021-12-31"
    tl.to_jsonl(tmp_path / "t.jsonl")
    df = pd.read_json(tmp_path / "t.jsonl", lines=True)
    assert list(df["id"]) == ["要点-001", "讲话-001", "讲话-002"]
    assert df.loc[0, "co"] == ["县财政局", "县残联"]


def test_markdown_and_html():
    tl = _tasks()
    md = tl.to_markdown()
    lines = md.splitlines()
    assert lines[0].startswith("| 编号 | 文件 |") and lines[1].startswith("|---|")
    assert "养老服务" in lines[2] and "县财政局、县残联" in lines[2] and "2021-12-31" in lines[2]
    assert "儿童\\|福利服务" in lines[3]  # pipes escaped
    assert "## 未能转换的文件" in md and "坏文件.docx" in md
    html = tl._repr_html_()
    assert "<table" in html and "<b>" not in html
    assert "<b>" not in to_html(TaskList([Task(id="x-1", doc="x", section=None, marker="", heading="<b>x</b>",
                                               text="<b>", start=0, end=3)]))
    assert "3 项任务" in html and "1 个文件未能转换" in html


def test_excel_workbook(tmp_path):
    import openpyxl

    p = tmp_path / "任务清单.xlsx"
    _tasks().to_excel(p)
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == [SHEET_TASKS, SHEET_TARGETS, SHEET_SUMMARY, SHEET_ERRORS, SHEET_TASKS_DETAIL,
                             SHEET_TARGETS_DETAIL]
    assert all(len(n) <= 31 for n in wb.sheetnames)
    ws = wb[SHEET_TASKS]
    header = [c.value for c in ws[1]]
    assert header[:6] == ["编号", "文件", "章节", "序号", "任务", "任务内容"]
    assert all(c.font.bold and c.fill.fgColor.rgb.endswith("305496") for c in ws[1])
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions
    col = {h: i + 1 for i, h in enumerate(header)}
    assert ws.cell(2, col["工作领域"]).value == f"{area_names()['elderly_care']}、{area_names()['planning_support']}"
    assert ws.cell(2, col["牵头单位"]).value == "县民政局"
    assert ws.cell(2, col["完成时限"]).value == dt.datetime(2021, 12, 31)
    assert ws.cell(2, col["完成时限"]).number_format == "yyyy-mm-dd"
    assert ws.cell(2, col["约束强度"]).value == "约束性"
    # control characters stripped; text that looks like a formula stays text
    assert ws.cell(3, col["任务内容"]).value == "一要提升儿童关爱质量。要推动<b>未成年人</b>保护机构全覆盖。"
    assert ws.cell(3, col["任务"]).value == "=SUM(A1)强化儿童|福利服务" and ws.cell(3, col["任务"]).data_type == "s"
    assert ws.cell(3, col["任务内容"]).alignment.wrap_text
    widths = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for h, i in col.items()}
    assert widths["任务内容"] == 80 and 6 <= widths["编号"] <= 20 and widths["任务"] >= 20
    ws = wb[SHEET_TARGETS]
    assert [c.value for c in ws[1]][:6] == ["任务编号", "文件", "章节", "指标", "变化", "目标"]
    assert ws.max_row == 3 and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.cell(2, 4).value == "养老服务设施覆盖率" and ws.cell(2, 6).value == "≥75%"
    head = [c.value for c in ws[1]]
    assert head.index("基期值") < head.index("指标属性") < head.index("来源") < head.index("证据")
    assert ws.cell(2, head.index("来源") + 1).value == "正文"
    ws = wb[SHEET_TARGETS_DETAIL]
    assert [c.value for c in ws[1]][:3] == ["任务编号", "指标", "数值"] and ws.cell(2, 3).value == 75
    ws = wb[SHEET_SUMMARY]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    assert rows[0] == ["工作领域", "任务数（主要领域）", "涉及任务数", "量化目标数", "领域代码"]
    by_code = {r[4]: r for r in rows[1:] if len(r) > 4 and r[4]}
    assert by_code["elderly_care"][:4] == [area_names()["elderly_care"], 1, 1, 2]
    assert by_code["planning_support"][1:3] == [0, 1]
    assert ["（未分类）", 1, 1, 0, ""] in [[c or "" if i == 4 else c for i, c in enumerate(r)] for r in rows]
    docs = {r[0]: r for r in rows if r[0] in ("要点.txt", "讲话.txt", "空白.txt", "合计")}
    assert docs["要点.txt"][1:5] == [1, 2, 1, 1] and docs["空白.txt"][1:3] == [0, 0] and docs["合计"][1] == 3
    ws = wb[SHEET_ERRORS]
    assert [c.value for c in ws[2]] == ["坏文件.docx", "the file is truncated"]


def test_issue_15_excel_main_sheet_is_for_people(tmp_path):
    """The first sheet has Chinese headers, area names and readable amounts; codes and offsets are on the last."""
    import openpyxl

    big = _target("赤字规模", 1.6e12, "元", "=", direction="增加", baseline="比上年",
                  text="年底前赤字规模比上年增加1.6万亿元。")
    t = Task(id="报告-001", doc="报告.txt", section="三", marker="（一）", heading="实施更加积极的财政政策",
             text="（一）实施更加积极的财政政策。赤字规模4.1万亿元，比上年增加1.6万亿元。", start=0, end=40,
             areas=("planning_support",), targets=(_target("赤字规模", 4.1e12, "元", "="), big))
    p = tmp_path / "任务.xlsx"
    TaskList([t]).to_excel(p)
    wb = openpyxl.load_workbook(p)
    ws = wb[SHEET_TASKS]
    header = [c.value for c in ws[1]]
    assert not {"起", "止", "主要领域代码", "页码", "目标数"} & set(header)
    assert all(not any(ch.isascii() and ch.isalpha() for ch in h) for h in header)
    values = [c.value for c in ws[2]]
    assert "planning_support" not in values and area_names()["planning_support"] in values
    assert ws.cell(2, header.index("量化目标") + 1).value == "赤字规模4.1万亿元；赤字规模比上年增加1.6万亿元"
    ws = wb[SHEET_TARGETS]
    h = [c.value for c in ws[1]]
    rows = [dict(zip(h, r)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [(r["目标"], r["变化"]) for r in rows] == [("4.1万亿元", None), ("1.6万亿元", "比上年增加")]
    ws = wb[SHEET_TASKS_DETAIL]
    h = [c.value for c in ws[1]]
    assert {"起", "止", "主要领域代码", "类型代码"} <= set(h)
    assert ws.cell(2, h.index("主要领域代码") + 1).value == "planning_support"
    ws = wb[SHEET_TARGETS_DETAIL]
    cell = ws.cell(2, [c.value for c in ws[1]].index("数值") + 1)
    assert cell.value == 4.1e12 and "E" not in cell.number_format and "#,##0" in cell.number_format


def test_excel_without_errors_has_no_error_sheet(tmp_path):
    tl = _tasks()
    p = tmp_path / "a.xlsx"
    TaskList(tl.tasks).to_excel(p)
    import openpyxl

    assert SHEET_ERRORS not in openpyxl.load_workbook(p).sheetnames


def test_write_picks_format_and_rejects_unknown(tmp_path):
    assert write(_tasks(), tmp_path / "x.md") == "md"
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("| 编号")
    with pytest.raises(UnsupportedFormatError) as e:
        write(_tasks(), tmp_path / "x.rtf")
    assert "'rtf'" in str(e.value) and "xlsx" in str(e.value)


def test_atomic_write_leaves_nothing_on_failure(tmp_path, monkeypatch):
    """A failure while the workbook is being saved leaves neither output nor temp file."""
    import openpyxl.workbook.workbook as wbmod

    def boom(self, filename):
        with open(filename, "wb") as f:
            f.write(b"PK\x03\x04 half a workbook")
        raise KeyboardInterrupt

    monkeypatch.setattr(wbmod.Workbook, "save", boom)
    with pytest.raises(KeyboardInterrupt):
        _tasks().to_excel(tmp_path / "任务.xlsx")
    assert os.listdir(tmp_path) == []


def test_atomic_write_keeps_the_old_file_on_failure(tmp_path):
    p = tmp_path / "任务.csv"
    p.write_text("旧内容", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_path(p) as tmp:
            open(tmp, "w").write("新")
            raise RuntimeError("disk full")
    assert p.read_text(encoding="utf-8") == "旧内容" and os.listdir(tmp_path) == ["任务.csv"]


# ----------------------------------------------------------------------------- the taxonomy travels with the model

# An invented two-area taxonomy whose codes and names are not in the shipped one.
TINY_TAXONOMY = {"name": "tiny", "version": "1", "fallback": "misc", "areas": [
    {"code": "later_life", "name": "老年照护", "scope": "养老服务机构和设施", "seeds": []},
    {"code": "last_rites", "name": "身后事务", "scope": "殡葬设施和殡葬改革", "seeds": []},
    {"code": "misc", "name": "其余事项", "scope": "其他内容", "seeds": []},
]}


@pytest.fixture(scope="module")
def tiny_taxonomy_model():
    from pathlib import Path

    from policytext.classification import WorkAreaClassifier
    from policytext.classification.taxonomy import Taxonomy

    rows = [json.loads(line) for line in (Path(__file__).parent / "data" / "areas-tiny.jsonl").read_text(
        encoding="utf-8").splitlines()]
    codes = {"elderly_care": "later_life", "funeral": "last_rites"}
    texts = [r["sentence"] for r in rows]
    labels = [codes.get(r["areas"][0], "misc") for r in rows]
    tax = Taxonomy.from_dict(TINY_TAXONOMY)
    return WorkAreaClassifier(taxonomy=tax, C=10.0, min_df=1, threshold=0.2).fit(texts, labels)


def test_custom_taxonomy_names_reach_the_exports(tiny_taxonomy_model, tmp_path):
    import pickle

    import openpyxl

    from policytext.faces.plotting import area_counts
    from policytext.tasks import to_tasks
    from policytext.types import Document, Section

    text = "一、重点任务\n1.新建养老服务中心。新建街道养老服务中心，增加护理型养老床位。\n2.推进殡葬改革。新建公益性公墓，推行节地生态安葬。"
    a, b = text.index("1."), text.index("2.")
    secs = (Section(1, "一、", "重点任务", "一", 0, len(text), 5),
            Section(2, "1.", "新建养老服务中心", "一/1", a, b - 1, a + 11),
            Section(2, "2.", "推进殡葬改革", "一/2", b, len(text), b + 9))
    doc = Document(text=text, source="要点.txt", year=2024, doc_type="work_plan", sections=secs)
    tl = to_tasks(doc, classify=tiny_taxonomy_model)
    assert tl.taxonomy is tiny_taxonomy_model.taxonomy_
    assert [t.area for t in tl] == ["later_life", "last_rites"]
    assert tl[:1].taxonomy is tl.taxonomy and tl.filter(area="last_rites").taxonomy is tl.taxonomy
    assert pickle.loads(pickle.dumps(tl)).taxonomy == tl.taxonomy

    md = tl.to_markdown()
    assert "老年照护" in md and "身后事务" in md
    p = tmp_path / "任务.xlsx"
    tl.to_excel(p)
    wb = openpyxl.load_workbook(p)
    header = [c.value for c in wb[SHEET_TASKS][1]]
    assert [r[header.index("工作领域")] for r in wb[SHEET_TASKS].iter_rows(min_row=2, values_only=True)] == [
        "老年照护", "身后事务"]
    codes = [a["code"] for a in TINY_TAXONOMY["areas"]]
    summary = {r[4]: r[0] for r in wb[SHEET_SUMMARY].iter_rows(min_row=2, values_only=True) if r[4] in codes}
    assert summary == {"later_life": "老年照护", "last_rites": "身后事务", "misc": "其余事项"}
    assert area_counts(tl) == [("老年照护", 1), ("身后事务", 1)]
    # without a taxonomy of their own, the same tasks are named with the shipped taxonomy (codes unknown to it)
    plain = TaskList(tl.tasks)
    assert plain.taxonomy is None and "later_life" in plain.to_markdown()


def test_units_named_only_as_a_class_are_exported(tmp_path):
    """（责任单位：各区县民政局）: a class of units is kept as the task's scope, not as its lead; every export shows it
    (落实范围), so a task handed to 各区县民政局 does not look as if nobody were responsible."""
    import openpyxl
    import pyarrow.parquet as pq

    import policytext as pt

    tasks = pt.to_tasks("2024年全市民政工作要点\n一、社会救助\n1.开展低收入人口动态监测。（责任单位：各区县民政局）\n",
                        classify=False)
    assert tasks[0].scope == ("各区县民政局",) and tasks[0].leads == ()
    xlsx, pq_path, csv = tmp_path / "t.xlsx", tmp_path / "t.parquet", tmp_path / "t.csv"
    tasks.to_excel(xlsx)
    ws = openpyxl.load_workbook(xlsx)[SHEET_TASKS]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("落实范围") + 1).value == "各区县民政局"
    from policytext.export.parquet import to_parquet

    to_parquet(tasks, pq_path)
    assert pq.read_table(pq_path).column("scope").to_pylist() == [["各区县民政局"]]
    tasks.to_csv(csv)
    assert "各区县民政局" in csv.read_text(encoding="utf-8-sig")
    assert tasks.to_dataframe()["scope"].tolist() == [["各区县民政局"]]
