"""The group API beyond the authorization matrix: requests, leaving, the caller's own lists."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerhaven.groups.models import Agreement, Group, JoinRequest
from peerhaven.groups.selectors import MEMBERS_PER_PAGE
from tests.factories import UserFactory
from tests.groups.helpers import join_now, make_group


@pytest.fixture
def asking(db, facilitator):
    return make_group(
        name="Asking Circle",
        facilitator=facilitator,
        join_policy=Group.JoinPolicy.REQUEST,
        join_questions=["What brings you here?"],
    )


def test_group_details_tell_a_visitor_what_to_agree_to(asking, api_as):
    data = api_as(None).get("/api/v1/groups/asking-circle/").json()

    assert data["guidelines"] == {"instance_version": 1, "group_version": None}
    assert data["join_policy"] == "request"
    assert data["join_questions"] == ["What brings you here?"]
    assert data["facilitators"] == ["Fran"]
    assert data["topics"] == []
    assert data["listening_only_is_fine"] is True
    assert data["you"] is None


def test_joining_a_request_group_through_the_api_sends_a_request(asking, alice, api_as):
    response = api_as(alice).post(
        "/api/v1/groups/asking-circle/join/",
        {"agree_instance_version": 1, "agree_group_version": None, "answers": ["Loss"]},
        format="json",
    )

    assert response.status_code == 201
    assert response.json() == {"status": "requested", "group": "asking-circle"}
    assert JoinRequest.objects.get(user=alice).answers[0]["answer"] == "Loss"
    assert Agreement.objects.get(user=alice).via == Agreement.Via.API


def test_joining_needs_the_version_numbers(asking, alice, api_as):
    response = api_as(alice).post("/api/v1/groups/asking-circle/join/", {}, format="json")

    assert response.status_code == 400
    assert "agree_instance_version" in response.json()["extra"]["fields"]
    assert not JoinRequest.objects.exists()


def test_leaving_through_the_api(asking, alice, api_as):
    join_now(alice, asking)

    response = api_as(alice).post("/api/v1/groups/asking-circle/leave/")

    assert response.status_code == 204
    assert not asking.memberships.filter(user=alice).exists()


def test_leaving_a_group_one_is_not_in_is_not_found(asking, charlie, api_as):
    assert api_as(charlie).post("/api/v1/groups/asking-circle/leave/").status_code == 404


def test_my_groups_and_agreements_are_my_own(asking, alice, bob, api_as):
    join_now(alice, asking)
    join_now(bob, make_group(name="Other Circle"))
    client = api_as(alice)

    groups = client.get("/api/v1/me/groups/").json()
    agreements = client.get("/api/v1/me/agreements/").json()

    assert [(g["slug"], g["role"], g["can_take_part"]) for g in groups] == [
        ("asking-circle", "member", True)
    ]
    assert len(agreements) == 1
    assert agreements[0]["group"] == "asking-circle"
    assert (agreements[0]["instance_version"], agreements[0]["group_version"]) == (1, None)


@pytest.mark.parametrize("path", ["/api/v1/me/groups/", "/api/v1/me/agreements/"])
def test_my_lists_need_signing_in(db, api_as, path):
    assert api_as(None).get(path).status_code == 403


def test_schema_lists_the_group_api(alice, api_as):
    schema = api_as(alice).get("/api/v1/schema/").content.decode()

    for path in [
        "/api/v1/groups/{group_slug}/:",
        "/api/v1/groups/{group_slug}/join/:",
        "/api/v1/groups/{group_slug}/agree/:",
        "/api/v1/me/agreements/:",
        "/api/v1/me/groups/:",
    ]:
        assert path in schema


def test_member_list_costs_the_same_queries_however_many_members(asking, alice, api_as):
    join_now(alice, asking)
    client = api_as(alice)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/groups/asking-circle/members/").status_code == 200
        return len(captured)

    few = queries()
    for _ in range(5):
        join_now(UserFactory(), asking)
    assert queries() == few
    assert client.get("/api/v1/groups/asking-circle/members/").json()["count"] == 7


def test_member_list_comes_a_page_at_a_time_facilitators_first(asking, alice, api_as, web_as):
    join_now(alice, asking)
    for n in range(MEMBERS_PER_PAGE):
        join_now(UserFactory(display_name=f"Aaron {n:02d}"), asking)
    client = api_as(alice)

    first = client.get("/api/v1/groups/asking-circle/members/").json()
    second = client.get("/api/v1/groups/asking-circle/members/?page=2").json()

    total = MEMBERS_PER_PAGE + 2  # the facilitator, alice and the newcomers
    assert (first["count"], first["pages"], first["per_page"]) == (total, 2, MEMBERS_PER_PAGE)
    assert len(first["results"]) == MEMBERS_PER_PAGE and len(second["results"]) == 2
    assert first["results"][0]["role"] == "facilitator"
    listed = [m["display_name"] for m in first["results"] + second["results"]]
    assert len(set(listed)) == total
    past_the_end = client.get("/api/v1/groups/asking-circle/members/?page=999").json()
    assert past_the_end["results"] == [] and past_the_end["count"] == total
    for bad in ("0", "x", "99999999999999999999999"):
        response = client.get(f"/api/v1/groups/asking-circle/members/?page={bad}")
        assert response.status_code == 400, bad

    page = web_as(alice).get("/groups/asking-circle/members/?page=2").content.decode()
    assert f"{total} members" in page and "Page 2 of 2" in page
    assert page.count("<tr>") == 1 + 2  # the header row and two members
