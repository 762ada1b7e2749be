"""Posting, reading, editing and deleting messages through the API."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerhaven.accounts.models import Topic
from peerhaven.conversations import services
from peerhaven.conversations.models import Message
from tests.conversations.helpers import group_with, post, thread


@pytest.fixture
def circle(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def sleep(circle, alice):
    return thread(circle, alice, title="Sleep", text="Anyone else awake at 3am?")


def messages_path(conversation) -> str:
    return f"/api/v1/conversations/{conversation.pk}/messages/"


def test_a_member_posts_and_gets_the_stored_message_back(sleep, bob, charlie, api_as):
    response = api_as(bob).post(
        messages_path(sleep),
        {"text": "Me too, **most** nights", "support_preference": "share_experiences"},
        format="json",
    )

    assert response.status_code == 201
    data = response.json()
    assert (data["seq"], data["author"], data["mine"]) == (2, "Bob", True)
    assert "<strong>most</strong>" in data["html"]
    assert data["support_preference"] == "share_experiences"
    assert {r["kind"] for r in data["reactions"]} == {
        "hear_you",
        "me_too",
        "thank_you",
        "strength",
    }
    assert Message.objects.get(pk=data["id"]).author == bob
    assert (
        api_as(charlie).post(messages_path(sleep), {"text": "Hi"}, format="json").status_code == 404
    )


def test_resending_with_the_same_client_id_returns_the_same_message(sleep, bob, api_as):
    client = api_as(bob)
    body = {"text": "Me too", "client_id": "phone-41"}

    first = client.post(messages_path(sleep), body, format="json")
    again = client.post(messages_path(sleep), body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert again.json()["client_id"] == "phone-41"
    assert sleep.messages.filter(author=bob).count() == 1


def test_a_client_id_reused_for_a_different_text_is_refused(sleep, bob, api_as):
    client = api_as(bob)
    client.post(messages_path(sleep), {"text": "Me too", "client_id": "phone-41"}, format="json")

    response = client.post(
        messages_path(sleep), {"text": "Something else", "client_id": "phone-41"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "client_id_reused"
    assert list(sleep.messages.filter(author=bob).values_list("body", flat=True)) == ["Me too"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": "   "}, "invalid_message"),
        ({"text": "x" * 5001}, "message_too_long"),
        ({"text": "Hi", "client_id": "has spaces"}, "invalid_client_id"),
        ({"text": "Hi", "warning_topics": ["no-such-topic"]}, "invalid_message"),
        ({"text": 42}, "invalid"),
        ({}, "invalid"),
    ],
)
def test_invalid_messages_are_refused_and_nothing_is_stored(sleep, bob, api_as, body, code):
    response = api_as(bob).post(messages_path(sleep), body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert sleep.messages.count() == 1


def test_a_too_long_message_says_the_limit(sleep, bob, api_as, settings):
    settings.PEERHAVEN_MESSAGE_MAX_CHARS = 100

    response = api_as(bob).post(messages_path(sleep), {"text": "x" * 101}, format="json")

    assert response.status_code == 400
    assert response.json()["extra"] == {"field": "text", "limit": 100}


def test_sending_too_fast_is_rate_limited_but_a_resend_still_answers(sleep, bob, api_as, settings):
    settings.PEERHAVEN_MESSAGE_RATE = (2, 60)
    client = api_as(bob)

    sent = [
        client.post(
            messages_path(sleep), {"text": f"Line {n}", "client_id": f"c{n}"}, format="json"
        )
        for n in range(3)
    ]
    resent = client.post(messages_path(sleep), {"text": "Line 0", "client_id": "c0"}, format="json")

    assert [r.status_code for r in sent] == [201, 201, 429]
    assert sent[2].json()["code"] == "rate_limited"
    assert 0 < sent[2].json()["extra"]["retry_after"] <= 60
    assert resent.status_code == 200
    assert sleep.messages.filter(author=bob).count() == 2


def test_messages_come_in_seq_order_after_a_seq_in_batches(sleep, alice, bob, charlie, api_as):
    for n in range(4):
        post(sleep, bob if n % 2 else alice, f"Reply {n}")
    client = api_as(bob)

    first = client.get(messages_path(sleep), {"limit": 2}).json()
    second = client.get(messages_path(sleep), {"after": first["next_after"], "limit": 2}).json()
    last = client.get(messages_path(sleep), {"after": second["next_after"], "limit": 2}).json()

    assert [m["seq"] for m in first["messages"]] == [1, 2]
    assert [m["seq"] for m in second["messages"]] == [3, 4]
    assert [m["seq"] for m in last["messages"]] == [5]
    assert (first["next_after"], second["next_after"], last["next_after"]) == (2, 4, None)
    assert last["last_seq"] == 5
    assert api_as(charlie).get(messages_path(sleep)).status_code == 404


@pytest.mark.parametrize("query", [{"limit": 201}, {"limit": 0}, {"after": -1}, {"after": "x"}])
def test_batch_limits_are_checked(sleep, bob, api_as, query):
    response = api_as(bob).get(messages_path(sleep), query)

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_reading_messages_costs_the_same_queries_however_many_there_are(
    sleep, alice, bob, facilitator, api_as, django_assert_max_num_queries
):
    topic, _ = Topic.objects.get_or_create(slug="sleep-loss", defaults={"name": "Sleep loss"})
    alice.profile.content_filters.add(topic)
    client = api_as(alice)
    with CaptureQueriesContext(connection) as few:
        assert client.get(messages_path(sleep)).status_code == 200

    for n in range(12):
        author = bob if n % 2 else facilitator
        message = post(sleep, author, f"Reply {n}", warning_topics=[topic.slug])
        services.reaction_set(user=alice, message=message, kind="hear_you", given=True)
    mine = post(sleep, alice, "Thank you both")
    services.reaction_set(user=bob, message=mine, kind="strength", given=True)
    services.reaction_set(user=facilitator, message=mine, kind="strength", given=True)

    with django_assert_max_num_queries(len(few)):
        response = client.get(messages_path(sleep))
    assert len(response.json()["messages"]) == 14


def test_reactions_say_who_only_to_the_author_and_never_how_many(
    sleep, alice, bob, facilitator, api_as
):
    first = sleep.messages.get()
    services.reaction_set(user=bob, message=first, kind="me_too", given=True)
    services.reaction_set(user=facilitator, message=first, kind="me_too", given=True)

    def me_too(user):
        data = api_as(user).get(messages_path(sleep)).json()["messages"][0]
        return next(r for r in data["reactions"] if r["kind"] == "me_too")

    assert me_too(alice) == {
        "kind": "me_too",
        "label": "Me too",
        "given": True,
        "mine": False,
        "by": ["Bob", "Fran"],
    }
    assert me_too(bob) == {
        "kind": "me_too",
        "label": "Me too",
        "given": True,
        "mine": True,
        "by": None,
    }


def test_a_message_with_a_filtered_topic_is_folded_for_that_reader_only(
    sleep, alice, bob, facilitator, api_as
):
    topic, _ = Topic.objects.get_or_create(slug="self-harm", defaults={"name": "Self-harm"})
    bob.profile.content_filters.add(topic)
    api_as(alice).post(
        messages_path(sleep),
        {"text": "A hard night", "warning_topics": [topic.slug]},
        format="json",
    )

    def warned(user):
        return [m["warned"] for m in api_as(user).get(messages_path(sleep)).json()["messages"]]

    assert warned(bob) == [False, True]
    assert warned(facilitator) == [False, False]


def test_a_content_warning_note_folds_the_message_for_everyone(sleep, alice, bob, api_as):
    response = api_as(alice).post(
        messages_path(sleep),
        {"text": "A hard night", "warning_note": "Details of a loss"},
        format="json",
    )

    data = api_as(bob).get(messages_path(sleep)).json()["messages"][-1]
    assert response.status_code == 201
    assert (data["warning_note"], data["warned"]) == ("Details of a loss", True)


def test_reacting_is_idempotent_and_taking_back_too(sleep, alice, bob, charlie, api_as):
    first = sleep.messages.get()
    path = f"/api/v1/messages/{first.pk}/reactions/thank_you/"
    client = api_as(bob)

    given = [client.post(path), client.post(path)]
    taken = [client.delete(path), client.delete(path)]

    assert [r.status_code for r in given + taken] == [200, 200, 200, 200]
    thank_you = [next(x for x in r.json()["reactions"] if x["kind"] == "thank_you") for r in given]
    assert all(t["given"] and t["mine"] for t in thank_you)
    assert not any(x["given"] for x in taken[1].json()["reactions"])
    assert not first.reactions.exists()
    assert api_as(charlie).post(path).status_code == 404


def test_reactions_are_for_known_kinds_and_other_peoples_messages(sleep, alice, bob, api_as):
    first = sleep.messages.get()

    unknown = api_as(bob).post(f"/api/v1/messages/{first.pk}/reactions/like/")
    own = api_as(alice).post(f"/api/v1/messages/{first.pk}/reactions/hear_you/")

    assert (unknown.status_code, unknown.json()["code"]) == (400, "invalid_reaction")
    assert (own.status_code, own.json()["code"]) == (409, "own_message")
    assert not first.reactions.exists()


def test_the_author_edits_and_readers_see_it_was_edited(sleep, alice, bob, charlie, api_as):
    first = sleep.messages.get()
    path = f"/api/v1/messages/{first.pk}/"

    by_bob = api_as(bob).patch(path, {"text": "Bob's words"}, format="json")
    by_charlie = api_as(charlie).patch(path, {"text": "Charlie's words"}, format="json")
    by_alice = api_as(alice).patch(path, {"text": "Anyone awake at 4am?"}, format="json")

    assert (by_bob.status_code, by_bob.json()["code"]) == (403, "not_author")
    assert by_charlie.status_code == 404
    assert by_alice.status_code == 200
    assert (by_alice.json()["text"], by_alice.json()["edited"]) == ("Anyone awake at 4am?", True)
    seen_by_bob = api_as(bob).get(messages_path(sleep)).json()["messages"][0]
    assert (seen_by_bob["text"], seen_by_bob["edited"]) == ("Anyone awake at 4am?", True)


def test_an_empty_edit_is_refused(sleep, alice, api_as):
    first = sleep.messages.get()

    response = api_as(alice).patch(f"/api/v1/messages/{first.pk}/", {"text": ""}, format="json")

    assert (response.status_code, response.json()["code"]) == (400, "invalid_message")
    first.refresh_from_db()
    assert first.body == "Anyone else awake at 3am?"


def test_the_author_deletes_and_the_message_is_gone(sleep, alice, bob, api_as):
    reply = post(sleep, bob, "Me too")

    refused = api_as(alice).delete(f"/api/v1/messages/{reply.pk}/")
    deleted = api_as(bob).delete(f"/api/v1/messages/{reply.pk}/")

    assert (refused.status_code, deleted.status_code) == (403, 204)
    assert not Message.objects.filter(pk=reply.pk).exists()
    assert [m["seq"] for m in api_as(alice).get(messages_path(sleep)).json()["messages"]] == [1]
    assert api_as(bob).delete(f"/api/v1/messages/{reply.pk}/").status_code == 404
