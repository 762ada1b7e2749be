"""Validating reactions on the thread page: no counts, the author sees who, toggled by a
plain form post or an htmx swap of the post's reaction bar."""

from __future__ import annotations

import re

import pytest

from peerhaven.conversations import services
from peerhaven.conversations.models import Reaction
from tests.conversations.helpers import group_with, post, thread


@pytest.fixture
def circle(db, facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


def _thread_url(conversation) -> str:
    return f"/groups/{conversation.group.slug}/conversations/{conversation.pk}/"


def _bar(html: str, message) -> str:
    match = re.search(
        rf'<div class="reaction-bar" id="reactions-{message.pk}">(.*?)</div>', html, re.S
    )
    assert match, "the post has a reaction bar"
    return match.group(1)


def test_a_member_reacts_with_a_plain_form_and_comes_back_to_the_post(circle, alice, bob, web_as):
    conversation = thread(circle, alice)
    message = conversation.messages.get()

    response = web_as(bob).post(
        f"/conversations/messages/{message.pk}/react/", {"kind": "hear_you"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{_thread_url(conversation)}#post-{message.pk}"
    assert Reaction.objects.filter(message=message, user=bob, kind="hear_you").exists()


def test_htmx_gets_the_reaction_bar_back_and_a_second_press_takes_it_back(
    circle, alice, bob, web_as
):
    message = thread(circle, alice).messages.get()
    client = web_as(bob)
    url = f"/conversations/messages/{message.pk}/react/"

    on = client.post(url, {"kind": "strength"}, headers={"HX-Request": "true"})
    off = client.post(url, {"kind": "strength"}, headers={"HX-Request": "true"})

    on_html = on.content.decode()
    assert on.status_code == 200
    assert on_html.lstrip().startswith('<div class="reaction-bar"')
    assert "<html" not in on_html
    pressed = re.search(r'<button[^>]*id="react-\d+-strength"[^>]*>', on_html).group(0)
    assert 'aria-pressed="true"' in pressed
    assert "sent by you" in on_html
    assert 'aria-pressed="true"' not in off.content.decode()
    assert not Reaction.objects.exists()


def test_the_author_sees_who_reacted_and_others_see_only_which_without_counts(
    circle, alice, bob, facilitator, web_as
):
    conversation = thread(circle, alice)
    message = conversation.messages.get()
    services.reaction_toggle(user=bob, message=message, kind="me_too")
    services.reaction_toggle(user=facilitator, message=message, kind="me_too")
    services.reaction_toggle(user=facilitator, message=message, kind="thank_you")

    author_bar = _bar(web_as(alice).get(_thread_url(conversation)).content.decode(), message)
    reader_bar = _bar(web_as(bob).get(_thread_url(conversation)).content.decode(), message)

    assert "Me too: Bob, Fran" in author_bar
    assert "Thank you for sharing: Fran" in author_bar
    assert "I hear you" not in author_bar  # not given: not listed for the author
    assert "Fran" not in reader_bar
    assert not re.search(r"\d", re.sub(r"<[^>]+>", "", reader_bar))  # no counts anywhere
    me_too = re.search(r'<button[^>]*id="react-\d+-me_too"[^>]*>', reader_bar).group(0)
    assert 'aria-pressed="true"' in me_too
    thank_you = reader_bar.split(f"react-{message.pk}-thank_you")[1].split("</li>")[0]
    assert "given" in thank_you
    hear_you = reader_bar.split(f"react-{message.pk}-hear_you")[1].split("</li>")[0]
    assert "given" not in hear_you


def test_reactions_keep_the_order_of_the_list_not_popularity(circle, alice, bob, web_as):
    conversation = thread(circle, alice)
    message = conversation.messages.get()
    services.reaction_toggle(user=bob, message=message, kind="strength")

    bar = _bar(web_as(bob).get(_thread_url(conversation)).content.decode(), message)

    labels = re.findall(r'id="react-\d+-(\w+)"', bar)
    assert labels == ["hear_you", "me_too", "thank_you", "strength"]


def test_nobody_reacts_to_their_own_post(circle, alice, web_as):
    message = thread(circle, alice).messages.get()

    response = web_as(alice).post(
        f"/conversations/messages/{message.pk}/react/", {"kind": "me_too"}
    )

    assert response.status_code == 409
    assert not Reaction.objects.exists()


def test_an_unknown_reaction_is_refused(circle, alice, bob, web_as):
    message = thread(circle, alice).messages.get()

    response = web_as(bob).post(f"/conversations/messages/{message.pk}/react/", {"kind": "like"})

    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_a_stranger_cannot_react_or_learn_the_post_exists(circle, alice, charlie, web_as):
    message = thread(circle, alice).messages.get()
    client = web_as(charlie)

    response = client.post(f"/conversations/messages/{message.pk}/react/", {"kind": "me_too"})
    missing = client.post("/conversations/messages/999999/react/", {"kind": "me_too"})

    assert response.status_code == missing.status_code == 404
    assert not Reaction.objects.exists()


def test_reacting_is_by_post_only(circle, alice, bob, web_as):
    message = thread(circle, alice).messages.get()

    assert web_as(bob).get(f"/conversations/messages/{message.pk}/react/").status_code == 405


def test_a_reply_further_down_reacts_back_to_its_own_page(circle, alice, bob, web_as, settings):
    settings.PEERHAVEN_MESSAGE_RATE = (10_000, 60)
    conversation = thread(circle, alice)
    for n in range(31):
        post(conversation, alice, f"Note {n}")
    last = conversation.messages.order_by("-seq").first()

    response = web_as(bob).post(f"/conversations/messages/{last.pk}/react/", {"kind": "hear_you"})

    assert response["Location"] == f"{_thread_url(conversation)}?page=2#post-{last.pk}"
