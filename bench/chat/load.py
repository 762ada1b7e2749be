"""The chat benchmark's load process: WebSocket clients on loopback, sending open loop.

Started by bench/chat/run.py, one process or more, each with its share of the rooms (all
clients of a room live in the same process, so it alone can check that room). It reads
one JSON command per line on standard input and answers each with one JSON line:

  {"cmd": "connect"}
      open a socket per client, sign in by session cookie (mode chat) and subscribe it to
      its room; answers how many are connected and how long it took.
  {"cmd": "phase", "name": str, "rate": float, "duration": float, "start_at": float,
   "drain": float}
      send `rate` messages/s for `duration` s, message n due at start_at + n / rate
      (time.monotonic(), the same clock in every process) whether or not earlier ones were
      answered, round robin over the clients, each to its own room. Every receiver records
      the time from the message's due time to its arrival. Then wait up to `drain` s for
      every delivery, and check against the database: each sent client id stored once,
      each stored message received exactly once by every client of its room. In mode chat
      the clients that miss one then resume as a reconnecting browser would
      (subscribe "after" the last seq they saw), and what is still missing is counted again.
  {"cmd": "quit"}

In mode chat every client also pings every 25 s (--ping-every), spread evenly, as the
browser does; the server answers a ping with a catch-up and an access check.

Modes: `chat` talks to /ws/chat/ (conversations.consumers.ChatConsumer); `bare` to
/ws/bench/chat/ (core.bench_consumers.BareChatConsumer). Latencies are returned as a
histogram of 0.1 ms buckets so that several processes can be merged exactly.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

CONNECT_CONCURRENCY = 40
CONTROL_TIMEOUT_S = 60.0
# About the length of a short chat message, so frames and rows have a realistic size.
FILLER = "thanks for listening, it helps to know someone else has been through this too"


def bucket(seconds: float) -> int:
    return max(0, round(seconds * 10_000))  # 0.1 ms


@dataclass
class Client:
    index: int
    room: int
    session: str | None
    ws: ClientConnection | None = None
    control: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)
    seen: set[int] = field(default_factory=set)
    max_seq: dict[int, int] = field(default_factory=dict)
    closed_code: int | None = None


@dataclass
class Phase:
    name: str
    prefix: str
    rate: float
    start_at: float
    senders: list[Client]
    accounting: bool = True
    sent: int = 0
    send_failed: int = 0
    delivered: int = 0
    duplicated: int = 0
    repeated_on_resume: int = 0
    out_of_order: int = 0
    hist: Counter[int] = field(default_factory=Counter)
    ack_hist: Counter[int] = field(default_factory=Counter)
    send_lag: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    errored_ids: set[str] = field(default_factory=set)
    created_false: int = 0
    last_delivery: float = 0.0

    def number(self, client_id: Any) -> int | None:
        if isinstance(client_id, str) and client_id.startswith(self.prefix):
            with contextlib.suppress(ValueError):
                return int(client_id[len(self.prefix) :])
        return None

    def due(self, n: int) -> float:
        return self.start_at + n / self.rate if self.rate else self.start_at

    def room_of(self, n: int) -> int:
        return self.senders[n % len(self.senders)].room


class Load:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        everyone = json.loads(Path(args.clients).read_text())
        rooms = sorted({c["room"] for c in everyone["clients"]})
        mine = set(rooms[args.shard :: args.shards])
        self.clients = [
            Client(index=i, room=c["room"], session=c["session"])
            for i, c in enumerate(everyone["clients"])
            if c["room"] in mine
        ]
        self.phase: Phase | None = None
        self.stale = 0
        self.closed = 0
        self.pongs = 0
        self.close_codes: Counter[str] = Counter()
        self.pinger: asyncio.Task[None] | None = None
        self.readers: list[asyncio.Task[None]] = []

    # --- Sockets ---------------------------------------------------------------------

    async def open_one(self, client: Client, gate: asyncio.Semaphore) -> str | None:
        headers = {"Cookie": f"sessionid={client.session}"} if self.args.mode == "chat" else {}
        client.control = asyncio.Queue()
        client.closed_code = None
        after = client.max_seq.get(client.room, 0)  # a reconnecting client resumes
        async with gate:
            try:
                client.ws = await connect(
                    self.args.url,
                    origin=self.args.origin,  # type: ignore[arg-type]
                    additional_headers=headers,
                    compression=None if self.args.no_compression else "deflate",
                    ping_interval=None,
                    open_timeout=CONTROL_TIMEOUT_S,
                    max_size=2**20,
                    max_queue=None,
                )
            except (OSError, InvalidStatus, TimeoutError) as exc:
                return type(exc).__name__
            self.readers.append(asyncio.create_task(self.read(client)))
            try:
                if self.args.mode == "chat":
                    await self.expect(client, "hello")
                    subscribe = {"type": "subscribe", "room": client.room, "after": after}
                    await self.send(client, subscribe)
                    await self.expect(client, "caught_up")
                else:
                    await self.send(client, {"type": "subscribe", "room": client.room})
                    await self.expect(client, "subscribed")
            except (TimeoutError, ConnectionClosed, RuntimeError) as exc:
                return f"{type(exc).__name__} {exc}"[:80]
        return None

    async def expect(self, client: Client, kind: str) -> dict[str, Any]:
        while True:
            frame = await asyncio.wait_for(client.control.get(), CONTROL_TIMEOUT_S)
            if frame.get("type") == kind:
                return frame
            if frame.get("type") == "closed":
                raise RuntimeError(f"closed with {frame.get('code')}")

    async def send(self, client: Client, frame: dict[str, Any]) -> None:
        assert client.ws is not None
        await client.ws.send(json.dumps(frame))

    async def read(self, client: Client) -> None:
        assert client.ws is not None
        try:
            async for raw in client.ws:
                frame = json.loads(raw)
                kind = frame.get("type")
                if kind == "message":
                    self.on_message(client, frame)
                elif kind == "ack":
                    self.on_ack(frame)
                elif kind == "error":
                    self.on_error(frame)
                elif kind == "pong":
                    self.pongs += 1
                else:
                    client.control.put_nowait(frame)
        except ConnectionClosed:
            pass
        finally:
            client.closed_code = client.ws.close_code or 1006
            self.closed += 1
            self.close_codes[str(client.closed_code)] += 1
            client.control.put_nowait({"type": "closed", "code": client.closed_code})

    def on_message(self, client: Client, frame: dict[str, Any]) -> None:
        now = time.monotonic()
        message = frame["message"]
        seq = message.get("seq")
        highest = 0
        if seq is not None:
            highest = client.max_seq.get(frame["room"], 0)
            client.max_seq[frame["room"]] = max(highest, seq)
        phase = self.phase
        n = phase.number(message.get("client_id")) if phase else None
        if phase is None or n is None:
            self.stale += 1
            return
        if n in client.seen:
            # After the drain only a resume sends anything again: its catch-up may repeat
            # what was still on the wire, which the protocol has the client skip by seq.
            if phase.accounting:
                phase.duplicated += 1
            else:
                phase.repeated_on_resume += 1
            return
        if seq is not None and seq < highest:
            phase.out_of_order += 1
        client.seen.add(n)
        phase.delivered += 1
        phase.last_delivery = now
        if phase.accounting:
            phase.hist[bucket(now - phase.due(n))] += 1

    def on_ack(self, frame: dict[str, Any]) -> None:
        phase = self.phase
        n = phase.number(frame.get("client_id")) if phase else None
        if phase is not None and n is not None:
            phase.ack_hist[bucket(time.monotonic() - phase.due(n))] += 1
            if not frame.get("created", True):
                phase.created_false += 1

    def on_error(self, frame: dict[str, Any]) -> None:
        phase = self.phase
        if phase is None:
            self.stale += 1
            return
        phase.errors[str(frame.get("code"))] += 1
        if isinstance(frame.get("client_id"), str):
            phase.errored_ids.add(frame["client_id"])

    async def cmd_connect(self) -> dict[str, Any]:
        started = time.monotonic()
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        failures = await asyncio.gather(*(self.open_one(c, gate) for c in self.clients))
        failed = Counter(f for f in failures if f is not None)
        self.clients = [c for c, f in zip(self.clients, failures, strict=True) if f is None]
        if self.args.mode == "chat" and self.args.ping_every > 0 and self.clients:
            self.pinger = asyncio.create_task(self.ping_forever())
        return {
            "connected": len(self.clients),
            "failed": dict(failed),
            "seconds": round(time.monotonic() - started, 2),
        }

    async def ping_forever(self) -> None:
        """Every client pings every --ping-every seconds, as the browser's chat.js does,
        spread evenly over the interval."""
        gap = self.args.ping_every / len(self.clients)
        next_at = time.monotonic()
        while True:
            for client in self.clients:
                next_at += gap
                await asyncio.sleep(max(0.0, next_at - time.monotonic()))
                if client.closed_code is None:
                    with contextlib.suppress(ConnectionClosed):
                        await self.send(client, {"type": "ping"})

    # --- A phase ---------------------------------------------------------------------

    def text(self, phase: Phase, n: int) -> str:
        return f"{phase.prefix}{n} sent {phase.due(n):.6f}: {FILLER}"

    async def reconnect(self) -> int:
        """Open again the sockets the server closed (as the browser does), resuming after
        the last seq each saw, so that every phase starts with every client."""
        closed = [c for c in self.clients if c.closed_code is not None]
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        await asyncio.gather(*(self.open_one(c, gate) for c in closed))
        return len(closed)

    async def cmd_phase(self, cmd: dict[str, Any]) -> dict[str, Any]:
        rate, duration, drain = float(cmd["rate"]), float(cmd["duration"]), float(cmd["drain"])
        reconnected = await self.reconnect()
        closes_before = Counter(self.close_codes)
        prefix = f"{self.args.tag}-{cmd['name']}-{self.args.shard}-"
        live = [c for c in self.clients if c.closed_code is None and c.ws is not None]
        phase = Phase(cmd["name"], prefix, rate, float(cmd["start_at"]), senders=live)
        for client in self.clients:
            client.seen = set()
        self.phase = phase
        cpu_before = time.process_time()
        total = round(rate * duration) if rate > 0 else 0
        by_room: dict[int, list[Client]] = {}
        for client in live:
            by_room.setdefault(client.room, []).append(client)
        for n in range(total):
            due = phase.due(n)
            delay = due - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            phase.send_lag[bucket(time.monotonic() - due)] += 1
            sender = live[n % len(live)]
            frame = {
                "type": "send",
                "room": sender.room,
                "client_id": f"{prefix}{n}",
                "text": self.text(phase, n),
            }
            try:
                await self.send(sender, frame)
                phase.sent += 1
            except ConnectionClosed:
                phase.send_failed += 1
        if not total:  # a phase without messages: the sockets' own traffic (pings) only
            await asyncio.sleep(max(0.0, phase.start_at + duration - time.monotonic()))
        sending_done = time.monotonic()
        # Wait for every delivery of every message that was not refused.
        deadline = phase.due(total) + drain
        expected = sum(len(by_room[phase.room_of(n)]) for n in range(total))
        while time.monotonic() < deadline:
            refused = (phase.number(client_id) for client_id in phase.errored_ids)
            missing = sum(len(by_room[phase.room_of(n)]) for n in refused if n is not None)
            if phase.delivered >= expected - missing:
                break
            await asyncio.sleep(0.05)
        phase.accounting = False
        drained_at = time.monotonic()
        check = await asyncio.to_thread(self.stored, prefix)
        result = self.verify(phase, total, by_room, check)
        if self.args.mode == "chat" and result["lost"]:
            result["resumed_clients"] = await self.resume(phase, by_room, check)
            result["lost_after_resume"] = self.verify(phase, total, by_room, check)["lost"]
        else:
            result["lost_after_resume"] = result["lost"]
        result.update(
            name=phase.name,
            rate=rate,
            duration=duration,
            clients=len(live),
            reconnected_before=reconnected,
            closed_sockets=sum((self.close_codes - closes_before).values()),
            close_codes=dict(self.close_codes - closes_before),
            sending_seconds=round(sending_done - phase.start_at, 3),
            drain_seconds=round(drained_at - phase.due(total), 3),
            last_delivery_after_end_s=round(max(0.0, phase.last_delivery - phase.due(total)), 3),
            cpu_seconds=round(time.process_time() - cpu_before, 3),
            hist={str(k): v for k, v in phase.hist.items()},
            ack_hist={str(k): v for k, v in phase.ack_hist.items()},
            send_lag_hist={str(k): v for k, v in phase.send_lag.items()},
            errors=dict(phase.errors),
            duplicated=phase.duplicated,
            repeated_on_resume=phase.repeated_on_resume,
            out_of_order=phase.out_of_order,
            acked_existing=phase.created_false,
        )
        self.phase = None
        return result

    def stored(self, prefix: str) -> list[tuple[str, int]]:
        """(client id, room) of every row the server stored for this phase."""
        table, room = (
            ("conversations_message", "conversation_id")
            if self.args.mode == "chat"
            else ("bench_chat_message", "room")
        )
        with psycopg.connect(self.args.database_url, autocommit=True) as conn:
            rows = conn.execute(
                f"SELECT client_id, {room} FROM {table} WHERE starts_with(client_id, %s)",  # noqa: S608
                [prefix],
            ).fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    def verify(
        self,
        phase: Phase,
        total: int,
        by_room: dict[int, list[Client]],
        stored: list[tuple[str, int]],
    ) -> dict[str, Any]:
        counts = Counter(client_id for client_id, _room in stored)
        numbers = {phase.number(client_id) for client_id in counts}
        lost = 0
        wrong_room = 0
        for client_id, room in stored:
            n = phase.number(client_id)
            if n is None or n >= total:
                continue
            if phase.room_of(n) != room:
                wrong_room += 1
            lost += sum(1 for c in by_room[phase.room_of(n)] if n not in c.seen)
        return {
            "sent": phase.sent,
            "send_failed": phase.send_failed,
            "stored": len(counts),
            "stored_twice": sum(1 for c in counts.values() if c > 1),
            "not_stored": sum(1 for n in range(total) if n not in numbers),
            "stored_in_wrong_room": wrong_room,
            "expected_deliveries": sum(len(by_room[room]) for _id, room in stored),
            "delivered": phase.delivered,
            "lost": lost,
        }

    async def resume(
        self, phase: Phase, by_room: dict[int, list[Client]], stored: list[tuple[str, int]]
    ) -> int:
        """Subscribe again "after" the last seq seen, as a reconnecting client does."""
        behind: set[int] = set()
        for client_id, _room in stored:
            n = phase.number(client_id)
            if n is not None:
                behind.update(c.index for c in by_room[phase.room_of(n)] if n not in c.seen)
        clients = [c for c in self.clients if c.index in behind and c.closed_code is None]

        async def one(client: Client) -> None:
            while not client.control.empty():
                client.control.get_nowait()
            after = client.max_seq.get(client.room, 0)
            with contextlib.suppress(TimeoutError, RuntimeError, ConnectionClosed):
                await self.send(client, {"type": "subscribe", "room": client.room, "after": after})
                await self.expect(client, "caught_up")

        await asyncio.gather(*(one(c) for c in clients))
        return len(clients)

    async def cmd_quit(self) -> dict[str, Any]:
        if self.pinger is not None:
            self.pinger.cancel()

        async def close(client: Client) -> None:
            if client.ws is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(client.ws.close(), 10)

        await asyncio.gather(*(close(c) for c in self.clients))
        for task in self.readers:
            task.cancel()
        return {"closed": len(self.clients)}


async def serve(args: argparse.Namespace) -> None:
    load = Load(args)
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
    parser.add_argument("--mode", choices=["chat", "bare"], required=True)
    parser.add_argument("--url", required=True, help="ws://127.0.0.1:PORT/ws/chat/")
    parser.add_argument("--origin", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--clients", required=True, help="the JSON file from setup_data.py")
    parser.add_argument("--shard", type=int, default=0)
    parser.add_argument("--shards", type=int, default=1)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tag", required=True, help="letters and digits, unique per run")
    parser.add_argument("--no-compression", action="store_true")
    parser.add_argument("--ping-every", type=float, default=25.0, help="seconds; 0: never")
    args = parser.parse_args()
    if not args.url.startswith("ws://127.0.0.1:"):
        sys.exit("the load runs on loopback only")
    try:
        from uvloop import run as run_loop
    except ImportError:
        run_loop = asyncio.run
    run_loop(serve(args))


if __name__ == "__main__":
    main()
