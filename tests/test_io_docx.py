"""Word .docx reader: numbering restored, headings, tables in order, zip checks."""
from __future__ import annotations

import io
import zipfile

import docx
import docx.enum.style
import pytest
from docx.oxml.ns import qn
from lxml import etree

from policytext.errors import CorruptDocumentError
from policytext.io import read
from policytext.io.docx import format_number

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# fmt: off
# (numFmt, lvlText) per level of the usual Chinese work-plan list
PLAN_LEVELS = [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")]
FORMATS = [
    ("chineseCounting", [1, 2, 10, 11, 20], ["一", "二", "十", "十一", "二十"]),
    ("chineseCountingThousand", [3, 15, 123], ["三", "十五", "一百二十三"]),
    ("ideographTraditional", [1, 2, 10], ["甲", "乙", "癸"]),
    ("decimalEnclosedCircle", [1, 5, 20], ["①", "⑤", "⑳"]),
    ("upperLetter", [1, 26, 27], ["A", "Z", "AA"]),
    ("lowerRoman", [1, 4, 9], ["i", "iv", "ix"]),
    ("decimal", [1, 12], ["1", "12"]),
    ("decimalZero", [3], ["03"]),
    ("chineseLegalSimplified", [3], ["叁"]),
]
# fmt: on


def add_abstract(document, abstract_id, levels, *, restart=None):
    """Add a real w:abstractNum + w:num to the numbering part; return the numId."""
    numbering = document.part.numbering_part.element
    lvls = []
    for ilvl, (fmt, text) in enumerate(levels):
        extra = f'<w:lvlRestart w:val="{restart[ilvl]}"/>' if restart and ilvl in restart else ""
        lvls.append(f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{extra}'
                    f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:suff w:val="nothing"/></w:lvl>')
    abstract = etree.fromstring(f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{abstract_id}">'
                                f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: abstractNum before num
    else:
        numbering.append(abstract)
    return add_num(document, abstract_id, num_id=abstract_id)


def add_num(document, abstract_id, *, num_id, start_overrides=None):
    numbering = document.part.numbering_part.element
    overrides = "".join(f'<w:lvlOverride w:ilvl="{lv}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
                        for lv, v in (start_overrides or {}).items())
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{W}" w:numId="{num_id}">'
                                      f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'))
    return str(num_id)


def numbered(document, text, num_id, ilvl, style=None):
    p = document.add_paragraph(text, style=style)
    numpr = etree.SubElement(p._p.get_or_add_pPr(), qn("w:numPr"))
    etree.SubElement(numpr, qn("w:ilvl")).set(qn("w:val"), str(ilvl))
    etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), str(num_id))
    return p


def save(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def texts(data: bytes):
    return [b.text for b in read(data).blocks]


@pytest.mark.parametrize("fmt,numbers,expected", FORMATS, ids=[f[0] for f in FORMATS])
def test_number_formats(fmt, numbers, expected):
    assert [format_number(n, fmt) for n in numbers] == expected


def test_work_plan_numbering_restored_with_deeper_levels_restarting():
    d = docx.Document()
    d.add_paragraph("2023年青山县民政工作要点", style="Title")
    nid = add_abstract(d, 50, PLAN_LEVELS)
    # fmt: off
    plan = [(0, "总体要求"), (1, "指导思想"), (2, "坚持人民至上"), (2, "坚持系统观念"), (1, "主要目标"),
            (0, "重点任务"), (1, "兜底保障"), (2, "提高城乡低保标准"), (0, "保障措施")]
    # fmt: on
    for ilvl, text in plan:
        numbered(d, text, nid, ilvl)
    assert texts(save(d)) == [
        "2023年青山县民政工作要点", "一、总体要求", "（一）指导思想", "1.坚持人民至上", "2.坚持系统观念",
        "（二）主要目标", "二、重点任务", "（一）兜底保障", "1.提高城乡低保标准", "三、保障措施"]


def test_start_override_restarts_a_second_list_on_the_same_definition():
    d = docx.Document()
    nid = add_abstract(d, 60, PLAN_LEVELS)
    numbered(d, "养老服务", nid, 0)
    numbered(d, "社会救助", nid, 0)
    restarted = add_num(d, 60, num_id=61, start_overrides={0: 1})
    numbered(d, "第二部分第一项", restarted, 0)
    numbered(d, "第二部分第二项", restarted, 0)
    jumped = add_num(d, 60, num_id=62, start_overrides={0: 5})
    numbered(d, "从五开始", jumped, 0)
    assert texts(save(d)) == ["一、养老服务", "二、社会救助", "一、第二部分第一项", "二、第二部分第二项", "五、从五开始"]


def test_two_nums_sharing_a_definition_without_override_continue():
    d = docx.Document()
    nid = add_abstract(d, 70, PLAN_LEVELS)
    other = add_num(d, 70, num_id=71)
    numbered(d, "甲项", nid, 0)
    d.add_paragraph("说明文字，不编号。")
    numbered(d, "乙项", other, 0)
    assert texts(save(d)) == ["一、甲项", "说明文字，不编号。", "二、乙项"]


def test_lvl_restart_zero_keeps_counting_across_higher_levels():
    d = docx.Document()
    nid = add_abstract(d, 80, [("chineseCounting", "%1、"), ("decimalEnclosedCircle", "%2")], restart={1: 0})
    numbered(d, "第一部分", nid, 0)
    numbered(d, "任务", nid, 1)
    numbered(d, "第二部分", nid, 0)
    numbered(d, "任务", nid, 1)
    assert texts(save(d)) == ["一、第一部分", "①任务", "二、第二部分", "②任务"]


def test_numbering_through_the_paragraph_style():
    d = docx.Document()
    nid = add_abstract(d, 90, [("chineseCounting", "第%1部分 "), ("ideographTraditional", "%2.")])
    style = d.styles.add_style("部分标题", 1)
    numpr = etree.SubElement(style.element.get_or_add_pPr(), qn("w:numPr"))
    etree.SubElement(numpr, qn("w:numId")).set(qn("w:val"), nid)
    etree.SubElement(style.element.get_or_add_pPr(), qn("w:outlineLvl")).set(qn("w:val"), "0")
    d.add_paragraph("回顾", style="部分标题")
    d.add_paragraph("计划", style="部分标题")
    ex = read(save(d))
    assert [b.text for b in ex.blocks] == ["第一部分 回顾", "第二部分 计划"]
    assert [b.heading_level for b in ex.blocks] == [1, 1]  # outline level from the style


def test_heading_levels_and_title_from_styles_and_outline_level():
    d = docx.Document()
    d.add_paragraph("青山县民政局2023年工作计划", style="Title")
    d.add_heading("一、总体要求", level=1)
    d.add_heading("（一）指导思想", level=2)
    p = d.add_paragraph("（二）工作目标")
    etree.SubElement(p._p.get_or_add_pPr(), qn("w:outlineLvl")).set(qn("w:val"), "1")
    d.add_paragraph("到2023年底，养老机构护理型床位占比达到55%。")
    ex = read(save(d))
    assert [(b.kind, b.heading_level) for b in ex.blocks] == [
        ("title", None), ("paragraph", 1), ("paragraph", 2), ("paragraph", 2), ("paragraph", None)]
    assert ex.title == "青山县民政局2023年工作计划"


def test_tables_in_document_order_with_merged_cells_once():
    d = docx.Document()
    d.add_paragraph("一、主要指标")
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([("指标", "2022年", "2023年目标"), ("养老床位（张）", "3200", "3500"),
                             ("火化率", "96%", "98%")]):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    d.add_paragraph("二、重点任务")
    t2 = d.add_table(rows=1, cols=3)
    merged = t2.cell(0, 0).merge(t2.cell(0, 1))
    merged.text = "牵头单位：县民政局"
    t2.cell(0, 2).text = "6月底前"
    ex = read(save(d))
    assert [b.text for b in ex.blocks] == [
        "一、主要指标", "指标\t2022年\t2023年目标", "养老床位（张）\t3200\t3500", "火化率\t96%\t98%",
        "二、重点任务", "牵头单位：县民政局\t6月底前"]
    assert [b.kind for b in ex.blocks][1:4] == ["table"] * 3
    for b in ex.blocks:
        assert ex.text[b.start:b.end] == b.text


def test_soft_line_breaks_split_blocks_and_empty_paragraphs_are_skipped():
    d = docx.Document()
    p = d.add_paragraph("青山县副县长")
    p.add_run().add_break()
    p.add_run("李华")
    d.add_paragraph("")
    d.add_paragraph("　　同志们：")
    assert texts(save(d)) == ["青山县副县长", "李华", "同志们："]



def test_hidden_text_is_left_out_as_word_leaves_it_out():
    # w:vanish on the run, through a character style, through the paragraph style; w:val="0" shows again
    d = docx.Document()
    p = d.add_paragraph("到2025年底，护理型床位占比达到60%以上。")
    p.add_run("（起草说明：原稿为55%）").font.hidden = True
    note = d.styles.add_style("批注隐藏", docx.enum.style.WD_STYLE_TYPE.CHARACTER)
    note.font.hidden = True
    d.add_paragraph("完善社会救助制度。").add_run("旧稿：低保标准提高到900元。", style="批注隐藏")
    draft = d.styles.add_style("隐藏段落", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    draft.font.hidden = True
    q = d.add_paragraph("本段为起草组内部意见。", style="隐藏段落")
    q.add_run("二、").font.hidden = False
    q.add_run("加强殡葬服务。").font.hidden = False
    assert texts(save(d)) == ["到2025年底，护理型床位占比达到60%以上。", "完善社会救助制度。", "二、加强殡葬服务。"]


_TEXT_BOX = """<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
  xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
  xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
  xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent>
 <mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="文本框 1"/><a:graphic>
  <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx>
   <w:txbxContent><w:p><w:r><w:t>专栏1 养老服务主要指标</w:t></w:r></w:p>
    <w:p><w:r><w:t>养老机构护理型床位占比达到55%。</w:t></w:r></w:p></w:txbxContent>
  </wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
 <mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>专栏1 养老服务主要指标</w:t></w:r></w:p>
    <w:p><w:r><w:t>养老机构护理型床位占比达到55%。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>"""


def test_text_box_paragraphs_follow_their_anchor_on_lines_of_their_own():
    d = docx.Document()
    p = d.add_paragraph("一、健全养老服务体系")
    p._p.append(etree.fromstring(_TEXT_BOX))
    p.add_run("，推进居家社区养老。")
    d.add_paragraph("二、完善社会救助制度。")
    blocks = read(save(d)).blocks
    assert [b.text for b in blocks] == ["一、健全养老服务体系，推进居家社区养老。", "专栏1 养老服务主要指标",
                                        "养老机构护理型床位占比达到55%。", "二、完善社会救助制度。"]
    assert [b.kind for b in blocks] == ["paragraph"] * 4


# ---------------------------------------------------------------- damaged files


def _plain_docx() -> bytes:
    d = docx.Document()
    for i in range(30):
        d.add_paragraph(f"第{i}段：到2023年底，社区养老服务设施覆盖率达到95%以上。")
    return save(d)


@pytest.mark.parametrize("cut", [0.5, 0.9, 0.98])
def test_truncated_docx_is_corrupt(tmp_path, cut):
    data = _plain_docx()
    path = tmp_path / "工作要点.docx"
    path.write_bytes(data[: int(len(data) * cut)])
    with pytest.raises(CorruptDocumentError, match="工作要点.docx: .*(truncated|damaged)"):
        read(path)


def test_zip_bomb_is_refused_before_unpacking(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_plain_docx())) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr("word/media/image1.bin", b"\0" * (64 * 1024 * 1024))  # 64 MB of zeros, ~64 KB packed
    path = tmp_path / "炸弹.docx"
    path.write_bytes(buf.getvalue())
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(CorruptDocumentError, match=r"炸弹.docx: zip bomb: member 'word/media/image1.bin'"):
        read(path)


def test_damaged_member_fails_crc(tmp_path):
    data = bytearray(_plain_docx())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = z.getinfo("word/document.xml")
    # flip bytes inside the compressed document.xml
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + 40):
        data[i] ^= 0xFF
    path = tmp_path / "损坏.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDocumentError, match="损坏.docx"):
        read(path)


def test_decimal_marker_before_a_digit_gets_a_space():
    d = docx.Document()
    nid = add_abstract(d, 95, PLAN_LEVELS)
    numbered(d, "总体要求", nid, 0)
    numbered(d, "9月底前建成监测平台", nid, 2)
    numbered(d, "年内完成改造", nid, 2)
    assert texts(save(d)) == ["一、总体要求", "1. 9月底前建成监测平台", "2.年内完成改造"]
