"""Plain-text reader: encodings, newlines, line blocks, binary junk."""
from __future__ import annotations

import codecs
import io

import pytest

from policytext.errors import DecodeError
from policytext.io import read
from policytext.io.txt import decode_text

SPEECH = "在全县民政工作会议上的讲话\n青山县副县长 李华\n（2023年2月15日）\n同志们：\n一、2022年工作回顾\n到2023年底，社区养老服务设施覆盖率达到95%以上。"

# fmt: off
ENCODINGS = [
    # (id, bytes, expected encoding)
    ("utf8",       SPEECH.encode("utf-8"),                        "utf-8"),
    ("utf8-bom",   codecs.BOM_UTF8 + SPEECH.encode("utf-8"),      "utf-8"),
    ("gbk",        SPEECH.encode("gbk"),                          "gb18030"),
    ("utf16-le",   codecs.BOM_UTF16_LE + SPEECH.encode("utf-16-le"), "utf-16-le"),
    ("utf16-be",   codecs.BOM_UTF16_BE + SPEECH.encode("utf-16-be"), "utf-16-be"),
    ("utf16-auto", SPEECH.encode("utf-16"),                       None),
    ("utf32",      SPEECH.encode("utf-32"),                       None),
]
NEWLINES = [
    ("crlf", "一、总体要求\r\n二、重点任务\r\n", ["一、总体要求", "二、重点任务"]),
    ("cr",   "一、总体要求\r二、重点任务",       ["一、总体要求", "二、重点任务"]),
    ("ff",   "一、总体要求\x0c二、重点任务",     ["一、总体要求", "二、重点任务"]),
    ("u2028", "一、总体要求\u2028二、重点任务",  ["一、总体要求", "二、重点任务"]),
    ("blank", "一、总体要求\n\n\n二、重点任务",  ["一、总体要求", "二、重点任务"]),
]
JUNK = [
    ("nul-bytes",   bytes(range(256)) * 8),
    ("controls",    bytes([1, 2, 3, 4, 5, 6, 7, 14, 15, 16]) * 50 + "民政".encode("utf-8") * 10),
    ("bad-utf16",   codecs.BOM_UTF16_LE + b"\x00\xd8\x00"),  # lone surrogate
]
# fmt: on


@pytest.mark.parametrize("case,data,encoding", ENCODINGS, ids=[c[0] for c in ENCODINGS])
def test_encodings_decode_to_the_same_text(case, data, encoding):
    ex = read(data, format="txt")
    assert ex.text == SPEECH
    assert [b.text for b in ex.blocks] == SPEECH.split("\n")
    assert ex.format == "txt" and ex.source == "<bytes>"
    if encoding is not None:
        assert decode_text(data)[1] == encoding


@pytest.mark.parametrize("case,text,lines", NEWLINES, ids=[c[0] for c in NEWLINES])
def test_newlines_are_normalized_and_blocks_are_lines(case, text, lines):
    ex = read(text.encode("utf-8"))
    assert "\r" not in ex.text
    assert [b.text for b in ex.blocks] == lines
    for b in ex.blocks:  # offsets point into the text
        assert ex.text[b.start:b.end] == b.text
        assert b.page is None and b.heading_level is None and b.kind == "paragraph"


@pytest.mark.parametrize("case,data", JUNK, ids=[c[0] for c in JUNK])
def test_binary_junk_is_a_decode_error_naming_the_file(tmp_path, case, data):
    path = tmp_path / f"讲话-{case}.txt"
    path.write_bytes(data)
    with pytest.raises(DecodeError) as info:
        read(path)
    assert f"讲话-{case}.txt" in str(info.value)
    assert isinstance(info.value, UnicodeError) and isinstance(info.value, OSError)


def test_gb18030_four_byte_characters():
    text = SPEECH + "（䶮、𠀀）"  # outside GBK: four-byte GB18030 sequences
    data = text.encode("gb18030")
    assert decode_text(data) == (text, "gb18030")
    assert read(data).text == text


def test_sources_path_pathlike_bytes_stream(tmp_path):
    path = tmp_path / "工作要点.txt"
    path.write_bytes(SPEECH.encode("gbk"))
    assert read(str(path)).source == "工作要点.txt"
    assert read(path).source == "工作要点.txt"
    assert read(path.read_bytes()).source == "<bytes>"
    assert read(io.BytesIO(path.read_bytes())).source == "<stream>"
    with open(path, "rb") as f:
        ex = read(f)
    assert ex.source == "工作要点.txt" and ex.text == SPEECH


def test_markdown_suffix_gives_md(tmp_path):
    path = tmp_path / "要点.md"
    path.write_text("# 2023年民政工作要点\n\n## 一、总体要求\n", encoding="utf-8")
    ex = read(path)
    assert ex.format == "md"
    assert [b.text for b in ex.blocks] == ["# 2023年民政工作要点", "## 一、总体要求"]


def test_unknown_suffix_with_text_content_reads_as_txt(tmp_path):
    path = tmp_path / "讲话稿.dat"
    path.write_bytes(SPEECH.encode("gbk"))
    assert read(path).format == "txt"


def test_large_gbk_file_reads_fully():
    text = (SPEECH + "\n") * 5000
    ex = read(text.encode("gbk"))
    assert ex.text == text
    assert len(ex.blocks) == 6 * 5000


def test_the_control_characters_a_text_may_not_hold_are_unicodes_cc_less_the_layout_ones():
    """The binary check counts exactly the characters of category Cc that are not tab, newlines, form feed or ^Z."""
    import unicodedata

    from policytext.io.txt import _ALLOWED_CONTROL, RE_BAD_CONTROL

    for c in range(0x110000):
        if 0xD800 <= c < 0xE000:
            continue  # surrogates are not characters of a decoded text
        ch = chr(c)
        assert bool(RE_BAD_CONTROL.fullmatch(ch)) == (ch not in _ALLOWED_CONTROL and unicodedata.category(ch) == "Cc")
    from policytext.io.txt import _control_ratio

    assert _control_ratio("民政\x01\x02\t\n\x1a\x7f工作") == 3 / 10 and _control_ratio("") == 0.0
