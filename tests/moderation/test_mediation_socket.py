"""A mediated conversation is never a live chat room: the chat socket refuses to subscribe
to it for everyone, those taking part included, exactly as for a thread or a missing room,
and nothing sent over the socket reaches it."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from peerhaven.config.asgi import application
from peerhaven.conversations.models import Message
from tests.moderation.mediation_helpers import PEOPLE, mediation_scene

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]

PATH = "/ws/chat/"
TIMEOUT = 5


async def _open_socket(web_as, user) -> WebsocketCommunicator:
    # A session past the two-factor step, as facilitators and admins need.
    cookie = await sync_to_async(lambda: web_as(user).cookies[settings.SESSION_COOKIE_NAME].value)()
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    ws = WebsocketCommunicator(application, PATH, headers=headers)
    connected, _code = await ws.connect(timeout=TIMEOUT)
    assert connected
    assert (await ws.receive_json_from(timeout=TIMEOUT))["type"] == "hello"
    return ws


@pytest.mark.parametrize("who", list(PEOPLE))
async def test_nobody_can_subscribe_to_a_mediated_conversation_as_a_room(
    facilitator, alice, bob, charlie, org_admin, web_as, who
):
    scene = await sync_to_async(mediation_scene)(facilitator=facilitator, alice=alice, bob=bob)
    person = PEOPLE[who][0](scene, charlie, org_admin)
    ws = await _open_socket(web_as, person)
    conversation_id = scene.conversation.pk

    await ws.send_json_to({"type": "subscribe", "room": conversation_id})
    refused = await ws.receive_json_from(timeout=TIMEOUT)
    await ws.send_json_to({"type": "subscribe", "room": conversation_id + 999})
    missing = await ws.receive_json_from(timeout=TIMEOUT)
    assert refused["type"] == missing["type"] == "error"
    assert refused["code"] == missing["code"] == "not_found"
    assert refused["message"] == missing["message"]

    await ws.send_json_to(
        {"type": "send", "room": conversation_id, "client_id": "ws-1", "text": "Over the socket"}
    )
    sent = await ws.receive_json_from(timeout=TIMEOUT)
    assert sent["type"] == "error" and sent["code"] == "not_subscribed"
    assert not await sync_to_async(Message.objects.filter(body="Over the socket").exists)()
    await ws.disconnect()
