import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

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


def test_a_body_over_the_limit_is_refused_with_400_and_nothing_is_stored(verified_admin_client):
    before = CrisisLine.objects.count()
    oversized = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = verified_admin_client.post(
        "/admin/resources/crisisline/add/", crisis_line_form(description=oversized)
    )
    assert response.status_code == 400
    assert CrisisLine.objects.count() == before


def test_an_oversized_urlencoded_body_is_refused_before_any_view_runs(client):
    body = "q=" + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        "/accounts/sign-in/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
