"""Document assembly: build_document / from_text, and the done-when checks on the seeds."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from policytext.document import build_document, from_text
from policytext.types import Block, Document, Extracted


def _seed(seeds_dir, prefix: str) -> Document:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    return from_text(path.read_text(encoding="utf-8"), source=path.name)


def _gold(gold_dir):
    return [json.loads(line) for line in (gold_dir / "seed-meta.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]


# --------------------------------------------------------------------------- seeds (../shared)


def test_seed_metadata_matches_gold(seeds_dir, gold_dir):
    for g in _gold(gold_dir):
        doc = from_text((seeds_dir / g["doc"]).read_text(encoding="utf-8"), source=g["doc"])
        got = {"title": doc.title, "date": doc.date.isoformat() if doc.date else None, "year": doc.year,
               "speaker": doc.speaker, "doc_type": doc.doc_type}
        want = {k: g[k] for k in got}
        assert got == want, g["doc"]


def test_seed_002_outline_counts(seeds_dir):
    doc = _seed(seeds_dir, "002")
    assert sum(s.level == 1 for s in doc.sections) == 8
    assert sum(s.level == 2 for s in doc.sections) == 22
    assert len({s.path for s in doc.sections}) == len(doc.sections)


def test_seed_003_three_parts(seeds_dir):
    doc = _seed(seeds_dir, "003")
    assert max(s.part for s in doc.sections) == 3
    firsts = [s for s in doc.sections if s.level == 1 and s.marker.startswith("一")]
    assert [s.part for s in firsts] == [1, 2, 3]
    assert [s.path for s in firsts] == ["一", "part2:一", "part3:一"]
    assert len({s.path for s in doc.sections}) == len(doc.sections)


def test_seed_000_toc_recognised(seeds_dir):
    doc = _seed(seeds_dir, "000")
    assert doc.toc is not None
    s, e = doc.toc
    toc_text = doc.text[s:e]
    assert toc_text.count("\n") >= 2
    # no section comes from the TOC, and the real headings are sections
    assert all(sec.start >= e for sec in doc.sections)
    assert sum(sec.level == 1 for sec in doc.sections) >= 2
    assert all(sec.heading for sec in doc.sections)
    # the title comes right after the TOC
    assert doc.text[e:].lstrip().startswith(doc.title)


def test_seed_sections_cover_paragraphs(seeds_dir):
    for prefix in ("000", "002", "003", "004"):
        doc = _seed(seeds_dir, prefix)
        for p in doc.paragraphs:
            sec = doc.section_at(p.start)
            if p.section is not None:
                assert sec is not None and p.start >= sec.start
        for sec in doc.sections:
            assert sec.start < sec.heading_end <= sec.end
            assert doc.text[sec.start:].startswith(sec.marker)


def test_seed_offsets_map_back_to_raw(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        doc = from_text(raw)
        for p in doc.paragraphs:
            # a paragraph may have been joined from two raw lines; check each aligned run
            for a, b in _runs(doc, p.start, p.end):
                s, e = doc.raw_span(a, b)
                assert raw[s:e] == doc.text[a:b], path.name


def _runs(doc, start, end):
    cuts = sorted({c for c, _ in doc.offset_map if start < c < end} | {start, end})
    return list(zip(cuts, cuts[1:]))


# --------------------------------------------------------------------------- unit

# fmt: off
CASES = [
    # text, title, date, year, speaker, doc_type, section paths
    ("在全省民政工作会议上的讲话\n省民政厅厅长 王明\n（2021年1月8日）\n同志们：\n一、总体要求\n二、重点任务",
     "在全省民政工作会议上的讲话", "2021-01-08", 2021, "王明", "speech", ["一", "二"]),
    ("2022年全县民政工作要点\n一、兜牢民生底线\n1.提高低保标准。\n2.加强临时救助。\n二、发展养老服务\n3.建设养老设施。",
     "2022年全县民政工作要点", None, 2022, None, "work_plan", ["一", "一/1", "一/2", "二", "二/3"]),
    ("关于做好冬季救助工作的通知\n各区县民政局：\n现将有关事项通知如下：\n一、摸清底数\n二、落实责任",
     "关于做好冬季救助工作的通知", None, None, None, "notice", ["一", "二"]),
]
# fmt: on


@pytest.mark.parametrize("text,title,date,year,speaker,doc_type,paths", CASES)
def test_from_text(text, title, date, year, speaker, doc_type, paths):
    doc = from_text(text)
    assert doc.title == title
    assert (doc.date.isoformat() if doc.date else None) == date
    assert doc.year == year
    assert doc.speaker == speaker
    assert doc.doc_type == doc_type
    assert [s.path for s in doc.sections] == paths


def test_reference_date_is_only_a_fallback():
    text = "关于做好冬季救助工作的通知\n一、摸清底数"
    assert from_text(text).year is None
    assert from_text(text, reference_date=dt.date(2023, 5, 1)).year == 2023
    assert from_text("2022年全县民政工作要点", reference_date=dt.date(2023, 5, 1)).year == 2022
    with pytest.raises(ValueError, match="reference_date"):
        from_text(text, reference_date="yesterday")


def test_build_document_uses_blocks_pages_and_hints():
    lines = ["民政工作要点", "总体要求", "坚持以人民为中心。", "重点任务", "提高低保标准。"]
    raw = "\n".join(lines)
    blocks, pos = [], 0
    for i, t in enumerate(lines):
        kind = "title" if i == 0 else "paragraph"
        level = 1 if t in ("总体要求", "重点任务") else None
        blocks.append(Block(t, pos, pos + len(t), page=1 + i // 3, heading_level=level, kind=kind))
        pos += len(t) + 1
    doc = build_document(Extracted(raw, tuple(blocks), source="x.pdf", format="pdf"))
    assert doc.title == "民政工作要点"
    assert [s.heading for s in doc.sections] == ["总体要求", "重点任务"]
    assert [p.page for p in doc.paragraphs] == [1, 1, 1, 2, 2]
    assert doc.paragraphs[-1].section == doc.sections[-1].path
    assert doc.sections[-1].page == 2


def test_from_text_rejects_bytes():
    with pytest.raises(TypeError, match="policytext.load"):
        from_text(b"abc")  # type: ignore[arg-type]


def test_to_dict_is_json_ready():
    doc = from_text("在会议上的讲话\n（2020年3月26日）\n一、总体要求")
    d = doc.to_dict()
    json.dumps(d, ensure_ascii=False)
    assert d["date"] == "2020-03-26" and "raw_text" not in d


# --------------------------------------------------------------------------- corpora (../shared)


def test_national_report_metadata_gold(gwr_dir):
    """tests/data/gold-meta-gwr.jsonl: date, speaker and office of the 41 national reports, by an annotator
    who read the texts only (4 state them: 2017, 2021-2023; the others open with 各位代表)."""
    rows = [json.loads(line) for line in
            (Path(__file__).parent / "data" / "gold-meta-gwr.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 41 and sum(r["date"] is not None for r in rows) == 4
    for r in rows:
        doc = from_text((gwr_dir / r["doc"]).read_text(encoding="utf-8"))
        assert (doc.date.isoformat() if doc.date else None, doc.speaker, doc.speaker_title) == \
            (r["date"], r["speaker"], r["speaker_title"]), r["doc"]


#: tests/data/gold-meta-policies-{dev,heldout}.jsonl (gold-meta-policies.md): title, date, plan year and type of
#: the 210 policies, by two annotators who read the texts only; the halves drawn at random. Stop 28's rules were
#: made on the dev half; the held-out half was scored once before (title 0.895, date 0.962, year 0.800, type
#: 0.457) and after them three times, as rules were added (0.924, 0.990, 0.838, 0.790 each time).
POLICY_META = {"dev": {"title": 0.94, "date": 0.92, "year": 0.80, "doc_type": 0.77},
               "heldout": {"title": 0.92, "date": 0.99, "year": 0.83, "doc_type": 0.79}}


@pytest.mark.parametrize("half", sorted(POLICY_META))
def test_policy_metadata_gold(gwr_dir, half):
    rows = [json.loads(line) for line in (Path(__file__).parent / "data" / f"gold-meta-policies-{half}.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 105
    hits = dict.fromkeys(POLICY_META[half], 0)
    for r in rows:
        doc = from_text((gwr_dir.parent / "policies" / r["doc"]).read_text(encoding="utf-8"))
        got = {"title": doc.title, "date": doc.date.isoformat() if doc.date else None, "year": doc.year,
               "doc_type": doc.doc_type}
        for field in hits:
            hits[field] += got[field] == r[field]
    for field, floor in POLICY_META[half].items():
        assert hits[field] / len(rows) >= floor, (field, hits[field])


def test_title_before_a_table_of_contents():
    """A plan's title stands above its table of contents; the page numbers of the contents are no title."""
    toc = "".join(f"{h}{'.' * 40}{p}\n" for h, p in (("一、发展基础", 1), ("二、总体要求", 3), ("三、主要任务", 5),
                                                      ("四、保障措施", 9)))
    doc = from_text("某省“十四五”民政事业发展规划\n目 录\n" + toc + "一、发展基础\n“十三五”时期，全省民政事业取得新进展。\n"
                    "二、总体要求\n到2025年，基本建成覆盖城乡的养老服务体系。\n三、主要任务\n新建养老院10所。\n"
                    "四、保障措施\n加强组织领导。")
    assert (doc.title, doc.doc_type) == ("某省“十四五”民政事业发展规划", "work_plan")


def test_every_work_report_is_a_report_of_its_year(gwr_dir):
    """Government work reports: doc_type report, plan year = the year in the file name."""
    import re

    files = sorted(gwr_dir.glob("gwr-*.txt"))
    assert len(files) >= 40
    for path in files:
        doc = from_text(path.read_text(encoding="utf-8"), source=path.name)
        want = int(re.search(r"\d{4}", path.name).group())
        assert (doc.doc_type, doc.year) == ("report", want), path.name
        # without the file name the year comes from the text or is unknown, never wrong
        bare = from_text(path.read_text(encoding="utf-8"))
        assert bare.year in (None, want), path.name
        assert not any("file name" in w for w in bare.warnings)


def test_every_law_is_a_law_with_a_title(laws_dir):
    files = sorted(laws_dir.glob("*.md"))
    assert len(files) >= 70
    dated = 0
    for path in files:
        doc = from_text(path.read_text(encoding="utf-8"), source=path.name, format="md")
        assert doc.doc_type == "law", path.name
        assert doc.title and len(doc.title) >= 4, path.name
        assert doc.speaker is None, path.name
        if doc.date is not None:
            dated += 1
            assert 1949 < doc.date.year <= 2030
    assert dated >= len(files) - 5  # a few files carry no adoption line


# fmt: off
FILENAME_YEARS = [
    # (text, source, reference_date, year, warned)
    ("各位代表：\n现在，我代表县人民政府，向大会作政府工作报告。\n今年发展的主要预期目标是：增长6%左右。",
     "gwr-2019-county.txt", None, 2019, True),
    ("今年要抓好以下工作。\n一、兜牢底线\n二、发展养老", "青山县2023年民政工作要点.pdf", None, 2023, True),
    ("今年要抓好以下工作。\n一、兜牢底线", "青山县2023年民政工作要点.pdf", dt.date(2021, 2, 1), 2021, False),
    ("2022年全县民政工作要点\n一、兜牢底线", "2020年工作要点.docx", None, 2022, False),
    ("今年要抓好以下工作。\n一、兜牢底线", "<bytes>", None, None, False),
]
# fmt: on


@pytest.mark.parametrize("text,source,ref,year,warned", FILENAME_YEARS)
def test_year_from_file_name_is_a_warned_fallback(text, source, ref, year, warned):
    doc = from_text(text, source=source, reference_date=ref)
    assert doc.year == year
    assert doc.date is None
    assert any("file name" in w for w in doc.warnings) == warned


def test_load_uses_the_file_name_year(tmp_path):
    import policytext as pt

    f = tmp_path / "青山县2023年民政工作要点.txt"
    f.write_text("今年要抓好以下工作。\n一、兜牢底线\n1.提高保障标准。\n2.加强临时救助。", encoding="utf-8")
    doc = pt.load(f)
    assert doc.year == 2023 and doc.date is None
    assert any("2023" in w and "file name" in w for w in doc.warnings)


# ----------------------------------------------------------------------------- issue 15: PDF and txt of one report

_GLOSSARY = ("名词解释\n"
             "1．新质生产力：指由技术革命性突破、生产要素创新性配置、产业深度转型升级而催生的先进生产力。\n"
             "2．智慧养老：指利用物联网、互联网等信息技术为老年人提供服务的养老模式。\n"
             "3．一刻钟便民生活圈：指以社区居民为服务对象，在步行15分钟左右范围内满足日常消费需求的生活圈。\n"
             "4．数字政府：指以新一代信息技术为支撑，推动政府治理流程优化和模式创新的政府形态。\n")


def _report_pdf(text: str, *, widget_on_one_line: bool) -> bytes:
    """Lay out a web page saved as text on A4 pages (STSong-Light), as a browser prints it."""
    import io

    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font, size = "STSong-Light", 11
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    paras = text.split("\n")
    if widget_on_one_line:  # the buttons of the widget side by side
        k = paras.index(next(p for p in paras if "政府工作报告" in p))
        paras = [" ".join(paras[:k])] + paras[k:]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    y, n = height - 72, 1
    c.setFont(font, size)
    for para in (p for p in paras if p.strip()):
        indent = 2 * size if len(para) > 30 else 0
        lines, cur, avail = [], "", width - 144 - indent
        for ch in para:
            if pdfmetrics.stringWidth(cur + ch, font, size) > avail:
                lines.append(cur)
                cur, avail = ch, width - 144
            else:
                cur += ch
        lines.append(cur)
        for i, line in enumerate(lines):
            if y < 72:
                c.setFont(font, 9)
                c.drawCentredString(width / 2, 40, f"— {n} —")
                c.showPage()
                n, y = n + 1, height - 72
                c.setFont(font, size)
            c.drawString(72 + (indent if i == 0 else 0), y, line)
            y -= size * 1.6
        y -= size * 0.4
    c.setFont(font, 9)
    c.drawCentredString(width / 2, 40, f"— {n} —")
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("widget_on_one_line", [False, True])
def test_issue_15_pdf_and_txt_of_a_report_agree(tmp_path, widget_on_one_line):
    """Title, type and tasks of a web page saved as text and printed to PDF are the same; no glossary task."""
    src = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "provincial" / "gwr-2026-hunan.txt"
    if not src.exists():
        pytest.skip(f"{src} is absent")
    import policytext as pt

    text = src.read_text(encoding="utf-8").rstrip("\n") + "\n" + _GLOSSARY
    txt, pdf = tmp_path / "湖南.txt", tmp_path / "湖南.pdf"
    txt.write_text(text, encoding="utf-8")
    pdf.write_bytes(_report_pdf(text, widget_on_one_line=widget_on_one_line))
    a, b = pt.load(txt), pt.load(pdf)
    assert a.title == b.title == "2026年湖南省政府工作报告"
    assert a.doc_type == b.doc_type == "report"
    ta, tb = pt.to_tasks(a, classify=False), pt.to_tasks(b, classify=False)
    assert [t.heading for t in ta] == [t.heading for t in tb]
    assert not any("：指" in t.text or "名词解释" in t.text for t in list(ta) + list(tb))


# --------------------------------------------------------------------------- stop 30: a reviewer's invented headers

def test_full_width_digits_number_items_and_name_years():
    """１．, ２．: items as 1. is (the path says 1); ２０２４年 in a title is the year."""
    doc = from_text("XX区民政局2024年工作计划\n二．主要任务\n（一）\t加强社会救助工作\n１．完善低保标准动态调整机制。\n"
                    "２．做好特困供养工作。\n")
    assert [(s.level, s.path) for s in doc.sections] == [(1, "二"), (2, "二/（一）"), (3, "二/（一）/1"), (3, "二/（一）/2")]
    assert from_text("２０２４年全市民政工作要点\n一、总体要求\n").year == 2024


def test_periods_of_months_and_quarters_are_no_headings():
    doc = from_text("2024年全县民政工作要点\n一、社会救助\n一、二季度，全县共发放临时救助金120万元。\n三、四月份开展低保专项排查。\n"
                    "二、养老服务\n")
    assert [s.path for s in doc.sections] == ["一", "二"]


# fmt: off
MASTHEADS = [
    ("青山县民政局\n关于开展2024年度社会组织年检工作的通知\n各乡镇民政办：\n", "关于开展2024年度社会组织年检工作的通知", 2024),
    ("XX县民政局文件\n×民发〔2024〕3号\n关于开展2024年度社会组织年检工作的通知\n各乡镇民政办：\n",
     "关于开展2024年度社会组织年检工作的通知", 2024),
    ("XX县人民政府\n县民政局召开2024年社会救助工作部署会\n3月15日上午，县民政局召开会议。\n", "县民政局召开2024年社会救助工作部署会", 2024),
    ("民政部\n民政部关于加快发展养老服务业的意见\n各省民政厅：\n", "民政部关于加快发展养老服务业的意见", None),
    # download-site furniture above the title
    ("文档下载  本文由 ahxmz2020 上传\n第1页/共5页\n全区民政工作会议讲话稿\n同志们：\n", "全区民政工作会议讲话稿", None),
    ("我的文库 > 行业资料 > 政府工作\n2023年社区民政工作计划 3页\n本文档由用户 xyz123 上传于2023-01-05\n一、指导思想\n坚持。\n",
     "2023年社区民政工作计划", 2023),
    ("第1页 共5页\n全区民政工作会议讲话稿\n同志们：\n", "全区民政工作会议讲话稿", None),
    # a news lead that opens with its full date names the year
    ("全区民政工作会议召开\n2024年2月23日，全区民政工作会议召开。会议总结了2023年工作。\n", "全区民政工作会议召开", 2024),
]
# fmt: on


@pytest.mark.parametrize("text, title, year", MASTHEADS)
def test_mastheads_download_furniture_and_news_leads(text, title, year):
    doc = from_text(text)
    assert (doc.title, doc.year) == (title, year)
