"""Open sockets hear at once when an account is suspended or a group's first rules appear."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from peerhaven.config.asgi import application
from peerhaven.conversations.models import Message
from peerhaven.guidelines import services as guidelines
from peerhaven.moderation import services as moderation
from peerhaven.moderation.models import Case
from tests.conftest import session_cookie
from tests.conversations.helpers import post
from tests.conversations.test_chat_socket import (
    TIMEOUT,
    chat,  # noqa: F401 - the fixture
    open_socket,
    receive,
    send,
    subscribe,
)
from tests.moderation.api_helpers import REASON, report

pytestmark = [
    pytest.mark.asyncio,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("close_worker_thread_connections"),
]


def _suspend(*, admin, reporter, user, conversation) -> None:
    """The real path: a report on the person's post, then an admin's suspension."""
    from rest_framework.test import APIClient

    message = post(conversation, user, "Something another member reports")
    client = APIClient()
    client.force_authenticate(reporter)
    assert report(client, message, note="Please look").status_code == 201
    moderation.case_act(
        moderator=admin,
        case=Case.objects.get(message=message),
        kind="suspend",
        guideline_key="respect",
        reason=REASON,
    )


async def test_a_suspended_member_is_disconnected_at_once(
    chat,  # noqa: F811
    alice,
    bob,
    org_admin,
):
    _group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)
    await sync_to_async(_suspend)(admin=org_admin, reporter=bob, user=alice, conversation=chat_room)
    frames = []
    while True:
        output = await ws.receive_output(timeout=TIMEOUT)
        if output["type"] == "websocket.close":
            break
        frames.append(output)
    assert output["code"] == 4401
    assert any('"account_closed"' in f.get("text", "") for f in frames)
    count = await sync_to_async(Message.objects.filter(conversation=chat_room).count)()
    assert count == 1  # only the reported post


async def test_a_suspended_persons_notification_socket_closes(
    chat,  # noqa: F811
    alice,
    bob,
    org_admin,
):
    _group, chat_room = chat
    cookie = await sync_to_async(session_cookie)(alice)
    headers = [
        (b"origin", b"http://testserver"),
        (b"host", b"testserver"),
        (b"cookie", f"{settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    ws = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    assert (await ws.connect(timeout=TIMEOUT))[0]
    await ws.receive_json_from(timeout=TIMEOUT)  # hello
    await sync_to_async(_suspend)(admin=org_admin, reporter=bob, user=alice, conversation=chat_room)
    assert (await ws.receive_output(timeout=TIMEOUT)) == {"type": "websocket.close", "code": 4401}


async def test_others_keep_chatting_when_one_member_is_suspended(
    chat,  # noqa: F811
    alice,
    bob,
    org_admin,
):
    _group, chat_room = chat
    ws = await open_socket(bob)
    await subscribe(ws, chat_room.pk)
    await sync_to_async(_suspend)(admin=org_admin, reporter=bob, user=alice, conversation=chat_room)
    await receive(ws, "message")  # the reported post, live
    assert (await send(ws, chat_room.pk, "still", "Still here"))["type"] == "ack"
    await ws.disconnect()


async def test_a_groups_first_rules_disconnect_members_until_they_agree(
    chat,  # noqa: F811
    alice,
    facilitator,
):
    group, chat_room = chat
    ws = await open_socket(alice)
    await subscribe(ws, chat_room.pk)

    def publish_first_rules():
        draft = guidelines.draft_create(rule_set=group.rules, author=facilitator)
        guidelines.draft_guideline_add(
            version=draft,
            author=facilitator,
            key="ask-first",
            title="Ask before advising",
            text="Ask whether advice is welcome before you give it.",
        )
        return guidelines.version_publish(
            version=draft, author=facilitator, change="material", note="Our first rules"
        )

    version = await sync_to_async(publish_first_rules)()
    assert version.change == "initial"
    assert (await receive(ws, "error"))["code"] == "agreement_needed"
    assert (await ws.receive_output(timeout=TIMEOUT))["code"] == 4409
