"""Charts with Chinese labels that render on any machine.

Matplotlib's default font (DejaVu Sans) has no Chinese glyphs: labels come
out as empty boxes (豆腐块) on a machine without a CJK system font, which is
the usual case on servers, containers and CI. :func:`use_chinese_font`
registers the Noto Sans CJK SC font file shipped by the ``mplfonts`` package
(``pip install "policytext[notebook]"``) with matplotlib and makes it the
default, with no system installation and no download.

Matplotlib and mplfonts are optional dependencies: they are imported inside
the functions that need them and a missing one raises
:class:`~policytext.errors.MissingDependencyError` naming the install command.
"""
from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Tuple

from ..errors import MissingDependencyError

__all__ = ["font_path", "use_chinese_font", "area_counts", "plot_tasks_per_area", "FONT_FILES"]

#: Font files of the ``mplfonts`` package, in order of preference (sans serif first).
FONT_FILES: Tuple[str, ...] = (
    "NotoSansCJKsc-Regular.otf",
    "SourceHanSansSC-Regular.otf",
    "SimHei.ttf",
    "NotoSerifCJKsc-Regular.otf",
    "SourceHanSerifSC-Regular.otf",
)
_INSTALL = 'pip install "policytext[notebook]"'


def _require(module: str, package: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as e:
        raise MissingDependencyError(f"{package} is required for charts; install it with: {_INSTALL}") from e


def font_path(name: Optional[str] = None) -> Path:
    """Path of a CJK font file bundled with ``mplfonts``.

    Args:
        name: A file name from :data:`FONT_FILES`; default: the first one
            present (Noto Sans CJK SC).
    Returns:
        The font file's path.
    Raises:
        MissingDependencyError: mplfonts is not installed.
        FileNotFoundError: The font file is not in the mplfonts package.
    Example:
        >>> font_path().name
        'NotoSansCJKsc-Regular.otf'
    """
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError(f"mplfonts is required for Chinese chart labels; install it with: {_INSTALL}")
    folder = Path(list(spec.submodule_search_locations)[0]) / "fonts"
    names = [name] if name else list(FONT_FILES)
    for n in names:
        p = folder / n
        if p.is_file():
            return p
    found = sorted(p.name for p in folder.glob("*.[ot]t[fc]")) if folder.is_dir() else []
    raise FileNotFoundError(f"font {names[0] if name else 'file'}: not found in {folder}; "
                            f"available: {found}; reinstall mplfonts ({_INSTALL})")


def use_chinese_font(name: Optional[str] = None) -> str:
    """Make matplotlib draw Chinese text with a bundled CJK font.

    Registers the font file with ``matplotlib.font_manager.fontManager`` and
    puts its family first in ``rcParams["font.family"]``; also turns off the
    Unicode minus sign, which CJK fonts often lack. Safe to call repeatedly.

    Args:
        name: A font file name from :data:`FONT_FILES` (default Noto Sans CJK SC).
    Returns:
        The font family name matplotlib now uses (``"Noto Sans CJK SC"``).
    Raises:
        MissingDependencyError: matplotlib or mplfonts is not installed.
    Example:
        >>> use_chinese_font()
        'Noto Sans CJK SC'
        >>> import matplotlib
        >>> matplotlib.rcParams["font.family"][0]
        'Noto Sans CJK SC'
    """
    path = font_path(name)
    mpl = _require("matplotlib", "matplotlib")
    font_manager = _require("matplotlib.font_manager", "matplotlib")
    family = font_manager.FontProperties(fname=str(path)).get_name()
    known = {f.fname for f in font_manager.fontManager.ttflist}
    if str(path) not in known:
        font_manager.fontManager.addfont(str(path))
    rest = [f for f in mpl.rcParams["font.family"] if f != family]
    mpl.rcParams["font.family"] = [family] + (rest or ["sans-serif"])
    mpl.rcParams["axes.unicode_minus"] = False
    return family


def area_counts(tasks: Iterable[Any], *, names: bool = True, include_other: bool = True) -> List[Tuple[str, int]]:
    """Number of tasks per primary work area, most frequent first.

    Args:
        tasks: A :class:`~policytext.tasks.TaskList` or any iterable of tasks
            (objects with ``areas``, primary first).
        names: Use the Chinese names of the taxonomy (``养老服务``) instead of codes: the
            taxonomy of the tasks (``tasks.taxonomy``, the classifier's), else the shipped one.
        include_other: Count tasks whose primary area is ``other``.
    Returns:
        ``(area, count)`` pairs; ties keep the taxonomy's order.
    Example:
        >>> from policytext.tasks import Task
        >>> ts = [Task(id=f"a-{i}", doc="a.txt", section=None, marker="", heading="", text="", start=0, end=0,
        ...            areas=(a,)) for i, a in enumerate(["elderly_care", "funeral", "elderly_care"])]
        >>> area_counts(ts)
        [('养老服务', 2), ('殡葬管理', 1)]
    """
    taxonomy = getattr(tasks, "taxonomy", None)
    if taxonomy is None:
        from ..classification.taxonomy import load_taxonomy

        taxonomy = load_taxonomy()
    order = {c: i for i, c in enumerate(taxonomy.codes)}
    counts: Counter = Counter()
    for t in tasks:
        areas = getattr(t, "areas", None) or ()
        if not areas:
            continue
        if areas[0] == "other" and not include_other:
            continue
        counts[areas[0]] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order.get(kv[0], len(order)), kv[0]))
    label: Dict[str, str] = taxonomy.names if names else {}
    return [(label.get(code, code), n) for code, n in ranked]


def plot_tasks_per_area(tasks: Iterable[Any], *, ax: Any = None, title: Optional[str] = "各业务领域任务数",
                        include_other: bool = True, color: str = "#4c72b0") -> Any:
    """Horizontal bar chart of the number of tasks per primary work area.

    Calls :func:`use_chinese_font` first, so the Chinese area names render
    without a CJK system font.

    Args:
        tasks: A :class:`~policytext.tasks.TaskList` or iterable of tasks.
        ax: Matplotlib axes to draw on; default a new figure.
        title: Chart title (``None`` for none).
        include_other: Show tasks outside civil affairs (``其他``).
        color: Bar colour.
    Returns:
        The matplotlib ``Axes``.
    Example:
        >>> import matplotlib
        >>> matplotlib.use("Agg")
        >>> from policytext.tasks import Task
        >>> ts = [Task(id="a-1", doc="a.txt", section=None, marker="", heading="", text="", start=0, end=0,
        ...            areas=("funeral",))]
        >>> ax = plot_tasks_per_area(ts)
        >>> [t.get_text() for t in ax.get_yticklabels()]
        ['殡葬管理']
    """
    use_chinese_font()
    plt = _require("matplotlib.pyplot", "matplotlib")
    counts = area_counts(tasks, include_other=include_other)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.45 * max(len(counts), 2) + 1.2))
    labels = [a for a, _ in counts][::-1]
    values = [n for _, n in counts][::-1]
    bars = ax.barh(labels, values, color=color)
    ax.bar_label(bars, padding=3)
    ax.set_xlabel("任务数")
    ax.xaxis.get_major_locator().set_params(integer=True)
    if title:
        ax.set_title(title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.figure.tight_layout()
    return ax
