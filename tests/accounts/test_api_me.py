from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.accounts import api_urls
from peerhaven.accounts.models import Role, User

URL = "/api/v1/me/"


@pytest.fixture
def alice_api(alice) -> APIClient:
    client = APIClient()
    client.force_login(alice)
    return client


def test_me_is_the_caller_with_their_own_email(alice_api, bob):
    response = alice_api.get(URL)

    assert response.status_code == 200
    assert response.json() == {
        "display_name": "Alice",
        "role": "member",
        "email": "alice@example.org",
        "date_joined": response.json()["date_joined"],
    }


def test_me_with_another_persons_token_is_that_person_only(alice, bob):
    token = Token.objects.create(user=bob)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    body = client.get(URL).json()

    assert body["display_name"] == "Bob"
    assert "alice" not in str(body).lower()


def test_account_urls_carry_no_ids_so_other_accounts_are_unreachable(alice_api, bob):
    for pattern in api_urls.urlpatterns:
        assert "<" not in str(pattern.pattern)
    assert alice_api.get(f"/api/v1/users/{bob.pk}/").status_code == 404
    assert alice_api.get(f"/api/v1/me/{bob.pk}/").status_code == 404


def test_member_changes_display_name(alice_api, alice):
    response = alice_api.patch(URL, {"display_name": "Quiet River"}, format="json")

    assert response.status_code == 200
    assert response.json()["display_name"] == "Quiet River"
    assert User.objects.get(pk=alice.pk).display_name == "Quiet River"


def test_role_and_email_are_read_only(alice_api, alice):
    response = alice_api.patch(URL, {"role": "admin", "email": "x@example.org"}, format="json")

    assert response.status_code == 200
    alice.refresh_from_db()
    assert alice.role == Role.MEMBER
    assert alice.email == "alice@example.org"


@pytest.mark.parametrize(
    "payload",
    [
        {"display_name": "x" * 41},
        {"display_name": 12345},
        {"display_name": None},
        {"display_name": ["Alice"]},
        {"display_name": "<b>hi</b>"},
        {"display_name": "bob"},
    ],
)
def test_bad_display_name_is_refused_with_field_error_and_nothing_changes(
    alice_api, alice, bob, payload
):
    response = alice_api.patch(URL, payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["code"] == "invalid"
    assert "display_name" in body["extra"]["fields"]
    assert User.objects.get(pk=alice.pk).display_name == "Alice"
