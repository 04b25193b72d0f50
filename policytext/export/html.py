"""HTML export: the table Jupyter shows for a ``TaskList`` (every value escaped)."""
from __future__ import annotations

import html

from .rows import _SUMMARY_HEADER, Tasks, _names_for, _summary_columns, documents_of, errors_of, n_targets

__all__ = ["to_html"]


def to_html(tasks: Tasks, *, max_rows: int = 200) -> str:
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
    errors = errors_of(tasks)
    out = [f"<p>{len(tasks)} 项任务，{n_targets(tasks)} 个量化目标，{len(documents_of(tasks))} 个文件"
           + (f"，{len(errors)} 个文件未能转换" if errors else "") + "</p>",
           '<table class="policytext-tasks">',
           "<thead><tr>" + "".join(f"<th>{esc(h)}</th>" for h in _SUMMARY_HEADER) + "</tr></thead>", "<tbody>"]
    for row in _summary_columns(list(tasks)[:max_rows], names):
        out.append("<tr>" + "".join(f"<td>{esc(str(c))}</td>" for c in row) + "</tr>")
    out.append("</tbody></table>")
    if len(tasks) > max_rows:
        out.append(f"<p>… {len(tasks) - max_rows} more</p>")
    return "\n".join(out)
