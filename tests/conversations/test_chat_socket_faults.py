"""The chat socket under malformed room ids, moderated posts, escaped text and server faults."""

from __future__ import annotations

import json
from unittest.mock import patch

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import OperationalError

from peerhaven.conversations.models import Message, Moderation
from tests.conversations.helpers import post
from tests.conversations.test_chat_socket import (
    chat,  # noqa: F401 - the fixture
    open_socket,
    receive,
    send,
    subscribe,
)

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]


@pytest.mark.parametrize("room_id", [[1], {"a": 1}, 1.0, "1", True, None])
async def test_a_room_id_that_is_not_a_whole_number_is_refused_and_the_socket_lives_on(
    chat,  # noqa: F811
    alice,
    room_id,
):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    for frame in (
        {"type": "send", "room": room_id, "client_id": "odd", "text": "Where does this go?"},
        {"type": "unsubscribe", "room": room_id},
        {"type": "subscribe", "room": room_id},
    ):
        await ws.send_json_to(frame)
        assert (await receive(ws, "error"))["code"] == "invalid_room"
    # Still subscribed and still working, and nothing was stored for the odd frames.
    ack = await send(ws, chat_room.pk, "fine", "Still here")
    assert ack["type"] == "ack"
    assert await sync_to_async(Message.objects.filter(client_id="odd").exists)() is False
    await ws.disconnect()


async def test_catching_up_shows_others_only_visible_posts_and_the_author_their_own(
    chat,  # noqa: F811
    alice,
    bob,
):
    _group, chat_room = chat

    def write():
        post(chat_room, alice, "Visible to everyone", client_id="v")
        for state in (Moderation.PENDING, Moderation.HIDDEN, Moderation.REMOVED):
            held = post(chat_room, alice, f"In state {state}", client_id=f"m-{state}")
            Message.objects.filter(pk=held.pk).update(moderation=state)
        post(chat_room, alice, "Also visible", client_id="v2")

    await sync_to_async(write)()
    ws = await open_socket(bob)
    seen = [m["text"] for m in await subscribe(ws, chat_room.pk)]
    assert seen == ["Visible to everyone", "Also visible"]
    await ws.disconnect()
    own = await open_socket(alice)
    assert len(await subscribe(own, chat_room.pk)) == 5
    await own.disconnect()


async def test_a_long_message_with_every_character_escaped_in_json_is_accepted(
    chat,  # noqa: F811
    alice,
):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    text = "\N{SEEDLING}" * (settings.PEERHAVEN_MESSAGE_MAX_CHARS // 5)
    frame = {"type": "send", "room": chat_room.pk, "client_id": "plants", "text": text}
    await ws.send_to(text_data=json.dumps(frame, ensure_ascii=True))
    ack = await receive(ws, "ack")
    assert ack["message"]["text"] == text
    await ws.disconnect()


async def test_a_database_fault_while_sending_is_answered_and_the_socket_lives_on(
    chat,  # noqa: F811
    alice,
):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    with patch(
        "peerhaven.conversations.services._store",
        side_effect=OperationalError("the database went away"),
    ):
        error = await send(ws, chat_room.pk, "retry-me", "Please keep this")
    assert error["type"] == "error" and error["code"] == "server_error"
    assert error["client_id"] == "retry-me" and error["room"] == chat_room.pk
    assert error["extra"]["retry_after"] > 0
    # The page sends it again once the database is back: stored once.
    ack = await send(ws, chat_room.pk, "retry-me", "Please keep this")
    assert ack["type"] == "ack" and ack["created"] is True
    await ws.send_json_to({"type": "ping"})
    frames = [await receive(ws), await receive(ws)]
    assert {f["type"] for f in frames} == {"message", "pong"}
    assert await ws.receive_nothing(timeout=0.1)
    await ws.disconnect()


async def test_when_a_trip_to_the_database_fails_every_sender_in_it_is_answered(
    chat,  # noqa: F811
    alice,
    bob,
):
    _group, chat_room = chat
    sockets = {"a": await open_socket(alice), "b": await open_socket(bob)}
    for ws in sockets.values():
        await subscribe(ws, chat_room.pk)
    with patch(
        "peerhaven.conversations.services.message_post_many",
        side_effect=OperationalError("the database went away"),
    ):
        for key, ws in sockets.items():
            await ws.send_json_to(
                {"type": "send", "room": chat_room.pk, "client_id": key, "text": "Still here"}
            )
        for key, ws in sockets.items():
            error = await receive(ws, "error")
            assert (error["code"], error["client_id"]) == ("server_error", key)
    # Nobody waits forever, and the resends go through once the database is back.
    for key, ws in sockets.items():
        await ws.send_json_to(
            {"type": "send", "room": chat_room.pk, "client_id": key, "text": "Still here"}
        )
        frame = await receive(ws)
        while frame["type"] == "message":  # what the room heard meanwhile
            frame = await receive(ws)
        assert frame["type"] == "ack" and frame["created"] is True
    assert await sync_to_async(Message.objects.filter(conversation=chat_room).count)() == 2
    for ws in sockets.values():
        await ws.disconnect()


async def test_a_ping_that_fails_on_the_servers_side_closes_so_the_page_reconnects(
    chat,  # noqa: F811
    alice,
):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    with patch(
        "peerhaven.conversations.consumers._take_connection_slot",
        side_effect=ConnectionError("Redis went away"),
    ):
        await ws.send_json_to({"type": "ping"})
        closed = await ws.receive_output(timeout=5)
    assert closed == {"type": "websocket.close", "code": 1011}
