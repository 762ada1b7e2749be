"""Run the whole test suite: first on the embedded default (SQLite, in-memory channel
layer, local-memory cache) with the browser tests, then again on PostgreSQL + Redis when
they answer. Extra arguments go to pytest in both passes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import urlparse

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


def answers(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 2
        ):
            return True
    except OSError:
        return False


def pytest(env: dict[str, str], args: list[str]) -> int:
    # Exit code 5 means "no tests collected" (e.g. a -k filter): not a failure of the pass.
    code = subprocess.call([sys.executable, "-m", "pytest", *args], env=env)  # noqa: S603
    return 0 if code == 5 else code


def main() -> int:
    args = sys.argv[1:]
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}

    print("== Pass 1 of 2: SQLite, in-memory channel layer, browser tests ==", flush=True)
    failed = pytest(base, args)

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("REDIS_URL", DEFAULT_REDIS_URL)
    missing = [
        name
        for name, url, port in (("PostgreSQL", database_url, 5432), ("Redis", redis_url, 6379))
        if not answers(url, port)
    ]
    if missing:
        print(
            f"== Pass 2 of 2 SKIPPED: {' and '.join(missing)} not answering "
            f"(DATABASE_URL={database_url}, REDIS_URL={redis_url}) ==",
            flush=True,
        )
    else:
        print("== Pass 2 of 2: PostgreSQL + Redis ==", flush=True)
        env = {**base, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
        # The browser tests drive a server of their own; once (pass 1) is enough.
        failed = pytest(env, [*args, "-m", "not browser"]) or failed
    return failed


if __name__ == "__main__":
    sys.exit(main())
