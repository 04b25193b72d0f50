"""Tables as tables: docx (merged cells), HTML (rowspan), PDF (ruled, CJK font) -> indicator targets and table tasks."""
from __future__ import annotations

import datetime as dt
import io

import pytest

import policytext as pt
from policytext.extract.tables import parse_cell_value, read_header, table_kind, table_targets
from policytext.io.pdf_tables import read_pdf_tables
from policytext.types import Extracted, Block, Table
from policytext.document import build_document

# fmt: off
INDICATOR = [
    ["类别", "指标", "2020年", "2025年", "属性"],
    ["养老服务", "养老机构护理型床位占比（%）", "45", "≥55", "约束性"],
    ["养老服务", "每千名老年人拥有养老床位数（张）", "30", "35", "预期性"],
    ["社会救助", "城乡低保标准年均增长（%）", "—", ">5%", "预期性"],
]
TASKS = [
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
    ["1", "建成县级养老服务指导中心，护理型床位占比达到55%。", "县民政局", "县财政局、县卫健局", "2022年底前"],
    ["2", "完善特困人员供养服务设施。", "县民政局、县发展改革局", "各乡镇", "2023年6月底前"],
    ["3", "健全低保动态管理机制。", "县民政局", "县医保局", "长期坚持"],
]
VALUES = [
    ("≥60", (60.0, None, "", ">=")),
    (">95%", (95.0, None, "%", ">=")),
    ("95%以上", (95.0, None, "%", ">=")),
    ("8-10", (8.0, 10.0, "", "range")),
    ("3万人左右", (3.0, None, "万人", "~")),
    ("持续提升", None),
    ("—", None),
]
# fmt: on


@pytest.mark.parametrize("cell,expected", VALUES)
def test_parse_cell_value(cell, expected):
    assert parse_cell_value(cell) == expected


def _docx(rows, *, merge_category=True, body=()) -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("2022年青山县民政工作方案")
    d.add_paragraph("一、主要目标")
    for paragraph in body:
        d.add_paragraph(paragraph)
    d.add_paragraph("附表：主要指标")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if merge_category and c == 0 and r == 2 and rows[1][0] == rows[2][0]:
                continue  # merged below
            t.cell(r, c).text = v
    if merge_category and rows[1][0] == rows[2][0]:
        t.cell(1, 0).merge(t.cell(2, 0))
        t.cell(1, 0).text = rows[1][0]
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _html(rows) -> bytes:
    out = ["<html><head><meta charset='utf-8'><title>青山县民政工作方案</title></head><body><div class='content'>",
           "<p>一、主要目标</p><p>附表：主要指标</p><table>"]
    for r, row in enumerate(rows):
        out.append("<tr>")
        for c, v in enumerate(row):
            if c == 0 and r == 2 and rows[1][0] == rows[2][0]:
                continue  # covered by the rowspan above
            span = " rowspan='2'" if c == 0 and r == 1 and rows[1][0] == rows[2][0] else ""
            out.append(f"<td{span}>{v}</td>")
        out.append("</tr>")
    out.append("</table><p>二、保障措施</p><p>各乡镇要加强组织领导。</p></div></body></html>")
    return "".join(out).encode("utf-8")


def _pdf(rows) -> bytes:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    widths = [40, 200, 90, 90, 70][:len(rows[0])]
    x0, y0, h = 40, 700, 28
    c.setFont(font, 8)
    c.drawString(x0, y0 + 20, "附表：主要指标")
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    for r, row in enumerate(rows):
        y = y0 - r * h
        for k, v in enumerate(row):
            c.drawString(xs[k] + 2, y - 18, v[:30])
    for r in range(len(rows) + 1):
        c.line(xs[0], y0 - r * h, xs[-1], y0 - r * h)
    for x in xs:
        c.line(x, y0, x, y0 - len(rows) * h)
    c.showPage()
    c.save()
    return buf.getvalue()


def _pdf_wrapped(rows, widths=(40, 170, 110, 90, 80)) -> bytes:
    """A ruled task table whose long cells wrap onto several lines (as Word and WPS print them), between
    two paragraphs of body text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))

    def wrap(text, width):
        lines, cur = [], ""
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, font, 10) > width - 6:
                lines.append(cur)
                cur = ch
            else:
                cur += ch
        return lines + [cur]

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setFont(font, 16)
    c.drawString(72, 780, "青山县2022年民政重点工作任务分解表")
    c.setFont(font, 12)
    c.drawString(96, 750, "为抓好各项任务落实，现将重点任务分解如下。")
    xs = [40]
    for w in widths[:len(rows[0])]:
        xs.append(xs[-1] + w)
    tops = [720]
    c.setFont(font, 10)
    for row in rows:
        cells = [wrap(v, xs[k + 1] - xs[k]) for k, v in enumerate(row)]
        for k, lines in enumerate(cells):
            for j, line in enumerate(lines):
                c.drawString(xs[k] + 3, tops[-1] - 14 - 13 * j, line)
        tops.append(tops[-1] - 8 - 13 * max(map(len, cells)))
    for t in tops:
        c.line(xs[0], t, xs[-1], t)
    for x in xs:
        c.line(x, tops[0], x, tops[-1])
    c.setFont(font, 12)
    c.drawString(96, tops[-1] - 30, "各单位要于每季度末报送进展情况。")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pdf_task_table_with_wrapped_cells_reads_like_the_docx(engine, tmp_path):
    """A cell whose text wraps is one cell, its lines joined without a space; the text holds one line per row
    (cells joined by tabs, as from a .docx) instead of the lines read across the cells, so the rows' tasks
    have their whole text, targets, units and deadlines."""
    rows = [TASKS[0]] + [[r[0], r[1] + f"力争服务对象满意度达到9{k}%以上。", *r[2:]] for k, r in enumerate(TASKS[1:])]
    p = tmp_path / "2022年方案.pdf"
    p.write_bytes(_pdf_wrapped(rows))
    doc = pt.load(p, engine=engine)
    assert doc.tables[0].rows == tuple(map(tuple, rows))
    lines = doc.text.splitlines()
    assert lines[2:6] == ["\t".join(r) for r in rows]
    assert lines[-1] == "各单位要于每季度末报送进展情况。"
    tasks = [t for t in pt.to_tasks(doc, classify=False) if t.source == "table"]
    want = [t for t in pt.to_tasks(_load("docx", rows), classify=False) if t.source == "table"]
    assert [(t.heading, t.leads, t.co, t.scope, t.deadline) for t in tasks] == \
        [(t.heading, t.leads, t.co, t.scope, t.deadline) for t in want]
    assert [sorted(x.value for x in t.targets) for t in tasks] == [[55.0, 90.0], [91.0], [92.0]]
    for t in tasks:
        assert t.text == doc.text[t.start:t.end] and t.page == 1


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_rows_of_a_task_table_do_not_restate_each_other(fmt):
    """Each row is a task of its own: the same commitment written in several rows (服务对象满意度达到95%以上)
    stays with every row; it is not dropped from the later rows as a restatement."""
    rows = [TASKS[0]] + [[r[0], r[1] + "力争服务对象满意度达到95%以上。", *r[2:]] for r in TASKS[1:]]
    doc = _load(fmt, rows) if fmt == "docx" else _load_path("pdf", _pdf_wrapped(rows))
    tasks = [t for t in pt.to_tasks(doc, classify=False) if t.source == "table"]
    assert [sorted(x.value for x in t.targets) for t in tasks] == [[55.0, 95.0], [95.0], [95.0]]


def test_a_row_keeps_its_target_when_the_body_said_it_before():
    """A task-table row is a task of its own: its commitment stays with it when the plan's goals already named
    the same figure (到2022年底护理型床位占比达到55%), so the row's task shows its target beside its units;
    the goal keeps its own. Neither is a restatement of the other."""
    goal = "到2022年底，全县护理型床位占比达到55%。"
    doc = _load_path("docx", _docx(TASKS, body=[goal]))
    found = pt.extract_targets(doc)
    assert [(x.value, x.deadline.isoformat()) for x in found] == [(55.0, "2022-12-31")] * 2
    assert found[0].quote == "全县护理型床位占比达到55%" and found[0].start < doc.tables[0].start <= found[1].start
    row = [t for t in pt.to_tasks(doc, classify=False) if t.source == "table"][0]
    assert [x.value for x in row.targets] == [55.0] and row.leads == ("县民政局",)
    # a goal said twice in the body is still one target
    twice = _load_path("docx", _docx(TASKS[:1], merge_category=False, body=[goal, "年底前，" + goal[8:]]))
    assert [x.value for x in pt.extract_targets(twice)] == [55.0]


def _doc_from_tables(tables, rows_text) -> pt.Document:
    text = "2022年青山县民政工作方案\n附表：主要指标\n" + "\n".join("\t".join(r) for r in rows_text)
    return build_document(Extracted(text, (Block(text, 0, len(text)),), source="方案.pdf", format="pdf",
                                    tables=tuple(tables)))


def _load(fmt: str, rows) -> pt.Document:
    if fmt == "docx":
        return pt.load(_docx(rows), source="方案.docx") if _accepts_bytes() else _load_path("docx", _docx(rows))
    if fmt == "html":
        return _load_path("html", _html(rows))
    return _load_path("pdf", _pdf(rows))  # pt.load: the default engine, tables from pdfplumber's finder


def _accepts_bytes() -> bool:
    return False


def _load_path(suffix: str, data: bytes) -> pt.Document:
    import os
    import tempfile

    p = os.path.join(tempfile.mkdtemp(), f"2022年方案.{suffix}")
    with open(p, "wb") as f:
        f.write(data)
    return pt.load(p)


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_indicator_table_in_every_format(fmt):
    doc = _load(fmt, INDICATOR)
    assert doc.tables, "the reader kept no table"
    t = doc.tables[0]
    assert t.rows[2][0] == "养老服务"  # a merged category cell repeats for each row
    assert table_kind(t) == "indicator"
    targets = table_targets(t, doc.text)
    got = [(x.indicator, x.value, x.unit, x.comparator, x.deadline, x.strength, x.attribute) for x in targets]
    assert got == [
        ("养老机构护理型床位占比", 55.0, "%", ">=", dt.date(2025, 12, 31), "binding", "约束性"),
        ("每千名老年人拥有养老床位数", 35.0, "张", "=", dt.date(2025, 12, 31), "aspirational", "预期性"),
        ("城乡低保标准年均增长", 5.0, "%", ">=", dt.date(2025, 12, 31), "aspirational", "预期性"),
    ]
    assert [x.baseline for x in targets] == ["45（2020年）", "30（2020年）", None]
    assert all(x.source == "table" and x.table == 0 and x.column == 3 for x in targets)
    assert [x.row for x in targets] == [1, 2, 3]
    for x in targets:  # evidence: the cell, located in the text
        assert doc.text[x.quote_start:x.quote_end] == x.quote
    # base-year cells are never targets
    assert not any(x.value in (45.0, 30.0) for x in targets)
    tasks = pt.to_tasks(doc, classify=False)
    table_task = [t for t in tasks if t.source == "table"]
    assert len(table_task) == 1 and len(table_task[0].targets) == 3


@pytest.mark.parametrize("fmt", ["docx", "html", "pdf"])
def test_task_table_in_every_format(fmt):
    doc = _load(fmt, TASKS)
    assert doc.tables and table_kind(doc.tables[0]) == "task"
    tasks = [t for t in pt.to_tasks(doc, classify=False) if t.source == "table"]
    assert [t.marker for t in tasks] == ["1", "2", "3"]
    assert tasks[0].heading.startswith("建成县级养老服务指导中心")
    assert (tasks[0].leads, tasks[0].co) == (("县民政局",), ("县财政局", "县卫健局"))
    assert tasks[1].leads == ("县民政局", "县发展改革局") and tasks[1].scope == ("各乡镇",)
    assert [t.deadline for t in tasks] == [dt.date(2022, 12, 31), dt.date(2023, 6, 30), None]
    assert tasks[2].deadline_text == "长期坚持"
    assert [t.row for t in tasks] == [1, 2, 3]
    assert any(x.value == 55.0 for x in tasks[0].targets)  # targets found in the row's text
    for t in tasks:
        assert t.text == doc.text[t.start:t.end]


def test_sample_work_plan_appendix_table():
    doc = pt.load("corpora/samples/workplan_bixi_2023.docx")
    tasks = pt.to_tasks(doc, classify=False)
    table = [t for t in tasks if t.source == "table"][0]
    got = [(x.indicator, x.value, x.unit, x.baseline) for x in table.targets]
    assert got == [("城市低保标准", 780.0, "元/人·月", "740（2022年）"),
                   ("城市社区养老服务设施覆盖率", 95.0, "%", "86%（2022年）"),
                   ("火化率", 98.0, "%", "95.2%（2022年）")]
    assert all(x.deadline == dt.date(2023, 12, 31) for x in table.targets)
    # no text target comes from the table's tab-joined lines any more (no indicator "县民政局")
    assert not any(x.indicator == "县民政局" for t in tasks for x in t.targets)


# fmt: off
BAD = [
    Table(rows=(("", "", ""), ("a", "1", "2"))),                               # empty header
    Table(rows=(("指标", "2025年"), ("覆盖率",), ("床位", "1", "2", "3", "4"))),  # ragged
    Table(rows=(("指标",),)),                                                  # one row
    Table(rows=()),                                                            # nothing
    Table(rows=(("序号", "工作任务", "牵头单位"),) + tuple((str(i), f"任务{i}", "县民政局") for i in range(5000))),
]
# fmt: on


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_pdf_tables_reach_the_document_with_either_engine(engine, tmp_path):
    p = tmp_path / "2022年方案.pdf"
    p.write_bytes(_pdf(TASKS))
    doc = pt.load(p, engine=engine)
    assert len(doc.tables) == 1 and doc.tables[0].page == 1
    assert table_kind(doc.tables[0]) == "task"
    assert read_pdf_tables(p.read_bytes())[0].rows == doc.tables[0].rows


@pytest.mark.parametrize("table", BAD)
def test_bad_tables_never_crash(table):
    read_header(table)
    table_kind(table)
    table_targets(table)


def test_big_task_table_is_fast():
    import time

    rows = [TASKS[0]] + [[str(i), f"完成第{i}项工作。", "县民政局", "县财政局", "2023年底前"] for i in range(5000)]
    text = "方案\n" + "\n".join("\t".join(r) for r in rows)
    t0 = time.perf_counter()
    doc = build_document(Extracted(text, (Block(text, 0, len(text)),), source="x.docx", format="docx",
                                   tables=(Table(rows=tuple(map(tuple, rows))),)))
    assert doc.tables[0].start is not None
    tasks = pt.to_tasks(doc, classify=False, targets=[])
    assert len(tasks) == 5000 and time.perf_counter() - t0 < 60


def test_html_nested_table_is_flattened():
    html = ("<html><body><table><tr><td>指标</td><td>2025年</td></tr><tr><td>覆盖率（%）<table><tr><td>注</td></tr>"
            "</table></td><td>95</td></tr></table></body></html>").encode("utf-8")
    from policytext.io.html import read_html

    ex = read_html(html)
    assert len(ex.tables) == 1 and ex.tables[0].rows[1][1] == "95"


def test_table_targets_keep_baseline_attribute_and_origin_in_excel(tmp_path):
    import openpyxl

    from policytext.export import SHEET_TARGETS

    doc = _load("docx", INDICATOR)
    out = tmp_path / "任务.xlsx"
    pt.to_tasks(doc, classify=False).to_excel(out)
    ws = openpyxl.load_workbook(out)[SHEET_TARGETS]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    by_indicator = {r["指标"]: r for r in rows}
    first = by_indicator["养老机构护理型床位占比"]
    assert first["基期值"] == "45（2020年）" and first["指标属性"] == "约束性" and first["来源"] == "表1第1行"
    assert by_indicator["每千名老年人拥有养老床位数"]["指标属性"] == "预期性"


def test_extract_targets_on_a_document_reads_indicator_tables_from_their_cells():
    doc = _load("docx", INDICATOR)
    got = [(x.indicator, x.value, x.source) for x in pt.extract_targets(doc)]
    assert ("养老机构护理型床位占比", 55.0, "table") in got
    assert not any(v in (45.0, 30.0) for _, v, _ in got)  # base-year cells are never targets


# --------------------------------------------------------------------------- stop 30: task tables as bureaus write them

TASK_HEAD = ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]


def _task_docx(rows, *, merged_down=(), merged_across=()) -> "pt.Document":
    """A real .docx: a title, then a task table; ``merged_down`` (row, column) cells are merged with the cell
    above (Word writes their text once), ``merged_across`` rows are one cell across the table."""
    import docx

    d = docx.Document()
    d.add_paragraph("2024年全市民政重点工作任务分工表")
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if (r, c) not in merged_down and r not in merged_across:
                t.cell(r, c).text = v
    for r, c in merged_down:
        t.cell(r - 1, c).merge(t.cell(r, c))
    for r in merged_across:
        cell = t.cell(r, 0).merge(t.cell(r, len(rows[0]) - 1))
        cell.text = rows[r][0]
    buf = io.BytesIO()
    d.save(buf)
    return pt.load(buf.getvalue(), format="docx")


def _table_tasks(doc):
    tasks = [t for t in pt.to_tasks(doc, classify=False) if t.source == "table"]
    for a, b in zip(tasks, tasks[1:]):
        assert a.end <= b.start  # tasks never overlap
    for t in tasks:
        assert t.text == doc.text[t.start:t.end]
    return tasks


def test_task_rows_with_a_year_in_their_time_limit_are_no_header():
    """2024年9月底前 in the 完成时限 column is a row's time limit, not a header's year: every row is a task."""
    doc = _task_docx([TASK_HEAD, ["1", "提高城乡低保标准", "市民政局", "市财政局", "2024年9月底前"],
                      ["2", "新建社区养老服务中心10个", "市民政局", "市住房城乡建设局", "2024年12月底前"],
                      ["3", "开展留守儿童关爱行动", "市民政局", "市教育局", "2024年6月底前"]])
    tasks = _table_tasks(doc)
    assert [t.marker for t in tasks] == ["1", "2", "3"]
    assert [t.co for t in tasks] == [("市财政局",), ("市住房城乡建设局",), ("市教育局",)]
    assert [[x.value for x in t.targets] for t in tasks] == [[], [10.0], []]
    assert [str(t.deadline) for t in tasks] == ["2024-09-30", "2024-12-31", "2024-06-30"]


def test_the_same_lead_in_every_row_and_cells_merged_down():
    """市民政局 leads every row (a cell of its own in each), the 重点领域 column is merged down: each row's task is
    its own row's text, with its own targets."""
    head = ["序号", "重点领域", "工作任务", "牵头单位", "配合单位", "完成时限"]
    doc = _task_docx([head, ["1", "社会救助", "提高低保标准，城市低保标准提高到每人每月1050元", "市民政局", "市财政局", "9月底前"],
                      ["2", "社会救助", "开展低收入人口动态监测", "市民政局", "市大数据局", "12月底前"],
                      ["3", "养老服务", "新建社区嵌入式养老服务中心10个，护理型床位占比达到60%", "市民政局", "市商务局", "10月底前"],
                      ["4", "养老服务", "开展养老护理员培训2000人次", "市人社局", "市民政局", "11月底前"]],
                     merged_down=[(2, 1), (4, 1)])
    tasks = _table_tasks(doc)
    assert [t.marker for t in tasks] == ["1", "2", "3", "4"]
    assert [t.text.split("\t")[0] for t in tasks] == ["1", "2", "3", "4"]
    assert [[x.value for x in t.targets] for t in tasks] == [[1050.0], [], [10.0, 60.0], [2000.0]]
    assert [t.leads for t in tasks] == [("市民政局",)] * 3 + [("市人社局",)]


def test_category_rows_and_section_columns():
    """A numbered category row merged across the table is no task and no header; 责任股室 names the lead."""
    head = ["序号", "工作任务", "责任领导", "责任股室", "完成时限"]
    doc = _task_docx([head, ["一、社会救助"] * 5, ["1", "做好城乡低保提标工作", "李副局长", "社会救助股", "9月底前"],
                      ["二、社会事务"] * 5, ["2", "推进公益性公墓建设2处", "王副局长", "社会事务股", "12月底前"]],
                     merged_across=[1, 3])
    tasks = _table_tasks(doc)
    assert [(t.marker, t.heading) for t in tasks] == [("1", "做好城乡低保提标工作"), ("2", "推进公益性公墓建设2处")]
    assert [t.leads for t in tasks] == [("社会救助股",), ("社会事务股",)]


def test_a_table_without_its_header_is_found_where_its_first_cell_stands_alone():
    """A task table continued on a new page starts with its row number 1: not the 1 of 12.4万 in the text above."""
    from policytext.document.tables import locate_tables
    from policytext.types import Table

    text = ("一、2023年工作回顾\n全年救助困难群众12.4万人次。\n二、重点任务\n（一）提高保障标准。\n附件\n"
            "1\t城乡低保标准提高到每人每月860元\t市民政局\t2024年6月底\n2\t新建社区养老服务综合体8个\t市民政局\t2024年12月底")
    table = Table(rows=(("1", "城乡低保标准提高到每人每月860元", "市民政局", "2024年6月底"),
                        ("2", "新建社区养老服务综合体8个", "市民政局", "2024年12月底")))
    located = locate_tables(text, [table])[0]
    assert located.start == text.index("1\t城乡") and located.end == len(text)
