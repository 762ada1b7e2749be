from __future__ import annotations

import pytest
from axes.models import AccessLog
from django.test import Client
from rest_framework.authtoken.models import Token

from peerhaven.accounts.models import Profile, User
from tests.factories import UserFactory


@pytest.fixture
def console(db) -> Client:
    """The organization's console, used by a staff account (without a two-factor role)."""
    staff = UserFactory(display_name="Console", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    return client


def test_console_finds_accounts_by_display_name_or_email(console, alice, bob):
    by_name = console.get("/admin/accounts/user/", {"q": "alic"}).content.decode()
    by_email = console.get("/admin/accounts/user/", {"q": "bob@example"}).content.decode()

    assert "alice@example.org" in by_name and "bob@example.org" not in by_name
    assert "bob@example.org" in by_email and "alice@example.org" not in by_email


def test_console_pages_for_topics_and_profiles_load(console, alice):
    assert console.get("/admin/accounts/topic/").status_code == 200
    assert console.get("/admin/accounts/profile/").status_code == 200
    assert console.get(f"/admin/accounts/user/{alice.pk}/change/").status_code == 200


def test_member_cannot_open_the_console(alice_client):
    response = alice_client.get("/admin/accounts/user/")

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_deleting_an_account_in_the_console_erases_it_fully(console, charlie, alice):
    Token.objects.create(user=charlie)
    AccessLog.objects.create(username=charlie.email, ip_address="192.0.2.9", user_agent="x")
    charlie_id = charlie.pk

    response = console.post(f"/admin/accounts/user/{charlie_id}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=charlie_id).exists()
    assert not Profile.objects.filter(user_id=charlie_id).exists()
    assert not Token.objects.filter(user_id=charlie_id).exists()
    assert not AccessLog.objects.filter(username=charlie.email).exists()
    assert User.objects.filter(pk=alice.pk).exists()
