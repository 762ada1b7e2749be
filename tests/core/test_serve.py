"""`peerhaven serve` as a person would run it: a real process, real HTTP and WebSocket,
and the task worker it starts beside itself. Bounded waits throughout."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WAIT = 30  # seconds, for the server to answer and for a task to run


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, what: str):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"gave up waiting for {what}")


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def is_running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except FileNotFoundError:
        return False


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PEERHAVEN_", "DJANGO_"))
        and key not in ("DATABASE_URL", "REDIS_URL")
    }
    # Always the embedded default: its own SQLite file, never the test database.
    return {
        **base,
        "PEERHAVEN_DATA_DIR": str(tmp_path),
        "PEERHAVEN_SECRET_KEY": secrets.token_urlsafe(50),
        "PEERHAVEN_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PEERHAVEN_HTTPS": "false",
        "PEERHAVEN_LOG_FORMAT": "json",
        "PEERHAVEN_LOG_LEVEL": "INFO",
        # So the worker can import tests.core.sample_tasks.
        "PYTHONPATH": str(REPO),
    }


def python(env: dict[str, str], code: str) -> str:
    """Run Django code in its own process, as a script using Peerhaven would."""
    setup = (
        "import django, os\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'peerhaven.config.settings'\n"
        "django.setup()\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", setup + code],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=WAIT * 2,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


SIGNED_IN_SESSION = """
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from peerhaven.accounts.services import account_create
user = account_create(email="walker@example.org", display_name="Night Walker", password="x" * 20)
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "peerhaven.accounts.backends.AccountBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.save()
print(session.session_key)
"""


def test_serve_answers_http_and_websocket_and_runs_tasks_then_stops_cleanly(env, tmp_path):
    migrate = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "peerhaven.config.cli", "migrate", "--noinput", "-v0"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=WAIT * 4,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr
    session_key = python(env, SIGNED_IN_SESSION)

    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "peerhaven.config.cli", "serve", "--port", str(port)],
            env=env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"

        def healthz():
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=5) as response:  # noqa: S310
                    return response.status, json.loads(response.read())
            except OSError:
                return None

        status, body = wait_for(healthz, "/healthz to answer")
        assert status == 200
        assert body["status"] == "ok"

        # Every request is one JSON log line with its id, status and duration.
        def healthz_log_line():
            for line in log_path.read_text().splitlines():
                if line.startswith("{") and '"/healthz"' in line:
                    return json.loads(line)
            return None

        entry = wait_for(healthz_log_line, "the request log line")
        assert entry["status"] == 200
        assert entry["request_id"]
        assert entry["duration_ms"] >= 0

        _check_websocket(port, session_key)

        # The worker started by serve picks up a task enqueued from another process.
        marker = tmp_path / "task-ran.txt"
        python(
            env,
            "from tests.core.sample_tasks import append_line\n"
            f"append_line.enqueue(path={str(marker)!r}, text='ran')",
        )
        wait_for(lambda: marker.exists() and marker.read_text() == "ran\n", "the task to run")

        assert children_of(server.pid), "serve did not start a task worker"
    finally:
        workers = children_of(server.pid)
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=WAIT)
            pytest.fail("serve did not stop on SIGTERM")
        orphans = [pid for pid in workers if is_running(pid)]
        for pid in orphans:  # never leave a stray worker behind, even when failing
            os.kill(pid, signal.SIGKILL)
    assert server.returncode == 0, log_path.read_text()[-2000:]
    assert not orphans, "the task worker outlived serve"


def _check_websocket(port: int, session_key: str) -> None:
    sync_client = pytest.importorskip("websockets.sync.client")
    from websockets.exceptions import InvalidStatus

    url = f"ws://127.0.0.1:{port}/ws/notifications/"
    origin = {"Origin": f"http://127.0.0.1:{port}"}
    # Refused before the handshake completes: the server answers 403.
    with pytest.raises(InvalidStatus) as refused:
        sync_client.connect(url, additional_headers=origin, open_timeout=10)
    assert refused.value.response.status_code == 403

    headers = {**origin, "Cookie": f"sessionid={session_key}"}
    with sync_client.connect(url, additional_headers=headers, open_timeout=10) as ws:
        # The client offers permessage-deflate; by default the server declines it.
        assert "permessage-deflate" not in (
            ws.response.headers.get("Sec-WebSocket-Extensions") or ""
        )
        assert json.loads(ws.recv(timeout=10)) == {"type": "hello", "user": "Night Walker"}
        ws.send(json.dumps({"type": "ping"}))
        assert json.loads(ws.recv(timeout=10)) == {"type": "pong"}
