"""Open-loop HTTP load at a fixed arrival rate, free of coordinated omission.

Request i is due at start + i / rate whether or not earlier ones have answered, and its
latency is counted from that due time, not from when a connection became free. A slow
server therefore shows up as high latency instead of as a quietly lower request rate.

Run by bench/run.py in its own process (loopback only); prints one JSON object.
Plain asyncio streams over HTTP/1.1 keep-alive, so it needs nothing outside the standard
library (uvloop is used when installed, to keep the generator's own overhead low).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import ipaddress
import json
import math
import sys
from dataclasses import dataclass, field

LOOPBACK_ONLY = "the load generator only targets loopback addresses"


# uvicorn closes a keep-alive connection after 5 s idle; never reuse one that close to it,
# or a request would fail on a connection the server is just closing.
MAX_IDLE_S = 3.0
CLIENT_OPEN_GAP_S = 0.005


@dataclass
class Conn:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    last_used: float = 0.0


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)  # seconds, from due time
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    send_lag: list[float] = field(default_factory=list)  # how late the generator sent
    last_done: float = 0.0


class Pool:
    """Keep-alive connections; opens a new one when all are busy, up to a cap.

    By default the connection idle longest serves the next request, as when many members'
    browsers each send now and then. Reusing the most recent one instead (`newest`) sends
    almost everything over one or two connections, and so to one server worker.
    """

    def __init__(self, host: str, port: int, cap: int, reuse: str = "oldest") -> None:
        self.host, self.port, self.cap = host, port, cap
        self.reuse_oldest = reuse == "oldest"
        self.idle: collections.deque[Conn] = collections.deque()
        self.waiters: collections.deque[asyncio.Future[Conn]] = collections.deque()
        self.total = 0
        self.opened = 0

    async def _open(self) -> Conn:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        self.opened += 1
        return Conn(reader, writer)

    async def acquire(self) -> Conn:
        now = asyncio.get_running_loop().time()
        while self.idle:
            conn = self.idle.popleft() if self.reuse_oldest else self.idle.pop()
            if now - conn.last_used < MAX_IDLE_S:
                return conn
            conn.writer.close()
            self.total -= 1
        if self.total < self.cap:
            self.total += 1
            try:
                return await self._open()
            except BaseException:
                self.total -= 1
                raise
        waiter: asyncio.Future[Conn] = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        return await waiter

    def release(self, conn: Conn) -> None:
        conn.last_used = asyncio.get_running_loop().time()
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(conn)
                return
        self.idle.append(conn)

    def discard(self, conn: Conn) -> None:
        conn.writer.close()
        self.total -= 1
        # Someone may be waiting for a connection that will now never be released.
        if self.waiters:
            self.total += 1
            asyncio.get_running_loop().create_task(self._replace())

    async def open_clients(self, count: int) -> None:
        """Open `count` connections before the load starts, one at a time: opened all at
        once, the first server worker to wake would accept every one of them."""
        loop = asyncio.get_running_loop()
        for _ in range(min(count, self.cap)):
            conn = await self._open()
            conn.last_used = loop.time()
            self.total += 1
            self.idle.append(conn)
            await asyncio.sleep(CLIENT_OPEN_GAP_S)

    async def _replace(self) -> None:
        try:
            conn = await self._open()
        except OSError:
            self.total -= 1
            return
        self.release(conn)

    def close(self) -> None:
        for conn in self.idle:
            conn.writer.close()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response fully; return (status, connection may be reused)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    keep_alive = headers.get("connection", "").lower() != "close"
    if headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    else:
        await reader.read()
        keep_alive = False
    return status, keep_alive


async def one_request(pool: Pool, request: bytes, due: float, timeout: float, stats: Stats) -> None:
    loop = asyncio.get_running_loop()
    stats.send_lag.append(loop.time() - due)
    conn: Conn | None = None
    try:
        async with asyncio.timeout(timeout):
            conn = await pool.acquire()
            conn.writer.write(request)
            await conn.writer.drain()
            status, keep_alive = await read_response(conn.reader)
    except TimeoutError:
        stats.errors["timeout"] += 1
        if conn is not None:
            pool.discard(conn)
        return
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
        stats.errors[type(exc).__name__] += 1
        if conn is not None:
            pool.discard(conn)
        return
    done = loop.time()
    stats.latencies.append(done - due)
    stats.statuses[status] += 1
    stats.last_done = max(stats.last_done, done)
    if keep_alive:
        pool.release(conn)
    else:
        pool.discard(conn)


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile (no interpolation), in the values' unit."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


async def run(args: argparse.Namespace) -> dict[str, object]:
    loop = asyncio.get_running_loop()
    pool = Pool(args.host, args.port, args.max_connections, reuse=args.reuse)
    await pool.open_clients(args.clients)
    headers = [
        f"GET {args.path} HTTP/1.1",
        f"Host: {args.host}:{args.port}",
        "User-Agent: peerhaven-bench",
        "Accept: text/html",
    ]
    if args.cookie:
        headers.append(f"Cookie: {args.cookie}")
    request = ("\r\n".join(headers) + "\r\n\r\n").encode("latin-1")

    stats = Stats()
    total = round(args.rate * args.duration)
    interval = 1.0 / args.rate
    start = loop.time() + 0.05
    tasks: list[asyncio.Task[None]] = []
    for i in range(total):
        due = start + i * interval
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(loop.create_task(one_request(pool, request, due, args.timeout, stats)))
    # Every request carries its own timeout, so this wait is bounded.
    await asyncio.gather(*tasks)
    pool.close()

    latencies = sorted(stats.latencies)
    ok = sum(n for status, n in stats.statuses.items() if 200 <= status < 300)
    # Achieved rate: successful answers over the span from the first due time to the
    # last answer (never shorter than the schedule itself).
    span = max(args.duration, stats.last_done - start) if latencies else args.duration
    lag = sorted(stats.send_lag)
    return {
        "path": args.path,
        "offered_rate": args.rate,
        "duration_s": args.duration,
        "sent": total,
        "completed": len(latencies),
        "ok": ok,
        "statuses": {str(k): v for k, v in sorted(stats.statuses.items())},
        "errors": dict(stats.errors),
        "achieved_rate": ok / span,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p90_ms": percentile(latencies, 90) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": (latencies[-1] * 1000) if latencies else math.nan,
        "connections_opened": pool.opened,
        "clients": args.clients,
        "reuse": args.reuse,
        "generator_send_lag_p99_ms": percentile(lag, 99) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="/")
    parser.add_argument("--cookie", default="")
    parser.add_argument("--rate", type=float, default=150.0, help="requests per second")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of sending")
    parser.add_argument("--timeout", type=float, default=5.0, help="per request, seconds")
    parser.add_argument("--max-connections", type=int, default=64)
    parser.add_argument(
        "--clients", type=int, default=32, help="keep-alive connections opened before the load"
    )
    parser.add_argument(
        "--reuse",
        choices=("oldest", "newest"),
        default="oldest",
        help="which idle connection sends the next request",
    )
    args = parser.parse_args()
    if not ipaddress.ip_address(args.host).is_loopback:
        sys.exit(LOOPBACK_ONLY)
    if args.rate <= 0 or args.duration <= 0:
        sys.exit("--rate and --duration must be positive")
    try:
        from uvloop import run as run_loop
    except ImportError:
        run_loop = asyncio.run
    print(json.dumps(run_loop(run(args))))


if __name__ == "__main__":
    main()
