from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.accounts.models import Profile, User

URL = "/api/v1/me/delete/"


def token_client(user) -> tuple[APIClient, Token]:
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client, token


def sessions_of(user_id: int) -> int:
    return sum(str(s.get_decoded().get(SESSION_KEY)) == str(user_id) for s in Session.objects.all())


def test_delete_with_password_erases_the_account(alice, bob, password):
    client, _token = token_client(alice)
    browser = APIClient()
    browser.force_login(alice)
    alice_id = alice.pk

    response = client.post(URL, {"password": password}, format="json")

    assert response.status_code == 204
    assert not User.objects.filter(pk=alice_id).exists()
    assert not Profile.objects.filter(user_id=alice_id).exists()
    assert not Token.objects.filter(user_id=alice_id).exists()
    assert sessions_of(alice_id) == 0
    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert User.objects.filter(pk=bob.pk).exists()


def test_wrong_password_deletes_nothing(alice):
    client, token = token_client(alice)

    response = client.post(URL, {"password": "wrong"}, format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "wrong_password"
    assert "password" in body["extra"]["fields"]
    assert User.objects.filter(pk=alice.pk).exists()
    assert Token.objects.filter(key=token.key).exists()


def test_missing_or_mistyped_password_deletes_nothing(alice):
    client, _token = token_client(alice)

    for payload in [{}, {"password": 1234567890}, {"password": None}, {"password": "x" * 5000}]:
        response = client.post(URL, payload, format="json")

        assert response.status_code == 400, payload
        assert "password" in response.json()["extra"]["fields"], payload
    assert User.objects.filter(pk=alice.pk).exists()


def test_anonymous_caller_cannot_delete_anything(alice, password):
    response = APIClient().post(URL, {"password": password}, format="json")

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert User.objects.filter(pk=alice.pk).exists()
