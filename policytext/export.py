"""Exports of a :class:`~policytext.tasks.TaskList`: pandas, CSV, JSON, Markdown, HTML, Excel.

Every function that writes a file writes it atomically (:func:`atomic_path`):
the data goes to a temporary file in the same folder, is flushed to disk
(``fsync``) and renamed over the target with ``os.replace``. An error or an
interrupt removes the temporary file, so there is never a half-written output.

- CSV is UTF-8 **with a BOM** (``utf-8-sig``): without it Excel on Windows
  reads the file as the local code page and shows Chinese as mojibake.
  pandas reads it back with ``pd.read_csv(path)`` (the BOM is skipped).
- Lists are joined for the flat formats: work-area codes with ``"; "``, units
  with ``"、"``, target summaries with ``"；"``. JSON/JSONL keep real lists.
- Excel (openpyxl): a sheet of tasks (bold filled header, frozen header row,
  autofilter, wrapped text, widths that fit Chinese), a sheet of targets, a
  summary per work area (Chinese names from the taxonomy) and per document,
  and a sheet of the files that failed when there are any. Control
  characters (not allowed in XML) are removed, so the file opens in Excel and
  LibreOffice.
"""
from __future__ import annotations

import contextlib
import html
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from .types import Target, to_jsonable

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .tasks import TaskList

__all__ = [
    "atomic_path",
    "to_dataframe",
    "targets_dataframe",
    "to_csv",
    "to_json",
    "to_jsonl",
    "to_markdown",
    "to_html",
    "to_excel",
    "area_names",
    "write",
    "OUTPUT_FORMATS",
    "format_target",
    "STRENGTH_NAMES",
    "SHEET_TASKS",
    "SHEET_TARGETS",
    "SHEET_SUMMARY",
    "SHEET_ERRORS",
]

PathLike = Union[str, "os.PathLike[str]"]

SHEET_TASKS = "任务"
SHEET_TARGETS = "量化目标"
SHEET_SUMMARY = "汇总"
SHEET_ERRORS = "错误"

#: Chinese labels of task strengths.
STRENGTH_NAMES = {"binding": "约束性", "aspirational": "预期性", "gradual": "逐步推进", "neutral": "一般"}

_COMPARATORS = {">=": "≥", "<=": "≤", "=": "", "~": "约", "range": ""}

# control characters that XML 1.0 forbids (openpyxl refuses them)
RE_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_EXCEL_MAX_CELL = 32767


# ----------------------------------------------------------------------------- atomic writes


@contextlib.contextmanager
def atomic_path(path: PathLike) -> Iterator[str]:
    """Yield a temporary path beside ``path``; on success move it over ``path``.

    On Linux the temporary file has no name (``O_TMPFILE`` in the target's
    folder; the yielded path is ``/proc/self/fd/N``) until it is complete, so
    even a ``SIGKILL`` during the write leaves no ``.tmp`` file behind;
    elsewhere it is a hidden file in the target's folder (so ``os.replace``
    is an atomic rename). It is ``fsync``-ed before the rename and removed on any
    exception or ``KeyboardInterrupt``. The final file gets the usual
    permissions (``0o666`` minus the umask).

    Example:
        >>> import tempfile, os
        >>> p = os.path.join(tempfile.mkdtemp(), "清单.txt")
        >>> with atomic_path(p) as tmp:
        ...     _ = open(tmp, "w", encoding="utf-8").write("任务")
        >>> open(p, encoding="utf-8").read(), os.listdir(os.path.dirname(p))
        ('任务', ['清单.txt'])
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    anon = _anonymous_file(folder)
    if anon is not None:  # Linux: a file without a name until it is complete; a kill leaves nothing behind
        fd = anon
        try:
            yield f"/proc/self/fd/{fd}"
            os.fsync(fd)
            _link_over(fd, target, folder)
        finally:
            os.close(fd)
        _sync_folder(folder)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _sync_folder(folder)


def _anonymous_file(folder: Path) -> Optional[int]:
    """An unnamed file in ``folder`` (``O_TMPFILE``), or ``None`` where the OS or file system has none."""
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not os.path.isdir("/proc/self/fd"):
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o666)  # the umask applies
    except OSError:
        return None


def _link_over(fd: int, target: Path, folder: Path) -> None:
    """Give the unnamed file ``fd`` the name ``target`` (replacing it), atomically."""
    src = f"/proc/self/fd/{fd}"
    # os.link calls link(2), which would link the /proc symlink itself, unless a dir fd is given: then it is
    # linkat(2) with AT_SYMLINK_FOLLOW (the absolute path makes the dir fd irrelevant)
    dfd = os.open(folder, os.O_RDONLY)
    try:
        try:
            os.link(src, target, src_dir_fd=dfd, follow_symlinks=True)
            return
        except FileExistsError:
            pass
        for _ in range(100):
            tmp = folder / f".{target.name}.{os.urandom(4).hex()}.tmp"
            try:
                os.link(src, tmp, src_dir_fd=dfd, follow_symlinks=True)
            except FileExistsError:
                continue
            try:
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            return
    finally:
        os.close(dfd)
    raise FileExistsError(f"cannot find a free temporary name beside {target}")


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        dfd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)


# ----------------------------------------------------------------------------- helpers


def _num(v: Optional[float]) -> str:
    if v is None:
        return "×"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def format_target(t: Target) -> str:
    """A short human-readable form of a target: indicator, comparator, value and unit.

    Example:
        >>> from policytext.types import Target
        >>> t = Target(indicator="养老服务设施覆盖率", value=75.0, value_max=None, unit="%", comparator=">=",
        ...            deadline=None, deadline_text=None, placeholder=False, text="", start=0, end=0,
        ...            quote_start=0, quote_end=0)
        >>> format_target(t)
        '养老服务设施覆盖率≥75%'
    """
    unit = {"pp": "个百分点"}.get(t.unit, t.unit)
    value = _num(t.value)
    if t.value_max is not None:
        value = f"{value}–{_num(t.value_max)}"
    return f"{t.indicator}{_COMPARATORS.get(t.comparator, '')}{value}{unit}"


def area_names() -> Dict[str, str]:
    """Work-area codes -> Chinese names, from the taxonomy (:func:`policytext.load_taxonomy`).

    Example:
        >>> area_names()["elderly_care"]
        '养老服务'
    """
    from .taxonomy import load_taxonomy

    return dict(load_taxonomy().names)


def _area_label(codes: Sequence[str], names: Dict[str, str]) -> str:
    return "、".join(names.get(c, c) for c in codes)


def _clean_cell(value: Any) -> Any:
    if isinstance(value, str):
        value = RE_ILLEGAL_XML.sub("", value)
        if len(value) > _EXCEL_MAX_CELL:
            value = value[: _EXCEL_MAX_CELL - 1] + "…"
    return value


def _display_width(value: Any) -> int:
    s = "" if value is None else str(value)
    longest = 0
    for line in s.split("\n") or [""]:
        w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        longest = max(longest, w)
    return longest


# ----------------------------------------------------------------------------- pandas

_TASK_COLUMNS = ["id", "doc", "section", "marker", "heading", "text", "kind", "area", "areas", "lead", "co",
                 "deadline", "deadline_text", "strength", "n_targets", "targets", "start", "end", "page"]
_TARGET_COLUMNS = ["task_id", "doc", "section", "indicator", "value", "value_max", "unit", "comparator",
                   "deadline", "deadline_text", "placeholder", "optional", "strength", "direction", "baseline",
                   "quote", "text", "start", "end", "page"]


def _task_rows(tasks: "TaskList") -> List[Dict[str, Any]]:
    rows = []
    for t in tasks:
        rows.append({
            "id": t.id, "doc": t.doc, "section": t.section, "marker": t.marker, "heading": t.heading,
            "text": t.text, "kind": t.kind, "area": t.area, "areas": "; ".join(t.areas),
            "lead": t.lead, "co": "、".join(t.co),
            "deadline": t.deadline.isoformat() if t.deadline else None, "deadline_text": t.deadline_text,
            "strength": t.strength, "n_targets": len(t.targets),
            "targets": "；".join(format_target(x) for x in t.targets),
            "start": t.start, "end": t.end, "page": t.page,
        })
    return rows


def _target_rows(tasks: "TaskList") -> List[Dict[str, Any]]:
    rows = []
    for t in tasks:
        for x in t.targets:
            quote = getattr(x, "quote", "")
            if not quote:
                q0, q1 = x.quote_start - x.start, x.quote_end - x.start
                quote = x.text[q0:q1] if 0 <= q0 < q1 <= len(x.text) else ""
            rows.append({
                "task_id": t.id, "doc": t.doc, "section": x.section or t.section, "indicator": x.indicator,
                "value": x.value, "value_max": x.value_max, "unit": x.unit, "comparator": x.comparator,
                "deadline": x.deadline.isoformat() if x.deadline else None, "deadline_text": x.deadline_text,
                "placeholder": x.placeholder, "optional": x.optional, "strength": x.strength,
                "direction": x.direction, "baseline": x.baseline, "quote": quote, "text": x.text,
                "start": x.start, "end": x.end, "page": x.page,
            })
    return rows


def to_dataframe(tasks: "TaskList") -> "pd.DataFrame":
    """One row per task.

    Columns: ``id, doc, section, marker, heading, text, kind, area`` (primary),
    ``areas`` (codes joined by ``"; "``), ``lead``, ``co`` (joined by ``"、"``),
    ``deadline`` (ISO date string), ``deadline_text, strength, n_targets``,
    ``targets`` (summaries joined by ``"；"``), ``start, end, page``.

    Example:
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。", start=0, end=9, co=("财政局", "残联"))
        >>> to_dataframe(TaskList([t])).loc[0, "co"]
        '财政局、残联'
    """
    import pandas as pd

    return pd.DataFrame(_task_rows(tasks), columns=_TASK_COLUMNS)


def targets_dataframe(tasks: "TaskList") -> "pd.DataFrame":
    """One row per target, with the id of its task.

    Example:
        >>> from policytext.tasks import TaskList
        >>> list(targets_dataframe(TaskList()).columns[:4])
        ['task_id', 'doc', 'section', 'indicator']
    """
    import pandas as pd

    return pd.DataFrame(_target_rows(tasks), columns=_TARGET_COLUMNS)


# ----------------------------------------------------------------------------- text formats


def to_csv(tasks: "TaskList", path: PathLike) -> None:
    """Write the tasks as CSV, UTF-8 with a BOM (Excel shows Chinese correctly); atomic.

    Example:
        >>> import tempfile, os, pandas as pd
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。", start=0, end=9)
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.csv")
        >>> to_csv(TaskList([t]), p)
        >>> open(p, "rb").read(3) == b"\\xef\\xbb\\xbf", pd.read_csv(p).loc[0, "heading"]
        (True, '做好低保工作')
    """
    df = to_dataframe(tasks)
    with atomic_path(path) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8-sig")


def to_json(tasks: "TaskList", path: PathLike) -> None:
    """Write ``{"documents": [...], "errors": [...], "tasks": [...]}`` as UTF-8 JSON; atomic.

    Example:
        >>> import tempfile, os, json
        >>> from policytext.tasks import TaskList
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.json")
        >>> to_json(TaskList(errors=[("坏.pdf", "文件损坏")]), p)
        >>> json.load(open(p, encoding="utf-8"))["errors"]
        [{'file': '坏.pdf', 'reason': '文件损坏'}]
    """
    data = {
        "documents": list(tasks.documents),
        "errors": [{"file": f, "reason": r} for f, r in tasks.errors],
        "tasks": tasks.to_dicts(),
    }
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def to_jsonl(tasks: "TaskList", path: PathLike) -> None:
    """Write one JSON object per task and line (targets nested); atomic.

    Failures are not written (JSONL rows are tasks); see ``tasks.errors``.

    Example:
        >>> import tempfile, os, json
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section=None, marker="", heading="做好低保工作",
        ...          text="要做好低保工作。", start=0, end=8)
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.jsonl")
        >>> to_jsonl(TaskList([t]), p)
        >>> json.loads(open(p, encoding="utf-8").readline())["heading"]
        '做好低保工作'
    """
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for d in tasks.to_dicts():
            f.write(json.dumps(d, ensure_ascii=False))
            f.write("\n")


def _md_cell(value: Any) -> str:
    s = "" if value is None else str(value)
    return re.sub(r"\s+", " ", s).replace("|", "\\|").strip()


def _summary_columns(tasks: "TaskList", names: Dict[str, str]) -> List[List[str]]:
    rows = []
    for t in tasks:
        deadline = t.deadline.isoformat() if t.deadline else (t.deadline_text or "")
        rows.append([t.id, t.doc, t.section or "", (t.marker + t.heading).strip(), _area_label(t.areas, names),
                     t.lead or "", "、".join(t.co), deadline, "；".join(format_target(x) for x in t.targets)])
    return rows


_SUMMARY_HEADER = ["编号", "文件", "章节", "任务", "工作领域", "牵头单位", "配合单位", "完成时限", "量化目标"]


def _names_for(tasks: "TaskList") -> Dict[str, str]:
    return area_names() if any(t.areas for t in tasks) else {}


def to_markdown(tasks: "TaskList") -> str:
    """A Markdown table of the tasks (one row each), then the files that failed, if any.

    Example:
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保|特困工作",
        ...          text="1.做好低保|特困工作。", start=0, end=12, lead="市民政局")
        >>> print(to_markdown(TaskList([t])).splitlines()[2])
        | 甲-001 | 甲.txt | 一 | 1.做好低保\\|特困工作 |  | 市民政局 |  |  |  |
    """
    names = _names_for(tasks)
    lines = ["| " + " | ".join(_SUMMARY_HEADER) + " |", "|" + "---|" * len(_SUMMARY_HEADER)]
    for row in _summary_columns(tasks, names):
        lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
    if tasks.errors:
        lines += ["", "## 未能转换的文件", ""]
        lines += [f"- `{_md_cell(f)}`: {_md_cell(r)}" for f, r in tasks.errors]
    return "\n".join(lines) + "\n"


def _to_markdown_file(tasks: "TaskList", path: PathLike) -> None:
    text = to_markdown(tasks)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write(text)


def to_html(tasks: "TaskList", *, max_rows: int = 200) -> str:
    """An HTML table of the tasks (every value escaped), as Jupyter shows a ``TaskList``.

    Example:
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section=None, marker="", heading="<b>低保</b>",
        ...          text="要做好<b>低保</b>", start=0, end=10)
        >>> "&lt;b&gt;低保&lt;/b&gt;" in to_html(TaskList([t])), "<b>" in to_html(TaskList([t]))
        (True, False)
    """
    names = _names_for(tasks)
    esc = html.escape
    out = [f"<p>{len(tasks)} 项任务，{tasks.n_targets} 个量化目标，{len(tasks.documents)} 个文件"
           + (f"，{len(tasks.errors)} 个文件未能转换" if tasks.errors else "") + "</p>",
           '<table class="policytext-tasks">',
           "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in _SUMMARY_HEADER) + "</tr></thead>", "<tbody>"]
    for row in _summary_columns(tasks[:max_rows], names):
        out.append("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    if len(tasks) > max_rows:
        out.append(f"<p>… {len(tasks) - max_rows} more</p>")
    return "\n".join(out)


# ----------------------------------------------------------------------------- Excel

# (header, key, width cap); width cap None = fit to content up to 40
_XL_TASKS: List[Tuple[str, str, Optional[int]]] = [
    ("编号", "id", None), ("文件", "doc", 30), ("章节", "section", 14), ("序号", "marker", 8),
    ("任务", "heading", 36), ("任务内容", "text", 80), ("工作领域", "areas", 24), ("主要领域代码", "area", 20),
    ("牵头单位", "lead", 18), ("配合单位", "co", 24), ("完成时限", "deadline", 12), ("时限依据", "deadline_text", 16),
    ("约束强度", "strength", 10), ("目标数", "n_targets", 8), ("量化目标", "targets", 50), ("页码", "page", 6),
    ("起", "start", 8), ("止", "end", 8),
]
_XL_TARGETS: List[Tuple[str, str, Optional[int]]] = [
    ("任务编号", "task_id", None), ("文件", "doc", 30), ("章节", "section", 14), ("指标", "indicator", 30),
    ("数值", "value", 10), ("上限", "value_max", 10), ("单位", "unit", 10), ("比较", "comparator", 8),
    ("截止日期", "deadline", 12), ("时限依据", "deadline_text", 16), ("占位", "placeholder", 6),
    ("可选", "optional", 6), ("强度", "strength", 10), ("变化", "direction", 8), ("基期", "baseline", 12),
    ("证据", "quote", 30), ("原句", "text", 80), ("页码", "page", 6),
]


def _write_sheet(ws: Any, header: Sequence[str], rows: Sequence[Sequence[Any]],
                 caps: Sequence[Optional[int]], *, date_cols: Sequence[int] = ()) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="305496")
    head_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append(list(header))
    for cell in ws[1]:
        cell.font, cell.fill, cell.alignment = bold, fill, head_align
    for row in rows:
        ws.append([_clean_cell(v) for v in row])
    for r in ws.iter_rows(min_row=2):
        for cell in r:
            if cell.data_type == "f":  # text that starts with "=" is text, not a formula
                cell.data_type = "s"
            cell.alignment = wrap
    for i in date_cols:
        for (cell,) in ws.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = "yyyy-mm-dd"
    for i, cap in enumerate(caps):
        sample = [header[i]] + [row[i] for row in rows[:500]]
        width = max(_display_width(v) for v in sample) + 2
        ws.column_dimensions[get_column_letter(i + 1)].width = max(6, min(cap or 40, width))
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    ws.row_dimensions[1].height = 20


def _summary_rows(tasks: "TaskList", names: Dict[str, str]) -> Tuple[List[List[Any]], List[List[Any]]]:
    per_area: Dict[str, List[int]] = {code: [0, 0, 0] for code in names}
    for t in tasks:
        for k, code in enumerate(t.areas):
            counts = per_area.setdefault(code, [0, 0, 0])
            counts[1] += 1
            if k == 0:
                counts[0] += 1
                counts[2] += len(t.targets)
    unclassified = [t for t in tasks if not t.areas]
    area_rows = [[code, names.get(code, code), c[0], c[1], c[2]] for code, c in per_area.items()]
    if unclassified:
        area_rows.append(["", "（未分类）", len(unclassified), len(unclassified),
                          sum(len(t.targets) for t in unclassified)])
    area_rows.append(["", "合计", len(tasks), None, tasks.n_targets])
    doc_rows: List[List[Any]] = []
    for d in tasks.documents:
        mine = [t for t in tasks if t.doc == d]
        doc_rows.append([d, len(mine), sum(len(t.targets) for t in mine),
                         sum(1 for t in mine if t.deadline or t.deadline_text), sum(1 for t in mine if t.lead)])
    doc_rows.append(["合计", len(tasks), tasks.n_targets,
                     sum(1 for t in tasks if t.deadline or t.deadline_text), sum(1 for t in tasks if t.lead)])
    return area_rows, doc_rows


def to_excel(tasks: "TaskList", path: PathLike) -> None:
    """Write the task list as an Excel workbook; atomic.

    Sheets: ``任务`` (one row per task), ``量化目标`` (one row per target),
    ``汇总`` (tasks and targets per work area — Chinese names from the
    taxonomy — and per document), and ``错误`` (files that failed) when there
    are any. Every sheet has a bold filled header, a frozen header row, an
    autofilter, wrapped text and column widths that fit Chinese text.

    Example:
        >>> import tempfile, os, openpyxl
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。\\x07", start=0, end=10, areas=("social_assistance",))
        >>> p = os.path.join(tempfile.mkdtemp(), "任务清单.xlsx")
        >>> to_excel(TaskList([t]), p)
        >>> ws = openpyxl.load_workbook(p)["任务"]
        >>> ws.freeze_panes, ws["E2"].value, ws["F2"].value, ws["G2"].value
        ('A2', '做好低保工作', '1.做好低保工作。', '社会救助')
    """
    import datetime as _dt

    from openpyxl import Workbook

    names = area_names()
    strength = STRENGTH_NAMES
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TASKS
    task_rows = []
    for r, t in zip(_task_rows(tasks), tasks):
        r = dict(r)
        r["areas"] = _area_label(t.areas, names)
        r["strength"] = strength.get(t.strength, t.strength)
        r["deadline"] = t.deadline
        task_rows.append([r[key] for _, key, _ in _XL_TASKS])
    _write_sheet(ws, [h for h, _, _ in _XL_TASKS], task_rows, [c for _, _, c in _XL_TASKS],
                 date_cols=[i for i, (_, k, _) in enumerate(_XL_TASKS) if k == "deadline"])

    ws = wb.create_sheet(SHEET_TARGETS)
    target_rows = []
    for r in _target_rows(tasks):
        r = dict(r)
        r["strength"] = strength.get(r["strength"], r["strength"])
        r["deadline"] = _dt.date.fromisoformat(r["deadline"]) if r["deadline"] else None
        target_rows.append([r[key] for _, key, _ in _XL_TARGETS])
    _write_sheet(ws, [h for h, _, _ in _XL_TARGETS], target_rows, [c for _, _, c in _XL_TARGETS],
                 date_cols=[i for i, (_, k, _) in enumerate(_XL_TARGETS) if k == "deadline"])

    ws = wb.create_sheet(SHEET_SUMMARY)
    area_rows, doc_rows = _summary_rows(tasks, names)
    _write_sheet(ws, ["领域代码", "工作领域", "任务数（主要领域）", "涉及任务数", "量化目标数"], area_rows,
                 [22, 24, 12, 12, 12])
    from openpyxl.styles import Alignment, Font, PatternFill

    start = ws.max_row + 2
    for j, h in enumerate(["文件", "任务数", "量化目标数", "有时限的任务", "有牵头单位的任务"], 1):
        c = ws.cell(row=start, column=j, value=h)
        c.font, c.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="305496")
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for i, row in enumerate(doc_rows, start + 1):
        for j, v in enumerate(row, 1):
            ws.cell(row=i, column=j, value=_clean_cell(v)).alignment = Alignment(wrap_text=True, vertical="top")
    width = max([_display_width(r[0]) for r in doc_rows] + [22]) + 2
    ws.column_dimensions["A"].width = min(50, width)
    for r in (len(area_rows) + 1, start + len(doc_rows)):
        for c in ws[r]:
            c.font = Font(bold=True)

    if tasks.errors:
        ws = wb.create_sheet(SHEET_ERRORS)
        _write_sheet(ws, ["文件", "原因"], [list(e) for e in tasks.errors], [60, 80])

    with atomic_path(path) as tmp:
        wb.save(tmp)


def write(tasks: "TaskList", path: PathLike, *, format: Optional[str] = None) -> str:
    """Write ``tasks`` in the format of ``path``'s suffix (or ``format``); return the format.

    Formats: ``xlsx``, ``csv``, ``json``, ``jsonl``, ``md``.

    Raises:
        UnsupportedFormatError: Unknown format.
    Example:
        >>> import tempfile, os
        >>> from policytext.tasks import TaskList
        >>> write(TaskList(), os.path.join(tempfile.mkdtemp(), "任务.md"))
        'md'
    """
    from .errors import UnsupportedFormatError

    fmt = (format or Path(path).suffix.lstrip(".")).lower()
    writers = {"xlsx": to_excel, "csv": to_csv, "json": to_json, "jsonl": to_jsonl, "md": _to_markdown_file}
    if fmt not in writers:
        raise UnsupportedFormatError(str(path), f"output format {fmt!r} is invalid; must be one of "
                                     f"{sorted(writers)} (name the output OUT.xlsx, OUT.csv, OUT.jsonl …)")
    writers[fmt](tasks, path)
    return fmt


OUTPUT_FORMATS = ("xlsx", "csv", "json", "jsonl", "md")
