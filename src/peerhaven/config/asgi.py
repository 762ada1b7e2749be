"""One ASGI application for HTTP and WebSocket."""

import gc
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhaven.config.settings")

import django  # noqa: E402

# Django must be set up before anything imports models.
django.setup(set_prefix=False)

from django.conf import settings  # noqa: E402

from peerhaven.config.http import PooledThreadASGIHandler  # noqa: E402

http_app = PooledThreadASGIHandler(threads=settings.PEERHAVEN_HTTP_THREADS)

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from peerhaven.config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": http_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

from django.urls import get_resolver  # noqa: E402

# Import every view, form and consumer now, then take everything loaded so far out of the
# garbage collector's sight: a full collection otherwise walks some 150,000 long-lived
# objects and stalls the worker, and every request waiting on it, for tens of milliseconds
# (docs/performance.md, "Garbage collection pauses").
get_resolver().url_patterns  # noqa: B018 - imported for the side effect
gc.freeze()
