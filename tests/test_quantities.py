"""Quantities: numerals, percentages, ranges, placeholders, units and exclusions."""
import pytest

from policytext import PatternError
from policytext.extract.quantities import extract_quantities, load_units
from policytext.types import Document

# fmt: off
# (text, [(quantity text, value, value_max, unit)])
CASES = [
    # Arabic, Chinese, full-width numerals; 万/亿 multiplied out; thousands separators
    ("新建7个服务站", [("7个", 7.0, None, "个")]),
    ("新建三个服务站", [("三个", 3.0, None, "个")]),
    ("建成一百二十个", [("一百二十个", 120.0, None, "个")]),
    ("覆盖两万人", [("两万人", 20000.0, None, "人")]),
    ("新增养老床位1.5万张", [("1.5万张", 15000.0, None, "张")]),
    ("城镇新增就业1200万人以上", [("1200万人", 12000000.0, None, "人")]),
    ("拟安排专项债券4.4万亿元", [("4.4万亿元", 4.4e12, None, "元")]),
    ("投入3亿元", [("3亿元", 3e8, None, "元")]),
    ("资助1,200人", [("1,200人", 1200.0, None, "人")]),
    ("组织１２０户", [("１２０户", 120.0, None, "户")]),
    # percentages in every form
    ("火化率达到96%以上", [("96%", 96.0, None, "%")]),
    ("火化率达到９６％以上", [("９６％", 96.0, None, "%")]),
    ("增长百分之九十六", [("百分之九十六", 96.0, None, "%")]),
    ("增长百分之三点四", [("百分之三点四", 3.4, None, "%")]),
    ("减少三分之一", [("三分之一", 100 / 3, None, "%")]),
    ("提高0.5个百分点", [("0.5个百分点", 0.5, None, "pp")]),
    ("提高两个百分点", [("两个百分点", 2.0, None, "pp")]),
    ("七成以上", [("七成", 70.0, None, "%")]),
    # ranges
    ("增长4.5%—5%", [("4.5%—5%", 4.5, 5.0, "%")]),
    ("增长4.5%-5%", [("4.5%-5%", 4.5, 5.0, "%")]),
    ("增长4.5%～5%", [("4.5%～5%", 4.5, 5.0, "%")]),
    ("建成1-2处", [("1-2处", 1.0, 2.0, "处")]),
    ("建设3至5个", [("3至5个", 3.0, 5.0, "个")]),
    ("每年递增百分之四到五", [("百分之四到五", 4.0, 5.0, "%")]),
    ("100万元至300万元部分", [("100万元至300万元", 1e6, 3e6, "元")]),
    ("补助5-10万元", [("5-10万元", 5e4, 1e5, "元")]),
    ("增长5%到2025年", [("5%", 5.0, None, "%")]),
    ("增长5%到10个", [("5%", 5.0, None, "%"), ("10个", 10.0, None, "个")]),
    # vague numbers
    ("十几个", [("十几个", 10.0, 19.0, "个")]),
    ("数百家", [("数百家", 100.0, 900.0, "家")]),
    ("两三个", [("两三个", 2.0, 3.0, "个")]),
    ("1000多万人", [("1000多万人", 1e7, None, "人")]),
    ("上亿人", [("上亿人", 1e8, None, "人")]),
    ("中断1个多月", [("1个多月", 1.0, None, "月")]),
    # units, compound units, per-unit prefixes
    ("每人每月1020元", [("每人每月1020元", 1020.0, None, "元/人·月")]),
    ("每人每年320元", [("每人每年320元", 320.0, None, "元/人·年")]),
    ("床位20张/千人", [("20张/千人", 20.0, None, "张/千人")]),
    ("标准为300元/人·月", [("300元/人·月", 300.0, None, "元/人·月")]),
    ("修建5公里道路、100平方米用房、收储10吨粮、50斤油", [("5公里", 5.0, None, "公里"), ("100平方米", 100.0, None, "平方米"),
                                                       ("10吨", 10.0, None, "吨"), ("50斤", 50.0, None, "斤")]),
    ("3所学校、2支队伍、4套房、6项制度、5座桥、8条路、9家机构、200床", [
        ("3所", 3.0, None, "所"), ("2支", 2.0, None, "支"), ("4套", 4.0, None, "套"), ("6项", 6.0, None, "项"),
        ("5座", 5.0, None, "座"), ("8条", 8.0, None, "条"), ("9家", 9.0, None, "家"), ("200床", 200.0, None, "床")]),
    ("年满60岁，用3年，每7天，5个工作日内", [("60岁", 60.0, None, "岁"), ("3年", 3.0, None, "年"), ("7天", 7.0, None, "天"),
                                          ("5个工作日", 5.0, None, "工作日")]),
    ("800万人次", [("800万人次", 8e6, None, "人次")]),
    ("万亿级以上", [("万亿级", 1e12, None, "")]),
    ("GDP增长6.5", [("6.5", 6.5, None, "")]),
]

PLACEHOLDERS = [
    ("新增养老服务床位×张", [("×张", "张")]),
    ("护理型床位达到×%以上", [("×%", "%")]),
    ("建成X处", [("X处", "处")]),
    ("建成XX个", [("XX个", "个")]),
    ("建成××个", [("××个", "个")]),
    ("建成x个", [("x个", "个")]),
    ("安排×万元", [("×万元", "元")]),
    ("每个乡镇至少建成×-×处", [("×-×处", "处")]),
]

NOT_QUANTITIES = [
    "2020年", "二〇二〇年", "2020年度", "3月26日", "2020年3月26日", "2019—2021年", "2020-2021年", "到×年底", "×月底前",
    "“十四五”时期", "十三五规划", "十一五", "第三", "第一个", "第14届", "国发〔2019〕4号", "[2020]12号",
    "一些", "一定", "一体化", "统一", "唯一", "一是", "二要", "三会一课", "一老一小", "两不愁三保障", "一批", "一大批",
    "（1）加强", "5G基站", "PM2.5", "翻一番", "10时30分", "第十三个五年规划", "最后一公里", "千方百计",
]

NOMINAL = [
    ("三个方面", 3.0), ("五个聚焦", 5.0), ("十四连增", 14.0), ("三张清单", 3.0), ("四个意识", 4.0),
    ("四个自信", 4.0), ("两个维护", 2.0), ("三大攻坚战", 3.0), ("五项原则", 5.0), ("四个现代化", 4.0),
    ("56个民族", 56.0), ("五十六个民族", 56.0), ("31个省区市", 31.0),
]
# fmt: on


def _check_offsets(text, qs):
    for q in qs:
        assert text[q.start:q.end] == q.text
    assert [q.start for q in qs] == sorted(q.start for q in qs)


@pytest.mark.parametrize("text,expected", CASES)
def test_values_units_ranges(text, expected):
    qs = extract_quantities(text)
    _check_offsets(text, qs)
    got = [(q.text, q.value, q.value_max, q.unit) for q in qs]
    assert len(got) == len(expected), got
    for (t, v, vm, u), (et, ev, evm, eu) in zip(got, expected):
        assert (t, u) == (et, eu)
        assert v == pytest.approx(ev)
        assert (vm is None and evm is None) or vm == pytest.approx(evm)


@pytest.mark.parametrize("text,expected", PLACEHOLDERS)
def test_placeholders(text, expected):
    qs = extract_quantities(text)
    _check_offsets(text, qs)
    assert [(q.text, q.unit) for q in qs] == expected
    assert all(q.placeholder and q.value is None and q.value_max is None for q in qs)


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_exclusions(text):
    assert [q for q in extract_quantities(text) if not q.nominal] == []


@pytest.mark.parametrize("text,value", NOMINAL)
def test_nominal_counts(text, value):
    (q,) = extract_quantities(text)
    assert q.nominal and q.value == value and q.text == text


def test_named_count_head_must_end_the_phrase():
    (q,) = extract_quantities("新建56个民族团结示范社区")
    assert not q.nominal and q.value == 56.0


def test_magnitude_after_a_higher_one():
    (q,) = extract_quantities("粮食产量达到三亿三千五百多万吨")
    assert q.value == 335_000_000 and q.unit == "吨" and q.approximate


def test_approximate_flag():
    flags = {q.text: q.approximate for q in extract_quantities("十几个、100多个、1000余人、3个")}
    assert flags == {"十几个": True, "100多个": True, "1000余人": True, "3个": False}


def test_document_input_and_bad_type():
    doc = Document(text="新建7个农村养老服务分中心")
    assert [q.value for q in extract_quantities(doc)] == [7.0]
    with pytest.raises(TypeError, match="str or a Document"):
        extract_quantities(123)  # type: ignore[arg-type]


def test_units_lexicon_multipliers():
    units = load_units()
    assert units["万人"] == ("人", 10000.0)
    assert units["亿元"] == ("元", 1e8)
    assert units["个百分点"] == ("pp", 1.0)


@pytest.mark.parametrize("text, value, unit", [
    ("平均办理时长缩短至2.5个小时", 2.5, "小时"),   # not 2.5 个: 个 is the measure word of 小时
    ("每周服务不少于8个课时", 8.0, "课时"),
    ("年均培训不少于20个学时", 20.0, "学时"),
])
def test_measure_word_before_a_unit_of_time(text, value, unit):
    assert [(q.value, q.unit) for q in extract_quantities(text)] == [(value, unit)]


def test_bad_unit_table_names_the_file(tmp_path):
    bad = tmp_path / "units.txt"
    bad.write_text("个\t个\tmany\n", encoding="utf-8")
    with pytest.raises(PatternError, match="multiplier"):
        load_units(str(bad))


def test_quantity_to_dict_round_trip():
    (q,) = extract_quantities("1.5万张")
    assert q.to_dict()["value"] == 15000.0 and q.to_dict()["unit"] == "张"


def test_gwr_reports_offsets_and_no_dates(gwr_dir):
    text = (gwr_dir / "gwr-2021-national.txt").read_text(encoding="utf-8")
    qs = extract_quantities(text)
    assert len(qs) > 50
    _check_offsets(text, qs)
    assert not [q for q in qs if q.unit == "年" and q.value and 1900 <= q.value <= 2100]


def test_issue_3_gold_quantities_f1():
    from pathlib import Path

    from policytext.eval.quantities import evaluate_quantities

    r = evaluate_quantities(Path(__file__).parent / "data" / "gold-quantities.jsonl")
    assert r.prf.gold >= 60
    assert r.prf.f1 >= 0.95  # measured 0.995
    assert r.value_accuracy >= 0.95  # measured 0.980


# fmt: off
ISSUE_12_NUMBERS = [
    ("投资4.18万亿元", 4180000000000.0, "元"),
    ("共１２，３４５人", 12345.0, "人"),
    ("3万2千5百", 32500.0, ""),
    ("二百零三万四千", 2034000.0, ""),
    ("千分之五", 0.5, "%"),
    ("万分之三", 0.03, "%"),
    ("增长负3.9%", -3.9, "%"),
    ("三百六十七", 367.0, ""),
    ("新增标箱20万标箱", 200000.0, "标箱"),
    ("开展培训300场次", 300.0, "场次"),
]
# fmt: on


@pytest.mark.parametrize("text, value, unit", ISSUE_12_NUMBERS)
def test_issue_12_number_forms(text, value, unit):
    qs = extract_quantities(text)
    assert [(q.value, q.unit) for q in qs][-1:] == [(value, unit)]


# fmt: off
COMMA_GROUPS = [  # a full-width comma grouping thousands of half-width digits, as reports of the 1980s write them
    ("钢产量达到3，600万吨", "3，600万吨", 36000000.0, "吨"),
    ("年末余额82，225.00元", "82，225.00元", 82225.0, "元"),
    ("取得科研成果2，500多项", "2，500多项", 2500.0, "项"),
    ("新建住宅1，234，500平方米", "1，234，500平方米", 1234500.0, "平方米"),
]
# fmt: on


@pytest.mark.parametrize("text, span, value, unit", COMMA_GROUPS)
def test_full_width_comma_groups_thousands_before_a_unit(text, span, value, unit):
    assert [(q.text, q.value, q.unit) for q in extract_quantities(text)] == [(span, value, unit)]


@pytest.mark.parametrize("text", ["分别为5，100和200", "第1，2，3条", "增长3，5个百分点"])
def test_full_width_comma_without_a_unit_or_group_separates_numbers(text):
    assert len(extract_quantities(text)) >= 2


# fmt: off
LATIN_UNITS = [  # units written in Latin letters end an ASCII token; 5G, 4K, PM2.5 stay names
    ("信噪比达到70dB", [("70dB", 70.0, "dB")]),
    ("噪音水平0.6Pa以内", [("0.6Pa", 0.6, "Pa")]),
    ("算力规模达到14EFlops，存储总量达10EB", [("14EFlops", 14.0, "EFLOPS"), ("10EB", 10.0, "EB")]),
    ("能效比超过1TFLOPS/w", [("1TFLOPS/w", 1.0, "TFLOPS/W")]),
    ("新增装机10GW", [("10GW", 1e7, "千瓦")]),
    ("连续工作时间大于240h", [("240h", 240.0, "h")]),
    ("时间偏差小于5秒", [("5秒", 5.0, "秒")]),
    ("建设5G基站", []), ("4K超高清视频", []), ("COVID-19疫情", []),
    ("性能达到128TFLOPS（16位浮点）", [("128TFLOPS", 128.0, "TFLOPS"), ("16", 16.0, "")]),   # 16位: a width, not people
    # a bare magnitude after a verb of reaching, ending its clause
    ("产业规模超万亿元", [("万亿元", 1e12, "元")]),
    ("企业群体达到万家以上", [("万家", 1e4, "家")]),
    ("培育营收过百亿元农产品加工企业", []),
    ("走进千家万户", []),
]
# fmt: on


@pytest.mark.parametrize("text, expected", LATIN_UNITS)
def test_latin_units_and_bare_magnitudes(text, expected):
    assert [(q.text, q.value, q.unit) for q in extract_quantities(text)] == expected


@pytest.mark.parametrize("text", ["统一思想", "一是加强领导", "5，100"])
def test_issue_12_no_numbers_inside_words(text):
    assert all(q.value != 5100 for q in extract_quantities(text))
    assert not [q for q in extract_quantities(text) if q.text in ("统一", "一是", "一")]


# fmt: off
RATIOS = [
    ("收入比缩小到2.8∶1", "2.8∶1", 2.8, "倍"),
    ("护理员与老人按1:6配备", "1:6", 6.0, "倍"),
    ("比例为1：1", "1：1", 1.0, "倍"),
]
# fmt: on


@pytest.mark.parametrize("text, surface, value, unit", RATIOS)
def test_ratios_with_one_on_a_side_are_one_quantity(text, surface, value, unit):
    from policytext.extract.quantities import extract_quantities

    qs = [(q.text, q.value, q.unit) for q in extract_quantities(text)]
    assert qs == [(surface, value, unit)]


def test_other_colon_pairs_stay_two_numbers():
    from policytext.extract.quantities import extract_quantities

    assert [q.value for q in extract_quantities("比分3:2")] == [3.0, 2.0]


@pytest.mark.parametrize("text", ["等“三大行动”［12］。", "见注[3]。", "（见〔7〕）"])
def test_footnote_markers_are_not_quantities(text):
    from policytext.extract.quantities import extract_quantities

    assert extract_quantities(text) == []


@pytest.mark.parametrize("text, value", [("一万三", 13000.0), ("四百五", 450.0), ("两万五", 25000.0), ("三千五", 3500.0),
                                         ("一百零五", 105.0), ("一万三千", 13000.0)])
def test_abbreviated_chinese_numerals(text, value):
    from policytext.extract.numerals import parse_chinese

    assert parse_chinese(text) == value


@pytest.mark.parametrize("text, expected", [
    ("专项补助金额为叁仟伍佰元整", [(3500.0, "元")]),
    ("共拨付伍拾万元", [(500000.0, "元")]),
    ("每户补贴壹佰贰拾圆", [(120.0, "元")]),
    ("气温降至负五", [(-5.0, "")]),
    ("读数为负一二三", [(-123.0, "")]),
    ("担负一定责任", []),
    ("肩负一项使命", [(1.0, "项")]),
    ("储备二十五千克粮食", [(25.0, "公斤")]),
    ("新建线路三千米", [(3.0, "公里")]),
    ("装机容量达到两千瓦", [(2.0, "千瓦")]),
    ("发放劳保手套三双", [(3.0, "双")]),
    ("推动统一双向开放", []),
    ("平整土地五块", [(5.0, "块")]),
    ("人口达到四万万", [(400000000.0, "")]),
    ("存款10万万", [(1e9, "")]),
])
def test_capital_negative_and_unit_numerals(text, expected):
    from policytext.extract.quantities import extract_quantities

    got = [(q.value, q.unit) for q in extract_quantities(text)]
    assert [u for _, u in got] == [u for _, u in expected]
    assert [v for v, _ in got] == pytest.approx([v for v, _ in expected])


def test_wanwan_fraction_is_a_percent():
    from policytext.extract.quantities import extract_quantities

    (q,) = extract_quantities("误差不超过万万分之三")
    assert q.unit == "%" and q.value == pytest.approx(3e-6)
