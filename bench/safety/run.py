"""Safety alerts under chat load, in the production configuration.

    .venv/bin/python bench/safety/run.py                # 1,000 clients, 100 rooms, 300 msg/s, 60 s
    .venv/bin/python bench/safety/run.py --rate 100     # at a rate the chat holds
    .venv/bin/python bench/safety/run.py --quick        # 100 clients, 10 rooms, 50 msg/s; ~1.5 min

The chat benchmark (bench/chat/run.py, imported: its server, load processes, phases and
clean-up) with the safety net in the loop. It creates a throw-away PostgreSQL database
(peerhaven_bench_safety) with bench/safety/setup_data.py: the chat bench's members, but a
group per room, each with one facilitator on duty all week, and one site admin on fallback
duty; every responder signed in with the two-factor step passed. Redis database 7 is the
run's own (flushed before and after). It starts `peerhaven serve --workers 2
--no-task-worker` and `peerhaven worker`, both with PEERHAVEN_ALERT_ESCALATE_AFTER=10
(--escalate-after), and a load process (bench/safety/load.py) with the members' chat
sockets and the responders' notification sockets. Then:

  1. chat at --rate for --duration seconds, 1% of the messages urgent (--urgent-share);
     every urgent message raises an alert in its own transaction, whose live notice goes to
     the room's facilitator. Measured: from the moment the urgent frame was sent to the
     moment the facilitator's socket received that alert (matched through the database:
     client id -> message -> alert id -> the notice's payload id); the chat's own latency
     and losses as in the chat bench;
  2. nobody acknowledges anything. With the worker running, each alert escalates to the
     fallback responder at its deadline (created + 10 s) and is marked unanswered at the
     next (escalated + 10 s). Measured, from the database's AlertEvent rows: how long after
     its deadline each step was recorded, and that each step happened exactly once; and the
     fallback responder's notices.
  3. lost: urgent messages stored without an alert, alerts whose responders' socket never
     received the notice, escalations missing or repeated.

It prints a table and writes bench/results/safety.json (safety-quick.json for --quick), the
server's and the worker's logs beside it. Not a test: nothing here fails on slow figures.
See docs/performance.md, "Safety alerts".
"""

from __future__ import annotations

import argparse
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import psycopg

SAFETY = Path(__file__).resolve().parent
CHAT = SAFETY.parent / "chat"
sys.path.insert(0, str(CHAT))  # bench/chat/run.py imports its neighbour `baselines`


def load_chat_bench() -> ModuleType:
    """bench/chat/run.py, under its own name (this file is also called run.py)."""
    spec = importlib.util.spec_from_file_location("chat_bench", CHAT / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


chat = load_chat_bench()
http_bench = chat.http_bench

HOST = chat.HOST
PG_URL = chat.PG_URL
DB_NAME = "peerhaven_bench_safety"
REDIS_URL = "redis://127.0.0.1:6379/7"
# bench/chat/run.py's helpers (psql, flush_redis, server_env, start_loads) read these when
# called: point them at this run's own database and Redis database.
vars(chat).update(DB_NAME=DB_NAME, REDIS_URL=REDIS_URL)
RESULTS = chat.RESULTS
BIN = chat.BIN

TARGET_ALERT_P99_S = 2.0  # send -> the responder's socket
TARGET_ESCALATION_S = 10.0  # deadline -> ESCALATED recorded


def log(message: str) -> None:
    print(f"[safety-bench] {message}", flush=True)


def pct(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (as the chat bench's)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def spread(values: list[float]) -> dict[str, Any]:
    return {
        "count": len(values),
        "p50_s": pct(values, 50),
        "p95_s": pct(values, 95),
        "p99_s": pct(values, 99),
        "max_s": max(values) if values else None,
        "min_s": min(values) if values else None,
    }


# --- Processes ---------------------------------------------------------------------------


def start_worker(env: dict[str, str], log_file: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(BIN / "peerhaven"), "worker"],
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def database(sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    with psycopg.connect(f"{PG_URL}/{DB_NAME}", autocommit=True) as conn:
        return list(conn.execute(sql, params or {}).fetchall())


def wait_for_escalations(prefix: str, escalate_after: float, limit: float) -> dict[str, Any]:
    """Until every alert of this run is marked unanswered (both steps done), no new alert
    has appeared for a while, or `limit` seconds. The sweep that catches a lost escalation
    task runs every minute with 30 s of grace, so `limit` should exceed 90 s."""
    deadline = time.monotonic() + limit
    quiet_since = time.monotonic()
    last = (-1, -1)
    while True:
        alerts, finished = database(
            """
            SELECT count(*), count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM safety_alertevent e
                WHERE e.alert_id = a.id AND e.kind = 'unanswered'))
            FROM safety_alert a JOIN conversations_message m ON m.id = a.message_id
            WHERE starts_with(m.client_id, %(prefix)s)
            """,
            {"prefix": prefix},
        )[0]
        if (alerts, finished) != last:
            last, quiet_since = (alerts, finished), time.monotonic()
        if alerts and finished == alerts and time.monotonic() - quiet_since > 2:
            return {"alerts": alerts, "finished": finished, "timed_out": False}
        if time.monotonic() > deadline:
            log(f"gave up waiting: {finished} of {alerts} alerts finished escalating")
            return {"alerts": alerts, "finished": finished, "timed_out": True}
        if not alerts and time.monotonic() - quiet_since > 3 * escalate_after:
            return {"alerts": 0, "finished": 0, "timed_out": False}
        time.sleep(1)


def collect_notices(loads: list[Any], quiet: float = 3.0, limit: float = 60.0) -> list[Any]:
    """The load processes' records, once no notice has arrived for `quiet` seconds (the
    last alerts' final notices may still be on their way when the database is done)."""
    deadline = time.monotonic() + limit
    last, quiet_since = -1, time.monotonic()
    while True:
        answers = []
        for load in loads:
            load.ask({"cmd": "safety"})
            answers.append(load.answer())
        count = sum(len(a["notices"]) for a in answers)
        if count != last:
            last, quiet_since = count, time.monotonic()
        if time.monotonic() - quiet_since >= quiet or time.monotonic() > deadline:
            return answers
        time.sleep(1)


# --- The analysis ------------------------------------------------------------------------


def analyse(
    prefix: str,
    loads_answers: list[dict[str, Any]],
    responders: list[dict[str, Any]],
    escalate_after: float,
) -> dict[str, Any]:
    urgent: dict[str, dict[str, float]] = {}
    notices: list[list[Any]] = []
    for answer in loads_answers:
        urgent.update((k, v) for k, v in answer["urgent"].items() if k.startswith(prefix))
        notices += answer["notices"]
    facilitator_of = {r["group"]: r["user"] for r in responders if r["step"] == 0}
    fallback = next(r["user"] for r in responders if r["step"] == 1)

    rows = database(
        """
        SELECT m.client_id, m.risk_level, m.conversation_id, c.group_id, a.id, a.created_at,
               a.chain, a.status, a.nobody_on_duty
        FROM conversations_message m
        JOIN conversations_conversation c ON c.id = m.conversation_id
        LEFT JOIN safety_alert a ON a.message_id = m.id
        WHERE starts_with(m.client_id, %(prefix)s)
          AND (m.client_id = ANY(%(urgent)s) OR m.risk_level <> 'none' OR a.id IS NOT NULL)
        """,
        {"prefix": prefix, "urgent": list(urgent)},
    )
    by_client: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        by_client[row[0]].append(row)
    alert_ids = [row[4] for row in rows if row[4] is not None]
    events: dict[int, list[tuple[str, int, datetime]]] = defaultdict(list)
    for alert_id, kind, step, at in database(
        "SELECT alert_id, kind, step, at FROM safety_alertevent WHERE alert_id = ANY(%(ids)s)",
        {"ids": alert_ids},
    ):
        events[alert_id].append((kind, step, at))
    tasks = database(
        """
        SELECT task_path, status, count(*) FROM django_tasks_database_dbtaskresult
        GROUP BY task_path, status ORDER BY task_path, status
        """
    )
    # Notices per (responder, alert), in arrival order.
    received: dict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    notice_kinds: Counter[str] = Counter()
    for user, kind, alert_id, _status, arrived, arrived_wall in notices:
        notice_kinds[str(kind)] += 1
        if kind == "alert" and alert_id is not None:
            received[(user, alert_id)].append((arrived, arrived_wall))
    for pair in received.values():
        pair.sort()

    after = timedelta(seconds=escalate_after)
    send_to_socket: list[float] = []
    due_to_socket: list[float] = []
    send_to_stored: list[float] = []
    escalation_lag: list[float] = []
    unanswered_lag: list[float] = []
    escalated_to_socket: list[float] = []
    problems: Counter[str] = Counter()
    details: list[dict[str, Any]] = []
    for client_id, sent in urgent.items():
        found = by_client.get(client_id, [])
        if not found:
            problems["urgent_not_stored"] += 1
            continue
        _cid, level, _room, group_id, alert_id, created_at, chain, _status, nobody = found[0]
        if level != "urgent":
            problems["urgent_screened_as_" + level] += 1
        if alert_id is None:
            problems["lost_no_alert"] += 1
            continue
        if len(found) > 1:
            problems["more_than_one_alert_per_message"] += len(found) - 1
        send_to_stored.append(created_at.timestamp() - sent["sent_wall"])
        facilitator = facilitator_of.get(group_id, 0)
        if nobody or chain != [[facilitator], [fallback]]:
            problems["unexpected_chain"] += 1
        kinds = Counter(kind for kind, _step, _at in events[alert_id])
        escalated = [(step, at) for kind, step, at in events[alert_id] if kind == "escalated"]
        unanswered = [(step, at) for kind, step, at in events[alert_id] if kind == "unanswered"]
        notified = Counter(step for kind, step, _at in events[alert_id] if kind == "notified")
        escalated_at = escalated[0][1].timestamp() if escalated else float("inf")

        # Each responder asked gets the alert once when asked and once more when the chain
        # has run out; the layer keeps one sender's events in order, so the first notice is
        # the one that asked them.
        record: dict[str, Any] = {"client_id": client_id, "alert": alert_id, "group": group_id}
        details.append(record)
        first = received.get((facilitator, alert_id), [])
        record["facilitator_notices"] = len(first)
        if not first:
            problems["lost_not_delivered_to_facilitator"] += 1
        else:
            latency = first[0][0] - sent["sent"]
            record["send_to_socket_s"] = round(latency, 4)
            send_to_socket.append(latency)
            due_to_socket.append(first[0][0] - sent["due"])
        if len(first) > 2:
            problems["facilitator_notice_repeated"] += len(first) - 2
        elif 0 < len(first) < 2 and unanswered:
            problems["final_notice_not_delivered_to_facilitator"] += 1
        if kinds["raised"] != 1:
            problems["raised_events_not_one"] += 1

        # Step 0 -> 1: ESCALATED exactly once, at step 1.
        if len(escalated) != 1 or escalated[0][0] != 1:
            problems[f"escalated_{len(escalated)}_times"] += 1
        if escalated:
            lag = (escalated[0][1] - (created_at + after)).total_seconds()
            record["escalation_lag_s"] = round(lag, 4)
            escalation_lag.append(lag)
            second = received.get((fallback, alert_id), [])
            record["fallback_notices"] = len(second)
            if second:
                escalated_to_socket.append(second[0][1] - escalated_at)
            else:
                problems["lost_escalation_not_delivered_to_fallback"] += 1
            if len(second) > 2:
                problems["fallback_notice_repeated"] += len(second) - 2
            elif 0 < len(second) < 2 and unanswered:
                problems["final_notice_not_delivered_to_fallback"] += 1
        # Step 1 -> the end: UNANSWERED exactly once.
        if len(unanswered) != 1:
            problems[f"unanswered_{len(unanswered)}_times"] += 1
        if unanswered and escalated:
            unanswered_lag.append((unanswered[0][1] - (escalated[0][1] + after)).total_seconds())
        if notified != Counter({0: 1, 1: 1}):
            problems["notified_events_not_one_per_step"] += 1

    # Alerts for messages that were not sent as urgent (the everyday filler text).
    unexpected = sum(
        1 for cid, found in by_client.items() if cid not in urgent and any(r[4] for r in found)
    )
    if unexpected:
        problems["alerts_for_everyday_messages"] += unexpected
    lost = sum(
        problems[k]
        for k in (
            "lost_no_alert",
            "lost_not_delivered_to_facilitator",
            "lost_escalation_not_delivered_to_fallback",
        )
    )
    return {
        "urgent_sent": len(urgent),
        "urgent_stored": sum(1 for cid in urgent if cid in by_client),
        "alerts": len(set(alert_ids)),
        "alerts_lost": lost,
        "problems": dict(problems),
        "send_to_responder": spread(send_to_socket),
        "due_to_responder": spread(due_to_socket),
        "send_to_alert_stored": spread(send_to_stored),
        "escalation_after_deadline": spread(escalation_lag),
        "unanswered_after_deadline": spread(unanswered_lag),
        "escalated_to_fallback_socket": spread(escalated_to_socket),
        "escalated_exactly_once": sum(
            1 for a in set(alert_ids) if sum(1 for e in events[a] if e[0] == "escalated") == 1
        ),
        "unanswered_exactly_once": sum(
            1 for a in set(alert_ids) if sum(1 for e in events[a] if e[0] == "unanswered") == 1
        ),
        "notices_received": dict(notice_kinds),
        "per_alert": details,
        "tasks": [{"task": t, "status": s, "count": n} for t, s, n in tasks],
    }


def verdict(result: dict[str, Any]) -> list[dict[str, Any]]:
    p99 = result["send_to_responder"]["p99_s"]
    late = result["escalation_after_deadline"]["max_s"]
    once = (
        result["escalated_exactly_once"] == result["alerts"]
        and result["unanswered_exactly_once"] == result["alerts"]
        and not any(k.startswith(("escalated_", "unanswered_")) for k in result["problems"])
    )
    return [
        {
            "target": f"p99 send -> responder's socket < {TARGET_ALERT_P99_S:g} s",
            "value": "none delivered" if p99 is None else f"{p99:.3f} s",
            "met": p99 is not None and p99 < TARGET_ALERT_P99_S,
        },
        {
            "target": f"every escalation within {TARGET_ESCALATION_S:g} s of its deadline",
            "value": "none" if late is None else f"max {late:.2f} s",
            "met": late is not None and late < TARGET_ESCALATION_S,
        },
        {
            "target": "each step escalates exactly once",
            "value": f"{result['escalated_exactly_once']} of {result['alerts']} escalated once, "
            f"{result['unanswered_exactly_once']} ended once",
            "met": once and result["alerts"] > 0,
        },
        {
            "target": "0 alerts lost",
            "value": str(result["alerts_lost"]),
            "met": result["alerts_lost"] == 0 and result["alerts"] > 0,
        },
    ]


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value * 1000:,.0f}"


def print_report(report: dict[str, Any]) -> None:
    cfg, chat_phase, s = report["config"], report["chat"], report["safety"]
    print()
    print(
        f"{cfg['clients']} clients in {cfg['rooms']} rooms (a group each, one facilitator on "
        f"duty), {cfg['server_workers']} workers + 1 task worker, {cfg['rate']:g} msg/s for "
        f"{cfg['duration']:g} s, 1 in {cfg['urgent_every']} urgent, escalation after "
        f"{cfg['escalate_after']:g} s"
    )
    print(
        f"chat: p50 {chat_phase['p50_ms']:.1f} p95 {chat_phase['p95_ms']:.1f} p99 "
        f"{chat_phase['p99_ms']:.1f} ms, lost {chat_phase['lost']} "
        f"(after resume {chat_phase['lost_after_resume']}), dup {chat_phase['duplicated']}, "
        f"not stored {chat_phase['not_stored']}, sockets closed {chat_phase['closed_sockets']}"
    )
    resp = report["responders"]
    print(
        f"responders' notification sockets: {resp['responders_connected']} connected, closed by "
        f"the server {sum(resp['closes'].values())} times {resp['closes'] or ''}, reopened "
        f"{resp['responders_reopened']}"
    )
    print(
        f"urgent sent {s['urgent_sent']}, stored {s['urgent_stored']}, alerts {s['alerts']}, "
        f"lost {s['alerts_lost']}; task worker CPU {report['worker_cpu_seconds']} s"
    )
    header = f"{'measure (ms)':44} {'n':>5} {'p50':>8} {'p95':>8} {'p99':>8} {'max':>8}"
    print(header)
    print("-" * len(header))
    for name, key in (
        ("urgent sent -> facilitator's socket", "send_to_responder"),
        ("  of which: sent -> alert stored", "send_to_alert_stored"),
        ("urgent due -> facilitator's socket", "due_to_responder"),
        ("deadline -> ESCALATED recorded", "escalation_after_deadline"),
        ("ESCALATED -> fallback responder's socket", "escalated_to_fallback_socket"),
        ("last deadline -> UNANSWERED recorded", "unanswered_after_deadline"),
    ):
        r = s[key]
        print(
            f"{name:44} {r['count']:5d} {ms(r['p50_s']):>8} {ms(r['p95_s']):>8} "
            f"{ms(r['p99_s']):>8} {ms(r['max_s']):>8}"
        )
    if s["problems"]:
        print("problems: " + ", ".join(f"{k} {v}" for k, v in sorted(s["problems"].items())))
    print()
    for check in report["targets"]:
        mark = "met   " if check["met"] else "MISSED"
        print(f"{mark} {check['target']}: {check['value']}")
    print()


# --- The run -----------------------------------------------------------------------------


def bench(args: argparse.Namespace, data_dir: Path, clients_file: Path) -> dict[str, Any]:
    prefix = f"safetybench{secrets.token_hex(4)}"
    env = chat.server_env(data_dir, prefix, "configured", args.env)
    env["PEERHAVEN_ALERT_ESCALATE_AFTER"] = str(args.escalate_after)
    port = http_bench.free_port()
    tag = secrets.token_hex(3)
    measured = f"{tag}-safety-"  # the client ids of the measured phase (bench/chat/load.py)
    responders = json.loads(clients_file.read_text())["responders"]
    out: dict[str, Any] = {}
    server = worker = None
    loads: list[Any] = []
    server_log, worker_log = data_dir / "server.log", data_dir / "worker.log"
    try:
        chat.flush_redis()
        with server_log.open("wb") as log_file:
            log(f"starting peerhaven serve on {HOST}:{port}, {args.workers} workers")
            server = chat.start_server(env, port, args.workers, log_file)
        with worker_log.open("wb") as log_file:
            log(f"starting peerhaven worker, escalation after {args.escalate_after} s")
            worker = start_worker(env, log_file)
        loads = chat.start_loads(
            "chat",
            port,
            clients_file,
            tag,
            args.load_procs,
            args.no_compression,
            args.ping_every,
            script=SAFETY / "load.py",
            extra_args=(
                "--notify-url",
                f"ws://{HOST}:{port}/ws/notifications/",
                "--urgent-every",
                str(args.urgent_every),
            ),
        )
        # Warm up both workers, the alert path included (its escalations run during the
        # measurement, as earlier alerts' would; they are not counted).
        warm_rate = min(args.rate, 50.0)
        out["warmup"] = chat.run_phase(loads, server.pid, "warmup", warm_rate, 10, args.drain)
        chat.settle(server.pid, 0.3, limit=60)
        worker_cpu = http_bench.cpu_seconds([worker.pid])
        phase = chat.run_phase(loads, server.pid, "safety", args.rate, args.duration, args.drain)
        out["chat"] = phase
        log("waiting for the server to work off its backlog, then for every escalation")
        chat.settle(server.pid, 0.3, limit=120)
        out["waited"] = wait_for_escalations(
            measured, args.escalate_after, limit=2 * args.escalate_after + 120
        )
        out["worker_cpu_seconds"] = round(http_bench.cpu_seconds([worker.pid]) - worker_cpu, 2)
        answers = collect_notices(loads)
        out["responders"] = {
            key: sum(a[key] for a in answers)
            for key in ("responders_connected", "responders_open", "responders_reopened")
        }
        out["responders"]["closes"] = dict(
            sum((Counter(a["responder_closes"]) for a in answers), Counter())
        )
        out["safety"] = analyse(measured, answers, responders, args.escalate_after)
        return out
    finally:
        for load in loads:
            load.stop()
        if worker is not None:
            http_bench.stop_server(worker)
        if server is not None:
            http_bench.stop_server(server)
        RESULTS.mkdir(exist_ok=True)
        for path, name in ((server_log, "safety-server.log"), (worker_log, "safety-worker.log")):
            if path.exists():
                shutil.copyfile(path, RESULTS / name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 clients, 10 rooms, 50 msg/s")
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--rate", type=float, default=300.0, help="messages/s, all rooms")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of sending")
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait for stragglers")
    parser.add_argument("--urgent-share", type=float, default=0.01, help="share of urgent messages")
    parser.add_argument(
        "--escalate-after", type=int, default=10, help="PEERHAVEN_ALERT_ESCALATE_AFTER (min 5)"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--load-procs", type=int, default=1)
    parser.add_argument("--no-compression", action="store_true", help="no permessage-deflate")
    parser.add_argument(
        "--ping-every", type=float, default=25.0, help="seconds between a socket's pings; 0: none"
    )
    parser.add_argument(
        "--env", action="append", default=[], metavar="NAME=VALUE", help="server environment"
    )
    args = parser.parse_args()
    if args.quick:
        given = set(sys.argv)
        if "--clients" not in given:
            args.clients = 100
        if "--rooms" not in given:
            args.rooms = 10
        if "--rate" not in given:
            args.rate = 50.0
        if "--duration" not in given:
            args.duration = 20.0
        args.drain = min(args.drain, 5.0)
    if not 0 < args.urgent_share <= 1 or args.escalate_after < 5:
        parser.error("--urgent-share takes (0, 1]; --escalate-after at least 5")
    if any("=" not in e for e in args.env):
        parser.error("--env takes NAME=VALUE")
    args.urgent_every = max(1, round(1 / args.urgent_share))

    started = time.monotonic()
    data_dir = Path(tempfile.mkdtemp(prefix="peerhaven-safety-bench-"))
    name = "safety-quick.json" if args.quick else "safety.json"
    report: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": http_bench.machine(),
        "load_average_at_start": os.getloadavg(),
        "config": {
            "quick": args.quick,
            "clients": args.clients,
            "rooms": args.rooms,
            "rate": args.rate,
            "duration": args.duration,
            "drain_seconds": args.drain,
            "urgent_every": args.urgent_every,
            "escalate_after": args.escalate_after,
            "server_workers": args.workers,
            "load_procs": args.load_procs,
            "compression": not args.no_compression,
            "ping_every_s": args.ping_every,
            "extra_env": args.env,
        },
    }
    try:
        log(f"database {DB_NAME}, Redis {REDIS_URL}, load average {os.getloadavg()[0]:.1f}")
        chat.psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        chat.psql(f"CREATE DATABASE {DB_NAME}")
        env = chat.server_env(data_dir, "safetybench-setup", "configured", args.env)
        http_bench.run_cmd([str(BIN / "peerhaven"), "migrate", "--noinput", "-v0"], env=env)
        clients_file = data_dir / "clients.json"
        made = http_bench.run_cmd(
            [sys.executable, str(SAFETY / "setup_data.py"), str(args.clients), str(args.rooms)]
            + [str(clients_file)],
            env=env,
        )
        log(f"created {made.strip()} in {time.monotonic() - started:.0f} s")
        report.update(bench(args, data_dir, clients_file))
        report["targets"] = verdict(report["safety"])
        report["load_average_at_end"] = os.getloadavg()
        report["run_seconds"] = round(time.monotonic() - started, 1)
        write_report(report, name)
        print_report(report)
        log(f"wrote {RESULTS / name} after {report['run_seconds']} s")
        return 0
    except Exception as exc:  # noqa: BLE001 - report, clean up, exit non-zero
        log(f"failed: {type(exc).__name__}: {exc}")
        write_report(report, name)
        return 1
    finally:
        for cleanup in (
            lambda: chat.psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)"),
            chat.flush_redis,
        ):
            try:
                cleanup()
            except Exception as exc:  # noqa: BLE001 - keep cleaning up
                log(f"cleanup: {exc}")
        shutil.rmtree(data_dir, ignore_errors=True)


def write_report(report: dict[str, Any], name: str) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / name).write_text(json.dumps(report, indent=2, default=str) + "\n")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    sys.exit(main())
