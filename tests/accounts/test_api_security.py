from __future__ import annotations

from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from peerhaven.accounts.models import Profile, User
from peerhaven.core.api import WriteRateThrottle

ME = "/api/v1/me/"


def test_session_write_without_csrf_token_is_refused(alice):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.patch(ME, {"display_name": "Changed"}, format="json")

    assert response.status_code == 403
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert "CSRF" in body["message"]
    assert User.objects.get(pk=alice.pk).display_name == "Alice"


def test_session_write_with_csrf_token_is_accepted(alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    browser.get("/accounts/settings/")
    csrf = browser.cookies["csrftoken"].value

    response = browser.patch(
        ME, {"display_name": "Changed"}, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )

    assert response.status_code == 200
    assert User.objects.get(pk=alice.pk).display_name == "Changed"


def test_token_write_needs_no_csrf_token(alice):
    token = Token.objects.create(user=alice)
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = client.patch(ME, {"display_name": "Changed"}, format="json")

    assert response.status_code == 200


def test_unknown_token_is_refused_with_the_error_shape(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)

    response = client.get(ME)

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "authentication_failed"
    assert set(response.json()) == {"message", "code", "extra"}


def test_session_waiting_for_two_factor_cannot_use_the_api(alice):
    TOTPDevice.objects.create(user=alice, name="Phone", confirmed=True)
    client = APIClient()
    client.force_login(alice)

    response = client.get(ME)

    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


def test_too_many_writes_are_throttled_in_the_error_shape(alice, monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "rate", "2/min", raising=False)
    client = APIClient()
    client.force_login(alice)
    for zone in ["Asia/Tokyo", "Asia/Seoul"]:
        assert (
            client.patch("/api/v1/me/profile/", {"time_zone": zone}, format="json").status_code
            == 200
        )

    response = client.patch("/api/v1/me/profile/", {"time_zone": "Asia/Dubai"}, format="json")

    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert set(response.json()) == {"message", "code", "extra"}
    assert Profile.objects.get(user=alice).time_zone == "Asia/Seoul"
    # Reads are never throttled.
    assert client.get("/api/v1/me/profile/").status_code == 200


def test_schema_lists_the_account_api_for_a_signed_in_member(alice):
    client = APIClient()
    client.force_login(alice)

    response = client.get("/api/v1/schema/")

    assert response.status_code == 200
    schema = response.content.decode()
    for path in ["/api/v1/me/:", "/api/v1/me/profile/:", "/api/v1/me/delete/:", "/api/v1/topics/:"]:
        assert path in schema


def test_docs_page_loads_for_a_signed_in_member(alice):
    client = Client()
    client.force_login(alice)

    assert client.get("/api/v1/docs/").status_code == 200
