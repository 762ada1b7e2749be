"""Chat benchmark of Peerhaven in its production configuration.

    .venv/bin/python bench/chat/run.py                  # 1,000 clients, 100 rooms; ~10 minutes
    .venv/bin/python bench/chat/run.py --quick          # 100 clients, 10 rooms, 50 msg/s; < 1 min
    .venv/bin/python bench/chat/run.py --layers configured,core,pubsub   # compare layers
    .venv/bin/python bench/chat/run.py --profile        # also sample one worker with py-spy

Creates a throw-away PostgreSQL database (peerhaven_bench_chat) with the members, one
group they all agreed to and the rooms (bench/chat/setup_data.py), flushes its own Redis
database, and starts `peerhaven serve --workers 2 --no-task-worker` with DEBUG off,
PostgreSQL, Redis and the bench-only ceiling socket turned on. A separate load process
(bench/chat/load.py; --load-procs to split it) opens a signed-in socket per client, joins
it to its room, and then, per channel layer:

  1. chat at the target rate (default 300 messages/s from 1,000 clients in 100 rooms:
     3,000 deliveries/s): p50/p95/p99 from each message's due time to its arrival at every
     receiver, and lost / duplicated checked against the database;
  2. chat at rising rates until p99 reaches 200 ms or anything is lost: the highest rate
     that held;
  3. the same for the bare consumer (peerhaven.core.bench_consumers: insert and broadcast,
     nothing else), and our share of its highest rate (the target is 60%);

and finally, without the server, Redis pub/sub fan-out alone and PostgreSQL inserts alone
(bench/chat/baselines.py). It prints a table and writes bench/results/chat.json. Not a
test: nothing here fails on slow figures. See docs/performance.md, "Chat".
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import IO, Any

from baselines import summary

CHAT = Path(__file__).resolve().parent
ROOT = CHAT.parent.parent
RESULTS = ROOT / "bench" / "results"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_URL = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "peerhaven_bench_chat"
# A Redis database of its own, flushed before and after (pub/sub channels are global, so
# the layers' prefixes are also unique per run).
REDIS_URL = "redis://127.0.0.1:6379/5"

TARGET_P99_MS = 50.0  # at the target rate
STEP_P99_MS = 200.0  # the highest rate is the last one under this, with nothing lost
MIN_SHARE_OF_BARE = 0.60
LAYERS = ("configured", "core", "pubsub")


def log(message: str) -> None:
    print(f"[chat-bench] {message}", flush=True)


def load_http_bench() -> ModuleType:
    """bench/run.py, for its helpers (processes, CPU time, the machine, clean-up)."""
    spec = importlib.util.spec_from_file_location("http_bench", ROOT / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


http_bench = load_http_bench()


def psql(sql: str) -> None:
    http_bench.run_cmd(["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-q", "-c", sql])


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


# One key for the whole run: the sessions written at setup must still be valid.
SECRET_KEY = secrets.token_urlsafe(50)


def server_env(data_dir: Path, prefix: str, layer: str, extra: list[str]) -> dict[str, str]:
    env = http_bench.production_env(data_dir, prefix)
    env.update(
        PEERHAVEN_SECRET_KEY=SECRET_KEY,
        DATABASE_URL=f"{PG_URL}/{DB_NAME}",
        REDIS_URL=REDIS_URL,
        DJANGO_SETTINGS_MODULE="chat_bench_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(CHAT), os.environ.get("PYTHONPATH")])),
        BENCH_CHAT_LAYER=layer,
        PEERHAVEN_BENCH_ENDPOINTS="true",
        # One person sends up to a few messages a second here, far above a real person.
        PEERHAVEN_MESSAGE_RATE_LIMIT="1000000",
        PEERHAVEN_CHAT_MAX_CONNECTIONS="100",
    )
    env.update(item.split("=", 1) for item in extra)
    return env


# --- Processes ---------------------------------------------------------------------------


def pids_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
    return found


def cpu_of(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError, ValueError):
            total += http_bench.cpu_seconds([pid])
    return total


class CpuMeter:
    """CPU seconds used by each part of the system over a measurement."""

    def __init__(self, server_pid: int | None, loads: list[LoadProc]) -> None:
        self.groups = {
            "server": http_bench.children(server_pid) if server_pid else [],
            "load": [p.process.pid for p in loads],
            "redis": pids_named("redis-server"),
            # Every PostgreSQL backend on the machine, other users' included.
            "postgres": pids_named("postgres"),
        }
        self.before = {name: cpu_of(pids) for name, pids in self.groups.items()}
        # Each worker on its own: sockets stay with the worker that accepted them, so an
        # uneven split shows here.
        workers = worker_pids(server_pid) if server_pid else []
        self.worker_before = {pid: cpu_of([pid]) for pid in workers}
        self.started = time.monotonic()

    def done(self) -> dict[str, float]:
        self.groups["postgres"] = sorted(set(self.groups["postgres"]) | set(pids_named("postgres")))
        used = {
            name: cpu_of(pids) - self.before.get(name, 0.0) for name, pids in self.groups.items()
        }
        used = {name: round(max(0.0, value), 2) for name, value in used.items()}
        used["wall"] = round(time.monotonic() - self.started, 2)
        self.workers = [round(cpu_of([pid]) - b, 2) for pid, b in self.worker_before.items()]
        return used


class LoadProc:
    """One load process (bench/chat/load.py), driven by JSON lines."""

    def __init__(self, args: list[str], script: Path = CHAT / "load.py") -> None:
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, str(script), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.hello = self.answer()

    def ask(self, cmd: dict[str, Any]) -> None:
        stdin: IO[str] | None = self.process.stdin
        assert stdin is not None
        stdin.write(json.dumps(cmd) + "\n")
        stdin.flush()

    def answer(self) -> dict[str, Any]:
        stdout: IO[str] | None = self.process.stdout
        assert stdout is not None
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"the load process exited ({self.process.wait()})")
        result: dict[str, Any] = json.loads(line)
        return result

    def stop(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(OSError, RuntimeError, ValueError):
                self.ask({"cmd": "quit"})
                self.answer()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_loads(
    mode: str,
    port: int,
    clients_file: Path,
    tag: str,
    procs: int,
    no_compression: bool,
    ping_every: float = 25.0,
    script: Path = CHAT / "load.py",
    extra_args: tuple[str, ...] = (),
) -> list[LoadProc]:
    """`script` and `extra_args`: another load script that takes the same arguments and
    commands plus its own (bench/safety/load.py)."""
    path = "/ws/chat/" if mode == "chat" else "/ws/bench/chat/"
    loads = []
    for shard in range(procs):
        args = ["--mode", mode, "--url", f"ws://{HOST}:{port}{path}"]
        args += ["--origin", f"http://{HOST}:{port}", "--clients", str(clients_file)]
        args += ["--shard", str(shard), "--shards", str(procs)]
        args += ["--database-url", f"{PG_URL}/{DB_NAME}", "--tag", tag]
        if no_compression:
            args.append("--no-compression")
        args += ["--ping-every", str(ping_every), *extra_args]
        loads.append(LoadProc(args, script))
    for load in loads:
        load.ask({"cmd": "connect"})
    answers = [load.answer() for load in loads]
    connected = sum(a["connected"] for a in answers)
    failed: Counter[str] = Counter()
    for a in answers:
        failed.update(a["failed"])
    seconds = max(a["seconds"] for a in answers)
    log(f"{mode}: {connected} sockets connected and subscribed in {seconds:.1f} s")
    if failed:
        log(f"{mode}: failed to connect: {dict(failed)}")
    if not connected:
        raise RuntimeError(f"{mode}: no socket could connect")
    return loads


# --- Phases ------------------------------------------------------------------------------


def merge(answers: list[dict[str, Any]]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    hists: dict[str, Counter[int]] = defaultdict(Counter)
    errors: Counter[str] = Counter()
    closes: Counter[str] = Counter()
    for answer in answers:
        for key, value in answer.items():
            if key.endswith("hist"):
                hists[key].update({int(k): v for k, v in value.items()})
            elif key in ("errors", "close_codes"):
                (errors if key == "errors" else closes).update(value)
            elif isinstance(value, bool) or not isinstance(value, int | float):
                merged[key] = value
            elif key in ("rate", "duration"):
                merged[key] = merged.get(key, 0) + value if key == "rate" else value
            elif key.endswith("seconds") or key.endswith("_s"):
                merged[key] = max(merged.get(key, 0), value)
            else:
                merged[key] = merged.get(key, 0) + value
    merged["cpu_seconds"] = round(sum(a["cpu_seconds"] for a in answers), 2)
    merged["errors"] = dict(errors)
    merged["close_codes"] = dict(closes)
    merged.update(summary(hists["hist"]))
    merged["ack_p99_ms"] = summary(hists["ack_hist"])["p99_ms"] if hists["ack_hist"] else None
    merged["send_lag_p99_ms"] = summary(hists["send_lag_hist"])["p99_ms"]
    merged["send_lag_max_ms"] = summary(hists["send_lag_hist"])["max_ms"]
    return merged


def run_phase(
    loads: list[LoadProc],
    server_pid: int,
    name: str,
    rate: float,
    seconds: float,
    drain: float,
    during: Any = None,
) -> dict[str, Any]:
    meter = CpuMeter(server_pid, loads)
    start_at = time.monotonic() + 0.5
    for load in loads:
        load.ask(
            {
                "cmd": "phase",
                "name": name,
                "rate": rate / len(loads),
                "duration": seconds,
                "start_at": start_at,
                "drain": drain,
            }
        )
    extra = during() if during else None
    result = merge([load.answer() for load in loads])
    result["rate"] = rate
    result["deliveries_per_s"] = round(result["delivered"] / max(seconds, 1e-9), 1)
    result["cpu"] = meter.done()
    result["worker_cpu_s"] = meter.workers
    result["load_average"] = round(os.getloadavg()[0], 2)
    result["server_cores"] = round(result["cpu"]["server"] / max(0.1, result["cpu"]["wall"]), 2)
    sent = max(1, result["sent"])
    result["server_cpu_ms_per_message"] = round(result["cpu"]["server"] * 1000 / sent, 2)
    result["load_cpu_share"] = round(result["cpu_seconds"] / max(0.1, result["cpu"]["wall"]), 2)
    result["ok"] = passed(result, STEP_P99_MS)
    if extra is not None:
        result["profile"] = extra
    log(
        f"{name}: {rate:g} msg/s -> p50 {result['p50_ms']:.1f} p95 {result['p95_ms']:.1f} "
        f"p99 {result['p99_ms']:.1f} ms, lost {result['lost']}, dup {result['duplicated']}, "
        f"not stored {result['not_stored']}, errors {result['errors'] or 0}, "
        f"sockets closed {result['close_codes'] or 0}, "
        f"server cpu {result['server_cpu_ms_per_message']} ms/msg "
        f"(per worker {' / '.join(f'{used:.1f}' for used in meter.workers)} s)"
    )
    return result


def passed(result: dict[str, Any], p99_ms: float) -> bool:
    return bool(
        result["p99_ms"] < p99_ms
        and result["lost"] == 0
        and result["duplicated"] == 0
        and result["not_stored"] == 0
        and result["stored_twice"] == 0
        and not result["errors"]
        and not result["closed_sockets"]
    )


def settle(server_pid: int, baseline: float = 0.0, limit: float = 90.0) -> None:
    """Wait (bounded) until the server has worked off what an overload left queued: its
    CPU use back near `baseline` (cores used by the open sockets alone)."""
    workers = http_bench.children(server_pid)
    deadline = time.monotonic() + limit
    time.sleep(1)
    while time.monotonic() < deadline:
        before = cpu_of(workers)
        time.sleep(1)
        if cpu_of(workers) - before < baseline + 0.15:
            return
    log("the server was still busy when the next measurement started")


def ascend(
    loads: list[LoadProc],
    server_pid: int,
    name: str,
    rates: list[float],
    seconds: float,
    drain: float,
    baseline: float,
) -> tuple[list[dict[str, Any]], float | None]:
    """Rates from low to high until one does not hold (p99 < 200 ms, nothing lost, no
    socket dropped). Going up, only the last step overloads the server, so no step is
    measured while an earlier overload is still being worked off."""
    steps: list[dict[str, Any]] = []
    best = None
    for i, rate in enumerate(sorted(rates)):
        settle(server_pid, baseline)
        result = run_phase(loads, server_pid, f"{name}{i}", rate, seconds, drain)
        steps.append(result)
        if not result["ok"]:
            break
        best = rate
    return steps, best


# --- Profile -----------------------------------------------------------------------------


def find_py_spy(given: str | None) -> str | None:
    for candidate in (given, str(BIN / "py-spy"), shutil.which("py-spy")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def py_spy_record(
    py_spy: str, pid: int, seconds: float, out: Path, flags: list[str]
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603 - a profiler on our own worker
        [py_spy, "record", "--pid", str(pid), "--duration", str(int(seconds)), *flags]
        + ["--rate", "200", "--format", "raw", "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


# What a sample is spent on: the innermost frame that a specific rule names decides; a
# sample with none (an idle thread, the event loop itself) falls to the generic rules.
SPECIFIC = [
    ("PostgreSQL: psycopg, queries and waiting for answers", ["psycopg"]),
    ("Redis", ["redis/", "channels_redis", "msgpack"]),
    ("Markdown rendering and sanitizing", ["markdown", "nh3", "bleach", "rendering.py"]),
    (
        "WebSocket protocol: uvicorn, websockets, permessage-deflate",
        ["websockets/", "uvicorn/prot"],
    ),
    ("JSON", ["json/"]),
    ("waiting for the event loop (async_to_sync: the layer's group_send)", ["AsyncToSync"]),
    ("Django ORM and models", ["django/db/"]),
    ("Django cache", ["django/core/cache"]),
    ("thread hand-offs (asgiref sync_to_async)", ["asgiref/"]),
    ("Channels consumer machinery", ["channels/"]),
    ("our code (conversations, core)", ["peerhaven/"]),
]
GENERIC = [
    ("executor thread idle, waiting for work", ["concurrent/futures", "threading.py", "queue.py"]),
    ("event loop (uvloop; its waiting too, in the wall-clock profile)", ["asyncio/", "uvloop"]),
]


def categorize(frames: list[str]) -> str:
    for rules in (SPECIFIC, GENERIC):
        for frame in reversed(frames):
            for name, needles in rules:
                if any(n in frame for n in needles):
                    if name == "Redis":
                        cache = any("_check_rate" in f or "core/cache" in f for f in frames)
                        return "Redis: " + ("cache (rate limit)" if cache else "channel layer")
                    return name
    return "other"


def read_raw(raw: Path) -> list[tuple[list[str], int]]:
    samples = []
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, count_text = line.rpartition(" ")
        if stack and count_text.isdigit():
            samples.append((stack.split(";"), int(count_text)))
    return samples


def shares(counter: Counter[str], total: int, top: int = 12) -> list[dict[str, Any]]:
    return [{"what": k, "share": round(n / max(1, total), 3)} for k, n in counter.most_common(top)]


def summarize_cpu_profile(raw: Path) -> dict[str, Any]:
    """py-spy --gil: what the thread holding the GIL was doing, i.e. the worker's CPU."""
    own: Counter[str] = Counter()
    total: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    samples = 0
    for frames, count in read_raw(raw):
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
        categories[categorize(frames)] += count
    return {
        "samples": samples,
        "categories": shares(categories, samples, top=20),
        "own": shares(own, samples, top=15),
        "total": shares(total, samples, top=25),
    }


def summarize_wall_profile(raw: Path) -> dict[str, Any]:
    """py-spy --threads --idle: per kind of thread, how its time went, waiting included."""
    threads: dict[str, Counter[str]] = defaultdict(Counter)
    for frames, count in read_raw(raw):
        name = frames[0].partition(": ")[2]
        if name == "MainThread":
            kind = "main thread (event loop)"
        elif name.startswith(("ThreadPoolExecutor", "asyncio_", "uvloop_")):
            kind = "executor threads (database_sync_to_async)"
        else:  # psycopg's pool maintenance, uvicorn's ping thread: idle
            continue
        threads[kind][categorize(frames[1:])] += count
    return {
        kind: {"samples": sum(c.values()), "categories": shares(c, sum(c.values()), top=20)}
        for kind, c in threads.items()
    }


# --- The run -----------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int, log_file: IO[bytes]) -> Any:
    server = subprocess.Popen(  # noqa: S603 - our own command
        [str(BIN / "peerhaven"), "serve", "--host", HOST, "--port", str(port)]
        + ["--workers", str(workers), "--no-task-worker"],
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited while starting")
        with contextlib.suppress(OSError):
            if http_bench.get(port, "/healthz")[0] == 200:
                workers_up = [
                    pid
                    for pid in http_bench.children(server.pid)
                    if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text()
                ]
                if len(workers_up) >= workers:
                    return server
        time.sleep(0.3)
    raise RuntimeError("the server did not answer in time")


def worker_pids(server_pid: int) -> list[int]:
    return [w["pid"] for w in http_bench.worker_memory(server_pid)]


def bench_layer(
    layer: str, args: argparse.Namespace, setup: dict[str, Any], data_dir: Path
) -> dict[str, Any]:
    prefix = f"chatbench{secrets.token_hex(4)}"
    env = server_env(data_dir, prefix, layer, args.env)
    port = http_bench.free_port()
    out: dict[str, Any] = {"layer": layer}
    server = None
    loads: list[LoadProc] = []
    log_path = data_dir / f"server-{layer}.log"
    try:
        flush_redis()
        with log_path.open("wb") as log_file:
            log(f"{layer}: starting peerhaven serve on {HOST}:{port}, {args.workers} workers")
            server = start_server(env, port, args.workers, log_file)
        tag = secrets.token_hex(3)

        # Our chat socket.
        loads = start_loads(
            "chat", port, setup["file"], tag, args.load_procs, args.no_compression, args.ping_every
        )
        time.sleep(1)
        # No messages: what the open sockets cost by themselves (pings every 25 s).
        idle = out["idle"] = run_phase(loads, server.pid, "idle", 0, 10, 0)
        baseline = idle["server_cores"]
        log(f"idle: the server used {baseline} cores for the sockets alone")
        rates = [args.rate] if args.quick else sorted({*args.rates, args.rate})
        steps, best = ascend(
            loads, server.pid, "chat", rates, args.step_duration, args.drain, baseline
        )
        out["chat_steps"], out["chat_best"] = steps, best
        if args.profile:
            out["profile"] = profile_phase(loads, server.pid, args, best or min(rates), baseline)
        target = next((step for step in steps if step["rate"] == args.rate), None)
        if target is None:  # the search stopped below it: measure it anyway, last
            settle(server.pid, baseline)
            target = run_phase(loads, server.pid, "target", args.rate, args.duration, args.drain)
        target["met"] = passed(target, TARGET_P99_MS)
        out["target"] = target
        out["server_workers"] = http_bench.worker_memory(server.pid)
        for load in loads:
            load.stop()
        loads = []

        # The bare consumer, the same load.
        if not args.no_bare:
            settle(server.pid)
            loads = start_loads(
                "bare", port, setup["file"], tag, args.load_procs, args.no_compression
            )
            time.sleep(1)
            rates = [args.rate] if args.quick else [r for r in args.rates if r >= args.bare_from]
            seconds = 5 if args.quick else args.step_duration
            steps, best = ascend(loads, server.pid, "bare", rates, seconds, args.drain, 0.0)
            out["bare_steps"], out["bare_best"] = steps, best
            for load in loads:
                load.stop()
            loads = []
        return out
    finally:
        for load in loads:
            load.stop()
        if server is not None:
            http_bench.stop_server(server)
        if log_path.exists():
            RESULTS.mkdir(exist_ok=True)
            shutil.copyfile(log_path, RESULTS / f"chat-server-{layer}.log")


def profile_phase(
    loads: list[LoadProc], server_pid: int, args: argparse.Namespace, rate: float, baseline: float
) -> Any:
    """Two py-spy recordings at `rate` (the highest that held), one per worker: the CPU
    (samples of the thread holding the GIL) and the wall clock of every thread, waiting
    included."""
    py_spy = find_py_spy(args.py_spy)
    if py_spy is None:
        log("profile: py-spy not found (pip install py-spy, or --py-spy PATH); skipped")
        return {"error": "py-spy not found"}
    workers = worker_pids(server_pid)
    folder = Path(tempfile.mkdtemp(prefix="chat-profile-"))
    seconds = max(5, int(args.duration))
    kinds = {"cpu": ["--gil"], "wall": ["--threads", "--idle"]}

    def during() -> list[subprocess.Popen[bytes]]:
        return [
            py_spy_record(py_spy, workers[i % len(workers)], seconds, folder / f"{kind}.txt", flags)
            for i, (kind, flags) in enumerate(kinds.items())
        ]

    log(f"profile: py-spy on workers {workers} for {seconds} s at {rate:g} msg/s")
    settle(server_pid, baseline)
    result = run_phase(loads, server_pid, "profile", rate, seconds, args.drain, during=during)
    for recorder in result.pop("profile"):
        recorder.wait(timeout=60)
    out: dict[str, Any] = {"phase": {k: result[k] for k in ("rate", "p50_ms", "p99_ms", "lost")}}
    RESULTS.mkdir(exist_ok=True)
    for kind in kinds:
        raw = folder / f"{kind}.txt"
        if not raw.exists():
            out[kind] = {"error": "py-spy wrote nothing (is ptrace allowed?)"}
            continue
        shutil.copyfile(raw, RESULTS / f"chat-profile-{kind}.txt")
        out[kind] = summarize_cpu_profile(raw) if kind == "cpu" else summarize_wall_profile(raw)
    shutil.rmtree(folder, ignore_errors=True)
    return out


def baselines(args: argparse.Namespace) -> dict[str, Any]:
    script = [sys.executable, str(CHAT / "baselines.py")]
    out: dict[str, Any] = {}
    flush_redis()
    rates = [args.rate] if args.quick else [r for r in args.redis_rates if r >= args.rate]
    log(f"Redis pub/sub alone: {args.clients} subscribers, {args.rooms} channels")
    cmd = [*script, "redis", "--redis-url", REDIS_URL, "--clients", str(args.clients)]
    cmd += ["--rooms", str(args.rooms), "--rates", ",".join(f"{r:g}" for r in rates)]
    cmd += ["--duration", str(5 if args.quick else args.step_duration)]
    cmd += ["--drain", str(args.drain), "--max-p99-ms", str(STEP_P99_MS)]
    out["redis"] = json.loads(http_bench.run_cmd(cmd, timeout=1800))
    for step in out["redis"]["steps"]:
        log(
            f"redis: {step['rate']:g} msg/s -> p50 {step['p50_ms']:.1f} p99 "
            f"{step['p99_ms']:.1f} ms, lost {step['lost']}"
        )
    log("PostgreSQL inserts alone")
    cmd = [*script, "pg", "--database-url", f"{PG_URL}/{DB_NAME}"]
    cmd += ["--duration", str(2 if args.quick else 10), "--concurrency", "1,16"]
    out["pg"] = json.loads(http_bench.run_cmd(cmd, timeout=600))
    for run in out["pg"]["runs"]:
        log(
            f"postgres: {run['connections']} connections -> {run['rows_per_s']:.0f} rows/s, "
            f"p50 {run['p50_ms']:.2f} p99 {run['p99_ms']:.2f} ms"
        )
    return out


def print_report(report: dict[str, Any]) -> None:
    cfg = report["config"]
    print()
    print(
        f"{cfg['clients']} clients in {cfg['rooms']} rooms, {cfg['server_workers']} workers, "
        f"{cfg['load_procs']} load process(es)"
    )
    header = (
        f"{'layer':10} {'socket':6} {'msg/s':>6} {'deliv/s':>8} {'p50':>7} {'p95':>7} "
        f"{'p99':>7} {'max':>7} {'lost':>5} {'resume':>6} {'dup':>4} {'unst':>4} "
        f"{'srv ms':>6} {'load':>5}"
    )
    print(header)
    print("-" * len(header))
    for layer in report["layers"]:
        rows = [("chat", s) for s in layer["chat_steps"]]
        if layer["target"]["name"] == "target":
            rows.append(("chat", layer["target"]))
        rows += [("bare", s) for s in layer.get("bare_steps", [])]
        for socket_kind, r in rows:
            print(
                f"{layer['layer']:10} {socket_kind:6} {r['rate']:6g} {r['deliveries_per_s']:8.0f} "
                f"{r['p50_ms']:7.1f} {r['p95_ms']:7.1f} {r['p99_ms']:7.1f} {r['max_ms']:7.0f} "
                f"{r['lost']:5d} {r['lost_after_resume']:6d} {r['duplicated']:4d} "
                f"{r['not_stored']:4d} {r['server_cpu_ms_per_message']:6.2f} "
                f"{r['load_cpu_share']:5.2f}"
            )
    print(
        "latency in ms from due time to arrival; lost: deliveries missing after the drain; "
        "resume: still missing after resuming; srv ms: server CPU per message; load: load "
        "process CPU (1.0 = one core busy)"
    )
    print()
    for layer in report["layers"]:
        print(f"{layer['layer']}: " + ", ".join(layer["summary"]))
    for line in report.get("baseline_summary", []):
        print(line)
    print()
    for layer in report["layers"]:
        profile = layer.get("profile") or {}
        if "cpu" in profile and "categories" in profile["cpu"]:
            rate = profile["phase"]["rate"]
            print(f"{layer['layer']}: one worker's CPU (py-spy --gil) at {rate:g} msg/s")
            for row in profile["cpu"]["categories"]:
                print(f"  {row['share']:6.1%}  {row['what']}")
        for kind, part in (profile.get("wall") or {}).items():
            if isinstance(part, dict) and "categories" in part:
                print(f"{layer['layer']}: the other worker's {kind}, wall clock")
                for row in part["categories"][:8]:
                    print(f"  {row['share']:6.1%}  {row['what']}")
    print()


def summarize_layer(layer: dict[str, Any]) -> list[str]:
    target = layer["target"]
    lines = [
        f"target {target['rate']:g} msg/s p99 {target['p99_ms']:.1f} ms, lost "
        f"{target['lost']}, dup {target['duplicated']} -> "
        + ("met" if target["met"] else "MISSED"),
        f"chat highest rate with p99 < {STEP_P99_MS:.0f} ms and nothing lost: {layer['chat_best']}",
    ]
    if "idle" in layer:
        lines.append(f"sockets alone (pings): {layer['idle']['server_cores']} server cores")
    if "bare_best" in layer:
        lines.append(f"bare consumer: {layer['bare_best']}")
        if layer["chat_best"] and layer["bare_best"]:
            share = layer["chat_best"] / layer["bare_best"]
            layer["share_of_bare"] = round(share, 2)
            mark = "met" if share >= MIN_SHARE_OF_BARE else "MISSED"
            lines.append(f"share of bare {share:.0%} (target {MIN_SHARE_OF_BARE:.0%}) -> {mark}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 clients, 10 rooms, 50 msg/s")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--rate", type=float, default=300.0, help="target messages/s")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds at the target")
    parser.add_argument("--step-duration", type=float, default=10.0, help="seconds per step")
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait for stragglers")
    parser.add_argument(
        "--rates",
        type=lambda t: [float(x) for x in t.split(",")],
        default=[25, 50, 75, 100, 150, 200, 250, 300, 350, 400, 500, 600, 800, 1000, 1500],
        help="the rates tried, low to high, messages/s",
    )
    parser.add_argument("--bare-from", type=float, default=100.0, help="lowest bare rate")
    parser.add_argument(
        "--redis-rates",
        type=lambda t: [float(x) for x in t.split(",")],
        default=[300, 600, 1000, 1500, 2000, 3000, 4000, 6000, 8000],
    )
    parser.add_argument("--layers", default="configured", help=f"comma-separated: {LAYERS}")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--load-procs", type=int, default=1)
    parser.add_argument("--no-bare", action="store_true")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument("--no-compression", action="store_true", help="no permessage-deflate")
    parser.add_argument(
        "--ping-every", type=float, default=25.0, help="seconds between a client's pings; 0: none"
    )
    parser.add_argument(
        "--db-threads",
        choices=["shared", "pool"],
        default="shared",
        help="pool: an experiment, database_sync_to_async off the shared thread (see "
        "chat_bench_settings.py)",
    )
    parser.add_argument("--profile", action="store_true", help="py-spy the workers at the target")
    parser.add_argument("--py-spy", help="path of the py-spy binary")
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="server environment"
    )
    args = parser.parse_args()
    if args.quick:
        # Defaults shrink; explicit values given on the command line still win.
        given = set(sys.argv)
        if "--clients" not in given:
            args.clients = 100
        if "--rooms" not in given:
            args.rooms = 10
        if "--rate" not in given:
            args.rate = 50.0
        if "--duration" not in given:
            args.duration = 10.0
        args.drain = min(args.drain, 5.0)
    layers = args.layers.split(",")
    args.env = [f"BENCH_CHAT_DB_THREADS={args.db_threads}", *args.env]
    if any(layer not in LAYERS for layer in layers) or any("=" not in e for e in args.env):
        parser.error(f"--layers takes {LAYERS}; --env takes NAME=VALUE")

    started = time.monotonic()
    data_dir = Path(tempfile.mkdtemp(prefix="peerhaven-chat-bench-"))
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": http_bench.machine(),
        "load_average_at_start": os.getloadavg(),
        "config": {
            "quick": args.quick,
            "clients": args.clients,
            "rooms": args.rooms,
            "target_rate": args.rate,
            "seconds_at_target": args.duration,
            "seconds_per_step": args.step_duration,
            "drain_seconds": args.drain,
            "server_workers": args.workers,
            "load_procs": args.load_procs,
            "compression": not args.no_compression,
            "ping_every_s": args.ping_every,
            "db_threads": args.db_threads,
            "extra_env": args.env,
        },
        "layers": [],
    }
    try:
        log(f"database {DB_NAME}, Redis {REDIS_URL}, load average {os.getloadavg()[0]:.1f}")
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        psql(f"CREATE DATABASE {DB_NAME}")
        env = server_env(data_dir, "chatbench-setup", "configured", args.env)
        http_bench.run_cmd([str(BIN / "peerhaven"), "migrate", "--noinput", "-v0"], env=env)
        clients_file = data_dir / "clients.json"
        made = http_bench.run_cmd(
            [sys.executable, str(CHAT / "setup_data.py"), str(args.clients), str(args.rooms)]
            + [str(clients_file)],
            env=env,
        )
        log(f"created {made.strip()} in {time.monotonic() - started:.0f} s")
        setup = {"file": clients_file}
        name = "chat-quick.json" if args.quick else "chat.json"
        for layer in layers:
            result = bench_layer(layer, args, setup, data_dir)
            result["summary"] = summarize_layer(result)
            report["layers"].append(result)
            write_report(report, name)  # what is measured so far survives a later failure
        if not args.no_baselines:
            report["baselines"] = baselines(args)
            report["baseline_summary"] = baseline_summary(report)
        report["load_average_at_end"] = os.getloadavg()
        report["run_seconds"] = round(time.monotonic() - started, 1)
        write_report(report, name)
        print_report(report)
        log(f"wrote {RESULTS / name} after {report['run_seconds']} s")
        return 0
    except Exception as exc:  # noqa: BLE001 - report, clean up, exit non-zero
        log(f"failed: {type(exc).__name__}: {exc}")
        return 1
    finally:
        for cleanup in (
            lambda: psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"),
            flush_redis,
        ):
            try:
                cleanup()
            except Exception as exc:  # noqa: BLE001 - keep cleaning up
                log(f"cleanup: {exc}")
        shutil.rmtree(data_dir, ignore_errors=True)


def write_report(report: dict[str, Any], name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(json.dumps(report, indent=2) + "\n")


def baseline_summary(report: dict[str, Any]) -> list[str]:
    base = report["baselines"]
    lines = [f"Redis pub/sub alone: highest rate {base['redis']['highest_ok_rate']}"]
    lines += [
        f"PostgreSQL alone, {r['connections']} connection(s): {r['rows_per_s']:.0f} rows/s"
        for r in base["pg"]["runs"]
    ]
    return lines


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
