"""One ASGI application for HTTP and WebSocket."""

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
