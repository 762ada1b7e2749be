"""The project's Redis cache backend: one connection for the whole process, one-step incr."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator

import pytest
import redis
from django.conf import settings
from django.core.cache import cache as default_cache
from django.core.cache import caches
from django.test import override_settings

from peerhaven.core.cache import count_and_get_each

REDIS_URL = getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379/0"


def _redis_or_skip() -> redis.Redis:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"Redis does not answer at {REDIS_URL}; the shared-pool cache is not tested")
    return client


@pytest.fixture
def redis_cache() -> Iterator[redis.Redis]:
    raw = _redis_or_skip()
    prefix = f"shared-cache-test-{uuid.uuid4().hex}"
    config = {
        "default": {
            "BACKEND": "peerhaven.core.cache.SharedPoolRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=config):
        yield raw
    for key in raw.scan_iter(f"{prefix}:*"):
        raw.delete(key)


def _connection_id_seen_from_new_thread() -> int:
    """Django gives each thread (and each ASGI request) a cache object of its own."""
    seen: list[int] = []

    def work() -> None:
        cache = caches["default"]
        cache.set("probe", "ok", 30)
        assert cache.get("probe") == "ok"
        seen.append(cache._cache.get_client(write=True).client_id())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return seen[0]


def test_cache_objects_of_every_thread_share_one_redis_connection(redis_cache: redis.Redis) -> None:
    ids = {_connection_id_seen_from_new_thread() for _ in range(20)}

    # The stock backend opened a new connection (a new client id) for every thread.
    assert len(ids) == 1


def test_incr_increments_an_existing_counter_and_keeps_its_expiry(
    redis_cache: redis.Redis,
) -> None:
    cache = caches["default"]
    assert cache.add("counter", 1, timeout=60)

    assert cache.incr("counter") == 2
    assert cache.incr("counter", 5) == 7
    assert cache.decr("counter") == 6

    assert cache.get("counter") == 6
    assert 0 < redis_cache.ttl(cache.make_key("counter")) <= 60


def test_incr_of_a_missing_key_raises_and_creates_nothing(redis_cache: redis.Redis) -> None:
    cache = caches["default"]

    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")

    assert redis_cache.exists(cache.make_key("never-set")) == 0
    assert cache.get("never-set") is None


def _count_and_read(cache) -> list[tuple[int, dict]]:
    cache.set("gate:text", "2026-11-26T10:00:00+00:00", 60)
    cache.set("gate:number", 3, 60)
    keys = ["gate:text", "gate:number", "gate:missing"]
    return [count_and_get_each(cache, [("hits", 30, keys)])[0] for _ in range(3)]


EXPECTED_READS = {"gate:text": "2026-11-26T10:00:00+00:00", "gate:number": 3}


def test_counting_one_counts_with_an_expiry_and_reads_in_one_call(
    redis_cache: redis.Redis,
) -> None:
    cache = caches["default"]

    results = _count_and_read(default_cache)  # the proxy the message pipeline uses

    assert results == [(1, EXPECTED_READS), (2, EXPECTED_READS), (3, EXPECTED_READS)]
    # The counter is created with its expiry, so a window's counter never outlives it.
    assert 0 < redis_cache.ttl(cache.make_key("hits")) <= 30
    assert cache.get("hits") == 3


def test_counting_one_gives_the_same_answers_on_other_backends() -> None:
    config = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=config):
        cache = caches["default"]
        cache.clear()
        assert _count_and_read(cache) == [
            (1, EXPECTED_READS),
            (2, EXPECTED_READS),
            (3, EXPECTED_READS),
        ]


def _count_several(cache) -> list[tuple[int, dict]]:
    cache.set("gate:text", "2026-11-26T10:00:00+00:00", 60)
    cache.set("gate:number", 3, 60)
    return count_and_get_each(
        cache,
        [
            ("hits:a", 30, ["gate:text", "gate:missing"]),
            ("hits:b", 30, ["gate:number"]),
            ("hits:a", 30, []),
        ],
    )


EXPECTED_SEVERAL = [
    (1, {"gate:text": "2026-11-26T10:00:00+00:00"}),
    (1, {"gate:number": 3}),
    (2, {}),
]


def test_count_and_get_each_answers_several_in_order_on_redis(redis_cache: redis.Redis) -> None:
    assert _count_several(default_cache) == EXPECTED_SEVERAL
    cache = caches["default"]
    assert 0 < redis_cache.ttl(cache.make_key("hits:b")) <= 30
    assert (cache.get("hits:a"), cache.get("hits:b")) == (2, 1)


def test_count_and_get_each_gives_the_same_answers_on_other_backends() -> None:
    config = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(CACHES=config):
        cache = caches["default"]
        cache.clear()
        assert _count_several(cache) == EXPECTED_SEVERAL
