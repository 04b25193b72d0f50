"""required_texts (policytext._resources): every match of a pattern holds one of the texts it gives."""
import random
import re

import pytest

from policytext._resources import may_hold_match, required_texts

# fmt: off
CASES = [
    ("本办法自发布之日起施行",                  ("本办法自发布之日起施行",)),
    ("(?:本|此)(?:办法|规定)自.{0,9}施行",      ("施行",)),
    ("[甲乙]|(?:丙丁)+戊?",                    ("丙丁", "乙", "甲")),
    ("与本办法|本",                            ("本",)),           # a text holding another one goes
    ("甲|.乙?",                                ()),                # a branch without any text
    ("(?:甲)?乙*[^丙]",                        ()),                # optional parts and classes give nothing
    ("(?=甲)乙丙",                             ("乙丙",)),         # look-arounds give nothing
    ("[一-十]丁",                              ("丁",)),           # a range is no set of literals
    ("(?i)abc",                                ()),                # case ignored
    ("(?i:ab)c",                               ("c",)),
]
# fmt: on


@pytest.mark.parametrize("pattern,texts", CASES)
def test_required_texts(pattern, texts):
    assert required_texts(re.compile(pattern)) == texts


def test_every_match_holds_one_of_the_texts_of_random_patterns():
    rng = random.Random(5)
    atoms = ["甲", "乙", "丙", "甲乙", ".", "[甲丙]", "[^乙]", "(?:甲|乙丙)", "(?:乙|.)", "(?=甲)", "(?!丙)"]
    for _ in range(600):
        parts = []
        for _ in range(rng.randint(1, 4)):
            atom = rng.choice(atoms)
            parts.append(atom + rng.choice(["", "", "?", "*", "+", "{1,2}", "{0,2}"]) if not atom.startswith("(?=")
                         and not atom.startswith("(?!") else atom)
        pattern = "".join(parts) if rng.random() < 0.6 else "|".join(parts)
        rx = re.compile(pattern)
        texts = required_texts(rx)
        for _ in range(30):
            text = "".join(rng.choice("甲乙丙丁") for _ in range(rng.randint(0, 7)))
            if not may_hold_match(text, texts):
                assert rx.search(text) is None, (pattern, texts, text)


def test_shipped_rules_give_texts_that_every_match_holds(seeds_dir):
    from policytext.document.clean_rules import load_furniture
    from policytext.tasks.rules import _load_rules

    rules = [_load_rules().final_provision, load_furniture().drop_force]
    assert all(required_texts(rx) for rx in rules)
    lines = [line for p in sorted(seeds_dir.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    lines += ["本办法自2024年1月1日起施行。", "《关于加强养老服务的意见》同时废止。", "与本办法不一致的，以本办法为准。"]
    for rx in rules:
        texts = required_texts(rx)
        for line in lines:
            for m in rx.finditer(line):
                assert may_hold_match(m.group(), texts), (rx.pattern[:40], m.group())
