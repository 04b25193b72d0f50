"""What a batch run did: :class:`ConvertResult`, and the exit statuses of ``policytext convert``."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Tuple, Union

from ..tasks import TaskList
from ..types import _ToDict

__all__ = ["ConvertResult", "Terminated", "PathLike", "Failure",
           "EXIT_OK", "EXIT_FAILED", "EXIT_USAGE", "EXIT_INTERRUPTED", "EXIT_TERMINATED"]

PathLike = Union[str, "os.PathLike[str]"]
#: ``(input, reason)`` of an input that could not be converted.
Failure = Tuple[str, str]

#: Exit statuses of ``policytext convert`` (also listed in its ``--help``).
EXIT_OK = 0
#: No file could be converted, or (``--strict``) a file failed.
EXIT_FAILED = 1
#: Bad arguments, an unknown output format, or an output that cannot be written (checked before any work).
EXIT_USAGE = 2
#: Interrupted by Ctrl-C (SIGINT): 128 + 2.
EXIT_INTERRUPTED = 130
#: Terminated by SIGTERM: 128 + 15.
EXIT_TERMINATED = 143


class Terminated(BaseException):
    """Raised in :func:`convert` when the process receives SIGTERM (or SIGHUP), so that workers are stopped
    and no temporary file is left behind.

    Example:
        >>> Terminated(15).signum
        15
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(f"terminated by signal {signum}")


@dataclass(frozen=True)
class ConvertResult(_ToDict):
    """What :func:`convert` did.

    Attributes:
        output: The output path.
        format: ``xlsx``, ``csv``, ``json``, ``jsonl`` or ``md``.
        written: Whether the output was written (not when nothing converted).
        files: The input files found, in order.
        converted: Number of files converted.
        failed: ``(file, reason)`` for every input that failed (including
            inputs that named no file).
        tasks: Number of tasks written.
        targets: Number of targets written.
        seconds: Wall-clock time.
        task_list: The combined :class:`~policytext.tasks.TaskList`.

    Example:
        >>> r = ConvertResult(output="任务.xlsx", format="xlsx", written=True, files=("甲.txt",), converted=1)
        >>> r.ok, r.exit_status(strict=True)
        (True, 0)
    """

    output: str
    format: str
    written: bool = False
    files: Tuple[str, ...] = ()
    converted: int = 0
    failed: Tuple[Failure, ...] = ()
    tasks: int = 0
    targets: int = 0
    seconds: float = 0.0
    task_list: TaskList = field(default_factory=TaskList, repr=False, compare=False)
    without_tasks: Tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when something was converted and nothing failed.

        Example:
            >>> ConvertResult(output="a.csv", format="csv", converted=0).ok
            False
        """
        return self.converted > 0 and not self.failed

    def exit_status(self, *, strict: bool = False) -> int:
        """The command-line exit status: 1 when nothing converted, or (``strict``) anything failed.

        Example:
            >>> ConvertResult(output="a.csv", format="csv", converted=2, failed=(("坏.pdf", "损坏"),)).exit_status()
            0
        """
        if self.converted == 0:
            return 1
        if strict and self.failed:
            return 1
        return 0

    def summary(self) -> str:
        """One line for people: files converted/failed, tasks, targets, time, output.

        Example:
            >>> print(ConvertResult(output="任务.xlsx", format="xlsx", written=True, files=("a.txt",),
            ...                     converted=1, tasks=12, targets=3, seconds=0.52).summary())
            converted 1 of 1 files (0 failed): 12 tasks, 3 targets in 0.5 s -> 任务.xlsx
            >>> print(ConvertResult(output="任务.csv", format="csv", written=True, files=("a.txt", "b.txt"),
            ...                     converted=2, tasks=4, without_tasks=("b.txt",)).summary())
            converted 2 of 2 files (0 failed; 1 gave no task): 4 tasks, 0 targets in 0.0 s -> 任务.csv
        """
        n = self.converted + len(self.failed)
        dest = f" -> {self.output}" if self.written else "; no output written"
        empty = f"; {len(self.without_tasks)} gave no task" if self.without_tasks else ""
        return (f"converted {self.converted} of {n} files ({len(self.failed)} failed{empty}): "
                f"{self.tasks} tasks, {self.targets} targets in {self.seconds:.1f} s{dest}")
