"""Muting and blocking from a post's menu (with a confirmation step), and the page that
lists whom I muted or blocked, with undo."""

from __future__ import annotations

import pytest

from peerhaven.conversations import selectors
from peerhaven.conversations.models import Block, Mute
from tests.conversations.helpers import group_with, post, thread


@pytest.fixture
def circle(db, facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def conversation(circle, facilitator, alice, bob):
    conversation = thread(circle, facilitator, text="Welcome, everyone.")
    post(conversation, alice, "Alice was here.")
    post(conversation, bob, "Bob was here.")
    return conversation


def _thread_url(conversation) -> str:
    return f"/groups/{conversation.group.slug}/conversations/{conversation.pk}/"


def _message_by(conversation, user):
    return conversation.messages.get(author=user)


def test_muting_asks_first_then_hides_that_persons_posts_only_for_me(
    conversation, alice, bob, facilitator, web_as
):
    message = _message_by(conversation, alice)
    client = web_as(bob)
    url = f"/conversations/messages/{message.pk}/mute/"
    assert url in client.get(_thread_url(conversation)).content.decode()

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Mute Alice?" in confirm.content.decode()
    assert not Mute.objects.exists()

    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == _thread_url(conversation)
    assert Mute.objects.filter(user=bob, muted=alice).exists()
    assert "Alice was here." not in client.get(_thread_url(conversation)).content.decode()
    assert "Alice was here." in web_as(facilitator).get(_thread_url(conversation)).content.decode()
    assert "Bob was here." in web_as(alice).get(_thread_url(conversation)).content.decode()


def test_blocking_hides_each_from_the_other(conversation, alice, bob, web_as):
    message = _message_by(conversation, alice)
    client = web_as(bob)

    assert (
        "Block Alice?"
        in client.get(f"/conversations/messages/{message.pk}/block/").content.decode()
    )
    client.post(f"/conversations/messages/{message.pk}/block/")

    assert Block.objects.filter(user=bob, blocked=alice).exists()
    assert "Alice was here." not in client.get(_thread_url(conversation)).content.decode()
    assert "Bob was here." not in web_as(alice).get(_thread_url(conversation)).content.decode()
    bobs = _message_by(conversation, bob)
    refused = web_as(alice).post(f"/conversations/messages/{bobs.pk}/react/", {"kind": "me_too"})
    assert refused.status_code == 404


def test_the_people_page_lists_whom_i_muted_and_blocked_and_undoes_it(
    conversation, alice, bob, facilitator, web_as
):
    client = web_as(bob)
    client.post(f"/conversations/messages/{_message_by(conversation, alice).pk}/mute/")
    fran_post = conversation.messages.get(seq=1)
    client.post(f"/conversations/messages/{fran_post.pk}/block/")

    page = client.get("/conversations/people/")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "Unmute Alice" in html
    assert "Unblock Fran" in html

    client.post("/conversations/people/", {"action": "unmute", "user_id": alice.pk})
    client.post("/conversations/people/", {"action": "unblock", "user_id": facilitator.pk})

    assert not Mute.objects.exists()
    assert not Block.objects.exists()
    thread_html = client.get(_thread_url(conversation)).content.decode()
    assert "Alice was here." in thread_html
    assert "Welcome, everyone." in thread_html


def test_the_people_page_shows_only_my_own_list(conversation, alice, bob, charlie, web_as):
    Mute.objects.create(user=bob, muted=alice)

    html = web_as(charlie).get("/conversations/people/").content.decode()
    undo = web_as(charlie).post("/conversations/people/", {"action": "unmute", "user_id": alice.pk})

    assert "Alice" not in html
    assert undo.status_code == 302
    assert Mute.objects.filter(user=bob, muted=alice).exists()


def test_a_stranger_cannot_mute_or_block_through_a_groups_post(
    conversation, alice, charlie, web_as
):
    message = _message_by(conversation, alice)
    client = web_as(charlie)

    for action in ("mute", "block"):
        url = f"/conversations/messages/{message.pk}/{action}/"
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not Mute.objects.exists()
    assert not Block.objects.exists()


def test_my_own_post_offers_no_mute_and_muting_myself_is_refused(conversation, alice, web_as):
    message = _message_by(conversation, alice)
    client = web_as(alice)

    html = client.get(_thread_url(conversation)).content.decode()
    response = client.post(f"/conversations/messages/{message.pk}/mute/")

    assert f"/conversations/messages/{message.pk}/mute/" not in html
    assert response.status_code == 409
    assert not Mute.objects.exists()


def test_the_profile_page_links_to_the_people_page(alice, web_as):
    assert (
        'href="/conversations/people/"' in web_as(alice).get("/accounts/profile/").content.decode()
    )


def test_muting_from_a_later_page_returns_to_that_page(conversation, alice, bob, web_as, settings):
    settings.PEERHAVEN_MESSAGE_RATE = (10_000, 60)
    for n in range(selectors.PAGE_SIZE):
        post(conversation, alice, f"Alice again, {n}")
    late = post(conversation, bob, "Bob on the second page.")

    response = web_as(alice).post(f"/conversations/messages/{late.pk}/mute/")

    assert response["Location"] == _thread_url(conversation) + "?page=2"


def test_a_link_to_a_muted_persons_post_says_why_it_is_not_shown(conversation, alice, bob, web_as):
    client = web_as(alice)
    client.post(f"/conversations/messages/{_message_by(conversation, bob).pk}/mute/")

    page = client.get(
        f"/conversations/messages/{_message_by(conversation, bob).pk}/", follow=True
    ).content.decode()

    assert "That post is by Bob, whom you muted or blocked" in page


def test_a_link_to_a_post_by_someone_who_blocked_me_does_not_reveal_the_block(
    conversation, alice, bob, web_as
):
    web_as(bob).post(f"/conversations/messages/{_message_by(conversation, alice).pk}/block/")

    page = (
        web_as(alice)
        .get(f"/conversations/messages/{_message_by(conversation, bob).pk}/", follow=True)
        .content.decode()
    )

    assert "muted or blocked" not in page


def test_threads_started_by_someone_i_muted_or_blocked_are_not_listed_for_me(
    circle, alice, bob, facilitator, web_as, api_as
):
    thread(circle, alice, title="Worries tonight", text="Something on my mind.")
    thread(circle, facilitator, title="Weekly check-in", text="How is everyone?")
    listing = f"/groups/{circle.slug}/conversations/"
    api_listing = f"/api/v1/groups/{circle.slug}/conversations/?kind=thread"

    def titles_for(user):
        page = web_as(user).get(listing).content.decode()
        listed = {row["title"] for row in api_as(user).get(api_listing).json()["results"]}
        return "Worries tonight" in page, "Worries tonight" in listed, "Weekly check-in" in listed

    assert titles_for(bob) == (True, True, True)
    Mute.objects.create(user=bob, muted=alice)
    assert titles_for(bob) == (False, False, True)
    Mute.objects.all().delete()
    Block.objects.create(user=bob, blocked=alice)
    assert titles_for(bob) == (False, False, True)
    # The other way round too, without saying why: alice sees no thread of bob's.
    thread(circle, bob, title="A long week", text="So tired.")
    assert "A long week" not in web_as(alice).get(listing).content.decode()
    assert "A long week" in web_as(facilitator).get(listing).content.decode()
    # Everyone else still sees both.
    assert titles_for(facilitator) == (True, True, True)
