"""Moderators work cases through the API: the case in context, acting from the ladder,
notices to both sides, the edit-and-resubmit loop, and acting badly refused with nothing
changed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerhaven.conversations.models import Message, Moderation
from peerhaven.moderation import services
from peerhaven.moderation.models import Action, Case, GroupMute, Notice
from tests.conversations.helpers import post
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.api_helpers import REASON, RUDE, act, place, report, state

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(facilitator, alice, bob):
    return place(facilitator=facilitator, alice=alice, bob=bob)


@pytest.fixture
def case(here, api_as, bob) -> Case:
    assert report(api_as(bob), here.message, note="This hurt").status_code == 201
    return Case.objects.get()


def _texts_seen_by(client, conversation) -> list[str]:
    response = client.get(f"/api/v1/conversations/{conversation.pk}/messages/")
    assert response.status_code == 200
    return [m["text"] for m in response.json()["messages"]]


def test_a_case_shows_the_content_in_context_and_earlier_cases(here, case, api_as, alice, bob):
    earlier = post(here.conversation, alice, "An earlier unkind reply")
    services.report_message(reporter=bob, message=earlier, guideline_key="respect")
    services.case_act(
        moderator=here.group.memberships.get(role="facilitator").user,
        case=Case.objects.get(message=earlier),
        kind=Action.Kind.NOTE,
        guideline_key="respect",
        reason=REASON,
    )
    after = post(here.conversation, bob, "Please be kind.")
    facilitator = here.group.memberships.get(role="facilitator").user

    response = api_as(facilitator).get(f"/api/v1/moderation/cases/{case.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "open"
    assert body["content"] == RUDE
    assert body["reports"] == [
        {
            "reporter": "Bob",
            "guideline": "respect",
            "guideline_title": body["reports"][0]["guideline_title"],
            "note": "This hurt",
            "created_at": body["reports"][0]["created_at"],
        }
    ]
    assert body["reports"][0]["guideline_title"] != "respect"  # the title, not the key
    texts = [(m["author"], m["text"], m["reported"]) for m in body["context_messages"]]
    assert ("Alice", RUDE, True) in texts
    assert ("Bob", after.body, False) in texts
    assert body["prior_case_count"] == 1
    assert body["prior_cases"][0]["actions"] == ["note"]
    assert "respect" in [g["key"] for g in body["guideline_choices"]]


def test_an_admin_outside_the_group_sees_the_report_but_not_the_conversation(
    here, case, api_as, org_admin
):
    body = api_as(org_admin).get(f"/api/v1/moderation/cases/{case.pk}/").json()

    assert body["content"] == RUDE  # what was reported, to decide on
    assert body["context_messages"]
    assert all(m["text"] is None for m in body["context_messages"])


def test_an_action_tells_the_author_and_the_reporter(here, case, api_as, alice, bob, facilitator):
    response = act(api_as(facilitator), case, "remove")

    assert response.status_code == 201
    assert response.json()["kind"] == "remove"
    assert response.json()["case_status"] == "closed"
    assert response.json()["moderator"] == "Fran"
    author = api_as(alice).get("/api/v1/notices/").json()
    reporter = api_as(bob).get("/api/v1/notices/").json()
    assert author["unread"] == 1
    [told] = author["results"]
    assert told["kind"] == "action_taken"
    assert REASON in told["body"]
    assert "appeal" in told["body"]
    assert told["link"] == f"/moderation/mine/{case.pk}/"
    assert told["read"] is False
    assert reporter["unread"] == 1
    [outcome] = reporter["results"]
    assert outcome["kind"] == "report_outcome"
    # The outcome, not the private details about the other person.
    assert REASON not in outcome["body"]
    assert "Alice" not in outcome["body"]
    mine = api_as(alice).get("/api/v1/my-cases/").json()
    assert mine["count"] == 1
    assert mine["results"][0]["actions"][0]["kind"] == "remove"
    assert mine["results"][0]["actions"][0]["can_appeal"] is True
    assert RUDE not in _texts_seen_by(api_as(bob), here.conversation)


def test_marking_notices_read(case, api_as, alice, facilitator):
    act(api_as(facilitator), case, "note")
    client = api_as(alice)

    marked = client.post("/api/v1/notices/read/")
    again = client.post("/api/v1/notices/read/")

    assert marked.json() == {"marked": 1}
    assert again.json() == {"marked": 0}
    listed = client.get("/api/v1/notices/").json()
    assert listed["unread"] == 0
    assert listed["results"][0]["read"] is True


def test_edit_and_resubmit_loop_through_the_api(
    here, case, api_as, web_as, alice, bob, facilitator
):
    moderator, author, reporter = api_as(facilitator), api_as(alice), api_as(bob)

    hidden = act(moderator, case, "hide_pending_edit")
    assert hidden.status_code == 201
    assert hidden.json()["case_status"] == "awaiting_edit"
    assert RUDE not in _texts_seen_by(reporter, here.conversation)
    assert RUDE in _texts_seen_by(author, here.conversation)  # the author still sees it
    assert moderator.get("/api/v1/moderation/cases/").json()["count"] == 0
    assert author.get(f"/api/v1/my-cases/{case.pk}/").json()["status"] == "awaiting_edit"

    edited = author.patch(
        f"/api/v1/messages/{here.message.pk}/",
        {"text": "I was upset. I'm sorry I called you names."},
        format="json",
    )
    assert edited.status_code == 200
    queue = moderator.get("/api/v1/moderation/cases/?status=resubmitted").json()
    assert [c["id"] for c in queue["results"]] == [case.pk]
    # The words reported stay with the case beside the edit.
    assert queue["results"][0]["content"] == RUDE
    assert queue["results"][0]["edited_content"] == "I was upset. I'm sorry I called you names."
    page = web_as(facilitator).get(f"/moderation/cases/{case.pk}/").content.decode()
    assert "edited text" in page and "I was upset." in page
    assert "What was reported, as members saw it" in page and RUDE in page
    mine = author.get(f"/api/v1/my-cases/{case.pk}/").json()
    assert (mine["content"], mine["edited_content"]) == (
        RUDE,
        "I was upset. I'm sorry I called you names.",
    )
    assert "I was upset" not in " ".join(_texts_seen_by(reporter, here.conversation))

    approved = act(moderator, case, "approve")
    assert approved.status_code == 201
    assert approved.json()["case_status"] == "closed"
    assert "I was upset. I'm sorry I called you names." in _texts_seen_by(
        reporter, here.conversation
    )
    kinds = [n["kind"] for n in reporter.get("/api/v1/notices/").json()["results"]]
    assert kinds == ["report_outcome"]
    author_notices = author.get("/api/v1/notices/").json()["results"]
    assert [n["kind"] for n in author_notices] == ["action_taken", "action_taken"]
    assert [a["kind"] for a in author.get(f"/api/v1/my-cases/{case.pk}/").json()["actions"]] == [
        "hide_pending_edit",
        "approve",
    ]


def test_a_mute_stops_posting_in_the_group_for_a_while(
    here, case, api_as, alice, facilitator, django_capture_on_commit_callbacks
):
    # The mute clears the cached posting gate once committed.
    with django_capture_on_commit_callbacks(execute=True):
        response = act(api_as(facilitator), case, "mute", mute_days=7)

    assert response.status_code == 201
    assert response.json()["until"] is not None
    assert GroupMute.objects.filter(user=alice, group=here.group).exists()
    refused = api_as(alice).post(
        f"/api/v1/conversations/{here.conversation.pk}/messages/",
        {"text": "Let me say one more thing"},
        format="json",
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "muted_in_group"


# --- Acting badly: a clear error, nothing changed -----------------------------------------


def test_acting_on_a_closed_case_is_409(case, api_as, facilitator, org_admin):
    assert act(api_as(facilitator), case, "no_action").status_code == 201
    before = state()

    again = act(api_as(org_admin), case, "remove")

    assert again.status_code == 409
    assert again.json()["code"] == "case_closed"
    assert state() == before


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"kind": "ban"}, "invalid"),
        ({"kind": "mute", "mute_days": 0}, "invalid"),
        ({"kind": "mute", "mute_days": 91}, "invalid"),
        ({"kind": "mute", "mute_days": "a week"}, "invalid"),
        ({"kind": "mute"}, "invalid_action"),
        ({"guideline": "be-nice"}, "unknown_guideline"),
        ({"reason": "   "}, "required"),
        ({"reason": "x" * 1001}, "too_long"),
        ({"kind": "approve"}, "invalid_action"),
    ],
    ids=[
        "unknown-kind",
        "mute-0-days",
        "mute-91-days",
        "mute-days-not-a-number",
        "mute-without-days",
        "unknown-guideline",
        "blank-reason",
        "reason-too-long",
        "approve-an-unedited-case",
    ],
)
def test_bad_actions_are_400_and_change_nothing(case, api_as, facilitator, fields, code):
    before = state()
    body = {"kind": "remove", **fields}

    response = act(api_as(facilitator), case, **body)

    assert response.status_code == 400
    assert response.json()["code"] == code
    assert state() == before


def test_unknown_guideline_lists_the_choices(case, api_as, facilitator):
    response = act(api_as(facilitator), case, "note", guideline="be-nice")

    assert "respect" in response.json()["extra"]["choices"]


def test_only_admins_suspend(case, api_as, facilitator, org_admin, alice):
    before = state()

    refused = act(api_as(facilitator), case, "suspend")

    assert refused.status_code == 403
    assert refused.json()["code"] == "admins_only"
    assert state() == before
    assert act(api_as(org_admin), case, "suspend").status_code == 201
    alice.refresh_from_db()
    assert alice.is_active is False


def test_acting_on_a_missing_case_is_404(api_as, facilitator):
    response = api_as(facilitator).post(
        "/api/v1/moderation/cases/999999/actions/",
        {"kind": "note", "guideline": "respect", "reason": REASON},
        format="json",
    )

    assert response.status_code == 404


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_filters_by_group_and_status(here, case, api_as, facilitator, org_admin):
    client = api_as(org_admin)

    by_group = client.get(f"/api/v1/moderation/cases/?group={here.group.slug}").json()
    other = client.get(f"/api/v1/moderation/cases/?group={here.other_group.slug}").json()
    resubmitted = client.get("/api/v1/moderation/cases/?status=resubmitted").json()
    missing = client.get("/api/v1/moderation/cases/?group=no-such-group")
    bad_status = client.get("/api/v1/moderation/cases/?status=closed")

    assert by_group["count"] == 1
    assert other["count"] == 0
    assert resubmitted["count"] == 0
    assert missing.status_code == 404
    assert bad_status.status_code == 400


def test_safety_cases_come_first(here, case, api_as, alice, bob, facilitator):
    worrying = post(here.conversation, alice, "I can't go on. I want to end my life tonight.")
    assert worrying.risk_level in ("concern", "urgent")
    report(api_as(bob), worrying, "boundaries")

    results = api_as(facilitator).get("/api/v1/moderation/cases/").json()["results"]

    assert [c["message"] for c in results] == [worrying.pk, here.message.pk]
    assert results[0]["severity"] == Case.Severity.SAFETY


def test_the_queue_costs_the_same_queries_for_one_case_or_many(here, case, api_as, facilitator):
    client = api_as(facilitator)
    client.get("/api/v1/moderation/cases/")  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        assert client.get("/api/v1/moderation/cases/").json()["count"] == 1
    for n in range(4):
        reporter = UserFactory()
        join_now(reporter, here.group)
        message = post(here.conversation, here.message.author, f"Another rude reply {n}")
        services.report_message(reporter=reporter, message=message, guideline_key="respect")

    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/v1/moderation/cases/").json()["count"] == 5

    assert len(many) == len(one)


def test_a_removed_message_cannot_be_reported_again_by_members(
    here, case, api_as, bob, facilitator
):
    act(api_as(facilitator), case, "remove")

    assert Message.objects.get(pk=here.message.pk).moderation == Moderation.REMOVED
    response = api_as(bob).get(f"/api/v1/reports/guidelines/?message={here.message.pk}")
    assert response.status_code == 404
    assert Notice.objects.filter(user=bob).count() == 1
