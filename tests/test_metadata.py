"""Metadata: title, date lines, speaker lines, document type, plan year, rule validation."""
from __future__ import annotations

import datetime as dt

import pytest

from policytext.errors import PatternError
from policytext.metadata import (
    DOC_TYPES,
    classify_doc_type,
    extract_metadata,
    find_date,
    find_speaker,
    find_title,
    find_year,
    load_metadata_rules,
)

# fmt: off
TITLES = [
    ("在全省民政工作会议上的讲话\n同志们：", "在全省民政工作会议上的讲话"),
    ("2021年全县民政工作要点\n一、总体要求", "2021年全县民政工作要点"),
    ("民政部部署推动兜底保障工作\n7月26日，民政部召开会议。", "民政部部署推动兜底保障工作"),
    ("关于做好2021年冬季救助工作的\n通知\n各区县：", "关于做好2021年冬季救助工作的通知"),
    ("某民发〔2021〕12号\n关于印发养老服务实施方案的通知\n各区县：", "关于印发养老服务实施方案的通知"),
    ("在 全 市 民 政 工 作 会 议 上 的 讲 话", "在全市民政工作会议上的讲话"),
    # no title: the first line is body text, a salutation, a numbered heading or a date
    ("2021年是开局之年。全区上下要坚持稳中求进，推动各项工作高质量发展。", None),
    ("同志们：\n今天召开会议。", None),
    ("一、总体要求\n坚持党的领导。", None),
    ("（2020年3月26日）\n同志们：", None),
    ("", None),
]
# fmt: on


@pytest.mark.parametrize("text,title", TITLES)
def test_find_title(text, title):
    got, span = find_title(text)
    assert got == title
    if title is not None:
        assert span is not None and span[0] < span[1]


# fmt: off
DATES = [
    ("讲话\n(2020年3月26日)", "2020-03-26", "paren_date"),
    ("讲话\n（2021年12月8日）", "2021-12-08", "paren_date"),
    ("讲话\n（2019年7月5日在全市民政工作会议上）", "2019-07-05", "paren_date"),
    ("政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上", "2024-03-05", "dash_date"),
    ("讲话\n（二〇二〇年三月二十六日）", "2020-03-26", "paren_date"),
    ("讲话\n2022年1月10日", "2022-01-10", "bare_date"),
    # signing date at the end of a notice
    ("关于做好救助工作的通知\n各区县：\n一、摸底。\n二、落实。\n三、督查。\n四、考核。\n五、宣传。\n六、总结。\n七、其他。\n"
     "某市民政局\n2021年11月2日", "2021-11-02", "bare_date"),
    # publication stamps and impossible dates are not the document date
    ("标题\n发布时间：2020-07-27", None, None),
    ("标题\n发布日期：2020年7月27日", None, None),
    ("标题\n上传时间：2022年10月26日", None, None),
    ("标题\n（2020年2月30日）", None, None),
    ("标题\n3月6日，总书记出席座谈会。", None, None),
    ("标题\n（×年3月26日）", None, None),
]
# fmt: on


@pytest.mark.parametrize("text,date,rule", DATES)
def test_find_date(text, date, rule):
    d, r = find_date(text)
    assert (d.isoformat() if d else None) == date
    assert r == rule


# fmt: off
SPEAKERS = [
    ("讲话\n某市委常委、副市长 刘洋\n(2021年2月3日)", "刘洋", "某市委常委、副市长"),
    ("政府工作报告\n国务院总理 李 强", "李强", "国务院总理"),
    ("讲话\n市民政局局长  王建国", "王建国", "市民政局局长"),
    ("讲话\n县委副书记、县长张明同志", "张明", "县委副书记、县长"),
    ("政府工作报告\n国务院总理\n李克强", "李克强", "国务院总理"),
    ("讲话\n同志们：\n会议指出，要做好工作。", None, None),
    ("讲话\n（2020年3月26日）\n同志们，今天召开全市民政工作会议，主要是总结去年工作、安排今年任务。", None, None),
]
# fmt: on


@pytest.mark.parametrize("text,name,office", SPEAKERS)
def test_find_speaker(text, name, office):
    assert find_speaker(text) == (name, office)


def test_speaker_from_title():
    title = "王建国同志在全市民政工作会议上的讲话"
    assert find_speaker(title + "\n同志们：", title=title) == ("王建国", None)


# fmt: off
DOC_TYPE_CASES = [
    # (text, title, doc_type)
    ("", "在全市民政工作会议上的讲话", "speech"),
    ("", "全区社会救助工作推进会议上的讲话", "speech"),
    ("", "局长在庆祝大会上的致辞", "speech"),
    ("", "2021年全县民政工作要点", "work_plan"),
    ("", "全市养老服务体系建设实施方案", "work_plan"),
    ("", "2022年民政工作计划", "work_plan"),
    ("", "市民政局2021年工作总结", "report"),
    ("", "政府工作报告", "report"),
    ("", "关于做好冬季救助工作的通知", "notice"),
    ("", "社会救助暂行办法", "law"),
    ("", "中华人民共和国老年人权益保障法", "law"),
    # body cues when the title says nothing
    ("同志们：\n今天我们召开会议。", None, "speech"),
    ("会议指出，要做好兜底保障。\n会议强调，要抓好落实。", "民政部部署兜底保障工作", "news"),
    ("新华社北京3月5日电 会议在京召开。", None, "news"),
    ("1.提高标准。\n2.扩大覆盖。\n3.加强监管。\n4.强化考核。\n5.加强宣传。", None, "work_plan"),
    ("各区县民政局：\n现将有关事项通知如下。", None, "notice"),
    ("第一条 为了规范。\n第二条 适用。\n第三条 原则。\n第四条 职责。", None, "law"),
    ("做好民政工作。", None, "other"),
]
# fmt: on


@pytest.mark.parametrize("text,title,doc_type", DOC_TYPE_CASES)
def test_classify_doc_type(text, title, doc_type):
    assert classify_doc_type(text, title=title) == doc_type
    assert doc_type in DOC_TYPES


def test_removed_source_stamp_is_a_news_cue():
    text = "民政部部署兜底保障工作\n7月26日，民政部召开会议。"
    assert classify_doc_type(text, title="民政部部署兜底保障工作", furniture=["source_stamp"]) == "news"


# fmt: off
YEARS = [
    # (text, kwargs, year)
    ("2021年是“十四五”开局之年。", {}, 2021),
    ("正文。", {"date": dt.date(2021, 3, 1)}, 2021),
    ("正文。", {"title": "2022年全县民政工作要点"}, 2022),
    ("正文。", {"title": "2021年工作总结和2022年工作计划"}, 2022),
    ("×年是规划实施的关键之年。", {}, None),
    ("20××年是关键之年。", {}, None),
    ("今年以来，各级民政部门扎实推进各项工作。", {}, None),
    ("今年以来，各级民政部门扎实推进各项工作。", {"reference_date": dt.date(2020, 8, 1)}, 2020),
    ("2020年是收官之年。", {"reference_date": dt.date(2023, 1, 1)}, 2020),
]
# fmt: on


@pytest.mark.parametrize("text,kwargs,year", YEARS)
def test_find_year(text, kwargs, year):
    assert find_year(text, **kwargs) == year


def test_extract_metadata_full_header():
    text = ("坚定信心 开拓进取\n——在全省民政工作会议上的讲话\n省民政厅厅长 王明\n（2023年1月6日）\n同志们：\n"
            "这次会议的主要任务是总结工作、部署任务。")
    m = extract_metadata(text)
    assert (m.title, m.date, m.year, m.speaker, m.speaker_title) == (
        "坚定信心开拓进取", dt.date(2023, 1, 6), 2023, "王明", "省民政厅厅长")
    assert m.doc_type == "speech"
    assert text[m.title_span[0]:m.title_span[1]] == "坚定信心 开拓进取"
    assert text[m.header_end:].lstrip().startswith("同志们")


def test_subtitle_names_the_genre():
    m = extract_metadata("坚定信心 开拓进取\n——在全省民政工作会议上的讲话\n这次会议的主要任务是总结工作、部署任务。")
    assert m.doc_type == "speech"


def test_block_title_wins_when_present():
    m = extract_metadata("民政工作要点\n一、总体要求", block_title="民政工作要点")
    assert m.title == "民政工作要点" and m.title_span == (0, 6)
    m = extract_metadata("2020年是收官之年。", block_title="不在正文中的标题")
    assert m.title is None


# fmt: off
BAD = [
    ("not_title: []\n", "non-empty list"),
    ("not_title: ['x']\ndate_lines: [{id: a, pattern: '(?P<y>\\d+)'}]\n", "groups y, m and d"),
    ("not_title: ['x']\ndate_lines: [{pattern: 'x'}]\n", "must have `id`"),
    ("not_title: ['(x']\n", "invalid regular"),
]
# fmt: on


@pytest.mark.parametrize("content,message", BAD)
def test_bad_metadata_rules(tmp_path, content, message):
    f = tmp_path / "metadata.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(PatternError, match=message):
        load_metadata_rules(str(f))


def test_shipped_rules_cover_every_doc_type():
    rules = load_metadata_rules()
    types = {t for t, _ in rules.doc_type_title} | {t for t, *_ in rules.doc_type_body}
    assert set(DOC_TYPES) - {"other"} <= types
