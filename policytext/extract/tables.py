"""Tables as commitments: indicator tables (主要指标) to targets, and the column roles of task tables.

Pure functions over a :class:`~policytext.types.Table` (and, for evidence,
the document text its cells were located in):

- :func:`read_header` finds the header rows and what each column holds:
  the indicator, base-year columns (``2020年``, ``基期``, ``现状``), target
  columns (``2025年``, ``目标值``, ``2023年目标``), ``属性``, ``单位``, and the
  columns of a task table (``工作任务``, ``牵头单位``, ``配合单位``, ``完成时限``);
- :func:`table_kind` tells an indicator table from a task table (else ``None``:
  the table stays text);
- :func:`table_targets` gives one :class:`~policytext.types.Target` per
  target-year cell: value, unit (cell, indicator ``（%）``, unit column or
  header), comparator (``≥60``, ``>95%``, ``95%以上``), deadline from the
  column's year, baseline from the base column, strength from ``属性``
  (约束性 binding, 预期性 aspirational) and the cell as evidence. Base-year
  cells are never targets.

Bad tables (ragged rows, empty headers, thousands of rows) give what they can
and never raise.
"""
from __future__ import annotations

import datetime as _dt
import re
import dataclasses
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from ..types import Document, Table, Target

__all__ = ["Header", "read_header", "table_kind", "table_targets", "with_table_targets", "parse_cell_value"]

RE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?")
RE_INDICATOR = re.compile(r"指标|名称|项目|内容")
RE_BASE = re.compile(r"基期|基数|基准|现状|现值|基础值|实际|完成值")
RE_TARGET = re.compile(r"目标|规划|预期值|预期目标|计划")
RE_ATTRIBUTE = re.compile(r"属性|性质|类型")
RE_UNIT_HEAD = re.compile(r"^(?:计量)?单位$")
RE_TASK = re.compile(r"任务|工作内容|工作措施|具体措施|主要内容|工作事项|重点工作|举措")
RE_LEAD = re.compile(r"牵头|责任单位|责任部门|责任(?:处|科|股)室|主责|负责单位|责任主体")
RE_CO = re.compile(r"配合|协办|参与|参加|协同")
RE_DEADLINE = re.compile(r"时限|时间|完成期限|进度|时间节点")
RE_NO = re.compile(r"^(?:序号|编号|序)$")
RE_CATEGORY = re.compile(r"类别|领域|分类|方面|板块")
RE_PAREN_UNIT = re.compile(r"[（(]\s*([^（）()]{1,12}?)\s*[)）]\s*$")
RE_VALUE = re.compile(
    r"^(?P<pre>≥|>=|＞=|≤|<=|＜=|>|＞|<|＜|不低于|不少于|不小于|不超过|不高于|不大于|达到|超过|高于|低于|约|〔|\[|【)?\s*"
    r"(?P<num>-?\d+(?:\.\d+)?)\s*(?:(?P<dash>[-—~～至到])\s*(?P<max>\d+(?:\.\d+)?))?\s*"
    r"(?P<unit>%|％|‰|[^\d\s〕\]】以左上下内]{1,6}?)?\s*(?P<post>以上|以下|左右|以内|〕|\]|】)?$")
_BINDING = ("约束性", "约束")
_ASPIRATIONAL = ("预期性", "预期", "指导性")


@dataclass(frozen=True)
class Header:
    """What the columns of a table hold.

    Attributes:
        rows: Number of header rows.
        labels: Each column's header text (the distinct header cells joined).
        indicator, attribute, unit, task, deadline, number, category: Column
            indexes of those roles, or ``None``.
        base: ``column -> year`` (``None`` when not stated) of base columns.
        target: ``column -> year`` of target columns.
        lead, co: Columns of lead and co-responsible units.
    """

    rows: int
    labels: Tuple[str, ...]
    indicator: Optional[int] = None
    attribute: Optional[int] = None
    unit: Optional[int] = None
    task: Optional[int] = None
    deadline: Optional[int] = None
    number: Optional[int] = None
    category: Optional[int] = None
    base: Dict[int, Optional[int]] = field(default_factory=dict)
    target: Dict[int, Optional[int]] = field(default_factory=dict)
    lead: Tuple[int, ...] = ()
    co: Tuple[int, ...] = ()


def parse_cell_value(cell: str) -> Optional[Tuple[float, Optional[float], str, str]]:
    """``(value, value_max, unit, comparator)`` of a table cell, or ``None`` when it holds no number.

    Example:
        >>> parse_cell_value("≥60"), parse_cell_value(">95%"), parse_cell_value("95%以上")
        ((60.0, None, '', '>='), (95.0, None, '%', '>='), (95.0, None, '%', '>='))
        >>> parse_cell_value("8-10万人"), parse_cell_value("持续提升")
        ((8.0, 10.0, '万人', 'range'), None)
    """
    s = " ".join(str(cell).split()).replace("，", "").replace(",", "")
    m = RE_VALUE.match(s)
    if not m:
        return None
    value = float(m.group("num"))
    vmax = float(m.group("max")) if m.group("max") else None
    unit = (m.group("unit") or "").replace("％", "%")
    pre, post = m.group("pre") or "", m.group("post") or ""
    if vmax is not None:
        comparator = "range"
    elif pre in ("≥", ">=", "＞=", ">", "＞", "不低于", "不少于", "不小于", "达到", "超过", "高于") or post == "以上":
        comparator = ">="
    elif pre in ("≤", "<=", "＜=", "<", "＜", "不超过", "不高于", "不大于", "低于") or post in ("以下", "以内"):
        comparator = "<="
    elif pre == "约" or post == "左右":
        comparator = "~"
    else:
        comparator = "="
    return value, vmax, unit, comparator


def _year(label: str) -> Optional[int]:
    m = RE_YEAR.search(label)
    return int(m.group(1)) if m else None


def merged_across(row: Sequence[str]) -> bool:
    """One cell across the whole table (its text repeated in every column): a category row (二、社会事务).

    Example:
        >>> merged_across(["二、社会事务"] * 4), merged_across(["1", "新建养老院", "市民政局", "9月底前"])
        (True, False)
    """
    return len({c.strip() for c in row if c.strip()}) == 1 < len(row)


def _is_data_row(row: Sequence[str]) -> bool:
    """A row with a number in a cell other than the first (a year alone is a header), a date with its month
    (2024年9月底前: a task's time limit), or a first cell that numbers it (1, 一、; a numbered category row
    merged across the table)."""
    if row and RE_ROW_NUMBER.fullmatch(row[0].strip()):
        return True
    if merged_across(row) and RE_ROW_NUMBER.match(row[0].strip()):
        return True  # a category row merged across the table (一、社会救助)
    for c in row[1:]:
        v = c.strip()
        if RE_YEAR_MONTH.search(v):
            return True
        if parse_cell_value(v) and not re.fullmatch(r"(?:19|20)\d{2}\s*年?(?:目标|目标值)?", v):
            return True
    return False


#: A first cell that numbers a row (序号 1, 2 …; 一、 of a category row).
RE_ROW_NUMBER = re.compile(r"\d{1,3}[.．、]?|[一二三四五六七八九十]{1,3}[、.．]")
#: A date with its month in a cell: a row's time limit, not a header's year.
RE_YEAR_MONTH = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月")


def read_header(table: Table) -> Header:
    """The header rows of a table and the role of each column.

    Example:
        >>> t = Table(rows=(("指标", "2020年", "2025年", "属性"), ("覆盖率（%）", "80", "≥95", "约束性")))
        >>> h = read_header(t)
        >>> h.indicator, h.base, h.target, h.attribute
        (0, {1: 2020}, {2: 2025}, 3)
    """
    rows = table.rows
    width = max((len(r) for r in rows), default=0)
    n = 0
    for r in rows[:4]:
        if _is_data_row(r) or not any(c.strip() for c in r):
            break
        n += 1
    n = max(1, min(n, len(rows) - 1)) if len(rows) > 1 else 1
    labels: List[str] = []
    for c in range(width):
        parts: List[str] = []
        for r in rows[:n]:
            v = r[c].strip() if c < len(r) else ""
            if v and v not in parts:
                parts.append(v)
        labels.append(" ".join(parts))
    role: Dict[str, Optional[int]] = {k: None for k in ("indicator", "attribute", "unit", "task", "deadline",
                                                       "number", "category")}
    base: Dict[int, Optional[int]] = {}
    target: Dict[int, Optional[int]] = {}
    lead: List[int] = []
    co: List[int] = []
    years: Dict[int, int] = {}
    for c, label in enumerate(labels):
        flat = label.replace(" ", "")
        if not flat:
            continue
        y = _year(flat)
        if RE_NO.match(flat):
            role["number"] = c
        elif RE_ATTRIBUTE.search(flat) and not RE_YEAR.search(flat):
            role["attribute"] = c
        elif RE_UNIT_HEAD.match(flat):
            role["unit"] = c
        elif RE_CO.search(flat) and re.search("单位|部门", flat):
            co.append(c)
        elif RE_LEAD.search(flat):
            lead.append(c)
        elif RE_DEADLINE.search(flat) and y is None:
            role["deadline"] = c
        elif RE_BASE.search(flat):
            base[c] = y
        elif RE_TARGET.search(flat) and not RE_TASK.search(flat):
            target[c] = y
        elif y is not None:
            years[c] = y
        elif RE_TASK.search(flat) and role["task"] is None:
            role["task"] = c
        elif RE_INDICATOR.search(flat) and role["indicator"] is None:
            role["indicator"] = c
        elif RE_CATEGORY.search(flat):
            role["category"] = c
    if years:
        last = max(years.values())
        known_target = [y for y in target.values() if y is not None]
        for c, y in years.items():
            if target and (not known_target or y < max(known_target)) or (not target and y < last):
                base[c] = y
            else:
                target[c] = y
    if role["indicator"] is None and (target or base):
        first = min(list(target) + list(base))
        free = [c for c in range(first) if c not in (role["number"], role["category"])]
        if free:
            role["indicator"] = free[-1]
    return Header(rows=n, labels=tuple(labels), base=base, target=target, lead=tuple(lead), co=tuple(co),
                  **role)


def table_kind(table: Table, header: Optional[Header] = None) -> Optional[str]:
    """``"indicator"`` (主要指标: an indicator column and target columns), ``"task"``
    (重点任务分解表: a task column with units or deadlines), else ``None``.

    Example:
        >>> table_kind(Table(rows=(("序号", "工作任务", "牵头单位", "完成时限"), ("1", "建设", "县民政局", "2023年底前"))))
        'task'
    """
    if len(table.rows) < 2:
        return None
    h = header or read_header(table)
    if h.task is not None and (h.lead or h.co or h.deadline is not None):
        return "task"
    if h.indicator is not None and h.target:
        return "indicator"
    return None


def _cell(row: Sequence[str], c: Optional[int]) -> str:
    return row[c].strip() if c is not None and c < len(row) else ""


def _split_unit(indicator: str) -> Tuple[str, str]:
    """``城市低保标准（元/人·月）`` -> (``城市低保标准``, ``元/人·月``)."""
    m = RE_PAREN_UNIT.search(indicator)
    if m and not re.search(r"\d{4}", m.group(1)):
        return indicator[:m.start()].strip(), m.group(1).replace("％", "%")
    return indicator.strip(), ""


def _row_span(table: Table, r: int) -> Optional[Tuple[int, int]]:
    spans = [(s, e) for rr, _c, s, e in table.cells if rr == r]
    if not spans:
        return None
    return min(s for s, _e in spans), max(e for _s, e in spans)


def table_targets(table: Table, text: str = "", *, header: Optional[Header] = None,
                  year: Optional[int] = None) -> List[Target]:
    """The targets of an indicator table: one per target-year cell with a number.

    Args:
        table: The table (located in ``text`` when it comes from a Document).
        text: The document text the table's cells were located in (for the
            evidence); without it the row's cells joined by tabs are the text.
        header: Its header, if already read.
        year: The year a target column without a year refers to (the plan year).
    Returns:
        Targets in row order, ``source="table"``; empty when the table is no
        indicator table.
    Example:
        >>> t = Table(rows=(("指标", "2020年", "2025年", "属性"),
        ...                 ("养老机构护理型床位占比（%）", "45", "≥55", "约束性")))
        >>> [(x.indicator, x.value, x.unit, x.comparator, str(x.deadline), x.baseline, x.strength)
        ...  for x in table_targets(t)]
        [('养老机构护理型床位占比', 55.0, '%', '>=', '2025-12-31', '45（2020年）', 'binding')]
    """
    h = header or read_header(table)
    if table_kind(table, h) != "indicator":
        return []
    out: List[Target] = []
    for r in range(h.rows, len(table.rows)):
        row = table.rows[r]
        raw_indicator = _cell(row, h.indicator)
        if not raw_indicator or parse_cell_value(raw_indicator):
            continue
        indicator, ind_unit = _split_unit(raw_indicator)
        attribute = _cell(row, h.attribute) or None
        strength = ("binding" if attribute and attribute.startswith(_BINDING) else
                    "aspirational" if attribute and attribute.startswith(_ASPIRATIONAL) else "neutral")
        unit_col = _cell(row, h.unit)
        baseline = None
        for c, y in sorted(h.base.items()):
            b = _cell(row, c)
            if b and b not in ("—", "-", "--", "/"):
                baseline = f"{b}（{h.labels[c]}）" if h.labels[c] else b
        span = _row_span(table, r)
        row_text = text[span[0]:span[1]] if span and text else "\t".join(row)
        start, end = span if span else (table.start or 0, table.start or 0)
        for c, y in sorted(h.target.items()):
            cell = _cell(row, c)
            parsed = parse_cell_value(cell) if cell else None
            if parsed is None:
                continue
            value, vmax, unit, comparator = parsed
            _l, head_unit = _split_unit(h.labels[c])
            unit = unit or ind_unit or unit_col or head_unit
            when = y or year
            q = table.cell_span(r, c) or (start, end)
            out.append(Target(
                indicator=indicator, value=value, value_max=vmax, unit=unit, comparator=comparator,
                deadline=_dt.date(when, 12, 31) if when else None, deadline_text=h.labels[c] or None,
                placeholder=False, text=row_text, start=start, end=end, quote_start=q[0], quote_end=q[1],
                strength=strength, baseline=baseline, page=table.page, quote=cell, source="table",
                table=table.index, row=r, column=c, attribute=attribute))
    return out


def with_table_targets(doc: Document, targets: Sequence[Target]) -> List[Target]:
    r"""``targets`` found in the text, with those of the document's indicator tables read from their cells.

    A table's rows also stand in the text as tab-joined lines, where the
    sentence extractor would take base-year values for targets; text targets
    inside an indicator table are dropped and the table's own targets (with
    baseline, attribute and the cell as evidence) take their place.

    Example:
        >>> from policytext.types import Document, Table
        >>> text = "附表\n指标\t2020年\t2025年\n护理型床位占比（%）\t45\t55"
        >>> t = Table(rows=(("指标", "2020年", "2025年"), ("护理型床位占比（%）", "45", "55")), start=3, end=len(text))
        >>> [(x.indicator, x.value, x.baseline) for x in with_table_targets(Document(text=text, tables=(t,)), [])]
        [('护理型床位占比', 55.0, '45（2020年）')]
    """
    tables = [t for t in doc.tables if t.start is not None and table_kind(t) == "indicator"]
    if not tables:
        return list(targets)
    out = [x for x in targets if not any(t.start <= x.quote_start < t.end for t in tables)]
    for table in tables:
        for x in table_targets(table, doc.text, year=doc.year):
            sec = doc.section_at(x.start)
            out.append(dataclasses.replace(x, section=sec.path if sec else None))
    return sorted(out, key=lambda x: (x.start, x.quote_start))
