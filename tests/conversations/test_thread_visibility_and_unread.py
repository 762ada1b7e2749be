"""Held threads stay out of sight until approved; "new" counts only posts the reader can see
and clears once they read to the end; a reused client id never swallows a new thread."""

from __future__ import annotations

import pytest

from peerhaven.conversations import selectors, services
from peerhaven.conversations.models import Conversation, Message, ReadMark
from peerhaven.groups.models import Group
from peerhaven.moderation import services as moderation
from tests.conversations.helpers import group_with, post, thread

pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


@pytest.fixture
def circle(db, facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


LIST = "/api/v1/groups/evening-circle/conversations/"


def _hold_first_posts(group: Group) -> None:
    Group.objects.filter(pk=group.pk).update(premoderate_first_posts=1)
    moderation.premoderation_changed(group.pk)


def _titles(client) -> list[str]:
    return [row["title"] for row in client.get(LIST).json()["results"]]


def test_a_held_threads_title_is_seen_only_by_its_author_and_facilitators(
    circle, alice, bob, facilitator, api_as, web_as
):
    _hold_first_posts(circle)
    held = thread(circle, alice, title="Something raw", text="My first words")
    assert Message.objects.get(conversation=held, seq=1).moderation == "pending"

    assert _titles(api_as(bob)) == []
    assert api_as(bob).get(f"/api/v1/conversations/{held.pk}/").status_code == 404
    assert "Something raw" not in web_as(bob).get(f"/groups/{circle.slug}/").content.decode()
    assert web_as(bob).get(f"/groups/{circle.slug}/conversations/{held.pk}/").status_code == 404
    assert _titles(api_as(alice)) == ["Something raw"]
    assert _titles(api_as(facilitator)) == ["Something raw"]

    moderation.pending_post_decide(
        moderator=facilitator, message=Message.objects.get(conversation=held), approve=True
    )
    assert _titles(api_as(bob)) == ["Something raw"]
    assert api_as(bob).get(f"/api/v1/conversations/{held.pk}/").status_code == 200


def test_a_thread_whose_first_post_was_erased_stays_readable(circle, alice, bob, api_as):
    talk = thread(circle, alice, title="Evenings", text="How are your evenings?")
    post(talk, bob, "Quiet, thanks for asking")
    services.message_delete(user=alice, message=Message.objects.get(conversation=talk, seq=1))

    # Listed and readable, under a neutral title (the opening words went with the post).
    assert len(_titles(api_as(bob))) == 1 and _titles(api_as(bob)) != ["Evenings"]
    assert api_as(bob).get(f"/api/v1/conversations/{talk.pk}/").status_code == 200


def test_new_posts_by_a_muted_person_are_not_counted_and_reading_to_the_end_clears_new(
    circle, alice, bob, facilitator, api_as, web_as
):
    talk = thread(circle, bob, title="Sleep", text="Anyone awake?")
    post(talk, facilitator, "I am")
    services.mute_set(user=bob, target=alice, muted=True)
    post(talk, alice, "Me too")  # the newest post, hidden from bob

    row = api_as(bob).get(LIST).json()["results"][0]
    assert row["unread"] == 1  # the facilitator's post only
    page = web_as(bob).get(f"/groups/{circle.slug}/conversations/{talk.pk}/")
    assert page.status_code == 200

    assert api_as(bob).get(LIST).json()["results"][0]["unread"] == 0
    mark = ReadMark.objects.get(user=bob, conversation=talk)
    assert mark.last_seen_seq == Conversation.objects.get(pk=talk.pk).last_seq == 3
    listing = web_as(bob).get(f"/groups/{circle.slug}/").content.decode()
    assert " new</strong>" not in listing


def test_the_post_count_leaves_out_posts_the_reader_cannot_see(
    circle, alice, bob, facilitator, web_as
):
    talk = thread(circle, bob, title="Sleep", text="Anyone awake?")
    post(talk, alice, "Me too")
    post(talk, facilitator, "I am")
    services.mute_set(user=bob, target=alice, muted=True)

    rows = selectors.conversations_of_group(group=circle, user=bob, kind="thread")
    assert [r.message_count for r in rows] == [2]
    rows = selectors.conversations_of_group(group=circle, user=facilitator, kind="thread")
    assert [r.message_count for r in rows] == [3]


def test_a_read_mark_past_the_newest_post_keeps_the_previous_visit(circle, alice, bob, api_as):
    talk = thread(circle, alice, title="Sleep")
    post(talk, alice, "Still awake")
    client = api_as(bob)
    url = f"/api/v1/conversations/{talk.pk}/read/"

    client.post(url, {"seq": 1}, format="json")
    client.post(url, {"seq": 2}, format="json")
    again = client.post(url, {"seq": 5}, format="json")

    assert again.json() == {"seen_seq": 2, "previous_seen_seq": 1}


def test_starting_a_thread_again_with_a_used_client_id_and_other_text_is_refused(
    circle, alice, api_as
):
    client = api_as(alice)
    first = client.post(
        LIST, {"title": "Sleep", "text": "First words", "client_id": "t-1"}, format="json"
    )
    assert first.status_code == 201
    again = client.post(
        LIST, {"title": "Other", "text": "Different words", "client_id": "t-1"}, format="json"
    )
    resent = client.post(
        LIST, {"title": "Sleep", "text": "First words", "client_id": "t-1"}, format="json"
    )

    assert again.status_code == 409 and again.json()["code"] == "client_id_reused"
    assert resent.status_code in (200, 201)
    assert Conversation.objects.filter(group=circle, kind="thread").count() == 1
