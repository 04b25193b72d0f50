"""Tests of policytext.classification.taxonomy: the shipped file, seed matching, data-file validation."""
from __future__ import annotations

import re

import pytest

from policytext.errors import PatternError
from policytext.classification.taxonomy import DEFAULT_TAXONOMY, Area, Taxonomy, load_taxonomy

GUIDELINE_CODES = [
    "social_assistance", "elderly_care", "child_welfare", "disability_welfare", "funeral", "marriage",
    "vagrancy_assistance", "community_governance", "divisions_names", "social_organizations",
    "charity_social_work", "welfare_lottery", "epidemic_safety", "party_building", "planning_support", "other",
]

VALID = """\
name: tiny
version: "1"
fallback: other
areas:
  - code: funeral
    name: 殡葬管理
    scope: 殡葬改革
    seeds: [火化, 殡葬]
  - code: other
    name: 其他
    scope: 民政以外
    seeds: [工业]
"""

# fmt: off
BROKEN = [
    # (description, file text, words the message must contain, key)
    ("missing key", VALID.replace("    scope: 殡葬改革\n", ""), ["missing `scope`"], "areas[0].scope"),
    ("missing fallback", VALID.replace("fallback: other\n", ""), ["missing `fallback`"], "fallback"),
    ("unknown fallback code", VALID.replace("fallback: other", "fallback: misc"), ["unknown code 'misc'"], "fallback"),
    ("duplicate code", VALID.replace("code: other", "code: funeral"), ["duplicate code 'funeral'"], "areas[1].code"),
    ("bad code", VALID.replace("code: funeral", "code: 殡葬"), ["invalid"], "areas[0].code"),
    ("seeds not a list", VALID.replace("[火化, 殡葬]", "火化"), ["list of non-empty strings"], "areas[0].seeds"),
    ("seed in two areas", VALID.replace("[工业]", "[火化]"), ["listed twice"], "areas[1].seeds"),
    ("unknown key", VALID.replace("    scope: 殡葬改革\n", "    scope: 殡葬改革\n    colour: red\n"),
     ["unknown keys in `areas[0]` ['colour']"], "areas[0]"),
    ("empty name", VALID.replace("name: 殡葬管理", "name: ''"), ["non-empty string"], "areas[0].name"),
]

SEEDS = [
    # (text, expected counts)
    ("推进殡葬改革，提高火化率", {"funeral": 2}),
    ("落实养老保险，发展养老服务", {"other": 1, "elderly_care": 1}),
    ("扩大社会保险覆盖面", {"other": 1}),
    ("提高低保标准，做好临时救助", {"social_assistance": 2}),  # 低保标准 is one (longer) term
    ("国内生产总值增长", {"other": 1}),
    ("", {}),
]
# fmt: on


def test_shipped_taxonomy_has_the_guideline_codes():
    tax = load_taxonomy()
    assert list(tax.codes) == GUIDELINE_CODES
    assert tax.fallback == "other"
    assert all(a.name and a.scope and a.seeds for a in tax.areas)
    assert load_taxonomy() is tax  # cached
    assert load_taxonomy(DEFAULT_TAXONOMY) is tax


@pytest.mark.parametrize("text,expected", SEEDS)
def test_count_seeds(text, expected):
    assert load_taxonomy().count_seeds(text) == expected


@pytest.mark.parametrize("desc,text,words,key", BROKEN, ids=[b[0] for b in BROKEN])
def test_validation_errors_name_file_and_key(tmp_path, desc, text, words, key):
    f = tmp_path / "my_taxonomy.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(PatternError) as e:
        load_taxonomy(f)
    msg = str(e.value)
    assert "my_taxonomy.yaml" in msg
    assert e.value.key == key
    assert e.value.line is not None  # the YAML line of the offending node
    for w in words:
        assert w in msg


def test_custom_taxonomy_round_trip(tmp_path):
    f = tmp_path / "t.yaml"
    f.write_text(VALID, encoding="utf-8")
    tax = load_taxonomy(f)
    assert tax.area_codes == ("funeral",)
    assert tax.names == {"funeral": "殡葬管理", "other": "其他"}
    again = Taxonomy.from_dict(tax.to_dict())
    assert again.fingerprint() == tax.fingerprint()
    assert tax["funeral"].seeds == ("火化", "殡葬")
    with pytest.raises(KeyError, match="unknown work-area code"):
        tax["marriage"]


def test_missing_and_malformed_files(tmp_path):
    with pytest.raises(PatternError, match="not found"):
        load_taxonomy(tmp_path / "absent.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("areas: [\n", encoding="utf-8")
    with pytest.raises(PatternError, match="invalid YAML"):
        load_taxonomy(bad)
    top = tmp_path / "list.yaml"
    top.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(PatternError, match="top level must be a mapping"):
        load_taxonomy(top)


def test_check_codes():
    tax = load_taxonomy()
    tax.check_codes(["funeral", "other"])
    with pytest.raises(PatternError, match="unknown code 'elderly'"):
        tax.check_codes(["elderly"], where="gold.jsonl")


def test_primary_terms_are_optional_and_kept(tmp_path):
    # an area may name terms that make it the primary one of a text carrying it (GUIDELINES §4:
    # the safety of any service institution is epidemic_safety first); without them the dict
    # and the fingerprint stay as before, so older models still match their taxonomy
    plain = load_taxonomy(_write(tmp_path / "a.yaml", VALID))
    assert plain["funeral"].primary == () and "primary" not in plain.to_dict()["areas"][0]
    with_primary = VALID.replace("    seeds: [火化, 殡葬]\n", "    seeds: [火化, 殡葬]\n    primary: [殡仪服务]\n")
    tax = load_taxonomy(_write(tmp_path / "b.yaml", with_primary))
    assert tax["funeral"].primary == ("殡仪服务",)
    assert Taxonomy.from_dict(tax.to_dict()).fingerprint() == tax.fingerprint() != plain.fingerprint()
    with pytest.raises(PatternError, match="list of non-empty strings") as e:
        load_taxonomy(_write(tmp_path / "c.yaml", with_primary.replace("[殡仪服务]", "殡仪服务")))
    assert e.value.key == "areas[0].primary"


def test_people_terms_are_optional_and_kept(tmp_path):
    # an area may mark the terms that name the people it serves (残疾人, 儿童); they may be seeds
    # or not, and without them the dict and the fingerprint stay as before
    text = VALID.replace("    seeds: [火化, 殡葬]\n", "    seeds: [火化, 殡葬, 逝者]\n    people: [逝者, 亡者]\n")
    tax = load_taxonomy(_write(tmp_path / "a.yaml", text))
    assert tax["funeral"].people == ("逝者", "亡者") and tax.people == frozenset({"逝者", "亡者"})
    assert Taxonomy.from_dict(tax.to_dict()).fingerprint() == tax.fingerprint()
    assert "people" not in load_taxonomy(_write(tmp_path / "b.yaml", VALID)).to_dict()["areas"][0]
    assert [(t, c) for _, _, t, c in tax.find_people("告慰逝者，缅怀亡者")] == [("逝者", "funeral"), ("亡者", "funeral")]
    assert tax.find_seeds("缅怀亡者") == []  # a people term that is no seed is not counted as one
    with pytest.raises(PatternError, match="list of non-empty strings"):
        load_taxonomy(_write(tmp_path / "d.yaml", text.replace("people: [逝者, 亡者]", "people: 逝者")))
    assert {"残疾人", "老年人", "儿童"} <= load_taxonomy().people  # the shipped taxonomy marks them


# fmt: off
PEOPLE_BROKEN = [
    # people line of funeral, people line added to other, words the message must contain
    ("people: [逝者, 逝者]", "", "duplicate people term '逝者'"),
    ("people: [逝者]", "    people: [逝者]\n", "people term '逝者' also names the people or a seed term of 'funeral'"),
    ("people: [工业]", "", "people term '工业' also names the people or a seed term of 'other'"),
    ('people: ["  "]', "", "an empty term in people of 'funeral'"),
]
# fmt: on


@pytest.mark.parametrize("line,other_line,message", PEOPLE_BROKEN)
def test_a_people_term_belongs_to_one_area(tmp_path, line, other_line, message):
    text = VALID.replace("    seeds: [火化, 殡葬]\n", f"    seeds: [火化, 殡葬]\n    {line}\n")
    text = text.replace("    seeds: [工业]\n", "    seeds: [工业]\n" + other_line)
    with pytest.raises(PatternError, match=re.escape(message)) as e:
        load_taxonomy(_write(tmp_path / "p.yaml", text))
    assert e.value.key.endswith(".people") and e.value.path.endswith("p.yaml") and e.value.line


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_an_area_built_in_code_is_checked_like_a_file():
    """The same checks when a Taxonomy is built from Area objects (empty terms, a people term twice)."""
    other = Area("other", "其他", "民政以外", ("工业",))
    with pytest.raises(PatternError, match="duplicate people term '逝者'"):
        Taxonomy("t", "1", "other", (Area("funeral", "殡葬", "殡葬改革", ("火化",), people=("逝者", "逝者")), other))
    with pytest.raises(PatternError, match="an empty term in seeds of 'funeral'"):
        Taxonomy("t", "1", "other", (Area("funeral", "殡葬", "殡葬改革", ("火化", " ")), other))


def test_find_seeds_many_finds_what_find_seeds_finds(gwr_dir):
    """The seed terms of many texts found together: per text what find_seeds gives, on a report's lines and
    sentences and on texts with line breaks, overlapping terms or none."""
    tax = load_taxonomy()
    texts = ["", "\n", "落实养老保险，发展养老服务", "城乡低保\n标准，低保标准", "殡葬殡葬改革", "工业"]
    lines = [t for t in (gwr_dir / "gwr-2019-national.txt").read_text(encoding="utf-8").split("\n") if t.strip()]
    texts += lines + [s for t in lines for s in t.split("。") if s]
    found = tax.find_seeds_many(texts)
    assert found == [tax.find_seeds(t) for t in texts] and sum(map(len, found)) > 50
    tiny = Taxonomy("t", "1", "other", (Area("funeral", "殡葬", "殡葬改革", ("火化", "火化率")),
                                        Area("other", "其他", "民政以外", ("工业",))))
    assert tiny.find_seeds_many(["提高火化率，发展工业", ""]) == [[(2, 5, "火化率", "funeral"), (8, 10, "工业", "other")], []]
