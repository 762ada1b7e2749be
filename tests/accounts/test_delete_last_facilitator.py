"""Deleting the account of a group's only facilitator is never refused (leaving would be):
the person is shown which groups will have no facilitator, and the organization's admins
learn of them afterwards (a WARNING naming the groups, and the console's group filter)."""

from __future__ import annotations

import logging

import pytest

from peerhaven.groups.models import Group, Membership
from peerhaven.groups.selectors import group_list_facilitated_alone
from tests.conversations.helpers import group_with
from tests.factories import PASSWORD
from tests.groups.helpers import join_now

pytestmark = pytest.mark.django_db

LOGGER = "peerhaven.groups.personal_data"


@pytest.fixture
def groups(facilitator, alice, bob):
    """Fran alone runs the Evening Circle; she shares the Morning Circle with Bob."""
    alone = group_with(name="Evening Circle", facilitator=facilitator, members=[alice])
    shared = group_with(name="Morning Circle", facilitator=facilitator, members=[alice])
    join_now(bob, shared, role=Membership.Role.FACILITATOR)
    return alone, shared


def warnings_from(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def test_only_the_groups_nobody_else_facilitates_are_named(groups, facilitator, alice):
    alone, _shared = groups

    assert list(group_list_facilitated_alone(user=facilitator)) == [alone]
    assert list(group_list_facilitated_alone(user=alice)) == []


def test_deleting_the_only_facilitator_succeeds_and_admins_are_told_which_groups(
    api_as, groups, facilitator, caplog, django_capture_on_commit_callbacks
):
    alone, shared = groups
    caplog.set_level(logging.WARNING, logger=LOGGER)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(facilitator).post(
            "/api/v1/me/delete/", {"password": PASSWORD}, format="json"
        )

    assert response.status_code == 204
    assert Group.objects.filter(pk=alone.pk).exists()
    assert not alone.memberships.filter(role=Membership.Role.FACILITATOR).exists()
    assert shared.memberships.filter(role=Membership.Role.FACILITATOR).count() == 1
    [record] = warnings_from(caplog)
    assert getattr(record, "group_ids", None) == [alone.pk]
    assert str(alone.pk) in record.getMessage()
    assert "fran@example.org" not in record.getMessage()


def test_a_deletion_refused_for_a_wrong_password_warns_nobody(
    api_as, groups, facilitator, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger=LOGGER)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(facilitator).post(
            "/api/v1/me/delete/", {"password": "not it"}, format="json"
        )

    assert response.status_code == 400
    assert warnings_from(caplog) == []


def test_deleting_a_member_warns_nobody(
    api_as, groups, alice, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.WARNING, logger=LOGGER)

    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(alice).post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert warnings_from(caplog) == []


def test_the_deletion_page_names_the_groups_left_without_a_facilitator(web_as, groups, facilitator):
    alone, _shared = groups

    body = web_as(facilitator).get("/accounts/delete/").content.decode()

    assert "You are the only facilitator of this group" in body
    assert f'href="/groups/{alone.slug}/members/">Evening Circle</a>' in body
    assert "Morning Circle" not in body
    assert "You can still delete your account" in body


def test_a_refused_deletion_still_names_the_groups(web_as, groups, facilitator):
    response = web_as(facilitator).post("/accounts/delete/", {"password": "not it"})

    assert response.status_code == 200
    assert "Evening Circle" in response.content.decode()


def test_the_deletion_page_of_a_member_mentions_no_group(web_as, groups, alice):
    body = web_as(alice).get("/accounts/delete/").content.decode()

    assert "only facilitator" not in body
    assert "Delete my account for good" in body
