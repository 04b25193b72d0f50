"""spaCy components: policytext_targets, policytext_times, policytext_areas."""
from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import pickle
import subprocess
import sys
from dataclasses import fields

import pytest

spacy = pytest.importorskip("spacy")

import policytext as pt  # noqa: E402
from policytext.faces import pipeline  # noqa: E402
from policytext.types import Document, Target  # noqa: E402

TARGET_PIPES = ["policytext_times", "policytext_targets"]

# fmt: off
TEXTS = [
    # (text, expected span texts of the targets)
    ("到2025年底覆盖率达到90%以上", ["覆盖率达到90%以上"]),
    ("到2025年底，养老服务设施覆盖率达到90%以上，新建社区食堂12个。",
     ["养老服务设施覆盖率达到90%以上", "新建社区食堂12个"]),
    ("2021年新建敬老院2所。", ["新建敬老院2所"]),
    ("截至去年底，全市已建成养老机构35家。", []),
    ("加强农村留守儿童关爱保护。", []),
    ("", []),
]

TIMES = [
    # (text, reference_date, [(span text, label, date_to)])
    ("到2025年底，覆盖率达到90%以上。", None, [("到2025年底", "DEADLINE", dt.date(2025, 12, 31))]),
    ("年底前完成改造，上半年启动。", "2023-03-01",
     [("年底前", "DEADLINE", dt.date(2023, 12, 31)), ("上半年", "TIME", dt.date(2023, 6, 30))]),
    ("“十四五”期间建成3个中心。", None, [("“十四五”期间", "TIME", dt.date(2025, 12, 31))]),
]

BAD_CONFIG = [
    # (factory, config, message fragment)
    ("policytext_targets", {"reference_date": "2023-13-01"}, "reference_date"),
    ("policytext_times", {"reference_date": "去年"}, "reference_date"),
    ("policytext_targets", {"prefix": "not valid"}, "prefix"),
]
# fmt: on


@pytest.fixture(scope="module")
def zh():
    return pt.nlp(pipes=TARGET_PIPES)


def _blank():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})


def _model_available() -> bool:
    try:
        from policytext.classification import find_model

        find_model()
    except (ImportError, pt.ModelError):
        return False
    return True


needs_model = pytest.mark.skipif(not _model_available(), reason="the work-area model (models/work_area/) is absent")


# ----------------------------------------------------------------------------- nlp()


def test_nlp_is_blank_chinese_with_jieba_and_the_components():
    zh = pt.nlp()
    assert zh.lang == "zh"
    assert zh.config["nlp"]["tokenizer"]["segmenter"] == "jieba"
    assert zh.pipe_names == ["policytext_times", "policytext_targets", "policytext_areas"]
    # jieba words, not characters
    assert [t.text for t in zh.make_doc("养老服务设施覆盖率")] != list("养老服务设施覆盖率")


def test_nlp_is_cached_and_make_nlp_is_not():
    assert pt.nlp() is pt.nlp()
    assert pt.nlp(pipes=TARGET_PIPES) is pt.nlp(pipes=tuple(TARGET_PIPES))
    assert pipeline.make_nlp() is not pipeline.make_nlp()


def test_nlp_rejects_unknown_pipes():
    with pytest.raises(ValueError, match="policytext_targets"):
        pipeline.make_nlp(pipes=["policytext_tasks"])


# ----------------------------------------------------------------------------- targets


@pytest.mark.parametrize("text,expected", TEXTS)
def test_target_spans(zh, text, expected):
    doc = zh(text)
    assert [s.text for s in doc.spans["policytext_targets"]] == expected
    assert all(s.label_ == "TARGET" for s in doc.spans["policytext_targets"])


@pytest.mark.parametrize("text", [t for t, exp in TEXTS if exp])
def test_span_extensions_equal_the_target_fields(zh, text):
    targets = pt.extract_targets(text)
    doc = zh(text)
    spans = list(doc.spans["policytext_targets"])
    assert len(spans) == len(targets)
    for span, t in zip(spans, targets):
        assert span._.pt_target == t
        for name in pipeline.TARGET_FIELDS:
            assert span._.get("pt_" + name) == getattr(t, name), name
        # the span is the evidence, expanded to token boundaries
        assert span.start_char <= t.quote_start and span.end_char >= t.quote_end
        assert span._.pt_sentence.text == t.text
    assert [s._.pt_value for s in spans] == [t.value for t in targets]
    assert all(isinstance(s._.pt_deadline, dt.date) for s in spans)


def test_target_fields_cover_the_dataclass():
    names = {f.name for f in fields(Target)}
    assert set(pipeline.TARGET_FIELDS) == names - {"text", "start", "end", "quote_start", "quote_end"}
    for name in ("value", "unit", "comparator", "deadline", "indicator"):
        assert spacy.tokens.Span.has_extension("pt_" + name)


def test_extensions_are_none_on_foreign_spans(zh):
    doc = zh("到2025年底覆盖率达到90%以上")
    span = doc[0:2]
    assert span._.pt_value is None and span._.pt_target is None and span._.pt_date_to is None
    time = doc.spans["policytext_times"][0]
    assert time._.pt_value is None  # a time span is not a target
    assert doc.spans["policytext_targets"][0]._.pt_date_to is None


def test_offsets_follow_the_spacy_text_when_cleaning_removes_furniture(zh):
    text = "分享到：微信 微博\n到2025年底，覆盖率达到90%以上。\n打印本页"
    doc = zh(text)
    (span,) = doc.spans["policytext_targets"]
    assert span.text == "覆盖率达到90%以上"
    assert text[span.start_char:span.end_char] == "覆盖率达到90%以上"
    assert [s.text for s in doc.spans["policytext_times"]] == ["到2025年底"]


def test_attached_document_gives_the_year():
    zh = pipeline.make_nlp(pipes=TARGET_PIPES)
    text = "新建养老院3所。"
    doc = zh.make_doc(text)
    doc._.pt_document = Document(text=text, year=2021)
    for _, proc in zh.pipeline:
        doc = proc(doc)
    assert doc.spans["policytext_targets"][0]._.pt_deadline == dt.date(2021, 12, 31)


def test_reference_date_config():
    zh = pipeline.make_nlp(pipes=TARGET_PIPES, reference_date="2023-05-01")
    doc = zh("今年新建养老院3所。")
    (span,) = doc.spans["policytext_targets"]
    assert span._.pt_deadline == dt.date(2023, 12, 31)
    assert zh.get_pipe("policytext_targets").reference_date == dt.date(2023, 5, 1)


# ----------------------------------------------------------------------------- times


@pytest.mark.parametrize("text,reference_date,expected", TIMES)
def test_time_spans(text, reference_date, expected):
    zh = pt.nlp(pipes=["policytext_times"], reference_date=reference_date)
    doc = zh(text)
    spans = doc.spans["policytext_times"]
    assert [(s.text, s.label_, s._.pt_date_to) for s in spans] == expected
    for s in spans:
        assert s._.pt_is_deadline == (s.label_ == "DEADLINE")
        assert s._.pt_time.text == s.text


# ----------------------------------------------------------------------------- registration


def test_add_pipe_on_a_blank_pipeline_after_import():
    zh = _blank()
    zh.add_pipe("policytext_targets")
    zh.add_pipe("policytext_times")
    doc = zh("到2025年底覆盖率达到90%以上")
    assert [s.text for s in doc.spans["policytext_targets"]] == ["覆盖率达到90%以上"]
    assert "policytext_areas" in spacy.registry.factories.get_all() or \
        spacy.language.Language.has_factory("policytext_areas")


@pytest.mark.parametrize("factory,config,message", BAD_CONFIG)
def test_bad_config_is_a_clear_error(factory, config, message):
    with pytest.raises(ValueError, match=message):
        _blank().add_pipe(factory, config=config)


def test_prefix_can_be_renamed():
    zh = _blank()
    zh.add_pipe("policytext_targets", config={"prefix": "mine_", "spans_key": "goals", "label": "GOAL"})
    doc = zh("到2025年底覆盖率达到90%以上")
    (span,) = doc.spans["goals"]
    assert span.label_ == "GOAL"
    assert span._.mine_value == 90.0 and span._.mine_unit == "%" and span._.mine_comparator == ">="


def test_entry_points_are_declared():
    eps = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="spacy_factories")
           if ep.name.startswith("policytext_")}
    if not eps:
        pytest.skip("policytext is not installed (pip install -e .): no entry points")
    assert eps == {
        "policytext_targets": "policytext.faces.pipeline:make_targets_component",
        "policytext_times": "policytext.faces.pipeline:make_times_component",
        "policytext_areas": "policytext.faces.pipeline:make_areas_component",
    }
    for value in eps.values():
        module, _, attr = value.partition(":")
        assert callable(getattr(__import__(module, fromlist=[attr]), attr))


def test_entry_point_registers_the_factories_without_importing_policytext():
    if not list(importlib.metadata.entry_points(group="spacy_factories", name="policytext_targets")):
        pytest.skip("policytext is not installed (pip install -e .): no entry points")
    code = (
        "import sys, spacy\n"
        "nlp = spacy.blank('zh', config={'nlp': {'tokenizer': {'segmenter': 'jieba'}}})\n"
        "nlp.add_pipe('policytext_targets')\n"
        "doc = nlp('到2025年底覆盖率达到90%以上')\n"
        "s = doc.spans['policytext_targets'][0]\n"
        "print(s.text, s._.pt_value, s._.pt_deadline)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["覆盖率达到90%以上", "90.0", "2025-12-31"]


# ----------------------------------------------------------------------------- serialization


def test_docs_pickle_and_docbin_keep_the_fields(zh):
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    doc = zh("到2025年底，养老服务设施覆盖率达到90%以上，新建社区食堂12个。")
    expected = [s._.pt_target for s in doc.spans["policytext_targets"]]
    again = pickle.loads(pickle.dumps(doc))
    assert [s._.pt_target for s in again.spans["policytext_targets"]] == expected
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(Vocab())
    assert [s._.pt_target for s in back.spans["policytext_targets"]] == expected
    # the stored records are plain JSON
    json.dumps(doc.user_data[("policytext", "policytext_targets")], ensure_ascii=False)


def test_pipeline_to_disk_and_spacy_load(tmp_path):
    zh = pipeline.make_nlp(pipes=TARGET_PIPES, reference_date="2023-05-01")
    zh.to_disk(tmp_path / "zh_policy")
    again = spacy.load(tmp_path / "zh_policy")
    assert again.pipe_names == TARGET_PIPES
    doc = again("今年新建养老院3所。")
    (span,) = doc.spans["policytext_targets"]
    assert span._.pt_deadline == dt.date(2023, 12, 31)


def test_pipe_with_two_processes_gives_the_same_spans(zh):
    texts = [t for t, _ in TEXTS]
    one = [[s._.pt_target for s in d.spans["policytext_targets"]] for d in zh.pipe(texts)]
    two = [[s._.pt_target for s in d.spans["policytext_targets"]] for d in zh.pipe(texts, n_process=2, batch_size=2)]
    assert one == two


# ----------------------------------------------------------------------------- areas


@needs_model
def test_areas_in_doc_cats():
    zh = pt.nlp()
    text = "推进公益性公墓建设，深化殡葬改革。"
    doc = zh(text)
    assert doc.cats == pt.classify_proba(text)
    assert max(doc.cats, key=doc.cats.get) == "funeral"
    assert abs(sum(doc.cats.values()) - 1) < 1e-6 or all(0 <= v <= 1 for v in doc.cats.values())


@needs_model
def test_areas_pipe_batches_like_single_calls():
    zh = pipeline.make_nlp(pipes=["policytext_areas"])
    texts = ["加强农村留守儿童关爱保护", "落实企业职工基本养老保险", "做好残疾人两项补贴发放"]
    assert [d.cats for d in zh.pipe(texts, batch_size=2)] == pt.classify_proba(texts)


def test_issue_15_jieba_start_up_lines_stay_out_of_the_output():
    code = ("import policytext as pt; zh = pt.nlp(pipes=['policytext_times']); "
            "zh('到2025年底，覆盖率达到90%以上。')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "Building prefix dict" not in r.stderr + r.stdout and "Loading model" not in r.stderr + r.stdout
