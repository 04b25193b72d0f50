"""Text exports: CSV (UTF-8 with BOM), JSON, JSON lines and Markdown.

- CSV is UTF-8 **with a BOM** (``utf-8-sig``): without it Excel on Windows
  reads the file as the local code page and shows Chinese as mojibake.
  pandas reads it back with ``pd.read_csv(path)`` (the BOM is skipped).
- Lists are joined for the flat formats: work areas with ``"、"`` (names) or
  ``"; "`` (codes), units with ``"、"``, target summaries with ``"；"``.
  JSON/JSONL keep real lists.
- ``lang`` chooses the column names and labels: ``"zh"`` (Chinese headers,
  area names, 约束性/预期性 …) or ``"en"`` (field names and codes). The
  default follows the reader of the format: CSV is opened in Excel by people,
  so it is Chinese like the workbook; JSON and JSON lines are read by
  programs, so they keep the field names of ``Task.to_dict()``.
"""
from __future__ import annotations

import csv
import json
import re
from typing import Any, Dict, Iterator

from .atomic import PathLike, atomic_path
from .rows import (_SUMMARY_HEADER, Tasks, _names_for, _summary_columns, area_names, check_lang, documents_of,
                   errors_of, flat_task_rows, localize_task_dict, taxonomy_of)

__all__ = ["to_csv", "to_json", "to_jsonl", "to_markdown"]


def to_csv(tasks: Tasks, path: PathLike, *, lang: str = "zh") -> None:
    """Write the tasks as CSV, UTF-8 with a BOM (Excel shows Chinese correctly); atomic.

    Args:
        tasks: A ``TaskList`` or any sequence of tasks.
        path: The output file.
        lang: ``"zh"`` (default): Chinese headers, area names, 约束性 …;
            ``"en"``: the field names of :func:`~policytext.export.to_dataframe`
            and codes (areas joined by ``"; "``).
    Example:
        >>> import tempfile, os, pandas as pd
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。", start=0, end=9)
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.csv")
        >>> to_csv(TaskList([t]), p)
        >>> open(p, "rb").read(3) == b"\\xef\\xbb\\xbf", pd.read_csv(p).loc[0, "任务"]
        (True, '做好低保工作')
        >>> to_csv(TaskList([t]), p, lang="en"); pd.read_csv(p).loc[0, "heading"]
        '做好低保工作'
    """
    header, rows = flat_task_rows(tasks, lang=lang)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([["" if v is None else v for v in r] for r in rows])


def _task_dicts(tasks: Tasks, lang: str) -> Iterator[Dict[str, Any]]:
    check_lang(lang)
    if lang == "en":
        yield from (t.to_dict() for t in tasks)
        return
    names = area_names(taxonomy_of(tasks))
    yield from (localize_task_dict(t.to_dict(), names) for t in tasks)


def to_json(tasks: Tasks, path: PathLike, *, lang: str = "en") -> None:
    """Write ``{"documents": [...], "errors": [...], "tasks": [...]}`` as UTF-8 JSON; atomic.

    With ``lang="zh"`` the task keys are Chinese (``编号``, ``工作领域`` …) and
    areas, strength and kind are Chinese labels; the outer keys stay as they are.

    Example:
        >>> import tempfile, os, json
        >>> from policytext.tasks import TaskList
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.json")
        >>> to_json(TaskList(errors=[("坏.pdf", "文件损坏")]), p)
        >>> json.load(open(p, encoding="utf-8"))["errors"]
        [{'file': '坏.pdf', 'reason': '文件损坏'}]
    """
    data = {
        "documents": list(documents_of(tasks)),
        "errors": [{"file": f, "reason": r} for f, r in errors_of(tasks)],
        "tasks": list(_task_dicts(tasks, lang)),
    }
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
        f.write("\n")


def to_jsonl(tasks: Tasks, path: PathLike, *, lang: str = "en") -> None:
    """Write one JSON object per task and line (targets nested); atomic.

    Failures are not written (JSONL rows are tasks); see ``tasks.errors``.
    ``lang="zh"`` gives Chinese keys and labels, as for :func:`to_json`.

    Example:
        >>> import tempfile, os, json
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section=None, marker="", heading="做好低保工作",
        ...          text="要做好低保工作。", start=0, end=8)
        >>> p = os.path.join(tempfile.mkdtemp(), "任务.jsonl")
        >>> to_jsonl(TaskList([t]), p)
        >>> json.loads(open(p, encoding="utf-8").readline())["heading"]
        '做好低保工作'
        >>> to_jsonl(TaskList([t]), p, lang="zh"); json.loads(open(p, encoding="utf-8").readline())["任务"]
        '做好低保工作'
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps builds for every call
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for d in _task_dicts(tasks, lang):
            f.write(encode(d) + "\n")


def _md_cell(value: Any) -> str:
    s = "" if value is None else str(value)
    return re.sub(r"\s+", " ", s).replace("|", "\\|").strip()


def to_markdown(tasks: Tasks) -> str:
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
    errors = errors_of(tasks)
    if errors:
        lines += ["", "## 未能转换的文件", ""]
        lines += [f"- `{_md_cell(f)}`: {_md_cell(r)}" for f, r in errors]
    return "\n".join(lines) + "\n"


def _to_markdown_file(tasks: Tasks, path: PathLike) -> None:
    text = to_markdown(tasks)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
