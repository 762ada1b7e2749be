from django.conf import settings
from django.urls import path

from peerhaven.conversations.consumers import ChatConsumer
from peerhaven.core.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/chat/", ChatConsumer.as_asgi()),
]

if settings.PEERHAVEN_BENCH_ENDPOINTS:
    # Unauthenticated and writes to a table only bench/chat/run.py creates: never default.
    from peerhaven.core.bench_consumers import BareChatConsumer

    websocket_urlpatterns.append(path("ws/bench/chat/", BareChatConsumer.as_asgi()))
