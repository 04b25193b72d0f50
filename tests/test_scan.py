"""The scanner's quick skips (policytext.extract._scan) keep the matches of ``re.finditer``."""
import random
import re
from pathlib import Path

import pytest

from policytext.extract._scan import (QuickSearch, Scanner, after_digits, digits_guard, lookahead_rest, quick,
                                      without_lookarounds)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpora"


@pytest.mark.parametrize("pattern, expected", [
    (r"(?<!\d)\d{1,2} ?(?:月|日)", "[月日]"),
    (r"\d{4}[-/.]\d{1,2}", r"[\-/.]"),
    (r"(?P<sep>[-/])\d+(?P=sep)", None),  # starts with no digit: nothing to narrow
    (r"(?:第)?\d+(?:个|项)|到\d+年", "[个项]"),  # 年 follows 到, not a leading run of digits
    (r"\d+年?", None),  # a match may be digits only
    (r"\d*", None),  # or empty
    (r"\d+\w", None),  # \w: any character may follow
    (r"\d+.", None),
    (r"(?i)\d+a", None),
    (r"(?a)\d+a", None),
])
def test_after_digits(pattern, expected):
    assert after_digits(pattern) == expected


# a large alternation with digits first, look-arounds and a back-reference, as the time rules have
PATTERNS = [
    r"(?<![\d.])(?:19|20)\d{2} ?年(?:(?:1[0-2]|0?[1-9])月)?|(?<!\d)(?:1[0-2]|0?[1-9])月(?:底|末)?|到\d+天",
    r"(?=\d{1,2}[-/.]\d{1,2})(?<![\d./])(?P<d>[12]\d|0?[1-9])(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)\d{4}",
    r"(?:[一二三]|\d{1,2})个?(?:月|年)(?:以内|内)|\d+ \d+号",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_scanner_with_digit_skips_matches_as_finditer(pattern):
    assert after_digits(pattern) is not None
    rng = random.Random(11)
    alphabet = "0123456789 　.-/年月日号底末个内以到天二三项%万"
    s = Scanner(pattern)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in s.finditer(text)] == [m.span() for m in re.finditer(pattern, text)], text


@pytest.mark.parametrize("pattern", PATTERNS)
def test_digits_guard_in_front_keeps_the_matches(pattern):
    guarded = re.compile(digits_guard(pattern) + f"(?:{pattern})")
    rng = random.Random(12)
    alphabet = "0123456789 　.-/年月日号底末个内以到天二三项%万"
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in re.finditer(pattern, text)], text


def test_digits_guard_is_empty_when_nothing_narrows_it():
    assert digits_guard(r"\d+年?") == ""


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpora (../shared/corpora) are not here")
def test_time_scanner_matches_as_its_regex_on_the_corpora():
    from policytext.extract.numerals import to_halfwidth
    from policytext.extract.time_rules import grammar

    scanner = grammar().scanner
    assert after_digits(scanner.regex.pattern) is not None  # the skip is in force
    for path in sorted(SHARED.rglob("*.txt"))[::7]:
        text = to_halfwidth(path.read_text(encoding="utf-8", errors="replace"))
        assert [m.span() for m in scanner.finditer(text)] == [m.span() for m in scanner.regex.finditer(text)], path



# fmt: off
WITHOUT_LOOKAROUNDS = [
    (r"(?<![模比])拟|今年(?!以来)", "拟|今年"),
    (r"(?:(?<![需重])要(?![求点])|确保(?!了))", "(?:要|确保)"),
    (r"[(?=]甲(?=乙)", "[(?=]甲"),  # a look-ahead's opening inside a class is a class
    (r"\(?=甲", r"\(?=甲"),
    (r"(甲)\1", r"(甲)\1"),
    (r"^今年", None),  # an anchor: a piece of the text could match where the text does not
    (r"要\s", None),  # may match a blanked character
    (r"要.", None),
    (r"[^甲]要", None),
    (r"(?=甲)*乙", None),  # nothing left to repeat
    (r"(?i)要", None),
]
# fmt: on


@pytest.mark.parametrize("pattern, expected", WITHOUT_LOOKAROUNDS)
def test_without_lookarounds(pattern, expected):
    assert without_lookarounds(pattern) == expected


@pytest.mark.parametrize("pattern", [p for p, e in WITHOUT_LOOKAROUNDS if e is not None])
def test_without_lookarounds_finds_every_match_in_any_piece_and_blanked(pattern):
    rng = random.Random(3)
    relaxed = re.compile(without_lookarounds(pattern))
    for _ in range(2000):
        text = "".join(rng.choice("甲乙要求了确保拟模今年以来(=?") for _ in range(rng.randint(0, 10)))
        if relaxed.search(text) is None:
            blanked = "".join(" " if rng.random() < 0.3 else ch for ch in text)
            for piece in (text, text[: rng.randint(0, len(text))], blanked):
                assert re.search(pattern, piece) is None, (pattern, piece)


def test_scanner_start_characters_include_a_line_break():
    s = Scanner(r"(?:^|(?<=[。\n]))\s*(?P<a>[甲乙]{1,3})要")  # may start with \n: the quick skip keeps it
    text = "要甲 乙\n丙\n\n甲要。"
    assert [m.span() for m in s.finditer(text)] == [m.span() for m in re.finditer(s.regex.pattern, text)]


def _quick_patterns():
    from policytext.extract.target_rules import load_rules

    rules = load_rules()
    return [v for v in vars(rules).values() if isinstance(v, QuickSearch)]


def _spans(found):
    return [(m.span(), m.groups()) for m in found]


def test_quick_search_finds_what_its_pattern_finds():
    quicks = _quick_patterns()
    assert len(quicks) >= 5  # the rules that open with a look-behind or a group
    rng = random.Random(13)
    for q in quicks:
        alphabet = sorted({ch for ch in q.pattern if "\u4e00" <= ch <= "\u9fff"}) + list("0123456789%，。 ")
        for _ in range(400):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
            pos, endpos = rng.randint(0, 5), rng.randint(0, 35)
            assert _spans(q.finditer(text)) == _spans(q.regex.finditer(text)), (q.pattern, text)
            assert _spans(q.finditer(text, pos, endpos)) == _spans(q.regex.finditer(text, pos, endpos))
            found, expected = q.search(text, pos, endpos), q.regex.search(text, pos, endpos)
            assert (found and found.span()) == (expected and expected.span()), (q.pattern, text)


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared corpora (../shared/corpora) are not here")
def test_quick_search_finds_what_its_pattern_finds_on_the_corpora():
    quicks = _quick_patterns()
    for path in sorted((SHARED / "gwr").glob("*.txt"))[::5]:
        for sent in re.split(r"(?<=[。；\n])", path.read_text(encoding="utf-8")):
            for q in quicks:
                assert _spans(q.finditer(sent)) == _spans(q.regex.finditer(sent)), (q.pattern, sent)


def test_quick_keeps_a_pattern_re_skips_ahead_with():
    for pattern in (r"已|曾", r"[已曾]有", r"^(?<!不)已", r"(?:现有)", r".已"):
        assert quick(re.compile(pattern)).pattern == pattern
        assert isinstance(quick(re.compile(pattern)), re.Pattern)
    assert isinstance(quick(re.compile(r"(?<!不)已|(?P<g>现)有")), QuickSearch)


# fmt: off
LOOKAHEAD_REST = [
    (r"(?=[^，,]{1,13}(?:与|和)[^，,]*?印发)", r"(?:与|和)[^，,]*?印发"),
    (r"(?=[^，]*?要)", "要"),
    (r"(?=[^，]+要|须)", ""),  # an alternative at the top level
    (r"(?=[\]，]{2}要)", "要"),  # a ] first in the class
    (r"(?=要)", ""),  # no opening run
    (r"(?=[^，])", ""),  # nothing after it
    (r"[^，]*要", ""),  # no look-ahead
]
# fmt: on


@pytest.mark.parametrize("lookahead, expected", LOOKAHEAD_REST)
def test_lookahead_rest(lookahead, expected):
    assert lookahead_rest(lookahead) == expected


@pytest.mark.parametrize("lookahead", [p for p, e in LOOKAHEAD_REST if e])
def test_lookahead_rest_is_found_wherever_the_lookahead_holds(lookahead):
    rng = random.Random(5)
    rest = re.compile(lookahead_rest(lookahead))
    for _ in range(2000):
        text = "".join(rng.choice("甲与和印发要，,]") for _ in range(rng.randint(0, 12)))
        for i in range(len(text) + 1):
            if re.match(lookahead, text[i:]) is not None:
                assert rest.search(text, i) is not None, (lookahead, text, i)
