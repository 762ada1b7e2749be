"""A member who started a thread hears when others answer it: the home page and the API
list their own threads with new replies, counted as the thread shows them."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from peerhaven.conversations import selectors, services
from peerhaven.groups import services as group_services
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now

API = "/api/v1/me/replies/"


pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


def _replies_section(client) -> str:
    page = client.get("/").content.decode()
    found = re.search(r'<section class="my-replies".*?</section>', page, re.S)
    return found.group(0) if found else ""


def test_the_home_page_lists_a_members_thread_that_others_answered(
    db, facilitator, alice, bob, web_as
):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, alice, title="A hard week", text="It has been a hard week.")
    post(talk, alice, "And one more thing.")  # her own posts are never news to her
    post(talk, bob, "I hear you.")
    post(talk, facilitator, "Thank you for telling us.")

    section = _replies_section(web_as(alice))

    assert "New replies to your threads" in section
    assert "A hard week" in section
    assert f'href="/groups/{circle.slug}/conversations/{talk.pk}/"' in section
    assert "2 new replies" in section
    assert "in Evening Circle" in section

    # Reading the thread takes it off the list.
    web_as(alice).get(f"/groups/{circle.slug}/conversations/{talk.pk}/")
    assert _replies_section(web_as(alice)) == ""


def test_only_the_members_own_threads_are_listed(db, facilitator, alice, bob, web_as):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    theirs = thread(circle, bob, title="His own thread")
    post(theirs, facilitator, "Welcome")
    post(theirs, alice, "Hello from me")

    assert _replies_section(web_as(alice)) == ""
    assert "His own thread" in _replies_section(web_as(bob))


def test_replies_by_someone_muted_are_not_counted(db, facilitator, alice, bob, web_as):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, alice, title="Quiet please")
    post(talk, bob, "Reply from someone she muted")
    services.mute_set(user=alice, target=bob, muted=True)

    assert _replies_section(web_as(alice)) == ""

    post(talk, facilitator, "A reply she sees")
    assert "1 new reply<" in _replies_section(web_as(alice))


def test_a_reply_waiting_for_a_facilitator_is_not_counted(
    db, facilitator, alice, web_as, django_capture_on_commit_callbacks
):
    circle = group_with(facilitator=facilitator, members=[alice])
    talk = thread(circle, alice, title="Held replies")
    with django_capture_on_commit_callbacks(execute=True):
        # From now on a newcomer's first post waits for a facilitator.
        group_services.group_update(actor=facilitator, group=circle, premoderate_first_posts=1)
    newcomer = UserFactory(display_name="Newcomer")
    join_now(newcomer, circle)
    held = post(talk, newcomer, "My first words here")
    assert held.moderation != "visible"

    assert _replies_section(web_as(alice)) == ""


def test_a_group_the_member_left_is_not_listed(db, facilitator, alice, bob, web_as):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, alice, title="Before I left")
    post(talk, bob, "Reply after")
    group_services.group_leave(user=alice, group=circle)

    assert _replies_section(web_as(alice)) == ""
    assert web_as(alice).get("/").status_code == 200


def test_at_most_five_threads_most_recently_answered_first(db, facilitator, alice, bob):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talks = [thread(circle, alice, title=f"Thread {n}") for n in range(7)]
    for talk in talks:
        post(talk, bob, "Answer")

    rows = selectors.own_threads_with_replies(user=alice)

    assert [row.conversation.title for row in rows] == [f"Thread {n}" for n in (6, 5, 4, 3, 2)]
    assert all(row.new_replies == 1 for row in rows)


def test_being_up_to_date_costs_one_query(
    db, facilitator, alice, bob, web_as, django_assert_num_queries
):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, alice)
    post(talk, bob, "Answer")
    web_as(alice).get(f"/groups/{circle.slug}/conversations/{talk.pk}/")

    with django_assert_num_queries(1):
        assert selectors.own_threads_with_replies(user=alice) == []


def test_the_api_lists_the_same_threads(db, facilitator, alice, bob, api_as):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talk = thread(circle, alice, title="Asking the API")
    post(talk, bob, "One")
    post(talk, bob, "Two")

    response = api_as(alice).get(API)

    assert response.status_code == 200
    [row] = response.json()
    assert row["id"] == talk.pk
    assert row["group"] == circle.slug
    assert row["title"] == "Asking the API"
    assert row["new_replies"] == 2
    assert api_as(bob).get(API).json() == []


def test_the_api_needs_a_signed_in_caller(db):
    assert APIClient().get(API).status_code == 403
