from __future__ import annotations

import json
import re

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from peerhaven.accounts.models import Topic
from peerhaven.core import personal_data

URL = "/accounts/export/"


def download(client):
    response = client.post(URL)
    assert response.status_code == 200
    return response, json.loads(response.content)


def test_anonymous_visitor_gets_no_export(client, db):
    response = client.post(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_export_page_explains_what_the_file_holds(alice_client):
    response = alice_client.get(URL)

    assert response.status_code == 200
    assert "one JSON file" in response.content.decode()


def test_export_is_one_json_attachment_named_by_date(alice_client):
    response, _data = download(alice_client)

    assert response["Content-Type"].startswith("application/json")
    assert re.fullmatch(
        r'attachment; filename="peerhaven-export-\d{4}-\d{2}-\d{2}\.json"',
        response["Content-Disposition"],
    )
    assert "no-store" in response["Cache-Control"]


def test_get_with_download_returns_the_same_file(alice_client):
    response = alice_client.get(URL, {"download": "1"})

    assert response["Content-Disposition"].startswith("attachment;")
    assert json.loads(response.content)["account"]["display_name"] == "Alice"


def test_export_has_every_registered_section(alice_client):
    _response, data = download(alice_client)

    assert set(data) == {section.name for section in personal_data.sections()}
    assert {"account", "profile"} <= set(data)


def test_section_registered_by_another_app_is_included(alice_client, monkeypatch):
    extra = personal_data.Section(name="journal", export=lambda user: {"entries": 3})
    monkeypatch.setitem(personal_data._sections, "journal", extra)

    _response, data = download(alice_client)

    assert data["journal"] == {"entries": 3}


def test_export_holds_the_profile(alice_client, alice):
    alice.profile.topics.set(Topic.objects.filter(slug__in=["grief", "anxiety"]))
    alice.profile.content_filters.set(Topic.objects.filter(slug="abuse"))
    alice.profile.country = "IE"
    alice.profile.save()

    _response, data = download(alice_client)

    assert data["account"]["email"] == "alice@example.org"
    assert data["profile"]["topics"] == ["anxiety", "grief"]
    assert data["profile"]["content_filters"] == ["abuse"]
    assert data["profile"]["country"] == "IE"
    assert data["profile"]["languages"] == ["en"]
    assert data["profile"]["time_zone"] == "Europe/London"


def test_export_never_contains_secrets_or_other_people(alice_client, alice, bob):
    totp = TOTPDevice.objects.create(user=alice, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=alice, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token="k7x2m9q4")
    token = Token.objects.create(user=alice)
    client = alice_client
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = totp.persistent_id
    session.save()

    response, data = download(client)

    body = response.content.decode()
    for secret in [alice.password, totp.key, "k7x2m9q4", token.key, "bob@example.org"]:
        assert secret not in body
    assert "password" not in json.dumps(data["account"])
    assert data["account"]["api_token"]["exists"] is True
    devices = {d["name"]: d for d in data["account"]["two_factor_devices"]}
    assert devices["Phone"] == {"kind": "authenticator_app", "name": "Phone", "confirmed": True}
    assert devices["Backup codes"]["kind"] == "backup_codes"


def test_export_of_a_member_without_extras_says_so(alice_client):
    _response, data = download(alice_client)

    assert data["account"]["api_token"] == {"exists": False, "created": None}
    assert data["account"]["two_factor_devices"] == []
