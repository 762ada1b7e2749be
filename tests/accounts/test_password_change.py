"""A signed-in member changes their password: knowing the current one, on the settings
pages and through the API. Other sessions end, this one stays, and the account's address
hears of it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.accounts.models import User
from tests.accounts.helpers import signed_in, still_signed_in

URL = "/accounts/password/"
API = "/api/v1/me/password/"
NEW = "a brand new passphrase 7"


def test_a_member_changes_their_password_and_only_this_browser_stays_signed_in(
    alice, password, django_capture_on_commit_callbacks
):
    here, elsewhere = signed_in(alice), signed_in(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = here.post(
            URL, {"current_password": password, "new_password1": NEW, "new_password2": NEW}
        )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/settings/"
    account = User.objects.get(pk=alice.pk)
    assert account.check_password(NEW)
    assert not account.check_password(password)
    page = here.get("/accounts/settings/")
    assert page.status_code == 200
    assert "Your password is changed." in page.content.decode()
    assert not still_signed_in(elsewhere)
    [note] = mail.outbox
    assert note.to == [alice.email]
    assert "password" in note.subject
    assert "/accounts/password-reset/" in note.body


def test_a_wrong_current_password_changes_nothing(alice, password):
    here, elsewhere = signed_in(alice), signed_in(alice)

    response = here.post(
        URL, {"current_password": "not it", "new_password1": NEW, "new_password2": NEW}
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_current_password_error"' in body
    assert "not your current password" in body
    assert User.objects.get(pk=alice.pk).check_password(password)
    assert still_signed_in(elsewhere)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("new1", "new2", "field"),
    [
        (NEW, NEW + "x", "new_password2"),  # the two differ
        ("password", "password", "new_password2"),  # too common, too short
        ("", "", "new_password1"),
    ],
)
def test_a_new_password_the_rules_refuse_changes_nothing(alice, password, new1, new2, field):
    response = signed_in(alice).post(
        URL, {"current_password": password, "new_password1": new1, "new_password2": new2}
    )

    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.get(pk=alice.pk).check_password(password)


def test_the_page_asks_for_the_current_password_and_says_what_happens(alice):
    body = signed_in(alice).get(URL).content.decode()

    assert 'autocomplete="current-password"' in body
    assert body.count('autocomplete="new-password"') == 2
    assert "signs you out everywhere else" in body


def test_a_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_guesses_at_the_current_password_are_limited_on_the_page_and_the_api_together(
    alice, password, settings
):
    settings.RATE_PASSWORD_CHECK = "3/h"
    web = signed_in(alice)
    api = APIClient()
    api.force_authenticate(alice)
    wrong = {"current_password": "guess", "new_password1": NEW, "new_password2": NEW}
    assert web.post(URL, wrong).status_code == 200
    assert (
        api.post(API, {"current_password": "guess", "new_password": NEW}, format="json").status_code
        == 400
    )
    assert web.post(URL, wrong).status_code == 200

    right = {"current_password": password, "new_password1": NEW, "new_password2": NEW}
    response = web.post(URL, right)
    over_api = api.post(API, {"current_password": password, "new_password": NEW}, format="json")

    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert over_api.status_code == 429
    assert over_api.json()["code"] == "rate_limited"
    assert User.objects.get(pk=alice.pk).check_password(password)


def test_the_api_changes_the_password_and_keeps_the_calling_session(
    alice, password, django_capture_on_commit_callbacks
):
    here = APIClient()
    here.force_login(alice)
    elsewhere = signed_in(alice)

    with django_capture_on_commit_callbacks(execute=True):
        response = here.post(
            API, {"current_password": password, "new_password": NEW}, format="json"
        )

    assert response.status_code == 204
    assert User.objects.get(pk=alice.pk).check_password(NEW)
    assert here.get("/api/v1/me/").status_code == 200
    assert not still_signed_in(elsewhere)
    assert [m.to for m in mail.outbox] == [[alice.email]]


def test_a_change_revokes_the_api_token_anyone_with_the_old_password_could_have_made(
    alice, password
):
    token = Token.objects.create(user=alice)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.post(API, {"current_password": password, "new_password": NEW}, format="json")

    assert response.status_code == 204
    assert not Token.objects.filter(user=alice).exists()
    assert client.get("/api/v1/me/").status_code in (401, 403)


def test_the_browser_that_changed_it_gets_a_new_session_key(alice, password):
    here = signed_in(alice)
    old_key = here.cookies[settings.SESSION_COOKIE_NAME].value
    copy = Client()
    copy.cookies[settings.SESSION_COOKIE_NAME] = old_key  # a copy of this browser's cookie

    here.post(URL, {"current_password": password, "new_password1": NEW, "new_password2": NEW})

    assert here.cookies[settings.SESSION_COOKIE_NAME].value != old_key
    assert still_signed_in(here)
    assert not still_signed_in(copy)


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({"current_password": "wrong", "new_password": NEW}, "current_password", "wrong_password"),
        ({"current_password": "PASSWORD", "new_password": "password"}, "new_password", "invalid"),
        ({"current_password": "PASSWORD"}, "new_password", "invalid"),
        ({"current_password": 12345678, "new_password": NEW}, "current_password", "invalid"),
        ({"current_password": "PASSWORD", "new_password": "x" * 5000}, "new_password", "invalid"),
    ],
)
def test_the_api_refuses_bad_input_clearly_and_changes_nothing(alice, password, body, field, code):
    body = {k: (password if v == "PASSWORD" else v) for k, v in body.items()}
    client = APIClient()
    client.force_authenticate(alice)

    response = client.post(API, body, format="json")

    assert response.status_code == 400
    answer = response.json()
    assert answer["code"] == code
    assert field in answer["extra"]["fields"]
    assert User.objects.get(pk=alice.pk).check_password(password)
    assert mail.outbox == []


def test_the_api_needs_a_signed_in_caller(db):
    response = APIClient().post(API, {"current_password": "a", "new_password": NEW}, format="json")

    assert response.status_code == 403


def test_a_session_signed_in_before_the_change_cannot_use_the_api_after_it(alice, password):
    here, elsewhere = APIClient(), APIClient()
    here.force_login(alice)
    elsewhere.force_login(alice)
    assert (
        here.post(
            API, {"current_password": password, "new_password": NEW}, format="json"
        ).status_code
        == 204
    )

    assert elsewhere.get("/api/v1/me/").status_code == 403
    assert settings.SESSION_COOKIE_NAME in here.cookies
