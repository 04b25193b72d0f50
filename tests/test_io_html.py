"""HTML reader: charset from BOM/meta/detection, main content, furniture dropped, title."""
from __future__ import annotations

import codecs
import os

import pytest

from policytext.io import read
from policytext.io.html import clean_title, sniff_charset

ARTICLE = [
    "各乡镇人民政府，县直有关单位：",
    "一、总体要求",
    "到2023年底，全县城市社区养老服务设施覆盖率达到95%以上，农村达到70%以上。",
    "（一）新建3个区域性养老服务中心，由县民政局牵头，县财政局配合，6月底前完成选址。",
    "二、保障措施",
    "各地要把养老服务体系建设纳入重要议事日程，力争火化率达到98%。",
]


def page(head_meta: str, title: str = "关于加快养老服务体系建设的通知_青山县民政局") -> str:
    body = "\n".join(f"<h2>{t}</h2>" if t.endswith(("要求", "措施")) else f"<p>{t}</p>" for t in ARTICLE)
    return f"""<!DOCTYPE html><html><head>{head_meta}<title>{title}</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/bsfw">办事服务</a><a>互动交流</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<div class="article"><h1>关于加快养老服务体系建设的通知</h1>
<div class="info">发布时间：2023-03-01 来源：县民政局 浏览次数：128</div>
<div class="content">{body}
<table><tr><td>项目</td><td>2023年目标</td></tr><tr><td>社区助餐点</td><td>20个</td></tr></table>
</div>
<div class="share">分享到：微信 微博 【打印】 【关闭】</div>
<div class="prevnext"><p>上一条：关于做好春节期间困难群众走访慰问的通知</p><p>下一条：青山县召开民政工作会议</p></div>
</div>
<div class="footer">版权所有：青山县民政局 地址：青山县人民路1号 备案号：ICP备00000000号</div>
<script>var x = "统计代码";</script></body></html>"""


# fmt: off
CHARSETS = [
    # (id, meta, encoding used for the bytes)
    ("meta-utf8",        '<meta charset="utf-8">',                                              "utf-8"),
    ("meta-gbk",         '<meta charset="gbk">',                                                "gbk"),
    ("http-equiv-gb2312", '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk"),
    ("no-meta-gbk",      "",                                                                     "gbk"),
    ("bom-utf8",         "",                                                                     "utf-8-sig"),
    ("lying-meta",       '<meta charset="utf-8">',                                              "gb18030"),
]
TITLES = [
    ("关于加快养老服务体系建设的通知_青山县民政局", "关于加快养老服务体系建设的通知"),
    ("青山县人民政府 - 2023年民政工作要点", "2023年民政工作要点"),
    ("2023年民政工作要点|青山县人民政府门户网站", "2023年民政工作要点"),
    ("全县民政工作会议召开", "全县民政工作会议召开"),
]
# fmt: on


@pytest.mark.parametrize("case,meta,encoding", CHARSETS, ids=[c[0] for c in CHARSETS])
def test_charsets_and_main_content(tmp_path, case, meta, encoding):
    path = tmp_path / "通知.html"
    path.write_bytes(page(meta).encode(encoding))
    ex = read(path)
    assert ex.format == "html" and ex.source == "通知.html"
    assert ex.title == "关于加快养老服务体系建设的通知"
    texts = [b.text for b in ex.blocks]
    assert texts[0] == ex.title and ex.blocks[0].kind == "title"
    for paragraph in ARTICLE:
        assert paragraph in texts
    assert "社区助餐点\t20个" in texts
    for furniture in ("首页", "当前位置", "分享到", "上一条", "下一条", "版权所有", "统计代码", "【关闭】"):
        assert furniture not in ex.text, furniture
    heads = {b.text: b.heading_level for b in ex.blocks}
    assert heads["一、总体要求"] == 2 and heads[ARTICLE[2]] is None


@pytest.mark.parametrize("raw,expected", TITLES)
def test_clean_title(raw, expected):
    assert clean_title(raw) == expected


def test_og_title_wins():
    html = page('<meta charset="utf-8"><meta property="og:title" content="养老服务通知（全文）">')
    assert read(html.encode("utf-8")).title == "养老服务通知（全文）"


def test_site_logo_in_h1_is_not_the_title():
    """A site that sets its logo in <h1> (the site name the page title ends with): the article heading is the title and
    the logo line is not kept as the document's first line."""
    html = ("<html><head><meta charset='utf-8'><title>关于做好2024年冬季救助工作的通知_通知公告_青山县民政局</title></head>"
            "<body><div class='header'><h1 class='logo'><a href='/'>青山县民政局</a></h1>"
            "<ul><li><a href='/'>首页</a></li><li><a href='/gk'>政务公开</a></li></ul></div>"
            "<div class='article'><h2>关于做好2024年冬季救助工作的通知</h2><p>各乡镇人民政府：</p>"
            "<p>为切实保障困难群众温暖过冬，现就做好今冬明春救助工作通知如下。</p>"
            "<p>一、加强排查。各乡镇要于11月底前完成困难群众排查，确保应救尽救。</p>"
            "<p>二、落实资金。县民政局要足额发放取暖补贴。</p></div></body></html>")
    ex = read(html.encode("utf-8"))
    assert ex.title == "关于做好2024年冬季救助工作的通知"
    assert ex.text.splitlines()[:2] == ["关于做好2024年冬季救助工作的通知", "各乡镇人民政府："]


def test_sniff_charset():
    assert sniff_charset(codecs.BOM_UTF8 + b"<html>") == "utf-8"
    assert sniff_charset(b"<meta content='text/html; charset=GBK' http-equiv='Content-Type'>") == "gb18030"
    assert sniff_charset(b"<html><body>") is None


def test_fallback_to_body_text_when_main_content_is_not_found():
    html = "<html><head><meta charset='utf-8'><title>短讯</title></head><body><div>一、养老</div><div>二、救助</div></body></html>"
    ex = read(html.encode("utf-8"))
    assert "一、养老" in ex.text and "二、救助" in ex.text


def test_html_detected_by_content_without_suffix():
    ex = read(page('<meta charset="utf-8">').encode("utf-8"))
    assert ex.format == "html"


def test_line_breaks_inside_a_paragraph_split_blocks():
    html = page('<meta charset="utf-8">').replace(
        f"<p>{ARTICLE[0]}</p>", f"<p>{ARTICLE[0]}<br>碧溪县民政局<br/>2023年3月8日</p>")
    texts = [b.text for b in read(html.encode("utf-8")).blocks]
    i = texts.index(ARTICLE[0])
    assert texts[i + 1:i + 3] == ["碧溪县民政局", "2023年3月8日"]


def test_fallback_keeps_table_rows_as_tab_separated_cells():
    html = ("<html><head><meta charset='utf-8'><title>表</title></head><body><table>"
            "<tr><th>项目</th><th>数量</th></tr><tr><td>社区食堂</td><td> 12个 </td></tr></table></body></html>")
    from policytext.io.html import _body_blocks
    import lxml.html
    blocks = _body_blocks(lxml.html.document_fromstring(html))
    assert ("项目\t数量", None, "table") in blocks and ("社区食堂\t12个", None, "table") in blocks


def test_trafilatura_is_importable():
    # a fresh install once lacked lxml_html_clean, trafilatura failed to import and every page
    # silently fell back to the body text; the dependency is declared and the failure is loud now
    import trafilatura  # noqa: F401


def test_an_article_laid_out_in_a_table_keeps_its_lines():
    """Many CMS pages put the article in a table cell, its lines broken by <br>: each line is a paragraph (it was
    one line: one section, one task, the signature date glued to the text)."""
    import policytext as pt

    lines = ["2024年全市民政工作要点", "一、总体要求", "坚持以人民为中心的发展思想，推动全市民政事业高质量发展。",
             "二、重点任务", "（一）健全社会救助体系", "1.提高城乡低保标准。城乡低保标准提高到每人每月860元，6月底前完成。",
             "2.加强低收入人口动态监测，每季度开展一次数据比对。", "青州市民政局", "2024年2月20日"]
    body = "<br>".join("\u3000\u3000" + x for x in lines[1:])
    html = (f"<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
            f"<title>{lines[0]}</title></head><body><table width='100%'><tr><td><h2>{lines[0]}</h2></td></tr>"
            f"<tr><td class='content'>{body}</td></tr></table></body></html>").encode("gb2312")
    doc = pt.load(html, format="html")
    assert [s.path for s in doc.sections] == ["一", "二", "二/（一）", "二/（一）/1", "二/（一）/2"]
    assert str(doc.date) == "2024-02-20"
    assert [t.marker for t in pt.to_tasks(doc, classify=False)][-2:] == ["1.", "2."]


JS_SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>2024年全市民政工作要点_青山县民政局</title>
<script src="/static/app.js"></script></head><body>
<table><tr><td><a href="/">首页</a></td><td><a href="/zwgk/">政务公开</a></td><td><a href="/bsfw/">办事服务</a></td></tr></table>
<table><tr><td class="lm">政务公开</td></tr><tr><td><a href="/tzgg/">通知公告</a></td></tr><tr><td><a href="/ghjh/">规划计划</a></td></tr></table>
<div><strong>2024年全市民政工作要点</strong></div>
<div id="zoom"></div><script>$("#zoom").load("/api/content?id=3");</script>
<div>上一篇：<a href="/1.html">2023年全市民政工作总结</a></div>
</body></html>"""


def test_a_page_whose_content_a_script_loads_is_an_empty_document(tmp_path):
    """The article is loaded by JavaScript: the page holds its title, menus and links only. ``load`` raises
    EmptyDocumentError naming the file and the likely reason, and a batch reports the page and goes on."""
    import policytext as pt
    from policytext.batch import convert
    from policytext.errors import EmptyDocumentError

    shell = tmp_path / "in" / "要点.html"
    shell.parent.mkdir()
    shell.write_text(JS_SHELL, encoding="utf-8")
    with pytest.raises(EmptyDocumentError, match=r"要点\.html.*JavaScript"):
        pt.load(shell)
    good = tmp_path / "in" / "通知.html"
    good.write_text(page('<meta charset="utf-8">'), encoding="utf-8")
    r = convert(tmp_path / "in", tmp_path / "out.jsonl", progress=False)
    assert r.converted == 1 and [os.path.basename(f) for f, _ in r.failed] == ["要点.html"]


def test_menus_of_links_are_no_text_but_links_inside_a_sentence_are():
    """A line made only of link texts (首页 政务公开 办事服务, a side menu) is navigation and is dropped; an article's
    sentence that holds a link keeps it."""
    html = ("<html><head><title>关于开展养老服务质量提升行动的通知</title></head><body>"
            "<table><tr><td><a href='/'>首页</a></td><td><a href='/a'>政务公开</a></td></tr></table>"
            "<div><a href='/b'>通知公告</a><br><a href='/c'>规划计划</a></div>"
            "<div class='TRS_Editor'>" + "".join(f"<p>{t}</p>" for t in ARTICLE) +
            "<p>到2024年底，全县养老机构服务质量达标率达到100%。</p>"
            "<p>具体要求见<a href='/f.doc'>《养老机构服务质量基本规范》</a>。</p></div></body></html>")
    text = read(html.encode("utf-8"), format="html").text
    assert "首页" not in text and "规划计划" not in text
    assert "具体要求见《养老机构服务质量基本规范》。" in text and "达标率达到100%" in text


SHORT_ARTICLE = ["一、城市低保标准提高到每人每月900元。", "二、农村低保标准提高到每人每月700元。",
                 "三、请各区县于7月底前完成新标准发放工作。"]


@pytest.mark.parametrize("container", ['<div id="zoom">', '<div class="zoom">', '<div id="print_content">',
                                       '<div class="main-side">', "<div>"])
def test_a_short_article_in_a_widget_named_container_is_kept(container):
    """TRS-built sites put the article in id="zoom" (the target of the font-size widget); a short notice there is
    the page's text, not furniture: its sentences keep it (menus and buttons have none)."""
    body = "".join(f"<p>{t}</p>" for t in SHORT_ARTICLE)
    html = (f"<html><head><title>关于调整低保标准的通知_青山县民政局</title></head><body>"
            f"<div class='nav'><a href='/'>首页</a><a href='/a'>政务公开</a></div>"
            f"<h1>关于调整低保标准的通知</h1><div class='font'>【字体：<a>大</a> <a>中</a> <a>小</a>】</div>"
            f"{container}{body}</div><div class='footer'>版权所有：青山县民政局</div></body></html>")
    import policytext as pt

    assert pt.load(html.encode("utf-8")).text.split("\n") == ["关于调整低保标准的通知", *SHORT_ARTICLE]


def test_a_short_page_keeps_its_paragraphs_as_lines():
    """A short page (an <h1> and three <p>) that trafilatura runs into one paragraph is read from the page's own
    blocks: one line per paragraph, so its outline and tasks are found."""
    import policytext as pt

    html = ("<html><body><h1>关于调整低保标准的通知</h1>" + "".join(f"<p>{t}</p>" for t in SHORT_ARTICLE)
            + "</body></html>")
    doc = pt.load(html.encode("utf-8"))
    assert doc.text.split("\n") == ["关于调整低保标准的通知", *SHORT_ARTICLE]
    assert [s.path for s in doc.sections] == ["一", "二", "三"]


def test_an_article_in_a_table_cell_with_a_content_div_is_read_once():
    """trafilatura gives such an article twice (as paragraphs, then as the table's cell): its lines once, the
    heading first, so the task list is not doubled."""
    import policytext as pt

    html = ("<html><head><title>关于调整低保标准的通知</title></head><body><table><tr><td><h1>关于调整低保标准的通知</h1>"
            "<div class='content'>" + "".join(f"<p>{t}</p>" for t in ARTICLE) + "</div></td></tr></table></body></html>")
    doc = pt.load(html.encode("utf-8"))
    assert doc.text.split("\n") == ["关于调整低保标准的通知", *ARTICLE]
