"""What a review of the conversations API found: a thread started without text, over-long
display names, posts waiting for a facilitator, and one conversation's unread count."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from peerhaven.accounts.models import DISPLAY_NAME_MAX
from peerhaven.conversations.models import Block, Conversation, Message, Moderation, Mute
from peerhaven.moderation import services as moderation_services
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now

HUGE_NAME = "a" * 60000


@pytest.fixture
def circle(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def newcomer(circle):
    """A member who joined last: their first post waits for a facilitator once
    `hold_first_posts` turned that on."""
    person = UserFactory(display_name="Newcomer", email="newcomer@example.org")
    join_now(person, circle)
    return person


def hold_first_posts(group) -> None:
    """From now on, a member's first post waits for a facilitator (as would everyone's who
    has no post shown yet, so call it once the others have posted)."""
    group.premoderate_first_posts = 1
    group.save(update_fields=["premoderate_first_posts"])
    moderation_services.premoderation_changed(group.pk)


def conversations_path(group) -> str:
    return f"/api/v1/groups/{group.slug}/conversations/"


def messages_path(conversation) -> str:
    return f"/api/v1/conversations/{conversation.pk}/messages/"


def texts(client, conversation) -> list[str]:
    response = client.get(messages_path(conversation))
    assert response.status_code == 200
    return [m["text"] for m in response.json()["messages"]]


# --- Starting a thread without text --------------------------------------------------------


def test_a_thread_without_text_answers_invalid_message_like_an_empty_one(
    circle, alice, charlie, api_as
):
    client = api_as(alice)

    missing = client.post(conversations_path(circle), {"title": "Hello"}, format="json")
    empty = client.post(conversations_path(circle), {"title": "Hello", "text": ""}, format="json")

    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid_message"
    assert missing.json()["extra"]["field"] == "text"
    assert (empty.status_code, empty.json()["code"]) == (400, "invalid_message")
    assert not Conversation.objects.filter(group=circle).exists()
    # An outsider is refused as before, learning nothing about what the text should be.
    stranger = api_as(charlie).post(conversations_path(circle), {"title": "Hi"}, format="json")
    assert stranger.status_code in (403, 404)
    assert stranger.json()["code"] != "invalid_message"


def test_a_room_still_opens_with_a_title_only(circle, facilitator, api_as):
    response = api_as(facilitator).post(
        conversations_path(circle), {"kind": "room", "title": "Tuesday chat"}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["message"] is None


def test_the_schema_says_text_is_needed_for_a_thread_but_not_for_a_room(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    start = schema["components"]["schemas"]["ConversationStartInputRequest"]

    # One endpoint serves both, and a room takes no text: only the title is always required.
    assert start["required"] == ["title"]
    assert "Required for a thread" in start["properties"]["text"]["description"]
    message = schema["components"]["schemas"]["ConversationMessage"]
    assert "moderation" in message["required"]
    assert "waiting for a facilitator" in message["properties"]["moderation"]["description"]
    enum = message["properties"]["moderation"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert set(schema["components"]["schemas"][enum]["enum"]) == set(Moderation.values)
    person = schema["components"]["schemas"]["PersonInputRequest"]
    assert person["properties"]["display_name"]["maxLength"] == DISPLAY_NAME_MAX


# --- Over-long display names ----------------------------------------------------------------


@pytest.mark.parametrize("what", ["muted", "blocked"])
def test_muting_or_blocking_an_over_long_name_is_a_clear_400(circle, alice, bob, what, api_as):
    client = api_as(alice)

    huge = client.post(f"/api/v1/me/{what}/", {"display_name": HUGE_NAME}, format="json")
    just_over = client.post(
        f"/api/v1/me/{what}/", {"display_name": "b" * (DISPLAY_NAME_MAX + 1)}, format="json"
    )

    for response in (huge, just_over):
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert "display_name" in response.json()["extra"]["fields"]
    assert not Mute.objects.exists()
    assert not Block.objects.exists()
    # A name of the longest length allowed is still found.
    longest = UserFactory(display_name="L" * DISPLAY_NAME_MAX, email="long@example.org")
    found = client.post(
        f"/api/v1/me/{what}/", {"display_name": longest.display_name.lower()}, format="json"
    )
    assert (found.status_code, found.json()) == (200, {"display_name": longest.display_name})


@pytest.mark.parametrize("what", ["muted", "blocked"])
def test_unmuting_or_unblocking_an_over_long_name_answers_as_an_unknown_person(
    circle, alice, what, api_as
):
    client = api_as(alice)

    huge = client.delete(f"/api/v1/me/{what}/{HUGE_NAME}/")
    unknown = client.delete(f"/api/v1/me/{what}/Nobody/")

    assert (huge.status_code, unknown.status_code) == (404, 404)
    assert huge.json() == unknown.json()
    assert huge.json()["code"] == "unknown_person"
    # Extra spaces are not part of a name: a long-looking name that is not too long is found.
    longest = UserFactory(display_name="Kind " + "L" * 30, email="long@example.org")
    client.post(f"/api/v1/me/{what}/", {"display_name": longest.display_name}, format="json")
    spaced = "Kind" + " " * 40 + "L" * 30
    assert client.delete(f"/api/v1/me/{what}/{spaced}/").status_code == 204
    assert not Mute.objects.exists()
    assert not Block.objects.exists()


# --- Posts waiting for a facilitator -------------------------------------------------------


def test_the_author_is_told_their_post_waits_for_a_facilitator(
    circle, newcomer, alice, bob, charlie, facilitator, api_as
):
    sleep = thread(circle, alice, title="Sleep", text="Anyone else awake at 3am?")
    hold_first_posts(circle)
    client = api_as(newcomer)

    response = client.post(messages_path(sleep), {"text": "Hello, I'm new here."}, format="json")

    assert response.status_code == 201
    assert response.json()["moderation"] == "pending"
    own = client.get(messages_path(sleep)).json()["messages"]
    assert [(m["text"], m["moderation"]) for m in own] == [
        ("Anyone else awake at 3am?", "visible"),
        ("Hello, I'm new here.", "pending"),
    ]
    # Nobody else sees a held post, so nobody else ever gets a state but visible.
    for reader in (alice, bob, facilitator):
        messages = api_as(reader).get(messages_path(sleep)).json()["messages"]
        assert [m["moderation"] for m in messages] == ["visible"]
    assert api_as(charlie).get(messages_path(sleep)).status_code == 404

    held = Message.objects.get(pk=response.json()["id"])
    moderation_services.pending_post_decide(moderator=facilitator, message=held, approve=True)
    assert [m["moderation"] for m in client.get(messages_path(sleep)).json()["messages"]] == [
        "visible",
        "visible",
    ]
    assert texts(api_as(bob), sleep)[-1] == "Hello, I'm new here."


def test_a_new_members_thread_start_says_its_first_post_is_pending(circle, newcomer, api_as):
    hold_first_posts(circle)
    response = api_as(newcomer).post(
        conversations_path(circle), {"title": "Hi all", "text": "First time here."}, format="json"
    )

    assert response.status_code == 201
    assert response.json()["message"]["moderation"] == Moderation.PENDING


# --- One conversation's unread count -------------------------------------------------------


def test_one_conversations_unread_is_the_lists_count(
    circle, newcomer, alice, bob, charlie, facilitator, api_as
):
    sleep = thread(circle, alice, title="Sleep", text="Anyone else awake at 3am?")
    client = api_as(alice)
    read = client.post(f"/api/v1/conversations/{sleep.pk}/read/", {"seq": 1}, format="json")
    blocked = client.post("/api/v1/me/blocked/", {"display_name": "Bob"}, format="json")
    assert (read.status_code, blocked.status_code) == (200, 200)
    for text in ("One", "Two", "Three"):
        post(sleep, bob, text)
    hold_first_posts(circle)
    assert post(sleep, newcomer, "Hello, I'm new here.").moderation == Moderation.PENDING
    post(sleep, facilitator, "Welcome, everyone.")

    listed = client.get(conversations_path(circle)).json()["results"]
    single = client.get(f"/api/v1/conversations/{sleep.pk}/").json()

    # Only the facilitator's post is new to Alice: not Bob's (blocked), nor the held one.
    assert [c["unread"] for c in listed] == [1]
    assert (single["last_seq"], single["seen_seq"], single["unread"]) == (6, 1, 1)
    # Bob (his mark moved past his own posts) counts neither the held post nor anything of
    # Alice's, who blocked him; her thread is not listed for him, but he may still open it.
    assert api_as(bob).get(conversations_path(circle)).json()["results"] == []
    assert api_as(bob).get(f"/api/v1/conversations/{sleep.pk}/").json()["unread"] == 1
    assert api_as(charlie).get(f"/api/v1/conversations/{sleep.pk}/").status_code == 404
