"""Tiny tasks for the task tests. Module-level, so a worker process can import them."""

from pathlib import Path

from django_tasks import task

# Runs seen by a worker in this same process (call_command("worker")).
RUNS: list[str] = []


@task()
def record_run(*, label: str) -> str:
    RUNS.append(label)
    return label


@task()
def append_line(*, path: str, text: str) -> None:
    """For a worker in another process: the file is the evidence it ran."""
    with Path(path).open("a", encoding="utf-8") as handle:
        handle.write(text + "\n")
