"""Random send / resend / lost-acknowledgement sequences against the message pipeline.

A model keeps what the server must hold; after every step the database has to match it:
each (author, client id) stored once, seqs 1..n with no gap or repeat, a resend answered
with the very row first stored, and `messages_after(seq)` exactly the rows above seq."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)

from peerhaven.conversations import selectors, services
from peerhaven.conversations.exceptions import ClientIdReused
from peerhaven.conversations.models import Conversation, Message
from tests.conversations.helpers import group_with, room

pytestmark = pytest.mark.django_db

TEXTS = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip())
Pipeline = Callable[..., services.Posted]
# The service (with its access check) and the chat socket's entry (checked on subscribe).
PIPELINES = st.sampled_from([services.message_post, services._message_post])


@dataclass(frozen=True)
class Attempt:
    """One message as its sender knows it: who, under which client id, what text."""

    author: int
    client_id: str
    text: str


@dataclass(frozen=True)
class Row:
    id: int
    seq: int
    author: int
    client_id: str
    body: str


def build_machine(*, people: list[Any], reader: Any, group: Any) -> type[RuleBasedStateMachine]:
    class ResendMachine(RuleBasedStateMachine):
        sent = Bundle("sent")
        unacked = Bundle("unacked")
        unsent = Bundle("unsent")

        @initialize()
        def fresh_room(self) -> None:
            # A room per example: examples share one test transaction, never one room.
            self.room: Conversation = room(group, reader)
            self.numbers = iter(range(1, 10**6))
            # What the server holds, in seq order, and by (author, client id).
            self.rows: list[Row] = []
            self.by_key: dict[tuple[int, str], Row] = {}

        def _new_id(self) -> str:
            return f"m{next(self.numbers)}"

        def _post(self, pipeline: Pipeline, attempt: Attempt) -> services.Posted:
            return pipeline(
                author=people[attempt.author],
                conversation=self.room,
                text=attempt.text,
                client_id=attempt.client_id,
            )

        def _record(self, attempt: Attempt, posted: services.Posted) -> Row:
            """Check a post's answer against the model, and return the row it names."""
            key = (attempt.author, attempt.client_id)
            earlier = self.by_key.get(key)
            message = posted.message
            if earlier is not None:
                assert not posted.created
                assert message.pk == earlier.id and message.seq == earlier.seq
                assert posted.payload["id"] == earlier.id
                return earlier
            assert posted.created
            assert message.seq == len(self.rows) + 1
            row = Row(message.pk, message.seq, attempt.author, attempt.client_id, message.body)
            assert row.body == attempt.text.strip()
            assert posted.payload["seq"] == row.seq and posted.payload["text"] == row.body
            self.rows.append(row)
            self.by_key[key] = row
            return row

        @rule(target=sent, author=st.integers(0, 1), text=TEXTS, pipeline=PIPELINES)
        def send(self, author: int, text: str, pipeline: Any) -> Attempt:
            attempt = Attempt(author, self._new_id(), text)
            self._record(attempt, self._post(pipeline, attempt))
            return attempt

        @rule(target=unacked, author=st.integers(0, 1), text=TEXTS, pipeline=PIPELINES)
        def send_and_lose_the_ack(self, author: int, text: str, pipeline: Any) -> Attempt:
            """Stored, but the connection dropped before the answer: the sender only knows
            it tried, and will resend."""
            attempt = Attempt(author, self._new_id(), text)
            self._record(attempt, self._post(pipeline, attempt))
            return attempt

        @rule(target=unsent, author=st.integers(0, 1), text=TEXTS)
        def send_into_a_dead_connection(self, author: int, text: str) -> Attempt:
            """The frame never reached the server."""
            return Attempt(author, self._new_id(), text)

        @rule(target=sent, attempt=consumes(unacked), pipeline=PIPELINES)
        def resend_after_a_lost_ack(self, attempt: Attempt, pipeline: Any) -> Any:
            stored = self.by_key[(attempt.author, attempt.client_id)]
            posted = self._post(pipeline, attempt)
            assert not posted.created and posted.message.pk == stored.id
            self._record(attempt, posted)
            return multiple(attempt)

        @rule(target=sent, attempt=consumes(unsent), pipeline=PIPELINES)
        def resend_after_reconnecting(self, attempt: Attempt, pipeline: Any) -> Any:
            assert (attempt.author, attempt.client_id) not in self.by_key
            posted = self._post(pipeline, attempt)
            assert posted.created
            self._record(attempt, posted)
            return multiple(attempt)

        @rule(attempt=sent, pipeline=PIPELINES)
        def resend_the_same_message(self, attempt: Attempt, pipeline: Any) -> None:
            count = len(self.rows)
            row = self._record(attempt, self._post(pipeline, attempt))
            assert len(self.rows) == count
            assert row is self.by_key[(attempt.author, attempt.client_id)]

        @rule(attempt=sent, text=TEXTS, pipeline=PIPELINES)
        def reuse_a_client_id_for_other_words(
            self, attempt: Attempt, text: str, pipeline: Any
        ) -> None:
            if text.strip() == attempt.text.strip():
                text = text + " and more"
            with pytest.raises(ClientIdReused):
                self._post(pipeline, Attempt(attempt.author, attempt.client_id, text))

        @rule(target=sent, attempt=sent, text=TEXTS)
        def the_other_person_uses_the_same_client_id(self, attempt: Attempt, text: str) -> Any:
            """Client ids belong to their sender: someone else's equal id is a new message."""
            other = Attempt(1 - attempt.author, attempt.client_id, text)
            if (other.author, other.client_id) in self.by_key:
                return multiple()
            self._record(other, self._post(services.message_post, other))
            return multiple(other)

        @rule(data=st.data())
        def read_after(self, data: st.DataObject) -> None:
            after = data.draw(st.integers(0, len(self.rows) + 2), label="after")
            got = selectors.messages_after(
                conversation=self.room, user=reader, after_seq=after, limit=10**6
            )
            assert [(m.pk, m.seq) for m in got] == [
                (row.id, row.seq) for row in self.rows if row.seq > after
            ]

        @invariant()
        def the_database_holds_exactly_the_model(self) -> None:
            stored = list(
                Message.objects.filter(conversation=self.room)
                .order_by("seq")
                .values_list("pk", "seq", "author_id", "client_id", "body")
            )
            expected = [
                (row.id, row.seq, people[row.author].pk, row.client_id, row.body)
                for row in self.rows
            ]
            assert stored == expected
            assert [seq for _pk, seq, *_rest in stored] == list(range(1, len(stored) + 1))
            keys = [(author, client_id) for _pk, _seq, author, client_id, _body in stored]
            assert len(keys) == len(set(keys))
            self.room.refresh_from_db(fields=["last_seq"])
            assert self.room.last_seq == len(stored)

    return ResendMachine


def test_random_resend_sequences_store_each_message_once_in_seq_order(
    alice, bob, facilitator, settings: Any
):
    settings.PEERHAVEN_MESSAGE_RATE = (10**6, 60)
    group = group_with(facilitator=facilitator, members=[alice, bob])
    machine = build_machine(people=[alice, bob], reader=facilitator, group=group)
    run_state_machine_as_test(
        machine,
        settings=hypothesis_settings(
            max_examples=50,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
