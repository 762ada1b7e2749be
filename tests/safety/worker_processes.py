"""Real `peerhaven worker` processes on the test database, started, killed and stopped by
a test, with the production settings module configured only through the environment.

Workers are separate processes, so they only see committed rows: tests that use them
need `django_db(transaction=True, serialized_rollback=True)`. Only PostgreSQL can be
shared with them (the SQLite test database lives in this process's memory).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from django.conf import settings

from tests.conversations.live_servers import current_database_url, server_env

STARTUP_TIMEOUT = 30.0
# How often an idle worker looks for due tasks. The default (1 s) would add up to a
# second to every deadline a test waits for.
POLL_INTERVAL = "0.1"

T = TypeVar("T")


def unsupported_reason() -> str | None:
    """Why worker processes cannot run on this test configuration, or None when they can."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return (
            "needs PostgreSQL (set DATABASE_URL): worker processes cannot share the "
            f"{engine.rsplit('.', 1)[-1]} test database, which lives in this process's memory"
        )
    return None


@dataclass
class WorkerProcess:
    worker_id: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return f"--- {self.worker_id} ---\n" + "\n".join(self.log().splitlines()[-lines:])

    @property
    def started(self) -> bool:
        """It has set up Django, queued the periodic tasks and entered its polling loop."""
        return f"Starting worker worker_id={self.worker_id}" in self.log()

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: nothing is cleaned up."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM: the worker finishes the task it is running, then exits."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        # Anything left in its process group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)


@dataclass
class Workers:
    """Starts workers on this test's database; `stop_all` ends every one it started."""

    log_dir: Path
    env: dict[str, str]
    started: list[WorkerProcess] = field(default_factory=list)

    def start(self, worker_id: str) -> WorkerProcess:
        log_path = self.log_dir / f"worker-{worker_id}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - our own command, no shell
                [
                    sys.executable,
                    "-m",
                    "peerhaven.config.cli",
                    "worker",
                    "--worker-id",
                    worker_id,
                    "--interval",
                    POLL_INTERVAL,
                    "--no-startup-delay",
                    "--no-reload",
                    # Checks have nothing to do with running tasks; skipping them makes
                    # a start a second or two quicker, and every test waits for one.
                    "--skip-checks",
                ],
                env=self.env,
                cwd=self.log_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = WorkerProcess(worker_id=worker_id, process=process, log_path=log_path)
        self.started.append(worker)
        return worker

    def wait_started(self, *workers: WorkerProcess, timeout: float = STARTUP_TIMEOUT) -> None:
        def all_started() -> bool:
            for worker in workers:
                if worker.process.poll() is not None:
                    raise RuntimeError(
                        f"worker {worker.worker_id} exited with {worker.process.returncode}:\n"
                        + worker.log_tail()
                    )
            return all(worker.started for worker in workers)

        wait_for(all_started, timeout, self.logs)

    def logs(self) -> str:
        return "\n".join(worker.log_tail() for worker in self.started)

    def stop_all(self) -> None:
        for worker in self.started:
            worker.stop()


def worker_env(*, data_dir: Path, escalate_after: int) -> dict[str, str]:
    env = server_env(
        database_url=current_database_url(),
        redis_url=settings.REDIS_URL or "",
        data_dir=data_dir,
    )
    env["PEERHAVEN_ALERT_ESCALATE_AFTER"] = str(escalate_after)
    return env


@contextlib.contextmanager
def worker_pool(*, log_dir: Path, escalate_after: int) -> Iterator[Workers]:
    """Workers on this test's database with alerts escalating after `escalate_after`
    seconds; every worker started through it is stopped on exit, whatever happened."""
    workers = Workers(
        log_dir=log_dir, env=worker_env(data_dir=log_dir, escalate_after=escalate_after)
    )
    try:
        yield workers
    finally:
        workers.stop_all()


def wait_for(predicate: Callable[[], T | None], timeout: float, describe: Callable[[], str]) -> T:
    """Poll until `predicate` returns something truthy, and return it."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s:\n{describe()}")
        time.sleep(0.1)
