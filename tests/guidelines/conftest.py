from __future__ import annotations

from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from peerhaven.accounts.policies import requires_two_factor
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines import selectors
from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion


def signed_in(user) -> Client:
    """A browser session past every sign-in step (two-factor too, for roles needing it)."""
    client = Client()
    client.force_login(user)
    if requires_two_factor(user):
        device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def api_as(user) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def run_worker() -> None:
    """Run every queued task with the real worker, then return.

    The worker closes "old" connections between tasks, as a long-running process should.
    Inside a test's transaction that would close the test's own PostgreSQL connection, so
    only that call is switched off here.
    """
    with patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def make_group(name: str, *, listed: bool = True, facilitators=(), members=()) -> Group:
    rules = RuleSet.objects.create(scope=RuleSet.Scope.GROUP, name=f"Rules of {name}")
    version = rules.versions.create(
        number=1,
        status=RuleSetVersion.Status.PUBLISHED,
        change=RuleSetVersion.Change.INITIAL,
        note="Our first rules.",
    )
    Guideline.objects.create(
        version=version,
        key="cameras-optional",
        title="Cameras are optional",
        text="Join with your camera off if you like.",
        examples=["Listening with the camera off."],
    )
    group = Group.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        listing=Group.Listing.LISTED if listed else Group.Listing.UNLISTED,
        rules=rules,
    )
    for user in facilitators:
        Membership.objects.create(group=group, user=user, role=Membership.Role.FACILITATOR)
    for user in members:
        Membership.objects.create(group=group, user=user)
    return group


@pytest.fixture
def instance_set(db) -> RuleSet:
    return selectors.instance_rule_set()


@pytest.fixture
def admin_client(org_admin) -> Client:
    """The site admin, signed in with two-factor."""
    return signed_in(org_admin)


@pytest.fixture
def alice_group(alice, bob):
    """A listed group alice facilitates and bob belongs to."""
    return make_group("Evening Circle", facilitators=[alice], members=[bob])


@pytest.fixture
def other_listed_group(charlie):
    return make_group("Morning Walkers", facilitators=[charlie])


@pytest.fixture
def other_unlisted_group(charlie):
    return make_group("Quiet Room", listed=False, facilitators=[charlie])
