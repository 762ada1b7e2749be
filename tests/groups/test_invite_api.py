"""Invite links through the API: a facilitator makes, lists and withdraws them; an invited
person looks at one and joins through it. The same rules as the invite pages on the web."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerhaven.groups import services
from peerhaven.groups.models import Agreement, Group, Invite, JoinRequest, Membership
from tests.groups.helpers import join_now, make_group

INVITES = "/api/v1/groups/hidden-circle/invites/"
AGREE = {"agree_instance_version": 1, "agree_group_version": None}


@pytest.fixture
def hidden(db, facilitator):
    return make_group(
        name="Hidden Circle",
        facilitator=facilitator,
        listing=Group.Listing.UNLISTED,
        join_policy=Group.JoinPolicy.INVITE,
    )


def _invite(group, facilitator, **fields) -> Invite:
    return services.invite_create(actor=facilitator, group=group, **fields)


def _stored(user) -> tuple[int, int, int]:
    return (
        Membership.objects.filter(user=user).count(),
        JoinRequest.objects.filter(user=user).count(),
        Agreement.objects.filter(user=user).count(),
    )


# --- Making, listing and withdrawing links --------------------------------------------


def test_a_facilitator_makes_a_link_with_its_full_path(hidden, facilitator, api_as):
    response = api_as(facilitator).post(INVITES, {"days": 3, "max_uses": 5}, format="json")

    assert response.status_code == 201
    data = response.json()
    invite = Invite.objects.get(group=hidden)
    assert data["id"] == invite.pk
    assert data["token"] == invite.token
    assert data["path"] == f"/groups/invite/{invite.token}/"
    assert data["url"].endswith(data["path"])
    assert (data["max_uses"], data["uses"]) == (5, 0)
    assert timedelta(days=2) < invite.expires_at - timezone.now() <= timedelta(days=3)
    assert invite.created_by == facilitator


def test_a_link_lasts_a_week_for_one_person_unless_told_otherwise(hidden, facilitator, api_as):
    response = api_as(facilitator).post(INVITES, {}, format="json")

    assert response.status_code == 201
    invite = Invite.objects.get()
    assert invite.max_uses == 1
    assert timedelta(days=6) < invite.expires_at - timezone.now() <= timedelta(days=7)


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"days": 90, "max_uses": 0}, {"days", "max_uses"}),
        ({"days": 0}, {"days"}),
        ({"max_uses": 101}, {"max_uses"}),
        ({"days": "soon"}, {"days"}),
    ],
)
def test_values_out_of_range_are_refused_and_no_link_is_made(
    hidden, facilitator, api_as, body, fields
):
    response = api_as(facilitator).post(INVITES, body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["extra"]["fields"]) == fields
    assert not Invite.objects.exists()


def test_the_list_shows_links_still_in_use(hidden, facilitator, api_as):
    kept = _invite(hidden, facilitator)
    services.invite_revoke(actor=facilitator, invite=_invite(hidden, facilitator))
    expired = _invite(hidden, facilitator)
    Invite.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    data = api_as(facilitator).get(INVITES).json()

    assert data["count"] == 1
    [only] = data["results"]
    assert (only["id"], only["path"]) == (kept.pk, f"/groups/invite/{kept.token}/")


def test_a_facilitator_withdraws_a_link_and_it_stops_working(hidden, facilitator, charlie, api_as):
    invite = _invite(hidden, facilitator)

    response = api_as(facilitator).delete(f"{INVITES}{invite.pk}/")

    assert response.status_code == 204
    invite.refresh_from_db()
    assert invite.revoked_at is not None
    assert api_as(facilitator).get(INVITES).json()["results"] == []
    accepted = api_as(charlie).post(f"/api/v1/invites/{invite.token}/accept/", AGREE, format="json")
    assert (accepted.status_code, accepted.json()["code"]) == (409, "invite_revoked")
    assert _stored(charlie) == (0, 0, 0)


def test_a_link_of_another_group_cannot_be_withdrawn_here(hidden, facilitator, api_as):
    other = make_group(name="Other Circle", facilitator=facilitator)
    invite = _invite(other, facilitator)

    response = api_as(facilitator).delete(f"{INVITES}{invite.pk}/")

    assert response.status_code == 404
    invite.refresh_from_db()
    assert invite.revoked_at is None


def test_members_cannot_make_list_or_withdraw_links(hidden, facilitator, alice, api_as):
    join_now(alice, hidden)
    invite = _invite(hidden, facilitator)
    client = api_as(alice)

    made = client.post(INVITES, {"days": 3}, format="json")
    listed = client.get(INVITES)
    withdrawn = client.delete(f"{INVITES}{invite.pk}/")

    for response in (made, listed, withdrawn):
        assert (response.status_code, response.json()["code"]) == (403, "not_facilitator")
    assert invite.token not in listed.content.decode()
    assert Invite.objects.count() == 1
    invite.refresh_from_db()
    assert invite.revoked_at is None


def test_strangers_learn_nothing_about_an_unlisted_groups_links(
    hidden, facilitator, charlie, api_as
):
    invite = _invite(hidden, facilitator)
    client = api_as(charlie)

    answers = [
        client.post(INVITES, {}, format="json"),
        client.get(INVITES),
        client.delete(f"{INVITES}{invite.pk}/"),
        client.get("/api/v1/groups/no-such-group/invites/"),
    ]

    assert [r.status_code for r in answers] == [404, 404, 404, 404]
    assert len({r.content for r in answers}) == 1
    assert Invite.objects.count() == 1


def test_a_site_admin_makes_links_for_any_group(hidden, org_admin, api_as):
    response = api_as(org_admin).post(INVITES, {}, format="json")

    assert response.status_code == 201
    assert Invite.objects.get().created_by == org_admin


# --- Accepting a link -----------------------------------------------------------------


def test_an_invited_person_looks_at_the_link_and_joins_through_it(
    hidden, facilitator, charlie, api_as
):
    invite = _invite(hidden, facilitator)
    client = api_as(charlie)
    assert client.get("/api/v1/groups/hidden-circle/").status_code == 404

    offer = client.get(f"/api/v1/invites/{invite.token}/")
    assert offer.status_code == 200
    assert offer.json()["name"] == "Hidden Circle"
    assert offer.json()["guidelines"] == {"instance_version": 1, "group_version": None}
    assert offer.json()["member"] is False

    response = client.post(f"/api/v1/invites/{invite.token}/accept/", AGREE, format="json")

    assert response.status_code == 201
    assert response.json() == {"status": "member", "group": "hidden-circle"}
    assert hidden.memberships.filter(user=charlie, role=Membership.Role.MEMBER).exists()
    agreement = Agreement.objects.get(user=charlie, group=hidden)
    assert agreement.via == Agreement.Via.API
    invite.refresh_from_db()
    assert invite.uses == 1
    assert client.get("/api/v1/groups/hidden-circle/").status_code == 200


def test_joining_through_a_link_settles_a_waiting_request(db, facilitator, alice, api_as):
    asking = make_group(
        name="Asking Circle", facilitator=facilitator, join_policy=Group.JoinPolicy.REQUEST
    )
    services.join_request_create(
        user=alice, group=asking, answers=[], instance_version=1, group_version=None
    )
    invite = _invite(asking, facilitator)

    response = api_as(alice).post(f"/api/v1/invites/{invite.token}/accept/", AGREE, format="json")

    assert response.status_code == 201
    assert JoinRequest.objects.get(user=alice).status == JoinRequest.Status.APPROVED


@pytest.mark.parametrize(
    ("spoil", "code"),
    [
        ("revoke", "invite_revoked"),
        ("expire", "invite_expired"),
        ("use_up", "invite_used_up"),
    ],
)
def test_an_unusable_link_says_why_and_stores_nothing(
    hidden, facilitator, alice, charlie, api_as, spoil, code
):
    invite = _invite(hidden, facilitator)
    if spoil == "revoke":
        services.invite_revoke(actor=facilitator, invite=invite)
    elif spoil == "expire":
        Invite.objects.filter(pk=invite.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    else:
        services.invite_accept(
            user=alice, token=invite.token, instance_version=1, group_version=None
        )
    client = api_as(charlie)

    offer = client.get(f"/api/v1/invites/{invite.token}/")
    accepted = client.post(f"/api/v1/invites/{invite.token}/accept/", AGREE, format="json")

    assert (offer.status_code, offer.json()["code"]) == (409, code)
    assert (accepted.status_code, accepted.json()["code"]) == (409, code)
    assert _stored(charlie) == (0, 0, 0)


def test_an_unknown_link_is_not_found(db, charlie, api_as):
    client = api_as(charlie)

    offer = client.get("/api/v1/invites/not-a-real-token/")
    accepted = client.post("/api/v1/invites/not-a-real-token/accept/", AGREE, format="json")

    assert (offer.status_code, offer.json()["code"]) == (404, "invite_not_found")
    assert (accepted.status_code, accepted.json()["code"]) == (404, "invite_not_found")


def test_accepting_needs_the_version_numbers_and_old_ones_are_refused(
    hidden, facilitator, charlie, api_as
):
    invite = _invite(hidden, facilitator)
    client = api_as(charlie)

    missing = client.post(f"/api/v1/invites/{invite.token}/accept/", {}, format="json")
    unknown = client.post(
        f"/api/v1/invites/{invite.token}/accept/",
        {"agree_instance_version": 7, "agree_group_version": None},
        format="json",
    )

    assert missing.status_code == 400
    assert "agree_instance_version" in missing.json()["extra"]["fields"]
    assert (unknown.status_code, unknown.json()["code"]) == (409, "unknown_version")
    assert unknown.json()["extra"] == {"instance_version": 1, "group_version": None}
    assert _stored(charlie) == (0, 0, 0)
    invite.refresh_from_db()
    assert invite.uses == 0


def test_a_member_accepting_again_is_told_so(hidden, facilitator, alice, api_as):
    join_now(alice, hidden)
    invite = _invite(hidden, facilitator)
    client = api_as(alice)

    assert client.get(f"/api/v1/invites/{invite.token}/").json()["member"] is True
    response = client.post(f"/api/v1/invites/{invite.token}/accept/", AGREE, format="json")

    assert (response.status_code, response.json()["code"]) == (409, "already_member")
    invite.refresh_from_db()
    assert invite.uses == 0


def test_a_visitor_must_sign_in_to_use_a_link(hidden, facilitator, api_as):
    invite = _invite(hidden, facilitator)
    client = api_as(None)

    assert client.get(f"/api/v1/invites/{invite.token}/").status_code == 403
    assert (
        client.post(f"/api/v1/invites/{invite.token}/accept/", AGREE, format="json").status_code
        == 403
    )
    invite.refresh_from_db()
    assert invite.uses == 0


def test_schema_lists_the_endpoints_for_running_a_group(alice, api_as):
    schema = api_as(alice).get("/api/v1/schema/").content.decode()

    for path in [
        "/api/v1/groups/new/:",
        "/api/v1/groups/{group_slug}/requests/:",
        "/api/v1/groups/{group_slug}/requests/{request_id}/approve/:",
        "/api/v1/groups/{group_slug}/requests/{request_id}/decline/:",
        "/api/v1/groups/{group_slug}/request/withdraw/:",
        "/api/v1/groups/{group_slug}/invites/:",
        "/api/v1/groups/{group_slug}/invites/{invite_id}/:",
        "/api/v1/invites/{token}/:",
        "/api/v1/invites/{token}/accept/:",
    ]:
        assert path in schema
    assert "summary: Change a group" in schema
