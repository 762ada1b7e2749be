"""Memberships, requests to join and agreements are exported and erased with the account."""

from __future__ import annotations

import pytest

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.services import account_delete
from peerhaven.groups import services
from peerhaven.groups.models import Agreement, Group, JoinRequest, Membership
from tests.groups.helpers import join_now, make_group


@pytest.fixture
def groups(db, facilitator):
    return (
        make_group(name="Evening Circle", facilitator=facilitator),
        make_group(
            name="Asking Circle",
            facilitator=facilitator,
            join_policy=Group.JoinPolicy.REQUEST,
            join_questions=["Why?"],
        ),
    )


def test_export_includes_groups_requests_and_agreements(groups, alice, bob):
    circle, asking = groups
    services.group_join(user=alice, group=circle, instance_version=1, group_version=None)
    services.join_request_create(
        user=alice, group=asking, answers=["Because"], instance_version=1, group_version=None
    )
    join_now(bob, circle)

    data = account_selectors.account_export(user=alice)

    assert [m["group"] for m in data["memberships"]] == ["evening-circle"]
    assert data["join_requests"][0]["answers"] == [{"question": "Why?", "answer": "Because"}]
    assert [(a["group"], a["instance_version"], a["via"]) for a in data["agreements"]] == [
        ("evening-circle", 1, "web"),
        ("asking-circle", 1, "web"),
    ]


def test_export_download_has_the_agreements(groups, alice, web_as):
    services.group_join(user=alice, group=groups[0], instance_version=1, group_version=None)

    response = web_as(alice).post("/accounts/export/")

    assert response.status_code == 200
    assert b'"agreements"' in response.content
    assert b'"evening-circle"' in response.content


def test_deleting_the_account_erases_memberships_requests_and_agreements(
    groups, alice, bob, password
):
    circle, asking = groups
    services.group_join(user=alice, group=circle, instance_version=1, group_version=None)
    services.join_request_create(
        user=alice, group=asking, answers=["Because"], instance_version=1, group_version=None
    )
    join_now(bob, circle)

    account_delete(user=alice, password=password)

    assert not Membership.objects.filter(user_id=alice.pk).exists()
    assert not JoinRequest.objects.filter(user_id=alice.pk).exists()
    assert not Agreement.objects.filter(user_id=alice.pk).exists()
    assert Agreement.objects.filter(user=bob).count() == 1
    assert circle.memberships.count() == 2  # the facilitator and bob
