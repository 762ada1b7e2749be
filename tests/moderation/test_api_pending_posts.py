"""Held posts through the API: a group that holds new members' first posts; its
facilitators approve or decline them, citing a guideline when declining."""

from __future__ import annotations

import pytest

from peerhaven.conversations.models import Message, Moderation
from peerhaven.groups.models import Group
from peerhaven.moderation import services
from tests.conversations.helpers import post
from tests.groups.helpers import join_now
from tests.moderation.api_helpers import REASON, place, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(facilitator, alice, bob):
    spot = place(facilitator=facilitator, alice=alice, bob=bob)
    # From now on, a new member's first post waits for a facilitator.
    Group.objects.filter(pk=spot.group.pk).update(premoderate_first_posts=1)
    services.premoderation_changed(spot.group.pk)
    return spot


@pytest.fixture
def held(here, charlie) -> Message:
    join_now(charlie, here.group)
    message = post(here.conversation, charlie, "Hi everyone, I'm new here.")
    assert message.moderation == Moderation.PENDING
    return message


def _decide(client, message, **body):
    return client.post(f"/api/v1/moderation/pending-posts/{message.pk}/", body, format="json")


def _texts_seen_by(client, conversation) -> list[str]:
    response = client.get(f"/api/v1/conversations/{conversation.pk}/messages/")
    return [m["text"] for m in response.json()["messages"]]


def test_the_facilitator_approves_a_held_post(here, held, api_as, bob, facilitator):
    listed = api_as(facilitator).get("/api/v1/moderation/pending-posts/").json()
    assert [p["id"] for p in listed["results"]] == [held.pk]
    assert listed["results"][0]["text"] == "Hi everyone, I'm new here."
    assert listed["results"][0]["author"] == "Charlie"
    assert listed["results"][0]["group"] == here.group.slug
    assert held.body not in _texts_seen_by(api_as(bob), here.conversation)

    response = _decide(api_as(facilitator), held, approve=True)

    assert response.status_code == 200
    assert response.json() == {"id": held.pk, "moderation": "visible"}
    assert held.body in _texts_seen_by(api_as(bob), here.conversation)
    assert api_as(facilitator).get("/api/v1/moderation/pending-posts/").json()["count"] == 0


def test_declining_cites_a_guideline_and_tells_the_author(held, api_as, charlie, facilitator):
    response = _decide(
        api_as(facilitator), held, approve=False, guideline="share-experience", reason=REASON
    )

    assert response.status_code == 200
    assert response.json()["moderation"] == "removed"
    notices = api_as(charlie).get("/api/v1/notices/").json()["results"]
    assert [n["kind"] for n in notices] == ["action_taken"]
    assert REASON in notices[0]["body"]


@pytest.mark.parametrize(
    "body",
    [
        {"approve": False, "guideline": "respect"},
        {"approve": False, "guideline": "be-nice", "reason": REASON},
        {"approve": False, "reason": REASON},
        {"guideline": "respect", "reason": REASON},
        {"approve": "perhaps"},
    ],
    ids=["no-reason", "unknown-guideline", "no-guideline", "no-decision", "not-a-decision"],
)
def test_a_bad_decision_is_400_and_changes_nothing(held, api_as, facilitator, body):
    before = state()

    response = _decide(api_as(facilitator), held, **body)

    assert response.status_code == 400
    assert state() == before


def test_deciding_twice_is_409(held, api_as, facilitator, org_admin):
    assert _decide(api_as(facilitator), held, approve=True).status_code == 200
    before = state()

    again = _decide(api_as(org_admin), held, approve=False, guideline="respect", reason=REASON)

    assert again.status_code == 409
    assert again.json()["code"] == "not_pending"
    assert state() == before


def test_only_the_groups_moderators_decide(here, held, api_as, alice, charlie, org_admin):
    before = state()

    for person in (alice, charlie, here.other_facilitator):
        assert _decide(api_as(person), held, approve=True).status_code == 404
    assert _decide(api_as(None), held, approve=True).status_code == 403
    assert state() == before
    other_list = api_as(here.other_facilitator).get("/api/v1/moderation/pending-posts/").json()
    assert other_list["count"] == 0
    assert api_as(alice).get("/api/v1/moderation/pending-posts/").status_code == 403
    assert _decide(api_as(org_admin), held, approve=True).status_code == 200


def test_a_missing_post_is_404(api_as, facilitator):
    response = api_as(facilitator).post(
        "/api/v1/moderation/pending-posts/999999/", {"approve": True}, format="json"
    )

    assert response.status_code == 404
