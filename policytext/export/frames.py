"""pandas exports: one row per task, one row per target (pandas is imported when called)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .rows import _TARGET_COLUMNS, _TASK_COLUMNS, Tasks, _target_rows, _task_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["to_dataframe", "targets_dataframe"]


def to_dataframe(tasks: Tasks) -> "pd.DataFrame":
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


def targets_dataframe(tasks: Tasks) -> "pd.DataFrame":
    """One row per target, with the id of its task.

    Example:
        >>> from policytext.tasks import TaskList
        >>> list(targets_dataframe(TaskList()).columns[:4])
        ['task_id', 'doc', 'section', 'indicator']
    """
    import pandas as pd

    return pd.DataFrame(_target_rows(tasks), columns=_TARGET_COLUMNS)
