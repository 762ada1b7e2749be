"""Storing a message outside a transaction, as the chat socket does: on PostgreSQL the
sequence, the row and the author's read mark are written by one statement; on both engines
the stored result is the same."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from peerhaven.accounts.models import Topic
from peerhaven.conversations import services
from peerhaven.conversations.models import Conversation, Message, ReadMark
from peerhaven.core.exceptions import NotFound
from tests.conversations.helpers import group_with, room

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WRITES = ("INSERT", "UPDATE", "WITH", "DELETE")


@pytest.fixture
def chat(facilitator, alice, bob):
    return room(group_with(facilitator=facilitator, members=[alice, bob]), facilitator)


def send(author, conversation, text, client_id, **fields):
    return services._message_post(
        author=author,
        conversation=conversation,
        text=text,
        client_id=client_id,
        deliver=False,
        **fields,
    )


def test_a_message_is_stored_with_the_next_seq_and_the_authors_read_mark(chat, alice, bob):
    first = send(alice, chat, "Hello **all**", "a1")
    second = send(bob, chat, "Hi there", "b1")
    stored = Message.objects.get(pk=first.message.pk)
    assert (stored.seq, stored.author, stored.client_id) == (1, alice, "a1")
    assert stored.body_html == "<p>Hello <strong>all</strong></p>\n"
    assert stored.risk_reasons == [] and stored.moderation == "visible"
    assert second.message.seq == 2 and second.payload["seq"] == 2
    chat.refresh_from_db()
    assert chat.last_seq == 2 and chat.last_message_at == second.message.created_at
    marks = {m.user_id: m.last_seen_seq for m in ReadMark.objects.filter(conversation=chat)}
    assert marks == {alice.pk: 1, bob.pk: 2}


def test_a_write_costs_one_statement_on_postgresql(chat, alice):
    with CaptureQueriesContext(connection) as queries:
        send(alice, chat, "Hello", "a1")
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
    expected = 1 if connection.vendor == "postgresql" else 3  # sequence, row, read mark
    assert len(writes) == expected, writes


def test_a_resend_stores_nothing_and_uses_no_sequence_number(chat, alice):
    first = send(alice, chat, "Hello", "a1")
    again = send(alice, chat, "Hello", "a1")
    assert not again.created and again.message.pk == first.message.pk
    chat.refresh_from_db()
    assert chat.last_seq == 1
    assert send(alice, chat, "Next", "a2").message.seq == 2


def test_a_missing_conversation_is_not_found_and_nothing_is_written(chat, alice):
    gone = Conversation(pk=chat.pk + 1000, group_id=chat.group_id, kind=chat.kind)
    with pytest.raises(NotFound):
        send(alice, gone, "Hello", "a1")
    assert not Message.objects.exists() and not ReadMark.objects.exists()


def test_warning_topics_are_stored_with_the_message(chat, alice):
    topic = Topic.objects.first()
    posted = send(alice, chat, "Hard day", "a1", warning_topics=[topic.slug])
    assert list(Message.objects.get(pk=posted.message.pk).warning_topics.all()) == [topic]
    assert ReadMark.objects.get(user=alice, conversation=chat).last_seen_seq == 1


def test_people_writing_at_once_get_every_number_once_in_order(chat, alice, bob):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Writers racing needs PostgreSQL (set DATABASE_URL): threads cannot share the "
            "in-memory SQLite test database, and SQLite lets only one writer in at a time."
        )
    errors: list[BaseException] = []

    def write(author, prefix):
        try:
            for i in range(15):
                send(author, chat, f"{prefix} {i}", f"{prefix}-{i}")
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=write, args=(alice, "a")),
        threading.Thread(target=write, args=(bob, "b")),
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    stored = list(Message.objects.filter(conversation=chat).order_by("seq"))
    assert [m.seq for m in stored] == list(range(1, 31))
    for author, prefix in ((alice, "a"), (bob, "b")):
        own = [m for m in stored if m.author_id == author.pk]
        # Each person's messages keep the order they were sent in.
        assert [m.client_id for m in own] == [f"{prefix}-{i}" for i in range(15)]
        mark = ReadMark.objects.get(user=author, conversation=chat)
        assert mark.last_seen_seq == own[-1].seq
