"""Metadata: title, date, speaker, document type and plan year of a clean text.

Rules live in ``data/rules/metadata.yaml``: which lines are never a title,
the date-line patterns (``(2020年3月26日)``, ``——2024年3月5日在……会议上``),
the office-title lexicon used to read speaker lines (``某市委常委、副市长 王明``,
``国务院总理 李 强``), document-type cues and plan-year patterns.

The header is read top-down after any table of contents: the title is the
first heading-like line (a file whose first line is body text has none), the
speaker and date lines follow it. Publication stamps (``发布时间：2020-07-27``,
``上传时间``) are never taken for the document date.
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from .._resources import compile_regex, read_yaml
from ..errors import PatternError
from ..extract.numerals import parse_int
from ..types import _ToDict

__all__ = ["Metadata", "MetadataRules", "load_metadata_rules", "extract_metadata", "find_title", "find_date",
           "find_speaker", "classify_doc_type", "find_year", "find_year_source", "year_from_filename", "DOC_TYPES",
           "DEFAULT_RULES"]

DEFAULT_RULES = "rules/metadata.yaml"
DOC_TYPES = ("speech", "work_plan", "report", "news", "notice", "law", "other")

RE_SENTENCE = re.compile("[。！？!?；;]")
RE_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
RE_SPACE = re.compile(r"\s+")
RE_HAN_ONLY = re.compile("[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Metadata(_ToDict):
    """What :func:`extract_metadata` finds.

    Attributes:
        title, date, year, speaker, speaker_title, doc_type: As in
            :class:`~policytext.types.Document`.
        title_span: Offsets of the title line(s) in the text, or ``None``.
        header_end: Offset where the header (title, speaker, date lines) ends.
        year_source: Where :attr:`year` came from: ``"date"``, ``"title"``,
            ``"opening"``, ``"heading"``, ``"reference_date"``, ``"filename"``, or
            ``None`` when there is no year.
        warnings: Recoverable findings worth telling the user (a year taken
            from the file name).
    """

    title: Optional[str] = None
    date: Optional[_dt.date] = None
    year: Optional[int] = None
    speaker: Optional[str] = None
    speaker_title: Optional[str] = None
    doc_type: str = "other"
    title_span: Optional[Tuple[int, int]] = None
    header_end: int = 0
    year_source: Optional[str] = None
    warnings: Tuple[str, ...] = ()


@dataclass(frozen=True)
class MetadataRules:
    """Compiled metadata rules. Build with :func:`load_metadata_rules`."""

    header_lines: int
    trailer_lines: int
    title_max_chars: int
    not_title: "re.Pattern[str]"
    date_lines: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    date_max_chars: Dict[str, int]
    publication_stamp: "re.Pattern[str]"
    speaker_line: "re.Pattern[str]"
    office_only: "re.Pattern[str]"
    name_only: "re.Pattern[str]"
    title_speaker: "re.Pattern[str]"
    doc_type_title: Tuple[Tuple[str, "re.Pattern[str]"], ...]
    doc_type_body: Tuple[Tuple[str, "re.Pattern[str]", float, int], ...]
    min_score: float
    year_title: "re.Pattern[str]"
    year_opening: "re.Pattern[str]"
    opening_paragraphs: int
    year_headings: Tuple[Tuple[str, "re.Pattern[str]", "re.Pattern[str]", int], ...] = ()
    year_filename: Optional["re.Pattern[str]"] = None


_CACHE: Dict[str, MetadataRules] = {}


def _list(data: dict, key: str, where: str) -> list:
    v = data.get(key)
    if not isinstance(v, list) or not v:
        raise PatternError(where, f"`{key}` must be a non-empty list", key=key)
    return v


def load_metadata_rules(name: str = DEFAULT_RULES) -> MetadataRules:
    """Load and validate ``metadata.yaml`` (cached).

    Raises:
        PatternError: A rule is malformed (names the file and the key).
    Example:
        >>> rules = load_metadata_rules()
        >>> bool(rules.speaker_line.fullmatch("某市委常委、副市长 王明"))
        True
    """
    cached = _CACHE.get(name)
    if cached is not None:
        return cached
    data = read_yaml(name)
    where = name

    def rx(key: str, pattern: object, flags: int = 0) -> "re.Pattern[str]":
        return compile_regex(pattern, where=where, key=key, flags=flags)  # type: ignore[arg-type]

    not_title = "|".join(f"(?:{rx(f'not_title[{i}]', p).pattern})"
                         for i, p in enumerate(_list(data, "not_title", where)))
    dates = []
    date_max: Dict[str, int] = {}
    for i, e in enumerate(_list(data, "date_lines", where)):
        if not isinstance(e, dict) or "id" not in e or "pattern" not in e:
            raise PatternError(where, f"date_lines[{i}] must have `id` and `pattern`", key=f"date_lines[{i}]")
        r = rx(f"date_lines[{i}].pattern", e["pattern"])
        if not {"y", "m", "d"} <= set(r.groupindex):
            raise PatternError(where, f"date_lines[{i}] must capture groups y, m and d", key=f"date_lines[{i}]")
        mc = e.get("max_chars", 120)
        if isinstance(mc, bool) or not isinstance(mc, int) or mc <= 0:
            raise PatternError(where, f"date_lines[{i}].max_chars={mc!r} is invalid; must be a positive int",
                               key=f"date_lines[{i}].max_chars")
        dates.append((e["id"], r))
        date_max[e["id"]] = mc
    year_headings = []
    raw_yh = data.get("year_headings", []) or []
    if not isinstance(raw_yh, list):
        raise PatternError(where, "`year_headings` must be a list of {id, pattern, offset}", key="year_headings")
    for i, e in enumerate(raw_yh):
        ctx = f"year_headings[{i}]"
        if not isinstance(e, dict) or "id" not in e or "pattern" not in e:
            raise PatternError(where, f"{ctx} must have `id` and `pattern`", key=ctx)
        off = e.get("offset", 0)
        if isinstance(off, bool) or not isinstance(off, int) or off not in (-1, 0, 1):
            raise PatternError(where, f"{ctx}.offset={off!r} is invalid; must be -1, 0 or 1", key=f"{ctx}.offset")
        line_rx = rx(f"{ctx}.pattern", "[ \t\u3000]*(?:" + e["pattern"] + ")")
        if "y" not in line_rx.groupindex:
            raise PatternError(where, f"{ctx} must capture the year as (?P<y>…)", key=f"{ctx}.pattern")
        # the scan looks for a line break first: the literal prefix makes it fast
        year_headings.append((e["id"], line_rx, rx(f"{ctx}.pattern", "\n" + line_rx.pattern), off))
    year_filename = None
    if data.get("year_filename") is not None:
        year_filename = rx("year_filename", data["year_filename"])
        if "y" not in year_filename.groupindex:
            raise PatternError(where, "year_filename must capture the year as (?P<y>…)", key="year_filename")
    offices = _list(data, "office_titles", where)
    if not all(isinstance(o, str) and o for o in offices):
        raise PatternError(where, "`office_titles` must be non-empty strings", key="office_titles")
    titles = "|".join(re.escape(o) for o in sorted(set(offices), key=len, reverse=True))
    name = data.get("name_pattern", r"[\u4e00-\u9fff](?:\s?[\u4e00-\u9fff·]){1,4}")
    rx("name_pattern", name)
    office = rf"[\u4e00-\u9fff、（）()·\s]{{0,40}}?(?:{titles})"
    doc_title = []
    for i, e in enumerate(_list(data, "doc_type_title", where)):
        if not isinstance(e, dict) or e.get("type") not in DOC_TYPES:
            raise PatternError(where, f"doc_type_title[{i}].type must be one of {DOC_TYPES}",
                               key=f"doc_type_title[{i}]")
        doc_title.append((e["type"], rx(f"doc_type_title[{i}].pattern", e.get("pattern"))))
    doc_body = []
    for i, e in enumerate(_list(data, "doc_type_body", where)):
        if not isinstance(e, dict) or e.get("type") not in DOC_TYPES:
            raise PatternError(where, f"doc_type_body[{i}].type must be one of {DOC_TYPES}",
                               key=f"doc_type_body[{i}]")
        w, mx = e.get("weight", 1), e.get("max", 1)
        if not isinstance(w, (int, float)) or not isinstance(mx, int) or mx < 1:
            raise PatternError(where, f"doc_type_body[{i}]: weight must be a number and max a positive int",
                               key=f"doc_type_body[{i}]")
        doc_body.append((e["type"], rx(f"doc_type_body[{i}].pattern", e.get("pattern"), re.M), float(w), mx))
    rules = MetadataRules(
        header_lines=int(data.get("header_lines", 8)),
        trailer_lines=int(data.get("trailer_lines", 3)),
        title_max_chars=int(data.get("title_max_chars", 60)),
        not_title=rx("not_title", not_title),
        date_lines=tuple(dates),
        date_max_chars=date_max,
        publication_stamp=rx("publication_stamp", data.get("publication_stamp", "(?!)")),
        speaker_line=rx("office_titles", rf"(?P<office>{office})\s*(?P<name>{name})(?:同志)?"),
        office_only=rx("office_titles", rf"(?P<office>{office})"),
        name_only=rx("name_pattern", rf"(?P<name>{name})(?:同志)?"),
        title_speaker=rx("title_speaker", data.get("title_speaker", "(?!)")),
        doc_type_title=tuple(doc_title),
        doc_type_body=tuple(doc_body),
        min_score=float(data.get("min_score", 2)),
        year_title=rx("year_title", data.get("year_title", r"(?P<y>(?:19|20)\d{2})\s*年")),
        year_opening=rx("year_opening", data.get("year_opening", "(?!)")),
        opening_paragraphs=int(data.get("opening_paragraphs", 3)),
        year_headings=tuple(year_headings),
        year_filename=year_filename,
    )
    _CACHE[name] = rules
    return rules


# --------------------------------------------------------------------------- helpers


def _lines(text: str, start: int = 0, limit: Optional[int] = None) -> List[Tuple[int, str]]:
    """Non-blank lines ``(offset, stripped line)`` from ``start``, at most ``limit`` of them."""
    out: List[Tuple[int, str]] = []
    pos = start
    n = len(text)
    while pos <= n and (limit is None or len(out) < limit):
        end = text.find("\n", pos)
        if end < 0:
            end = n
        line = text[pos:end]
        if line.strip():
            out.append((pos, line.strip()))
        pos = end + 1
    return out


def _last_lines(text: str, count: int) -> List[Tuple[int, str]]:
    out: List[Tuple[int, str]] = []
    end = len(text)
    while end > 0 and len(out) < count:
        pos = text.rfind("\n", 0, end) + 1
        line = text[pos:end]
        if line.strip():
            out.append((pos, line.strip()))
        end = pos - 1
    return out[::-1]


def _date_from(m: "re.Match[str]") -> Optional[_dt.date]:
    y, mo, d = parse_int(m.group("y")), parse_int(m.group("m")), parse_int(m.group("d"))
    if y is None or mo is None or d is None:
        return None
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def _heading_like(line: str, rules: MetadataRules) -> bool:
    if len(line) > rules.title_max_chars or RE_SENTENCE.search(line):
        return False
    if line[-1] in "，,：:、":
        return False
    from .outline import match_marker

    return match_marker(line) is None


def _names_genre(line: str, rules: MetadataRules) -> bool:
    return any(rx.search(line) for _, rx in rules.doc_type_title)


def _clean_title(t: str) -> str:
    return RE_HAN_SPACE.sub("", t).strip()


# --------------------------------------------------------------------------- public


def find_title(text: str, *, start: int = 0, rules: Optional[MetadataRules] = None
               ) -> Tuple[Optional[str], Optional[Tuple[int, int]]]:
    """The title and its span: the first heading-like line at or after ``start``.

    A file whose first line is body text has no title; document numbers,
    secrecy marks and ``附件`` lines before the title are skipped.

    Example:
        >>> find_title("关于做好2021年养老服务工作的\\n通知\\n各区县民政局：")
        ('关于做好2021年养老服务工作的通知', (0, 19))
        >>> find_title("2021年是开局之年。全区上下要……")
        (None, None)
    """
    rules = rules or load_metadata_rules()
    lines = _lines(text, start, rules.header_lines)
    for k, (pos, line) in enumerate(lines):
        if rules.not_title.fullmatch(line):
            if re.match(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\d{4}|附件|秘密|机密|绝密|内部|特急|加急|急件", line):
                continue  # document number, secrecy mark: the title comes next
            return None, None
        if not _heading_like(line, rules):
            return None, None
        if rules.speaker_line.fullmatch(line) and not _names_genre(line, rules):
            return None, None  # "某市副市长 王明": a speaker line ("……居民委员会组织法" names a genre)
        end = pos + len(line)
        title = line
        if k + 1 < len(lines):
            npos, nline = lines[k + 1]
            # a title broken over two lines: "关于……的" + "通知"
            broken = (title[-1] in "的和与及、" or nline[0] == "的") and _heading_like(nline, rules) \
                and not rules.not_title.fullmatch(nline) and not rules.speaker_line.fullmatch(nline) \
                and len(title) + len(nline) <= rules.title_max_chars + 20
            # a genre word broken over two lines: "政府工作报" + "告"
            broken = broken or (len(nline) <= 2 and RE_HAN_ONLY.fullmatch(nline) is not None
                                and not _names_genre(title, rules) and _names_genre(title + nline, rules))
            if broken:
                title += nline
                end = npos + len(nline)
        return _clean_title(title), (pos, end)
    return None, None


def find_date(text: str, *, start: int = 0, rules: Optional[MetadataRules] = None
              ) -> Tuple[Optional[_dt.date], Optional[str]]:
    """The document date from a date line of the header (or the last lines).

    Returns ``(date, rule id)``; publication stamps are ignored.

    Example:
        >>> find_date("在全市民政工作会议上的讲话\\n(2020年3月26日)\\n同志们：")
        (datetime.date(2020, 3, 26), 'paren_date')
        >>> find_date("政府工作报告\\n——2024年3月5日在第十四届全国人民代表大会第二次会议上")
        (datetime.date(2024, 3, 5), 'dash_date')
        >>> find_date("发布时间：2020-07-27\\n发布日期：2020年7月27日")
        (None, None)
    """
    rules = rules or load_metadata_rules()
    head = _lines(text, start, rules.header_lines)
    tail = _last_lines(text, rules.trailer_lines) if head else []
    tail = [t for t in tail if t[0] > head[-1][0]] if head else []
    max_chars = max(rules.date_max_chars.values(), default=120)
    for zone, ids in ((head, None), (tail, {"bare_date"})):
        for _, line in zone:
            if len(line) > max_chars or rules.publication_stamp.fullmatch(line):
                continue
            for rid, rx in rules.date_lines:
                if (ids is not None and rid not in ids) or len(line) > rules.date_max_chars.get(rid, 120):
                    continue
                m = rx.fullmatch(line)
                if m:
                    d = _date_from(m)
                    if d is not None:
                        return d, rid
    return None, None


def find_speaker(text: str, *, start: int = 0, title: Optional[str] = None,
                 rules: Optional[MetadataRules] = None) -> Tuple[Optional[str], Optional[str]]:
    """The speaker's name and office from a speaker line of the header.

    Reads ``<office> <name>`` lines (``某市委常委、副市长 王明``), an office
    line followed by a name line, or ``<name>同志在……上的讲话`` in the title.
    Spaces inside names are removed.

    Example:
        >>> find_speaker("在全市民政工作会议上的讲话\\n某市委常委、副市长 王明\\n(2021年2月3日)")
        ('王明', '某市委常委、副市长')
        >>> find_speaker("政府工作报告\\n国务院总理 李 强")
        ('李强', '国务院总理')
        >>> find_speaker("会议指出，要做好民政工作。")
        (None, None)
    """
    rules = rules or load_metadata_rules()
    lines = _lines(text, start, rules.header_lines)
    for k, (_, line) in enumerate(lines):
        if RE_SENTENCE.search(line) or len(line) > 50:
            if RE_SENTENCE.search(line) and len(line) > 30:
                break  # the body has begun
            continue
        m = rules.speaker_line.fullmatch(line)
        if m and not line.startswith(("在", "关于")) and not _names_genre(line, rules):
            return RE_SPACE.sub("", m.group("name")), RE_SPACE.sub("", m.group("office")) or None
        m = rules.office_only.fullmatch(line)
        if m and k + 1 < len(lines):
            n = rules.name_only.fullmatch(lines[k + 1][1])
            if n:
                return RE_SPACE.sub("", n.group("name")), RE_SPACE.sub("", m.group("office"))
    if title:
        m = rules.title_speaker.fullmatch(title)
        if m:
            office = RE_SPACE.sub("", m.group("office")) or None
            return m.group("name"), office
    return None, None


def classify_doc_type(text: str, *, title: Optional[str] = None, furniture: Iterable[str] = (),
                      rules: Optional[MetadataRules] = None) -> str:
    """The document type: ``speech``, ``work_plan``, ``report``, ``news``, ``notice``, ``law`` or ``other``.

    The title decides when it names a genre (``…的讲话``, ``…工作要点``,
    ``…的通知``); otherwise weighted cues in the body are counted
    (``同志们：``, ``会议指出，``, numbered task items, ``第X条`` …).

    Args:
        text: Clean text.
        title: The title, if any.
        furniture: Ids of the furniture rules that removed lines (a removed
            ``(据…网站)`` stamp is a news cue).
    Example:
        >>> classify_doc_type("", title="2021年全县民政工作要点")
        'work_plan'
        >>> classify_doc_type("会议指出，要做好民政工作。\\n会议强调，要兜住底线。")
        'news'
        >>> classify_doc_type("同志们：\\n今天召开会议。")
        'speech'
    """
    rules = rules or load_metadata_rules()
    if title:
        for t, rx in rules.doc_type_title:
            if rx.search(title):
                return t
    body = text
    fids = sorted(set(furniture))
    if fids:
        body = text + "\n" + "\n".join(f"furniture:{f}" for f in fids)
    scores: Dict[str, float] = {}
    for t, rx, w, mx in rules.doc_type_body:
        n = 0
        for _ in rx.finditer(body):
            n += 1
            if n >= mx:
                break
        if n:
            scores[t] = scores.get(t, 0.0) + n * w
    if not scores:
        return "other"
    best = max(scores.items(), key=lambda kv: kv[1])
    return best[0] if best[1] >= rules.min_score else "other"


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
    5. ``reference_date`` -- the caller's knowledge of when ``今年`` is;
    6. a year in the source file name (``gwr-2019-national.txt``,
       ``青山县2023年民政工作要点.pdf``) -- the weakest, since a name may be
       anything; :func:`extract_metadata` records a warning when it is used.

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
        ``"heading"``, ``"reference_date"``, ``"filename"``, or ``(None, None)``.
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
    if title:
        years = [int(m.group("y")) for m in rules.year_title.finditer(title)]
        if years:
            return max(years), "title"
    for _, line in _lines(text, start, rules.opening_paragraphs + 3):
        m = rules.year_opening.search(line)
        if m:
            return int(m.group("y")), "opening"
    y = _year_from_headings(text, start, rules)
    if y is not None:
        return y, "heading"
    if reference_date is not None:
        return reference_date.year, "reference_date"
    y = year_from_filename(source, rules=rules)
    if y is not None:
        return y, "filename"
    return None, None


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
    with_nian = [int(m.group("y")) for m in rules.year_title.finditer(name)]
    if with_nian:
        return max(with_nian)
    if rules.year_filename is None:
        return None
    years = [int(m.group("y")) for m in rules.year_filename.finditer(name)]
    return max(years) if years else None


def extract_metadata(text: str, *, start: int = 0, block_title: Optional[str] = None,
                     furniture: Sequence[str] = (), reference_date: Optional[_dt.date] = None,
                     source: Optional[str] = None, rules: Optional[MetadataRules] = None) -> Metadata:
    """Find title, date, year, speaker, speaker title and document type.

    Args:
        text: Clean text.
        start: Offset where the header starts (after a table of contents).
        block_title: A title the reader marked (a docx Title paragraph), used
            when it appears in the text.
        furniture: Ids of the furniture rules that removed lines.
        reference_date: Fallback for the year when the document gives none.
        source: The source file name; a year in it is the last fallback for
            the year (never for the date), with a warning.
    Example:
        >>> m = extract_metadata("在全市民政工作会议上的讲话\\n某市委常委、副市长 王明\\n(2021年2月3日)\\n同志们：")
        >>> m.title, m.date.isoformat(), m.year, m.speaker, m.doc_type
        ('在全市民政工作会议上的讲话', '2021-02-03', 2021, '王明', 'speech')
    """
    rules = rules or load_metadata_rules()
    title, span = None, None
    if block_title:
        bt = block_title.strip()
        i = text.find(bt, start)
        if bt and i >= 0:
            title, span = _clean_title(bt), (i, i + len(bt))
    if title is None:
        title, span = find_title(text, start=start, rules=rules)
    hstart = span[1] if span else start
    date, date_rule = find_date(text, start=start, rules=rules)
    speaker, office = find_speaker(text, start=hstart, title=title, rules=rules)
    doc_type = classify_doc_type(text, title=title, furniture=furniture, rules=rules)
    nxt = _lines(text, hstart, 1)
    if nxt and nxt[0][1][0] in "—－":  # a subtitle "——在……会议上的讲话" names the genre too
        sub = nxt[0][1].lstrip("—－- ")
        for t, rx in rules.doc_type_title:
            if rx.search(sub) and not any(r.search(title or "") for _, r in rules.doc_type_title):
                doc_type = t
                break
    if doc_type == "other" and date_rule == "dash_date":
        doc_type = "speech"
    year, year_source = find_year_source(text, date=date, title=title, start=hstart, reference_date=reference_date,
                                         source=source, rules=rules)
    warnings: Tuple[str, ...] = ()
    if year_source == "filename":
        warnings = (f"the year {year} was taken from the file name {source!r}: the text names no year "
                    f"(pass reference_date= to set it)",)
    header_end = hstart
    for pos, line in _lines(text, hstart, 4):
        if rules.speaker_line.fullmatch(line) or line[0] in "—－" \
                or any(rx.fullmatch(line) for _, rx in rules.date_lines):
            header_end = pos + len(line)
        else:
            break
    return Metadata(title=title, date=date, year=year, speaker=speaker, speaker_title=office, doc_type=doc_type,
                    title_span=span, header_end=header_end, year_source=year_source, warnings=warnings)
