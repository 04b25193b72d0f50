"""Outline: numbering schemes, levels, parts, run-in markers, TOC, ends, rule validation."""
from __future__ import annotations

import pytest

from policytext.errors import PatternError
from policytext.document.outline import find_toc, format_outline, load_outline_rules, match_marker, parse_outline

# fmt: off
MARKERS = [
    # line, (scheme, marker, number) or None
    ("一、总体要求", ("han_dun", "一、", 1)),
    ("十二、其他事项", ("han_dun", "十二、", 12)),
    ("（一）指导思想", ("han_paren", "（一）", 1)),
    ("(三)强化队伍建设", ("han_paren", "(三)", 3)),
    ("1.加强党的建设。", ("arabic_dot", "1.", 1)),
    ("12．加强队伍建设", ("arabic_dot", "12．", 12)),
    ("3、完善救助制度", ("arabic_dun", "3、", 3)),
    ("（2）提高补助标准", ("arabic_paren", "（2）", 2)),
    ("(10)其他", ("arabic_paren", "(10)", 10)),
    ("②加强监管", ("circled", "②", 2)),
    ("第一，要提高认识。", ("ordinal", "第一，", 1)),
    ("第三、强化措施", ("ordinal", "第三、", 3)),
    ("一是摸底排查要精准。", ("runin", "一是", 1)),
    ("三要提升儿童福利水平。", ("runin", "三要", 3)),
    ("第二章 社会救助", ("chapter", "第二章", 2)),
    ("第三节 特困人员供养", ("section", "第三节", 3)),
    ("第十二条 国家建立健全社会救助制度。", ("article", "第十二条", 12)),
    ("第一部分 工作回顾", ("part", "第一部分", 1)),
    # not markers
    ("2020年是收官之年。", None),
    ("1.5万人纳入低保。", None),
    ("3月6日，总书记出席座谈会。", None),
    ("一、二类低保对象全部纳入。", None),
    ("第一时间上报灾情。", None),
    ("一要素齐全", None),
]
# fmt: on


@pytest.mark.parametrize("line,want", MARKERS)
def test_match_marker(line, want):
    assert match_marker(line) == want


# fmt: off
OUTLINES = [
    # each scheme nested in order of appearance
    ("一、甲\n（一）乙\n1.丙\n（1）丁\n①戊\n二、己",
     [(1, "一"), (2, "一/（一）"), (3, "一/（一）/1"), (4, "一/（一）/1/（1）"), (5, "一/（一）/1/（1）/①"), (1, "二")]),
    # a scheme seen before pops back to its level
    ("一、甲\n1.乙\n2.丙\n二、丁\n1.戊",
     [(1, "一"), (2, "一/1"), (2, "一/2"), (1, "二"), (2, "二/1")]),
    # 1、 and (一) half-width parentheses; paths normalise the parentheses
    ("(一)甲\n1、乙\n(二)丙",
     [(1, "（一）"), (2, "（一）/1"), (1, "（二）")]),
    # a major scheme after a minor one does not nest under it
    ("1.甲\n2.乙\n（二）丙\n二、丁",
     [(1, "1"), (1, "2"), (1, "（二）"), (1, "二")]),
    # run-in markers at line start and inside paragraphs
    ("一、甲\n要做好三件事。一要抓落实。二要抓督查；三要抓考核。\n二、乙",
     [(1, "一"), (2, "一/一要"), (2, "一/二要"), (2, "一/三要"), (1, "二")]),
    ("一、甲\n第一，要提高认识。\n第二，要强化措施。一是完善档案。二是规范管理。",
     [(1, "一"), (2, "一/第一"), (2, "一/第二"), (3, "一/第二/一是"), (3, "一/第二/二是")]),
    # an inline list must start at 一 (二要 alone is prose)
    ("一、甲\n当前，一要更新系统。二要对接平台。", [(1, "一")]),
    # law structure
    ("第一章 总则\n第一条 为了规范。\n第二条 适用范围。\n第二章 救助\n第三条 标准。",
     [(1, "第一章"), (2, "第一章/第一条"), (2, "第一章/第二条"), (1, "第二章"), (2, "第二章/第三条")]),
    # numbering that skips back is not a heading
    ("一、甲\n1.乙\n2.丙\n7.不是标题\n3.丁",
     [(1, "一"), (2, "一/1"), (2, "一/2"), (2, "一/3")]),
]
# fmt: on


@pytest.mark.parametrize("text,want", OUTLINES)
def test_levels_and_paths(text, want):
    assert [(s.level, s.path) for s in parse_outline(text)] == want


def test_parts_restart_and_paths_stay_unique():
    text = ("在会议上的讲话\n一、回顾甲。\n二、回顾乙。\n今年要抓好以下工作。\n一、任务甲。一要抓落实。二要抓督查。\n"
            "二、任务乙。\n最后讲几点要求。\n一、要求甲。\n二、要求乙。")
    secs = parse_outline(text)
    assert [s.part for s in secs if s.level == 1] == [1, 1, 2, 2, 3, 3]
    assert [s.path for s in secs] == ["一", "二", "part2:一", "part2:一/一要", "part2:一/二要", "part2:二",
                                      "part3:一", "part3:二"]
    assert len({s.path for s in secs}) == len(secs)


def test_repeated_runin_list_gets_suffix():
    secs = parse_outline("一是甲；\n二是乙。\n一是丙。\n二是丁。")
    assert [s.path for s in secs] == ["一是", "二是", "一是#2", "二是#2"]


# fmt: off
HEADINGS = [
    ("一、社会救助更加有力。低保标准稳步提高。", "社会救助更加有力"),
    ("二、聚焦民生,补齐短板,推动养老服务提质增效", "聚焦民生,补齐短板,推动养老服务提质增效"),
    ("（三）加强养老机构安全管理。", "加强养老机构安全管理"),
    ("1.加强党的建设。认真学习贯彻。", "加强党的建设"),
    ("一是县区政府的监管责任是否落实到位；", "县区政府的监管责任是否落实到位"),
    ("三、" + "很长的标题没有句号" * 10, ("很长的标题没有句号" * 10)[:60]),
]
# fmt: on


@pytest.mark.parametrize("line,heading", HEADINGS)
def test_heading_text(line, heading):
    (sec,) = parse_outline(line)
    assert sec.heading == heading
    assert line[sec.heading_end - len(heading):sec.heading_end] == heading


def test_section_ends_and_spans():
    text = "一、甲\n正文一。\n（一）乙\n正文二。\n二、丙\n正文三。"
    a, b, c = parse_outline(text)
    assert text[a.start:a.end] == "一、甲\n正文一。\n（一）乙\n正文二。\n"
    assert text[b.start:b.end] == "（一）乙\n正文二。\n"
    assert text[c.start:c.end] == "二、丙\n正文三。"
    assert (a.marker, a.heading) == ("一、", "甲")


def test_hints_make_unmarked_headings_sections():
    text = "总体要求\n坚持党的领导。\n重点任务\n（一）兜底保障\n正文。"
    secs = parse_outline(text, hints={0: 1, text.index("重点任务"): 1})
    assert [(s.level, s.heading) for s in secs] == [(1, "总体要求"), (1, "重点任务"), (2, "兜底保障")]


def test_skip_and_toc_offsets_are_not_sections():
    text = "一、甲\n二、乙\n三、丙\n标题\n一、甲\n正文。\n二、乙\n正文。\n三、丙\n正文。"
    toc = find_toc(text)
    assert toc == (0, len("一、甲\n二、乙\n三、丙"))
    secs = parse_outline(text, toc=toc)
    assert [s.path for s in secs] == ["一", "二", "三"]
    assert all(s.start > toc[1] for s in secs)


# fmt: off
TOCS = [
    ("目录\n一、总体要求\n二、重点任务\n三、保障措施\n正文开始。一、总体要求……", True),
    ("一、总体要求\n二、重点任务\n三、保障措施\n标题\n一、总体要求\n二、重点任务\n三、保障措施", True),
    # headings that do not come back: an outline, not a TOC
    ("一、总体要求\n二、重点任务\n三、保障措施\n正文。", False),
    # too few lines
    ("一、总体要求\n二、重点任务\n标题\n一、总体要求\n二、重点任务", False),
    # body sentences are not TOC lines
    ("一、坚持党的领导。\n二、坚持人民至上。\n三、坚持改革。\n一、坚持党的领导。", False),
]
# fmt: on


@pytest.mark.parametrize("text,found", TOCS)
def test_find_toc(text, found):
    assert (find_toc(text) is not None) is found


PLAN_BODY = "一、总体要求\n（一）指导思想\n坚持以人民为中心。\n二、重点任务\n新建养老院5所。\n三、保障措施\n加强领导。"
# fmt: off
TOC_THEN_BODY = [
    # a labelled TOC ends before the body's first heading, which repeats its first entry
    "2024年全市民政工作要点\n目录\n一、总体要求\n二、重点任务\n三、保障措施\n" + PLAN_BODY,
    # the same with dot leaders and page numbers, a short leader, Word's tab and page number
    "2024年全市民政工作要点\n目录\n一、总体要求……………1\n二、重点任务……………2\n三、保障措施……………3\n" + PLAN_BODY,
    "2024年全市民政工作要点\n目录\n一、总体要求……1\n二、重点任务……2\n三、保障措施……5\n" + PLAN_BODY,
    "2024年全市民政工作要点\n目录\n一、总体要求\t1\n二、重点任务\t2\n三、保障措施\t5\n" + PLAN_BODY,
    # an unlabelled TOC under the title, also with page numbers after a space
    "2024年全市民政工作要点\n一、总体要求\n二、重点任务\n三、保障措施\n" + PLAN_BODY,
    "2024年全市民政工作要点\n一、总体要求 1\n二、重点任务 4\n三、保障措施 7\n" + PLAN_BODY,
]
# fmt: on


@pytest.mark.parametrize("text", TOC_THEN_BODY)
def test_a_toc_ends_where_the_body_repeats_its_first_entry(text):
    from policytext.document import from_text

    doc = from_text(text)
    assert [s.path for s in doc.sections] == ["一", "一/（一）", "二", "三"]
    assert doc.text[doc.sections[0].start:] == PLAN_BODY


def test_consecutive_headings_under_a_title_are_no_toc():
    from policytext.document import from_text

    doc = from_text("2024年全市民政工作要点\n一、总体要求\n（一）指导思想\n（二）基本原则\n坚持以人民为中心。\n二、重点任务\n新建。")
    assert doc.toc is None and [s.path for s in doc.sections] == ["一", "一/（一）", "一/（二）", "二"]


def test_first_and_second_rounds_are_no_ordinal_marker():
    """第一、二轮 (the first and second rounds) opens a body sentence, not an ordinal point 第一、."""
    from policytext.document import from_text

    doc = from_text("总体要求\n第一，坚持党的领导。第二，坚持人民至上。\n第一、二轮督察反馈问题全部整改办结。\n第一、加强组织领导。")
    assert [s.heading for s in doc.sections] == ["坚持党的领导", "坚持人民至上", "加强组织领导"]


def test_a_toc_with_dot_leaders_and_page_numbers_is_no_outline():
    """PDF plans: a 目录 whose long entries end in dot leaders and page numbers, an unmarked 前言 entry,
    and a last entry the reflow joined to the next line. Its entries are not sections."""
    from policytext.document import from_text

    dots = "." * 60
    text = (f"某市养老服务体系建设规划\n目 录\n前 言 {dots} 1\n一、总体要求 {dots} 2\n（一）指导思想 {dots} 2\n"
            f"（二）发展目标 {dots} 3\n二、主要任务{dots}4\n（一）发展居家社区养老服务{dots}4\n"
            f"三、保障措施{dots}9附件：重点项目清单{dots}11\n前 言\n为推进养老服务体系建设，制定本规划。\n"
            "一、总体要求\n（一）指导思想\n坚持以人民为中心。\n（二）发展目标\n到2027年，护理型床位占比达到65%。\n"
            "二、主要任务\n（一）发展居家社区养老服务\n新建社区食堂20个。\n三、保障措施\n加强组织领导。\n")
    doc = from_text(text)
    assert doc.toc is not None and text[doc.toc[0]:].startswith("目 录")
    assert [s.heading for s in doc.sections] == ["总体要求", "指导思想", "发展目标", "主要任务", "发展居家社区养老服务",
                                                 "保障措施"]
    assert all(s.start > doc.toc[1] for s in doc.sections)


def test_format_outline_tree_and_parts():
    from policytext.document import from_text

    doc = from_text("一、甲\n（一）乙\n二、丙\n正文。\n一、丁")
    assert format_outline(doc) == "一、甲\n  （一）乙\n二、丙\n── part 2 ──\n一、丁"
    assert "[part2:一]" in format_outline(doc, paths=True)
    assert format_outline(from_text("没有标题的正文。")) == "(no outline)"


# fmt: off
BAD_RULES = [
    ("schemes: []\n", "non-empty list"),
    ("schemes: [{id: a, pattern: 'x', number: han, rank: 1, path: '{num}'}]\n", "capture the number"),
    ("schemes: [{id: a, pattern: '(?P<num>x)', number: roman, rank: 1, path: '{num}'}]\n", "han, arabic, circled"),
    ("schemes: [{id: a, pattern: '(?P<num>x)', number: han, rank: 1, path: '{nom}'}]\n", "may only use"),
    ("schemes: [{id: a, pattern: '(?P<num>x)', number: han, path: '{num}'}]\n", "missing `rank`"),
    ("schemes: [{id: a, pattern: '(?P<num>x', number: han, rank: 1, path: '{num}'}]\n", "invalid regular"),
]
# fmt: on


@pytest.mark.parametrize("content,message", BAD_RULES)
def test_bad_outline_rules(tmp_path, content, message):
    f = tmp_path / "outline.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(PatternError, match=message):
        load_outline_rules(str(f))


def test_seed_004_mixed_schemes(seeds_dir):
    from policytext.document import from_text

    raw = next(seeds_dir.glob("004_*.txt")).read_text(encoding="utf-8")
    doc = from_text(raw)
    paths = [s.path for s in doc.sections]
    assert {"二", "三", "四"} <= set(paths)
    assert "二/一要" in paths and "四/第一" in paths
    assert all(s.level == 1 for s in doc.sections if s.marker.endswith("、"))
