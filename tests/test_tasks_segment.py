"""Segmenting helpers (policytext.tasks.segment)."""
import random


def test_line_and_sentence_starts_are_the_clause_starts_after_a_line_break_or_full_stop():
    from policytext.tasks.segment import RE_CLAUSE_START, _line_and_sentence_starts

    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("甲乙\n。，； \t\u3000") for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        expected = []
        for cm in RE_CLAUSE_START.finditer(text, start, end):
            s = cm.end()
            if s >= end:
                break
            if (text[s - 1] if s > 0 else "\n") in "\n。":
                expected.append(s)
        assert list(_line_and_sentence_starts(text, start, end)) == expected, (text, start, end)



def test_provision_sentences_are_those_of_the_lazy_pattern():
    import re

    from policytext.tasks.segment import RE_PROVISION_SENTENCE

    lazy = re.compile(r"[^。！？!?]+?(?:[。！？!?]|[）)](?=\s)|$)")  # the plain form, one character a step
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice("甲乙。！？!?）)（\n \u3000") for _ in range(rng.randint(0, 14)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        got = [m.span() for m in RE_PROVISION_SENTENCE.finditer(text, start, end)]
        assert got == [m.span() for m in lazy.finditer(text, start, end)], (text, start, end)

REGULATION = """某市社区养老服务补贴办法

第一条　为规范社区养老服务补贴发放，制定本办法。
第二条　区民政局要按季度审核发放社区养老服务补贴。
第三条　各街道要于每季度末前报送补贴对象名单。
第四条　本办法由市民政局负责解释。
第五条　本办法自2026年1月1日起施行，有效期3年。原《某市社区养老服务补贴暂行办法》同时废止。
"""

MEASURES = """关于加快发展社区养老服务的若干措施

1．建设社区养老服务中心。每个街道至少建成1个社区养老服务中心。（责任单位：市民政局）
2．提高养老服务补贴标准。本市养老服务补贴从7月1日起执行新标准，所需资金由市、区分担。（责任单位：市民政局、市财政局） 本措施自印发之日起实施，有效期3年。与本措施不一致的，以本措施为准。
"""


def test_final_provisions_are_no_tasks():
    import policytext as pt

    tasks = pt.to_tasks(pt.load(REGULATION.encode("utf-8"), format="txt"), classify=False).tasks
    texts = [t.text for t in tasks]
    assert any("按季度审核发放" in t for t in texts) and any("每季度末前报送" in t for t in texts)
    assert not any("负责解释" in t or "起施行" in t or "同时废止" in t for t in texts), texts


def test_an_item_that_runs_into_the_final_provisions_ends_where_they_begin():
    import policytext as pt

    tasks = pt.to_tasks(pt.load(MEASURES.encode("utf-8"), format="txt"), classify=False).tasks
    last = tasks[-1]
    assert last.text.endswith("（责任单位：市民政局、市财政局）"), last.text
    assert "从7月1日起执行新标准" in last.text  # a standard that takes effect is work, not a final provision
    assert last.leads == ("市民政局", "市财政局")  # the note closing the item is still read
    assert not any("自印发之日起实施" in t.text or "不一致" in t.text for t in tasks)


def test_final_provision_rule_matches_sentence_starts_only():
    from policytext.tasks.rules import _load_rules

    rx = _load_rules().final_provision
    for s in ("本办法自发布之日起施行。", "本实施细则自2026年6月1日起施行，有效期至2028年6月1日。",
              "本规定解释权属于市民政局。", "本细则有效期内，如遇国家政策调整的，从其规定。",
              "原《某市殡葬管理暂行办法》同时废止。", "其他相关政策与本政策不一致的，按照本政策执行。",
              "本行动计划自印发之日起实施。"):
        assert rx.match(s), s
    for s in ("本方案实施期为2026—2030年。", "本方案由各县区负责组织实施。", "各地要对不符合要求的政策文件予以废止。",
              "本市最低生活保障标准从7月1日起执行新标准。", "要严格执行本办法自发布之日起施行的各项规定。"):
        assert not rx.match(s), s
