from django.urls import path

from peerhaven.conversations.consumers import ChatConsumer
from peerhaven.core.consumers import NotificationConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    path("ws/chat/", ChatConsumer.as_asgi()),
]
