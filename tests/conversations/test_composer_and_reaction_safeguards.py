"""Reactions of someone muted or blocked stay out of sight; a reply refused for a reused
client id can be sent again; a removed post offers no edit."""

from __future__ import annotations

import re

import pytest

from peerhaven.conversations import services
from peerhaven.conversations.models import Conversation, Message, Moderation
from tests.conversations.helpers import group_with, post, thread

pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


@pytest.fixture
def talk(db, facilitator, alice, bob):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    return thread(circle, alice, title="Evenings", text="How are your evenings?")


def _reactions(api, conversation: Conversation) -> list[dict]:
    response = api.get(f"/api/v1/conversations/{conversation.pk}/messages/")
    return response.json()["messages"][0]["reactions"]


def test_a_blocked_persons_reaction_is_not_shown_to_the_author(talk, alice, bob, api_as):
    first = Message.objects.get(conversation=talk, seq=1)
    services.reaction_set(user=bob, message=first, kind="me_too", given=True)
    assert [r["by"] for r in _reactions(api_as(alice), talk) if r["given"]] == [["Bob"]]

    services.block_set(user=alice, target=bob, blocked=True)

    assert [r for r in _reactions(api_as(alice), talk) if r["given"]] == []
    edited = api_as(alice).patch(
        f"/api/v1/messages/{first.pk}/", {"text": "How are your evenings, really?"}, format="json"
    )
    assert [r for r in edited.json()["reactions"] if r["given"]] == []


def test_a_muted_persons_reaction_is_not_shown_on_the_page(talk, alice, bob, web_as):
    first = Message.objects.get(conversation=talk, seq=1)
    services.reaction_set(user=bob, message=first, kind="me_too", given=True)
    url = f"/groups/{talk.group.slug}/conversations/{talk.pk}/"
    assert "Bob" in web_as(alice).get(url).content.decode()

    services.mute_set(user=alice, target=bob, muted=True)

    assert "Bob" not in web_as(alice).get(url).content.decode()


def test_a_reply_refused_for_a_reused_client_id_can_be_sent_again(talk, bob, web_as):
    client = web_as(bob)
    url = f"/groups/{talk.group.slug}/conversations/{talk.pk}/reply/"
    fields = {"support_preference": "just_listen", "client_id": "reply-1"}
    client.post(url, {**fields, "body": "Quiet, mostly"})

    refused = client.post(url, {**fields, "body": "Quiet, mostly. Thanks"})
    page = refused.content.decode()
    renewed = re.search(r'name="client_id" value="([^"]+)"', page)

    assert refused.status_code == 409
    assert "may already be posted" in page and "Quiet, mostly. Thanks" in page
    assert renewed and renewed.group(1) != "reply-1"
    again = client.post(url, {**fields, "client_id": renewed.group(1), "body": "Quiet. Thanks"})
    assert again.status_code == 302
    assert Message.objects.filter(conversation=talk, author__display_name="Bob").count() == 2


def test_a_post_a_moderator_removed_offers_no_edit(talk, alice, web_as):
    removed = post(talk, alice, "Something a moderator took down")
    Message.objects.filter(pk=removed.pk).update(moderation=Moderation.REMOVED)
    client = web_as(alice)

    page = client.get(f"/groups/{talk.group.slug}/conversations/{talk.pk}/").content.decode()
    edit = client.get(f"/conversations/messages/{removed.pk}/edit/")

    assert f"/conversations/messages/{removed.pk}/edit/" not in page
    assert edit.status_code == 400
    assert "cannot be edited" in edit.content.decode()


def test_deleting_the_opening_post_takes_the_title_and_name_but_keeps_replies(
    talk, alice, bob, web_as
):
    post(talk, bob, "Quiet, thanks for asking")
    opening = Message.objects.get(conversation=talk, seq=1)

    response = web_as(alice).post(f"/conversations/messages/{opening.pk}/delete/")

    talk.refresh_from_db()
    assert response.status_code == 302
    assert "Evenings" not in talk.title and talk.created_by is None
    assert [m.body for m in talk.messages.all()] == ["Quiet, thanks for asking"]
    listing = web_as(bob).get(f"/groups/{talk.group.slug}/conversations/").content.decode()
    assert "Evenings" not in listing and "Alice" not in listing


def test_deleting_the_only_post_of_a_thread_removes_the_thread(talk, alice, web_as):
    opening = Message.objects.get(conversation=talk, seq=1)

    response = web_as(alice).post(f"/conversations/messages/{opening.pk}/delete/")

    assert response["Location"] == f"/groups/{talk.group.slug}/conversations/"
    assert not Conversation.objects.filter(pk=talk.pk).exists()
