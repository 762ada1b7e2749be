"""The finder page (/groups/) and the suggestions on the home page, as a visitor would use them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerhaven.groups.models import Group
from tests.groups.finder_factories import finder_group, topic
from tests.groups.helpers import join_now

pytestmark = pytest.mark.django_db

URL = reverse("group-finder")


@pytest.fixture
def walkers():
    return finder_group(
        "Leeds grief walkers",
        description="We walk by the canal.",
        topics=("grief",),
        format=Group.Format.IN_PERSON,
        place="Leeds",
    )


def test_a_signed_out_visitor_finds_a_listed_group_near_a_place_and_reads_why(client, walkers):
    finder_group("Hidden walk", description="walk", listing=Group.Listing.UNLISTED)
    response = client.get(
        URL, {"q": "walking", "topic": "grief", "place": "Bradford", "within": "25", "units": "km"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Leeds grief walkers" in html
    assert reverse("group-detail", args=[walkers.slug]) in html
    assert "Mentions “walking”" in html
    assert "Topic: Grief and loss" in html
    assert "13.4 km from Bradford" in html
    assert "Hidden walk" not in html


def test_the_page_lists_listed_groups_before_any_search(client, walkers):
    response = client.get(URL)
    assert "Leeds grief walkers" in response.content.decode()
    assert 'name="q"' in response.content.decode()


def test_a_member_sees_their_unlisted_group_and_an_outsider_does_not(client, alice, charlie):
    finder_group(
        "Quiet circle", description="walk", listing=Group.Listing.UNLISTED, members=(alice,)
    )
    client.force_login(charlie)
    assert "Quiet circle" not in client.get(URL, {"q": "walk"}).content.decode()
    client.force_login(alice)
    assert "Quiet circle" in client.get(URL, {"q": "walk"}).content.decode()


def test_miles_are_used_where_the_browser_counts_in_miles(client, walkers):
    response = client.get(
        URL, {"place": "Bradford", "within": "25"}, headers={"accept-language": "en-US,en;q=0.8"}
    )
    assert "8.3 mi from Bradford" in response.content.decode()


def test_an_empty_result_says_what_to_relax(client, walkers):
    response = client.get(URL, {"q": "walk", "format": "online"})
    html = response.content.decode()
    assert "No group matched." in html
    assert "Allow any format (online, in person, hybrid): 1 group would match." in html


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"q": "word " * 13}, "q", "at most 12 search words"),
        ({"q": "x" * 201}, "q", "at most 200 characters"),
        ({"place": "Nowhereville"}, "place", "could not find a town or city called “Nowhereville”"),
        ({"place": "95.1, 300"}, "place", "Coordinates must be a latitude between -90 and 90"),
    ],
)
def test_bad_input_is_shown_on_its_field(client, walkers, params, field, message):
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert f'aria-describedby="id_{field}_error' in html or f'id_{field}_error"' in html
    assert "Leeds grief walkers" not in html


def test_htmx_gets_only_the_results_and_invalid_input_swaps_the_whole_finder(client, walkers):
    response = client.get(URL, {"q": "canal"}, headers={"hx-request": "true"})
    html = response.content.decode()
    assert "Leeds grief walkers" in html
    assert "<form" not in html and "<html" not in html
    response = client.get(URL, {"place": "Nowhereville"}, headers={"hx-request": "true"})
    assert response.headers["HX-Retarget"] == "#finder"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert 'id="finder-form"' in response.content.decode()


def test_results_are_paginated_with_the_search_kept(client):
    for n in range(23):
        finder_group(f"Circle {n:02d}", description="walk")
    html = client.get(URL, {"q": "walk"}).content.decode()
    assert "23 groups found, showing 1 to 20." in html
    assert "?q=walk&amp;page=2" in html
    html = client.get(URL, {"q": "walk", "page": "2"}).content.decode()
    assert "Circle 22" in html and "Circle 00" not in html
    assert "Page 2 of 2" in html


def test_the_results_page_makes_a_fixed_number_of_queries(client, alice, django_assert_num_queries):
    client.force_login(alice)
    params = {"q": "walk", "topic": "grief", "place": "Leeds", "within": "50"}
    finder_group("One", description="walk", topics=("grief",), format="hybrid", place="Leeds")
    with CaptureQueriesContext(connection) as one_result:
        response = client.get(URL, params)
    assert response.content.decode().count('class="card"') == 1
    # session (unless cached), user, two-factor devices x2, profile (units), topics x2
    # (form, search), count, page, the page's topics, which words each group's text has
    assert len(one_result) <= 11
    for n in range(15):
        finder_group(
            f"More {n}",
            description="walk",
            topics=("grief", "anxiety"),
            format="hybrid",
            place="Leeds",
        )
    with django_assert_num_queries(len(one_result)):
        response = client.get(URL, params)
    assert response.content.decode().count('class="card"') == 16


def test_the_home_page_suggests_groups_from_the_profile_with_the_reason(client, alice):
    alice.profile.topics.set([topic("grief")])
    finder_group("Grief circle", topics=("grief",))
    finder_group("Parents circle", topics=("parenting",))
    client.force_login(alice)
    html = client.get(reverse("home")).content.decode()
    assert "Grief circle" in html and "Parents circle" not in html
    assert "You listed Grief and loss" in html
    assert "In English" in html


def test_a_search_without_a_radius_shows_the_radius_it_used(client, db):
    body = client.get("/groups/", {"q": "walk", "place": "Bradford"}).content.decode()
    assert '<option value="25" selected>25</option>' in body
    assert re.search(r'<input type="radio" name="units" value="(km|mi)"[^>]*checked', body)


def test_a_member_signed_in_sees_each_group_counted_once(client, alice, bob, charlie):
    """Groups with several members, one of them unlisted with alice in it: the count and
    the pages are the same as the groups listed, for the web and the API alike."""
    for n in range(21):
        group = finder_group(f"Walk {n:02d}", description="walk")
        for person in (alice, bob, charlie):
            join_now(person, group)
    hidden = finder_group("Quiet walk", description="walk", listing=Group.Listing.UNLISTED)
    join_now(alice, hidden)
    join_now(bob, hidden)
    client.force_login(alice)

    html = client.get(URL, {"q": "walk"}).content.decode()
    body = client.get("/api/v1/groups/", {"q": "walk"}).json()
    last_page = client.get(URL, {"q": "walk", "page": "2"}).content.decode()

    assert "22 groups found, showing 1 to 20." in html
    assert (body["count"], body["pages"]) == (22, 2)
    assert last_page.count('class="card"') == 2
    client.force_login(charlie)
    assert client.get("/api/v1/groups/", {"q": "walk"}).json()["count"] == 21
