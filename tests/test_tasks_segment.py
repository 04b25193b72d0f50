"""Segmenting helpers (policytext.tasks.segment)."""
import random

import pytest


def test_run_in_starts_are_the_clause_starts_after_a_line_break_or_a_full_stop_and_the_cue():
    from policytext.tasks.rules import _load_rules
    from policytext.tasks.segment import RE_CLAUSE_START, _run_in_starts

    inner = _load_rules().run_in_inner
    rng = random.Random(7)
    for _ in range(5000):
        text = "".join(rng.choice("甲要求\n。，； \t\u3000") for _ in range(rng.randint(0, 12)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        expected = []
        for cm in RE_CLAUSE_START.finditer(text, start, end):
            s = cm.end()
            if s >= end:
                break
            before = text[s - 1] if s > 0 else "\n"
            if before == "\n" or (before == "。" and inner.match(text, s)):
                expected.append(s)
        assert list(_run_in_starts(text, start, end, inner)) == expected, (text, start, end)


REGULATION = """某市社区养老服务补贴办法

第一条　为规范社区养老服务补贴发放，制定本办法。
第二条　区民政局要按季度审核发放社区养老服务补贴。
第三条　各街道要于每季度末前报送补贴对象名单。
第四条　本办法由市民政局负责解释。
第五条　本办法自2026年1月1日起施行，有效期3年。原《某市社区养老服务补贴暂行办法》同时废止。
"""

MEASURES = """关于加快发展社区养老服务的若干措施

1．建设社区养老服务中心。每个街道至少建成1个社区养老服务中心。（责任单位：市民政局）
2．提高养老服务补贴标准。本市养老服务补贴从7月1日起执行新标准，所需资金由市、区分担。（责任单位：市民政局、\
市财政局） 本措施自印发之日起实施，有效期3年。与本措施不一致的，以本措施为准。
"""


def _tasks(text):
    import policytext as pt

    return pt.to_tasks(pt.load(text.encode("utf-8"), format="txt"), classify=False).tasks


def test_final_provisions_are_no_tasks():
    """GUIDELINES-style final provisions (附则) of a regulation give no task; its articles of work stay."""
    texts = [t.text for t in _tasks(REGULATION)]
    assert any("按季度审核发放" in t for t in texts) and any("每季度末前报送" in t for t in texts)
    assert not any("负责解释" in t or "起施行" in t or "同时废止" in t for t in texts), texts


def test_an_item_that_runs_into_the_final_provisions_ends_where_they_begin():
    """The last item of a policy runs into its closing provisions: it ends before them, its note kept."""
    tasks = _tasks(MEASURES)
    last = tasks[-1]
    assert last.text.endswith("（责任单位：市民政局、市财政局）"), last.text
    assert "从7月1日起执行新标准" in last.text  # a standard that takes effect is work, not a final provision
    assert last.leads == ("市民政局", "市财政局")  # the note closing the item is still read
    assert not any("自印发之日起实施" in t.text or "不一致" in t.text for t in tasks)


def test_a_note_after_the_provisions_keeps_the_item_whole():
    """The note names who does the work before the provisions: the item is not cut, its lead stays."""
    last = _tasks("1．建设社区养老服务中心。每个街道要建成1个中心。本措施自印发之日起实施，有效期3年。（责任单位：市民政局）\n"
                  "2．提高养老服务补贴标准。（责任单位：市财政局）\n")[0]
    assert last.leads == ("市民政局",) and last.text.endswith("（责任单位：市民政局）")


# fmt: off
PROVISIONS_INSIDE = [
    # an item, then a provision after a line break, a bracket, ；, ， (each clause is tried): what the task keeps
    ("1．建立困难群众急难救助机制\n本方案自印发之日起实施。", "1．建立困难群众急难救助机制"),
    ("1．开展低保对象动态核查（责任单位：市民政局）本措施自2026年1月1日起施行。", "1．开展低保对象动态核查（责任单位：市民政局）"),
    ("1．开展低保对象动态核查；本方案自印发之日起实施。", "1．开展低保对象动态核查"),
    ("1．开展低保对象动态核查，本措施自发布之日起施行。", "1．开展低保对象动态核查"),
    ("1．开展低保对象动态核查。\n第十条　本办法自2026年3月1日起施行。", "1．开展低保对象动态核查。"),
]
# fmt: on


@pytest.mark.parametrize("text,kept", PROVISIONS_INSIDE)
def test_a_provision_is_found_at_any_clause_start(text, kept):
    (task,) = _tasks(text)
    assert task.text == kept


# fmt: off
NOT_PROVISIONS = [
    # sentences of work that name a document or a date: they stay whole (review of this rule)
    "一、本方案于2026年6月底前组织实施，各区要制定细化措施。",
    "一、本规划实施期间，各地要于2027年底前全面实施社区养老服务设施补短板工程。",
    "一、本方案印发后，各区要于6月底前完成排查并组织实施整改。",
    "一、《社会救助条例》自2026年1月1日起施行以来，各地要继续加强宣传贯彻。",
    "一、本条例自2026年1月1日起施行以来，各区要继续加强宣传贯彻。",
    "一、本工作方案从7月1日起实施后，各区要按月报送进展。",
    "一、本规划有效期内，各地要每年评估一次实施情况。",
    "一、各区要清理与本办法规定不一致的文件，于6月底前完成。",
    "一、原《殡葬管理暂行办法》同时废止后，各区要在6月底前出台实施细则。",
    "一、本方案印发后，各区要自7月1日起实施新的补贴标准。",
    "一、本市最低生活保障标准从7月1日起执行新标准，各区要做好衔接。",
    "一、要严格执行本办法自发布之日起施行的各项规定。",
    "一、本方案由各县区负责组织实施。",
    "一、本方案实施期为2026—2030年，要分年度推进。",
]
# fmt: on


@pytest.mark.parametrize("text", NOT_PROVISIONS)
def test_work_that_names_a_document_or_date_is_no_final_provision(text):
    (task,) = _tasks(text)
    assert task.text == text.strip(), task.text


# fmt: off
PROVISIONS = [
    "本办法自发布之日起施行。", "本实施细则自2026年6月1日起施行，有效期至2028年6月1日。", "本规定解释权属于市民政局。",
    "本细则有效期内，如遇国家政策调整的，从其规定。", "原《某市殡葬管理暂行办法》同时废止。",
    "其他相关政策与本政策不一致的，按照本政策执行。", "本行动计划自印发之日起实施。", "本办法于2022年4月15日起施行。",
    "本细则为《某市养老服务若干措施》的配套文件，自2023年2月22日施行。",
]
# fmt: on


@pytest.mark.parametrize("text", PROVISIONS)
def test_the_final_provision_rule_matches_a_provision_from_its_start(text):
    from policytext.tasks.rules import _load_rules

    assert _load_rules().final_provision.match(text)
