"""The admin console has no password form of its own: /admin/login/ hands over to the
sign-in page, so its rate limit, lockout and two-factor step cover the console too."""

from __future__ import annotations

import time
from urllib.parse import quote

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_the_admin_login_address_sends_everyone_to_the_sign_in_page(client):
    response = client.get("/admin/login/?next=/admin/resources/crisisline/")

    assert response.status_code == 302
    assert response["Location"] == SIGN_IN + "?next=" + quote("/admin/resources/crisisline/", "")


def test_the_admin_login_never_sends_visitors_off_the_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")

    assert response["Location"] == SIGN_IN + "?next=" + quote("/admin/", "")


def test_a_right_password_posted_to_the_admin_login_signs_nobody_in(client, org_admin, password):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": org_admin.email, "password": password}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    assert not is_signed_in(client)


def test_guesses_at_the_admin_login_meet_the_sign_in_rate_limit(settings, org_admin):
    settings.RATE_SIGNIN = "3/h"
    client = Client(REMOTE_ADDR="192.0.2.21")
    statuses = []
    for attempt in range(5):
        handed_over = client.post(
            "/admin/login/?next=/admin/", {"username": org_admin.email, "password": "guess"}
        )
        # The only form that checks a password is the one the console hands over to.
        form_url = handed_over["Location"]
        answer = client.post(
            form_url, {"username": org_admin.email, "password": f"guess-{attempt}"}
        )
        statuses.append(answer.status_code)

    assert statuses[-1] == 429
    assert not is_signed_in(client)


def test_staff_sign_in_for_the_console_still_needs_their_second_factor(org_admin, password):
    device = TOTPDevice.objects.create(user=org_admin, name="Phone", confirmed=True)
    client = Client()

    to_login = client.get("/admin/")
    to_sign_in = client.get(to_login["Location"])
    assert to_sign_in["Location"] == SIGN_IN + "?next=" + quote("/admin/", "")
    signed = client.post(
        to_sign_in["Location"], {"username": org_admin.email, "password": password}
    )
    assert signed["Location"].startswith("/accounts/two-factor/verify/")

    # Password alone: the console still waits for the code.
    waiting = client.get("/admin/")
    assert waiting.status_code == 302
    assert waiting["Location"].startswith("/accounts/two-factor/verify/")

    verified = client.post(signed["Location"], {"code": code_for(device)})
    assert verified["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_signed_in_staff_at_the_admin_login_go_straight_on(web_as, org_admin):
    client = web_as(org_admin)

    onward = client.get("/admin/login/?next=/admin/resources/crisisline/")
    off_site = client.get("/admin/login/?next=https://evil.example/")

    assert onward["Location"] == "/admin/resources/crisisline/"
    assert off_site["Location"] == "/admin/"


def test_a_signed_in_member_is_told_the_console_is_not_for_them(web_as, alice):
    client = web_as(alice)

    to_login = client.get("/admin/")
    assert to_login["Location"].startswith("/admin/login/")
    response = client.get(to_login["Location"])

    # An answer, not a redirect back to sign-in (which would send them round in a loop).
    assert response.status_code == 403
    html = response.content.decode()
    assert "The admin console is for organization staff" in html
    assert 'href="/help/"' in html
