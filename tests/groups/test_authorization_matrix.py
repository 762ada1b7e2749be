"""Who may do what with a group, through each interface: role × group × action × interface.

One world: a listed and an unlisted group, both open to joining, with the same people.
The member who must agree again agreed before a material change to the guidelines.
"""

from __future__ import annotations

import pytest

from peerhaven.core.exceptions import NotFound
from peerhaven.groups import policies
from peerhaven.groups.exceptions import AgreementNeeded
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.models import RuleSetVersion
from tests.factories import UserFactory
from tests.groups.helpers import agree_now, join_now, make_group, publish_instance_version

ROLES = ["anonymous", "stranger", "member", "must_reagree", "group_facilitator", "site_admin"]
LISTINGS = ["listed", "unlisted"]


@pytest.fixture
def world(db, alice, bob, charlie, org_admin):
    gina = UserFactory(display_name="Gina")  # an ordinary account, facilitator of both groups
    groups = {
        "listed": make_group(name="Open Circle", facilitator=gina),
        "unlisted": make_group(
            name="Quiet Circle", facilitator=gina, listing=Group.Listing.UNLISTED
        ),
    }
    for group in groups.values():
        join_now(bob, group)  # agrees to version 1
    publish_instance_version(
        change=RuleSetVersion.Change.MATERIAL, changed_text="Listen fully before replying."
    )
    for group in groups.values():
        join_now(alice, group)  # agrees to version 2
        agree_now(gina, group)
    users = {
        "anonymous": None,
        "stranger": charlie,
        "member": alice,
        "must_reagree": bob,
        "group_facilitator": gina,
        "site_admin": org_admin,
    }
    return {"groups": groups, "users": users}


# (role) -> (listed, unlisted)
WEB = {
    "view": {
        "anonymous": (200, 404),
        "stranger": (200, 404),
        "member": (200, 200),
        "must_reagree": (200, 200),
        "group_facilitator": (200, 200),
        "site_admin": (200, 200),
    },
    "members_only": {
        "anonymous": (302, 404),
        "stranger": (404, 404),
        "member": (200, 200),
        "must_reagree": (200, 200),
        "group_facilitator": (200, 200),
        "site_admin": (404, 404),
    },
    "join": {
        "anonymous": (302, 404),
        "stranger": (302, 404),
        "member": (409, 409),
        "must_reagree": (409, 409),
        "group_facilitator": (409, 409),
        "site_admin": (302, 409),
    },
}
API = {
    "view": WEB["view"],
    "members_only": {
        "anonymous": (403, 403),
        "stranger": (404, 404),
        "member": (200, 200),
        "must_reagree": (200, 200),
        "group_facilitator": (200, 200),
        "site_admin": (404, 404),
    },
    "join": {
        "anonymous": (403, 403),
        "stranger": (201, 404),
        "member": (409, 409),
        "must_reagree": (409, 409),
        "group_facilitator": (409, 409),
        "site_admin": (201, 409),
    },
}
# Newly joined by the action (only when it succeeded).
JOINS = {("stranger", "listed"), ("site_admin", "listed")}


def _web(client, action: str, group: Group):
    if action == "view":
        return client.get(f"/groups/{group.slug}/")
    if action == "members_only":
        return client.get(f"/groups/{group.slug}/members/")
    return client.post(f"/groups/{group.slug}/join/", {"instance_version": 2, "agree": "on"})


def _api(client, action: str, group: Group):
    if action == "view":
        return client.get(f"/api/v1/groups/{group.slug}/")
    if action == "members_only":
        return client.get(f"/api/v1/groups/{group.slug}/members/")
    return client.post(
        f"/api/v1/groups/{group.slug}/join/",
        {"agree_instance_version": 2, "agree_group_version": None},
        format="json",
    )


@pytest.mark.parametrize("interface", ["web", "api"])
@pytest.mark.parametrize("action", ["view", "members_only", "join"])
@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_the_policy_gives(
    world, web_as, api_as, role, listing, action, interface
):
    user = world["users"][role]
    group = world["groups"][listing]
    members_before = set(Membership.objects.filter(group=group).values_list("user", flat=True))

    if interface == "web":
        response = _web(web_as(user), action, group)
        expected = WEB[action][role][LISTINGS.index(listing)]
    else:
        response = _api(api_as(user), action, group)
        expected = API[action][role][LISTINGS.index(listing)]

    assert response.status_code == expected
    if expected == 404:
        # Nothing about the group leaks through the answer.
        assert group.name not in response.content.decode()
    if interface == "api" and expected >= 400:
        assert set(response.json()) == {"message", "code", "extra"}
    if interface == "web" and response.status_code == 200:
        assert response["X-Robots-Tag"].startswith("noindex")
    if role == "anonymous" and expected == 302:
        assert response["Location"].startswith("/accounts/sign-in/")
    members_after = set(Membership.objects.filter(group=group).values_list("user", flat=True))
    if action == "join" and (role, listing) in JOINS:
        assert members_after == members_before | {user.pk}
    else:
        assert members_after == members_before


# (role) -> what check_take_part does, the same for both groups.
TAKE_PART = {
    "anonymous": NotFound,
    "stranger": NotFound,
    "member": None,
    "must_reagree": AgreementNeeded,
    "group_facilitator": None,
    "site_admin": NotFound,
}


@pytest.mark.parametrize("listing", LISTINGS)
@pytest.mark.parametrize("role", ROLES)
def test_only_members_who_agreed_to_the_guidelines_in_force_take_part(world, api_as, role, listing):
    from django.contrib.auth.models import AnonymousUser

    user = world["users"][role] or AnonymousUser()
    group = world["groups"][listing]

    expected = TAKE_PART[role]
    if expected is None:
        policies.check_take_part(user, group)
    else:
        with pytest.raises(expected) as caught:
            policies.check_take_part(user, group)
        assert caught.value.status == (404 if expected is NotFound else 409)
    assert policies.can_take_part(user, group) is (expected is None)

    # The API tells a member the same, through the group's details.
    if world["users"][role] is not None and policies.can_view_content(user, group):
        you = api_as(user).get(f"/api/v1/groups/{group.slug}/").json()["you"]
        assert you["can_take_part"] is (expected is None)
        if expected is AgreementNeeded:
            assert you["agreement_needed"] == {"instance_version": 2, "group_version": None}


def test_agreement_needed_error_has_its_code_and_the_versions_to_agree_to(world):
    with pytest.raises(AgreementNeeded) as caught:
        policies.check_take_part(world["users"]["must_reagree"], world["groups"]["listed"])

    assert caught.value.code == "agreement_needed"
    assert caught.value.extra == {"instance_version": 2, "group_version": None}


@pytest.mark.parametrize("role", ["stranger", "member", "must_reagree"])
@pytest.mark.parametrize("page", ["edit", "requests", "invites"])
def test_facilitator_pages_are_404_to_non_members_and_403_to_members(world, web_as, role, page):
    group = world["groups"]["listed"]

    response = web_as(world["users"][role]).get(f"/groups/{group.slug}/{page}/")

    assert response.status_code == (404 if role == "stranger" else 403)


@pytest.mark.parametrize("role", ["group_facilitator", "site_admin"])
@pytest.mark.parametrize("page", ["edit", "requests", "invites"])
def test_facilitator_pages_open_to_group_facilitators_and_site_admins(world, web_as, role, page):
    group = world["groups"]["unlisted"]

    response = web_as(world["users"][role]).get(f"/groups/{group.slug}/{page}/")

    assert response.status_code == 200
