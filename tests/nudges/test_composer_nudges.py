"""Hints under the message box: the composer posts the draft to /nudges/analyze/ and shows
the HTML it gets back. Members get hints tied to the guidelines in force, with rewrites;
what a reply answers comes from the thread's first post; a stranger gets 404 for a
members-only conversation or group; every composer carries the hints region."""

from __future__ import annotations

import html
import re

import pytest

from peerhaven.conversations import services as conversation_services
from peerhaven.conversations.models import Message
from peerhaven.nudges.models import NudgeCount
from tests.conversations.helpers import group_with, room

URL = "/nudges/analyze/"
ACCEPTANCE = "you should just get over it, at least you have a job"


@pytest.fixture
def circle(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


def _thread(group, author, preference: str):
    return conversation_services.thread_start(
        author=author,
        group=group,
        title="A rough week",
        text="Work has been a lot lately.",
        support_preference=preference,
    ).message.conversation


@pytest.fixture
def listen_thread(circle, bob):
    return _thread(circle, bob, "just_listen")


def _hints(response) -> list[dict[str, str]]:
    """Each hint's data attributes and texts, as the page's script reads them."""
    body = response.content.decode()
    hints = []
    for item in re.findall(r'<li class="nudge"(.*?)</li>', body, re.S):
        attrs = {k: html.unescape(v) for k, v in re.findall(r'data-([\w-]+)="([^"]*)"', item)}
        attrs["guideline_title"] = html.unescape(
            re.search(r'class="nudge-guideline"><a href="[^"]+">([^<]+)</a>', item).group(1)
        )
        attrs["link"] = re.search(r'class="nudge-guideline"><a href="([^"]+)"', item).group(1)
        attrs["message"] = html.unescape(
            re.search(r'class="nudge-message"[^>]*>([^<]+)</p>', item).group(1)
        )
        button = re.search(r'<button type="button" class="nudge-apply"[^>]*>([^<]+)</button>', item)
        attrs["button"] = html.unescape(button.group(1)) if button else ""
        hints.append(attrs)
    return hints


def _analyze(client, **fields):
    data = {"mode": "reply", "draft": "draft-0001", **fields}
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def test_a_reply_to_someone_who_asked_to_be_heard_shows_three_hints_with_rewrites(
    listen_thread, alice, web_as
):
    response = _analyze(web_as(alice), text=ACCEPTANCE, conversation=listen_thread.pk)

    assert response.status_code == 200
    hints = _hints(response)
    assert len(hints) == 3
    titles = {"Ask before advising", "Meet people without judgment"}
    for hint in hints:
        assert hint["guideline_title"] in titles | {
            "Speak from your own experience",
            "Offer experience, not instructions",
        }
        assert hint["link"].startswith("/guidelines/#")
        assert hint["message"]
        start, end = int(hint["start"]), int(hint["end"])
        assert ACCEPTANCE[start:end] == hint["span"]
        assert hint["suggestion"]
        assert hint["button"] == f"Rewrite as “{hint['suggestion']}”"
    assert "Ask before advising" in {hint["guideline_title"] for hint in hints}
    assert "you can always send your message as it is" in response.content.decode()


def test_a_reply_where_advice_was_welcome_has_no_unasked_advice_hint(circle, alice, bob, web_as):
    thread = _thread(circle, bob, "advice_welcome")

    response = _analyze(web_as(alice), text="you should try a walk", conversation=thread.pk)

    assert response.status_code == 200
    assert "unsolicited_advice" not in {hint["kind"] for hint in _hints(response)}


def test_a_new_thread_is_a_post_not_a_reply(circle, alice, web_as):
    response = _analyze(web_as(alice), text="you should try a walk", mode=None, group=circle.slug)

    assert response.status_code == 200
    assert "unsolicited_advice" not in {hint["kind"] for hint in _hints(response)}


def test_a_chat_room_states_no_preference_so_a_reply_is_taken_as_just_listen(
    circle, facilitator, alice, web_as
):
    chat = room(circle, facilitator)

    response = _analyze(web_as(alice), text="you should try a walk", conversation=chat.pk)

    assert "unsolicited_advice" in {hint["kind"] for hint in _hints(response)}


def test_personal_details_are_offered_for_removal(listen_thread, alice, web_as):
    text = "write to me at quiet.heron@example.org any time"

    response = _analyze(web_as(alice), text=text, conversation=listen_thread.pk)

    hints = [hint for hint in _hints(response) if hint["kind"] == "personal_info"]
    assert hints
    assert hints[0]["removal"] == "true"
    assert hints[0]["suggestion"] == ""
    assert hints[0]["button"] == f"Remove “{hints[0]['span']}”"


def test_a_kind_reply_shows_nothing(listen_thread, alice, web_as):
    response = _analyze(
        web_as(alice), text="That sounds exhausting. I'm here.", conversation=listen_thread.pk
    )

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


@pytest.mark.parametrize("place", ["conversation", "group"])
def test_a_stranger_cannot_use_a_members_only_conversation_or_group(
    place, circle, listen_thread, charlie, web_as
):
    where = (
        {"conversation": listen_thread.pk} if place == "conversation" else {"group": circle.slug}
    )

    response = _analyze(web_as(charlie), text=ACCEPTANCE, **where)

    assert response.status_code == 404
    assert "nudge" not in response.content.decode()
    assert not NudgeCount.objects.exists()


def test_a_visitor_is_sent_to_sign_in(listen_thread, web_as):
    response = _analyze(web_as(None), text=ACCEPTANCE, conversation=listen_thread.pk)

    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


@pytest.mark.parametrize(
    "fields",
    [{"mode": "shout"}, {"conversation": "twelve"}, {"conversation": "9" * 40}],
)
def test_malformed_requests_answer_400(listen_thread, alice, web_as, fields):
    data = {"text": ACCEPTANCE, "conversation": listen_thread.pk, **fields}

    response = _analyze(web_as(alice), **data)

    assert response.status_code == 400


def test_a_missing_conversation_answers_404(circle, alice, web_as):
    response = _analyze(web_as(alice), text=ACCEPTANCE, conversation=987654)

    assert response.status_code == 404


def test_only_a_post_is_answered(alice, web_as):
    assert web_as(alice).get(URL).status_code == 405


# --- The composers carry the hints region --------------------------------------------------


def _region(body: str) -> dict[str, str] | None:
    match = re.search(r'<div class="nudges"([^>]*)>', body)
    if match is None:
        return None
    return dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1)))


def test_every_composer_of_a_member_has_the_hints_region(
    circle, listen_thread, facilitator, alice, bob, web_as
):
    chat = room(circle, facilitator)
    own = conversation_services.message_post(
        author=alice, conversation=listen_thread, text="Same here."
    ).message
    first = Message.objects.get(conversation=listen_thread, seq=1)
    client = web_as(alice)
    slug = circle.slug

    pages = {
        f"/groups/{slug}/conversations/new/": ("id_body", "post", None),
        f"/groups/{slug}/conversations/{listen_thread.pk}/": ("id_body", "reply", listen_thread),
        f"/groups/{slug}/conversations/{listen_thread.pk}/reply/": (
            "id_body",
            "reply",
            listen_thread,
        ),
        f"/groups/{slug}/rooms/{chat.pk}/": ("chat-text", "reply", chat),
        f"/conversations/messages/{own.pk}/edit/": ("id_body", "reply", listen_thread),
    }
    for url, (field, mode, conversation) in pages.items():
        body = client.get(url).content.decode()
        region = _region(body)
        assert region is not None, url
        assert region["data-nudges-for"] == field
        assert region["data-mode"] == mode
        assert region["aria-live"] == "polite"
        if conversation is None:
            assert region["data-group"] == slug
        else:
            assert region["data-conversation"] == str(conversation.pk)
        assert "js/nudges.js" in body
    # Editing the first post of a thread is writing a post, not a reply.
    body = web_as(bob).get(f"/conversations/messages/{first.pk}/edit/").content.decode()
    assert _region(body)["data-mode"] == "post"
