"""In one go, over real sockets: a member's urgent chat message reaches the room like any
other, its author is told to show the crisis panel, and the facilitator on duty gets the
alert on their notification socket (any open page)."""

from __future__ import annotations

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client

from peerhaven.config.asgi import application
from peerhaven.safety.models import Alert
from tests.conftest import _sign_in_verified
from tests.conversations.helpers import group_with, room
from tests.safety.alert_helpers import EVERYDAY, URGENT, on_duty_all_week

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TIMEOUT = 5


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_thread_connections():
    yield
    await sync_to_async(connections.close_all)()


def _cookie(user) -> str:
    client = _sign_in_verified(Client(), user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


async def _open(path: str, user) -> WebsocketCommunicator:
    cookie = await sync_to_async(_cookie)(user)
    ws = WebsocketCommunicator(
        application,
        path,
        headers=[
            (b"origin", b"http://testserver"),
            (b"host", b"testserver"),
            (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
        ],
    )
    connected, _code = await ws.connect(timeout=TIMEOUT)
    assert connected
    assert (await ws.receive_json_from(timeout=TIMEOUT))["type"] == "hello"
    return ws


async def _subscribe(ws, room_id: int) -> None:
    await ws.send_json_to({"type": "subscribe", "room": room_id, "after": 0})
    while (await ws.receive_json_from(timeout=TIMEOUT))["type"] != "caught_up":
        pass


async def test_urgent_message_is_delivered_the_author_gets_care_and_the_responder_the_alert(
    facilitator, alice, bob
):
    group = await sync_to_async(group_with)(facilitator=facilitator, members=[alice, bob])
    chat = await sync_to_async(room)(group, facilitator)
    await sync_to_async(on_duty_all_week)(facilitator, group=group)

    author = await _open("/ws/chat/", alice)
    reader = await _open("/ws/chat/", bob)
    responder = await _open("/ws/notifications/", facilitator)
    # Another member with a page open: alerts are never sent to them.
    bystander = await _open("/ws/notifications/", bob)
    await _subscribe(author, chat.pk)
    await _subscribe(reader, chat.pk)

    await author.send_json_to(
        {"type": "send", "room": chat.pk, "client_id": "urgent-1", "text": URGENT}
    )
    frames = [await author.receive_json_from(timeout=TIMEOUT) for _ in range(2)]
    ack = next(f for f in frames if f["type"] == "ack")
    assert ack["care"] is True
    assert ack["message"]["text"] == URGENT

    delivered = await reader.receive_json_from(timeout=TIMEOUT)
    assert delivered["type"] == "message"
    assert delivered["message"]["text"] == URGENT
    # Nothing about the screen reaches other members.
    assert "care" not in delivered and not any(k.startswith("risk") for k in delivered["message"])

    notice = await responder.receive_json_from(timeout=TIMEOUT)
    assert notice["type"] == "notify" and notice["kind"] == "alert"
    alert = await sync_to_async(Alert.objects.get)(message_id=ack["message"]["id"])
    assert notice["payload"]["id"] == alert.pk
    assert notice["payload"]["url"] == f"/safety/alerts/{alert.pk}/"
    # The notice says where, never what was written.
    assert URGENT not in str(notice)
    assert await bystander.receive_nothing(timeout=0.5)

    for ws in (author, reader, responder, bystander):
        await ws.disconnect()


async def test_an_everyday_message_asks_for_no_care_and_alerts_nobody(facilitator, alice):
    group = await sync_to_async(group_with)(facilitator=facilitator, members=[alice])
    chat = await sync_to_async(room)(group, facilitator)
    await sync_to_async(on_duty_all_week)(facilitator, group=group)
    author = await _open("/ws/chat/", alice)
    responder = await _open("/ws/notifications/", facilitator)
    await _subscribe(author, chat.pk)
    await author.send_json_to(
        {"type": "send", "room": chat.pk, "client_id": "everyday-1", "text": EVERYDAY}
    )
    frames = [await author.receive_json_from(timeout=TIMEOUT) for _ in range(2)]
    assert next(f for f in frames if f["type"] == "ack")["care"] is False
    assert await responder.receive_nothing(timeout=0.5)
    assert not await sync_to_async(Alert.objects.exists)()
    await author.disconnect()
    await responder.disconnect()
