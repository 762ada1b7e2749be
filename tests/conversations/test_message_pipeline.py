"""The one pipeline every new message passes through: validate, store in order, deliver."""

from __future__ import annotations

import json
from unittest.mock import AsyncMock, patch

import pytest
from django.db import transaction
from django.test import override_settings

from peerhaven.accounts.models import SupportPreference, Topic
from peerhaven.conversations import selectors, services
from peerhaven.conversations.exceptions import ClientIdReused, InvalidMessage, SendingTooFast
from peerhaven.conversations.models import Conversation, Message, ReadMark
from peerhaven.core.exceptions import NotFound
from peerhaven.groups.exceptions import AgreementNeeded
from peerhaven.groups.models import Membership
from tests.conversations.helpers import group_with, post, room, thread
from tests.groups.helpers import publish_instance_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


def test_messages_get_consecutive_sequence_numbers_per_conversation(group, alice, bob):
    first = thread(group, alice)
    second = thread(group, bob, title="Another")
    replies = [post(first, bob, f"reply {i}") for i in range(3)]
    assert [m.seq for m in replies] == [2, 3, 4]
    assert Message.objects.get(conversation=second).seq == 1
    first.refresh_from_db()
    assert first.last_seq == 4


def test_the_same_client_id_stores_one_message(group, alice):
    conversation = thread(group, alice)
    one = services.message_post(author=alice, conversation=conversation, text="hi", client_id="c1")
    two = services.message_post(author=alice, conversation=conversation, text="hi", client_id="c1")
    assert one.created and not two.created
    assert one.message.pk == two.message.pk
    assert Message.objects.filter(client_id="c1").count() == 1


def test_a_client_id_with_other_text_is_refused_and_the_first_kept(group, alice):
    conversation = thread(group, alice)
    services.message_post(author=alice, conversation=conversation, text="first", client_id="c1")
    with pytest.raises(ClientIdReused):
        services.message_post(author=alice, conversation=conversation, text="other", client_id="c1")
    assert Message.objects.get(client_id="c1").body == "first"


def test_a_resend_after_an_edit_still_returns_the_message(group, alice):
    conversation = thread(group, alice)
    sent = services.message_post(
        author=alice, conversation=conversation, text="typo", client_id="c1"
    )
    services.message_edit(user=alice, message=sent.message, text="fixed")
    again = services.message_post(
        author=alice, conversation=conversation, text="typo", client_id="c1"
    )
    assert again.message.pk == sent.message.pk and not again.created


def test_two_people_may_use_the_same_client_id(group, alice, bob):
    conversation = thread(group, alice)
    services.message_post(author=alice, conversation=conversation, text="a", client_id="same")
    services.message_post(author=bob, conversation=conversation, text="b", client_id="same")
    assert Message.objects.filter(client_id="same").count() == 2


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "invalid_message"), ("   \n ", "invalid_message"), (None, "invalid_message"),
     (42, "invalid_message")],
)  # fmt: skip
def test_empty_or_non_text_is_refused(group, alice, text, code):
    conversation = thread(group, alice)
    with pytest.raises(InvalidMessage) as caught:
        services.message_post(author=alice, conversation=conversation, text=text)
    assert caught.value.code == code
    assert conversation.messages.count() == 1


@override_settings(PEERHAVEN_MESSAGE_MAX_CHARS=100)
def test_over_long_text_is_refused_with_the_limit(group, alice):
    conversation = thread(group, alice)
    with pytest.raises(InvalidMessage) as caught:
        services.message_post(author=alice, conversation=conversation, text="x" * 101)
    assert caught.value.code == "message_too_long"
    assert caught.value.extra["limit"] == 100


def test_bad_client_ids_are_refused(group, alice):
    conversation = thread(group, alice)
    for bad in ("has space", "x" * 65, "é", 12):
        with pytest.raises(InvalidMessage):
            services.message_post(author=alice, conversation=conversation, text="t", client_id=bad)


def test_control_characters_are_dropped(group, alice):
    conversation = thread(group, alice)
    message = post(conversation, alice, "hello\x00\x07 there")
    assert message.body == "hello there"


def test_support_preference_defaults_to_the_profile_and_can_be_chosen(group, alice):
    alice.profile.support_preference = SupportPreference.ADVICE_WELCOME
    alice.profile.save()
    conversation = thread(group, alice)
    assert conversation.messages.get().support_preference == SupportPreference.ADVICE_WELCOME
    chosen = post(conversation, alice, "only listen", support_preference="just_listen")
    assert chosen.support_preference == "just_listen"
    with pytest.raises(InvalidMessage):
        post(conversation, alice, "x", support_preference="shout")


def test_content_warnings_take_site_topics_and_a_short_note(group, alice):
    grief = Topic.objects.create(slug="grief-test", name="Grief (test)")
    conversation = thread(group, alice)
    message = post(
        conversation, alice, "hard day", warning_topics=["grief-test"], warning_note="loss"
    )
    assert list(message.warning_topics.all()) == [grief]
    assert message.warning_note == "loss"
    payload = services.message_payload(message)
    assert payload["warning_topic_slugs"] == ["grief-test"]
    assert payload["warning_topics"] == ["Grief (test)"]
    with pytest.raises(InvalidMessage):
        post(conversation, alice, "x", warning_topics=["no-such-topic"])
    with pytest.raises(InvalidMessage):
        post(conversation, alice, "x", warning_note="n" * 121)


def test_a_stranger_cannot_post_and_learns_nothing(group, alice, charlie):
    conversation = thread(group, alice)
    with pytest.raises(NotFound):
        post(conversation, charlie)
    assert conversation.messages.count() == 1


def test_a_member_who_must_agree_again_cannot_post_but_can_still_read(group, alice, bob):
    conversation = thread(group, alice)
    publish_instance_version(change="material", changed_text="New words.")
    with pytest.raises(AgreementNeeded):
        post(conversation, bob)
    assert selectors.visible_messages(conversation=conversation, user=bob).count() == 1


def test_a_removed_member_cannot_post(group, alice, bob):
    conversation = thread(group, alice)
    Membership.objects.filter(group=group, user=bob).delete()
    with pytest.raises(NotFound):
        post(conversation, bob)


@override_settings(PEERHAVEN_MESSAGE_RATE=(2, 60))
def test_the_rate_limit_counts_across_conversations(group, alice):
    one, two = thread(group, alice), room(group, group.memberships.get(role="facilitator").user)
    post(one, alice, "a")
    with pytest.raises(SendingTooFast) as caught:
        post(two, alice, "b")
    assert caught.value.status == 429


def test_delivery_waits_for_the_commit(group, alice, django_capture_on_commit_callbacks):
    conversation = thread(group, alice)
    with patch("peerhaven.conversations.fanout.send") as send:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            post(conversation, alice, "in a transaction")
        assert send.call_count == 0
        for callback in callbacks:
            callback()
        assert send.call_count == 1


def test_delivery_carries_the_stored_message(group, alice, django_capture_on_commit_callbacks):
    conversation = thread(group, alice)
    with (
        patch("peerhaven.conversations.fanout.send") as send,
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = post(conversation, alice, "**kind** words")
    group_name, event = send.call_args.args
    assert group_name == f"conversation-{conversation.pk}"
    assert event["type"] == "message.new"
    assert (event["conversation"], event["seq"]) == (conversation.pk, message.seq)
    frame = json.loads(event["frame"])
    assert (frame["type"], frame["room"]) == ("message", conversation.pk)
    assert frame["message"]["id"] == message.pk
    assert frame["message"]["html"] == "<p><strong>kind</strong> words</p>\n"


def test_a_failing_channel_layer_never_loses_the_stored_message(
    group, alice, django_capture_on_commit_callbacks
):
    conversation = thread(group, alice)
    with patch("peerhaven.conversations.fanout.get_channel_layer") as layer:
        layer.return_value.group_send = AsyncMock(side_effect=ConnectionError("layer down"))
        with django_capture_on_commit_callbacks(execute=True):
            message = post(conversation, alice, "still stored")
    assert Message.objects.filter(pk=message.pk).exists()


def test_a_chat_message_is_stored_in_three_statements(
    group, facilitator, alice, django_assert_max_num_queries
):
    chat = room(group, facilitator)
    # A socket keeps its person, and the cache the group's posting rules, after the first.
    services._message_post(author=alice, conversation=chat, text="Hello", client_id="c1")
    as_the_socket_holds_it = Conversation(pk=chat.pk, group_id=group.pk)
    # Bump the sequence, insert, move the read mark; the savepoint stands in for the
    # transaction the test's own transaction hides.
    with django_assert_max_num_queries(5):
        posted = services._message_post(
            author=alice, conversation=as_the_socket_holds_it, text="Anyone?", client_id="c2"
        )
    assert posted.created and posted.message.seq == 2


def test_a_resend_takes_no_sequence_number_from_the_next_message(group, alice):
    conversation = thread(group, alice)
    first = post(conversation, alice, "hello", client_id="c1")
    again = services.message_post(
        author=alice, conversation=conversation, text="hello", client_id="c1"
    )
    with pytest.raises(ClientIdReused):
        services.message_post(author=alice, conversation=conversation, text="other", client_id="c1")
    following = post(conversation, alice, "next", client_id="c2")
    assert not again.created and again.message.pk == first.pk
    assert following.seq == first.seq + 1
    conversation.refresh_from_db()
    assert conversation.last_seq == following.seq


def test_posting_marks_the_own_message_read_and_keeps_the_previous_visit(group, alice, bob):
    conversation = thread(group, alice)
    post(conversation, alice, "two")
    services.read_mark_update(user=bob, conversation=conversation, seq=1)
    services.read_mark_update(user=bob, conversation=conversation, seq=2)
    reply = post(conversation, bob, "three")
    mark = ReadMark.objects.get(user=bob, conversation=conversation)
    assert (mark.previous_seen_seq, mark.last_seen_seq) == (1, reply.seq)
    assert mark.seen_at == reply.created_at
    first_time = ReadMark.objects.get(user=alice, conversation=conversation)
    assert (first_time.previous_seen_seq, first_time.last_seen_seq) == (0, 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_caller_that_delivers_itself_gets_the_event_only_once_committed(group, alice):
    conversation = thread(group, alice)
    with patch("peerhaven.conversations.fanout.send") as send:
        posted = services._message_post(
            author=alice, conversation=conversation, text="hi", client_id="c1", deliver=False
        )
        assert send.call_count == 0
        assert posted.event is not None
        assert posted.event["author_id"] == alice.pk
        assert json.loads(posted.event["frame"])["message"] == posted.payload
        with transaction.atomic():
            inside = services._message_post(
                author=alice, conversation=conversation, text="again", client_id="c2", deliver=False
            )
            assert inside.event is None and send.call_count == 0
        assert send.call_count == 1
