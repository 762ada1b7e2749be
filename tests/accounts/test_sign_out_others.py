"""Signing out everywhere else: every other session of the account ends, at once for open
sockets too; the browser that asked stays signed in; the API token is not a session."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.accounts.models import User
from tests.accounts.helpers import signed_in, still_signed_in

URL = "/accounts/sign-out-others/"
API = "/api/v1/me/sign-out-others/"


def test_every_other_browser_is_signed_out_and_this_one_stays(alice, bob):
    here, phone, laptop = signed_in(alice), signed_in(alice), signed_in(alice)
    someone_else = signed_in(bob)

    response = here.post(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/"
    assert "signed out everywhere else" in here.get("/accounts/settings/").content.decode()
    assert not still_signed_in(phone)
    assert not still_signed_in(laptop)
    assert still_signed_in(someone_else)


def test_signing_in_again_afterwards_works(alice, password):
    signed_in(alice).post(URL)

    again = Client()
    response = again.post("/accounts/sign-in/", {"username": alice.email, "password": password})

    assert response.status_code == 302
    assert still_signed_in(again)


def test_opening_the_address_only_goes_to_the_settings_page(alice):
    elsewhere = signed_in(alice)

    response = signed_in(alice).get(URL)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/"
    assert still_signed_in(elsewhere)


def test_the_settings_page_offers_it_with_a_confirmation(alice):
    body = signed_in(alice).get("/accounts/settings/").content.decode()

    assert f'action="{URL}"' in body
    assert "data-confirm=" in body
    assert "alice@example.org" in body  # the owner sees the address they sign in with


def test_a_visitor_cannot_use_it(client, db):
    response = client.post(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_the_api_keeps_a_calling_session_and_revokes_the_token(alice):
    token = Token.objects.create(user=alice)
    here = APIClient()
    here.force_login(alice)
    elsewhere = signed_in(alice)

    response = here.post(API)

    assert response.status_code == 204
    assert here.get("/api/v1/me/").status_code == 200
    assert not still_signed_in(elsewhere)
    by_token = APIClient()
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert by_token.get("/api/v1/me/").status_code in (401, 403)


def test_called_with_the_token_it_ends_every_session_and_that_token_too(alice):
    token = Token.objects.create(user=alice)
    browser = signed_in(alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    assert client.post(API).status_code == 204
    assert not still_signed_in(browser)
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_the_api_needs_a_signed_in_caller(db):
    assert APIClient().post(API).status_code == 403


def test_sessions_from_before_the_feature_keep_djangos_hash(alice):
    # Accounts that never signed out elsewhere were not signed out by the upgrade.
    account = User.objects.get(pk=alice.pk)
    assert account.sessions_epoch == 0
    assert account.get_session_auth_hash() == AbstractBaseUser.get_session_auth_hash(account)
