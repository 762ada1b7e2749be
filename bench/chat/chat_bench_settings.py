"""The production settings with another channel layer, to compare layers in bench/chat/run.py.

bench/chat/run.py puts this folder on PYTHONPATH and sets DJANGO_SETTINGS_MODULE to this
module; BENCH_CHAT_LAYER picks the layer:

- `configured`: CHANNEL_LAYERS exactly as peerhaven.config.settings sets them;
- `core`: channels_redis.core.RedisChannelLayer with the pool and the inbox set explicitly;
- `pubsub`: channels_redis.pubsub.RedisPubSubChannelLayer with explicit connection settings.

BENCH_CHAT_DB_THREADS=pool is an experiment: Channels' database_sync_to_async runs every
call of a worker process in one shared thread (thread_sensitive=True), so a worker stores
one message at a time. With `pool`, calls made through it run in the event loop's thread
pool instead (thread_sensitive=False), as many at once as there are threads. It takes
effect because the consumers import database_sync_to_async after the settings are read.

Everything else is peerhaven.config.settings, unchanged.
"""

from __future__ import annotations

import os
from typing import Any

from peerhaven.config.settings import *  # noqa: F403
from peerhaven.config.settings import CACHE_KEY_PREFIX, REDIS_URL

LAYER = os.environ.get("BENCH_CHAT_LAYER", "configured")

# Connection settings for every layer below. socket_timeout must stay above the core
# layer's 5 s blocking pop, or an idle worker's receive fails with a timeout every 5 s.
_CONNECTION: dict[str, Any] = {
    "socket_connect_timeout": 5,
    "socket_keepalive": True,
    "health_check_interval": 30,
    "retry_on_timeout": True,
}

if LAYER == "core":
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": 256,
                        "socket_timeout": 15,
                        **_CONNECTION,
                    }
                ],
                "prefix": CACHE_KEY_PREFIX + ":asgi",
                # A worker's inbox holds every event for all of its sockets; the default
                # of 100 is full within a fraction of a second and new events are dropped.
                "capacity": 5000,
                "expiry": 30,
            },
        }
    }
elif LAYER == "pubsub":
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "max_connections": 64, **_CONNECTION}],
                "prefix": CACHE_KEY_PREFIX + ":asgi",
            },
        }
    }
elif LAYER != "configured":
    raise ValueError(f"BENCH_CHAT_LAYER must be configured, core or pubsub, not {LAYER!r}")

if os.environ.get("BENCH_CHAT_DB_THREADS", "shared") == "pool":
    import channels.db

    def _database_sync_to_async_in_pool(func: Any = None, thread_sensitive: bool = False) -> Any:
        return channels.db.DatabaseSyncToAsync(func, thread_sensitive=False)

    channels.db.database_sync_to_async = _database_sync_to_async_in_pool
