"""GET /api/v1/groups/: searching groups through the API, signed out and signed in."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from peerhaven.groups.models import Group
from tests.groups.finder_factories import finder_group

pytestmark = pytest.mark.django_db

URL = "/api/v1/groups/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def walkers():
    return finder_group(
        "Leeds grief walkers",
        description="We walk by the canal.",
        topics=("grief",),
        format=Group.Format.IN_PERSON,
        languages=("en",),
        place="Leeds",
    )


def test_signed_out_search_returns_listed_groups_with_reasons(api, walkers):
    finder_group("Hidden walk", description="walk", listing=Group.Listing.UNLISTED)
    response = api.get(URL, {"q": "walking grief", "place": "Bradford", "within": 20})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["pages"], body["units"]) == (1, 1, 1, "km")
    [result] = body["results"]
    assert result["slug"] == walkers.slug
    assert result["topics"] == [{"slug": "grief", "name": "Grief and loss"}]
    assert result["distance_km"] == pytest.approx(13.4, abs=0.1)
    assert {(r["kind"], r["text"]) for r in result["reasons"]} == {
        ("words", "Mentions “walking”, “grief”"),
        ("topic", "Topic: Grief and loss"),
        ("distance", "13.4 km from Bradford"),
    }
    assert [r["words"] for r in result["reasons"] if r["kind"] == "topic"] == [["grief"]]


def test_filters_repeat_as_parameters_and_miles_apply_to_within(api, walkers):
    finder_group("Online circle", description="walk", languages=("fr",))
    body = api.get(URL + "?format=online&format=hybrid&language=fr").json()
    assert [r["name"] for r in body["results"]] == ["Online circle"]
    body = api.get(URL, {"lat": 53.79391, "lon": -1.75206, "within": 10, "units": "mi"}).json()
    assert [r["name"] for r in body["results"]] == ["Leeds grief walkers"]
    assert body["results"][0]["reasons"][-1]["text"] == "8.3 mi from 53.79, -1.75"
    body = api.get(URL, {"lat": 53.79391, "lon": -1.75206, "within": 5, "units": "mi"}).json()
    assert body["count"] == 0
    assert body["hints"][0]["key"] == "distance"


def test_a_member_sees_their_unlisted_group_through_the_api(api, alice, charlie):
    finder_group(
        "Quiet circle", description="walk", listing=Group.Listing.UNLISTED, members=(alice,)
    )
    api.force_authenticate(charlie)
    assert api.get(URL, {"q": "walk"}).json()["count"] == 0
    api.force_authenticate(alice)
    assert [r["name"] for r in api.get(URL, {"q": "walk"}).json()["results"]] == ["Quiet circle"]


def test_pages_hold_per_page_results(api):
    for n in range(5):
        finder_group(f"Circle {n}", description="walk")
    body = api.get(URL, {"q": "walk", "per_page": 2, "page": 3}).json()
    assert (body["count"], body["pages"], body["per_page"]) == (5, 3, 2)
    assert [r["name"] for r in body["results"]] == ["Circle 4"]


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": "x" * 201}, "query_too_long"),
        ({"q": " ".join(["word"] * 13)}, "query_too_long"),
        ({"place": "Nowhereville"}, "unknown_place"),
        ({"lat": 95, "lon": 0}, "malformed_coordinates"),
        ({"lat": 53.8}, "malformed_coordinates"),
        ({"place": "Leeds", "lat": 53.8, "lon": -1.5}, "malformed_coordinates"),
        ({"topic": "no-such-topic"}, "unknown_filter"),
        ({"language": "xx"}, "unknown_filter"),
        ({"within": 5000, "place": "Leeds"}, "malformed_coordinates"),
        ({"lat": "north", "lon": "west"}, "invalid"),
        ({"format": "carrier-pigeon"}, "invalid"),
        ({"per_page": 500}, "invalid"),
    ],
)
def test_bad_parameters_get_a_clear_400_in_the_standard_shape(api, walkers, params, code):
    response = api.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert body["code"] == code
    assert body["message"]
