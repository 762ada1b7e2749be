"""Real `peerhaven serve` processes on the test database, a private Redis, and a chat client
that speaks the /ws/chat/ protocol the way a browser tab does: it keeps every message by
seq, resumes after the last seq it saw, and resends what was never acknowledged with the
same client id.

The servers are separate processes, so they only see committed rows: tests that use them
need `django_db(transaction=True, serialized_rollback=True)`. Only PostgreSQL can be
shared with them (the SQLite test database lives in this process's memory), and only
Redis carries events between them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connections
from django.test import Client
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

STARTUP_TIMEOUT = 30.0
CHAT_PATH = "/ws/chat/"
RECONNECT_DELAY = 0.1
# A message rate no test here should ever reach: these tests are about delivery.
UNLIMITED_RATE = "1000000"
# Error codes the chat page answers by sending the message again after extra.retry_after.
RETRIED = frozenset({"server_error", "rate_limited"})


def unsupported_reason() -> str | None:
    """Why live servers cannot run on this test configuration, or None when they can."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        return (
            "needs PostgreSQL and Redis (set DATABASE_URL and REDIS_URL): "
            f"server processes cannot share the {engine.rsplit('.', 1)[-1]} test database"
        )
    if not settings.REDIS_URL:
        return "needs Redis (set REDIS_URL): the in-memory channel layer is one process only"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def current_database_url() -> str:
    """DATABASE_URL of the database this test runs on (pytest-django's test database)."""
    db = connections["default"].settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = db.get("PASSWORD") or ""
    auth = f"{user}:{quote(password, safe='')}" if password else user
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{quote(db['NAME'], safe='')}"


def session_cookie(user: Any) -> str:
    """A `Cookie` header value signing `user` in (the servers share the test SECRET_KEY)."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


# --- Servers ----------------------------------------------------------------------------


def _no_proxy_opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def healthy(url: str) -> bool:
    try:
        with _no_proxy_opener().open(f"{url}/healthz", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class LiveServer:
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{CHAT_PATH}"

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: no graceful close of any socket."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
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


def server_env(*, database_url: str, redis_url: str, data_dir: Path) -> dict[str, str]:
    """The production settings module, configured only through the environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
        and not key.startswith("PEERHAVEN_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="peerhaven.config.settings",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PEERHAVEN_SECRET_KEY=settings.SECRET_KEY,
        PEERHAVEN_ALLOWED_HOSTS="127.0.0.1,localhost",
        PEERHAVEN_HTTPS="false",
        PEERHAVEN_DEBUG="false",
        PEERHAVEN_DATA_DIR=str(data_dir),
        PEERHAVEN_CACHE_PREFIX=settings.CACHE_KEY_PREFIX,
        PEERHAVEN_MESSAGE_RATE_LIMIT=UNLIMITED_RATE,
        PEERHAVEN_LOG_FORMAT="text",
        PEERHAVEN_LOG_LEVEL="INFO",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_server(env: dict[str, str], log_dir: Path) -> LiveServer:
    port = free_port()
    log_path = log_dir / f"serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own command, no shell
            [
                sys.executable,
                "-m",
                "peerhaven.config.cli",
                "serve",
                "--no-task-worker",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            env=env,
            cwd=log_dir,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return LiveServer(port=port, process=process, log_path=log_path)


def wait_healthy(servers: list[LiveServer], timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    waiting = list(servers)
    while waiting:
        for server in list(waiting):
            if server.process.poll() is not None:
                raise RuntimeError(
                    f"peerhaven serve on port {server.port} exited with "
                    f"{server.process.returncode}:\n{server.log_tail()}"
                )
            if healthy(server.url):
                waiting.remove(server)
        if waiting and time.monotonic() > deadline:
            logs = "\n".join(s.log_tail() for s in waiting)
            raise RuntimeError(f"/healthz not 200 within {timeout:.0f} s:\n{logs}")
        if waiting:
            time.sleep(0.2)


@contextlib.contextmanager
def live_servers(count: int, *, redis_url: str, log_dir: Path) -> Iterator[list[LiveServer]]:
    """`count` servers on this test's database and `redis_url`, stopped on exit."""
    env = server_env(database_url=current_database_url(), redis_url=redis_url, data_dir=log_dir)
    servers: list[LiveServer] = []
    try:
        for _ in range(count):
            servers.append(start_server(env, log_dir))
        wait_healthy(servers)
        yield servers
    finally:
        for server in servers:
            server.stop()


# --- A private Redis ----------------------------------------------------------------------


class PrivateRedis:
    """A throwaway redis-server on a free port, without persistence, that can be restarted
    (and so loses everything, as an unpersisted Redis does) without disturbing other tests."""

    def __init__(self, log_dir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise FileNotFoundError("redis-server")
        self.binary = binary
        self.port = free_port()
        self.log_dir = log_dir
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> None:
        self.starts += 1
        log_path = self.log_dir / f"redis-{self.port}-{self.starts}.log"
        with log_path.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - a fixed local binary, no shell
                [
                    self.binary,
                    "--port",
                    str(self.port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                cwd=self.log_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{log_path.read_text()}")
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), 0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def flush(self) -> None:
        """FLUSHALL: Redis forgets everything while every client connection stays up."""
        with socket.create_connection(("127.0.0.1", self.port), 2) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            answer = sock.recv(16)
        if not answer.startswith(b"+OK"):
            raise RuntimeError(f"FLUSHALL answered {answer!r}")

    def stop(self) -> None:
        """SHUTDOWN NOSAVE: every key, channel and group membership is gone."""
        if self.process is None or self.process.poll() is not None:
            return
        cli = shutil.which("redis-cli")
        if cli is not None:
            subprocess.run(  # noqa: S603 - a fixed local binary, no shell
                [cli, "-p", str(self.port), "shutdown", "nosave"],
                capture_output=True,
                timeout=5,
                check=False,
            )
        else:
            self.process.terminate()  # Nothing to save: started with --save "".
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    def restart(self, down_for: float = 0.5) -> None:
        self.stop()
        time.sleep(down_for)
        self.start()


# --- The chat client ----------------------------------------------------------------------


class SessionRefused(Exception):
    """The server answered the socket with an error or an early close."""


@dataclass
class ChatClient:
    """One person's chat tab in one room, as the browser runs it.

    - Connects to `urls` in turn; after any drop it tries the next one.
    - Subscribes with after=the highest seq it holds, so catch-up fills what it missed.
    - `send` stores the text under a fresh client id in `pending` until its ack arrives;
      after each reconnect every pending message is resent with the same client id.
    - Pings every `ping_every` s and drops a socket that stays silent for `pong_wait` s
      after a ping, as the browser does (every 25 s there; sooner here, tests are short).
    """

    name: str
    urls: list[str]
    cookie: str
    room_id: int
    received: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Every seq of a "message" frame in arrival order, repeats included.
    arrivals: list[int] = field(default_factory=list)
    gaps: list[tuple[int, int]] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)
    attempted: dict[str, str] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)
    # Refusals the page answers by sending again later (a server fault, the rate limit).
    retried: list[dict[str, Any]] = field(default_factory=list)
    _retries: set[asyncio.Task[None]] = field(default_factory=set)
    # (url, why) for every connection that ended or could not be opened.
    drops: list[tuple[str, str]] = field(default_factory=list)
    sessions: list[str] = field(default_factory=list)
    resent: int = 0
    url_index: int = 0
    ping_every: float | None = 1.0
    pong_wait: float = 3.0

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._ws: ClientConnection | None = None
        self._ready = asyncio.Event()
        self._stopping = False
        self._sent_once: set[str] = set()
        self._runner: asyncio.Task[None] | None = None
        self._last_frame_at = 0.0

    # --- What a test asks -------------------------------------------------------------

    @property
    def last_seq(self) -> int:
        return max(self.received, default=0)

    @property
    def url(self) -> str:
        return self.urls[self.url_index % len(self.urls)]

    def messages(self) -> list[tuple[int, str, str]]:
        """(seq, client id, text) of every message received, by seq."""
        return [(seq, m["client_id"], m["text"]) for seq, m in sorted(self.received.items())]

    def report(self) -> str:
        return (
            f"{self.name}: last_seq={self.last_seq} received={len(self.received)} "
            f"acked={len(self.acks)} pending={len(self.pending)} resent={self.resent} "
            f"sessions={self.sessions} drops={self.drops[-6:]} errors={self.errors[-3:]} "
            f"retried={len(self.retried)} "
            f"gaps={self.gaps[:5]} conflicts={self.conflicts[:3]}"
        )

    # --- Life cycle -------------------------------------------------------------------

    async def start(self, timeout: float = 10.0) -> None:
        self._runner = asyncio.create_task(self._run(), name=f"chat-{self.name}")
        await wait_until(self._ready.is_set, timeout, lambda: f"{self.report()} never ready")

    async def stop(self) -> None:
        self._stopping = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._runner is not None:
            try:
                await asyncio.wait_for(self._runner, 5)
            except (TimeoutError, asyncio.CancelledError):
                self._runner.cancel()

    @property
    def ready(self) -> bool:
        return self._ready.is_set()

    async def send(self, text: str) -> str:
        client_id = f"{self.name}-{next(self._ids)}"
        self.pending[client_id] = text
        self.attempted[client_id] = text
        ws = self._ws
        if self._ready.is_set() and ws is not None:
            # A message lost with the connection stays pending and is resent on reconnect.
            with contextlib.suppress(ConnectionClosed):
                await ws.send(self._send_frame(client_id))
                self._sent_once.add(client_id)
        return client_id

    # --- Inside ----------------------------------------------------------------------

    def _send_frame(self, client_id: str) -> str:
        return json.dumps(
            {
                "type": "send",
                "room": self.room_id,
                "client_id": client_id,
                "text": self.pending[client_id],
            }
        )

    async def _run(self) -> None:
        while not self._stopping:
            url = self.url
            try:
                async with connect(
                    url,
                    origin=url.replace("ws://", "http://").split("/ws/")[0],  # type: ignore[arg-type]
                    additional_headers={"Cookie": self.cookie},
                    open_timeout=3,
                    close_timeout=1,
                    proxy=None,
                    compression=None,
                ) as ws:
                    await self._session(url, ws)
                    why = f"closed {ws.close_code}"
            except ConnectionClosed as exc:
                why = f"closed {exc.rcvd.code if exc.rcvd else 'abruptly'}"
            except (OSError, InvalidHandshake, TimeoutError, SessionRefused) as exc:
                why = f"{type(exc).__name__}: {exc}"[:160]
            finally:
                self._ready.clear()
                self._ws = None
            if self._stopping:
                return
            self.drops.append((url, why))
            self.url_index += 1
            await asyncio.sleep(RECONNECT_DELAY)

    async def _session(self, url: str, ws: ClientConnection) -> None:
        hello = json.loads(await ws.recv())
        if hello.get("type") != "hello":
            raise SessionRefused(hello)
        await ws.send(
            json.dumps({"type": "subscribe", "room": self.room_id, "after": self.last_seq})
        )
        while True:
            frame = json.loads(await ws.recv())
            if frame.get("type") == "error" and "client_id" not in frame:
                raise SessionRefused(frame)
            self._handle(frame)
            if frame.get("type") == "caught_up":
                break
        self.sessions.append(url.split("//")[1].split("/")[0])
        self._ws = ws
        # Resend until nothing pending is left unsent on this connection; `send` calls that
        # happen meanwhile only queue, so the last check and `ready` leave no gap.
        sent_here: set[str] = set()
        while todo := [cid for cid in self.pending if cid not in sent_here]:
            for client_id in todo:
                sent_here.add(client_id)
                if client_id not in self.pending:
                    continue
                if client_id in self._sent_once:
                    self.resent += 1
                await ws.send(self._send_frame(client_id))
                self._sent_once.add(client_id)
        self._ready.set()
        pinger = asyncio.create_task(self._keep_pinging(ws)) if self.ping_every else None
        try:
            async for raw in ws:
                self._handle(json.loads(raw))
        finally:
            if pinger is not None:
                pinger.cancel()

    async def _keep_pinging(self, ws: ClientConnection) -> None:
        assert self.ping_every is not None
        pinged_at: float | None = None
        with contextlib.suppress(ConnectionClosed):
            while True:
                await asyncio.sleep(self.ping_every)
                now = time.monotonic()
                if pinged_at is not None and self._last_frame_at < pinged_at:
                    if now - pinged_at >= self.pong_wait:
                        self.drops.append((self.url, "no answer to a ping"))
                        await ws.close()
                        return
                    continue
                pinged_at = now
                await ws.send(json.dumps({"type": "ping"}))

    def _handle(self, frame: dict[str, Any]) -> None:
        self._last_frame_at = time.monotonic()
        kind = frame.get("type")
        if kind == "message" and frame.get("room") == self.room_id:
            message = frame["message"]
            seq = message["seq"]
            self.arrivals.append(seq)
            earlier = self.received.get(seq)
            if earlier is not None:
                if earlier["id"] != message["id"]:
                    self.conflicts.append(f"seq {seq}: {earlier['id']} then {message['id']}")
                return
            if seq < self.last_seq:
                self.conflicts.append(f"seq {seq} arrived after {self.last_seq}")
            elif seq > self.last_seq + 1:
                self.gaps.append((self.last_seq, seq))
            self.received[seq] = message
        elif kind == "ack":
            client_id = frame["client_id"]
            earlier = self.acks.get(client_id)
            if earlier is not None and earlier["id"] != frame["message"]["id"]:
                self.conflicts.append(f"{client_id} acked as {earlier['id']} and later another")
            self.acks[client_id] = frame["message"]
            self.pending.pop(client_id, None)
        elif kind == "error" and frame.get("code") in RETRIED and frame.get("client_id"):
            # As the page does (static/js/chat.js): keep it and send it again after the wait.
            self.retried.append(frame)
            delay = float(frame.get("extra", {}).get("retry_after", 1))
            task = asyncio.get_running_loop().create_task(self._resend(frame["client_id"], delay))
            self._retries.add(task)
            task.add_done_callback(self._retries.discard)
        elif kind == "error":
            self.errors.append(frame)

    async def _resend(self, client_id: str, delay: float) -> None:
        await asyncio.sleep(delay)
        ws = self._ws
        if client_id in self.pending and self._ready.is_set() and ws is not None:
            with contextlib.suppress(ConnectionClosed):
                self.resent += 1
                await ws.send(self._send_frame(client_id))


async def wait_until(
    predicate: Callable[[], bool], timeout: float, describe: Callable[[], str]
) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout:.0f} s: {describe()}")
        await asyncio.sleep(0.02)


async def keep_sending(
    client: ChatClient,
    *,
    count: int | None = None,
    until: asyncio.Event | None = None,
    interval: float = 0.01,
    max_in_flight: int = 8,
) -> None:
    """Send numbered messages every `interval` s, with at most `max_in_flight` unacked."""
    for number in itertools.count(1):
        if (count is not None and number > count) or (until is not None and until.is_set()):
            return
        while len(client.pending) >= max_in_flight:
            if until is not None and until.is_set():
                return
            await asyncio.sleep(0.005)
        await client.send(f"{client.name} says {number}")
        await asyncio.sleep(interval)
