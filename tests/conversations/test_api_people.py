"""Muting and blocking through the API. People are known by their display name only."""

from __future__ import annotations

import pytest

from peerhaven.accounts.models import User
from peerhaven.conversations.models import Block, Mute
from tests.conversations.helpers import group_with, post, thread


@pytest.fixture
def sleep(facilitator, alice, bob):
    circle = group_with(facilitator=facilitator, members=[alice, bob])
    conversation = thread(circle, alice, title="Sleep", text="Anyone else awake at 3am?")
    post(conversation, bob, "Me too")
    return conversation


def authors(client, conversation) -> list[str]:
    response = client.get(f"/api/v1/conversations/{conversation.pk}/messages/")
    return [m["author"] for m in response.json()["messages"]]


def test_muting_hides_their_posts_for_the_muter_only(sleep, alice, bob, facilitator, api_as):
    client = api_as(alice)

    muted = client.post("/api/v1/me/muted/", {"display_name": "bOB"}, format="json")

    assert muted.status_code == 200
    assert muted.json() == {"display_name": "Bob"}
    assert authors(client, sleep) == ["Alice"]
    assert authors(api_as(facilitator), sleep) == ["Alice", "Bob"]
    assert authors(api_as(bob), sleep) == ["Alice", "Bob"]
    assert [p["display_name"] for p in client.get("/api/v1/me/muted/").json()] == ["Bob"]
    assert api_as(bob).get("/api/v1/me/muted/").json() == []


def test_unmuting_shows_their_posts_again(sleep, alice, bob, api_as):
    client = api_as(alice)
    client.post("/api/v1/me/muted/", {"display_name": "Bob"}, format="json")

    first = client.delete("/api/v1/me/muted/bob/")
    again = client.delete("/api/v1/me/muted/bob/")

    assert (first.status_code, again.status_code) == (204, 204)
    assert authors(client, sleep) == ["Alice", "Bob"]
    assert client.get("/api/v1/me/muted/").json() == []


def test_muting_twice_keeps_one_mute(sleep, alice, bob, api_as):
    client = api_as(alice)

    for _ in range(2):
        assert (
            client.post("/api/v1/me/muted/", {"display_name": "Bob"}, format="json").status_code
            == 200
        )

    assert Mute.objects.filter(user=alice, muted=bob).count() == 1


def test_blocking_hides_messages_both_ways(sleep, alice, bob, facilitator, api_as):
    client = api_as(alice)

    blocked = client.post("/api/v1/me/blocked/", {"display_name": "Bob"}, format="json")

    assert blocked.status_code == 200
    assert authors(client, sleep) == ["Alice"]
    assert authors(api_as(bob), sleep) == ["Bob"]
    assert authors(api_as(facilitator), sleep) == ["Alice", "Bob"]
    assert [p["display_name"] for p in client.get("/api/v1/me/blocked/").json()] == ["Bob"]
    assert api_as(bob).get("/api/v1/me/blocked/").json() == []


def test_unblocking_restores_contact(sleep, alice, bob, api_as):
    client = api_as(alice)
    client.post("/api/v1/me/blocked/", {"display_name": "Bob"}, format="json")

    response = client.delete("/api/v1/me/blocked/BOB/")

    assert response.status_code == 204
    assert not Block.objects.exists()
    assert authors(api_as(bob), sleep) == ["Alice", "Bob"]


@pytest.mark.parametrize("kind", ["muted", "blocked"])
def test_an_unknown_name_is_not_found_and_oneself_is_refused(sleep, alice, api_as, kind):
    client = api_as(alice)

    unknown = client.post(f"/api/v1/me/{kind}/", {"display_name": "Nobody"}, format="json")
    unknown_delete = client.delete(f"/api/v1/me/{kind}/Nobody/")
    self_ = client.post(f"/api/v1/me/{kind}/", {"display_name": "alice"}, format="json")
    empty = client.post(f"/api/v1/me/{kind}/", {}, format="json")

    assert (unknown.status_code, unknown.json()["code"]) == (404, "unknown_person")
    assert unknown_delete.status_code == 404
    assert (self_.status_code, self_.json()["code"]) == (409, "self")
    assert empty.status_code == 400
    assert not Mute.objects.exists()
    assert not Block.objects.exists()


def test_a_stranger_can_mute_but_that_shows_them_nothing(sleep, bob, charlie, api_as):
    client = api_as(charlie)

    assert (
        client.post("/api/v1/me/muted/", {"display_name": "Bob"}, format="json").status_code == 200
    )
    assert client.get(f"/api/v1/conversations/{sleep.pk}/messages/").status_code == 404


def test_a_person_is_found_by_their_name_typed_with_other_spacing_or_width(sleep, alice, api_as):
    walker = User.objects.create_user(
        email="walker@example.org", password="a-long-password-1", display_name="Morning Walker"
    )
    client = api_as(alice)

    muted = client.post(
        "/api/v1/me/muted/", {"display_name": "  ｍorning   WALKER "}, format="json"
    )

    assert muted.status_code == 200
    assert muted.json() == {"display_name": walker.display_name}
    assert Mute.objects.filter(user=alice, muted=walker).exists()
