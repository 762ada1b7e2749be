"""The length limit of the message boxes: the browser never cuts a text short (no
maxlength), the page carries a counter, and a refused over-long text comes back whole."""

from __future__ import annotations

import html
import re

import pytest

from peerhaven.conversations.models import Conversation, Message
from tests.conversations.helpers import group_with, post, room, thread

LIMIT = 5000
# A long story whose end must survive: 6,200 characters, the last words unique.
STORY = ("I kept it in for years. " * 258)[: 6200 - 20] + "and then I told you."


pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


@pytest.fixture
def circle(db, facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


def _box(page: str) -> tuple[str, str]:
    """The message box's opening tag and the text in it."""
    match = re.search(r'(<textarea[^>]*name="body"[^>]*>)(.*?)</textarea>', page, re.DOTALL)
    assert match, "the page has a message box"
    return match.group(1), html.unescape(match.group(2)).removeprefix("\n")


def test_a_refused_over_long_reply_comes_back_whole_with_the_limit_explained(
    circle, alice, bob, web_as
):
    conversation = thread(circle, alice)
    assert len(STORY) == 6200

    response = web_as(bob).post(
        f"/groups/{circle.slug}/conversations/{conversation.pk}/reply/",
        {"body": STORY, "support_preference": "just_listen"},
    )

    page = response.content.decode()
    tag, text = _box(page)
    assert response.status_code == 400
    assert text == STORY
    assert "maxlength" not in tag
    assert "Messages can be at most 5000 characters; this one has 6200." in page
    assert f'data-char-count-for="id_body" data-limit="{LIMIT}"' in page
    assert conversation.messages.count() == 1


def test_a_refused_over_long_new_thread_keeps_its_title_and_whole_text(circle, bob, web_as):
    response = web_as(bob).post(
        f"/groups/{circle.slug}/conversations/new/",
        {"title": "Something I never said", "body": STORY, "support_preference": "just_listen"},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert _box(page)[1] == STORY
    assert 'value="Something I never said"' in page
    assert not Conversation.objects.filter(title="Something I never said").exists()


def test_an_over_long_edit_is_refused_and_the_edited_text_is_kept(circle, alice, web_as):
    message = thread(circle, alice, text="Short and sweet.").messages.get()

    response = web_as(alice).post(f"/conversations/messages/{message.pk}/edit/", {"body": STORY})

    assert response.status_code == 400
    assert _box(response.content.decode())[1] == STORY
    message.refresh_from_db()
    assert message.body == "Short and sweet."


def test_line_breaks_sent_by_a_browser_count_once_as_the_counter_counts_them(
    circle, alice, bob, web_as
):
    conversation = thread(circle, alice)
    # Exactly at the limit as the page counts it; browsers send each break as CRLF.
    text = "\n".join(["x" * 99] * 50) + "x"
    assert len(text) == LIMIT

    response = web_as(bob).post(
        f"/groups/{circle.slug}/conversations/{conversation.pk}/reply/",
        {"body": text.replace("\n", "\r\n"), "support_preference": "just_listen"},
    )

    assert response.status_code == 302
    assert Message.objects.filter(conversation=conversation, author=bob).get().body == text


def test_the_chat_box_has_the_counter_and_no_maxlength(circle, facilitator, alice, web_as):
    chat = room(circle, facilitator)
    post(chat, alice, "Hello")

    page = web_as(alice).get(f"/groups/{circle.slug}/rooms/{chat.pk}/").content.decode()

    box = re.search(r'<textarea id="chat-text"[^>]*>', page)
    assert box and "maxlength" not in box.group(0)
    assert f'data-char-count-for="chat-text" data-limit="{LIMIT}"' in page
    assert "js/composer" in page


def test_a_stranger_sees_no_composer_and_cannot_post_a_long_text(circle, alice, charlie, web_as):
    conversation = thread(circle, alice)

    response = web_as(charlie).post(
        f"/groups/{circle.slug}/conversations/{conversation.pk}/reply/",
        {"body": STORY, "support_preference": "just_listen"},
    )

    assert response.status_code == 404
    assert "I kept it in for years" not in response.content.decode()
    assert conversation.messages.count() == 1
