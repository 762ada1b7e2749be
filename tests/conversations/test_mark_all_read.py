"""A member back after a while marks every thread of a group read at once, on the page and
through the API; only members can, and nothing else changes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from peerhaven.conversations import selectors
from peerhaven.conversations.models import Message, ReadMark
from tests.conversations.helpers import group_with, post, thread

pytestmark = pytest.mark.usefixtures("no_message_rate_limit")


def _busy_group(facilitator, alice, bob):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    talks = [thread(circle, bob, title=f"Thread {n}") for n in range(3)]
    for talk in talks:
        post(talk, facilitator, "A reply")
    return circle, talks


def test_a_member_marks_every_thread_read_from_the_list(db, facilitator, alice, bob, web_as):
    circle, talks = _busy_group(facilitator, alice, bob)
    # She had read the first post of one thread before.
    ReadMark.objects.create(user=alice, conversation=talks[0], last_seen_seq=1)
    client = web_as(alice)
    url = f"/groups/{circle.slug}/conversations/"
    assert "Mark all threads as read" in client.get(url).content.decode()

    response = client.post(f"{url}read/")

    assert response.status_code == 302
    assert response["Location"] == url
    assert selectors.unread_total(user=alice, group=circle) == 0
    page = client.get(url).content.decode()
    assert "Every thread here is marked as read." in page
    assert "Mark all threads as read" not in page  # nothing left to mark
    mark = ReadMark.objects.get(user=alice, conversation=talks[0])
    assert (mark.last_seen_seq, mark.previous_seen_seq) == (2, 1)
    fresh = ReadMark.objects.get(user=alice, conversation=talks[1])
    assert (fresh.last_seen_seq, fresh.previous_seen_seq) == (2, 0)
    # Others' marks are untouched.
    assert selectors.unread_total(user=bob, group=circle) == 3


def test_marking_again_says_there_was_nothing_new(db, facilitator, alice, bob, web_as):
    circle, _talks = _busy_group(facilitator, alice, bob)
    client = web_as(alice)
    client.post(f"/groups/{circle.slug}/conversations/read/")

    response = client.post(f"/groups/{circle.slug}/conversations/read/", follow=True)

    assert "You had already read everything here." in response.content.decode()


def test_a_new_post_after_marking_is_new_again(db, facilitator, alice, bob):
    circle, talks = _busy_group(facilitator, alice, bob)
    api = APIClient()
    api.force_authenticate(alice)
    api.post(f"/api/v1/groups/{circle.slug}/conversations/read/")

    post(talks[2], bob, "Something new")

    assert selectors.unread_total(user=alice, group=circle) == 1


def test_someone_outside_the_group_cannot_and_learns_nothing(
    db, facilitator, alice, bob, charlie, web_as
):
    circle, _talks = _busy_group(facilitator, alice, bob)

    response = web_as(charlie).post(f"/groups/{circle.slug}/conversations/read/")

    assert response.status_code == 404, response.status_code
    assert not ReadMark.objects.filter(user=charlie).exists()
    api = APIClient()
    api.force_authenticate(charlie)
    answer = api.post(f"/api/v1/groups/{circle.slug}/conversations/read/")
    assert answer.status_code == 404, answer.status_code
    assert not ReadMark.objects.filter(user=charlie).exists()


def test_opening_the_address_goes_back_to_the_list(db, facilitator, alice, bob, web_as):
    circle, _talks = _busy_group(facilitator, alice, bob)

    response = web_as(alice).get(f"/groups/{circle.slug}/conversations/read/")

    assert response.status_code == 302
    assert response["Location"] == f"/groups/{circle.slug}/conversations/"
    assert not ReadMark.objects.filter(user=alice).exists()


def test_the_api_says_how_many_threads_it_marked(db, facilitator, alice, bob):
    circle, _talks = _busy_group(facilitator, alice, bob)
    api = APIClient()
    api.force_authenticate(alice)

    first = api.post(f"/api/v1/groups/{circle.slug}/conversations/read/")
    second = api.post(f"/api/v1/groups/{circle.slug}/conversations/read/")

    assert first.status_code == 200
    assert first.json() == {"threads": 3}
    assert second.json() == {"threads": 0}
    assert Message.objects.count() == 6  # nothing else changed


def test_marking_a_large_group_is_a_few_queries(
    db, facilitator, alice, bob, django_assert_max_num_queries
):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    for n in range(30):
        thread(circle, bob, title=f"Thread {n}")
    api = APIClient()
    api.force_authenticate(alice)

    with django_assert_max_num_queries(20):
        assert api.post(f"/api/v1/groups/{circle.slug}/conversations/read/").json() == {
            "threads": 30
        }
