"""Running a group through the API: starting and editing it, and deciding requests to join.
The same rules as the facilitator pages on the web (test_group_pages.py, test_joining.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from peerhaven.accounts.models import Topic
from peerhaven.core.api import WriteRateThrottle
from peerhaven.groups import services
from peerhaven.groups.models import Group, JoinRequest, Membership
from peerhaven.guidelines.models import RuleSet
from peerhaven.moderation.models import Notice
from tests.factories import UserFactory
from tests.groups.helpers import join_now, make_group

NEW = "/api/v1/groups/new/"


@pytest.fixture
def circle(db, facilitator):
    return make_group(name="Evening Circle", facilitator=facilitator)


@pytest.fixture
def asking(db, facilitator):
    return make_group(
        name="Asking Circle",
        facilitator=facilitator,
        join_policy=Group.JoinPolicy.REQUEST,
        join_questions=["What brings you here?", "Anything we should know?"],
    )


def _walkers(**overrides) -> dict:
    data = {
        "name": "Sunday Walkers",
        "description": "We walk and talk.",
        "format": "in_person",
        "place_name": "Leeds",
        "languages": ["en"],
        "listing": "listed",
        "join_policy": "request",
        "join_questions": ["What brings you here?", "", "How did you hear of us?"],
        "what_to_expect": "An hour's walk.",
        "capacity": 12,
    }
    data.update(overrides)
    return data


def _ask(user, group, answers=()) -> JoinRequest:
    return services.join_request_create(
        user=user, group=group, answers=list(answers), instance_version=1, group_version=None
    )


def _groups_stored() -> tuple[int, int, int]:
    return (
        Group.objects.count(),
        Membership.objects.count(),
        RuleSet.objects.filter(scope=RuleSet.Scope.GROUP).count(),
    )


# --- Starting a group -----------------------------------------------------------------


def test_a_site_facilitator_starts_a_group_and_becomes_its_facilitator(db, facilitator, api_as):
    topic = Topic.objects.filter(is_active=True).first()

    response = api_as(facilitator).post(NEW, _walkers(topics=[topic.slug]), format="json")

    assert response.status_code == 201
    data = response.json()
    group = Group.objects.get(name="Sunday Walkers")
    assert data["slug"] == group.slug == "sunday-walkers"
    assert data["facilitators"] == ["Fran"]
    assert data["topics"] == [{"slug": topic.slug, "name": topic.name}]
    assert data["you"]["role"] == "facilitator"
    assert (data["place_name"], data["country"], data["capacity"]) == ("Leeds", "GB", 12)
    assert group.memberships.get().user == facilitator
    assert group.memberships.get().role == Membership.Role.FACILITATOR
    assert group.join_questions == ["What brings you here?", "How did you hear of us?"]
    assert group.rules.scope == RuleSet.Scope.GROUP
    assert api_as(None).get(f"/api/v1/groups/{group.slug}/").status_code == 200


def test_fields_left_out_take_the_web_forms_defaults(db, org_admin, api_as):
    response = api_as(org_admin).post(NEW, {"name": "Quiet Evenings"}, format="json")

    assert response.status_code == 201
    group = Group.objects.get()
    assert (group.format, group.listing, group.join_policy) == ("online", "listed", "open")
    assert (group.capacity, group.premoderate_first_posts) == (None, 0)


def test_a_group_never_takes_the_address_the_api_starts_groups_at(db, org_admin, api_as):
    response = api_as(org_admin).post(NEW, {"name": "New"}, format="json")

    assert response.json()["slug"] == "new-group"
    assert api_as(org_admin).get("/api/v1/groups/new-group/").status_code == 200


def test_a_member_cannot_start_a_group(db, alice, api_as):
    response = api_as(alice).post(NEW, _walkers(), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"
    assert _groups_stored() == (0, 0, 0)


def test_a_member_is_refused_before_their_input_is_read(db, alice, api_as):
    response = api_as(alice).post(NEW, {"name": 5}, format="json")

    assert (response.status_code, response.json()["code"]) == (403, "not_allowed")


def test_a_visitor_cannot_start_a_group(db, api_as):
    assert api_as(None).post(NEW, _walkers(), format="json").status_code == 403
    assert _groups_stored() == (0, 0, 0)


def test_a_facilitator_who_has_not_finished_two_factor_cannot_start_a_group(db, facilitator):
    client = APIClient()
    client.force_login(facilitator)

    response = client.post(NEW, _walkers(), format="json")

    assert (response.status_code, response.json()["code"]) == (403, "two_factor_required")
    assert _groups_stored() == (0, 0, 0)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "!!!"}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"name": 42}, "name"),
        ({"format": "by_post"}, "format"),
        ({"listing": "secret"}, "listing"),
        ({"join_policy": "whenever"}, "join_policy"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"languages": ["xx-nowhere"]}, "languages"),
        ({"join_questions": ["Why?"] * 6}, "join_questions"),
        ({"join_questions": ["?" * 301]}, "join_questions"),
        ({"capacity": 1}, "capacity"),
        ({"capacity": "many"}, "capacity"),
        ({"message_retention_days": 0}, "message_retention_days"),
        ({"premoderate_first_posts": 21}, "premoderate_first_posts"),
        ({"description": "x" * 2001}, "description"),
        ({"place_name": "Nowhereville Qq"}, "place_name"),
        ({"place_name": ""}, "place_name"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_stored(
    db, facilitator, api_as, overrides, field
):
    response = api_as(facilitator).post(NEW, _walkers(**overrides), format="json")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["extra"]["fields"]
    assert _groups_stored() == (0, 0, 0)


def test_a_name_the_starter_can_already_see_is_refused(circle, facilitator, api_as):
    response = api_as(facilitator).post(
        NEW, {"name": "evening   CIRCLE", "format": "online"}, format="json"
    )

    assert response.status_code == 400
    [message] = response.json()["extra"]["fields"]["name"]
    assert "A group with this name already exists" in message
    assert Group.objects.count() == 1


def test_a_name_taken_only_by_an_unlisted_group_one_is_not_in_is_not_revealed(
    db, facilitator, org_admin, api_as
):
    make_group(name="Quiet Room", facilitator=org_admin, listing=Group.Listing.UNLISTED)

    response = api_as(facilitator).post(NEW, {"name": " Quiet  Room "}, format="json")

    assert response.status_code == 201
    assert Group.objects.filter(name="Quiet Room").count() == 2


def test_starting_groups_is_throttled_like_other_writes(db, facilitator, api_as, monkeypatch):
    monkeypatch.setattr(WriteRateThrottle, "rate", "2/min", raising=False)
    client = api_as(facilitator)

    codes = [client.post(NEW, {"name": f"Circle {n}"}, format="json").status_code for n in range(3)]

    assert codes == [201, 201, 429]
    assert Group.objects.count() == 2


# --- Editing a group ------------------------------------------------------------------


def test_a_group_facilitator_edits_the_group(circle, alice, api_as):
    join_now(alice, circle)
    Membership.objects.filter(user=alice).update(role=Membership.Role.FACILITATOR)

    response = api_as(alice).patch(
        "/api/v1/groups/evening-circle/",
        {"what_to_expect": "Now sixty minutes.", "capacity": 20},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["what_to_expect"] == "Now sixty minutes."
    circle.refresh_from_db()
    assert (circle.what_to_expect, circle.capacity) == ("Now sixty minutes.", 20)
    assert (circle.name, circle.slug) == ("Evening Circle", "evening-circle")


def test_null_removes_a_limit_and_fields_left_out_stay(db, facilitator, api_as):
    group = make_group(
        name="Kept Circle", facilitator=facilitator, capacity=10, message_retention_days=30
    )

    response = api_as(facilitator).patch(
        "/api/v1/groups/kept-circle/",
        {"capacity": None, "name": "Kept  Circle Two"},
        format="json",
    )

    assert response.status_code == 200
    group.refresh_from_db()
    assert (group.name, group.slug) == ("Kept Circle Two", "kept-circle")
    assert (group.capacity, group.message_retention_days) == (None, 30)


def test_a_site_admin_edits_any_group(circle, org_admin, api_as):
    response = api_as(org_admin).patch(
        "/api/v1/groups/evening-circle/", {"require_coach_nudges": True}, format="json"
    )

    assert response.status_code == 200
    circle.refresh_from_db()
    assert circle.require_coach_nudges is True


def test_a_member_who_is_not_a_facilitator_cannot_edit(circle, alice, api_as):
    join_now(alice, circle)

    response = api_as(alice).patch(
        "/api/v1/groups/evening-circle/", {"name": "Mine Now"}, format="json"
    )

    assert (response.status_code, response.json()["code"]) == (403, "not_facilitator")
    circle.refresh_from_db()
    assert circle.name == "Evening Circle"


def test_a_non_member_gets_404_and_the_same_for_an_unlisted_group(
    db, circle, facilitator, charlie, api_as
):
    make_group(name="Quiet Room", facilitator=facilitator, listing=Group.Listing.UNLISTED)
    client = api_as(charlie)

    listed = client.patch("/api/v1/groups/evening-circle/", {"name": "X"}, format="json")
    unlisted = client.patch("/api/v1/groups/quiet-room/", {"name": "X"}, format="json")
    missing = client.patch("/api/v1/groups/no-such-group/", {"name": "X"}, format="json")

    assert [r.status_code for r in (listed, unlisted, missing)] == [404, 404, 404]
    assert listed.json() == unlisted.json() == missing.json()
    assert set(Group.objects.values_list("name", flat=True)) == {"Evening Circle", "Quiet Room"}


def test_a_visitor_can_read_a_group_but_not_edit_it(circle, api_as):
    client = api_as(None)

    assert client.get("/api/v1/groups/evening-circle/").status_code == 200
    assert (
        client.patch("/api/v1/groups/evening-circle/", {"name": "X"}, format="json").status_code
        == 403
    )
    circle.refresh_from_db()
    assert circle.name == "Evening Circle"


def test_renaming_to_another_groups_name_is_refused_and_nothing_changes(
    circle, facilitator, api_as
):
    make_group(name="Morning Circle", facilitator=facilitator)

    response = api_as(facilitator).patch(
        "/api/v1/groups/evening-circle/",
        {"name": "Morning circle", "what_to_expect": "Changed."},
        format="json",
    )

    assert response.status_code == 400
    assert "name" in response.json()["extra"]["fields"]
    circle.refresh_from_db()
    assert (circle.name, circle.what_to_expect) == ("Evening Circle", "")


def test_turning_online_into_in_person_needs_a_place(circle, facilitator, api_as):
    client = api_as(facilitator)

    refused = client.patch("/api/v1/groups/evening-circle/", {"format": "in_person"}, format="json")
    placed = client.patch(
        "/api/v1/groups/evening-circle/",
        {"format": "in_person", "place_name": "Leeds"},
        format="json",
    )

    assert refused.status_code == 400
    assert "place_name" in refused.json()["extra"]["fields"]
    assert placed.status_code == 200
    circle.refresh_from_db()
    assert (circle.format, circle.place_name, circle.country) == ("in_person", "Leeds", "GB")


# --- Requests to join -----------------------------------------------------------------


def test_the_queue_shows_each_request_with_its_answers(asking, alice, bob, facilitator, api_as):
    _ask(alice, asking, ["Loss", ""])
    _ask(bob, asking)

    response = api_as(facilitator).get("/api/v1/groups/asking-circle/requests/")

    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["page"], data["pages"], data["per_page"]) == (2, 1, 1, 25)
    first, second = data["results"]
    assert (first["display_name"], first["status"]) == ("Alice", "pending")
    assert first["answers"] == [
        {"question": "What brings you here?", "answer": "Loss"},
        {"question": "Anything we should know?", "answer": ""},
    ]
    assert second["display_name"] == "Bob"


def test_decided_requests_leave_the_queue(asking, alice, bob, facilitator, api_as):
    services.join_request_decline(actor=facilitator, join_request=_ask(alice, asking))
    _ask(bob, asking)

    data = api_as(facilitator).get("/api/v1/groups/asking-circle/requests/").json()

    assert [r["display_name"] for r in data["results"]] == ["Bob"]


def test_the_queue_costs_the_same_queries_however_long_it_is(asking, facilitator, api_as):
    client = api_as(facilitator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/groups/asking-circle/requests/").status_code == 200
        return len(captured)

    _ask(UserFactory(), asking)
    few = queries()
    for _ in range(4):
        _ask(UserFactory(), asking)
    assert queries() == few


def test_the_queue_comes_in_pages(asking, facilitator, api_as):
    for _ in range(27):
        _ask(UserFactory(), asking)
    client = api_as(facilitator)

    second = client.get("/api/v1/groups/asking-circle/requests/?page=2").json()
    beyond = client.get("/api/v1/groups/asking-circle/requests/?page=9").json()
    bad = client.get("/api/v1/groups/asking-circle/requests/?page=0")

    assert (second["count"], second["pages"], len(second["results"])) == (27, 2, 2)
    assert beyond["results"] == []
    assert bad.status_code == 400
    assert "page" in bad.json()["extra"]["fields"]


def test_the_queue_is_for_facilitators_only(asking, alice, bob, charlie, api_as):
    join_now(bob, asking)
    _ask(alice, asking, ["Loss"])

    member = api_as(bob).get("/api/v1/groups/asking-circle/requests/")
    stranger = api_as(charlie).get("/api/v1/groups/asking-circle/requests/")

    assert (member.status_code, member.json()["code"]) == (403, "not_facilitator")
    assert stranger.status_code == 404
    assert "Loss" not in member.content.decode() + stranger.content.decode()


def test_approving_makes_a_member_who_hears_so_in_their_notices(asking, alice, facilitator, api_as):
    join_request = _ask(alice, asking)

    response = api_as(facilitator).post(
        f"/api/v1/groups/asking-circle/requests/{join_request.pk}/approve/"
    )

    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (join_request.pk, "approved")
    assert asking.memberships.filter(user=alice, role=Membership.Role.MEMBER).exists()
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == ("approved", facilitator)
    notice = Notice.objects.get(user=alice)
    assert (notice.kind, notice.title, notice.link) == (
        "group",
        "You have joined Asking Circle",
        "/groups/asking-circle/",
    )
    [seen] = api_as(alice).get("/api/v1/notices/").json()["results"]
    assert seen["title"] == "You have joined Asking Circle"


def test_declining_makes_no_member_and_the_asker_hears_so(asking, alice, facilitator, api_as):
    join_request = _ask(alice, asking)

    response = api_as(facilitator).post(
        f"/api/v1/groups/asking-circle/requests/{join_request.pk}/decline/"
    )

    assert (response.status_code, response.json()["status"]) == (200, "declined")
    assert not asking.memberships.filter(user=alice).exists()
    notice = Notice.objects.get(user=alice)
    assert (notice.title, notice.link) == ("About your request to join Asking Circle", "/groups/")


def test_a_request_decided_already_is_refused(asking, alice, facilitator, api_as):
    join_request = _ask(alice, asking)
    client = api_as(facilitator)
    client.post(f"/api/v1/groups/asking-circle/requests/{join_request.pk}/decline/")

    again = client.post(f"/api/v1/groups/asking-circle/requests/{join_request.pk}/approve/")

    assert (again.status_code, again.json()["code"]) == (409, "request_not_pending")
    assert not asking.memberships.filter(user=alice).exists()
    assert Notice.objects.filter(user=alice).count() == 1


def test_approving_into_a_full_group_is_refused(db, facilitator, alice, bob, api_as):
    full = make_group(
        name="Small Circle",
        facilitator=facilitator,
        join_policy=Group.JoinPolicy.REQUEST,
        capacity=2,
    )
    join_request = _ask(alice, full)
    join_now(bob, full)

    response = api_as(facilitator).post(
        f"/api/v1/groups/small-circle/requests/{join_request.pk}/approve/"
    )

    assert (response.status_code, response.json()["code"]) == (409, "group_full")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert not Notice.objects.exists()


def test_a_request_to_another_group_is_not_found_here(asking, alice, facilitator, api_as):
    other = make_group(
        name="Other Circle", facilitator=UserFactory(), join_policy=Group.JoinPolicy.REQUEST
    )
    elsewhere = _ask(alice, other)
    client = api_as(facilitator)

    for action in ("approve", "decline"):
        response = client.post(f"/api/v1/groups/asking-circle/requests/{elsewhere.pk}/{action}/")
        assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == JoinRequest.Status.PENDING
    assert not other.memberships.filter(user=alice).exists()


def test_a_member_who_is_not_a_facilitator_cannot_decide(asking, alice, bob, charlie, api_as):
    join_now(bob, asking)
    join_request = _ask(alice, asking)

    by_member = api_as(bob).post(
        f"/api/v1/groups/asking-circle/requests/{join_request.pk}/approve/"
    )
    by_stranger = api_as(charlie).post(
        f"/api/v1/groups/asking-circle/requests/{join_request.pk}/decline/"
    )

    assert (by_member.status_code, by_member.json()["code"]) == (403, "not_facilitator")
    assert by_stranger.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
    assert not asking.memberships.filter(user=alice).exists()


def test_the_asker_withdraws_their_own_request(asking, alice, api_as):
    join_request = _ask(alice, asking)
    client = api_as(alice)

    response = client.post("/api/v1/groups/asking-circle/request/withdraw/")

    assert response.status_code == 204
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.WITHDRAWN
    assert client.get("/api/v1/groups/asking-circle/").json()["request_pending"] is False
    again = client.post("/api/v1/groups/asking-circle/request/withdraw/")
    assert again.status_code == 404


def test_nobody_else_can_withdraw_a_request(asking, alice, bob, facilitator, api_as):
    join_request = _ask(alice, asking)

    for person in (bob, facilitator):
        response = api_as(person).post("/api/v1/groups/asking-circle/request/withdraw/")
        assert response.status_code == 404
    assert api_as(None).post("/api/v1/groups/asking-circle/request/withdraw/").status_code == 403
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.PENDING
