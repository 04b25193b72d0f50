"""How exports show values to people: amounts, targets, Chinese column names and labels.

One place for the human-readable form of a value, used by every export
(xlsx, csv, md, html, json with ``lang="zh"``):

- :func:`format_number` writes large amounts with the Chinese scale words
  (``4.1万亿``, ``5300亿``, ``1100万``) instead of ``4.1e+12`` or
  ``21000000000000``;
- :func:`format_target` writes a target as a reader says it, keeping the
  stated baseline and change (``支出规模比去年扩大≥2万亿元``,
  ``人均预期寿命提高1岁``, ``常住人口城镇化率提高到65%``);
- :data:`TASK_HEADERS` / :data:`TARGET_HEADERS` name the columns in Chinese,
  :data:`KIND_NAMES` the task kinds, :data:`LANGS` the accepted languages.
"""
from __future__ import annotations

import re
from typing import Any, Dict, Optional

from ..types import Target

__all__ = ["format_number", "format_amount", "format_value", "format_target", "change_of", "TASK_HEADERS",
           "TARGET_HEADERS", "KIND_NAMES", "LANGS", "check_lang"]

#: Languages of the column names and labels of the flat exports.
LANGS = ("zh", "en")

_COMPARATORS = {">=": "≥", "<=": "≤", "=": "", "~": "约", "range": ""}
_UNITS = {"pp": "个百分点"}
# (threshold, divisor, scale word), largest first
_SCALES = ((1e12, 1e12, "万亿"), (1e8, 1e8, "亿"), (1e5, 1e4, "万"))
# a unit that already carries a scale word is never scaled again (5万万元)
RE_SCALED_UNIT = re.compile(r"^(?:万|亿|千|百|十)")
# directions that state the level to hold, not a change: the comparator says it all
_LEVEL_DIRECTIONS = {"保持", "控制"}
# the direction verb followed by 到/至/为: the value is the level reached, not the change
RE_TO_LEVEL = r"(?:{d})[^，,；;。0-9０-９]{{0,2}}?(?:到|至|为)"

#: Chinese column names of the task rows (``to_dataframe`` keys -> headers).
TASK_HEADERS: Dict[str, str] = {
    "id": "编号", "doc": "文件", "section": "章节", "marker": "序号", "heading": "任务", "text": "任务内容",
    "kind": "类型", "area": "主要领域", "areas": "工作领域", "lead": "牵头单位", "co": "配合单位",
    "scope": "落实范围", "deadline": "完成时限", "deadline_text": "时限依据", "strength": "约束强度", "n_targets": "目标数",
    "targets": "量化目标", "start": "起", "end": "止", "page": "页码",
}
#: Chinese column names of the target rows (``targets_dataframe`` keys -> headers).
TARGET_HEADERS: Dict[str, str] = {
    "task_id": "任务编号", "doc": "文件", "section": "章节", "indicator": "指标", "target": "目标",
    "value": "数值", "value_max": "上限", "unit": "单位", "comparator": "比较", "deadline": "完成时限",
    "deadline_text": "时限依据", "placeholder": "占位", "optional": "可选", "strength": "约束强度",
    "direction": "变化", "baseline": "基期", "quote": "证据", "text": "原句", "start": "起", "end": "止",
    "page": "页码",
}
#: Chinese names of the task kinds (``Task.kind``).
KIND_NAMES: Dict[str, str] = {"item": "条目", "head": "组标题", "run_in": "分项", "directive": "指令句", "table_row": "表格行"}


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else a ``ValueError`` naming the choices.

    Example:
        >>> check_lang("zh")
        'zh'
    """
    if lang not in LANGS:
        raise ValueError(f"`lang`={lang!r} is invalid; must be one of {', '.join(map(repr, LANGS))}")
    return lang


def _plain(v: float) -> str:
    if float(v).is_integer():
        return str(int(v))
    return f"{round(v, 4):.4f}".rstrip("0").rstrip(".")


def format_number(value: Optional[float], unit: str = "") -> str:
    """A number as people write it: scale words for large amounts, no exponent, no trailing zeros.

    Values of 100 000 and more get 万, 亿 or 万亿 (unless ``unit`` already
    starts with a scale word); ``None`` (a placeholder ``×``) stays ``×``.

    Example:
        >>> format_number(4.1e12), format_number(2.1e13), format_number(5.3e11), format_number(1.1e7)
        ('4.1万亿', '21万亿', '5300亿', '1100万')
        >>> format_number(39545.0), format_number(13.5), format_number(None), format_number(5e4, "万元")
        ('39545', '13.5', '×', '50000')
    """
    if value is None:
        return "×"
    v = float(value)
    if not RE_SCALED_UNIT.match(unit or ""):
        for threshold, divisor, word in _SCALES:
            if abs(v) >= threshold:
                return _plain(v / divisor) + word
    return _plain(v)


def format_amount(value: Optional[float], unit: str = "") -> str:
    """:func:`format_number` followed by the unit (``pp`` written 个百分点).

    Example:
        >>> format_amount(4.1e12, "元"), format_amount(0.5, "pp"), format_amount(1.3e12, "斤")
        ('4.1万亿元', '0.5个百分点', '1.3万亿斤')
    """
    return format_number(value, unit) + _UNITS.get(unit, unit or "")


def format_value(t: Target) -> str:
    """The comparator, value (or range) and unit of a target: ``≥4.1万亿元``, ``4.5–5%``, ``约3%``.

    Example:
        >>> from policytext import extract_targets
        >>> ts = extract_targets("今年赤字规模安排4.1万亿元，居民收入增长4.5%—5%，城镇调查失业率控制在5.5%左右。")
        >>> [format_value(t) for t in ts]
        ['4.1万亿元', '4.5–5%', '约5.5%']
    """
    value = format_number(t.value, t.unit)
    if t.value_max is not None:
        value = f"{value}–{format_number(t.value_max, t.unit)}"
    return f"{_COMPARATORS.get(t.comparator, '')}{value}{_UNITS.get(t.unit, t.unit or '')}"


def quote_of(t: Target) -> str:
    """The evidence of a target (``t.quote``, else cut from its sentence)."""
    quote = getattr(t, "quote", "") or ""
    if not quote:
        q0, q1 = t.quote_start - t.start, t.quote_end - t.start
        quote = t.text[q0:q1] if 0 <= q0 < q1 <= len(t.text) else ""
    return quote


def change_of(t: Target) -> str:
    """The change a target states, as a reader needs it beside the value (``比上年增加``, ``提高到``, ``降低``).

    Empty when the target states a level to hold (``保持``/``控制``), when the
    indicator already says it (``新建敬老院``) or when there is no direction.
    ``到`` is kept when the value is the level reached (``提高到65%``).

    Example:
        >>> from policytext import extract_targets
        >>> ts = extract_targets("今年城镇新增就业比上年增加100万人，粮食产量保持在1.3万亿斤以上。")
        >>> [change_of(t) for t in ts]
        ['比上年增加', '']
    """
    d = t.direction
    baseline = t.baseline or ""
    if not d or d in _LEVEL_DIRECTIONS or d in (t.indicator or ""):
        return baseline
    quote = quote_of(t) or t.text
    to_level = re.search(RE_TO_LEVEL.format(d=re.escape(d)), quote) is not None
    return f"{baseline}{d}{'到' if to_level else ''}"


def format_target(t: Target) -> str:
    """A short human-readable form of a target: indicator, stated baseline and change, comparator, value, unit.

    Example:
        >>> from policytext import extract_targets
        >>> [format_target(t) for t in extract_targets("到2025年，养老服务设施覆盖率达到75%以上。")]
        ['养老服务设施覆盖率≥75%']
    """
    return f"{t.indicator}{change_of(t)}{format_value(t)}"


def translate(value: Any, names: Dict[str, str]) -> Any:
    """``names[value]`` when there is one, else ``value`` unchanged."""
    return names.get(value, value) if isinstance(value, str) else value
