"""Appeals through the API: the author appeals once per action; a different moderator
from the one who acted decides; the decision is final and the author is told."""

from __future__ import annotations

import pytest

from peerhaven.conversations.models import Message, Moderation
from peerhaven.groups.models import Membership
from peerhaven.moderation.models import Appeal, Case
from tests.conversations.helpers import post
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.api_helpers import act, place, report, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(facilitator, alice, bob):
    return place(facilitator=facilitator, alice=alice, bob=bob)


@pytest.fixture
def co_facilitator(here):
    kim = UserFactory(display_name="Kim", email="kim@example.org")
    join_now(kim, here.group, role=Membership.Role.FACILITATOR)
    return kim


@pytest.fixture
def removed(here, api_as, bob, facilitator):
    """Alice's message, reported by bob and removed by the facilitator: (case, action id)."""
    report(api_as(bob), here.message)
    case = Case.objects.get()
    response = act(api_as(facilitator), case, "remove")
    assert response.status_code == 201
    return case, response.json()["id"]


def _appeal(client, case, action_id, text="It was a joke between friends; we talked since."):
    return client.post(
        f"/api/v1/my-cases/{case.pk}/actions/{action_id}/appeal/", {"text": text}, format="json"
    )


def _decide(client, appeal_id, *, overturn, note="Read in context, it was banter."):
    return client.post(
        f"/api/v1/moderation/appeals/{appeal_id}/decide/",
        {"overturn": overturn, "note": note},
        format="json",
    )


def test_a_different_moderator_decides_and_the_author_is_told(
    here, removed, api_as, alice, bob, facilitator, co_facilitator
):
    case, action_id = removed
    created = _appeal(api_as(alice), case, action_id)
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    appeal_id = created.json()["id"]

    # The moderator who acted neither sees it to decide nor may decide it.
    assert api_as(facilitator).get("/api/v1/moderation/appeals/").json()["count"] == 0
    before = state()
    own = _decide(api_as(facilitator), appeal_id, overturn=True)
    assert own.status_code == 403
    assert own.json()["code"] == "own_action"
    assert state() == before

    listed = api_as(co_facilitator).get("/api/v1/moderation/appeals/").json()
    assert [a["id"] for a in listed["results"]] == [appeal_id]
    assert listed["results"][0]["action"]["moderator"] == "Fran"
    assert listed["results"][0]["appellant"] == "Alice"

    decided = _decide(api_as(co_facilitator), appeal_id, overturn=True)
    assert decided.status_code == 200
    assert decided.json()["status"] == "overturned"
    assert decided.json()["decided_by"] == "Kim"
    assert Message.objects.get(pk=here.message.pk).moderation == Moderation.VISIBLE
    latest = api_as(alice).get("/api/v1/notices/").json()["results"][0]
    assert latest["kind"] == "appeal_decided"
    assert "Read in context, it was banter." in latest["body"]
    mine = api_as(alice).get(f"/api/v1/my-cases/{case.pk}/").json()
    assert mine["actions"][0]["appeal"]["status"] == "overturned"
    assert mine["actions"][0]["can_appeal"] is False

    # Final: neither decided again nor appealed again.
    before = state()
    again = _decide(api_as(co_facilitator), appeal_id, overturn=False)
    reappeal = _appeal(api_as(alice), case, action_id)
    assert again.status_code == 409
    assert again.json()["code"] == "appeal_decided"
    assert reappeal.status_code == 409
    assert reappeal.json()["code"] == "already_appealed"
    assert state() == before


def test_an_admin_may_uphold(removed, api_as, alice, org_admin):
    case, action_id = removed
    appeal_id = _appeal(api_as(alice), case, action_id).json()["id"]

    response = _decide(api_as(org_admin), appeal_id, overturn=False, note="It stands.")

    assert response.status_code == 200
    assert response.json()["status"] == "upheld"
    assert Appeal.objects.get().decided_by == org_admin
    assert Message.objects.get(pk=case.message_id).moderation == Moderation.REMOVED


def test_other_people_cannot_appeal_or_decide(removed, api_as, alice, bob, charlie, here):
    case, action_id = removed
    before = state()

    assert _appeal(api_as(bob), case, action_id).status_code == 404
    assert _appeal(api_as(charlie), case, action_id).status_code == 404
    assert state() == before
    appeal_id = _appeal(api_as(alice), case, action_id).json()["id"]
    before = state()
    for person in (alice, bob, charlie, here.other_facilitator):
        assert _decide(api_as(person), appeal_id, overturn=True).status_code == 404
    assert state() == before


@pytest.mark.parametrize(
    ("text", "code"),
    [("   ", "required"), ("x" * 2001, "too_long"), (None, "invalid")],
    ids=["blank", "too-long", "missing"],
)
def test_a_bad_appeal_is_400_and_changes_nothing(removed, api_as, alice, text, code):
    case, action_id = removed
    before = state()
    body = {} if text is None else {"text": text}

    response = api_as(alice).post(
        f"/api/v1/my-cases/{case.pk}/actions/{action_id}/appeal/", body, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert state() == before


def test_a_note_to_the_author_cannot_be_appealed(here, api_as, alice, bob, facilitator):
    report(api_as(bob), here.message)
    case = Case.objects.get()
    action_id = act(api_as(facilitator), case, "note").json()["id"]
    before = state()

    response = _appeal(api_as(alice), case, action_id)

    assert response.status_code == 400
    assert response.json()["code"] == "not_appealable"
    assert state() == before


def test_an_action_of_another_case_is_404(removed, here, api_as, alice, bob, facilitator):
    case, action_id = removed
    other = post(here.conversation, alice, "Another unkind thing")
    report(api_as(bob), other)
    other_case = Case.objects.get(message=other)
    act(api_as(facilitator), other_case, "remove")

    response = _appeal(api_as(alice), other_case, action_id)

    assert response.status_code == 404
    assert response.json()["code"] == "action_not_found"


@pytest.mark.parametrize(
    "body",
    [{"note": "Why"}, {"overturn": "maybe", "note": "Why"}, {"overturn": True, "note": "  "}],
    ids=["no-decision", "not-a-decision", "blank-note"],
)
def test_a_bad_decision_is_400(removed, api_as, alice, co_facilitator, body):
    case, action_id = removed
    appeal_id = _appeal(api_as(alice), case, action_id).json()["id"]
    before = state()

    response = api_as(co_facilitator).post(
        f"/api/v1/moderation/appeals/{appeal_id}/decide/", body, format="json"
    )

    assert response.status_code == 400
    assert state() == before


def test_whoever_decides_an_appeal_sees_the_words_reported_and_the_authors_edit(
    here, api_as, web_as, alice, bob, facilitator, org_admin
):
    report(api_as(bob), here.message)
    case = Case.objects.get()
    act(api_as(facilitator), case, "hide_pending_edit")
    reported = Message.objects.get(pk=here.message.pk).body
    api_as(alice).patch(
        f"/api/v1/messages/{here.message.pk}/", {"text": "Edited, and still sharp."}, format="json"
    )
    removal = act(api_as(facilitator), case, "remove")
    appeal_id = _appeal(api_as(alice), case, removal.json()["id"]).json()["id"]

    [listed] = api_as(org_admin).get("/api/v1/moderation/appeals/").json()["results"]
    page = web_as(org_admin).get(f"/moderation/appeals/{appeal_id}/").content.decode()

    assert listed["id"] == appeal_id
    assert (listed["content"], listed["edited_content"]) == (reported, "Edited, and still sharp.")
    assert reported in page and "Edited, and still sharp." in page
