"""Fixes from a review: huge page numbers in the finder, and facilitators first in a group's
member list, through the API and the web pages."""

from __future__ import annotations

import re

import pytest

from peerhaven.groups.models import Group, Membership
from peerhaven.groups.search import MAX_PAGE, group_search
from peerhaven.groups.selectors import group_members
from tests.groups.finder_factories import finder_group
from tests.groups.helpers import join_now, make_group

pytestmark = pytest.mark.django_db

FINDER_API = "/api/v1/groups/"
FINDER_PAGE = "/groups/"
HUGE_PAGES = ["9223372036854775807", "99999999999999999999999", str(MAX_PAGE + 1)]


# --- Huge page numbers ----------------------------------------------------------------------
@pytest.fixture
def walkers():
    return finder_group("Leeds grief walkers", description="We walk by the canal.")


@pytest.mark.parametrize("page", HUGE_PAGES)
def test_a_page_past_the_largest_is_refused_by_the_api_with_a_400(api_as, walkers, page):
    response = api_as(None).get(FINDER_API, {"q": "walk", "page": page})

    assert response.status_code == 400, response.content
    assert response.json()["extra"]["fields"]["page"] == [
        f"Ensure this value is less than or equal to {MAX_PAGE}."
    ]


def test_the_largest_page_is_empty_and_still_counts_the_matches(api_as, alice, walkers):
    response = api_as(alice).get(FINDER_API, {"q": "walk", "page": MAX_PAGE, "per_page": 50})

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["count"], body["page"], body["pages"], body["results"]) == (1, MAX_PAGE, 1, [])


def test_the_schema_documents_the_largest_page(api_as):
    schema = api_as(None).get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    [page] = [
        p
        for p in schema.json()["paths"]["/api/v1/groups/"]["get"]["parameters"]
        if p["name"] == "page"
    ]
    assert page["schema"]["maximum"] == MAX_PAGE


@pytest.mark.parametrize("page", HUGE_PAGES)
def test_the_search_itself_answers_an_empty_page_for_a_huge_number(walkers, page):
    found = group_search(user=None, words="walk", page=int(page), per_page=50)

    assert (found.results, found.total, found.num_pages, found.has_next) == ([], 1, 1, False)


@pytest.mark.parametrize("page", HUGE_PAGES)
@pytest.mark.parametrize("searched", [True, False])
def test_the_web_finder_shows_an_empty_page_for_a_huge_number(
    web_as, alice, walkers, page, searched
):
    params = {"q": "walk", "page": page} if searched else {"page": page}
    for client in (web_as(None), web_as(alice)):
        response = client.get(FINDER_PAGE, params)

        assert response.status_code == 200
        html = response.content.decode()
        # Like any page past the last: no results, but the count of all that matched.
        assert "One group found." in html
        assert 'class="card"' not in html
        assert "This page is past the last one." in html
        assert "There are no groups you can see yet." not in html
        assert "page=1" in html


# --- Facilitators first ---------------------------------------------------------------------
@pytest.fixture
def circle(facilitator, alice, bob):
    """Fran facilitates; Alice and Bob, whose names sort before hers, are members. Bob is
    made a second facilitator so both roles have more than one person."""
    group = make_group(name="Evening Circle", facilitator=None)
    join_now(alice, group)
    join_now(facilitator, group, role=Membership.Role.FACILITATOR)
    join_now(bob, group, role=Membership.Role.FACILITATOR)
    return group


def _rows(body):
    return body["results"] if isinstance(body, dict) else body


def test_the_api_lists_facilitators_first_then_by_name(api_as, circle, alice, charlie):
    response = api_as(alice).get(f"/api/v1/groups/{circle.slug}/members/")

    assert response.status_code == 200, response.content
    assert [(m["display_name"], m["role"]) for m in _rows(response.json())] == [
        ("Bob", "facilitator"),
        ("Fran", "facilitator"),
        ("Alice", "member"),
    ]
    # An outsider is told no such group exists.
    assert api_as(charlie).get(f"/api/v1/groups/{circle.slug}/members/").status_code == 404


def test_the_members_page_lists_facilitators_first_then_by_name(web_as, circle, alice, charlie):
    response = web_as(alice).get(f"/groups/{circle.slug}/members/")

    assert response.status_code == 200
    body = response.content.decode().split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", body)
    assert rows == [("Bob", "Facilitator"), ("Fran", "Facilitator"), ("Alice", "Member")]
    assert web_as(charlie).get(f"/groups/{circle.slug}/members/").status_code == 404


def test_a_second_group_does_not_change_the_order(facilitator, alice, bob):
    other = make_group(name="Morning Circle", facilitator=alice)
    group = make_group(name="Evening Circle", facilitator=facilitator)
    join_now(alice, group)
    join_now(bob, other)

    assert [m.user.display_name for m in group_members(group=group)] == ["Fran", "Alice"]
    assert [m.user.display_name for m in group_members(group=other)] == ["Alice", "Bob"]
    assert Group.objects.count() == 2
