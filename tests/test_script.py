"""Traditional characters are read as simplified by the work-area classifier and the keyword baseline."""
from pathlib import Path

import pytest

from policytext import classify
from policytext._script import all_simplified, to_simplified
from policytext.classification import keyword_classify
from policytext.classification.model_files import load_predictor

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_traditional_text_is_converted_in_place():
    text = "到2025年，全省養老機構護理型床位佔比達到55%以上。"
    out = to_simplified(text)
    assert out == "到2025年，全省养老机构护理型床位占比达到55%以上。"
    assert len(out) == len(text)
    assert all_simplified(["婚姻登記", "殯葬改革"]) == ["婚姻登记", "殡葬改革"]


def test_simplified_text_comes_back_the_same():
    for text in ("推进殡葬改革，建设公益性公墓", "加强农村留守儿童关爱保护", "乾隆年间的老街改造", "国内生产总值增长5%左右"):
        assert to_simplified(text) == text


@pytest.mark.skipif(not (SHARED / "corpora").is_dir(), reason="../shared/corpora is absent")
def test_the_corpora_keep_their_length_and_nearly_every_character():
    changed = 0
    files = sorted((SHARED / "corpora" / "provincial").glob("*.txt")) + sorted((SHARED / "seeds").glob("*"))
    for f in files:
        text = f.read_text(encoding="utf-8")
        out = to_simplified(text)
        assert len(out) == len(text), f.name
        changed += sum(a != b for a, b in zip(text, out))
    assert changed <= 20


def test_the_classifier_reads_traditional_script():
    pairs = [("1.75萬戶困難老人完成居家適老化改造", "elderly_care"),
             ("提高城鄉低保標準，做好特困人員救助供養", "social_assistance"),
             ("深化殯葬改革，推進節地生態安葬", "funeral"),
             ("加強農村留守兒童關愛保護", "child_welfare")]
    texts = [t for t, _ in pairs]
    assert [codes[0] for codes in classify(texts)] == [a for _, a in pairs]
    assert [codes[0] for codes in keyword_classify(texts)] == [a for _, a in pairs]
    # the same codes as the simplified text, for the probabilities too
    simplified = all_simplified(texts)
    assert classify(texts) == classify(simplified)
    pred = load_predictor()
    assert (pred.predict_proba(texts) == pred.predict_proba(simplified)).all()


def test_section_headings_in_traditional_script_frame_the_task():
    pred = load_predictor()
    task = ["养老机构疫情防控"]
    assert (pred.predict_areas(task, context=["一、抓實抓細疫情防控"])
            == pred.predict_areas(task, context=["一、抓实抓细疫情防控"]))
    assert pred.gated("發展養老金融，擴大金融服務") == pred.gated("发展养老金融，扩大金融服务")
