"""longest_first (policytext._resources) matches as the plain alternation of the words sorted longest first."""
import random
import re

from policytext._resources import longest_first


def test_longest_first_matches_the_sorted_alternation_even_when_backtracking():
    rng = random.Random(3)
    for _ in range(400):
        words = ["".join(rng.choice("甲乙丙.") for _ in range(rng.randint(0 if rng.random() < 0.05 else 1, 4)))
                 for _ in range(rng.randint(1, 8))]
        words.sort(key=len, reverse=True)
        plain, trie = "|".join(map(re.escape, words)), longest_first(words)
        for tail in ("", "(?!乙)", "丙", "(?=甲)"):  # what follows decides which word is taken
            a, b = re.compile(f"(?:{plain}){tail}"), re.compile(f"(?:{trie}){tail}")
            for _ in range(20):
                text = "".join(rng.choice("甲乙丙.") for _ in range(rng.randint(0, 8)))
                assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], (words, tail)
