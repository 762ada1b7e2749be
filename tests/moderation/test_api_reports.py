"""Members report through the API: reports of the same content join one case, reporters
stay unknown to each other and to the author, and bad reports are refused with a clear
error and nothing changed."""

from __future__ import annotations

import pytest

from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.moderation.models import Case, Report
from tests.factories import UserFactory
from tests.groups.helpers import join_now, publish_version
from tests.moderation.api_helpers import RUDE, act, place, report, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(facilitator, alice, bob, charlie):
    spot = place(facilitator=facilitator, alice=alice, bob=bob)
    join_now(charlie, spot.group)
    return spot


def test_two_reporters_make_one_case_with_two_reports(here, api_as, bob, charlie, facilitator):
    first = report(api_as(bob), here.message, "respect", note="Name-calling")
    second = report(api_as(charlie), here.message, "non-judgment")

    assert first.status_code == second.status_code == 201
    assert second.json()["case_status"] == "open"
    assert second.json()["guideline"] == "non-judgment"
    assert second.json()["target"] == "message"
    # Neither reporter learns about the other.
    assert "Bob" not in second.content.decode()
    assert "report_count" not in second.json()
    assert Case.objects.count() == 1
    queue = api_as(facilitator).get("/api/v1/moderation/cases/").json()
    assert queue["count"] == 1
    [case] = queue["results"]
    assert case["report_count"] == 2
    assert case["guidelines"] == ["respect", "non-judgment"]
    assert case["subject"] == "Alice"
    assert case["content"] == RUDE
    assert case["severity"] == Case.Severity.SERIOUS


def test_the_author_is_never_shown_who_reported(here, api_as, alice, bob, facilitator):
    report(api_as(bob), here.message, "respect", note="Bob here: this hurt")
    case = Case.objects.get()
    act(api_as(facilitator), case, "remove")
    client = api_as(alice)

    pages = [
        client.get("/api/v1/notices/"),
        client.get("/api/v1/my-cases/"),
        client.get(f"/api/v1/my-cases/{case.pk}/"),
    ]

    assert all(p.status_code == 200 for p in pages)
    for page in pages:
        assert "Bob" not in page.content.decode()
        assert "Fran" not in page.content.decode()  # moderators are not named either


def test_the_guidelines_to_cite_are_those_in_force_for_the_message(here, api_as, bob):
    publish_version(
        here.group.rules,
        change=RuleSetVersion.Change.MATERIAL,
        extra_guideline=("no-spoilers", "No spoilers", "Keep endings to yourself."),
    )
    client = api_as(bob)

    for_message = client.get(f"/api/v1/reports/guidelines/?message={here.message.pk}")
    for_profiles = client.get("/api/v1/reports/guidelines/")

    keys = [g["key"] for g in for_message.json()]
    assert "respect" in keys
    assert "no-spoilers" in keys
    assert {"key": "no-spoilers", "title": "No spoilers"} in for_message.json()
    assert "no-spoilers" not in [g["key"] for g in for_profiles.json()]
    assert report(client, here.message, "no-spoilers").status_code == 201


def test_a_profile_report_goes_to_admins_only(here, api_as, bob, facilitator, org_admin):
    response = api_as(bob).post(
        "/api/v1/reports/",
        {"profile": "alice", "guideline": "respect", "note": "Offensive display name"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["target"] == "profile"
    case = Case.objects.get(target=Case.Target.PROFILE)
    assert case.subject == here.message.author
    assert api_as(facilitator).get("/api/v1/moderation/cases/").json()["count"] == 0
    assert api_as(facilitator).get(f"/api/v1/moderation/cases/{case.pk}/").status_code == 404
    admin_queue = api_as(org_admin).get("/api/v1/moderation/cases/").json()
    assert [c["id"] for c in admin_queue["results"]] == [case.pk]
    assert admin_queue["results"][0]["group"] is None


# --- Bad reports: a clear error, nothing changed ------------------------------------------


def test_reporting_a_deleted_message_is_404(here, api_as, alice, bob):
    assert api_as(alice).delete(f"/api/v1/messages/{here.message.pk}/").status_code == 204
    before = state()

    response = report(api_as(bob), here.message)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert state() == before


@pytest.mark.parametrize(
    ("message_id", "who"),
    [(999999, "bob"), ("mine", "charlie_outside")],
    ids=["missing", "in-a-group-they-are-not-in"],
)
def test_reporting_what_you_cannot_read_is_404(here, api_as, bob, message_id, who):
    person = bob if who == "bob" else UserFactory(display_name="Dee", email="dee@example.org")
    before = state()

    response = api_as(person).post(
        "/api/v1/reports/",
        {
            "message": here.message.pk if message_id == "mine" else message_id,
            "guideline": "respect",
        },
        format="json",
    )

    assert response.status_code == 404
    assert state() == before


def test_a_hidden_message_cannot_be_reported_by_members(here, api_as, bob, charlie, facilitator):
    report(api_as(bob), here.message)
    act(api_as(facilitator), Case.objects.get(), "hide_pending_edit")
    before = state()

    response = report(api_as(charlie), here.message)

    assert response.status_code == 404
    assert state() == before


def test_reporting_twice_is_409_and_keeps_one_report(here, api_as, bob):
    client = api_as(bob)
    assert report(client, here.message, "respect").status_code == 201
    before = state()

    again = report(client, here.message, "boundaries", note="And again")

    assert again.status_code == 409
    assert again.json()["code"] == "already_reported"
    assert state() == before
    assert Report.objects.get().guideline_key == "respect"


def test_an_unknown_guideline_is_400_with_the_choices(here, api_as, bob):
    before = state()

    response = report(api_as(bob), here.message, "be-nice")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_guideline"
    assert body["extra"]["field"] == "guideline"
    assert "respect" in body["extra"]["choices"]
    assert state() == before


def test_reporting_your_own_message_or_profile_is_400(here, api_as, alice):
    before = state()
    client = api_as(alice)

    message = report(client, here.message)
    profile = client.post(
        "/api/v1/reports/", {"profile": "Alice", "guideline": "respect"}, format="json"
    )

    assert message.status_code == profile.status_code == 400
    assert message.json()["code"] == profile.json()["code"] == "own_content"
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"guideline": "respect"},
        {"message": 1, "profile": "Alice", "guideline": "respect"},
        {"message": "one", "guideline": "respect"},
        {"message": 1},
        {"message": 1, "guideline": 7},
    ],
    ids=["no-target", "two-targets", "bad-id", "no-guideline", "guideline-not-text"],
)
def test_malformed_reports_are_400(here, api_as, bob, body):
    before = state()

    response = api_as(bob).post("/api/v1/reports/", body, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert state() == before


def test_a_note_too_long_is_400(here, api_as, bob):
    before = state()

    response = report(api_as(bob), here.message, note="x" * 501)

    assert response.status_code == 400
    assert response.json()["code"] == "too_long"
    assert response.json()["extra"]["field"] == "note"
    assert state() == before


def test_an_unknown_profile_is_404(here, api_as, bob):
    before = state()

    response = api_as(bob).post(
        "/api/v1/reports/", {"profile": "Nobody At All", "guideline": "respect"}, format="json"
    )

    assert response.status_code == 404
    assert response.json()["code"] == "unknown_person"
    assert state() == before
