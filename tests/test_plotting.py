"""Charts with Chinese labels: the bundled CJK font is registered and used."""
from __future__ import annotations

import warnings

import pytest

matplotlib = pytest.importorskip("matplotlib")
pytest.importorskip("mplfonts")
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from policytext.faces.plotting import FONT_FILES, area_counts, font_path, plot_tasks_per_area, use_chinese_font  # noqa: E402
from policytext.tasks import Task  # noqa: E402
from policytext.classification.taxonomy import load_taxonomy  # noqa: E402

# fmt: off
AREAS = [
    # (primary areas of the tasks, include_other, expected (name, count) pairs)
    (["elderly_care", "funeral", "elderly_care"], True, [("养老服务", 2), ("殡葬管理", 1)]),
    (["other", "funeral", "other"], True, [("非民政领域", 2), ("殡葬管理", 1)]),
    (["other", "funeral", "other"], False, [("殡葬管理", 1)]),
    ([], True, []),
]
LABELS = ["养老服务", "社会救助", "儿童福利", "殡葬管理", "各业务领域任务数", "任务数"]
# fmt: on


def _tasks(areas):
    return [Task(id=f"t-{i}", doc="t.txt", section=None, marker="", heading="", text="", start=0, end=0,
                 areas=(a,)) for i, a in enumerate(areas)]


def _missing_glyph_warnings(fig, path) -> list:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(path, dpi=60)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_font_file_has_every_glyph_of_the_area_names():
    path = font_path()
    assert path.name == FONT_FILES[0] and path.stat().st_size > 1_000_000
    font = FT2Font(str(path))
    chars = set("".join(load_taxonomy().names.values()) + "".join(LABELS))
    missing = [c for c in chars if font.get_char_index(ord(c)) == 0]
    assert missing == []


def test_font_path_names_what_is_available():
    with pytest.raises(FileNotFoundError, match="NotoSansCJKsc-Regular.otf"):
        font_path("无此字体.otf")


def test_use_chinese_font_registers_once_and_sets_the_family():
    family = use_chinese_font()
    assert family == "Noto Sans CJK SC"
    assert matplotlib.rcParams["font.family"][0] == family
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    n = len(font_manager.fontManager.ttflist)
    assert use_chinese_font() == family
    assert len(font_manager.fontManager.ttflist) == n
    assert matplotlib.rcParams["font.family"].count(family) == 1
    found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False)
    # mplfonts' file, or a system copy of the same family (fonts-noto-cjk): either draws the labels
    assert found == str(font_path()) or font_manager.get_font(found).family_name == family


def test_chinese_labels_render_without_empty_boxes(tmp_path):
    # control: the default font has no Chinese glyphs (this is what users see without the helper)
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("养老服务")
        assert _missing_glyph_warnings(fig, tmp_path / "default.png")
        plt.close(fig)
    use_chinese_font()
    fig, ax = plt.subplots()
    ax.barh(LABELS[:4], [4, 3, 2, 1])
    ax.set_title(LABELS[4])
    ax.set_xlabel(LABELS[5])
    assert _missing_glyph_warnings(fig, tmp_path / "cjk.png") == []
    assert (tmp_path / "cjk.png").stat().st_size > 1000
    plt.close(fig)


@pytest.mark.parametrize("areas,include_other,expected", AREAS)
def test_area_counts(areas, include_other, expected):
    assert area_counts(_tasks(areas), include_other=include_other) == expected


def test_area_counts_with_codes_and_unclassified_tasks():
    tasks = _tasks(["funeral", "funeral"]) + [Task(id="x", doc="t.txt", section=None, marker="", heading="",
                                                   text="", start=0, end=0)]
    assert area_counts(tasks, names=False) == [("funeral", 2)]


def test_plot_tasks_per_area(tmp_path):
    tasks = _tasks(["elderly_care", "funeral", "elderly_care", "child_welfare"])
    ax = plot_tasks_per_area(tasks)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [name for name, _ in area_counts(tasks)][::-1]  # most frequent at the top
    assert labels[-1] == "养老服务" and sorted(labels[:2]) == sorted(["殡葬管理", "儿童福利"])
    assert [round(b.get_width()) for b in ax.patches] == [1, 1, 2]
    assert ax.get_title() == "各业务领域任务数"
    assert _missing_glyph_warnings(ax.figure, tmp_path / "areas.png") == []
    plt.close(ax.figure)
