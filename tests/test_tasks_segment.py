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
