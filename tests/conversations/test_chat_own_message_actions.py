"""A chat room page gives a member's own messages Edit and Delete, as threads do, and
others' messages a Report link; the edit and delete pages work for chat messages."""

from __future__ import annotations

import pytest

from tests.conversations.helpers import group_with, post, room

pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


@pytest.fixture
def circle(db, facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def chat(circle, facilitator):
    return room(circle, facilitator)


def _room_url(chat) -> str:
    return f"/groups/{chat.group.slug}/rooms/{chat.pk}/"


def test_my_own_chat_messages_have_edit_and_delete_and_others_only_report(chat, alice, bob, web_as):
    mine = post(chat, alice, "I am here tonight")
    theirs = post(chat, bob, "Me too")

    page = web_as(alice).get(_room_url(chat)).content.decode()

    assert f'href="/conversations/messages/{mine.pk}/edit/"' in page
    assert f'href="/conversations/messages/{mine.pk}/delete/"' in page
    assert f"/conversations/messages/{theirs.pk}/edit/" not in page
    assert f"/conversations/messages/{theirs.pk}/delete/" not in page
    assert f"/moderation/report/message/{mine.pk}/" not in page
    # The live template carries the same links, with 0 for chat.js to fill in.
    assert 'data-href="/conversations/messages/0/edit/"' in page
    assert 'data-href="/conversations/messages/0/delete/"' in page


def test_editing_a_chat_message_goes_back_to_the_room_and_shows_it_edited(chat, alice, bob, web_as):
    mine = post(chat, alice, "I am here tonigth")

    response = web_as(alice).post(
        f"/conversations/messages/{mine.pk}/edit/", {"body": "I am here tonight"}
    )

    assert response.status_code == 302
    assert response["Location"] == _room_url(chat)
    for person in (alice, bob):
        page = web_as(person).get(_room_url(chat)).content.decode()
        assert "I am here tonight" in page and "tonigth" not in page
        assert '<span class="edited chat-edited">edited</span>' in page


def test_deleting_a_chat_message_goes_back_to_the_room_without_it(chat, alice, bob, web_as):
    mine = post(chat, alice, "Sent to the wrong room")

    response = web_as(alice).post(f"/conversations/messages/{mine.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == _room_url(chat)
    assert "Sent to the wrong room" not in web_as(bob).get(_room_url(chat)).content.decode()


def test_others_and_strangers_cannot_edit_or_delete_my_chat_message(
    chat, alice, bob, charlie, web_as
):
    mine = post(chat, alice, "Mine to change")

    for person, status in ((bob, 403), (charlie, 404)):
        client = web_as(person)
        edit = client.post(f"/conversations/messages/{mine.pk}/edit/", {"body": "Not yours"})
        delete = client.post(f"/conversations/messages/{mine.pk}/delete/")
        assert (edit.status_code, delete.status_code) == (status, status), person
    mine.refresh_from_db()
    assert mine.body == "Mine to change"
