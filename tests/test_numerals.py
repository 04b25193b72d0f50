import pytest

from policytext.extract.numerals import magnitude, parse_approximate, parse_arabic, parse_chinese, parse_number, to_halfwidth

# fmt: off
NUMBERS = [
    ("三", 3.0), ("十", 10.0), ("十二", 12.0), ("二十", 20.0), ("一百二十", 120.0), ("一百零五", 105.0),
    ("三千零五", 3005.0), ("两万", 20000.0), ("一千二百万", 12000000.0), ("三亿五千万", 350000000.0),
    ("一万亿", 1e12), ("二〇二〇", 2020.0), ("九十六点五", 96.5), ("八亿二千万", 820000000.0),
    ("1.5万", 15000.0), ("１２００万", 12000000.0), ("4.4万亿", 4.4e12), ("1,200", 1200.0), ("９６", 96.0),
    ("0.5", 0.5), ("百分", None), ("", None),
]
APPROX = [
    ("十几", (10.0, 19.0)), ("二十几", (20.0, 29.0)), ("几十", (10.0, 90.0)), ("数百", (100.0, 900.0)),
    ("上千", (1000.0, 1000.0)), ("数亿", (1e8, 9e8)), ("三", None),
]
# fmt: on


@pytest.mark.parametrize("text,value", NUMBERS)
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text,rng", APPROX)
def test_parse_approximate(text, rng):
    assert parse_approximate(text) == rng


@pytest.mark.parametrize("text", ["一百二十", "两万", "三亿五千万", "九十六点五", "一千零一", "十五", "四万五千"])
def test_chinese_agrees_with_cn2an(text):
    cn2an = pytest.importorskip("cn2an")
    assert parse_chinese(text) == pytest.approx(float(cn2an.cn2an(text, "smart")))


def test_halfwidth_keeps_length_and_arabic_fast_path():
    s = "增长９．１％，１２０户"
    assert len(to_halfwidth(s)) == len(s)
    assert to_halfwidth(s) == "增长9.1%，120户"  # the Chinese comma stays
    assert parse_arabic("１,２００") == 1200.0


def test_magnitude_rejects_non_magnitudes():
    assert magnitude("万亿") == 1e12
    with pytest.raises(ValueError, match="not a magnitude"):
        magnitude("个")


@pytest.mark.parametrize("text, value", [
    ("叁佰贰拾", 320.0), ("壹万零伍佰", 10500.0), ("伍拾陆点柒", 56.7), ("贰亿叁仟万", 230000000.0),
    ("捌仟", 8000.0), ("三万万", 300000000.0), ("廿五", 25.0),
])
def test_capital_numerals_and_wanwan(text, value):
    assert parse_chinese(text) == pytest.approx(value)


@pytest.mark.parametrize("text, lowered", [
    ("拨款叁佰贰拾元整", "拨款三百二十元整"),
    ("合计伍拾万元", "合计五十万元"),          # two ambiguous capitals make a run
    ("加强队伍建设", "加强队伍建设"),           # 伍 of 队伍 stays
    ("项目陆续开工", "项目陆续开工"),           # 陆 of 陆续 stays
    ("内地与大陆", "内地与大陆"),
    ("收拾残局", "收拾残局"),
])
def test_capital_runs_keep_words(text, lowered):
    from policytext.extract.numerals import to_lower_numerals

    out = to_lower_numerals(text)
    assert out == lowered and len(out) == len(text)
