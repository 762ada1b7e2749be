"""HTTP benchmark of Peerhaven in its production configuration.

    .venv/bin/python bench/run.py            # about 10 s per measurement, under 3 minutes
    .venv/bin/python bench/run.py --quick    # 2 s per measurement, a smoke test

Starts `peerhaven serve` (2 uvicorn workers, DEBUG off, PostgreSQL, Redis) against a
throw-away database, signs a member in, and loads three pages from a separate process on
loopback: the bare view /bench/bare (the stack with no work), the signed-in home page and
the signed-in profile page. For each it measures

  (a) closed loop: 32 concurrent keep-alive clients (wrk): requests/s, p50, p99;
  (b) open loop: a fixed 150 requests/s (bench/openloop.py): achieved rate, p50, p99,
      with latency counted from each request's intended send time;

and afterwards (c) each server worker's resident memory. It prints a table, checks the
targets and writes bench/results/latest.json. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, Request, build_opener

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # loopback only, for the server and every load generator
PG_URL = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "peerhaven_bench"
REDIS_URL = "redis://127.0.0.1:6379/2"

# Targets (docs/performance.md).
MIN_SHARE_OF_BARE = 0.60  # signed-in pages at 32 clients, as a share of the bare view's req/s
MAX_P99_MS = 50.0  # signed-in pages at the fixed offered load
MAX_WORKER_RSS_MB = 250.0
RUN_BUDGET_S = 170  # the whole run, setup and clean-up included, stays under 3 minutes
OPEN_LOOP_TIMEOUT_S = 2.0  # an answer later than this counts as failed


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    signed_in: bool


SCENARIOS = [
    Scenario("bare", "/bench/bare", signed_in=False),
    # Not a target: what any signed-in page pays before its own work (session and member).
    Scenario("signed-in", "/bench/signed-in", signed_in=True),
    Scenario("home", "/", signed_in=True),
    Scenario("profile", "/accounts/profile/", signed_in=True),
]


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


def run_cmd(args: list[str], env: dict[str, str] | None = None, timeout: float = 120) -> str:
    done = subprocess.run(
        args, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    log("wrk is missing; installing the Debian package")
    apt = ["apt-get", "install", "-y", "-q", "wrk"]
    if os.geteuid() != 0:
        apt.insert(0, "sudo")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if subprocess.run(apt, env=env, capture_output=True, check=False).returncode != 0:
        update = ["apt-get", "update", "-q"] if os.geteuid() == 0 else ["sudo", "apt-get", "update"]
        subprocess.run(update, env=env, capture_output=True, check=False)
        run_cmd(apt, env=env, timeout=300)
    found = shutil.which("wrk")
    if not found:
        raise RuntimeError("could not install wrk (apt-get install wrk)")
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def psql(sql: str) -> None:
    run_cmd(["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-q", "-c", sql])


def drop_database() -> None:
    psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def delete_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def production_env(data_dir: Path, cache_prefix: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERHAVEN_")}
    env.update(
        DJANGO_SETTINGS_MODULE="peerhaven.config.settings",
        PEERHAVEN_DEBUG="false",
        DATABASE_URL=f"{PG_URL}/{DB_NAME}",
        REDIS_URL=REDIS_URL,
        PEERHAVEN_SECRET_KEY=secrets.token_urlsafe(50),
        PEERHAVEN_HTTPS="false",
        PEERHAVEN_ALLOWED_HOSTS=HOST,
        PEERHAVEN_LOG_LEVEL="WARNING",
        PEERHAVEN_DATA_DIR=str(data_dir),
        # Our own key space in the shared Redis database, removed afterwards.
        PEERHAVEN_CACHE_PREFIX=cache_prefix,
        PEERHAVEN_RUN_WORKER_IN_SERVE="false",
        PYTHONUNBUFFERED="1",
    )
    return env


def get(port: int, path: str, cookie: str = "") -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def wait_until_serving(port: int, server: subprocess.Popen[bytes], timeout: float = 40) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited while starting")
        try:
            if get(port, "/bench/bare")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer in time")


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def sign_in_over_http(port: int, email: str, password: str) -> str | None:
    """The session key from the real sign-in form, or None if it did not work."""
    jar = CookieJar()
    opener = build_opener(HTTPCookieProcessor(jar), _NoRedirect)
    url = f"http://{HOST}:{port}/accounts/sign-in/"
    try:
        with opener.open(url, timeout=10) as response:
            page = response.read().decode("utf-8", "replace")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if token is None:
            return None
        form = {"csrfmiddlewaretoken": token[1], "username": email, "password": password}
        request = Request(url, data=urlencode(form).encode(), headers={"Referer": url})
        try:
            opener.open(request, timeout=20).close()
        except HTTPError as exc:  # the redirect after a successful sign-in lands here
            if exc.code not in (301, 302, 303):
                return None
    except (HTTPError, URLError, OSError):
        return None
    return next((c.value for c in jar if c.name == "sessionid"), None)


def bench_user(env: dict[str, str], *args: str) -> dict[str, Any]:
    out = run_cmd([sys.executable, str(BENCH / "benchuser.py"), *args], env=env)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def wrk(
    wrk_bin: str, port: int, scenario: Scenario, cookie: str, seconds: int, connections: int
) -> dict[str, Any]:
    args = [
        wrk_bin,
        "-t2",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
        "-s",
        str(BENCH / "report.lua"),
    ]
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    args.append(f"http://{HOST}:{port}{scenario.path}")
    out = run_cmd(args, timeout=seconds + 30)
    line = next(x for x in out.splitlines() if x.startswith("WRK_JSON "))
    raw = json.loads(line.removeprefix("WRK_JSON "))
    return {
        "connections": connections,
        "requests": raw["requests"],
        "requests_per_s": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
        "errors": raw["errors"],
    }


def open_loop(
    port: int, scenario: Scenario, cookie: str, options: argparse.Namespace, seconds: float
) -> Any:
    args = [sys.executable, str(BENCH / "openloop.py"), "--host", HOST, "--port", str(port)]
    args += ["--path", scenario.path, "--rate", str(options.rate), "--duration", str(seconds)]
    args += ["--clients", str(options.open_clients), "--reuse", options.open_reuse]
    args += ["--timeout", str(OPEN_LOOP_TIMEOUT_S)]
    if cookie:
        args += ["--cookie", cookie]
    return json.loads(run_cmd(args, timeout=seconds + 30))


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces and parentheses; fields resume after the last ")".
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return sorted(found)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    try:
        import psutil

        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except ImportError:
        pass
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def worker_memory(server_pid: int) -> list[dict[str, Any]]:
    workers = []
    for pid in children(server_pid):
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        if "resource_tracker" in cmdline:
            continue
        workers.append({"pid": pid, "rss_mb": round(rss_mb(pid), 1)})
    return workers


def machine() -> dict[str, Any]:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(mem_kb / 2**20, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
    }


def check_targets(results: dict[str, Any], workers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    checks = []
    if "error" in results["bare"]:
        raise RuntimeError(f"the bare view {results['bare']['error']}")
    bare_rps = results["bare"]["closed"]["requests_per_s"]
    for name in ("home", "profile"):
        if "error" in results[name]:
            checks.append({"target": f"{name}: measured", "value": results[name]["error"]})
            checks[-1]["met"] = False
            continue
        share = results[name]["closed"]["requests_per_s"] / bare_rps
        checks.append(
            {
                "target": f"{name}: req/s at 32 clients >= {MIN_SHARE_OF_BARE:.0%} of bare",
                "value": f"{share:.0%}",
                "met": share >= MIN_SHARE_OF_BARE,
            }
        )
        opened = results[name]["open"]
        met = opened["p99_ms"] < MAX_P99_MS and opened["ok"] == opened["sent"]
        checks.append(
            {
                "target": f"{name}: p99 < {MAX_P99_MS:.0f} ms at the fixed load, no errors",
                "value": f"{opened['p99_ms']:.1f} ms, {opened['sent'] - opened['ok']} failed",
                "met": met,
            }
        )
    if "error" not in results.get("signed-in", {"error": ""}):
        share = results["signed-in"]["closed"]["requests_per_s"] / bare_rps
        checks.append(
            {
                "target": "(no target) signed-in floor: req/s at 32 clients as a share of bare",
                "value": f"{share:.0%}",
                "met": None,
            }
        )
    largest = max((w["rss_mb"] for w in workers), default=float("nan"))
    checks.append(
        {
            "target": f"each worker < {MAX_WORKER_RSS_MB:.0f} MB RSS",
            "value": f"max {largest:.0f} MB over {len(workers)} workers",
            "met": bool(workers) and largest < MAX_WORKER_RSS_MB,
        }
    )
    return checks


def print_table(report: dict[str, Any]) -> None:
    rate = report["config"]["offered_rate"]
    conns = report["config"]["connections"]
    print()
    print(
        f"{'':10} | closed loop, {conns} clients                | open loop, {rate:g} req/s offered"
    )
    print(
        f"{'scenario':10} | {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'cpu ms':>7} | "
        f"{'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'failed':>7} {'conns':>5}  worker CPU s"
    )
    print("-" * 108)
    for name, result in report["results"].items():
        if "error" in result:
            print(f"{name:10} | {result['path']} {result['error']}; not measured")
            continue
        c, o = result["closed"], result["open"]
        print(
            f"{name:10} | {c['requests_per_s']:8.0f} {c['p50_ms']:8.1f} {c['p99_ms']:8.1f} "
            f"{c['server_cpu_ms_per_request']:7.2f} | "
            f"{o['achieved_rate']:8.1f} {o['p50_ms']:8.1f} {o['p99_ms']:8.1f} "
            f"{o['sent'] - o['ok']:7d} {o['connections_opened']:5d}  "
            + " / ".join(f"{used:.1f}" for used in o.get("worker_cpu_s", []))
        )
    print("cpu ms: server workers' CPU time per request in the closed loop (both workers)")
    print("conns: keep-alive connections the open loop opened; worker CPU s: each worker's share")
    print()
    for worker in report["workers"]:
        print(f"worker {worker['pid']}: {worker['rss_mb']:.0f} MB RSS")
    print()
    for check in report["targets"]:
        mark = {True: "met   ", False: "MISSED", None: "info  "}[check["met"]]
        print(f"{mark} {check['target']}: {check['value']}")
    print()


def measure(
    wrk_bin: str,
    port: int,
    server_pid: int,
    scenario: Scenario,
    cookie: str,
    seconds: int,
    args: argparse.Namespace,
) -> dict[str, Any]:
    sent_cookie = cookie if scenario.signed_in else ""
    status, headers, _body = get(port, scenario.path, sent_cookie)
    if status != 200:
        # Measuring an error page or a redirect would flatter the figures.
        raise RuntimeError(f"answered {status} {headers.get('Location') or ''}".strip())
    log(f"{scenario.name}: warm-up, closed loop, open loop ({seconds} s each)")
    wrk(wrk_bin, port, scenario, sent_cookie, 1, 8)
    workers = [w["pid"] for w in worker_memory(server_pid)]
    cpu_before = cpu_seconds(workers)
    closed = wrk(wrk_bin, port, scenario, sent_cookie, seconds, args.connections)
    # Less sensitive to other load on the machine than req/s: server CPU per request.
    used = cpu_seconds(workers) - cpu_before
    closed["server_cpu_ms_per_request"] = used * 1000 / max(1, closed["requests"])
    settle(port)
    # Per worker: whether the fixed load was shared or landed on one worker's connections.
    per_worker_before = [cpu_seconds([pid]) for pid in workers]
    opened = open_loop(port, scenario, sent_cookie, args, seconds)
    opened["worker_cpu_s"] = [
        round(cpu_seconds([pid]) - before, 2)
        for pid, before in zip(workers, per_worker_before, strict=True)
    ]
    return {"path": scenario.path, "closed": closed, "open": opened}


def settle(port: int, limit: float = 8) -> None:
    """Wait (bounded) until an overloaded server has worked off its queue."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        started = time.monotonic()
        with contextlib.suppress(OSError):
            get(port, "/bench/bare")
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2 s per measurement (smoke test)")
    parser.add_argument("--rate", type=float, default=150.0, help="open-loop requests per second")
    parser.add_argument("--connections", type=int, default=32, help="closed-loop clients")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--open-clients",
        type=int,
        default=32,
        help="open loop: keep-alive connections opened before the load (more open as needed)",
    )
    parser.add_argument(
        "--open-reuse",
        choices=("oldest", "newest"),
        default="oldest",
        help="open loop: which idle connection sends the next request (newest: the old way, "
        "nearly all of it over one or two connections)",
    )
    parser.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="extra server environment, e.g. to compare a setting (repeatable)",
    )
    parser.add_argument(
        "--profile",
        metavar="PATH",
        help="instead of loading, profile PATH in-process with cProfile (signed in)",
    )
    args = parser.parse_args()
    if any("=" not in item for item in args.env):
        parser.error("--env takes NAME=VALUE")
    seconds = 2 if args.quick else 10
    started = time.monotonic()

    wrk_bin = "" if args.profile else ensure_wrk()
    data_dir = Path(tempfile.mkdtemp(prefix="peerhaven-bench-"))
    cache_prefix = f"phbench-{secrets.token_hex(4)}"
    env = production_env(data_dir, cache_prefix)
    env.update(item.split("=", 1) for item in args.env)
    password = secrets.token_urlsafe(16)
    server: subprocess.Popen[bytes] | None = None
    server_log = data_dir / "server.log"
    try:
        log(f"database {DB_NAME}, data dir {data_dir}")
        drop_database()  # left over from an interrupted run
        psql(f"CREATE DATABASE {DB_NAME}")
        peerhaven = str(BIN / "peerhaven")
        run_cmd([peerhaven, "migrate", "--noinput", "-v0"], env=env, timeout=300)
        run_cmd([peerhaven, "collectstatic", "--noinput", "-v0"], env=env)
        bench_user({**env, "BENCH_PASSWORD": password}, "create")
        if args.profile:
            key = bench_user(env, "session")["session_key"]
            script = [sys.executable, str(BENCH / "profile_page.py"), args.profile]
            count = "30" if args.quick else "300"
            print(run_cmd([*script, f"sessionid={key}", count], env=env, timeout=600))
            return 0

        port = free_port()
        log(f"starting peerhaven serve on {HOST}:{port} with {args.workers} workers")
        with server_log.open("wb") as out:
            server = subprocess.Popen(
                [peerhaven, "serve", "--host", HOST, "--port", str(port)]
                + ["--workers", str(args.workers), "--no-task-worker"],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until_serving(port, server)

        key = sign_in_over_http(port, "bench-member@example.invalid", password)
        session = bench_user(env, "session", *([key] if key else []))
        log(f"signed in ({session['method']} session)")
        cookie = f"sessionid={session['session_key']}"
        csrf = get(port, "/", cookie)[1].get_all("Set-Cookie") or []
        token = next((c.split(";")[0] for c in csrf if c.startswith("csrftoken=")), None)
        if token:
            cookie += f"; {token}"  # as a browser would send it: no new token per page

        results: dict[str, Any] = {}
        for scenario in SCENARIOS:
            if time.monotonic() - started > RUN_BUDGET_S - 3 * seconds:
                log(f"{scenario.name}: skipped, the run would exceed {RUN_BUDGET_S} s")
                results[scenario.name] = {"path": scenario.path, "error": "skipped (time)"}
                continue
            try:
                results[scenario.name] = measure(
                    wrk_bin, port, server.pid, scenario, cookie, seconds, args
                )
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                log(f"{scenario.name}: {exc}; not measured")
                results[scenario.name] = {"path": scenario.path, "error": str(exc)[:200]}
            settle(port)

        memory = worker_memory(server.pid)
        report = {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "config": {
                "quick": args.quick,
                "seconds_per_measurement": seconds,
                "connections": args.connections,
                "offered_rate": args.rate,
                "open_loop_clients": args.open_clients,
                "open_loop_reuse": args.open_reuse,
                "server_workers": args.workers,
                "session": session["method"],
                "extra_env": args.env,
                "load_generators": "wrk -t2 (closed), bench/openloop.py (open); same machine",
            },
            "results": results,
            "workers": memory,
            "targets": check_targets(results, memory),
            "run_seconds": round(time.monotonic() - started, 1),
        }
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
        print_table(report)
        log(f"wrote {RESULTS / 'latest.json'} after {report['run_seconds']} s")
        return 0
    except Exception as exc:  # noqa: BLE001 - report, clean up, exit non-zero
        log(f"failed: {exc}")
        if server_log.exists():
            tail = server_log.read_text(errors="replace").splitlines()[-30:]
            print("\n".join(tail), file=sys.stderr)
        return 1
    finally:
        if server is not None:
            stop_server(server)
        if server_log.exists():  # warnings and errors only (PEERHAVEN_LOG_LEVEL=WARNING)
            RESULTS.mkdir(exist_ok=True)
            shutil.copyfile(server_log, RESULTS / "server.log")
        for cleanup in (drop_database, lambda: delete_redis_keys(cache_prefix)):
            try:
                cleanup()
            except Exception as exc:  # noqa: BLE001 - keep cleaning up
                log(f"cleanup: {exc}")
        shutil.rmtree(data_dir, ignore_errors=True)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)  # its own process group, started above
            server.wait(timeout=5)


if __name__ == "__main__":
    sys.exit(main())
