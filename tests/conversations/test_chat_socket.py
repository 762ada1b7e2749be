"""The live chat socket, through the real ASGI application and the configured channel layer."""

from __future__ import annotations

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import override_settings

from peerhaven.config.asgi import application
from peerhaven.conversations import services
from peerhaven.conversations.models import Message
from peerhaven.groups import services as group_services
from peerhaven.groups.models import Membership
from peerhaven.moderation import services as moderation_services
from tests.conftest import session_cookie
from tests.conversations.helpers import group_with, room, thread
from tests.groups.helpers import join_now, publish_instance_version

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]

PATH = "/ws/chat/"
TIMEOUT = 5


async def open_socket(user=None) -> WebsocketCommunicator:
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver")]
    if user is not None:
        cookie = await sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()))
    ws = WebsocketCommunicator(application, PATH, headers=headers)
    connected, code = await ws.connect(timeout=TIMEOUT)
    ws.connect_code = code  # type: ignore[attr-defined]
    if connected:
        hello = await ws.receive_json_from(timeout=TIMEOUT)
        assert hello["type"] in ("hello", "error")
        ws.first_frame = hello  # type: ignore[attr-defined]
    return ws


async def receive(ws, type_: str | None = None) -> dict:
    frame = await ws.receive_json_from(timeout=TIMEOUT)
    if type_ is not None:
        assert frame["type"] == type_, frame
    return frame


async def subscribe(ws, room_id: int, after: int = 0) -> list[dict]:
    """Subscribe and return the catch-up messages."""
    await ws.send_json_to({"type": "subscribe", "room": room_id, "after": after})
    await receive(ws, "subscribed")
    messages = []
    while True:
        frame = await receive(ws)
        if frame["type"] == "caught_up":
            return messages
        assert frame["type"] == "message", frame
        messages.append(frame["message"])


async def send(ws, room_id: int, client_id: str, text: str) -> dict:
    await ws.send_json_to({"type": "send", "room": room_id, "client_id": client_id, "text": text})
    return await receive(ws)


@pytest_asyncio.fixture
async def chat(alice, bob, facilitator):
    """A group with alice and bob as members and one chat room."""

    def build():
        group = group_with(facilitator=facilitator, members=[alice, bob])
        return group, room(group, facilitator)

    return await sync_to_async(build)()


async def test_a_visitor_is_closed_with_4401():
    ws = await open_socket(None)
    assert ws.connect_code == 4401


async def test_two_members_chat_and_both_see_each_message_once_in_order(chat, alice, bob):
    _group, chat_room = chat
    a, b = await open_socket(alice), await open_socket(bob)
    assert await subscribe(a, chat_room.pk) == []
    assert await subscribe(b, chat_room.pk) == []

    ack = await send(a, chat_room.pk, "a-1", "Hello, is anyone here?")
    assert ack["type"] == "ack" and ack["created"] is True
    stored = await sync_to_async(Message.objects.get)(pk=ack["message"]["id"])
    assert stored.body == "Hello, is anyone here?" and stored.seq == 1

    for ws in (a, b):
        frame = await receive(ws, "message")
        assert frame["message"]["seq"] == 1
        assert frame["message"]["author"] == "Alice"
    await send(b, chat_room.pk, "b-1", "Yes, hi Alice")
    assert (await receive(b))["message"]["seq"] == 2
    assert (await receive(a))["message"]["text"] == "Yes, hi Alice"
    assert await a.receive_nothing(timeout=0.2)
    await a.disconnect()
    await b.disconnect()


async def test_a_resend_with_the_same_client_id_returns_the_same_stored_message(chat, alice):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    first = await send(ws, chat_room.pk, "same-id", "Only once please")
    await receive(ws, "message")
    again = await send(ws, chat_room.pk, "same-id", "Only once please")
    assert again["type"] == "ack" and again["created"] is False
    assert again["message"]["id"] == first["message"]["id"]
    assert await sync_to_async(Message.objects.filter(client_id="same-id").count)() == 1
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_a_client_id_reused_with_different_text_is_refused(chat, alice):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    await send(ws, chat_room.pk, "reused", "First words")
    await receive(ws, "message")
    error = await send(ws, chat_room.pk, "reused", "Other words")
    assert error["type"] == "error" and error["code"] == "client_id_reused"
    assert error["client_id"] == "reused"
    stored = await sync_to_async(Message.objects.get)(client_id="reused")
    assert stored.body == "First words"
    await ws.disconnect()


async def test_a_reconnecting_client_receives_everything_after_its_last_seq_in_order(
    chat, alice, bob
):
    _group, chat_room = chat

    def post_many():
        for i in range(1, 8):
            services.message_post(
                author=bob, conversation=chat_room, text=f"message {i}", client_id=f"b{i}"
            )

    await sync_to_async(post_many)()
    ws = await open_socket(alice)
    backlog = await subscribe(ws, chat_room.pk, after=3)
    assert [m["seq"] for m in backlog] == [4, 5, 6, 7]
    assert [m["text"] for m in backlog] == ["message 4", "message 5", "message 6", "message 7"]
    await ws.disconnect()


async def test_a_missed_live_event_is_filled_from_the_database(chat, alice, bob):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)

    def post_without_fanout():
        # As if the channel layer dropped the event of message 1.
        from unittest.mock import patch

        with patch("peerhaven.conversations.fanout.send"):
            services.message_post(author=bob, conversation=chat_room, text="lost", client_id="x1")

    await sync_to_async(post_without_fanout)()
    await sync_to_async(services.message_post)(
        author=bob, conversation=chat_room, text="arrives", client_id="x2"
    )
    got = [await receive(ws, "message"), await receive(ws, "message")]
    assert [f["message"]["text"] for f in got] == ["lost", "arrives"]
    await ws.disconnect()


async def test_bad_frames_get_clear_errors_and_the_socket_and_data_survive(chat, alice):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    await send(ws, chat_room.pk, "keep", "Stored before the bad frames")
    await receive(ws, "message")

    await ws.send_to(text_data="{not json")
    assert (await receive(ws, "error"))["code"] == "invalid_json"
    await ws.send_json_to({"type": "shout"})
    assert (await receive(ws, "error"))["code"] == "unknown_type"
    await ws.send_json_to(["a", "list"])
    assert (await receive(ws, "error"))["code"] == "invalid_json"
    for odd_type in (["send"], {"a": 1}, 7, None):
        await ws.send_json_to({"type": odd_type})
        assert (await receive(ws, "error"))["code"] == "unknown_type"
    await ws.send_to(text_data="[" * 5000 + "]" * 5000)  # valid JSON, nested past Python's limit
    assert (await receive(ws, "error"))["code"] == "invalid_json"
    too_long = "x" * (settings.PEERHAVEN_MESSAGE_MAX_CHARS + 1)
    error = await send(ws, chat_room.pk, "long", too_long)
    assert error["code"] == "message_too_long" and error["client_id"] == "long"
    await ws.send_to(text_data="y" * (settings.PEERHAVEN_MESSAGE_MAX_CHARS * 13))
    assert (await receive(ws, "error"))["code"] == "frame_too_large"
    assert (await send(ws, chat_room.pk, "empty", "   "))["code"] == "invalid_message"
    await ws.send_json_to({"type": "subscribe", "room": "seven"})
    assert (await receive(ws, "error"))["code"] == "invalid_room"

    await ws.send_json_to({"type": "ping"})
    assert (await receive(ws))["type"] == "pong"
    assert await sync_to_async(Message.objects.filter(conversation=chat_room).count)() == 1
    await ws.disconnect()


async def test_a_hidden_room_answers_exactly_like_a_missing_one(chat, charlie, facilitator):
    _group, chat_room = chat
    ws = await open_socket(charlie)
    await ws.send_json_to({"type": "subscribe", "room": chat_room.pk})
    hidden = await receive(ws, "error")
    await ws.send_json_to({"type": "subscribe", "room": chat_room.pk + 999})
    missing = await receive(ws, "error")
    assert hidden["code"] == missing["code"] == "not_found"
    assert hidden["message"] == missing["message"]
    hidden_send = await send(ws, chat_room.pk, "c1", "let me in")
    missing_send = await send(ws, chat_room.pk + 999, "c2", "let me in")
    assert hidden_send["code"] == missing_send["code"] == "not_subscribed"
    assert await sync_to_async(Message.objects.count)() == 0
    await ws.disconnect()


async def test_a_thread_cannot_be_used_as_a_chat_room(chat, alice):
    group, _chat_room = chat
    a_thread = await sync_to_async(thread)(group, alice)
    ws = await open_socket(alice)
    await ws.send_json_to({"type": "subscribe", "room": a_thread.pk})
    assert (await receive(ws, "error"))["code"] == "not_found"
    await ws.disconnect()


async def test_leaving_the_group_closes_the_socket_at_once_with_4403(chat, alice):
    group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    await sync_to_async(group_services.group_leave)(user=alice, group=group)
    assert (await receive(ws, "error"))["code"] == "membership_ended"
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4403


async def test_a_removed_member_is_disconnected_at_once(chat, bob, facilitator):
    group, chat_room = chat
    ws = await open_socket(bob)
    await subscribe(ws, chat_room.pk)
    await sync_to_async(Membership.objects.filter(group=group, user=bob).delete)()
    await receive(ws, "error")
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4403


async def test_a_material_guideline_change_disconnects_with_4409(chat, alice):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    await sync_to_async(publish_instance_version)(change="material", changed_text="New words.")
    error = await receive(ws, "error")
    assert error["code"] == "agreement_needed"
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4409
    # Until they agree again, subscribing is refused the same way.
    again = await open_socket(alice)
    await again.send_json_to({"type": "subscribe", "room": chat_room.pk})
    assert (await receive(again, "error"))["code"] == "agreement_needed"
    await again.disconnect()


async def test_a_member_who_has_not_agreed_yet_cannot_subscribe(chat, charlie):
    group, chat_room = chat
    await sync_to_async(Membership.objects.create)(group=group, user=charlie)
    ws = await open_socket(charlie)
    await ws.send_json_to({"type": "subscribe", "room": chat_room.pk})
    assert (await receive(ws, "error"))["code"] == "agreement_needed"
    await ws.disconnect()


async def test_a_blocked_person_neither_sees_nor_is_seen_live(chat, alice, bob):
    _group, chat_room = chat
    await sync_to_async(services.block_set)(user=alice, target=bob, blocked=True)
    a, b = await open_socket(alice), await open_socket(bob)
    await subscribe(a, chat_room.pk)
    await subscribe(b, chat_room.pk)
    await send(b, chat_room.pk, "b1", "from bob")
    assert (await receive(b, "message"))["message"]["text"] == "from bob"
    await send(a, chat_room.pk, "a1", "from alice")
    assert (await receive(a, "message"))["message"]["text"] == "from alice"
    assert await a.receive_nothing(timeout=0.3)
    assert await b.receive_nothing(timeout=0.3)
    await a.disconnect()
    await b.disconnect()


async def test_muting_while_connected_takes_effect_at_once(chat, alice, bob):
    _group, chat_room = chat
    a, b = await open_socket(alice), await open_socket(bob)
    await subscribe(a, chat_room.pk)
    await subscribe(b, chat_room.pk)
    await sync_to_async(services.mute_set)(user=alice, target=bob, muted=True)
    await a.send_json_to({"type": "ping"})
    assert (await receive(a))["type"] == "pong"  # the change was handled before the ping
    await send(b, chat_room.pk, "b1", "muted words")
    assert (await receive(b, "message"))["message"]["text"] == "muted words"
    assert await a.receive_nothing(timeout=0.3)
    await a.disconnect()
    await b.disconnect()


@override_settings(PEERHAVEN_MESSAGE_RATE=(3, 60))
async def test_sending_too_fast_gets_a_clear_error_not_a_silent_drop(chat, alice):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    for i in range(3):
        assert (await send(ws, chat_room.pk, f"r{i}", f"message {i}"))["type"] == "ack"
        await receive(ws, "message")
    error = await send(ws, chat_room.pk, "r3", "one too many")
    assert error["code"] == "rate_limited" and error["client_id"] == "r3"
    assert error["extra"]["retry_after"] > 0
    # A resend of an acknowledged message is not counted against the limit.
    assert (await send(ws, chat_room.pk, "r0", "message 0"))["created"] is False
    await ws.disconnect()


@override_settings(PEERHAVEN_CHAT_MAX_CONNECTIONS=2)
async def test_one_person_can_hold_only_so_many_sockets(alice):
    first, second = await open_socket(alice), await open_socket(alice)
    third = await open_socket(alice)
    assert third.first_frame["code"] == "too_many_connections"
    assert (await third.receive_output(timeout=TIMEOUT))["code"] == 4429
    await first.disconnect()
    fourth = await open_socket(alice)
    assert fourth.first_frame["type"] == "hello"
    await second.disconnect()
    await fourth.disconnect()


async def test_a_member_still_in_the_group_keeps_chatting_when_another_leaves(chat, alice, bob):
    group, chat_room = chat
    a = await open_socket(alice)
    await subscribe(a, chat_room.pk)
    await sync_to_async(join_now)(await sync_to_async(lambda: _new_user("Dana"))(), group)
    b_group_leave = sync_to_async(group_services.group_leave)
    await b_group_leave(user=bob, group=group)
    await send(a, chat_room.pk, "a1", "still here")
    assert (await receive(a, "message"))["message"]["text"] == "still here"
    await a.disconnect()


def _new_user(name: str):
    from tests.factories import UserFactory

    return UserFactory(display_name=name)


async def test_a_ping_repairs_a_socket_the_channel_layer_forgot(chat, alice, bob):
    from channels.layers import get_channel_layer

    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    layer = get_channel_layer()
    # The in-memory layer, or the Redis pub/sub layer's state in this process, forgets
    # who is in which group.
    state = layer if hasattr(layer, "groups") else layer._get_layer()
    for members in state.groups.values():
        members.clear()
    await sync_to_async(services.message_post)(
        author=bob, conversation=chat_room, text="while forgotten", client_id="f1"
    )
    assert await ws.receive_nothing(timeout=0.3)
    await ws.send_json_to({"type": "ping"})
    assert (await receive(ws, "message"))["message"]["text"] == "while forgotten"
    assert (await receive(ws))["type"] == "pong"
    # Joined again: live delivery works without another ping.
    await sync_to_async(services.message_post)(
        author=bob, conversation=chat_room, text="live again", client_id="f2"
    )
    assert (await receive(ws, "message"))["message"]["text"] == "live again"
    await ws.disconnect()


@override_settings(PEERHAVEN_CHAT_MAX_CONNECTIONS=1)
async def test_sockets_of_a_killed_worker_stop_counting_once_they_stop_pinging(alice):
    from unittest.mock import patch

    from peerhaven.conversations import consumers

    first = await open_socket(alice)
    assert first.first_frame["type"] == "hello"
    # As if the worker holding `first` died: its entry is never released, only ages.
    later = consumers.time.time() + consumers.CONNECTION_TTL + 1
    with patch.object(consumers.time, "time", return_value=later):
        second = await open_socket(alice)
    assert second.first_frame["type"] == "hello"
    await second.disconnect()
    await first.disconnect()


async def test_a_message_sent_while_the_channel_layer_fails_reaches_the_room_on_a_ping(
    chat, alice, bob
):
    from unittest.mock import AsyncMock, patch

    _group, chat_room = chat
    a, b = await open_socket(alice), await open_socket(bob)
    await subscribe(a, chat_room.pk)
    await subscribe(b, chat_room.pk)
    with patch("peerhaven.conversations.fanout.get_channel_layer") as layer:
        layer.return_value.group_send = AsyncMock(side_effect=ConnectionError("layer down"))
        ack = await send(a, chat_room.pk, "down-1", "Sent while the layer is down")
    assert ack["type"] == "ack" and ack["created"] is True
    assert await b.receive_nothing(timeout=0.2)
    await b.send_json_to({"type": "ping"})
    assert (await receive(b, "message"))["message"]["text"] == "Sent while the layer is down"
    assert (await receive(b))["type"] == "pong"
    await a.disconnect()
    await b.disconnect()


async def test_a_ping_with_nothing_new_sends_only_the_pong(chat, alice, bob):
    _group, chat_room = chat
    await sync_to_async(services.message_post)(
        author=bob, conversation=chat_room, text="Before you came", client_id="b1"
    )
    ws = await open_socket(alice)
    assert len(await subscribe(ws, chat_room.pk)) == 1
    await ws.send_json_to({"type": "ping"})
    assert (await receive(ws))["type"] == "pong"
    assert await ws.receive_nothing(timeout=0.2)
    await ws.disconnect()


async def test_a_new_members_held_post_reaches_the_room_only_once_approved(
    chat, alice, bob, facilitator
):
    group, chat_room = chat

    def hold_first_posts():
        group.premoderate_first_posts = 1
        group.save(update_fields=["premoderate_first_posts"])
        moderation_services.premoderation_changed(group.pk)

    await sync_to_async(hold_first_posts)()
    a, b = await open_socket(alice), await open_socket(bob)
    await subscribe(a, chat_room.pk)
    await subscribe(b, chat_room.pk)
    ack = await send(a, chat_room.pk, "first", "My first words here")
    assert ack["type"] == "ack" and ack["message"]["moderation"] == "pending"
    assert await b.receive_nothing(timeout=0.2)
    assert await a.receive_nothing(timeout=0.1)
    held = await sync_to_async(Message.objects.get)(pk=ack["message"]["id"])
    await sync_to_async(moderation_services.pending_post_decide)(
        moderator=facilitator, message=held, approve=True
    )
    assert (await receive(b, "message"))["message"]["text"] == "My first words here"
    await a.disconnect()
    await b.disconnect()


async def test_messages_sent_at_once_from_several_sockets_are_each_stored_and_heard_once(
    chat, alice, bob
):
    """Messages arriving together go to the database together; each still gets its own ack,
    and every socket in the room hears every message once, in order."""
    _group, chat_room = chat
    people = {"a": alice, "t": alice, "b": bob}  # alice has the room open in two tabs
    sockets = {key: await open_socket(user) for key, user in people.items()}
    for ws in sockets.values():
        await subscribe(ws, chat_room.pk)
    for i in range(5):  # nobody waits for an ack before sending the next
        for key, ws in sockets.items():
            await ws.send_json_to(
                {"type": "send", "room": chat_room.pk, "client_id": f"{key}-{i}", "text": f"{i}"}
            )
    for key, ws in sockets.items():
        acks, heard = [], []
        while len(acks) < 5 or len(heard) < 15:
            frame = await receive(ws)
            (acks if frame["type"] == "ack" else heard).append(frame)
        assert [ack["client_id"] for ack in acks] == [f"{key}-{i}" for i in range(5)]
        assert all(ack["created"] for ack in acks)
        assert [frame["message"]["seq"] for frame in heard] == list(range(1, 16))
        own = [
            frame["message"]["client_id"]
            for frame in heard
            if frame["message"]["client_id"][0] == key
        ]
        assert own == [f"{key}-{i}" for i in range(5)]  # each person's in the order sent
        assert await ws.receive_nothing(timeout=0.2)
        await ws.disconnect()
    seqs = await sync_to_async(list)(
        Message.objects.filter(conversation=chat_room).values_list("seq", flat=True)
    )
    assert sorted(seqs) == list(range(1, 16))


async def test_a_member_who_blocks_the_facilitator_is_still_seen_by_them(chat, alice, facilitator):
    _group, chat_room = chat
    await sync_to_async(services.block_set)(user=alice, target=facilitator, blocked=True)
    a, f = await open_socket(alice), await open_socket(facilitator)
    await subscribe(a, chat_room.pk)
    await subscribe(f, chat_room.pk)

    await send(a, chat_room.pk, "a1", "the facilitator still reads this")
    assert (await receive(a, "message"))["message"]["text"] == "the facilitator still reads this"
    assert (await receive(f, "message"))["message"]["text"] == "the facilitator still reads this"
    # Alice's block still works for her: the facilitator's words do not reach her.
    await send(f, chat_room.pk, "f1", "from the facilitator")
    assert (await receive(f, "message"))["message"]["text"] == "from the facilitator"
    assert await a.receive_nothing(timeout=0.3)
    # A later reconnect catches up the same way.
    assert [m["text"] for m in await subscribe(await open_socket(facilitator), chat_room.pk)] == [
        "the facilitator still reads this",
        "from the facilitator",
    ]
    await a.disconnect()
    await f.disconnect()
