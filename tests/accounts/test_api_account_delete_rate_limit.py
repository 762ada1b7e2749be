"""Password guesses on account deletion are limited per account, through the API as on the
deletion page, and both count together."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.accounts.models import User
from peerhaven.accounts.views import RATE_ACCOUNT_DELETE

URL = "/api/v1/me/delete/"
ALLOWED = int(RATE_ACCOUNT_DELETE.split("/")[0])


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_guesses_beyond_the_limit_are_refused_even_with_the_right_password(alice, password):
    client = token_client(alice)
    for attempt in range(ALLOWED):
        wrong = client.post(URL, {"password": f"guess {attempt}"}, format="json")
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "wrong_password"

    response = client.post(URL, {"password": password}, format="json")

    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["code"] == "rate_limited"
    assert User.objects.filter(pk=alice.pk).exists()


def test_the_limit_is_per_account_so_others_can_still_delete(alice, bob, password):
    alice_api = token_client(alice)
    for attempt in range(ALLOWED + 1):
        alice_api.post(URL, {"password": f"guess {attempt}"}, format="json")

    response = token_client(bob).post(URL, {"password": password}, format="json")

    assert response.status_code == 204
    assert not User.objects.filter(pk=bob.pk).exists()
    assert User.objects.filter(pk=alice.pk).exists()


def test_guesses_on_the_page_and_the_api_share_one_limit(alice, alice_client, password):
    for attempt in range(ALLOWED):
        alice_client.post("/accounts/delete/", {"password": f"guess {attempt}", "confirm": "on"})

    response = token_client(alice).post(URL, {"password": password}, format="json")

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert User.objects.filter(pk=alice.pk).exists()


def test_session_caller_is_limited_too(alice, password):
    client = APIClient()
    client.force_login(alice)
    for attempt in range(ALLOWED):
        client.post(URL, {"password": f"guess {attempt}"}, format="json")

    response = client.post(URL, {"password": password}, format="json")

    assert response.status_code == 429
    assert User.objects.filter(pk=alice.pk).exists()
