"""Build the bundled sample documents (deterministic: same bytes on every run).

    python corpora/samples/make_samples.py          # rewrite the samples beside this script
    python corpora/samples/make_samples.py --check  # exit 1 if a committed sample differs

The documents are fictional (青山市, 碧溪县) and written for this project in the
genre of Chinese civil-affairs (民政) documents; none is copied from a real one.
Needs python-docx and reportlab (``pip install -e '.[test]'``).
"""
from __future__ import annotations

import argparse
import io
import sys
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED_TIME = (2023, 3, 1, 9, 0, 0)

# --------------------------------------------------------------------------- 1. speech (.txt)

SPEECH = """在2023年全市民政工作会议上的讲话
青山市副市长 张明
（2023年2月15日）

同志们：
今天召开全市民政工作会议，主要任务是总结2022年全市民政工作，分析当前形势，部署2023年重点任务。刚才，市民政局通报了去年工作情况，三个县（区）作了交流发言，讲得都很好，请大家认真学习借鉴。下面，我讲三点意见。
一、肯定成绩，准确把握民政工作面临的新形势
过去一年，全市民政系统坚持以人民为中心的发展思想，兜牢民生底线，各项工作取得了新的成效。
（一）基本民生保障更加有力。全年累计发放城乡低保、特困供养等各类救助资金4.6亿元，城市和农村低保标准分别提高到每人每月820元和650元，分别增长5.1%和6.6%。临时救助1.8万人次，做到了应救尽救。
（二）养老服务体系加快完善。新增养老床位1200张，全市养老机构护理型床位占比达到52%，建成社区养老服务站186个，城市社区养老服务设施覆盖率达到88%。
（三）基层治理和社会事务稳步推进。全市建成城乡社区综合服务设施1436个，殡葬改革持续深化，火化率达到95.6%，婚姻登记合格率保持100%。
在看到成绩的同时，我们也要清醒认识到，农村养老服务短板明显，基层民政力量薄弱，部分救助政策落实还不够精准，必须采取有力措施加以解决。
二、突出重点，全力抓好2023年民政各项任务
今年是全面贯彻党的二十大精神的开局之年，做好民政工作意义重大。全市民政系统要重点抓好以下工作。
（一）织密兜底保障网。一是完善社会救助体系，年内将城乡低保标准分别提高到每人每月860元和690元，由市民政局牵头，市财政局配合，6月底前出台调标文件。二是加强低收入人口动态监测，9月底前实现监测平台与人社、医保、残联等部门数据共享。三是落实临时救助“先行救助”制度，确保急难对象救助时限不超过3个工作日。
（二）加快养老服务体系建设。一是到2023年底，城市社区养老服务设施覆盖率达到95%以上，农村达到70%以上。二是新建3个区域性养老服务中心，新增护理型床位800张，护理型床位占比提高到55%。三是推进特困人员供养服务设施改造提升，10月底前完成12所乡镇敬老院改造任务，由各县（区）政府负责，市民政局、市住建局督促指导。四是发展老年助餐服务，年底前建成老年助餐点150个。
（三）提升基层治理和社会事务水平。一是深化殡葬改革，力争火化率达到98%，年内新建或改扩建农村公益性公墓20个。二是加强社会组织登记管理，年检率达到90%以上。三是推进婚俗改革，婚姻登记“跨省通办”覆盖所有登记机关，11月底前完成婚姻登记档案数字化。
三、强化保障，确保各项任务落地见效
（一）压实工作责任。各县（区）要把民政工作纳入经济社会发展总体规划，主要负责同志亲自研究部署。市民政局要对照今天的部署，3月底前制定任务分解清单，明确责任单位和完成时限。
（二）加强资金保障。各级财政要将救助资金足额列入预算，市财政局要会同市民政局建立资金直达监控机制，确保资金拨付率达到100%。
（三）严格督导考核。市政府督查室要将民政重点任务纳入年度督查计划，每季度通报一次进展情况，对工作滞后的单位进行约谈。
同志们，民政工作一头连着党和政府，一头连着困难群众。让我们团结一心、真抓实干，确保全年目标任务圆满完成！
"""

# --------------------------------------------------------------------------- 2. work plan (.docx)

PLAN_TITLE = "2023年碧溪县民政工作要点"
PLAN_INTRO = ("2023年全县民政工作的总体要求是：坚持以人民为中心，聚焦保基本、强服务、促规范，"
              "统筹推进社会救助、养老服务、社会事务和基层治理各项工作。")
# (level, text); level 0 = 一、 1 = （一） 2 = 1.  None = body paragraph
PLAN = [
    (0, "健全分层分类社会救助体系"),
    (1, "提高救助保障水平"),
    (2, "将城乡低保标准分别提高到每人每月780元和620元，6月底前完成调标，由县民政局牵头，县财政局配合。"),
    (2, "特困人员基本生活标准不低于当地低保标准的1.3倍，照料护理标准按失能程度分档确定。"),
    (1, "加强动态监测"),
    (2, "9月底前建成全县低收入人口动态监测信息平台，监测对象覆盖率达到100%。"),
    (2, "每季度开展一次救助对象排查，对符合条件的困难群众做到应保尽保。"),
    (0, "加快养老服务体系建设"),
    (1, "完善居家社区养老服务网络"),
    (2, "到2023年底，城市社区养老服务设施覆盖率达到95%以上，农村达到65%以上。"),
    (2, "新建县级区域性养老服务中心2个，新增老年助餐点30个，10月底前投入使用，由县民政局牵头，各乡镇人民政府负责实施。"),
    (1, "提升机构养老服务质量"),
    (2, "养老机构护理型床位占比达到55%，二级以上养老机构达到8家。"),
    (2, "开展养老服务领域安全隐患排查整治，年内完成全部养老机构消防设施改造。"),
    (0, "推进社会事务改革创新"),
    (1, "深化殡葬改革"),
    (2, "力争火化率达到98%，年内新建农村公益性公墓5个，由县民政局牵头，县自然资源局、县林业局配合。"),
    (1, "规范婚姻和收养登记"),
    (2, "婚姻登记合格率保持100%，11月底前完成历史婚姻登记档案数字化补录。"),
    (0, "加强组织保障"),
    (2, "各乡镇要明确分管领导和工作人员，3月底前报送年度工作计划。"),
    (2, "县民政局每半年对各乡镇民政重点工作进行一次督查，结果纳入年度考核。"),
]
PLAN_TABLE = [
    ("指标", "2022年", "2023年目标", "责任单位"),
    ("城市低保标准（元/人·月）", "740", "780", "县民政局"),
    ("城市社区养老服务设施覆盖率", "86%", "95%以上", "县民政局"),
    ("火化率", "95.2%", "98%", "县民政局、各乡镇"),
]
PLAN_LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]


def _add_plan_numbering(document) -> str:
    from docx.oxml.ns import qn
    from lxml import etree

    numbering = document.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:suff w:val="nothing"/><w:pPr><w:ind w:firstLine="640"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(PLAN_LEVELS))
    abstract = etree.fromstring(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="20">'
                                f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    first = numbering.find(qn("w:num"))
    if first is not None:
        first.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{W_NS}" w:numId="20"><w:abstractNumId w:val="20"/></w:num>'))
    return "20"


def _new_docx(title: str) -> Any:
    """An empty Word document with fixed core properties (so that rebuilt samples are byte-identical)."""
    import docx

    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.author = "碧溪县民政局"
    d.core_properties.created = d.core_properties.modified = datetime(*FIXED_TIME)
    d.core_properties.last_modified_by = "policytext"
    d.core_properties.revision = 1
    return d


def build_plan_docx() -> bytes:
    from docx.oxml.ns import qn
    from docx.shared import Pt
    from lxml import etree

    d = _new_docx(PLAN_TITLE)
    num_id = _add_plan_numbering(d)
    d.add_paragraph(PLAN_TITLE, style="Title")
    d.add_paragraph(PLAN_INTRO)
    level2_counter = 0
    for level, text in PLAN:
        style = {0: "Heading 1", 1: "Heading 2"}.get(level)
        p = d.add_paragraph(text, style=style)
        numpr = etree.SubElement(p._p.get_or_add_pPr(), qn("w:numPr"))
        etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), str(level))
        etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), num_id)
        if level == 2:
            level2_counter += 1
        for run in p.runs:
            run.font.size = Pt(16 if level == 0 else 14)
    d.add_paragraph("附表：2023年民政主要指标")
    table = d.add_table(rows=len(PLAN_TABLE), cols=len(PLAN_TABLE[0]))
    for r, row in enumerate(PLAN_TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buf = io.BytesIO()
    d.save(buf)
    return _normalize_zip(buf.getvalue())


# A five-year plan with a 主要指标 table (category cells merged vertically) and a task table
# (重点任务分解表); invented wording.
FIVE_YEAR_TITLE = "碧溪县“十四五”民政事业发展规划"
FIVE_YEAR_TEXT = [
    (None, "为推动全县民政事业高质量发展，根据上级规划要求，结合本县实际，制定本规划。"),
    (0, "总体要求"),
    (1, "指导思想"),
    (None, "坚持以人民为中心的发展思想，兜住兜准兜牢民生底线。"),
    (1, "主要目标"),
    (None, "到2025年，基本民生保障更加有力，养老服务体系更加健全，主要指标见下表。"),
    ("table", "indicators"),
    (0, "重点任务"),
    (1, "织密社会救助兜底保障网"),
    (None, "健全分层分类的社会救助体系，完善低收入人口动态监测机制。（县民政局牵头，县财政局、县医保局配合）"),
    (1, "健全养老服务体系"),
    (None, "推进县级特困人员供养服务设施改造提升，发展社区嵌入式养老服务。（县民政局、县卫生健康局牵头，各乡镇按职责分工负责）"),
    (0, "实施保障"),
    (None, "重点任务分解如下表。"),
    ("table", "tasks"),
]
FIVE_YEAR_INDICATORS = [
    ["类别", "指标", "2020年", "2025年", "属性"],
    ["社会救助", "城乡低保标准年均增长（%）", "—", "≥6", "预期性"],
    ["社会救助", "特困人员集中供养能力（张）", "420", "600", "约束性"],
    ["养老服务", "养老机构护理型床位占比（%）", "38", "≥55", "约束性"],
    ["养老服务", "街道综合养老服务中心覆盖率", "40%", "100%", "约束性"],
]
FIVE_YEAR_TASKS = [
    ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"],
    ["1", "建成县级养老服务指导中心，护理型床位达到200张。", "县民政局", "县发展改革局、县财政局", "2022年底前"],
    ["2", "完成全部农村敬老院消防设施改造。", "县民政局", "县消防救援大队、各乡镇", "2023年6月底前"],
    ["3", "落实困难残疾人生活补贴和重度残疾人护理补贴。", "县民政局", "县残联", "长期坚持"],
]


def build_five_year_docx() -> bytes:

    d = _new_docx(FIVE_YEAR_TITLE)
    d.add_paragraph(FIVE_YEAR_TITLE, style="Title")
    numbers = {0: 0, 1: 0}
    cn = "一二三四五六七八九十"
    for level, text in FIVE_YEAR_TEXT:
        if level == "table":
            rows = FIVE_YEAR_INDICATORS if text == "indicators" else FIVE_YEAR_TASKS
            d.add_paragraph("表1 主要指标" if text == "indicators" else "表2 重点任务分解表")
            table = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
            if text == "indicators":  # the category column merged vertically, as plans print it
                for top in (1, 3):
                    merged = table.cell(top, 0).merge(table.cell(top + 1, 0))
                    merged.text = rows[top][0]
            continue
        if level == 0:
            numbers[0] += 1
            numbers[1] = 0
            d.add_paragraph(f"{cn[numbers[0] - 1]}、{text}", style="Heading 1")
        elif level == 1:
            numbers[1] += 1
            d.add_paragraph(f"（{cn[numbers[1] - 1]}）{text}", style="Heading 2")
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return _normalize_zip(buf.getvalue())


def _normalize_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so that the bytes do not depend on the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


# --------------------------------------------------------------------------- 3. report (.pdf)

REPORT_TITLE = "碧溪县民政局2022年工作总结和2023年工作安排"
REPORT = [
    ("title", REPORT_TITLE),
    ("p", "2022年，县民政局在县委、县政府的正确领导下，围绕兜底线、保基本、促发展，扎实推进各项民政工作，"
          "较好完成了年初确定的目标任务。现将有关情况报告如下。"),
    ("h1", "一、2022年工作完成情况"),
    ("h2", "（一）社会救助兜底保障有力"),
    ("p", "全年累计保障城乡低保对象1.12万人，发放低保金8650万元；特困供养人员2340人，发放供养金2980万元；"
          "实施临时救助3260人次，发放救助资金415万元。城乡低保标准分别提高到每人每月740元和580元，"
          "低保审批时限由20个工作日压缩到15个工作日。"),
    ("h2", "（二）养老服务能力持续提升"),
    ("p", "新建社区养老服务站24个、老年助餐点18个，新增养老床位320张，全县养老床位总数达到2860张，"
          "每千名老年人拥有养老床位36张，养老机构护理型床位占比达到48%。完成特殊困难老年人家庭适老化改造410户。"),
    ("h2", "（三）社会事务管理规范有序"),
    ("p", "办理婚姻登记4120对，婚姻登记合格率100%；全县火化率达到95.2%，新建农村公益性公墓4个；"
          "登记社会组织286家，年检率达到87%。"),
    ("h1", "二、存在的主要问题"),
    ("p", "一是农村养老服务设施覆盖率偏低，部分乡镇敬老院入住率不足50%；二是基层民政经办力量不足，"
          "平均每个乡镇仅有1.5名专职工作人员；三是社会救助信息共享还不够充分，动态监测预警作用发挥不够。"),
    ("h1", "三、2023年工作安排"),
    ("h2", "（一）提高社会救助精准度"),
    ("p", "将城乡低保标准分别提高到每人每月780元和620元，6月底前完成调标。9月底前建成低收入人口动态监测平台，"
          "由县民政局牵头，县医保局、县人社局、县残联配合，实现部门数据每月比对一次。"),
    ("h2", "（二）扩大养老服务有效供给"),
    ("p", "到2023年底，城市社区养老服务设施覆盖率达到95%以上，农村达到65%以上；新建区域性养老服务中心2个，"
          "新增老年助餐点30个，10月底前投入使用；养老机构护理型床位占比提高到55%。"),
    ("h2", "（三）深化社会事务改革"),
    ("p", "力争火化率达到98%，年内新建农村公益性公墓5个；11月底前完成历史婚姻登记档案数字化补录；"
          "社会组织年检率达到90%以上，由县民政局负责，各乡镇人民政府配合。"),
    ("h2", "（四）加强基层能力建设"),
    ("p", "每个乡镇配备不少于2名专职民政工作人员，3月底前完成人员调配；全年组织业务培训不少于4次，"
          "培训基层民政干部300人次以上。"),
]
REPORT_HEADER = "碧溪县民政局"


def build_report_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    width, height = A4
    left, right = 80, width - 80
    pages: list = [[]]
    y = height - 110
    for kind, text in REPORT:
        size = {"title": 20, "h1": 16, "h2": 14}.get(kind, 12)
        indent = 2 * size if kind == "p" else 0
        lines, cur, avail = [], "", right - left - indent
        for ch in text:
            if pdfmetrics.stringWidth(cur + ch, font, size) > avail:
                lines.append(cur)
                cur, avail = ch, right - left
            else:
                cur += ch
        lines.append(cur)
        for i, line in enumerate(lines):
            if y < 110:
                pages.append([])
                y = height - 110
            pages[-1].append((kind, size, left + (indent if i == 0 else 0), y, line))
            y -= size * 1.7
        y -= size * 0.5
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(REPORT_TITLE)
    c.setAuthor("碧溪县民政局")
    for n, cmds in enumerate(pages, 1):
        c.setFont(font, 9)
        c.drawRightString(right, height - 56, REPORT_HEADER)  # running header
        c.line(left, height - 62, right, height - 62)
        c.drawCentredString(width / 2, 48, f"— {n} —")  # footer page number
        for kind, size, x, yy, line in cmds:
            c.setFont(font, size)
            if kind == "title":
                c.drawCentredString(width / 2, yy, line)
            else:
                c.drawString(x, yy, line)
            if kind in ("title", "h1", "h2"):  # fake bold, as word processors do for CJK fonts
                if kind == "title":
                    c.drawCentredString(width / 2 + 0.35, yy, line)
                else:
                    c.drawString(x + 0.35, yy, line)
        c.showPage()
    c.save()
    return buf.getvalue()


# --------------------------------------------------------------------------- 4. web page (.html)

NOTICE_HTML = """<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>碧溪县民政局关于开展2023年度养老机构服务质量提升行动的通知_碧溪县民政局</title>
</head><body>
<div class="header"><img src="/logo.png" alt="碧溪县民政局"> <a href="/">网站首页</a></div>
<div class="nav"><a href="/">首页</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a> <a href="/hdjl/">互动交流</a></div>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 通知公告</div>
<div class="article">
<h1>碧溪县民政局关于开展2023年度养老机构服务质量提升行动的通知</h1>
<div class="info">发布日期：2023-03-10　来源：碧溪县民政局　字号：【大 中 小】</div>
<div class="content">
<p>各乡镇人民政府，县直有关单位，各养老机构：</p>
<p>为进一步提升全县养老机构服务质量，现就开展2023年度养老机构服务质量提升行动有关事项通知如下。</p>
<p>一、工作目标</p>
<p>到2023年底，全县养老机构服务质量基本规范达标率达到100%，二级以上养老机构达到8家，护理型床位占比达到55%。</p>
<p>二、主要任务</p>
<p>（一）开展安全隐患排查。4月底前完成所有养老机构消防、食品、建筑安全排查，由县民政局牵头，县消防救援大队、县市场监管局配合。</p>
<p>（二）加强人员培训。全年培训养老护理员200人次以上，持证上岗率达到90%。</p>
<p>（三）推进等级评定。9月底前完成全县养老机构等级评定工作，评定结果向社会公布。</p>
<p>三、工作要求</p>
<p>各乡镇要高度重视，明确专人负责，于每季度末月25日前报送工作进展情况。</p>
<p style="text-align:right">碧溪县民政局</p>
<p style="text-align:right">2023年3月8日</p>
</div>
<div class="share">分享到：<a>微信</a> <a>微博</a>　【打印本页】【关闭窗口】</div>
<div class="prevnext"><p>上一条：碧溪县召开2023年全县民政工作会议</p><p>下一条：碧溪县民政局2022年政府信息公开工作年度报告</p></div>
</div>
<div class="footer">主办单位：碧溪县民政局　地址：碧溪县人民路88号　联系电话：0000-1234567<br>版权所有 碧溪县民政局　ICP备00000000号</div>
</body></html>
"""

SAMPLES = {
    "speech_qingshan_2023.txt": lambda: SPEECH.encode("utf-8"),
    "workplan_bixi_2023.docx": build_plan_docx,
    "plan_bixi_2021-2025.docx": build_five_year_docx,
    "report_bixi_2022.pdf": build_report_pdf,
    "notice_bixi_2023.html": lambda: NOTICE_HTML.encode("gb18030"),
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed files instead of writing")
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: beside this script)")
    args = parser.parse_args(argv)
    status = 0
    for name, build in SAMPLES.items():
        data = build()
        path = args.out / name
        if args.check:
            same = path.exists() and path.read_bytes() == data
            print(f"{'ok' if same else 'DIFFERS'}  {name}")
            status |= not same
        else:
            path.write_bytes(data)
            print(f"wrote {path} ({len(data)} bytes)")
    return status


if __name__ == "__main__":
    sys.exit(main())
