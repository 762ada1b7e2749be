"""Several chat messages through the pipeline at once (what the chat socket's queue does
under load): each is checked and answered on its own, and nothing is lost, doubled or
numbered out of order; on PostgreSQL the plain ones share one statement."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peerhaven.accounts.models import SupportPreference
from peerhaven.conversations import services, storage
from peerhaven.conversations.exceptions import ClientIdReused, InvalidMessage, SendingTooFast
from peerhaven.conversations.models import Conversation, Message, ReadMark
from peerhaven.core.exceptions import NotFound
from peerhaven.safety.models import Alert
from tests.conversations.helpers import group_with, room
from tests.safety.alert_helpers import URGENT, on_duty_all_week

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WRITES = ("INSERT", "UPDATE", "WITH", "DELETE")


@pytest.fixture
def rooms(facilitator, alice, bob):
    group = group_with(facilitator=facilitator, members=[alice, bob])
    return room(group, facilitator, title="Morning"), room(group, facilitator, title="Evening")


def request(author, conversation, text, client_id, **fields):
    return {
        "author": author,
        "conversation": Conversation(pk=conversation.pk, group_id=conversation.group_id),
        "text": text,
        "client_id": client_id,
        "deliver": False,
        **fields,
    }


def stored_in(conversation):
    return [
        (m.seq, m.author_id, m.client_id)
        for m in Message.objects.filter(conversation=conversation).order_by("seq")
    ]


def test_each_room_numbers_its_messages_in_arrival_order(rooms, alice, bob):
    morning, evening = rooms
    answers = services.message_post_many(
        [
            request(alice, morning, "Good morning", "a1"),
            request(bob, evening, "Evening all", "b1"),
            request(bob, morning, "Morning!", "b2"),
            request(alice, morning, "How did you sleep?", "a2"),
        ]
    )
    assert all(isinstance(answer, services.Posted) and answer.created for answer in answers)
    assert [answer.message.seq for answer in answers] == [1, 1, 2, 3]
    assert stored_in(morning) == [(1, alice.pk, "a1"), (2, bob.pk, "b2"), (3, alice.pk, "a2")]
    assert stored_in(evening) == [(1, bob.pk, "b1")]
    morning.refresh_from_db()
    assert morning.last_seq == 3
    # Each author has read up to their own newest message in each room.
    marks = {(m.user_id, m.conversation_id): m.last_seen_seq for m in ReadMark.objects.all()}
    assert marks == {(alice.pk, morning.pk): 3, (bob.pk, morning.pk): 2, (bob.pk, evening.pk): 1}
    # The answers carry what the room hears: the stored message, rendered.
    assert answers[0].payload["seq"] == 1 and answers[0].payload["html"] == "<p>Good morning</p>\n"
    assert answers[0].event is not None


def test_plain_messages_share_one_statement_on_postgresql(rooms, alice, bob):
    morning, evening = rooms
    batch = [request(alice, morning, f"Line {i}", f"a{i}") for i in range(5)]
    batch.append(request(bob, evening, "Hello", "b1"))
    with CaptureQueriesContext(connection) as queries:
        services.message_post_many(batch)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    expected = 1 if connection.vendor == "postgresql" else 3 * len(batch)
    assert len(writes) == expected, writes
    assert len(stored_in(morning)) == 5


def test_a_resend_among_them_returns_the_stored_message_and_the_rest_are_stored(rooms, alice, bob):
    morning, _ = rooms
    first = services.message_post_many([request(alice, morning, "Hello", "a1")])[0]
    answers = services.message_post_many(
        [
            request(bob, morning, "Hi", "b1"),
            request(alice, morning, "Hello", "a1"),  # the page sent it again
            request(alice, morning, "Still here", "a2"),
        ]
    )
    assert [answer.created for answer in answers] == [True, False, True]
    assert answers[1].message.pk == first.message.pk
    # No number was used up by the resend.
    assert stored_in(morning) == [(1, alice.pk, "a1"), (2, bob.pk, "b1"), (3, alice.pk, "a2")]


def test_the_same_message_twice_in_one_batch_is_stored_once(rooms, alice):
    morning, _ = rooms
    answers = services.message_post_many(
        [request(alice, morning, "Hello", "a1"), request(alice, morning, "Hello", "a1")]
    )
    assert [answer.created for answer in answers] == [True, False]
    assert answers[0].message.pk == answers[1].message.pk
    assert stored_in(morning) == [(1, alice.pk, "a1")]


@override_settings(PEERHAVEN_MESSAGE_RATE=(4, 60))
def test_each_message_gets_its_own_error_and_the_others_go_through(rooms, alice, bob):
    morning, evening = rooms
    gone = Conversation(pk=evening.pk + 1000, group_id=evening.group_id)
    answers = services.message_post_many(
        [
            request(alice, morning, "   ", "a1"),  # empty
            request(alice, morning, "One", "a2"),
            request(bob, morning, "Hello", "b1"),
            request(alice, morning, "Two", "a3"),
            request(alice, morning, "Three", "a4"),
            request(alice, morning, "Four", "a5"),
            request(alice, morning, "Five", "a6"),  # over the limit of 4 a minute
            {**request(bob, morning, "Lost?", "b2"), "conversation": gone},
            request(bob, evening, "Different text", "b1"),
            request(bob, morning, "Other text, same id", "b1"),
        ]
    )
    kinds = [type(answer) for answer in answers]
    assert kinds == [
        InvalidMessage,
        services.Posted,
        services.Posted,
        services.Posted,
        services.Posted,
        services.Posted,
        SendingTooFast,
        NotFound,
        services.Posted,
        ClientIdReused,
    ]
    assert stored_in(morning) == [
        (1, alice.pk, "a2"),
        (2, bob.pk, "b1"),
        (3, alice.pk, "a3"),
        (4, alice.pk, "a4"),
        (5, alice.pk, "a5"),
    ]
    assert stored_in(evening) == [(1, bob.pk, "b1")]


def test_a_message_from_someone_at_risk_among_them_is_stored_and_alerts(
    rooms, facilitator, alice, bob
):
    morning, _ = rooms
    on_duty_all_week(facilitator, group=morning.group)
    answers = services.message_post_many(
        [
            request(bob, morning, "Hello", "b1"),
            request(alice, morning, URGENT, "a1"),
            request(bob, morning, "How is everyone?", "b2"),
        ]
    )
    assert all(isinstance(answer, services.Posted) for answer in answers)
    assert answers[1].care
    assert sorted(seq for seq, _, _ in stored_in(morning)) == [1, 2, 3]
    assert Alert.objects.filter(message=answers[1].message).exists()


def test_two_workers_storing_in_the_same_rooms_at_once_never_deadlock(rooms, alice, bob):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Writers racing needs PostgreSQL (set DATABASE_URL): threads cannot share the "
            "in-memory SQLite test database, and SQLite lets only one writer in at a time."
        )
    morning, evening = rooms
    errors: list[BaseException] = []

    def write(author, prefix, order):
        try:
            for i in range(20):
                batch = [
                    Message(
                        conversation=conversation,
                        author=author,
                        client_id=f"{prefix}-{i}-{n}",
                        body="hello",
                        body_html="<p>hello</p>",
                        support_preference=SupportPreference.JUST_LISTEN,
                        created_at=timezone.now(),
                    )
                    for n, conversation in enumerate(order)
                ]
                # Called directly: the pipeline would hide a deadlock by storing one by one.
                assert storage.store_many_in_one_statement(batch) == [True, True]
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=write, args=(alice, "a", [morning, evening])),
        threading.Thread(target=write, args=(bob, "b", [evening, morning])),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    for conversation in rooms:
        assert [seq for seq, _, _ in stored_in(conversation)] == list(range(1, 41))


def test_what_the_screen_found_is_stored_with_each_message_of_a_batch(rooms, alice, bob):
    morning, _ = rooms
    worried = "I can't do this anymore. Everything feels pointless and I keep thinking about dying."
    answers = services.message_post_many(
        [request(bob, morning, "Hello", "b1"), request(alice, morning, worried, "a1")]
    )
    calm, concern = (Message.objects.get(pk=answer.message.pk) for answer in answers)
    assert (calm.risk_level, calm.risk_reasons) == ("none", [])
    assert concern.risk_level == answers[1].message.risk_level != "none"
    assert concern.risk_reasons == answers[1].message.risk_reasons != []
    assert answers[1].care and not answers[0].care
