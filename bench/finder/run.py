"""Benchmark of group search on PostgreSQL and SQLite at 1,000, 10,000 and 100,000 groups.

    .venv/bin/python bench/finder/run.py              # both engines, all sizes, about 3 minutes
    .venv/bin/python bench/finder/run.py --quick      # 1,000 and 10,000 groups only
    .venv/bin/python bench/finder/run.py --engines sqlite --searches 100

For each engine it creates a throw-away database (PostgreSQL: peerhaven_bench_finder on
127.0.0.1 with local trust auth, dropped afterwards; SQLite: a temporary file), migrates it,
then grows it to each size with bulk inserts: realistic names and descriptions built from word
lists, groups spread over real gazetteer cities (weighted by population), one or two topics,
mostly English with some other languages. At each size it runs the same searches, each
"words + two filters (topic, format) + distance (25 km around a city that has groups)":

  service: peerhaven.groups.search.group_search(user=None, ...)
  http:    GET /api/v1/groups/?... through the whole Django stack (django.test.Client)

and reports p50 and p95 in milliseconds, plus how much slower 100,000 is than 1,000.
Not a test: nothing here asserts timings. See docs/performance.md, "Group search".
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_DB = "peerhaven_bench_finder"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
SIZES = (1_000, 10_000, 100_000)

TOPIC_WORDS = {
    "anxiety": ["anxiety", "panic", "worry", "calm", "breathing"],
    "depression": ["low mood", "depression", "hope", "gentle routines"],
    "grief": ["grief", "loss", "bereavement", "remembering", "loved ones"],
    "addiction-recovery": ["recovery", "sobriety", "cravings", "relapse"],
    "caregiving": ["carers", "caring", "respite", "looking after"],
    "chronic-illness": ["pain", "fatigue", "long-term illness", "pacing"],
    "parenting": ["parents", "parenting", "toddlers", "teenagers"],
    "trauma": ["trauma", "safety", "flashbacks", "healing"],
    "loneliness": ["loneliness", "isolation", "company", "friendship"],
    "work-study-stress": ["burnout", "exams", "work stress", "job loss"],
    "relationships": ["separation", "family", "divorce", "relationships"],
    "neurodivergence": ["adhd", "autism", "neurodivergent", "sensory"],
}
ACTIVITIES = [
    "walk",
    "circle",
    "café",
    "coffee morning",
    "art group",
    "meetup",
    "drop-in",
    "book club",
    "garden group",
    "evening chat",
    "running club",
    "craft table",
]
WHEN = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "weekly",
    "fortnightly",
    "evening",
    "morning",
    "lunchtime",
]
SENTENCES = [
    "We meet {when} to share experiences of {a} and {b}.",
    "A friendly {activity} for people living with {a}.",
    "Come as you are: listening only is always fine, and nobody has to speak.",
    "We talk about {a}, {b} and what has helped us along the way.",
    "Peer support from people who have been there, with tea and biscuits.",
    "Newcomers welcome. Bring a friend if that makes the first visit easier.",
    "Sessions last about ninety minutes with a short break in the middle.",
    "Our facilitators have lived experience of {a} themselves.",
]
EXPECT = [
    "The first visit is relaxed: say hello, listen, and share only if you want to.",
    "We start with a round of names, then talk in small groups. Listening is enough.",
    "About an hour. Cameras optional for online sessions.",
]
OTHER_LANGUAGES = {
    "FR": "fr",
    "DE": "de",
    "ES": "es",
    "IT": "it",
    "NL": "nl",
    "PL": "pl",
    "PT": "pt",
    "BR": "pt",
    "MX": "es",
    "JP": "ja",
    "CN": "zh-hans",
    "IN": "hi",
}


# --- Parent: start one child per engine ------------------------------------------------------
def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
        timeout=120,
    )


def run_engine(engine: str, sizes: list[int], searches: int) -> dict:
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
    with tempfile.TemporaryDirectory(prefix="bench-finder-") as data_dir:
        env["PEERHAVEN_DATA_DIR"] = data_dir
        if engine == "postgresql":
            psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            psql(f"CREATE DATABASE {PG_DB}")
            env["DATABASE_URL"] = PG_URL
        else:
            env.pop("DATABASE_URL", None)
        try:
            out = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    "--sizes",
                    ",".join(map(str, sizes)),
                    "--searches",
                    str(searches),
                ],
                env=env,
                check=True,
                capture_output=True,
                text=True,
                timeout=600,
                cwd=ROOT,
            )
        except subprocess.CalledProcessError as exc:
            print(exc.stdout, exc.stderr, file=sys.stderr)
            raise
        finally:
            if engine == "postgresql":
                psql(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--engines", default="postgresql,sqlite")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 groups only")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.quick:
        sizes = [s for s in sizes if s <= 10_000]
    if args.child:
        child(sizes, args.searches)
        return
    started = time.monotonic()
    report = {"sizes": sizes, "searches": args.searches, "cpus": os.cpu_count(), "engines": {}}
    for engine in args.engines.split(","):
        print(f"{engine}: building and measuring {sizes} ...", file=sys.stderr, flush=True)
        report["engines"][engine] = run_engine(engine, sizes, args.searches)
    report["seconds"] = round(time.monotonic() - started, 1)
    print_table(report)
    out = ROOT / "bench" / "results" / "finder.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwritten to {out.relative_to(ROOT)}; total {report['seconds']} s")


def print_table(report: dict) -> None:
    print(
        f"\n{'engine':<11}{'groups':>8}  {'insert s':>8}  {'matches':>7}  "
        f"{'service p50/p95 ms':>19}  {'http p50/p95 ms':>16}"
    )
    for engine, rows in report["engines"].items():
        for row in rows["sizes"]:
            print(
                f"{engine:<11}{row['groups']:>8}  {row['insert_seconds']:>8}  "
                f"{row['mean_total']:>7}  "
                f"{row['service']['p50']:>9} / {row['service']['p95']:<7}  "
                f"{row['http']['p50']:>6} / {row['http']['p95']:<7}"
            )
        first, last = rows["sizes"][0], rows["sizes"][-1]
        factor = last["groups"] / first["groups"]
        print(
            f"{engine}: {factor:.0f}x the groups -> service p50 x"
            f"{last['service']['p50'] / first['service']['p50']:.1f}, http p50 x"
            f"{last['http']['p50'] / first['http']['p50']:.1f}"
        )


# --- Child: one engine, configured by the environment ----------------------------------------
def child(sizes: list[int], searches: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    rng = random.Random(20261125)  # the same data and searches on both engines
    cities = load_cities()
    weights = [c[4] for c in cities]
    from peerhaven.accounts.models import Topic

    topics = {t.slug: t.pk for t in Topic.objects.filter(slug__in=TOPIC_WORDS)}
    rows = []
    have = 0
    group_cities: list[tuple] = []
    for size in sizes:
        started = time.monotonic()
        group_cities += insert_groups(rng, have, size - have, cities, weights, topics)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
                cursor.execute("INSERT INTO group_search_fts(group_search_fts) VALUES ('optimize')")
        insert_seconds = round(time.monotonic() - started, 1)
        have = size
        row = measure(rng, group_cities, searches)
        row.update(groups=size, insert_seconds=insert_seconds)
        rows.append(row)
        print(f"  {connection.vendor} {size}: {row}", file=sys.stderr, flush=True)
    print(json.dumps({"vendor": connection.vendor, "sizes": rows}))


def load_cities() -> list[tuple]:
    from peerhaven.groups import places

    gazetteer = places._loaded()
    # The 6,000 largest places: where groups realistically are.
    return sorted(gazetteer.cities, key=lambda c: -c[4])[:6000]


def make_text(rng: random.Random, slugs: list[str], city: str) -> tuple[str, str]:
    words = [w for s in slugs for w in TOPIC_WORDS[s]]
    a, b = rng.sample(words, 2) if len(words) > 1 else (words[0], words[0])
    activity = rng.choice(ACTIVITIES)
    name = f"{city or 'Online'} {rng.choice(words)} {activity}".title()[:120]
    sentences = rng.sample(SENTENCES, 4)
    description = " ".join(
        s.format(when=rng.choice(WHEN), a=a, b=b, activity=activity) for s in sentences
    )
    return name, description


def insert_groups(rng, start, count, cities, weights, topics) -> list[tuple]:
    from django.db import transaction

    from peerhaven.groups.models import Group
    from peerhaven.guidelines.models import RuleSet

    through = Group.topics.through
    slugs_all = list(topics)
    placed = []
    batch = 5000
    for offset in range(0, count, batch):
        n = min(batch, count - offset)
        with transaction.atomic():
            rule_sets = RuleSet.objects.bulk_create(
                [RuleSet(scope=RuleSet.Scope.GROUP, name="Group rules") for _ in range(n)]
            )
            groups, chosen = [], []
            for i, rules in enumerate(rule_sets):
                number = start + offset + i
                fmt = rng.choices(["in_person", "hybrid", "online"], [5, 2, 3])[0]
                city = rng.choices(cities, weights)[0] if fmt != "online" else None
                slugs = rng.sample(slugs_all, rng.choice([1, 1, 2]))
                name, description = make_text(rng, slugs, city[0] if city else "")
                languages = ["en"]
                if city and city[1] in OTHER_LANGUAGES and rng.random() < 0.8:
                    languages = [OTHER_LANGUAGES[city[1]]] + (["en"] if rng.random() < 0.3 else [])
                groups.append(
                    Group(
                        name=name,
                        slug=f"group-{number}",
                        description=description,
                        what_to_expect=rng.choice(EXPECT),
                        format=fmt,
                        languages=languages,
                        listing="listed" if rng.random() < 0.9 else "unlisted",
                        join_policy=rng.choices(["open", "request", "invite"], [6, 3, 1])[0],
                        place_name=city[0] if city else "",
                        country=city[1] if city else "",
                        latitude=city[2] if city else None,
                        longitude=city[3] if city else None,
                        rules=rules,
                    )
                )
                chosen.append(slugs)
            Group.objects.bulk_create(groups)
            through.objects.bulk_create(
                [
                    through(group_id=g.pk, topic_id=topics[s])
                    for g, ss in zip(groups, chosen, strict=True)
                    for s in ss
                ]
            )
            placed += [
                (g.latitude, g.longitude, g.place_name, ss)
                for g, ss in zip(groups, chosen, strict=True)
                if g.latitude is not None
            ]
    return placed


def measure(rng: random.Random, group_cities: list[tuple], searches: int) -> dict:
    from django.test import Client

    from peerhaven.groups.places import Place
    from peerhaven.groups.search import group_search

    client = Client()
    plan = []
    for _ in range(searches):
        lat, lon, city, slugs = rng.choice(group_cities)
        slug = rng.choice(slugs)
        word = rng.choice(TOPIC_WORDS[slug] + ACTIVITIES).split()[0]
        plan.append((word, slug, Place(city, "", lat, lon)))
    # Warm caches (gazetteer, topics, query plans) before timing.
    for word, slug, place in plan[:10]:
        group_search(
            user=None,
            words=word,
            topics=[slug],
            formats=["in_person", "hybrid"],
            near=place,
            within_km=25,
        )
    service, http, totals = [], [], []
    for word, slug, place in plan:
        t0 = time.perf_counter()
        page = group_search(
            user=None,
            words=word,
            topics=[slug],
            formats=["in_person", "hybrid"],
            near=place,
            within_km=25,
        )
        service.append((time.perf_counter() - t0) * 1000)
        totals.append(page.total)
        t0 = time.perf_counter()
        response = client.get(
            "/api/v1/groups/",
            {
                "q": word,
                "topic": slug,
                "format": ["in_person", "hybrid"],
                "lat": place.latitude,
                "lon": place.longitude,
                "within": 25,
            },
        )
        http.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, response.content[:300]
    return {
        "service": percentiles(service),
        "http": percentiles(http),
        "mean_total": round(statistics.mean(totals), 1),
    }


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100)
    return {"p50": round(q[49], 1), "p95": round(q[94], 1), "max": round(ordered[-1], 1)}


if __name__ == "__main__":
    main()
