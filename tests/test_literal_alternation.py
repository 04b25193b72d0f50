"""literal_alternation (policytext._resources) matches as the plain alternation of the words."""
import random
import re

from policytext._resources import literal_alternation


def test_literal_alternation_matches_as_the_plain_alternation_even_when_backtracking():
    rng = random.Random(3)
    for _ in range(400):
        words = ["".join(rng.choice("甲乙丙.") for _ in range(rng.randint(0 if rng.random() < 0.05 else 1, 4)))
                 for _ in range(rng.randint(0, 8))]
        if rng.random() < 0.5:
            words.sort(key=len, reverse=True)
        plain, grouped = "|".join(map(re.escape, words)), literal_alternation(words)
        for tail in ("", "(?!乙)", "丙", "(?=甲)"):  # what follows decides which word is taken
            a, b = re.compile(f"(?:{plain}){tail}"), re.compile(f"(?:{grouped}){tail}")
            for _ in range(20):
                text = "".join(rng.choice("甲乙丙.") for _ in range(rng.randint(0, 8)))
                assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], (words, tail)
