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

from .._resources import after_boundaries, may_hold_match
from ..extract.numerals import parse_int
from ..types import DocumentInfo
from .lines import last_nonblank_lines, nonblank_lines
from .metadata_rules import DEFAULT_RULES, DOC_TYPES, MetadataRules, load_metadata_rules
from .year import find_year, find_year_source, year_from_filename

__all__ = ["Metadata", "MetadataRules", "load_metadata_rules", "extract_metadata", "find_title", "find_date",
           "find_speaker", "classify_doc_type", "find_year", "find_year_source", "year_from_filename", "DOC_TYPES",
           "DEFAULT_RULES"]

RE_SENTENCE = re.compile("[。！？!?；;]")
RE_HAN_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
RE_SPACE = re.compile(r"\s+")
RE_HAN_ONLY = re.compile("[\u4e00-\u9fff]+")


@dataclass(frozen=True)
class Metadata(DocumentInfo):
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

    title_span: Optional[Tuple[int, int]] = None
    header_end: int = 0
    year_source: Optional[str] = None
    warnings: Tuple[str, ...] = ()


# --------------------------------------------------------------------------- helpers


def _date_from(m: "re.Match[str]") -> Optional[_dt.date]:
    y, mo, d = parse_int(m.group("y")), parse_int(m.group("m")), parse_int(m.group("d"))
    if y is None or mo is None or d is None:
        return None
    try:
        return _dt.date(y, mo, d)
    except ValueError:
        return None


def _issuer_above(nline: str, rules: MetadataRules) -> bool:
    """Whether an issuer's name line stands above what follows it in a header: the title (a heading-like line),
    a document number, or another issuer or masthead line (joint issuers stacked)."""
    if rules.not_title.fullmatch(nline):
        return rules.skip_before_title.match(nline) is not None
    return _heading_like(nline, rules)


def _heading_like(line: str, rules: MetadataRules) -> bool:
    if len(line) > rules.title_max_chars or RE_SENTENCE.search(line):
        return False
    if line[-1] in "，,：:、" or line[0] in "、，,。；;：:）)":  # (、指导思想: a heading that lost its numeral)
        return False
    from .outline import match_marker

    return match_marker(line) is None


def _genre(line: str, rules: MetadataRules) -> Optional[str]:
    """The type the genre word at the end of ``line`` names (end brackets and a trailing year left out)."""
    core = RE_TITLE_TAIL.sub("", line.strip())
    return next((t for t, rx in rules.doc_type_title if rx.search(core)), None)


def _names_genre(line: str, rules: MetadataRules) -> bool:
    return _genre(line, rules) is not None


def _clean_title(t: str, rules: MetadataRules) -> str:
    return rules.title_page_count.sub("", RE_HAN_SPACE.sub("", t)).strip()


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
    lines = nonblank_lines(text, start, rules.header_lines)
    for k, (pos, line) in enumerate(lines):
        if rules.not_title.fullmatch(line):
            if rules.skip_before_title.match(line):
                continue  # document number, secrecy mark: the title comes next
            return None, None
        if not _heading_like(line, rules):
            return None, None
        if rules.speaker_line.fullmatch(line) and not _names_genre(line, rules):
            return None, None  # "某市副市长 王明": a speaker line ("……居民委员会组织法" names a genre)
        if k + 1 < len(lines) and not _names_genre(line, rules) and (
                rules.masthead_line.fullmatch(line) or rules.issuer_name_line.fullmatch(line)
                and _issuer_above(lines[k + 1][1], rules)):
            continue  # XX县民政局文件 / XX县民政局 above 关于……的通知: a masthead, the issuer
        end = pos + len(line)
        title = rules.title_page_count.sub("", line).strip() or line  # ……工作计划 3页: the page count is no part
        if k + 1 < len(lines) and lines[k + 1][1] != title:  # (a download site repeats the title on the next line)
            npos, nline = lines[k + 1]
            # a title broken over two lines: "关于……的" + "通知"
            broken = (title[-1] in "的和与及、" or nline[0] == "的") and _continues(title, nline, rules)
            # a title whose genre word is on the next line: "政府工作报" + "告", "……园区建设等" + "奖补政策实施细则"
            broken = broken or (not _names_genre(title, rules) and _names_genre(title + nline, rules)
                                and (len(nline) <= 2 and RE_HAN_ONLY.fullmatch(nline) is not None
                                     or _continues(title, nline, rules)
                                     and len(RE_TITLE_BRACKETS.sub("", nline)) <= rules.genre_line_chars
                                     and not rules.title_deck.search(nline)))
            # a main title of two lines above its subtitle (锚定目标真抓实干 / 奋力开创……新局面 / ——在……会议上的讲话)
            broken = broken or (k + 2 < len(lines) and lines[k + 2][1][:1] in "—－" and not _names_genre(title, rules)
                                and _names_genre(lines[k + 2][1], rules) and _continues(title, nline, rules)
                                and nline[:1] not in "—－（(")
            if broken:
                title += nline
                end = npos + len(nline)
            # what the title ends with on a line of its own: （试行）, （2021版）, （征求意见稿）
            for bpos, bline in lines[k + 1 + broken:k + 3 + broken]:
                if not rules.title_status.fullmatch(bline) or RE_DOC_NUMBER.search(bline):
                    break
                title += bline
                end = bpos + len(bline)
        return _clean_title(title, rules), (pos, end)
    return None, None


def _continues(title: str, nline: str, rules: MetadataRules) -> bool:
    """Whether the next line may be the rest of ``title``: a heading-like line, no speaker or non-title line,
    not too long together."""
    return _heading_like(nline, rules) and not rules.not_title.fullmatch(nline) \
        and not rules.speaker_line.fullmatch(nline) and len(title) + len(nline) <= rules.title_max_chars + 20


def _issued_title(text: str, start: int, rules: MetadataRules) -> Tuple[Optional[str], Optional[Tuple[int, int]]]:
    """A cover notice without a title that issues a document (现将《2024年全县民政工作要点》印发给你们): the
    issued document's title, where it stands on a line of its own further on."""
    m = rules.issued_document.search(text[start:start + rules.issued_within].lstrip())
    if m is None:
        return None, None
    name = m.group("name").strip()
    for pos, line in nonblank_lines(text, start, 40):
        if _clean_title(line, rules) == _clean_title(name, rules):
            return _clean_title(line, rules), (pos, pos + len(line))
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
    head = nonblank_lines(text, start, rules.header_lines)
    tail = last_nonblank_lines(text, rules.trailer_lines) if head else []
    tail = [t for t in tail if t[0] > head[-1][0]] if head else []
    found = _date_in(head, None, rules)
    if found[0] is not None:
        return found
    if head:  # a signature block: the issuer, then the date alone (then 附件1 …, or a 版记 with its 印发 date)
        for m in RE_LINE.finditer(text, head[-1][0]):
            before = last_nonblank_lines(text, 1, end=m.start())  # the line before the date line
            if before and rules.issuer_line.fullmatch(before[0][1]):
                found = _date_in([(m.start(1), m.group(1))], {"bare_date"}, rules)
                if found[0] is not None:
                    return found
    return _date_in(tail, _CLOSING_IDS, rules)


_CLOSING_IDS = frozenset({"bare_date", "closing_date"})
# a short line that opens with a year and ends with 日: what a bare date line can be (speed: the signature search;
# written from the line break so that re looks for it by its first character)
RE_LINE = re.compile(r"\n[ \t\u3000]*((?:[0-9]{4}|[〇零○一二][〇零○一二三四五六七八九]{3})[ \t\u3000]*年[^\n]{2,16}日)"
                     r"[ \t\u3000]*(?=\n|$)")


# a bracketed date with words before or after it on its line: （2024年1月15日）县民政局局长 王建军
RE_HAN = re.compile(r"[\u4e00-\u9fff]+")
RE_BRACKET_DATE = re.compile(r"(?P<a>[^（()）]*?)\s*(?P<date>[（(][^（()）]{6,40}[)）])\s*(?P<b>[^（()）]*)")


def _date_and_speaker(line: str, rules: MetadataRules) -> Optional[Tuple[str, str]]:
    """``(date line, speaker line)`` when ``line`` is a bracketed date line and a speaker line side by side, in
    either order (``（2024年1月15日）县民政局局长 王建军``, ``县民政局局长 王建军（2024年1月15日）``), else ``None``."""
    m = RE_BRACKET_DATE.fullmatch(line)
    if m is None or bool(m.group("a")) == bool(m.group("b")):
        return None
    speaker = m.group("a") or m.group("b")
    if not rules.speaker_line.fullmatch(speaker) or rules.not_speaker_start.match(speaker) \
            or not _is_date_line(m.group("date"), rules):
        return None
    return m.group("date"), speaker


def _date_in(zone: Sequence[Tuple[int, str]], ids: Optional[Iterable[str]], rules: MetadataRules
             ) -> Tuple[Optional[_dt.date], Optional[str]]:
    """The first date line of ``zone`` (rules ``ids`` only, when given); in the header (all rules) a date line may
    carry the speaker (:func:`_date_and_speaker`)."""
    max_chars = max(rules.date_max_chars.values(), default=120)
    for _, line in zone:
        if len(line) > max_chars or rules.publication_stamp.fullmatch(line):
            continue
        both = _date_and_speaker(line, rules) if ids is None else None
        line = both[0] if both else line
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
    lines = nonblank_lines(text, start, rules.header_lines)
    for k, (_, line) in enumerate(lines):
        if RE_SENTENCE.search(line) or len(line) > 50:
            if RE_SENTENCE.search(line) and len(line) > 30:
                break  # the body has begun
            continue
        after = rules.speaker_after_date.search(line)  # ……会议上 某省省长 张三
        part = after.group("rest") if after and _is_date_line(line, rules) else line
        both = _date_and_speaker(line, rules)  # （2024年1月15日）县民政局局长 王建军
        part = both[1] if both else part
        m = rules.speaker_line.fullmatch(part)
        if m and not rules.not_speaker_start.match(part) and not _names_genre(part, rules):
            return RE_SPACE.sub("", m.group("name")), RE_SPACE.sub("", m.group("office")) or None
        m = rules.office_only.fullmatch(line)
        if m and k + 1 < len(lines):
            n = rules.name_only.fullmatch(lines[k + 1][1])
            if n:
                return RE_SPACE.sub("", n.group("name")), RE_SPACE.sub("", m.group("office"))
        if 0 < k < len(lines) - 1 and rules.salutation.fullmatch(lines[k + 1][1]) \
                and not rules.salutation.fullmatch(line) and _is_date_line(lines[k - 1][1], rules):
            n = rules.name_only.fullmatch(line)  # a name alone between the date line and 各位代表：
            if n:
                return RE_SPACE.sub("", n.group("name")), None
        if k < len(lines) - 2 and rules.salutation.fullmatch(lines[k + 2][1]) \
                and _is_date_line(lines[k + 1][1], rules) and _plain_name(line, rules):
            return RE_SPACE.sub("", line), None  # a name alone between the title and the date line, 同志们： after it
    if title:
        m = rules.title_speaker.fullmatch(title)
        if m:
            office = RE_SPACE.sub("", m.group("office")) or None
            return m.group("name"), office
        m = rules.title_speaker_plain.fullmatch(title)  # 王建军在……的讲话, 局长王建军在……的讲话
        if m and _plain_name(m.group("name"), rules):
            return m.group("name"), m.group("office") or None
    return None, None


def _plain_name(name: str, rules: MetadataRules) -> bool:
    """Whether two or three characters without 同志 can be a person's name (not 民政局, 全市, 总书记, 讲话)."""
    name = RE_SPACE.sub("", name)  # 王  军: Word pads a two-character name
    return 2 <= len(name) <= 3 and RE_HAN.fullmatch(name) is not None and not rules.not_speaker_name.fullmatch(name) \
        and not _names_genre(name, rules)


def closing_start(text: str, *, rules: Optional[MetadataRules] = None, lines: int = 8) -> int:
    """Where the lines a document closes with begin (its signature: the issuer and the date; contacts,
    抄送 and publication notes; a speech's closing words, 同志们，……), or ``len(text)`` when it ends with none:
    what follows the last task.

    A block counts only with a date line or a contact line in it, so that a last line naming a unit stays.

    Example:
        >>> text = "三、工作要求\\n请各区于4月15日前报送。\\n联系人：李某，电话：1234567\\n市民政局\\n2024年2月28日"
        >>> text[closing_start(text):]
        '联系人：李某，电话：1234567\\n市民政局\\n2024年2月28日'
        >>> closing_start("一、要点\\n新建养老院5所。") == len("一、要点\\n新建养老院5所。")
        True
    """
    rules = rules or load_metadata_rules()
    start, found = len(text), False
    for pos, line in reversed(last_nonblank_lines(text, lines)):
        if _is_date_line(line, rules) or rules.closing_line.fullmatch(line) or rules.closing_words.fullmatch(line):
            found = True
        elif not rules.issuer_line.fullmatch(line):
            break
        start = pos
    return start if found else len(text)


def signature_span(text: str, *, rules: Optional[MetadataRules] = None) -> Optional[Tuple[int, int]]:
    """The last signature of ``text`` (the issuer on a line, or several issuers a line each, and the date alone on
    the next) that stands before an annex (附件 after it), as ``(start, end)``, or ``None``: what closes the body
    when an annex follows.

    Example:
        >>> text = "三、保障措施\\n加强领导。\\n青山县民政局\\n2024年3月1日\\n附件\\n重点任务分工表"
        >>> a, b = signature_span(text); text[a:b]
        '青山县民政局\\n2024年3月1日'
    """
    rules = rules or load_metadata_rules()
    found = None
    for m in RE_LINE.finditer(text):
        before = last_nonblank_lines(text, 1, end=m.start())
        if before and rules.issuer_line.fullmatch(before[0][1]) and _is_date_line(m.group(1), rules):
            start = before[0][0]
            for pos, line in reversed(last_nonblank_lines(text, 6, end=max(start - 1, 0))):
                if not rules.issuer_line.fullmatch(line):
                    break
                start = pos  # several issuers sign together, one a line
            found = (start, m.end())
    if found is None:
        return None
    after = nonblank_lines(text, found[1], 1)
    return found if after and rules.annex_line.fullmatch(after[0][1]) else None


def annex_lines(text: str, *, rules: Optional[MetadataRules] = None) -> List[int]:
    """Where each annex heading of ``text`` begins: every whole line ``annex_line`` (附件, 附件1, 附件：……分解表).

    Example:
        >>> annex_lines("一、任务\\n附件1\\n申报书\\n附件2\\n承诺书")
        [5, 13]
    """
    rules = rules or load_metadata_rules()
    line = re.compile(rf"(?m)^[ \t\u3000]*(?:{rules.annex_line.pattern})[ \t\u3000]*$")  # a whole line
    return [m.start() + len(m.group()) - len(m.group().lstrip(" \t\u3000")) for m in line.finditer(text)]


def annex_start(text: str, *, rules: Optional[MetadataRules] = None) -> Optional[int]:
    """Where the first annex of ``text`` begins (an :func:`annex_lines` line in its second half), or ``None``.

    Example:
        >>> text = "一、任务\\n新建养老院5所。\\n三、保障\\n加强领导。\\n附件：重点任务分解表\\n序号\\t任务"
        >>> text[annex_start(text):].split("\\n")[0]
        '附件：重点任务分解表'
    """
    return next((s for s in annex_lines(text, rules=rules) if s >= len(text) // 2), None)


def _is_date_line(line: str, rules: MetadataRules) -> bool:
    return any(rx.fullmatch(line) for _, rx in rules.date_lines)


RE_DOC_NUMBER = re.compile(r"[〔\[［【]\s*(?:19|20)\d{2}\s*[〕\]］】]|\d+\s*号")  # （教师函〔2021〕13号）
# brackets a title ends with (（2023—2025年）, （试行）, （征求意见稿）): not what names its genre; nor is a
# year at its end (全市民政工作要点2022)
RE_TITLE_BRACKETS = re.compile(r"(?:\s*[（(][^（()）]{1,24}[)）])+\s*$")
RE_TITLE_TAIL = re.compile(r"(?:\s*[（(][^（()）]{1,24}[)）]|\s*(?:19|20)\d{2}\s*年?(?:度|版)?)+\s*$")


def _type_named(title: str, rules: MetadataRules) -> Optional[str]:
    """The type a title names (its genre word at the end), or that of the document it issues (in 《》 or not).

    A name not in 《》 right after the verb that is typed ``other`` is no document's name (……低保标准 is an amount,
    not a standard), so the title's own genre decides."""
    core = RE_TITLE_TAIL.sub("", title.strip())  # ……的通知（征求意见稿）
    m = rules.issued_document.search(core)
    if m is not None and m.group("name"):
        named = _type_named(m.group("name"), rules)
        if named is not None:
            return named
    m = rules.issued_in_title.search(core)
    if m is not None:
        named = _type_named(rules.issued_brackets.sub("", m.group("name")), rules)
        if named not in (None, "other"):
            return named
    return _genre(title, rules)


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
    named = _type_named(title, rules) if title else None
    if named is None:  # a cover notice that issues a document (现将《……方案》印发给你们): the type it names
        m = rules.issued_document.search(text[:rules.issued_within].lstrip())
        named = _type_named(m.group("name") or "", rules) if m else None
    if named is not None and named != "other":
        return named
    body = text
    fids = sorted(set(furniture))
    if fids:
        body = text + "\n" + "\n".join(f"furniture:{f}" for f in fids)
    scores: Dict[str, float] = {}
    for t, rx, w, mx, after_break, texts, head in rules.doc_type_body:
        part = body[:head] if head else body
        if not may_hold_match(part, texts):
            continue
        n = 0
        for _ in after_boundaries(rx, after_break, part) if after_break is not None else rx.finditer(part):
            n += 1
            if n >= mx:
                break
        if n:
            scores[t] = scores.get(t, 0.0) + n * w
    if named == "other":  # a guide written in articles (第一条 ……) is a rule
        return "law" if scores.get("law", 0.0) >= rules.min_score else "other"
    if not scores:
        return "other"
    best = max(scores.items(), key=lambda kv: kv[1])
    return best[0] if best[1] >= rules.min_score else "other"


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
            title, span = _clean_title(bt, rules), (i, i + len(bt))
    if title is None:
        title, span = find_title(text, start=start, rules=rules)
    if title is None:
        title, span = _issued_title(text, start, rules)
    hstart = span[1] if span else start
    date, date_rule = find_date(text, start=start, rules=rules)
    speaker, office = find_speaker(text, start=hstart, title=title, rules=rules)
    doc_type = classify_doc_type(text, title=title, furniture=furniture, rules=rules)
    nxt = nonblank_lines(text, hstart, 1)
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
    for pos, line in nonblank_lines(text, hstart, 4):
        if rules.speaker_line.fullmatch(line) or line[0] in "—－" \
                or _is_date_line(line, rules) or _date_and_speaker(line, rules) or line == speaker:
            header_end = pos + len(line)
        else:
            break
    return Metadata(title=title, date=date, year=year, speaker=speaker, speaker_title=office, doc_type=doc_type,
                    title_span=span, header_end=header_end, year_source=year_source, warnings=warnings)
