from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from peerhaven.accounts.models import Profile, Topic

URL = "/api/v1/me/profile/"


@pytest.fixture
def alice_api(alice) -> APIClient:
    client = APIClient()
    client.force_login(alice)
    return client


def profile_state(user) -> dict:
    profile = Profile.objects.get(user=user)
    return {
        "topics": sorted(profile.topics.values_list("slug", flat=True)),
        "languages": profile.languages,
        "time_zone": profile.time_zone,
        "coarse_location": profile.coarse_location,
        "country": profile.country,
        "support_preference": profile.support_preference,
        "content_filters": sorted(profile.content_filters.values_list("slug", flat=True)),
        "who_may_message": profile.who_may_message,
    }


def test_anonymous_caller_gets_the_error_shape(db):
    response = APIClient().get(URL)

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
    assert set(response.json()) == {"message", "code", "extra"}


def test_profile_is_the_callers_own(alice_api, alice, bob):
    bob.profile.topics.set(Topic.objects.filter(slug="trauma"))
    alice.profile.topics.set(Topic.objects.filter(slug="grief"))

    body = alice_api.get(URL).json()

    assert body["topics"] == ["grief"]
    assert body["time_zone"] == "Europe/London"
    assert "user" not in body and "email" not in body


def test_patch_changes_only_the_fields_sent(alice_api, alice):
    response = alice_api.patch(
        URL,
        {
            "topics": ["anxiety", "grief"],
            "languages": ["es", "pt"],
            "time_zone": "America/Mexico_City",
            "country": "MX",
            "content_filters": ["self-harm"],
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["topics"] == ["anxiety", "grief"]
    assert profile_state(alice) == {
        "topics": ["anxiety", "grief"],
        "languages": ["es", "pt"],
        "time_zone": "America/Mexico_City",
        "coarse_location": "",
        "country": "MX",
        "support_preference": "just_listen",
        "content_filters": ["self-harm"],
        "who_may_message": "group_members",
    }


@pytest.mark.parametrize(
    "payload",
    [
        {"languages": "en"},
        {"languages": ["xx"]},
        {"languages": ["en", "de", "fr", "es", "it", "nl", "pl", "pt", "sv", "fi", "da"]},
        {"languages": [1, 2]},
        {"time_zone": "Mars/Olympus_Mons"},
        {"time_zone": "localtime"},
        {"time_zone": 5},
        {"time_zone": "x" * 65},
        {"coarse_location": "x" * 101},
        {"coarse_location": 12},
        {"country": "ZZ"},
        {"country": 49},
        {"topics": "anxiety"},
        {"topics": ["not-a-topic"]},
        {"content_filters": [{"slug": "grief"}]},
        {"support_preference": "tough_love"},
        {"who_may_message": None},
        {"time_zone": "Europe/Paris", "languages": ["xx"]},
    ],
)
def test_bad_values_are_refused_and_nothing_changes(alice_api, alice, payload):
    before = profile_state(alice)

    response = alice_api.patch(URL, payload, format="json")

    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert set(body["extra"]["fields"]) <= set(payload)
    assert body["extra"]["fields"]
    assert profile_state(alice) == before


def test_deactivated_topic_is_refused(alice_api, alice):
    Topic.objects.filter(slug="grief").update(is_active=False)

    response = alice_api.patch(URL, {"topics": ["grief"]}, format="json")

    assert response.status_code == 400
    assert profile_state(alice)["topics"] == []


def test_body_that_is_not_json_is_refused(alice_api, alice):
    response = alice_api.generic("PATCH", URL, "time_zone=Asia/Tokyo", "text/plain")

    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert profile_state(alice)["time_zone"] == "Europe/London"


def test_account_without_a_profile_gets_the_defaults(alice_api, alice):
    Profile.objects.filter(user=alice).delete()

    body = alice_api.get(URL).json()

    assert body["time_zone"] == "UTC"
    assert body["topics"] == []
