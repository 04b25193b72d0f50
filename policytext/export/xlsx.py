"""Excel export (openpyxl, imported when called).

The workbook is made to be handed out: the sheets a reader sees first hold
only what a person reads (Chinese headers, area names, amounts such as
``4.1万亿元``, the stated change such as ``比上年增加``); the codes and
offsets a program needs are on the last sheets.

- ``任务``: one row per task (bold filled header, frozen header row,
  autofilter, wrapped text, widths that fit Chinese);
- ``量化目标``: one row per target, readable;
- ``汇总``: tasks and targets per work area (Chinese names from the taxonomy
  of the tasks) and per document;
- ``错误``: the files that failed, when there are any;
- ``任务（技术字段）`` and ``目标（技术字段）``: kind, area codes, offsets,
  page, raw numbers, comparator and direction codes.

Control characters (not allowed in XML) are removed, so the file opens in
Excel and LibreOffice.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .._display import display_width
from ..types import STRENGTH_NAMES
from .atomic import PathLike, atomic_path
from .labels import KIND_NAMES, change_of
from .rows import (Tasks, _area_label, _target_rows, _task_rows, area_names, documents_of, errors_of, n_targets,
                   taxonomy_of)

__all__ = ["to_excel", "SHEET_TASKS", "SHEET_TARGETS", "SHEET_SUMMARY", "SHEET_ERRORS", "SHEET_TASKS_DETAIL",
           "SHEET_TARGETS_DETAIL"]

SHEET_TASKS = "任务"
SHEET_TARGETS = "量化目标"
SHEET_SUMMARY = "汇总"
SHEET_ERRORS = "错误"
SHEET_TASKS_DETAIL = "任务（技术字段）"
SHEET_TARGETS_DETAIL = "目标（技术字段）"

# control characters that XML 1.0 forbids (openpyxl refuses them)
RE_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_MAX_CELL = 32767
#: Rows of an Excel sheet, the header included.
EXCEL_MAX_ROWS = 1_048_576


def _clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = RE_ILLEGAL_XML.sub("", value)
        if len(value) > _EXCEL_MAX_CELL:
            value = value[: _EXCEL_MAX_CELL - 1] + "…"
    return value



# (header, key, width cap); width cap None = fit to content up to 40
_XL_TASKS: List[Tuple[str, str, Optional[int]]] = [
    ("编号", "id", None), ("文件", "doc", 30), ("章节", "section", 14), ("序号", "marker", 8),
    ("任务", "heading", 36), ("任务内容", "text", 80), ("工作领域", "areas", 24),
    ("牵头单位", "lead", 18), ("配合单位", "co", 24), ("落实范围", "scope", 16), ("完成时限", "deadline", 12), ("时限依据", "deadline_text", 16),
    ("约束强度", "strength", 10), ("量化目标", "targets", 50),
]
_XL_TASKS_DETAIL: List[Tuple[str, str, Optional[int]]] = [
    ("编号", "id", None), ("类型", "kind_name", 10), ("类型代码", "kind", 10), ("主要领域代码", "area", 22),
    ("领域代码", "area_codes", 36), ("约束强度代码", "strength", 14), ("目标数", "n_targets", 8),
    ("页码", "page", 6), ("起", "start", 8), ("止", "end", 8),
]
_XL_TARGETS: List[Tuple[str, str, Optional[int]]] = [
    ("任务编号", "task_id", None), ("文件", "doc", 30), ("章节", "section", 14), ("指标", "indicator", 30),
    ("变化", "change", 14), ("目标", "target", 16), ("完成时限", "deadline", 12), ("时限依据", "deadline_text", 16),
    ("约束强度", "strength", 10), ("基期值", "baseline", 14), ("指标属性", "attribute", 10), ("来源", "origin", 12),
    ("证据", "quote", 30), ("原句", "text", 80),
]
_XL_TARGETS_DETAIL: List[Tuple[str, str, Optional[int]]] = [
    ("任务编号", "task_id", None), ("指标", "indicator", 30), ("数值", "value", 22), ("上限", "value_max", 22),
    ("单位", "unit", 10), ("比较", "comparator", 8), ("变化代码", "direction", 10), ("基期", "baseline", 14),
    ("占位", "placeholder", 6), ("可选", "optional", 6), ("约束强度代码", "strength", 14), ("页码", "page", 6),
    ("起", "start", 8), ("止", "end", 8),
]
# raw numbers on the technical sheet: thousands separators, never an exponent
_NUMBER_FORMAT = "#,##0.####"


def _origin(row: Dict[str, Any]) -> str:
    """Where a target was stated, for people: 正文, or 表N第M行 for a cell of an indicator table."""
    if row.get("source") == "table" and row.get("table") is not None:
        return f"表{row['table'] + 1}第{row['row']}行" if row.get("row") is not None else f"表{row['table'] + 1}"
    return "正文"


def _write_sheet(ws: Any, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 caps: Sequence[Optional[int]], *, date_cols: Sequence[int] = (),
                 number_cols: Sequence[int] = ()) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")
    head_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append(list(header))
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = bold, fill, head_align
    for row in rows:
        ws.append([_clean_cell(v) for v in row])
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            if cell.data_type == "f":  # text that starts with "=" is text, not a formula
                cell.data_type = "s"
            cell.alignment = wrap
    for i in date_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = "yyyy-mm-dd"
    for i in number_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = _NUMBER_FORMAT
    for i, cap in enumerate(caps):
        sample = [header[i]] + [row[i] for row in rows[:500]]
        width = max(display_width(v) for v in sample) + 2
        ws.column_dimensions[get_column_letter(i + 1)].width = max(6, min(cap or 40, width))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.row_dimensions[1].height = 20
    # printed: landscape, all columns on the page width, the header row on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"


def _summary_rows(tasks: Tasks, names: Dict[str, str]) -> Tuple[List[List[Any]], List[List[Any]]]:
    per_area: Dict[str, List[int]] = {code: [0, 0, 0] for code in names}
    for t in tasks:
        for k, code in enumerate(t.areas):
            counts = per_area.setdefault(code, [0, 0, 0])
            counts[1] += 1
            if k == 0:
                counts[0] += 1
                counts[2] += len(t.targets)
    unclassified = [t for t in tasks if not t.areas]
    area_rows = [[names.get(code, code), c[0], c[1], c[2], code] for code, c in per_area.items()]
    if unclassified:
        area_rows.append(["（未分类）", len(unclassified), len(unclassified),
                          sum(len(t.targets) for t in unclassified), ""])
    area_rows.append(["合计", len(tasks), None, n_targets(tasks), ""])
    doc_rows: List[List[Any]] = []
    for d in documents_of(tasks):
        mine = [t for t in tasks if t.doc == d]
        doc_rows.append([d, len(mine), sum(len(t.targets) for t in mine),
                         sum(1 for t in mine if t.deadline or t.deadline_text), sum(1 for t in mine if t.lead)])
    doc_rows.append(["合计", len(tasks), n_targets(tasks),
                     sum(1 for t in tasks if t.deadline or t.deadline_text), sum(1 for t in tasks if t.lead)])
    return area_rows, doc_rows


def _cols(spec: Sequence[Tuple[str, str, Optional[int]]], key: str) -> List[int]:
    return [i for i, (_, k, _) in enumerate(spec) if k == key]


def _sheet(wb: Any, title: str, spec: Sequence[Tuple[str, str, Optional[int]]], records: Sequence[Dict[str, Any]],
           *, numbers: Sequence[str] = ()) -> None:
    ws = wb.create_sheet(title)
    _write_sheet(ws, [h for h, _, _ in spec], [[r[key] for _, key, _ in spec] for r in records],
                 [c for _, _, c in spec], date_cols=_cols(spec, "deadline"),
                 number_cols=[i for k in numbers for i in _cols(spec, k)])


def to_excel(tasks: Tasks, path: PathLike) -> None:
    """Write the task list as an Excel workbook to hand out; atomic.

    Sheets: ``任务`` (one row per task: number, document, section, task, its
    text, work areas by name, lead and co-responsible units, deadline,
    strength, the targets as ``赤字规模比上年增加1.6万亿元``), ``量化目标``
    (one row per target: indicator, change such as ``比上年增加``, the value
    with its unit such as ``≥4.1万亿元``, deadline, evidence), ``汇总`` (tasks
    and targets per work area — Chinese names from the taxonomy of the tasks,
    ``tasks.taxonomy``, else the shipped one — and per document), ``错误``
    (files that failed) when there are any, then the technical sheets
    ``任务（技术字段）`` (kind, area codes, page, offsets) and ``目标（技术字段）``
    (raw numbers, unit, comparator and direction codes, offsets). Every sheet
    has a bold filled header, a frozen header row, an autofilter, wrapped text
    and column widths that fit Chinese text.

    Example:
        >>> import tempfile, os, openpyxl
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。\\x07", start=0, end=10, areas=("social_assistance",))
        >>> p = os.path.join(tempfile.mkdtemp(), "任务清单.xlsx")
        >>> to_excel(TaskList([t]), p)
        >>> ws = openpyxl.load_workbook(p)["任务"]
        >>> ws.freeze_panes, ws["E2"].value, ws["F2"].value, ws["G2"].value
        ('A2', '做好低保工作', '1.做好低保工作。', '社会救助')
    """
    from openpyxl import Workbook

    names = area_names(taxonomy_of(tasks))
    strength = STRENGTH_NAMES
    n_rows = {SHEET_TASKS: len(tasks), SHEET_TARGETS: sum(len(t.targets) for t in tasks)}
    for sheet, n in n_rows.items():
        if n + 1 > EXCEL_MAX_ROWS:  # checked before any row is written
            from ..errors import OutputError

            raise OutputError(path, f"{n:,} rows do not fit in the Excel sheet {sheet!r} (at most "
                                    f"{EXCEL_MAX_ROWS - 1:,} rows under the header); write Parquet or CSV "
                                    f"instead (-o tasks.parquet or -o tasks.csv)")
    task_records = []
    for r, t in zip(_task_rows(tasks), tasks):
        r.update(area_codes="; ".join(r["areas"]), areas=_area_label(t.areas, names), co="、".join(r["co"]),
                 scope="、".join(r["scope"]),
                 strength_name=strength.get(t.strength, t.strength), kind_name=KIND_NAMES.get(t.kind, t.kind),
                 targets="；".join(r["targets"]))
        task_records.append(r)
    target_records = []
    targets = [x for t in tasks for x in t.targets]
    for r, x in zip(_target_rows(tasks), targets):
        r.update(change=change_of(x) or None, strength_name=strength.get(x.strength, x.strength),
                 origin=_origin(r))
        target_records.append(r)

    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, SHEET_TASKS, [(h, "strength_name" if k == "strength" else k, c) for h, k, c in _XL_TASKS],
           task_records)
    _sheet(wb, SHEET_TARGETS, [(h, "strength_name" if k == "strength" else k, c) for h, k, c in _XL_TARGETS],
           target_records)

    ws = wb.create_sheet(SHEET_SUMMARY)
    area_rows, doc_rows = _summary_rows(tasks, names)
    _write_sheet(ws, ["工作领域", "任务数（主要领域）", "涉及任务数", "量化目标数", "领域代码"], area_rows,
                 [24, 12, 12, 12, 22])
    from openpyxl.styles import Alignment, Font, PatternFill

    start = ws.max_row + 2
    for j, h in enumerate(["文件", "任务数", "量化目标数", "有时限的任务", "有牵头单位的任务"], 1):
        c = ws.cell(row=start, column=j, value=h)
        c.font, c.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(doc_rows, start + 1):
        for j, v in enumerate(row, 1):
            ws.cell(row=i, column=j, value=_clean_cell(v)).alignment = Alignment(wrap_text=True, vertical="top")
    width = max([display_width(r[0]) for r in doc_rows] + [24]) + 2
    ws.column_dimensions["A"].width = min(50, width)
    for r in (len(area_rows) + 1, start + len(doc_rows)):
        for c in ws[r]:
            c.font = Font(bold=True)

    errors = errors_of(tasks)
    if errors:
        ws = wb.create_sheet(SHEET_ERRORS)
        _write_sheet(ws, ["文件", "原因"], [list(e) for e in errors], [60, 80])

    _sheet(wb, SHEET_TASKS_DETAIL, _XL_TASKS_DETAIL, task_records)
    _sheet(wb, SHEET_TARGETS_DETAIL, _XL_TARGETS_DETAIL, target_records, numbers=("value", "value_max"))

    with atomic_path(path) as tmp:
        wb.save(tmp)
