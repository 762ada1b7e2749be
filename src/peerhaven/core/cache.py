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
"""

from __future__ import annotations

import functools
import threading
from typing import Any

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.commands.core import Script

_lock = threading.Lock()
_clients_by_server: dict[tuple[str, str], tuple[redis.Redis, Script]] = {}

# Increment only a key that exists, so a counter that expired is not recreated forever.
_INCR_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return nil
"""


class SharedPoolRedisCacheClient(RedisCacheClient):
    # Set by Django's RedisCacheClient.__init__; its type stubs leave them out.
    _servers: list[str]
    _pool_class: type[redis.ConnectionPool]
    _pool_options: dict[str, Any]
    _client: type[redis.Redis]

    @functools.cached_property
    def _shared(self) -> tuple[redis.Redis, Script]:
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
                    # Sent by its SHA after the first call; reloaded if Redis restarts.
                    found = (client, client.register_script(_INCR_IF_EXISTS))
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


class SharedPoolRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedPoolRedisCacheClient
