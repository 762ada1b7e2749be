"""Django's Redis cache with one connection pool and one client per process.

Django keeps a separate cache object per thread and per async context, and under ASGI
every request runs in a context of its own. The stock backend keeps its connection pool
on that object, so each request built a new pool and opened a new TCP connection to Redis
(with its handshake) for its first cache call: about a fifth of a worker's CPU on the
signed-in home page. Here the pool and the client live at module level, keyed by server
and options, so every context of a process shares them. redis-py's pool is thread-safe
and resets itself in a forked child.

`incr` is also one round trip instead of two (the stock backend asks EXISTS, then
INCRBY), and it never creates a key without its expiry when the key expires in between.
`count_and_get_each` counts rate-limit hits and reads a few keys for each, in one round trip
for all of them; on any other backend it falls back to Django's cache calls.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import redis
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.commands.core import Script

_lock = threading.Lock()
_clients_by_server: dict[tuple[str, str], tuple[redis.Redis, Script, Script]] = {}

# Increment only a key that exists, so a counter that expired is not recreated forever.
_INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return nil
"""

# Add to a counter, giving it its expiry when this call created it, then read other keys.
_COUNT_AND_GET = """
local count = redis.call('INCRBY', KEYS[1], ARGV[1])
if count == tonumber(ARGV[1]) then
    redis.call('EXPIRE', KEYS[1], ARGV[2])
end
local found = {count}
for i = 2, #KEYS do
    found[i] = redis.call('GET', KEYS[i])
end
return found
"""


class SharedPoolRedisCacheClient(RedisCacheClient):
    # Set by Django's RedisCacheClient.__init__; its type stubs leave them out.
    _servers: list[str]
    _pool_class: type[redis.ConnectionPool]
    _pool_options: dict[str, Any]
    _client: type[redis.Redis]

    @functools.cached_property
    def _shared(self) -> tuple[redis.Redis, Script, Script]:
        # Looked up once per cache object, not on every call.
        # Peerhaven configures one Redis server (REDIS_URL), for reads and writes alike.
        server = self._servers[0]
        key = (server, repr(sorted(self._pool_options.items())))
        found = _clients_by_server.get(key)
        if found is None:
            with _lock:
                found = _clients_by_server.get(key)
                if found is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    client = self._client(connection_pool=pool)
                    # Scripts go by their SHA after the first call; reloaded if Redis restarts.
                    found = (
                        client,
                        client.register_script(_INCR_IF_EXISTS),
                        client.register_script(_COUNT_AND_GET),
                    )
                    _clients_by_server[key] = found
        return found

    def _get_connection_pool(self, write: bool) -> redis.ConnectionPool:
        return self._shared[0].connection_pool

    def get_client(self, key: Any = None, *, write: bool = False) -> redis.Redis:
        return self._shared[0]

    def incr(self, key: Any, delta: int) -> int:
        incr_if_exists = self._shared[1]
        value = incr_if_exists(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return int(value)

    def count_and_get_each(
        self, requests: list[tuple[Any, int, list[Any]]]
    ) -> list[tuple[int, dict[Any, Any]]]:
        client, _, count_and_get = self._shared
        if len(requests) == 1:
            counter, timeout, keys = requests[0]
            answers = [count_and_get(keys=[counter, *keys], args=[1, timeout])]
        else:
            # Sent together, answered together: one round trip for all of them.
            pipe = client.pipeline(transaction=False)
            for counter, timeout, keys in requests:
                pipe.eval(_COUNT_AND_GET, 1 + len(keys), counter, *keys, 1, timeout)
            answers = pipe.execute()
        results = []
        for (_, _, keys), (count, *values) in zip(requests, answers, strict=True):
            found = {
                key: self._serializer.loads(value)  # type: ignore[attr-defined]
                for key, value in zip(keys, values, strict=True)
                if value is not None
            }
            results.append((int(count), found))
        return results


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient

    def count_and_get_each(
        self, requests: list[tuple[str, int, list[str]]]
    ) -> list[tuple[int, dict[str, Any]]]:
        client: SharedPoolRedisCacheClient = self._cache  # type: ignore[attr-defined]
        made = [
            (
                self.make_and_validate_key(counter),
                timeout,
                {self.make_and_validate_key(key): key for key in keys},
            )
            for counter, timeout, keys in requests
        ]
        answers = client.count_and_get_each(
            [(counter, timeout, list(keys)) for counter, timeout, keys in made]
        )
        return [
            (count, {keys[key]: value for key, value in found.items()})
            for (_, _, keys), (count, found) in zip(made, answers, strict=True)
        ]


def count_and_get_each(
    cache: BaseCache, requests: list[tuple[str, int, list[str]]]
) -> list[tuple[int, dict[str, Any]]]:
    """For each (counter, timeout, keys), in order: add one to `counter` (created with
    `timeout` seconds to live when missing) and read `keys`, as cache.get_many does. All of
    them in one round trip on SharedPoolRedisCache; `cache` may be
    django.core.cache.cache, which stands in for the configured backend."""
    in_one_trip = getattr(cache, "count_and_get_each", None)
    if in_one_trip is not None:
        answers: list[tuple[int, dict[str, Any]]] = in_one_trip(requests)
        return answers
    return [_count_and_get(cache, *request) for request in requests]


def _count_and_get(
    cache: BaseCache, counter: str, timeout: int, keys: list[str]
) -> tuple[int, dict[str, Any]]:
    try:
        count = cache.incr(counter)  # while the counter exists
    except ValueError:
        # Another worker may create it meanwhile.
        count = 1 if cache.add(counter, 1, timeout=timeout) else cache.incr(counter)
    return count, cache.get_many(keys)
