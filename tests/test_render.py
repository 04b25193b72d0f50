"""render(): displaCy highlights of targets, values, deadlines and responsible units."""
from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

pytest.importorskip("spacy")

import policytext as pt  # noqa: E402
from policytext.faces.cli import main  # noqa: E402
from policytext.faces.render import LABEL_COLORS, highlights, render  # noqa: E402

# fmt: off
CASES = [
    # (text, (mark text, label) pairs that must be highlighted)
    ("到2025年底，养老服务设施覆盖率达到90%以上。",
     [("到2025年底", "DEADLINE"), ("养老服务设施覆盖率达到", "TARGET"), ("90%以上", "VALUE")]),
    ("由市民政局牵头，财政局配合，年底前新建社区食堂12个。",
     [("市民政局", "UNIT"), ("财政局", "UNIT"), ("新建社区食堂", "TARGET"), ("12个", "VALUE")]),
    ("2021年新建敬老院2所。", [("新建敬老院", "TARGET"), ("2所", "VALUE")]),
    ("截至去年底，全市已建成养老机构35家。", []),
]
# fmt: on


class _Marks(HTMLParser):
    """Collect (text, label, title) of displaCy's <mark class="entity"> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list = []
        self._depth = 0
        self._text = ""
        self._label = ""
        self._title = ""
        self._in_label = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "mark" and "entity" in (a.get("class") or ""):
            self._depth, self._text, self._label, self._title = 1, "", "", a.get("title") or ""
        elif tag == "span" and self._depth:
            self._in_label = True

    def handle_endtag(self, tag):
        if tag == "mark" and self._depth:
            self.marks.append((self._text.strip(), self._label.split()[0] if self._label else "", self._title))
            self._depth = 0
        elif tag == "span":
            self._in_label = False

    def handle_data(self, data):
        if self._depth:
            if self._in_label:
                self._label += data
            else:
                self._text += data


def marks(markup: str) -> list:
    p = _Marks()
    p.feed(markup)
    return p.marks


@pytest.mark.parametrize("text,expected", CASES)
def test_render_highlights(text, expected):
    found = [(t, label) for t, label, _ in marks(render(text, jupyter=False))]
    for pair in expected:
        assert pair in found
    if not expected:
        assert found == []


@pytest.mark.parametrize("text,expected", CASES)
def test_highlights_are_ordered_disjoint_and_inside_the_text(text, expected):
    hl = highlights(text)
    assert [(text[h["start"]:h["end"]], h["label"]) for h in hl if (text[h["start"]:h["end"]], h["label"])
            in expected] == [p for p in sorted(expected, key=lambda p: text.index(p[0]))]
    for a, b in zip(hl, hl[1:]):
        assert a["end"] <= b["start"]
    for h in hl:
        assert 0 <= h["start"] < h["end"] <= len(text) and h["label"] in LABEL_COLORS
        assert "\n" not in text[h["start"]:h["end"]]


def test_value_and_deadline_details_are_shown():
    out = marks(render("到2025年底，养老服务设施覆盖率达到90%以上。", jupyter=False))
    titles = {label: title for _, label, title in out}
    assert titles["VALUE"] == "养老服务设施覆盖率 ≥90% · 期限 2025-12-31"
    assert "2025-12-31" in titles["DEADLINE"]


def test_text_is_escaped_and_line_breaks_kept():
    markup = render("<b>要点</b>\n年底前新建养老院3所。", jupyter=False)
    assert "<b>" not in markup and "&lt;b&gt;要点&lt;/b&gt;" in markup
    assert "<br>" in markup


def test_render_accepts_a_spacy_doc_and_a_document():
    text = "到2025年底，养老服务设施覆盖率达到90%以上。"
    doc = pt.nlp(pipes=["policytext_times", "policytext_targets"])(text)
    from policytext.document import from_text

    expected = marks(render(text, jupyter=False))
    assert marks(render(doc, jupyter=False)) == expected
    assert marks(render(from_text(text), jupyter=False)) == expected


def test_render_rejects_other_types():
    with pytest.raises(TypeError, match="spaCy Doc"):
        render(42, jupyter=False)


def test_render_writes_a_standalone_page(tmp_path):
    out = tmp_path / "要点.html"
    page = render("到2025年底，养老服务设施覆盖率达到90%以上。", path=out)
    written = out.read_text(encoding="utf-8")
    assert written == page
    assert written.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in written
    assert 'lang="zh-CN"' in written and "期限" in written  # legend
    assert ("90%以上", "VALUE") in [(t, label) for t, label, _ in marks(written)]
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


def test_jupyter_mode_displays_and_returns_none(capsys):
    pytest.importorskip("IPython")
    assert render("年底前新建养老院3所。", jupyter=True) is None


def test_cli_render_sample(tmp_path, samples_dir):
    src = samples_dir / "workplan_bixi_2023.docx"
    if not src.exists():
        pytest.skip(f"{src} is absent")
    out = tmp_path / "workplan.html"
    assert main(["render", str(src), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    found = marks(page)
    labels = {label for _, label, _ in found}
    assert {"TARGET", "VALUE", "DEADLINE", "UNIT"} <= labels
    # every target the extractor finds shows up as a highlighted value
    doc = pt.load(src)
    values = [t for t, label, _ in found if label == "VALUE"]
    for target in pt.extract_targets(doc):
        assert any(v in target.quote for v in values), target.quote
    assert html.escape(doc.title) in page


def test_cli_render_bad_file(tmp_path, capsys):
    bad = tmp_path / "坏文件.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out.html"
    assert main(["render", str(bad), "-o", str(out)]) != 0
    assert "坏文件.docx" in capsys.readouterr().err
    assert not out.exists()


# fmt: off
NOT_HTML = ["x.png", "x.pdf", "x", "x.HTML.txt"]
# fmt: on


@pytest.mark.parametrize("name", NOT_HTML)
def test_issue_15_render_refuses_a_non_html_output(tmp_path, capsys, name):
    src = tmp_path / "要点.txt"
    src.write_text("年底前新建养老院3所。\n", encoding="utf-8")
    out = tmp_path / name
    assert main(["render", str(src), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert ".html" in err and "Traceback" not in err
    assert not out.exists()
    with pytest.raises(ValueError, match=r"\.html"):
        render("年底前新建养老院3所。", path=out)
    assert not out.exists()
    assert main(["render", str(src), "-o", str(tmp_path / "x.HTM")]) == 0


def test_issue_13_every_lead_unit_is_highlighted_on_its_own():
    text = "（三）加强新业态从业人员权益保障。（人力资源社会保障部、国家市场监督管理总局牵头，相关部门按职责分工负责）"
    units = [(text[h["start"]:h["end"]], h["kb_id"]) for h in highlights(text) if h["label"] == "UNIT"]
    assert units == [("人力资源社会保障部", "牵头"), ("国家市场监督管理总局", "牵头")]
