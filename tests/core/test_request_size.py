import json

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.accounts.models import Profile, User
from peerhaven.accounts.sign_up import link_token
from peerhaven.resources.models import CrisisLine

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified_admin_client(client, org_admin):
    """An organization admin past the two-factor step, as after a real sign-in."""
    org_admin.is_superuser = True
    org_admin.save(update_fields=["is_superuser"])
    device = TOTPDevice.objects.create(user=org_admin, name="phone", confirmed=True)
    client.force_login(org_admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def crisis_line_form(**extra) -> dict[str, str]:
    return {
        "name": "Test line",
        "slug": "xx-test-line",
        "country": "GB",
        "kind": "crisis",
        "phone": "0800 000 000",
        "hours": "24/7",
        "source_url": "https://example.org/",
        "last_verified": "2026-11-25",
        "is_active": "on",
        **extra,
    }


def test_a_normal_sized_form_is_stored(verified_admin_client):
    response = verified_admin_client.post("/admin/resources/crisisline/add/", crisis_line_form())
    assert response.status_code == 302
    assert CrisisLine.objects.filter(slug="xx-test-line").exists()


def test_a_body_over_the_limit_is_refused_with_413_and_nothing_is_stored(verified_admin_client):
    before = CrisisLine.objects.count()
    oversized = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = verified_admin_client.post(
        "/admin/resources/crisisline/add/", crisis_line_form(description=oversized)
    )
    assert response.status_code == 413
    assert CrisisLine.objects.count() == before


def test_an_oversized_urlencoded_body_is_refused_before_any_view_runs(client):
    body = "q=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        "/accounts/sign-in/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413


def _oversized_json(**fields: str) -> str:
    return json.dumps(
        {name: value * settings.DATA_UPLOAD_MAX_MEMORY_SIZE for name, value in fields.items()}
    )


def test_an_oversized_profile_change_gets_the_api_error_shape_and_changes_nothing(
    api_as, alice, charlie
):
    before = Profile.objects.get(user=alice).coarse_location

    response = api_as(alice).patch(
        "/api/v1/me/profile/", _oversized_json(coarse_location="x"), content_type="application/json"
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["code"] == "too_large"
    assert "too large" in body["message"]
    assert body["extra"] == {"max_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    assert Profile.objects.get(user=alice).coarse_location == before
    # Someone else's profile is untouched too, and a visitor is refused before the body.
    assert Profile.objects.get(user=charlie).coarse_location == ""
    visitor = api_as(None).patch(
        "/api/v1/me/profile/", _oversized_json(coarse_location="x"), content_type="application/json"
    )
    assert visitor.status_code == 403
    assert set(visitor.json()) == {"message", "code", "extra"}


def test_an_oversized_account_deletion_gets_the_api_error_shape_and_deletes_nothing(api_as, alice):
    response = api_as(alice).post(
        "/api/v1/me/delete/", _oversized_json(password="y"), content_type="application/json"
    )

    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert User.objects.filter(pk=alice.pk).exists()


def test_an_oversized_sign_up_gets_a_page_with_the_help_link_and_creates_nobody(client):
    before = User.objects.count()
    big = "p" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = client.post(
        reverse("sign-up-finish", args=[link_token("big@example.org")]),
        {"display_name": "Big", "password1": big, "password2": big},
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert "That was too much to send at once" in html
    assert html.count("<h1") == 1
    assert 'href="/help/"' in html and "Need help now?" in html
    assert User.objects.count() == before
