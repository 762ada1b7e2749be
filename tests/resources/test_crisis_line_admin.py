import datetime

import pytest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from peerhaven.resources.models import CrisisLine

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/resources/crisisline/"


@pytest.fixture
def admin_client(client, org_admin):
    """An organization admin past the two-factor step, as after a real sign-in."""
    org_admin.is_superuser = True
    org_admin.save(update_fields=["is_superuser"])
    device = TOTPDevice.objects.create(user=org_admin, name="phone", confirmed=True)
    client.force_login(org_admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_the_admin_lists_lines_and_filters_those_needing_a_recheck(admin_client):
    CrisisLine.objects.update(last_verified=timezone.localdate())
    old = timezone.localdate() - datetime.timedelta(days=400)
    CrisisLine.objects.filter(slug="au-lifeline").update(last_verified=old)
    everything = admin_client.get(CHANGELIST)
    assert everything.status_code == 200
    assert "Samaritans" in everything.content.decode()
    stale = admin_client.get(CHANGELIST, {"verification": "stale"}).content.decode()
    assert "Lifeline" in stale
    assert "Samaritans" not in stale


def test_an_admin_can_correct_a_number(admin_client):
    line = CrisisLine.objects.get(slug="gb-samaritans")
    page = admin_client.get(f"{CHANGELIST}{line.pk}/change/")
    assert page.status_code == 200
    form = {
        field: getattr(line, field)
        for field in ["name", "slug", "country", "kind", "description", "phone", "hours"]
    }
    form |= {
        "languages": "English, Welsh",
        "source_url": line.source_url,
        "last_verified": "2026-11-25",
        "is_active": "on",
    }
    response = admin_client.post(f"{CHANGELIST}{line.pk}/change/", form)
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.languages == "English, Welsh"


def test_the_admin_refuses_a_country_code_that_is_not_two_capitals(admin_client):
    form = {
        "name": "Somewhere line",
        "slug": "somewhere",
        "country": "gbr",
        "kind": "crisis",
        "source_url": "https://example.org/",
        "last_verified": "2026-11-25",
    }
    response = admin_client.post(f"{CHANGELIST}add/", form)
    assert response.status_code == 200
    assert not CrisisLine.objects.filter(slug="somewhere").exists()


def test_a_member_cannot_open_the_crisis_line_admin(alice_client):
    response = alice_client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
