"""`peerhaven serve`: the ASGI server (HTTP and WebSocket), plus the task worker when embedded."""

from __future__ import annotations

import signal
import subprocess
import sys
from argparse import ArgumentParser
from types import FrameType
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # uvicorn re-raises SIGTERM after its graceful shutdown. As an exception it runs the
    # `finally` below, which stops the task worker; by default it would orphan it.
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Serve Peerhaven over HTTP and WebSocket with uvicorn."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="ASGI worker processes")
        parser.add_argument(
            "--no-task-worker",
            action="store_true",
            help="Do not start the task worker beside the server (the embedded default does).",
        )

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if workers < 1:
            self.stderr.write("--workers must be at least 1")
            sys.exit(2)
        signal.signal(signal.SIGTERM, _exit_on_sigterm)
        worker: subprocess.Popen[bytes] | None = None
        if settings.RUN_WORKER_IN_SERVE and not options["no_task_worker"]:
            # A child process, so a long task never blocks a web request.
            worker = subprocess.Popen(  # noqa: S603 - our own command, no shell
                [sys.executable, "-m", "peerhaven.config.cli", "worker"]
            )
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(f"Peerhaven is serving at http://{shown_host}:{port}/")
        try:
            uvicorn.run(
                "peerhaven.config.asgi:application",
                host=host,
                port=port,
                workers=workers,
                lifespan="off",
                log_config=None,
                access_log=False,
                # Open chat sockets would otherwise keep a stopping server waiting forever.
                timeout_graceful_shutdown=5,
                # Frames above this close the socket; our own, lower limit answers politely.
                ws_max_size=256 * 1024,
                ws_per_message_deflate=settings.PEERHAVEN_WS_COMPRESSION,
                proxy_headers=getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is not None,
            )
        finally:
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
