"""Profile one page in-process, under the bench's production settings.

    .venv/bin/python bench/run.py --profile /accounts/profile/

bench/run.py prepares the database and the signed-in member, then runs this script with
the same environment. It prints the SQL one request runs, the mean time per request
through Django's sync handler and through its ASGI handler (the difference is the cost of
the sync/async hand-offs), and a cProfile of the sync path (cProfile sees one thread only,
and under ASGI the view runs in a worker thread). The network is left out.
With PROFILE_CALLERS=name,name (parts of the profile's function names) it also prints who
called those functions.
"""

from __future__ import annotations

import asyncio
import cProfile
import io
import os
import pstats
import sys
import time

import django

WARM_UP = 5


def show_queries(path: str, cookie: str) -> None:
    """The SQL one request runs (the sync client runs the same middleware and queries)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={"Accept": "text/html"})
    client.cookies.load(cookie)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.status_code
    print(f"{path}: {len(queries.captured_queries)} SQL queries per request")
    for query in queries.captured_queries:
        print("   ", query["sql"][:150])


def time_sync(path: str, cookie: str, count: int) -> float:
    from django.test import Client

    client = Client(headers={"Accept": "text/html"})
    client.cookies.load(cookie)
    for _ in range(WARM_UP):
        client.get(path)
    started = time.perf_counter()
    for _ in range(count):
        client.get(path)
    return (time.perf_counter() - started) / count


async def time_async(path: str, cookie: str, count: int) -> float:
    from django.test import AsyncClient

    client = AsyncClient(headers={"Accept": "text/html"})
    client.cookies.load(cookie)
    for _ in range(WARM_UP):
        response = await client.get(path)
        assert response.status_code == 200, response.status_code
    started = time.perf_counter()
    for _ in range(count):
        await client.get(path)
    return (time.perf_counter() - started) / count


def profile_sync(path: str, cookie: str, count: int) -> None:
    from django.test import Client

    client = Client(headers={"Accept": "text/html"})
    client.cookies.load(cookie)
    for _ in range(WARM_UP):
        client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROFILE_LINES", "40")))
    stats.sort_stats("tottime").print_stats(25)
    for name in os.environ.get("PROFILE_CALLERS", "").split(","):
        if name:
            stats.sort_stats("tottime").print_callers(name)
    print(out.getvalue())


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhaven.config.settings")
    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test clients' host
    path, cookie = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    show_queries(path, cookie)
    sync_s = time_sync(path, cookie, count)
    async_s = asyncio.run(time_async(path, cookie, count))
    print(
        f"mean per request: sync handler {sync_s * 1000:.2f} ms, ASGI handler "
        f"{async_s * 1000:.2f} ms ({count} requests each, no profiler)\n"
    )
    profile_sync(path, cookie, count)


if __name__ == "__main__":
    main()
