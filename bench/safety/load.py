"""The safety benchmark's load process: the chat benchmark's clients, some of whose messages
are urgent, plus the responders' notification sockets.

Started by bench/safety/run.py (through bench/chat/run.py's start_loads). It is
bench/chat/load.py (imported, not copied: the same sockets, open-loop sending, pings,
delivery accounting and database check, the same commands) with three additions:

- message n is urgent when n % E == (n // E) % E, E = --urgent-every (100: 1% of the
  messages). Within each block of E messages one is urgent, at a position that moves by one
  per block, so with the chat bench's round robin (sender n % clients, room n % rooms) the
  urgent messages go round the rooms instead of all landing in one. An urgent message's
  text is the one tests/safety/alert_helpers.py screens as urgent, behind the usual client
  id and due time. The moment each urgent frame has been handed to the socket is recorded
  (time.monotonic() and time.time());
- on `connect` it also opens each responder's notification socket (--notify-url, signed in
  by session cookie, two-factor step passed), waits for `hello`, and pings it every
  --ping-every seconds as static/js/alerts.js does. Each `notify` frame is recorded with its
  arrival time. A socket the server closes is opened again after a second, as the page does
  (the page would then also ask the API for waiting alerts; here that gap counts as a notice
  not delivered);
- {"cmd": "safety"} answers {"urgent": {client_id: {"sent", "due", "sent_wall"}},
  "notices": [[user, kind, alert id, status, arrival monotonic, arrival wall]], and the
  responders' connection counts}.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

CHAT = Path(__file__).resolve().parent.parent / "chat"
# What tests/safety/alert_helpers.py screens as urgent.
URGENT = "I want to kill myself tonight. I have a plan and nobody would even notice."
REOPEN_AFTER_S = 1.0  # static/js/alerts.js: the first back-off


def load_chat_load() -> ModuleType:
    """bench/chat/load.py, under its own name (this file is also called load.py)."""
    spec = importlib.util.spec_from_file_location("chat_load", CHAT / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


chat_load = load_chat_load()


@dataclass
class Responder:
    user: int
    session: str
    step: int
    ws: ClientConnection | None = None
    closed_code: int | None = None


class SafetyLoad(chat_load.Load):  # type: ignore[misc, name-defined]
    def __init__(self, args: argparse.Namespace) -> None:
        super().__init__(args)
        everyone = json.loads(Path(args.clients).read_text())
        rooms = sorted({c["room"] for c in everyone["clients"]})
        mine = set(rooms[args.shard :: args.shards])
        self.responders = [
            Responder(user=r["user"], session=r["session"], step=r["step"])
            for r in everyone.get("responders", [])
            if r["room"] in mine or (r["room"] is None and args.shard == 0)
        ]
        self.urgent: dict[str, dict[str, float]] = {}
        self.notices: list[list[Any]] = []
        self.responder_pongs = 0
        self.responder_other: Counter[str] = Counter()
        self.responder_closes: Counter[str] = Counter()
        self.responder_reopened = 0
        self.responder_reopen_failed: Counter[str] = Counter()
        self.quitting = False
        self.responder_tasks: list[asyncio.Task[Any]] = []

    # --- Urgent messages ------------------------------------------------------------

    def is_urgent(self, n: int) -> bool:
        every = int(self.args.urgent_every)
        return every > 0 and n % every == (n // every) % every

    def text(self, phase: Any, n: int) -> str:
        if self.is_urgent(n):
            return f"{phase.prefix}{n} sent {phase.due(n):.6f}: {URGENT}"
        return str(super().text(phase, n))

    async def send(self, client: Any, frame: dict[str, Any]) -> None:
        await super().send(client, frame)
        phase = self.phase
        if frame.get("type") != "send" or phase is None:
            return
        n = phase.number(frame.get("client_id"))
        if n is not None and self.is_urgent(n):
            self.urgent[frame["client_id"]] = {
                "sent": time.monotonic(),
                "sent_wall": time.time(),
                "due": phase.due(n),
            }

    # --- Responders' notification sockets -------------------------------------------

    async def open_responder(self, responder: Responder, gate: asyncio.Semaphore) -> str | None:
        async with gate:
            try:
                responder.ws = await connect(
                    self.args.notify_url,
                    origin=self.args.origin,
                    additional_headers={"Cookie": f"sessionid={responder.session}"},
                    compression=None if self.args.no_compression else "deflate",
                    ping_interval=None,
                    open_timeout=chat_load.CONTROL_TIMEOUT_S,
                    max_queue=None,
                )
            except (OSError, InvalidStatus, TimeoutError) as exc:
                return f"{type(exc).__name__} {exc}"[:80]
            try:
                raw = await asyncio.wait_for(responder.ws.recv(), chat_load.CONTROL_TIMEOUT_S)
                hello = json.loads(raw)
            except (TimeoutError, ConnectionClosed) as exc:
                return f"{type(exc).__name__} {exc}"[:80]
            if hello.get("type") != "hello":
                return f"expected hello, got {hello.get('type')}"
        responder.closed_code = None
        self.responder_tasks.append(asyncio.create_task(self.read_responder(responder)))
        return None

    async def read_responder(self, responder: Responder) -> None:
        assert responder.ws is not None
        try:
            async for raw in responder.ws:
                arrived, arrived_wall = time.monotonic(), time.time()
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "notify":
                    payload = frame.get("payload") or {}
                    self.notices.append(
                        [
                            responder.user,
                            frame.get("kind"),
                            payload.get("id"),
                            payload.get("status"),
                            arrived,
                            arrived_wall,
                        ]
                    )
                elif kind == "pong":
                    self.responder_pongs += 1
                else:
                    self.responder_other[str(kind)] += 1
        except ConnectionClosed:
            pass
        finally:
            responder.closed_code = responder.ws.close_code or 1006
            if not self.quitting:
                self.responder_closes[str(responder.closed_code)] += 1
                self.responder_tasks.append(asyncio.create_task(self.reopen(responder)))

    async def reopen(self, responder: Responder) -> None:
        await asyncio.sleep(REOPEN_AFTER_S)
        if self.quitting:
            return
        failure = await self.open_responder(responder, asyncio.Semaphore(1))
        if failure is None:
            self.responder_reopened += 1
        else:
            self.responder_reopen_failed[failure] += 1

    async def ping_responders(self) -> None:
        gap = self.args.ping_every / max(1, len(self.responders))
        next_at = time.monotonic()
        while True:
            for responder in self.responders:
                next_at += gap
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
                if responder.closed_code is None and responder.ws is not None:
                    with contextlib.suppress(ConnectionClosed):
                        await responder.ws.send(json.dumps({"type": "ping"}))

    async def cmd_connect(self) -> dict[str, Any]:
        answer: dict[str, Any] = await super().cmd_connect()
        started = time.monotonic()
        gate = asyncio.Semaphore(chat_load.CONNECT_CONCURRENCY)
        failures = await asyncio.gather(*(self.open_responder(r, gate) for r in self.responders))
        self.responders = [r for r, f in zip(self.responders, failures, strict=True) if f is None]
        if self.args.ping_every > 0 and self.responders:
            self.responder_tasks.append(asyncio.create_task(self.ping_responders()))
        answer["responders_connected"] = len(self.responders)
        answer["responders_failed"] = dict(Counter(f for f in failures if f is not None))
        answer["responders_seconds"] = round(time.monotonic() - started, 2)
        return answer

    def cmd_safety(self) -> dict[str, Any]:
        return {
            "urgent": self.urgent,
            "notices": self.notices,
            "responders_connected": len(self.responders),
            "responders_open": sum(1 for r in self.responders if r.closed_code is None),
            "responder_closes": dict(self.responder_closes),
            "responders_reopened": self.responder_reopened,
            "responder_reopen_failed": dict(self.responder_reopen_failed),
            "responder_pongs": self.responder_pongs,
            "responder_other_frames": dict(self.responder_other),
        }

    async def cmd_quit(self) -> dict[str, Any]:
        self.quitting = True
        for task in self.responder_tasks:
            task.cancel()
        for responder in self.responders:
            if responder.ws is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(responder.ws.close(), 10)
        answer: dict[str, Any] = await super().cmd_quit()
        return answer


async def serve(args: argparse.Namespace) -> None:
    load = SafetyLoad(args)
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    print(json.dumps({"ready": True, "clients": len(load.clients)}), flush=True)
    while line := await reader.readline():
        cmd = json.loads(line)
        if cmd["cmd"] == "connect":
            answer = await load.cmd_connect()
        elif cmd["cmd"] == "phase":
            answer = await load.cmd_phase(cmd)
        elif cmd["cmd"] == "safety":
            answer = load.cmd_safety()
        elif cmd["cmd"] == "quit":
            print(json.dumps(await load.cmd_quit()), flush=True)
            return
        else:
            answer = {"error": f"unknown command {cmd['cmd']!r}"}
        answer["stale_frames"] = load.stale
        answer["pongs"] = load.pongs
        print(json.dumps(answer), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # bench/chat/load.py's arguments (bench/chat/run.py's start_loads passes them) ...
    parser.add_argument("--mode", choices=["chat"], required=True)
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/ws/chat/")
    parser.add_argument("--origin", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--clients", required=True, help="the JSON file from setup_data.py")
    parser.add_argument("--shard", type=int, default=0)
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tag", required=True, help="letters and digits, unique per run")
    parser.add_argument("--no-compression", action="store_true")
    parser.add_argument("--ping-every", type=float, default=25.0, help="seconds; 0: never")
    # ... and ours.
    parser.add_argument("--notify-url", required=True, help="ws://127.0.0.1:PORT/ws/notifications/")
    parser.add_argument("--urgent-every", type=int, default=100, help="1 in N messages; 0: none")
    args = parser.parse_args()
    if not args.url.startswith("ws://127.0.0.1:") or not args.notify_url.startswith(
        "ws://127.0.0.1:"
    ):
        sys.exit("the load runs on loopback only")
    try:
        from uvloop import run as run_loop
    except ImportError:
        run_loop = asyncio.run  # type: ignore[assignment]
    run_loop(serve(args))


if __name__ == "__main__":
    main()
