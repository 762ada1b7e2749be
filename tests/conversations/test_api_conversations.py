"""A group's threads and rooms through the API: listing, unread counts, starting, reading."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerhaven.conversations import selectors
from peerhaven.conversations.models import Conversation, Message
from tests.conversations.helpers import group_with, post, room, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now


@pytest.fixture
def circle(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


LIST = "/api/v1/groups/evening-circle/conversations/"


def test_threads_are_listed_newest_activity_first_with_unread_counts(
    circle, alice, bob, charlie, api_as
):
    sleep = thread(circle, alice, title="Sleep")
    thread(circle, bob, title="Work")
    post(sleep, alice, "Still awake")
    post(sleep, alice, "And now it is 5am")

    response = api_as(bob).get(LIST)

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [(c["title"], c["created_by"], c["last_seq"], c["unread"]) for c in data["results"]] == [
        ("Sleep", "Alice", 3, 3),
        ("Work", "Bob", 1, 0),
    ]
    assert data["results"][0]["kind"] == "thread"
    assert data["results"][0]["last_message_at"] is not None
    assert api_as(charlie).get(LIST).status_code == 404


def test_moving_the_read_mark_clears_unread(circle, alice, bob, api_as):
    sleep = thread(circle, alice, title="Sleep")
    post(sleep, alice, "Still awake")
    post(sleep, alice, "And now it is 5am")
    client = api_as(bob)

    partly = client.post(f"/api/v1/conversations/{sleep.pk}/read/", {"seq": 2}, format="json")
    unread_after_part = client.get(LIST).json()["results"][0]["unread"]
    beyond = client.post(f"/api/v1/conversations/{sleep.pk}/read/", {"seq": 99}, format="json")
    backwards = client.post(f"/api/v1/conversations/{sleep.pk}/read/", {"seq": 1}, format="json")

    assert partly.json() == {"seen_seq": 2, "previous_seen_seq": 0}
    assert unread_after_part == 1
    assert beyond.json() == {"seen_seq": 3, "previous_seen_seq": 2}
    assert backwards.json() == {"seen_seq": 3, "previous_seen_seq": 2}
    assert client.get(LIST).json()["results"][0]["unread"] == 0
    assert client.get(f"/api/v1/conversations/{sleep.pk}/").json()["unread"] == 0
    assert api_as(alice).get(LIST).json()["results"][0]["unread"] == 0


def test_a_negative_read_mark_is_refused(circle, alice, bob, api_as):
    sleep = thread(circle, alice)

    response = api_as(bob).post(
        f"/api/v1/conversations/{sleep.pk}/read/", {"seq": -1}, format="json"
    )

    assert response.status_code == 400


def test_rooms_and_threads_are_listed_apart(circle, alice, facilitator, api_as):
    thread(circle, alice, title="Sleep")
    room(circle, facilitator, title="Tuesday chat")
    client = api_as(alice)

    threads = client.get(LIST).json()["results"]
    rooms = client.get(LIST, {"kind": "room"}).json()["results"]

    assert [(c["title"], c["kind"]) for c in threads] == [("Sleep", "thread")]
    assert [(c["title"], c["kind"], c["last_seq"]) for c in rooms] == [("Tuesday chat", "room", 0)]
    assert client.get(LIST, {"kind": "forum"}).status_code == 400


def test_the_list_comes_in_pages(circle, alice, bob, api_as, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    for title in ["One", "Two", "Three"]:
        thread(circle, alice, title=title)
    client = api_as(bob)

    first = client.get(LIST).json()
    second = client.get(LIST, {"page": 2}).json()
    beyond = client.get(LIST, {"page": 3}).json()

    assert (first["count"], first["pages"], first["per_page"]) == (3, 2, 2)
    assert [c["title"] for c in first["results"]] == ["Three", "Two"]
    assert [c["title"] for c in second["results"]] == ["One"]
    assert beyond["results"] == []
    assert client.get(LIST, {"page": 0}).status_code == 400


def test_listing_costs_the_same_queries_however_many_threads(circle, alice, bob, api_as):
    thread(circle, alice, title="First")
    client = api_as(bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        author = UserFactory()
        join_now(author, circle)
        thread(circle, author, title=f"More {n}")
    assert queries() == few


def test_starting_a_thread_gives_the_thread_and_its_first_post(circle, alice, bob, api_as):
    response = api_as(bob).post(
        LIST,
        {"title": "New here", "text": "Hello, I *just* joined", "client_id": "start-1"},
        format="json",
    )

    assert response.status_code == 201
    data = response.json()
    assert data["conversation"]["title"] == "New here"
    assert data["conversation"]["created_by"] == "Bob"
    assert data["conversation"]["group"] == "evening-circle"
    assert (data["conversation"]["last_seq"], data["conversation"]["unread"]) == (1, 0)
    assert data["conversation"]["can_write"] is True
    assert (data["message"]["seq"], data["message"]["client_id"]) == (1, "start-1")
    assert "<em>just</em>" in data["message"]["html"]
    assert Conversation.objects.get(pk=data["conversation"]["id"]).group == circle


def test_resending_a_new_thread_returns_the_same_thread(circle, bob, api_as):
    client = api_as(bob)
    body = {"title": "New here", "text": "Hello", "client_id": "start-1"}

    first = client.post(LIST, body, format="json")
    again = client.post(LIST, body, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["conversation"]["id"] == first.json()["conversation"]["id"]
    assert again.json()["message"]["id"] == first.json()["message"]["id"]
    assert Conversation.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"title": "", "text": "Hello"},
        {"title": "t" * 151, "text": "Hello"},
        {"title": "No text", "text": ""},
        {"text": "No title"},
    ],
)
def test_a_thread_needs_a_title_and_a_first_post(circle, bob, api_as, body):
    response = api_as(bob).post(LIST, body, format="json")

    assert response.status_code == 400
    assert not Conversation.objects.exists()
    assert not Message.objects.exists()


def test_a_rate_limited_thread_is_not_left_half_made(circle, bob, api_as, settings):
    settings.PEERHAVEN_MESSAGE_RATE = (1, 60)
    client = api_as(bob)

    first = client.post(LIST, {"title": "One", "text": "Hello"}, format="json")
    second = client.post(LIST, {"title": "Two", "text": "Hello again"}, format="json")

    assert (first.status_code, second.status_code) == (201, 429)
    assert list(Conversation.objects.values_list("title", flat=True)) == ["One"]


def test_the_detail_of_a_conversation_is_for_members(circle, alice, bob, charlie, api_as):
    sleep = thread(circle, alice, title="Sleep")
    post(sleep, alice, "Still awake")
    api_as(bob).post(f"/api/v1/conversations/{sleep.pk}/read/", {"seq": 1}, format="json")

    response = api_as(bob).get(f"/api/v1/conversations/{sleep.pk}/")

    assert response.status_code == 200
    data = response.json()
    assert (data["title"], data["kind"], data["group"]) == ("Sleep", "thread", "evening-circle")
    assert (data["last_seq"], data["seen_seq"], data["unread"]) == (2, 1, 1)
    assert api_as(charlie).get(f"/api/v1/conversations/{sleep.pk}/").status_code == 404
