"""pandas exports: one row per task, one row per target (pandas is imported when called)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .rows import _TARGET_COLUMNS, _TASK_COLUMNS, Tasks, _target_rows, _task_rows

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["to_dataframe", "targets_dataframe"]


def to_dataframe(tasks: Tasks) -> "pd.DataFrame":
    """One row per task, with values of their own type.

    Columns: ``id, doc, section, marker, heading, text, kind, area`` (primary
    code), ``areas`` (list of codes, primary first), ``lead``, ``co`` (list of
    units), ``deadline`` (``datetime64``, ``NaT`` when there is none),
    ``deadline_text, strength, n_targets``, ``targets`` (list of readable
    summaries such as ``赤字规模≥4.1万亿元``), ``start, end, page``.
    ``df.explode("areas")`` gives one row per task and area;
    ``df["deadline"].dt.year`` the year due.

    Example:
        >>> import datetime as dt
        >>> from policytext.tasks import Task, TaskList
        >>> t = Task(id="甲-001", doc="甲.txt", section="一", marker="1.", heading="做好低保工作",
        ...          text="1.做好低保工作。", start=0, end=9, co=("财政局", "残联"),
        ...          areas=("social_assistance", "elderly_care"), deadline=dt.date(2021, 12, 31))
        >>> df = to_dataframe(TaskList([t]))
        >>> df.loc[0, "co"], df.loc[0, "areas"], str(df["deadline"].dtype)[:10], int(df["deadline"].dt.year[0])
        (['财政局', '残联'], ['social_assistance', 'elderly_care'], 'datetime64', 2021)
    """
    import pandas as pd

    df = pd.DataFrame(_task_rows(tasks), columns=_TASK_COLUMNS)
    df["deadline"] = pd.to_datetime(df["deadline"])
    return df


def targets_dataframe(tasks: Tasks) -> "pd.DataFrame":
    """One row per target, with the id of its task.

    ``target`` is the readable value (``≥4.1万亿元``); ``value``/``value_max``
    are the numbers (``4.1e12``) and ``deadline`` is ``datetime64``.

    Example:
        >>> from policytext.tasks import TaskList
        >>> list(targets_dataframe(TaskList()).columns[:5])
        ['task_id', 'doc', 'section', 'indicator', 'target']
    """
    import pandas as pd

    df = pd.DataFrame(_target_rows(tasks), columns=_TARGET_COLUMNS)
    df["deadline"] = pd.to_datetime(df["deadline"])
    return df
