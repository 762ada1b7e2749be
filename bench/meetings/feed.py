"""Benchmark of a member's private calendar feed: one member in 30 groups, each group with a
weekly meeting series.

    .venv/bin/python bench/meetings/feed.py                 # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mydb .venv/bin/python bench/meetings/feed.py
                                                            # SQLite, then PostgreSQL
    .venv/bin/python bench/meetings/feed.py --groups 100 --repeat 500

For each engine it creates a throw-away database (SQLite: a temporary file; PostgreSQL: a new
database named after the one in DATABASE_URL with "_bench_feed" added, on the same server,
dropped afterwards), migrates it in the production configuration (DEBUG off), then builds
through the services, as the site would: a facilitator starts `--groups` groups; the member
joins each, agreeing to the guidelines; each group gets a weekly series (five time zones,
London, New York, Sydney, Kolkata and Berlin, in turn) worked out to the horizon; every third
series has a cancelled meeting and every fifth a moved one.

Then, after a warm-up, it times `feeds.member_calendar(member)` `--repeat` times (default 200)
and prints p50, p95 and max in milliseconds (wall clock, and this process's CPU time, which
other work on the machine does not inflate), the number of queries and the size of the feed.
The target is p95 < 50 ms for 30 groups. Not a test: nothing here asserts timings.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
ZONES = ("Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Berlin")
TARGET_MS = 50


# --- Parent ---------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--groups", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "PEERHAVEN_DATA_DIR")
    }
    base |= {
        "PEERHAVEN_SECRET_KEY": "bench-" + "x" * 50,
        "PEERHAVEN_DEBUG": "false",
        "PEERHAVEN_HTTPS": "false",
        "PEERHAVEN_ALLOWED_HOSTS": "testserver",
        "PEERHAVEN_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "peerhaven.config.settings",
    }
    reports = [run_engine("sqlite", dict(base), args)]
    pg_url = os.environ.get("DATABASE_URL", "")
    if pg_url.startswith(("postgres://", "postgresql://")):
        bench_url = pg_bench_url(pg_url)
        pg_admin(bench_url, create=True)
        try:
            reports.append(run_engine("postgresql", {**base, "DATABASE_URL": bench_url}, args))
        finally:
            pg_admin(bench_url, create=False)
    else:
        print("PostgreSQL not measured: set DATABASE_URL to include it.", file=sys.stderr)
    print_table(reports, args)


def run_engine(engine: str, env: dict[str, str], args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-feed-") as data_dir:
        env["PEERHAVEN_DATA_DIR"] = data_dir
        command = [sys.executable, __file__, "--child"]
        command += ["--groups", str(args.groups), "--repeat", str(args.repeat)]
        out = subprocess.run(
            command, env=env, check=True, stdout=subprocess.PIPE, text=True, timeout=900, cwd=ROOT
        )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    report["engine"] = engine
    return report


def pg_bench_url(url: str) -> str:
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "peerhaven"
    return urlunsplit(parts._replace(path=f"/{name}_bench_feed"))


def pg_admin(bench_url: str, *, create: bool) -> None:
    import psycopg

    parts = urlsplit(bench_url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


def print_table(reports: list[dict], args: argparse.Namespace) -> None:
    print(
        f"\nmember_calendar for a member in {args.groups} groups, one weekly series each, "
        f"{args.repeat} runs after warm-up"
    )
    print(
        f"\n{'engine':<12}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'cpu p50':>9}{'cpu p95':>9}"
        f"{'queries':>9}{'kB':>7}  target p95 < {TARGET_MS} ms"
    )
    for r in reports:
        verdict = "met" if r["p95"] < TARGET_MS else "MISSED"
        print(
            f"{r['engine']:<12}{r['p50']:>8}{r['p95']:>8}{r['max']:>8}{r['cpu_p50']:>9}"
            f"{r['cpu_p95']:>9}{r['queries']:>9}{r['bytes'] / 1024:>7.1f}  {verdict}"
        )


# --- Child: build and measure one engine, configured by the environment ----------------------
def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    member = build(args.groups)
    print(json.dumps(measure(member, args.repeat)))


def build(groups: int):  # noqa: ANN201 - a User, imported after setup
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from peerhaven.accounts.models import Profile, Role, User
    from peerhaven.groups import services as group_services
    from peerhaven.guidelines.selectors import current_version, instance_rule_set
    from peerhaven.meetings import services
    from peerhaven.meetings.models import MeetingSeries

    facilitator = User.objects.create_user(
        "fran@bench.example.org", "x" * 20, display_name="Fran", role=Role.FACILITATOR
    )
    member = User.objects.create_user("alex@bench.example.org", "x" * 20, display_name="Alex")
    for person in (facilitator, member):
        Profile.objects.create(user=person, time_zone="Europe/London")
    instance = current_version(instance_rule_set())
    today = timezone.localdate()
    for n in range(groups):
        group = group_services.group_create(actor=facilitator, name=f"Circle {n + 1}")
        group_services.group_join(
            user=member,
            group=group,
            instance_version=instance.number if instance else None,
            group_version=None,
        )
        series = services.series_create(
            actor=facilitator,
            group=group,
            data=services.SeriesInput(
                title=f"Weekly meeting {n + 1}",
                time_zone=ZONES[n % len(ZONES)],
                start_date=today - timedelta(days=60 - n),
                start_time=time(18 + n % 3, 30 if n % 2 else 0),
                duration_minutes=90,
                format=MeetingSeries.Format.HYBRID,
                language="en",
                rule="FREQ=WEEKLY",
                area="Camden, London",
                address=f"{n + 1} Quiet Lane, London",
                join_link=f"https://meet.example.org/circle-{n + 1}",
                accessibility=["step_free", "captions"],
                what_to_expect="We sit in a circle; nobody has to speak.",
            ),
        )
        upcoming = list(series.occurrences.order_by("starts_at")[:3])
        if n % 3 == 0:
            services.occurrence_cancel(actor=facilitator, occurrence=upcoming[0])
        if n % 5 == 0:
            moved = upcoming[1]
            local = moved.starts_at.astimezone(services.recurrence.time_zone(series.time_zone))
            services.occurrence_move(
                actor=facilitator,
                occurrence=moved,
                local_start=datetime.combine(local.date() + timedelta(days=1), local.time()),
            )
    return member


def measure(member, repeat: int) -> dict:  # noqa: ANN001 - a User
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peerhaven.meetings import feeds

    for _ in range(10):
        data = feeds.member_calendar(member)
    with CaptureQueriesContext(connection) as queries:
        data = feeds.member_calendar(member)
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        feeds.member_calendar(member)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    times.sort()
    cpu.sort()
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(times[int(len(times) * 0.95) - 1], 1),
        "max": round(times[-1], 1),
        "cpu_p50": round(statistics.median(cpu), 1),
        "cpu_p95": round(cpu[int(len(cpu) * 0.95) - 1], 1),
        "queries": len(queries.captured_queries),
        "bytes": len(data),
    }


if __name__ == "__main__":
    main()
