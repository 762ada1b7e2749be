"""Benchmark of finding a group by when it meets, on PostgreSQL and SQLite.

    .venv/bin/python bench/meetings/run.py             # 5,000 and 50,000 series, both engines
    .venv/bin/python bench/meetings/run.py --series 500000 --engines postgresql
    .venv/bin/python bench/meetings/run.py --engines sqlite --repeat 100 --explain
    .venv/bin/python bench/meetings/run.py --engines postgresql --keep   # keep it, then:
    .venv/bin/python bench/meetings/run.py --engines postgresql --reuse --try-sql "CREATE ..."

For each engine it creates a throw-away database (PostgreSQL: peerhaven_bench_meetings on
127.0.0.1 with local trust auth, dropped afterwards unless --keep; SQLite: a file in a
temporary directory), migrates it in the production configuration (DEBUG off), then grows it
to each --series size with bulk inserts:

  2,000 places in 40 time zones: for each zone, 50 of the larger gazetteer cities nearest the
  zone's own city in its country (so Perth's meetings are on Perth time). Groups at those
  places (0.8 per series: most groups run one series, some two or three), a few km from the
  town centre, 60% in person, 20% hybrid, 20% online. Each series in its place's zone: 65%
  weekly, 20% every other week, 15% monthly on a weekday (first Monday, last Friday, ...), on
  a random day, starting 07:00-21:45 (more often in the evening), begun in the last six
  months. Occurrences to the horizon (62 days) are worked out with meetings.recurrence and
  bulk inserted; 2% are cancelled.

At each size it times --repeat (default 200) searches for a random place: "in person within
25 km of the place, Tuesday or Wednesday 18:00-21:00 on the place's clock, next 14 days":

  service: groups.search.group_search(user=None, formats=[in person, hybrid], near=place,
           within_km=25, filters=[meetings.finder.meeting_filter(...)])
  http:    GET /api/v1/groups/?lat=..&lon=..&within=25&format=..&day=tue&day=wed&from=18:00
           &to=21:00&tz=..&within_days=14 through the whole Django stack (django.test.Client)

and reports p50 and p95 in milliseconds (target p95 < 50 ms), the matches per search, and
EXPLAIN for one search (--explain prints it). Not a test: nothing here asserts timings.
Results go to bench/results/meetings.json. See docs/performance.md, "Meetings".
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_DB = "peerhaven_bench_meetings"
SIZES = (5_000, 50_000)
PLACES_PER_ZONE = 50
BATCH = 5_000
TARGET_MS = 50
LINK = "https://meet.example.org/circle"
# 40 zones: (IANA name, main country, the zone's own city).
ZONES = [
    ("Europe/London", "GB", 51.51, -0.13),
    ("Europe/Paris", "FR", 48.87, 2.33),
    ("Europe/Berlin", "DE", 52.50, 13.37),
    ("Europe/Madrid", "ES", 40.40, -3.68),
    ("Europe/Rome", "IT", 41.90, 12.48),
    ("Europe/Warsaw", "PL", 52.25, 21.00),
    ("Europe/Athens", "GR", 37.97, 23.72),
    ("Europe/Helsinki", "FI", 60.17, 24.97),
    ("Europe/Istanbul", "TR", 41.02, 28.97),
    ("Europe/Moscow", "RU", 55.76, 37.62),
    ("Africa/Lagos", "NG", 6.45, 3.40),
    ("Africa/Cairo", "EG", 30.05, 31.25),
    ("Africa/Johannesburg", "ZA", -26.25, 28.00),
    ("Africa/Nairobi", "KE", -1.28, 36.82),
    ("Asia/Dubai", "AE", 25.30, 55.30),
    ("Asia/Karachi", "PK", 24.87, 67.05),
    ("Asia/Kolkata", "IN", 22.53, 88.37),
    ("Asia/Kathmandu", "NP", 27.72, 85.32),
    ("Asia/Dhaka", "BD", 23.72, 90.42),
    ("Asia/Bangkok", "TH", 13.75, 100.52),
    ("Asia/Jakarta", "ID", -6.17, 106.80),
    ("Asia/Shanghai", "CN", 31.23, 121.47),
    ("Asia/Manila", "PH", 14.59, 120.97),
    ("Asia/Tokyo", "JP", 35.65, 139.74),
    ("Asia/Seoul", "KR", 37.55, 126.97),
    ("Australia/Perth", "AU", -31.95, 115.85),
    ("Australia/Adelaide", "AU", -34.92, 138.58),
    ("Australia/Brisbane", "AU", -27.47, 153.03),
    ("Australia/Sydney", "AU", -33.87, 151.22),
    ("Pacific/Auckland", "NZ", -36.87, 174.77),
    ("America/New_York", "US", 40.71, -74.01),
    ("America/Chicago", "US", 41.85, -87.65),
    ("America/Denver", "US", 39.74, -104.98),
    ("America/Los_Angeles", "US", 34.05, -118.24),
    ("America/Toronto", "CA", 43.65, -79.38),
    ("America/Mexico_City", "MX", 19.40, -99.15),
    ("America/Bogota", "CO", 4.60, -74.08),
    ("America/Lima", "PE", -12.05, -77.05),
    ("America/Sao_Paulo", "BR", -23.53, -46.62),
    ("America/Argentina/Buenos_Aires", "AR", -34.60, -58.38),
]
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


# --- Parent: one child per engine ----------------------------------------------------------
def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
        timeout=120,
    )


def run_engine(engine: str, args: argparse.Namespace) -> dict:
    env = {
        **os.environ,
        "PEERHAVEN_SECRET_KEY": "bench-" + "x" * 50,
        "PEERHAVEN_DEBUG": "false",
        "PEERHAVEN_HTTPS": "false",
        "PEERHAVEN_ALLOWED_HOSTS": "testserver",
        "PEERHAVEN_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "peerhaven.config.settings",
    }
    env.pop("REDIS_URL", None)
    command = [sys.executable, __file__, "--child", "--series", args.series]
    command += ["--repeat", str(args.repeat)]
    command += ["--reuse"] if args.reuse else []
    command += ["--try-sql", args.try_sql] if args.try_sql else []
    command += ["--explain"] if args.explain else []
    keep_dir = args.keep or args.reuse
    data_dir = Path(tempfile.gettempdir()) / "bench-meetings-sqlite"
    temp = None
    if engine == "sqlite" and not keep_dir:
        temp = tempfile.TemporaryDirectory(prefix="bench-meetings-")
        data_dir = Path(temp.name)
    data_dir.mkdir(exist_ok=True)
    env["PEERHAVEN_DATA_DIR"] = str(data_dir)
    if engine == "postgresql":
        if not args.reuse:
            psql(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
            psql(f"CREATE DATABASE {args.pg_db}")
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.pg_db}"
    else:
        env.pop("DATABASE_URL", None)
        if not args.reuse:
            for old in data_dir.glob("*.sqlite3*"):
                old.unlink()
    try:
        out = subprocess.run(
            command,
            env=env,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            timeout=args.timeout,
            cwd=ROOT,
        )
    finally:
        if engine == "postgresql" and not keep_dir:
            psql(f"DROP DATABASE IF EXISTS {args.pg_db} WITH (FORCE)")
        if temp is not None:
            temp.cleanup()
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument(
        "--series",
        default=",".join(map(str, SIZES)),
        help="sizes to grow to and measure at, e.g. 5000,50000 or 500000",
    )
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--pg-db", default=PG_DB)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure a database kept by --keep (no rebuild)"
    )
    parser.add_argument(
        "--try-sql",
        default="",
        help="SQL run before measuring (then ANALYZE): to try an index not yet in a migration",
    )
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per engine")
    parser.add_argument("--out", default="meetings.json")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    started = time.monotonic()
    sizes = [int(s) for s in args.series.split(",")]
    report: dict = {"series": sizes, "repeat": args.repeat, "cpus": os.cpu_count(), "engines": {}}
    if args.try_sql:
        report["try_sql"] = args.try_sql
    for engine in args.engines.split(","):
        print(f"{engine}: building and measuring {sizes} ...", file=sys.stderr, flush=True)
        report["engines"][engine] = run_engine(engine, args)
    report["seconds"] = round(time.monotonic() - started, 1)
    print_table(report)
    if args.explain:
        for engine, rows in report["engines"].items():
            for row in rows["sizes"]:
                print(f"\n--- {engine}, {row['series']} series: plan of one search")
                print(row["explain"])
    out = ROOT / "bench" / "results" / args.out
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}; total {report['seconds']} s")


def print_table(report: dict) -> None:
    print(
        f"\n{'engine':<11}{'series':>8}{'groups':>8}{'occurrences':>12}{'insert s':>9}"
        f"{'matches':>8}  {'service p50/p95 ms':>19}  {'http p50/p95 ms':>16}"
        f"  target p95 < {TARGET_MS} ms"
    )
    for engine, rows in report["engines"].items():
        for row in rows["sizes"]:
            worst = max(row["service"]["p95"], row["http"]["p95"])
            verdict = "met" if worst < TARGET_MS else "MISSED"
            print(
                f"{engine:<11}{row['series']:>8}{row['groups']:>8}{row['occurrences']:>12}"
                f"{row['insert_seconds']:>9}{row['mean_matches']:>8}  "
                f"{row['service']['p50']:>9} / {row['service']['p95']:<7}  "
                f"{row['http']['p50']:>6} / {row['http']['p95']:<7}  {verdict}"
            )
        first, last = rows["sizes"][0], rows["sizes"][-1]
        if last["series"] != first["series"]:
            print(
                f"{engine}: {last['series'] / first['series']:.0f}x the series -> service p50 "
                f"x{last['service']['p50'] / first['service']['p50']:.1f}, http p50 "
                f"x{last['http']['p50'] / first['http']['p50']:.1f}"
            )


# --- Child: one engine, configured by the environment ----------------------------------------
def child(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(20261126)  # the same data and searches on both engines
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    places = choose_places()
    sizes = [int(s) for s in args.series.split(",")]
    rows = []
    have = count_series() if args.reuse else 0
    if args.reuse:
        sizes = [have]
    for size in sizes:
        started = time.monotonic()
        if size > have:
            insert_series(rng, have, size - have, places, now)
            have = size
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        insert_seconds = round(time.monotonic() - started, 1)
        if args.try_sql:
            with connection.cursor() as cursor:
                for statement in args.try_sql.split(";"):
                    if statement.strip():
                        cursor.execute(statement)
                cursor.execute("ANALYZE")
        row = measure(random.Random(size), places, args.repeat)
        row.update(
            series=size,
            groups=count_groups(),
            occurrences=count_occurrences(),
            insert_seconds=insert_seconds,
            explain=explain(places[17]),
        )
        rows.append(row)
        brief = {k: v for k, v in row.items() if k != "explain"}
        print(f"  {connection.vendor} {size}: {brief}", file=sys.stderr, flush=True)
    print(json.dumps({"vendor": connection.vendor, "sizes": rows}))


def count_series() -> int:
    from peerhaven.meetings.models import MeetingSeries

    return MeetingSeries.objects.count()


def count_groups() -> int:
    from peerhaven.groups.models import Group

    return Group.objects.count()


def count_occurrences() -> int:
    from peerhaven.meetings.models import Occurrence

    return Occurrence.objects.count()


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742 * math.asin(math.sqrt(min(a, 1.0)))


def choose_places() -> list[tuple[str, str, float, float]]:
    """(name, zone, latitude, longitude): for each zone the 50 largest of the 400 gazetteer
    cities of its country nearest the zone's own city."""
    from peerhaven.groups import places as gazetteer

    cities = gazetteer._loaded().cities
    chosen = []
    for zone, country, lat, lon in ZONES:
        own = [c for c in cities if c[1] == country]
        own.sort(key=lambda c: km_between(lat, lon, c[2], c[3]))
        nearest = sorted(own[:400], key=lambda c: -c[4])[:PLACES_PER_ZONE]
        chosen += [(c[0], zone, c[2], c[3]) for c in nearest]
    return chosen


def draw_series(rng: random.Random, now: datetime) -> tuple[str, date, clock, int]:
    kind = rng.choices(["weekly", "biweekly", "monthly"], [65, 20, 15])[0]
    day = rng.choice(DAYS)
    if kind == "weekly":
        rule = f"FREQ=WEEKLY;BYDAY={day}"
    elif kind == "biweekly":
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}"
    else:
        rule = f"FREQ=MONTHLY;BYDAY={rng.choice([1, 2, 3, 4, -1])}{day}"
    band = rng.choices(["evening", "daytime", "any"], [45, 25, 30])[0]
    if band == "evening":
        hour = rng.choice([18, 18, 19, 19, 19, 20])
    elif band == "daytime":
        hour = rng.randint(10, 14)
    else:
        hour = rng.randint(7, 21)
    start_time = clock(hour, rng.choice([0, 0, 15, 30, 30, 45]))
    # One of eight start dates in the last six months: enough variety, and schedules repeat
    # so working them out can be cached.
    start_date = now.date() - timedelta(days=7 * rng.randrange(1, 26, 3))
    duration = rng.choice([60, 75, 90, 90, 120])
    return rule, start_date, start_time, duration


_schedules: dict[tuple, list] = {}


def schedule(
    rule: str, zone: str, start_date: date, start_time: clock, duration: int, now: datetime
) -> list:
    from django.conf import settings

    from peerhaven.meetings import recurrence

    key = (rule, zone, start_date, start_time, duration)
    if key not in _schedules:
        _schedules[key] = list(
            recurrence.occurrences(
                rule_text=rule,
                zone_name=zone,
                start_date=start_date,
                start_time=start_time,
                duration=timedelta(minutes=duration),
                end_date=None,
                after=now,
                before=now + timedelta(days=settings.PEERHAVEN_MEETING_HORIZON_DAYS),
            )
        )
    return _schedules[key]


def insert_series(rng: random.Random, start: int, count: int, places: list, now: datetime) -> None:
    from django.db import transaction

    from peerhaven.groups.models import Group
    from peerhaven.guidelines.models import RuleSet
    from peerhaven.meetings.models import MeetingSeries, Occurrence

    for offset in range(0, count, BATCH):
        n = min(BATCH, count - offset)
        # 0.8 groups per series: most groups run one series, some two or three.
        n_groups = max(1, round(n * 0.8))
        with transaction.atomic():
            rule_sets = RuleSet.objects.bulk_create(
                [RuleSet(scope=RuleSet.Scope.GROUP, name="Group rules") for _ in range(n_groups)]
            )
            groups = []
            for i, rules in enumerate(rule_sets):
                number = start + offset + i
                name, zone, lat, lon = rng.choice(places)
                fmt = rng.choices(["in_person", "hybrid", "online"], [60, 20, 20])[0]
                # A few km from the town centre (about 0.01 degrees is 1 km).
                jitter_lat = rng.gauss(0, 0.02)
                jitter_lon = rng.gauss(0, 0.02) / max(0.2, math.cos(math.radians(lat)))
                groups.append(
                    Group(
                        name=f"{name} circle {number}",
                        slug=f"meeting-group-{number}",
                        description="Peer support: listening only is always fine.",
                        format=fmt,
                        languages=["en"],
                        listing="listed" if rng.random() < 0.9 else "unlisted",
                        place_name=name if fmt != "online" else "",
                        latitude=lat + jitter_lat if fmt != "online" else None,
                        longitude=lon + jitter_lon if fmt != "online" else None,
                        rules=rules,
                    )
                )
                groups[-1].zone = zone  # type: ignore[attr-defined]
            Group.objects.bulk_create(groups)
            owners = groups + [rng.choice(groups) for _ in range(n - n_groups)]
            series = []
            for i, group in enumerate(owners):
                rule, start_date, start_time, duration = draw_series(rng, now)
                series.append(
                    MeetingSeries(
                        group=group,
                        title=f"Meeting {start + offset + i}",
                        time_zone=group.zone,  # type: ignore[attr-defined]
                        start_date=start_date,
                        start_time=start_time,
                        duration_minutes=duration,
                        rule=rule,
                        format=group.format,
                        language="en",
                        area=group.place_name,
                        latitude=group.latitude,
                        longitude=group.longitude,
                        address="1 High Street" if group.format != "online" else "",
                        join_link="https://meet.example.org/x"
                        if group.format != "in_person"
                        else "",
                        confirmed_at=now,
                        created_at=now,
                    )
                )
            MeetingSeries.objects.bulk_create(series)
            occurrences = []
            for s in series:
                for item in schedule(
                    s.rule, s.time_zone, s.start_date, s.start_time, s.duration_minutes, now
                ):
                    cancelled = rng.random() < 0.02
                    occurrences.append(
                        Occurrence(
                            series_id=s.pk,
                            group_id=s.group_id,
                            original_date=item.original_date,
                            starts_at=item.starts_at,
                            ends_at=item.ends_at,
                            status="cancelled" if cancelled else "scheduled",
                        )
                    )
            Occurrence.objects.bulk_create(occurrences, batch_size=BATCH)
        done = offset + n
        if done % 50_000 == 0 or done == count:
            print(f"    inserted {start + done} series", file=sys.stderr, flush=True)


def search_plan(rng: random.Random, places: list, repeat: int) -> list:
    from peerhaven.groups.places import Place

    return [
        (Place(name, "", lat, lon), zone)
        for name, zone, lat, lon in (rng.choice(places) for _ in range(repeat))
    ]


def search(place, zone: str):
    from peerhaven.groups.search import group_search
    from peerhaven.meetings.finder import meeting_filter

    found = meeting_filter(
        days=["tue", "wed"], starts_from="18:00", starts_to="21:00", zone=zone, within_days=14
    )
    assert found is not None
    return group_search(
        user=None,
        formats=["in_person", "hybrid"],
        near=place,
        within_km=25,
        filters=[found],
    )


def measure(rng: random.Random, places: list, repeat: int) -> dict:
    from django.test import Client

    client = Client()
    plan = search_plan(rng, places, repeat)
    for place, zone in plan[:10]:  # warm caches, query plans and the URL and API machinery
        search(place, zone)
        client.get("/api/v1/groups/", {"lat": place.latitude, "lon": place.longitude})
    service, http, matches, cpu = [], [], [], []
    for place, zone in plan:
        c0, t0 = time.process_time(), time.perf_counter()
        page = search(place, zone)
        service.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        matches.append(page.total)
        t0 = time.perf_counter()
        response = client.get(
            "/api/v1/groups/",
            {
                "lat": place.latitude,
                "lon": place.longitude,
                "within": 25,
                "format": ["in_person", "hybrid"],
                "day": ["tue", "wed"],
                "from": "18:00",
                "to": "21:00",
                "tz": zone,
                "within_days": 14,
            },
        )
        http.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content[:300]
        assert response.json()["count"] == page.total
    return {
        "service": {**percentiles(service), "cpu_p50": round(statistics.median(cpu), 1)},
        "http": percentiles(http),
        "mean_matches": round(statistics.mean(matches), 1),
    }


def explain(place_row: tuple) -> str:
    """The plans of the count and page queries of one search."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from peerhaven.groups.places import Place

    name, zone, lat, lon = place_row
    with CaptureQueriesContext(connection) as captured:
        search(Place(name, "", lat, lon), zone)
    out = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            sql = query["sql"]
            if "meetings_occurrence" not in sql:
                continue
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
                plan = "\n".join(f"{row[0]:>3} {row[1]:>3} {row[3]}" for row in cursor.fetchall())
            out.append(f"{sql[:160]} ...\n{plan}")
    return "\n\n".join(out)


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100)
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(ordered[-1], 1)}


if __name__ == "__main__":
    main()
