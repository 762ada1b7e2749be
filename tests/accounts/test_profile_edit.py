from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerhaven.accounts.models import Profile, Topic

URL = "/accounts/profile/"


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


def valid_form(**changes) -> dict:
    data = {
        "topics": ["grief", "anxiety"],
        "languages": ["en", "de"],
        "time_zone": "Europe/Berlin",
        "coarse_location": "Leipzig area",
        "country": "DE",
        "support_preference": "share_experiences",
        "content_filters": ["self-harm"],
        "who_may_message": "supporters",
    }
    data.update(changes)
    return data


def test_anonymous_visitor_is_sent_to_sign_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert "next=/accounts/profile/" in response["Location"]


def test_member_sees_own_profile_and_display_name(alice_client, alice, bob):
    alice.profile.topics.set(Topic.objects.filter(slug="grief"))
    bob.profile.topics.set(Topic.objects.filter(slug="trauma"))

    response = alice_client.get(URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Alice" in body
    assert re.search(r'name="topics" value="grief" id="id_topics_\d+" checked', body)
    assert not re.search(r'name="topics" value="trauma" id="id_topics_\d+" checked', body)
    assert "bob@example.org" not in body and "Bob" not in body
    assert "A town or region, never a street address." in body


def test_member_saves_every_profile_field(alice_client, alice):
    response = alice_client.post(URL, valid_form())

    assert response.status_code == 302
    assert response["Location"] == URL
    assert profile_state(alice) == {
        "topics": ["anxiety", "grief"],
        "languages": ["en", "de"],
        "time_zone": "Europe/Berlin",
        "coarse_location": "Leipzig area",
        "country": "DE",
        "support_preference": "share_experiences",
        "content_filters": ["self-harm"],
        "who_may_message": "supporters",
    }


def test_saving_only_changes_the_members_own_profile(alice_client, alice, bob):
    before = profile_state(bob)

    alice_client.post(URL, valid_form())

    assert profile_state(bob) == before


def test_clearing_optional_fields_is_allowed(alice_client, alice):
    alice_client.post(URL, valid_form())

    response = alice_client.post(
        URL, valid_form(topics=[], languages=[], coarse_location="", country="", content_filters=[])
    )

    assert response.status_code == 302
    state = profile_state(alice)
    assert state["topics"] == [] and state["languages"] == [] and state["country"] == ""
    assert state["content_filters"] == [] and state["coarse_location"] == ""


@pytest.mark.parametrize(
    ("field", "bad_value"),
    [
        ("languages", ["en", "xx"]),
        ("languages", ["af", "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "fi"]),
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "localtime"),  # the server's own setting, not a place
        ("time_zone", ""),
        ("coarse_location", "x" * 101),
        ("country", "ZZ"),
        ("country", "DEU"),
        ("support_preference", "tough_love"),
        ("who_may_message", "the_whole_internet"),
        ("topics", ["not-a-topic"]),
        ("content_filters", ["not-a-topic"]),
    ],
)
def test_bad_value_is_refused_with_a_field_error_and_nothing_is_stored(
    alice_client, alice, field, bad_value
):
    before = profile_state(alice)

    response = alice_client.post(URL, valid_form(**{field: bad_value}))

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body
    assert "Nothing was saved" in body
    assert profile_state(alice) == before


def test_deactivated_topic_cannot_be_chosen(alice_client, alice):
    Topic.objects.filter(slug="grief").update(is_active=False)
    before = profile_state(alice)

    response = alice_client.post(URL, valid_form(topics=["grief"]))

    assert "topics" in response.context["form"].errors
    assert profile_state(alice) == before


def test_invalid_field_is_marked_for_assistive_technology(alice_client):
    response = alice_client.post(URL, valid_form(coarse_location="x" * 101))

    body = response.content.decode()
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_coarse_location_helptext id_coarse_location_error"' in body


def test_htmx_save_answers_with_the_form_partial(alice_client, alice):
    response = alice_client.post(URL, valid_form(), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'id="profile-form"' in body
    assert "Your profile is saved." in body
    assert profile_state(alice)["time_zone"] == "Europe/Berlin"


def test_account_without_a_profile_gets_one_on_first_save(client, alice):
    Profile.objects.filter(user=alice).delete()
    client.force_login(alice)

    assert client.get(URL).status_code == 200
    response = client.post(URL, valid_form())

    assert response.status_code == 302
    assert profile_state(alice)["country"] == "DE"


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return len(captured)


def test_profile_page_query_count_does_not_grow_with_chosen_topics(
    alice_client, alice, django_assert_max_num_queries
):
    alice.profile.topics.set(Topic.objects.filter(slug="grief"))
    few = _page_queries(alice_client)

    alice.profile.topics.set(Topic.objects.all())
    alice.profile.content_filters.set(Topic.objects.all())
    many = _page_queries(alice_client)

    assert many == few
    # Session, user, profile, topics with what is chosen, agreements.
    with django_assert_max_num_queries(5):
        alice_client.get(URL)


def test_chosen_topics_and_content_filters_are_checked_each_in_its_own_list(alice_client, alice):
    alice.profile.topics.set(Topic.objects.filter(slug="grief"))
    alice.profile.content_filters.set(Topic.objects.filter(slug="self-harm"))

    body = alice_client.get(URL).content.decode()

    checked = re.findall(r'name="(\w+)" value="([\w-]+)" id="[^"]+" checked', body)
    assert ("topics", "grief") in checked and ("content_filters", "self-harm") in checked
    assert ("topics", "self-harm") not in checked and ("content_filters", "grief") not in checked


def _languages_summary(body: str) -> str:
    found = re.search(r"<summary>Chosen:(.*?)</summary>", body, re.S)
    assert found is not None
    return " ".join(found.group(1).split())


def test_the_languages_summary_names_the_chosen_languages_in_list_order(alice_client, alice):
    alice.profile.languages = ["fr", "en"]
    alice.profile.save(update_fields=["languages"])

    summary = _languages_summary(alice_client.get(URL).content.decode())

    assert summary == 'English, French (<span lang="fr">français</span>)'


def test_the_languages_summary_says_none_yet_when_nothing_is_chosen(alice_client, alice):
    alice.profile.languages = []
    alice.profile.save(update_fields=["languages"])

    assert _languages_summary(alice_client.get(URL).content.decode()) == "none yet"


def test_a_rejected_form_summarizes_the_languages_just_submitted(alice_client, alice):
    response = alice_client.post(URL, valid_form(languages=["de"], time_zone="Nowhere/Atlantis"))

    assert response.status_code == 200
    assert "Nothing was saved" in response.content.decode()
    assert _languages_summary(response.content.decode()).startswith("German")
