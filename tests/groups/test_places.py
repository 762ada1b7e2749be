"""Resolving place names against the bundled gazetteer, and distances between places."""

from __future__ import annotations

import math

import pytest

from peerhaven.groups.exceptions import MalformedCoordinates, UnknownPlace
from peerhaven.groups.places import (
    bounding_box,
    distance_km,
    parse_coordinates,
    place_from_text,
    require_place,
    resolve_place,
)


@pytest.mark.parametrize(
    "text", ["Leeds", "leeds", "  LEEDS ", "Leeds, GB", "Leeds, United Kingdom", "Leeds, UK"]
)
def test_leeds_resolves_however_it_is_written(text):
    place = resolve_place(text)
    assert place is not None
    assert (place.name, place.country) == ("Leeds", "GB")
    assert place.latitude == pytest.approx(53.80, abs=0.05)
    assert place.longitude == pytest.approx(-1.55, abs=0.05)


def test_accents_and_alternate_names_are_ignored_when_matching():
    assert resolve_place("Munchen").name == "Munich"
    assert resolve_place("sao paulo").name == "São Paulo"
    assert resolve_place("Cologne").country == "DE"


def test_the_most_populous_place_of_a_shared_name_wins_unless_a_country_is_given():
    assert resolve_place("Paris").country == "FR"
    assert resolve_place("Paris, US").country == "US"
    assert resolve_place("Paris", country="US").country == "US"


def test_unknown_places_resolve_to_nothing():
    assert resolve_place("Nowhereville Upon Nothing") is None
    assert resolve_place("Leeds, Atlantis") is None
    assert resolve_place("") is None


def test_require_place_explains_an_unknown_place():
    with pytest.raises(UnknownPlace) as caught:
        require_place("Nowhereville")
    assert "Nowhereville" in caught.value.message
    assert caught.value.status == 400
    assert caught.value.extra["field"] == "place"


def test_leeds_is_about_thirteen_km_from_bradford():
    leeds, bradford = resolve_place("Leeds"), resolve_place("Bradford")
    km = distance_km(leeds.latitude, leeds.longitude, bradford.latitude, bradford.longitude)
    assert 12 < km < 15


def test_distance_between_far_places_matches_the_known_great_circle():
    # London to New York is about 5,570 km.
    assert distance_km(51.5074, -0.1278, 40.7128, -74.0060) == pytest.approx(5570, rel=0.01)


def test_bounding_box_holds_every_point_at_the_radius():
    box = bounding_box(53.8, -1.55, 20)
    for bearing in range(0, 360, 15):
        # A point 19.9 km away in each direction must be inside the box.
        d = 19.9 / 6371.0088
        lat1, lon1 = math.radians(53.8), math.radians(-1.55)
        b = math.radians(bearing)
        lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
        lon2 = lon1 + math.atan2(
            math.sin(b) * math.sin(d) * math.cos(lat1),
            math.cos(d) - math.sin(lat1) * math.sin(lat2),
        )
        assert box.min_lat <= math.degrees(lat2) <= box.max_lat
        assert box.min_lon <= math.degrees(lon2) <= box.max_lon


def test_bounding_box_across_the_antimeridian_wraps_and_near_a_pole_spans_all_longitudes():
    wrapped = bounding_box(0, 179.9, 50)
    assert wrapped.wraps and wrapped.min_lon > 179 and wrapped.max_lon < -179
    polar = bounding_box(89.9, 0, 50)
    assert (polar.min_lon, polar.max_lon, polar.max_lat) == (-180.0, 180.0, 90.0)


def test_coordinates_typed_in_a_place_box_are_understood():
    place = place_from_text("53.80, -1.55")
    assert (place.latitude, place.longitude, place.country) == (53.80, -1.55, "")


@pytest.mark.parametrize("text", ["91, 0", "53.8", "53.8, -181", "1.2.3, 4", "--5, 6"])
def test_malformed_coordinates_are_a_clear_error(text):
    with pytest.raises(MalformedCoordinates) as caught:
        parse_coordinates(text) if "," in text else place_from_text(text)
    assert "latitude" in caught.value.message
