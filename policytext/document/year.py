"""The plan year: which year ``今年`` ("this year") in a document refers to.

Evidence comes from the document date, the title, an opening sentence, top-level
year headings, the caller's reference date and the source file name, strongest
first; the patterns are in ``data/rules/metadata.yaml``.
"""
from __future__ import annotations

import datetime as _dt
import re
from typing import Dict, Optional, Tuple

from ..extract.numerals import parse_int
from .lines import last_nonblank_lines, nonblank_lines
from .metadata_rules import MetadataRules, load_metadata_rules

__all__ = ["find_year", "find_year_source", "year_from_filename", "year_from_doc_number", "year_from_closing"]


def find_year(text: str, *, date: Optional[_dt.date] = None, title: Optional[str] = None, start: int = 0,
              reference_date: Optional[_dt.date] = None, source: Optional[str] = None,
              rules: Optional[MetadataRules] = None) -> Optional[int]:
    """The plan year ``今年`` refers to.

    Evidence, strongest first (:func:`find_year_source` also says which one
    gave the year):

    1. the document date (``date``);
    2. a year in the title (the latest one: ``2021年工作总结和2022年工作计划`` -> 2022);
    3. an opening such as ``2020年是……收官之年``;
    4. a top-level heading naming the year's tasks (``二、2019年政府工作任务``),
       or else the year under review plus one (``一、2018年工作回顾`` -> 2019);
       then a document number on a line of its own among the first lines (``国办发〔2020〕45号``),
       then the date the document closes with (落款: ``某某市民政局 2021年8月27日印发``);
    5. ``reference_date`` -- the caller's knowledge of when ``今年`` is;
    6. a year in the source file name (``gwr-2019-national.txt``,
       ``青山县2023年民政工作要点.pdf``) -- the weakest, since a name may be
       anything; :func:`~policytext.document.metadata.extract_metadata` records a warning when it is used.

    Redacted years (``×年``) give ``None``.

    Example:
        >>> find_year("2021年是“十四五”开局之年。")
        2021
        >>> find_year("", title="2021年全县民政工作要点")
        2021
        >>> find_year("各位代表：\\n一、2022年工作回顾\\n过去一年，经济平稳运行。")
        2023
        >>> find_year("各位代表：\\n今年发展的主要预期目标是……", source="报告-2019.txt")
        2019
        >>> find_year("×年是决胜之年。") is None
        True
    """
    return find_year_source(text, date=date, title=title, start=start, reference_date=reference_date,
                            source=source, rules=rules)[0]


def find_year_source(text: str, *, date: Optional[_dt.date] = None, title: Optional[str] = None, start: int = 0,
                     reference_date: Optional[_dt.date] = None, source: Optional[str] = None,
                     rules: Optional[MetadataRules] = None) -> Tuple[Optional[int], Optional[str]]:
    """The plan year and where it came from (see :func:`find_year` for the order).

    Returns:
        ``(year, origin)``: origin is ``"date"``, ``"title"``, ``"opening"``,
        ``"heading"``, ``"doc_number"``, ``"closing"``, ``"reference_date"``, ``"filename"``, or
        ``(None, None)``.
    Example:
        >>> import datetime
        >>> find_year_source("今年要抓好落实。", reference_date=datetime.date(2024, 5, 1), source="2020年要点.docx")
        (2024, 'reference_date')
        >>> find_year_source("今年要抓好落实。", source="青山县2023年民政工作要点.pdf")
        (2023, 'filename')
    """
    rules = rules or load_metadata_rules()
    if date is not None:
        return date.year, "date"
    if title:  # the latest year it names (2022年工作总结和2023年工作安排), a period by its first (（2024—2026年）)
        years = [int(m.group("y")) for m in rules.year_title_range.finditer(title)]
        years += [parse_int(m.group("y")) for m in rules.year_title.finditer(rules.year_title_range.sub("", title))]
        if years:
            return max(years), "title"
    for _, line in nonblank_lines(text, start, rules.opening_paragraphs + 3):
        m = rules.year_opening.search(line)
        if m:
            return parse_int(m.group("y")), "opening"
    y = _year_from_headings(text, start, rules)
    if y is not None:
        return y, "heading"
    y = year_from_doc_number(text, start)
    if y is not None:
        return y, "doc_number"
    y = year_from_closing(text, rules=rules)
    if y is not None:
        return y, "closing"
    if reference_date is not None:
        return reference_date.year, "reference_date"
    y = year_from_filename(source, rules=rules)
    if y is not None:
        return y, "filename"
    return None, None


# A document number on a line of its own (国办发〔2020〕45号, （教师函〔2021〕13号）): the year it was issued.
RE_DOC_NUMBER_LINE = re.compile(r"^[ \t\u3000]*[（(]?[\u4e00-\u9fff]{1,12}[〔\[［【]\s*(?P<y>(?:19|20)\d{2})\s*[〕\]］】]"
                                r"\s*第?\s*\d{1,5}\s*号[）)]?[ \t\u3000]*$", re.M)
DOC_NUMBER_HEAD_LINES = 8


def year_from_doc_number(text: str, start: int = 0) -> Optional[int]:
    """The year of a document number standing on a line of its own among the first lines, or ``None``.

    A number cited inside a sentence (《…》（国发〔2019〕5号）) is another document's.

    Example:
        >>> year_from_doc_number("关于推进养老服务的通知\\n国办发〔2020〕45号\\n各省……")
        2020
        >>> year_from_doc_number("根据《意见》（国发〔2019〕5号），制定本方案。") is None
        True
    """
    for _, line in nonblank_lines(text, start, DOC_NUMBER_HEAD_LINES):
        m = RE_DOC_NUMBER_LINE.match(line)
        if m:
            return int(m.group("y"))
    return None


def year_from_closing(text: str, *, rules: Optional[MetadataRules] = None) -> Optional[int]:
    """The year of the date a document closes with (its 落款), among its last lines, or ``None``.

    The line is ``year_closing`` of ``metadata.yaml`` (the issuer, the date and 印发/发布, alone on
    its line, so that ``自2022年4月30日起执行`` is none), looked for among the last
    ``closing_lines`` non-blank lines.

    Example:
        >>> year_from_closing("各地：今年新建社区食堂30个。\\n\\n某某市人民政府办公厅 2021年8月27日印发\\n")
        2021
        >>> year_from_closing("各地：今年新建社区食堂30个。\\n某某市民政局\\n二〇二〇年三月五日\\n")
        2020
        >>> year_from_closing("本办法自2022年4月30日起执行，有效期至2025年12月31日。") is None
        True
    """
    rules = rules or load_metadata_rules()
    if rules.year_closing is None:
        return None
    for _, line in reversed(last_nonblank_lines(text, rules.closing_lines)):
        m = rules.year_closing.fullmatch(line)
        if m:
            return parse_int(m.group("y"))  # 2021, 二〇二〇
    return None


def _year_from_headings(text: str, start: int, rules: MetadataRules) -> Optional[int]:
    found: Dict[int, int] = {}  # rule index -> year of its first match
    at_line_start = start == 0 or text[start - 1] == "\n"
    for k, (_, line_rx, scan_rx, off) in enumerate(rules.year_headings):
        m = (line_rx.match(text, start) if at_line_start else None) or scan_rx.search(text, start)
        if m is not None:
            found[k] = int(m.group("y")) + off
    return found[min(found)] if found else None


def year_from_filename(source: Optional[str], *, rules: Optional[MetadataRules] = None) -> Optional[int]:
    """A year named in a file name (the last part of ``source``), or ``None``.

    A year written with 年 wins; among several, the latest.

    Example:
        >>> year_from_filename("/data/2018/gwr-2019-national.txt")
        2019
        >>> year_from_filename("2021年工作总结和2022年工作计划.docx")
        2022
        >>> year_from_filename("<bytes>") is None
        True
    """
    if not source:
        return None
    rules = rules or load_metadata_rules()
    name = re.split(r"[/\\]", source)[-1]
    with_nian = [parse_int(m.group("y")) for m in rules.year_title.finditer(name)]
    if with_nian:
        return max(with_nian)
    if rules.year_filename is None:
        return None
    years = [int(m.group("y")) for m in rules.year_filename.finditer(name)]
    return max(years) if years else None
