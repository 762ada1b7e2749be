from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD

URL = "/accounts/api-token/"


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    assert client.get(URL).status_code == 302
    assert client.post(URL, {"action": "create", "password": PASSWORD}).status_code == 302
    assert Token.objects.count() == 0


def test_created_token_is_shown_once_and_works(alice_client, alice):
    response = alice_client.post(URL, {"action": "create", "password": PASSWORD})

    token = Token.objects.get(user=alice)
    assert token.key in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert token.key not in alice_client.get(URL).content.decode()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/me/").json()["display_name"] == "Alice"


def test_creating_again_replaces_the_old_token(alice_client, alice):
    alice_client.post(URL, {"action": "create", "password": PASSWORD})
    old_key = Token.objects.get(user=alice).key

    alice_client.post(URL, {"action": "create", "password": PASSWORD})

    assert Token.objects.filter(user=alice).count() == 1
    assert Token.objects.get(user=alice).key != old_key


def test_revoked_token_stops_working(alice_client, alice, bob):
    Token.objects.create(user=bob)
    alice_client.post(URL, {"action": "create", "password": PASSWORD})
    key = Token.objects.get(user=alice).key

    response = alice_client.post(URL, {"action": "revoke"})

    assert response.status_code == 302
    assert not Token.objects.filter(user=alice).exists()
    assert Token.objects.filter(user=bob).exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/me/").status_code in (401, 403)


def test_making_a_token_needs_the_password(alice_client, alice):
    response = alice_client.post(URL, {"action": "create", "password": "not it"})

    assert response.status_code == 200
    assert "That password is not right, so no token was made." in response.content.decode()
    assert not Token.objects.filter(user=alice).exists()
    missing = alice_client.post(URL, {"action": "create"})
    assert "no token was made" in missing.content.decode()
    assert not Token.objects.filter(user=alice).exists()


def test_guesses_at_the_password_for_a_token_are_limited(alice_client, alice, settings):
    settings.RATE_PASSWORD_CHECK = "2/h"
    for _ in range(2):
        alice_client.post(URL, {"action": "create", "password": "guess"})

    response = alice_client.post(URL, {"action": "create", "password": PASSWORD})

    assert response.status_code == 429
    assert not Token.objects.filter(user=alice).exists()
