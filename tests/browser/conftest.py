"""The browser tests' world: the real `peerhaven serve` on a free local port, started as
production starts it (embedded default, SQLite in a temp dir), and Debian's headless
Chromium driven by Playwright. Nothing here touches the Django test database."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT, VISITED

STARTUP_TIMEOUT = 30.0
COMMAND_TIMEOUT = 120.0


@dataclass(frozen=True)
class Server:
    url: str
    data_dir: Path
    log_path: Path

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


def run_on_server(live: Server, code: str, *, answer: bool = True, **args: object) -> Any:
    """Run CODE with `peerhaven shell` against the server's own database, as an admin's
    console would; "{args}" in it becomes ARGS as JSON. Returns the JSON of the last line it
    printed (unless `answer` is false)."""
    done = subprocess.run(  # noqa: S603 - our own command, no shell
        [*_peerhaven_command(), "shell", "-c", code.replace("{args}", json.dumps(args))],
        env=_server_env(live.data_dir),
        cwd=live.data_dir,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]) if answer else None


def _peerhaven_command() -> list[str]:
    script = Path(sys.executable).with_name("peerhaven")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "peerhaven.config.cli"]


def _server_env(data_dir: Path) -> dict[str, str]:
    # Start from this environment less what the test settings and the developer's shell add:
    # no DATABASE_URL/REDIS_URL (embedded default), no PEERHAVEN_* leaking from test settings.
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith("PEERHAVEN_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="peerhaven.config.settings",
        PEERHAVEN_DATA_DIR=str(data_dir),
        PEERHAVEN_SECRET_KEY=secrets.token_urlsafe(50),
        PEERHAVEN_HTTPS="false",
        PEERHAVEN_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
    )
    return env


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _run(command: list[str], *, env: dict[str, str], cwd: Path) -> None:
    done = subprocess.run(  # noqa: S603 - our own command, no shell
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=COMMAND_TIMEOUT
    )
    if done.returncode != 0:
        pytest.fail(
            f"{' '.join(command[-2:])} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}",
            pytrace=False,
        )


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _group_gone(group: int, wait: float) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server as a process manager would (SIGTERM), then anything it left behind.

    The server leads its own process group, so its task worker can be found even if the
    server did not stop it.
    """
    process.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)
    group = process.pid
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if _group_gone(group, 0.5):
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, sig)
        if _group_gone(group, 5.0):
            return
        process.poll()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`peerhaven migrate`, `collectstatic` and `serve`, as production runs them."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed: apt-get install chromium")
    data_dir = tmp_path_factory.mktemp("peerhaven-data")
    env = _server_env(data_dir)
    command = _peerhaven_command()
    _run([*command, "migrate", "--noinput"], env=env, cwd=data_dir)
    _run([*command, "collectstatic", "--noinput"], env=env, cwd=data_dir)

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = data_dir / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own command, no shell
            [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=data_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(url=url, data_dir=data_dir, log_path=log_path)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(
                    f"peerhaven serve exited with {process.returncode}:\n{running.log_tail()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"/healthz not 200 within {STARTUP_TIMEOUT:.0f} s:\n{running.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.2)
        yield running
    finally:
        _stop(process)


# Per module, not per session: while Playwright's sync API is running, Django sees an
# event loop in this thread and refuses to open database connections for later tests.
@pytest.fixture(scope="module")
def browser(server: Server) -> Iterator[object]:
    from playwright.sync_api import expect, sync_playwright

    # A shared 2-core CI machine can be slow; a real failure still shows within 10 s.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _new_context(browser, server: Server, **options):
    context = browser.new_context(base_url=server.url, accept_downloads=True, **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def context(browser, server: Server):
    """A fresh browser profile. It bypasses the CSP only so axe-core can be injected."""
    context = _new_context(
        browser, server, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def strict_context(browser, server: Server):
    """A fresh browser profile that enforces the CSP exactly as a visitor's browser does."""
    context = _new_context(browser, server, viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def phone_page(browser, server: Server):
    """A page on a small phone (375x740 CSS pixels, touch)."""
    context = _new_context(
        browser,
        server,
        bypass_csp=True,
        viewport=PHONE_VIEWPORT,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    yield context.new_page()
    context.close()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """How many pages axe-core checked, and its moderate or minor findings (not failures)."""
    if not VISITED:
        return
    terminalreporter.section("accessibility (axe-core)")
    terminalreporter.write_line(f"{len(VISITED)} page views checked against WCAG 2.2 A/AA.")
    for visit in VISITED:
        for finding in visit.minor:
            terminalreporter.write_line(f"{visit.url}\n  {finding}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """When a browser test fails, show what the server logged (a 500's traceback, say)."""
    report = yield
    server = item.funcargs.get("server") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and isinstance(server, Server):
        report.sections.append(("server log (last lines)", server.log_tail(60)))
    return report
