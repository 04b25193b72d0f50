"""Cleaning: furniture patterns, protection of body sentences, normalization, offset map."""
from __future__ import annotations

import random

import pytest

from policytext._resources import DATA_DIR
from policytext.document.clean import (
    DEFAULT_STEPS,
    Cleaned,
    Pipeline,
    clean,
    collapse_blank_lines,
    dedupe_lines,
    drop_symbol_lines,
    join_broken_lines,
    load_furniture,
    make_pipeline,
    normalize_lines,
    remove_furniture,
)
from policytext.errors import PatternError

BODY = "一、总体要求\n坚持以人民为中心的发展思想，兜住兜准兜牢民生底线，不断增强困难群众的获得感、幸福感、安全感。"

# fmt: off
FURNITURE = [
    # (line, rule id) — invented lines of each kind, one per pattern
    ("分享到：微信 微博 QQ空间", "share"),
    ("【打印】【关闭】", "print_close"),
    ("【打印本页】 【关闭窗口】", "print_close"),
    ("打印本页", "print_close"),
    ("字号：大 中 小", "font_size"),
    ("【字体：大 中 小】", "font_size"),
    ("浏览次数：1234", "view_count"),
    ("来源：某县民政局 发布时间：2021-05-06 09:30", "pub_stamp"),
    ("发布日期：2021年5月6日", "pub_stamp"),
    ("来源：某市人民政府网", "source_stamp_line"),
    ("责任编辑：张三", "editor"),
    ("（编辑：李四 审核：王五）", "editor"),
    ("相关报道", "related"),
    ("【相关链接】", "related"),
    ("上一篇：关于做好春节期间困难群众走访慰问工作的通知", "prev_next"),
    ("下一条：2019年工作要点", "prev_next"),
    ("当前位置：首页 > 政务公开 > 工作动态", "breadcrumb"),
    ("网站首页 > 政务公开 > 规划计划", "breadcrumb_path"),
    ("主页 > 新闻 > {健康新闻}某市今年将新建221处养老设施 老年助餐场所400处", "breadcrumb_path"),
    ("首页 / 社会组织 / 政策法律信息", "breadcrumb_path"),
    ("首页学习时政看点评论权益视频", "nav_menu"),
    ("首页 新闻中心 政务公开 办事服务 互动交流", "nav_menu"),
    ("某县人民政府 www.example.gov.cn", "site_name_url"),
    ("【资料图】", "page_aid"),
    ("文档库 最新最全的文档下载", "doc_library"),
    ("您好,欢迎访问某某文档", "site_welcome"),
    ("正文内容区域请使用tab按钮切换浏览", "page_aid"),
    ("扫一扫在手机打开当前页", "scan_qr"),
    ("网站标识码：1234567890", "site_footer"),
    ("主办单位：某市民政局 技术支持：某科技公司", "site_footer"),
    ("Copyright © 2010-2023 某某文库网站版权所有", "copyright"),
    ("某市民政局版权所有", "copyright"),
    ("京ICP备12345678号-2", "icp"),
    ("经营许可证编号：粤ICP备2020012345号-1", "icp"),
    ("京公网安备 11010802012345号", "licence_no"),
    ("上传人：abc***9 文档编号：88776655 上传时间：2023-01-02 格式：DOCX 页数：7", "upload_header"),
    ("文档编号：1234 格式：PDF", "doc_meta"),
    ("下载 收藏 举报", "download_actions"),
    ("某某讲话稿Word格式下载.docx_第3页", "page_list"),
    ("第3页 / 共7页", "page_of"),
    ("— 12 —", "page_number"),
    ("3/7", "page_number"),
    ("亲，本文共7页，超出免费预览范围，请购买后阅读。", None),  # not a known banner: kept
    ("亲，本文档共3页，已经预览完了，欢迎下载全文！", "preview_end"),
    ("展开阅读全文", "download_banner"),
    ("资源描述", "download_banner"),
    ("《某某工作总结PDF下载.pdf》由用户上传分享，免费在线阅读，更多相关内容请在某某文库搜索。", "shared_by_member"),
    ("仅供学习交流 严禁外传", "ad_restricted"),
    ("仅供参考，请勿转载", "ad_restricted"),
    ("某某资料整理，咨询QQ123456789", "ad_contact"),
    ("客服微信：abc_12345", "ad_contact"),
    ("会员群：    免费QQ群：", "ad_group"),
    ("现在订阅立享全部会员资料", "ad_subscribe"),
    ("【严厉打击倒卖资料】", "ad_resale"),
    ("长按识别二维码关注公众号", "wechat_follow"),
    ("（据某某部网站）", "source_stamp"),
    ("(来源：新华网)", "source_stamp"),
    ("某地受灾现场（新华社记者 王某/摄）", "photo_credit"),
]

# lines of a document that no furniture pattern may drop
BODY_LINES = [
    "一、总体要求",
    "（三）规范经营许可证管理",
    "2.加强社会组织登记管理。",
    "推行扫码登记。",
    "会议时间：2021年3月5日上午9:00",
    "资金来源：市级财政",
    "严厉打击倒卖车票行为。",
    "关于做好冬季救助工作的通知",
    "同志们：",
    "加大对社会组织的监管力度，严厉查处借会员之名违规收费、强制入会、变相摊派等行为，切实维护会员合法权益。",
    "要畅通求助渠道，公布服务热线和微信公众号，让群众办事少跑腿、好办事，服务分享到户、责任到人。",
    "第一条 为了规范社会救助，保障公民的基本生活，根据宪法，制定本办法。",
]
# fmt: on


@pytest.mark.parametrize("line,rule", FURNITURE)
def test_furniture_line(line, rule):
    got = load_furniture().match_drop(line)
    assert got == rule
    text = BODY + "\n" + line + "\n" + BODY
    out = clean(text).text
    if rule is None:
        assert line in out
    else:
        assert line not in out
        assert out.count("坚持以人民为中心的发展思想") == 1 or out.count("\n") >= 1


@pytest.mark.parametrize("line", BODY_LINES)
def test_body_lines_survive(line):
    assert load_furniture().match_drop(line) is None
    out = clean("一、总体要求\n" + line + "\n二、重点任务").text
    assert line in out.split("\n")


def test_protected_sentence_is_never_dropped_by_generic_patterns():
    rules = load_furniture()
    # a body sentence that mentions furniture words and would match a generic pattern if short
    long_line = "来源：各地要落实资金来源，加强资金监管，确保资金按时足额发放到困难群众手中，不得截留挪用。"
    assert len(long_line) > rules.protect_min_chars and rules.is_protected(long_line)
    assert rules.match_drop(long_line) is None
    assert long_line in clean("标题\n" + long_line).text
    # while the same wording, short, is a source line
    assert rules.match_drop("来源：某某网") == "source_stamp_line"


def test_strip_download_filename_suffix():
    c = clean("全区养老服务推进会讲话稿Word下载.docx\n\n同志们：")
    assert c.text.split("\n")[0] == "全区养老服务推进会讲话稿"
    assert [r.rule for r in c.removed] == ["suffix:download_filename"]


def test_tail_is_cut_after_marker_when_only_furniture_follows():
    text = BODY + "\n展开阅读全文\n猜你喜欢\n某某讲话稿范文\n2021年某某工作总结\n当前位置：首页 > 范文"
    c = clean(text)
    assert c.text == BODY
    assert {r.rule for r in c.removed} == {"tail:read_more"}


def test_tail_marker_with_body_after_it_removes_only_the_marker():
    text = BODY + "\n相关链接\n" + BODY_LINES[-3]
    out = clean(text).text
    assert "相关链接" not in out and BODY_LINES[-3] in out


def test_head_ads_are_cut_but_title_kept():
    text = "仅供参考 请勿转载\n某某文库\n海量范文、每日更新\n在全区养老服务推进会上的讲话\n粉丝群：  微信群：\n\n" + BODY
    c = clean(text)
    assert c.text.split("\n")[0] == "在全区养老服务推进会上的讲话"
    assert "某某文库" not in c.text and "海量范文" not in c.text


def test_page_furniture_of_a_download_site():
    text = ("某某讲话PDF下载.pdf\n\n上传人：x**7  文档编号：987  上传时间：2021-03-04  页数：2\n"
            "下载 收藏 举报\n某某讲话PDF下载.pdf_第1页\n第 1 页 / 共 2 页\n某某讲话PDF下载.pdf_第2页\n第 2 页 / 共 2 页\n"
            "文档介绍\n\n某某讲话PDF下载.pdf\n\n《某某讲话PDF下载.pdf》由用户分享，免费在线阅读，更多相关"
            "内容请在某某文库上搜索。\n\n" + BODY)
    c = clean(text)
    assert c.text == "某某讲话\n" + BODY


# fmt: off
NORMALIZE = [
    ("\ufeff一、总体要求\r\n\r\n\r\n（一）指导思想\r", "一、总体要求\n（一）指导思想"),
    ("\u3000\u3000坚持党的领导。\u00a0\n  （二）基本原则  ", "坚持党的领导。\n（二）基本原则"),
    ("总体\u200b要求\u200d", "总体要求"),
    ("标题\n“\n正文。", "标题\n正文。"),
    ("第一行。\r第二行。", "第一行。\n第二行。"),
]
# fmt: on


@pytest.mark.parametrize("raw,want", NORMALIZE)
def test_normalize(raw, want):
    assert clean(raw).text == want


def test_invisible_characters_are_not_printable():
    """normalize_lines searches a line for them only when it is not printable (str.isprintable)."""
    import sys

    from policytext.document.clean_steps import RE_INVISIBLE

    chars = [chr(i) for i in range(sys.maxunicode + 1) if RE_INVISIBLE.fullmatch(chr(i))]
    assert chars and not any(c.isprintable() for c in chars)


# fmt: off
JOINS = [
    # (raw, joined?)
    ("会议要求，要健全主动发现机制，及时将符合条件的困难群众纳入救助范\n\n围，做到应救尽救。", True),
    ("各地要对养老机构消防设施、用电线路、燃气管道等方面安全隐\n患进行全面排查，发现问题限期整改。", True),
    ("对暂时无法纳入低保的困难家庭，要通过临时救助予以帮\n\n扶，切实兜住兜牢群众基本生活。", True),
    ("要推进社区服务设施建设，提升服务水平，特别是基层网格员\n目前，全区网格化管理已全面铺开。", False),
    ("要推进社区服务设施建设，提升服务水平，确保不出\n养老机构防控。严格落实出入登记制度。", False),
    ("要推进社区服务设施建设，提升服务水平，加大投\n\n会议强调，要认清当前形势。", False),
    ("要推进社区服务设施建设，提升服务水平，对部分困\n（二）完善救助体系，织密民生保障网", False),
    ("某部召开全国养老服务工作视频会\n\n3月8日，某部召开视频会议。", False),
    ("会后，各地陆续召开了专题会，研究了落实措施，至5\n\n某部部署做好冬春救助工作", False),
    ("在全区养老服务推进会上的讲话\n某区委常委、副区长 赵强", False),
    ("年底将至，各地要抓紧做好资金清算工作。\n清算工作要与绩效评价一并进行。", False),
    ("局长要求做到“三个到位”，即：\n认识到位、措施到位、责任到位。", False),
]
# fmt: on


@pytest.mark.parametrize("raw,joined", JOINS)
def test_join_broken_lines(raw, joined):
    out = clean(raw).text
    assert (out.count("\n") == 0) is joined, out


def test_join_can_be_turned_off():
    raw = JOINS[0][0]
    assert clean(raw, join_lines=False).text.count("\n") == 1


def _check_offsets(raw: str, c: Cleaned) -> None:
    runs = list(c.offset_map) + [(len(c.text), None)]
    for (cs, rs), (ce, _) in zip(runs, runs[1:]):
        seg = c.text[cs:ce]
        # the last char of a run may be a line break the cleaner inserted
        body = seg[:-1] if seg.endswith("\n") else seg
        assert raw[rs:rs + len(body)] == body


def test_offset_map_maps_clean_spans_to_identical_raw_substrings():
    raw = ("\ufeff分享到：微信\r\n\u3000\u3000一、总体\u200b要求\r\n\r\n要健全主动发现机制，及时将困难群众纳入救助范\r\n\r\n"
           "围，做到应救尽救。\r\n【打印】【关闭】\r\n" + BODY)
    c = clean(raw)
    _check_offsets(raw, c)
    rng = random.Random(0)
    keys = [k for k, _ in c.offset_map] + [len(c.text)]
    for _ in range(300):
        i = rng.randrange(len(keys) - 1)
        a = rng.randrange(keys[i], keys[i + 1])
        b = rng.randrange(a, keys[i + 1]) + 1
        if "\n" in c.text[a:b]:
            continue
        s, e = c.to_raw(a), c.to_raw(b - 1) + 1
        assert raw[s:e] == c.text[a:b]
    # removed furniture points back to the raw text too
    for r in c.removed:
        assert raw[r.raw_start:r.raw_end] == r.text


def test_steps_are_str_to_str_and_compose():
    assert normalize_lines("\u3000a\u200bb ") == "ab"
    assert drop_symbol_lines("a\n“\nb") == "a\n\nb"
    assert dedupe_lines("a\na\nb") == "a\n\nb"
    assert collapse_blank_lines("a\n\n\n\nb\n") == "a\n\nb"
    assert remove_furniture("a\n【打印】【关闭】") == "a\n"
    assert join_broken_lines("要健全主动发现机制，及时将困难群众纳入救助范\n围，做到应救尽救。").count("\n") == 0
    p = make_pipeline(normalize_lines, remove_furniture, collapse_blank_lines)
    assert isinstance(p, Pipeline)
    assert p("分享到：微信\n\n\n一、总体要求\n\n\n二、重点任务").text == "一、总体要求\n\n二、重点任务"
    assert make_pipeline().steps == DEFAULT_STEPS
    with pytest.raises(TypeError, match="Step"):
        make_pipeline(str.strip)  # type: ignore[arg-type]


def test_clean_rejects_bytes():
    with pytest.raises(TypeError, match="str"):
        clean(b"abc")  # type: ignore[arg-type]


# fmt: off
BAD_FILES = [
    ("drop_line: [{id: a}]\n", "drop_line\\[0\\]"),
    ("drop_line: [{id: a, pattern: '(unclosed'}]\n", "invalid regular expression"),
    ("drop_line: [{id: a, pattern: x}, {id: a, pattern: y}]\n", "duplicate id"),
    ("drop_line: [{id: a, pattern: '(?P<g>x)'}]\n", "named groups"),
    ("drop_line: [{id: a, pattern: x, colour: red}]\n", "unknown keys"),
    ("protect_min_chars: -1\n", "positive int"),
    ("frobnicate: 1\n", "unknown top-level"),
]
# fmt: on


@pytest.mark.parametrize("content,message", BAD_FILES)
def test_bad_pattern_file_raises_pattern_error(tmp_path, content, message):
    f = tmp_path / "furniture.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(PatternError, match=message):
        load_furniture(str(f))


def test_shipped_furniture_file_loads():
    assert (DATA_DIR / "patterns" / "furniture.yaml").is_file()
    rules = load_furniture()
    assert rules.drop is not None and rules.cut_tail is not None and rules.keep is not None


# --------------------------------------------------------------------------- seeds


# (seed prefix, furniture fragments the seed has and the clean text must not)
SEED_FURNITURE = [
    ("001", ["(据", "/摄)"]),
    ("002", ["上一条", "下一条", "【关闭】"]),
    ("003", ["仅供学习", "订阅", "倒卖", "QQ", "会员群"]),
    ("004", ["上传人", "文档编号", "_第", "共5页", "展开阅读全文", "相关资源", "猜你喜欢", "相关搜索",
             "当前位置", "copyright", "ICP", "Word下载", "由会员分享", "下载资源", "资源描述", "预览完了", "举报"]),
]


@pytest.mark.parametrize("prefix,gone", SEED_FURNITURE)
def test_seed_furniture_removed(seeds_dir, prefix, gone):
    raw = next(seeds_dir.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")
    c = clean(raw)
    rules = load_furniture()
    for g in gone:
        assert g in raw, g  # the seed really had it
        assert g not in c.text, g
    # numbered headings of the seed all survive
    for line in raw.splitlines():
        t = line.strip()
        if t and t[0] in "一二三四五六七八九（(123456789" and len(t) < 40 and rules.match_drop(t) is None:
            assert t in c.text, t
    _check_offsets(raw, c)
    # no removed line was a body sentence, unless a force pattern removed it
    for r in c.removed:
        if rules.is_protected(r.text):
            assert r.rule in {"shared_by_member", "download_more"}, r


def test_seed_head_ads_cut(seeds_dir):
    """003 opens with an ad block; every line before its title goes."""
    raw = next(seeds_dir.glob("003_*.txt")).read_text(encoding="utf-8")
    c = clean(raw)
    first = c.text.split("\n")[0]
    assert first.endswith("讲话")
    removed_head = [r for r in c.removed if r.raw_start < raw.index(first)]
    assert len(removed_head) >= 8


def test_seed_sentences_all_survive(seeds_dir):
    """Every body sentence of every seed (a line with 。 longer than 40 chars) is in the clean text."""
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        out = clean(raw).text.replace("\n", "")
        for line in raw.splitlines():
            t = line.strip().replace("\u200b", "")
            if len(t) > 40 and "。" in t and "由会员分享" not in t:
                assert t in out, (path.name, t[:30])


# --------------------------------------------------------------------------- spaced digits

# fmt: off
SPACED = [
    # (raw, clean) -- the artefact is present (3+ spaced runs): every spaced number is joined
    ("全县1 9 9 7 年新建道路4 0 0 公里，比1 9 9 2 年增长1 0 ％。",
     "全县1997年新建道路400公里，比1992年增长10％。"),
    ("投资2 5 0 0 万元，完成1 2 3 个项目。\n人均收入5 1 6 0 元，增长5 ．4 ％，覆盖率8 5 %以上。",
     "投资2500万元，完成123个项目。\n人均收入5160元，增长5．4％，覆盖率85%以上。"),
    ("会议于2 0 2 1 年1 2 月2 0 日召开，安排资金1 8 6 亿元。",
     "会议于2021年12月20日召开，安排资金186亿元。"),
    # no artefact (fewer than 3 spaced runs): legitimate spacing stays
    ("表 1 全市 3 个区的情况。\n共有 2 0 2 个社区。", "表 1 全市 3 个区的情况。\n共有 2 0 2 个社区。"),
    ("Windows 10 2019 版本，第 3 章。", "Windows 10 2019 版本，第 3 章。"),
    ("2020年增长10%，投入400亿元。", "2020年增长10%，投入400亿元。"),
    # artefact present: English words and spaces not after a digit are untouched
    ("1 9 9 8 年 GDP 增长8 %，1 9 9 9 年 7 %，2 0 0 0 年 target 8 %。",
     "1998年 GDP 增长8%，1999年 7%，2000年 target 8%。"),
]
# fmt: on


@pytest.mark.parametrize("raw,cleaned", SPACED)
def test_join_spaced_digits(raw, cleaned):
    from policytext.document.clean import join_spaced_digits

    assert join_spaced_digits(raw) == cleaned
    c = clean(raw)
    assert c.text == cleaned
    _check_offsets(raw, c)
    # every clean character maps back to the same raw character
    for i, ch in enumerate(c.text):
        if ch != "\n":
            assert raw[c.to_raw(i)] == ch


def test_spaced_page_numbers_go_as_furniture_first():
    raw = "1 9 9 8 年产量4 0 0 亿斤，比1 9 9 7 年增长。\n第 3 页\n- 4 -\n2 0 0 0 年要再增长。"
    assert clean(raw).text == "1998年产量400亿斤，比1997年增长。\n2000年要再增长。"


def test_spaced_digits_in_a_work_report_are_joined(gwr_dir):
    import re as _re

    path = gwr_dir / "gwr-1998-national.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    raw = path.read_text(encoding="utf-8")
    c = clean(raw)
    assert _re.search(r"\d \d", raw) and not _re.search(r"\d[ \u00a0]+[\d年月日亿万%％]", c.text)
    _check_offsets(raw, c)
    # the other reports have no artefact and come out unchanged by the step
    other = (gwr_dir / "gwr-2010-national.txt").read_text(encoding="utf-8")
    from policytext.document.clean import DEFAULT_STEPS, join_spaced_digits, make_pipeline

    without = make_pipeline(*[s for s in DEFAULT_STEPS if s is not join_spaced_digits])(other)
    assert clean(other).text == without.text


# fmt: off
BAD_NORMALIZE = [
    ("other: 1\n", "unknown top-level keys"),
    ("spaced_digits: 3\n", "must be a mapping"),
    ("spaced_digits: {trigger: 'x', remove: ' '}\n", "missing `min_count`"),
    ("spaced_digits: {trigger: 'x', min_count: 0, remove: ' '}\n", "positive int"),
    ("spaced_digits: {trigger: '(x', min_count: 2, remove: ' '}\n", "invalid regular"),
    ("spaced_digits: {trigger: 'x', min_count: 2, remove: ' *'}\n", "never an empty string"),
]
# fmt: on


@pytest.mark.parametrize("content,message", BAD_NORMALIZE)
def test_bad_normalize_file_raises_pattern_error(tmp_path, content, message):
    from policytext.document.clean import load_normalize_rules

    f = tmp_path / "normalize.yaml"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(PatternError, match=message):
        load_normalize_rules(str(f))


# ----------------------------------------------------------------------------- issue 15: furniture broken over lines

# fmt: off
SPLIT_FURNITURE = [
    # share / print / font-size widget, one button per line
    ("下载\n打印\n全屏\n收藏\n【字号：\n加大\n还原\n减小\n】\n2026年某省政府工作报告\n各位代表：", "2026年某省政府工作报告\n各位代表："),
    ("【字体：\n小\n中\n大\n政府工作报告", "政府工作报告"),
    ("分享:\n某市2026年政府工作报告", "某市2026年政府工作报告"),
    # the same widget on one line
    ("下载 打印 全屏 收藏 【字号：加大 还原 减小】\n政府工作报告", "政府工作报告"),
    # a stamp label whose value went to the next line
    ("政府工作报告\n来源：\n某某日报\n各位代表：", "政府工作报告\n各位代表："),
    ("发表时间：\n2026-02-09 09:45:30来源：\n某某日报客户端\n政府工作报告", "政府工作报告"),
    ("时间：\n2026-02-02 09:20来源：\n某省人民政府\n政府工作报告", "政府工作报告"),
    ("时间：2026-02-24\n2026-01-31 07:00:44\n政府工作报告", "政府工作报告"),
    # a breadcrumb broken at its separators, its last item repeated as the page's heading
    ("当前位置：\n首页\n>\n政务信息\n>\n要闻\n要闻\n2026年政府工作报告", "2026年政府工作报告"),
    # a photo caption signed by the photographer
    ("政府工作报告。 某某日报记者 张三 摄\n政府工作报告", "政府工作报告"),
]
KEPT = [
    # a single button-like word, a heading after a bare label, body sentences stay
    "下载\n一、总体要求",
    "分享到：\n一、总体要求",
    "来源：\n关于做好养老服务工作的通知",
    "完成时间：2025年12月31日前",
    "（一）大力发展养老服务。新建养老服务中心3个，加大对困难老人的救助力度。",
    "大\n中\n小学校舍安全工程要在年底前完成。",
]
# fmt: on


@pytest.mark.parametrize("raw,expected", SPLIT_FURNITURE)
def test_issue_15_furniture_broken_over_lines(raw, expected):
    assert clean(raw).text == expected


@pytest.mark.parametrize("raw", KEPT)
def test_issue_15_split_furniture_rules_keep_the_text(raw):
    kept = clean(raw).text
    for line in raw.split("\n")[1:]:
        assert line in kept or line in ("大", "中")


def test_issue_15_provincial_pages_lose_their_widgets():
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "provincial"
    files = sorted(folder.glob("gwr-2026-*.txt"))
    if not files:
        pytest.skip(f"{folder} is absent")
    import policytext as pt

    for f in files:
        doc = pt.load(f)
        head = doc.text.split("\n")[:6]
        assert not {"下载", "全屏", "【字号：", "加大", "首页", "来源："} & set(head), (f.name, head)
        assert doc.title and "政府工作报告" in doc.title and doc.doc_type == "report", (f.name, doc.title)


def test_word_html_tags_inside_a_paragraph_go_and_offsets_still_lead_back():
    raw = '人口在两万人以下的建<?xml:namespace prefix = st1 ns = "urn:schemas-microsoft-com:office:smarttags" />1500平方米。'
    c = clean(raw)
    assert c.text == "人口在两万人以下的建1500平方米。"
    assert raw[c.to_raw(c.text.index("1500"))] == "1"


# fmt: off
GOV_PAGE_FURNITURE = [
    ("> 政务公开 > 规划计划 > 计划总结", "breadcrumb_steps"),
    ("某某网 > 新闻中心 > 国内新闻 > 正文", "breadcrumb_steps"),
    ("索 引 号 113310247405400961/2024-104569 公开方式 主动公开", "disclosure_fields"),
    ("成文日期 2024-01-11 发布机构 县民政局", "disclosure_fields"),
    ("组配分类 计划总结", "disclosure_fields"),
]
# fmt: on


@pytest.mark.parametrize("line", ["指标A>90%，指标B>80%", "申请人提交材料 > 乡镇受理 > 县级审批", "欢迎来到美丽的青山县！",
                                  "请登录县民政局网站www.qsmz.gov.cn查询。", "首页设置便民服务专区", "二、创新政务公开方式",
                                  "关于进一步规范政务公开方式的通知", "各发文单位要严格把关。"])
def test_body_lines_that_look_like_furniture_stay(line):
    assert line in clean("标题\n" + line + "\n今年全县新建养老院5所，新增床位300张，进一步完善养老服务体系。").text


@pytest.mark.parametrize("line, rule", GOV_PAGE_FURNITURE)
def test_government_page_furniture(line, rule):
    c = clean(line + "\n县民政局2023年重点工作总结及2024年工作思路\n2023年以来，民政局扎实推进各项工作。")
    assert c.text.startswith("县民政局2023年"), c.text
    assert rule in {r.rule for r in c.removed}
