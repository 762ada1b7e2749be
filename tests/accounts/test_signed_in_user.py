"""The sign-in backend loads the signed-in person with the facts every page needs, in one
query: whether they have an authenticator, whether they facilitate a group, and how many
notices they have not read."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.backends import AccountBackend
from peerhaven.moderation import services as moderation_services
from tests.conversations.helpers import group_with

pytestmark = pytest.mark.django_db


def test_a_new_member_has_no_authenticator_no_group_and_nothing_unread(
    alice, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = AccountBackend().get_user(alice.pk)

    assert user == alice
    assert user.display_name == "Alice"
    assert not user.has_confirmed_device
    assert not user.facilitates_a_group
    assert not user.unread_notices


def test_the_facts_follow_what_the_member_has_done(alice, bob):
    TOTPDevice.objects.create(user=alice, name="phone", confirmed=True)
    group_with(facilitator=alice, members=[bob])
    for n in range(2):
        moderation_services.notice_send(user=alice, kind="meeting", title=f"T{n}", body="B")

    user = AccountBackend().get_user(str(alice.pk))  # sessions keep the id as text

    assert user.has_confirmed_device
    assert user.facilitates_a_group
    assert user.unread_notices == 2
    # Another person's facts are their own.
    other = AccountBackend().get_user(bob.pk)
    assert not other.has_confirmed_device
    assert not other.facilitates_a_group
    assert not other.unread_notices


def test_an_unconfirmed_authenticator_does_not_count(alice):
    TOTPDevice.objects.create(user=alice, name="phone", confirmed=False)

    assert not AccountBackend().get_user(alice.pk).has_confirmed_device


@pytest.mark.parametrize("user_id", [987654321, "not-a-number", None, ""])
def test_an_unknown_or_malformed_id_gives_no_user(alice, user_id):
    assert AccountBackend().get_user(user_id) is None


def test_a_deactivated_account_gives_no_user(alice):
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert AccountBackend().get_user(alice.pk) is None
