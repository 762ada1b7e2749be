"""The export holds everything stored for the person: earlier versions of what they
wrote, what moderators did about it and their appeals, alerts about them, read marks,
mediations, mutes and sign-ins. Never other people's private words about them."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt, AccessLog

from peerhaven.conversations import services as conversation_services
from peerhaven.moderation import mediation
from peerhaven.moderation import services as moderation_services
from peerhaven.safety import services as safety_services
from peerhaven.safety.models import Alert
from tests.conversations.helpers import group_with, post, thread
from tests.safety.alert_helpers import URGENT, on_duty_all_week

pytestmark = pytest.mark.django_db

BOBS_REPORT_NOTE = "Alice keeps getting at me, see her other posts too"
RESPONDERS_NOTE = "Talked to her sister; history of crises"


@pytest.fixture
def group(facilitator, alice, bob, charlie):
    group = group_with(facilitator=facilitator, members=[alice, bob, charlie])
    on_duty_all_week(facilitator, group=group)
    return group


def export_of(api_as, user) -> tuple[str, dict]:
    response = api_as(user).get("/api/v1/me/export/")
    assert response.status_code == 200
    body = response.content.decode()
    return body, json.loads(body)


def test_export_holds_the_earlier_versions_of_an_edited_message(api_as, group, alice, bob):
    mine = post(thread(group, bob), alice, "First words, sent too soon")
    conversation_services.message_edit(user=alice, message=mine, text="Second words")
    conversation_services.message_edit(user=alice, message=mine, text="Final words")
    bobs = post(mine.conversation, bob, "Bob's first try")
    conversation_services.message_edit(user=bob, message=bobs, text="Bob's reply")

    body, data = export_of(api_as, alice)

    exported = next(m for m in data["messages"] if m["id"] == mine.pk)
    assert exported["text"] == "Final words"
    assert [v["text"] for v in exported["earlier_versions"]] == [
        "First words, sent too soon",
        "Second words",
    ]
    assert "Bob's first try" not in body


def test_export_holds_the_appeal_and_the_case_but_not_who_reported_or_their_note(
    api_as, group, alice, bob, facilitator, org_admin
):
    message = post(thread(group, bob), alice, "You are all idiots.")
    case = moderation_services.report_message(
        reporter=bob, message=message, guideline_key="respect", note=BOBS_REPORT_NOTE
    ).case
    action = moderation_services.case_act(
        moderator=facilitator,
        case=case,
        kind="mute",
        guideline_key="respect",
        reason="A pause to cool down.",
        mute_days=3,
    )
    appeal = moderation_services.appeal_create(
        appellant=alice, action=action, text="I was upset that night, I am sorry."
    )
    moderation_services.appeal_decide(
        moderator=org_admin, appeal=appeal, overturn=False, note="The mute stands."
    )

    body, data = export_of(api_as, alice)

    section = data["moderation"]
    assert [(a["text"], a["status"], a["decision_note"]) for a in section["appeals"]] == [
        ("I was upset that night, I am sorry.", "upheld", "The mute stands.")
    ]
    [exported_case] = section["cases_about_me"]
    assert exported_case["content"] == "You are all idiots."
    assert [(a["kind"], a["reason"]) for a in exported_case["actions"]] == [
        ("mute", "A pause to cool down.")
    ]
    assert [m["group"] for m in section["group_mutes"]] == [group.slug]
    # Reporters are never revealed to the person reported; moderators are not named.
    assert BOBS_REPORT_NOTE not in body
    for name in ("Bob", "Fran", "Ada"):
        assert f'"{name}"' not in body
    # Bob's own export has his report, not Alice's appeal.
    bob_body, bob_data = export_of(api_as, bob)
    assert [r["note"] for r in bob_data["moderation"]["reports_made"]] == [BOBS_REPORT_NOTE]
    assert "I was upset that night" not in bob_body


def test_export_holds_help_requests_and_alerts_about_the_person_but_not_responders_notes(
    api_as, group, alice, bob, facilitator
):
    screened = post(thread(group, bob), alice, URGENT)
    help_request, _created = safety_services.help_request_create(member=alice, group=group)
    safety_services.alert_acknowledge(user=facilitator, alert=help_request)
    safety_services.alert_close(
        user=facilitator, alert=help_request, outcome="checked_in", note=RESPONDERS_NOTE
    )
    safety_services.help_request_create(member=bob, group=group)

    body, data = export_of(api_as, alice)

    alerts = {a["kind"]: a for a in data["alerts_about_me"]}
    assert set(alerts) == {Alert.Kind.SCREENED, Alert.Kind.HELP_REQUEST}
    assert alerts["screened"]["message"] == screened.pk
    assert "suicidal_thoughts" in [r["code"] for r in alerts["screened"]["reasons"]]
    assert alerts["help_request"]["status"] == "closed"
    assert alerts["help_request"]["outcome"] == "checked_in"
    assert alerts["help_request"]["acknowledged_at"] is not None
    # The responders' note and who was on duty are theirs, not the member's.
    assert RESPONDERS_NOTE not in body
    assert '"Fran"' not in body
    # Bob's own request is not in Alice's export.
    assert len(data["alerts_about_me"]) == 2


def test_export_holds_read_marks_mediations_and_sign_ins_but_not_failed_attempts(
    api_as, group, alice, bob, facilitator
):
    conversation = thread(group, bob, title="Sleep")
    conversation_services.read_mark_update(user=alice, conversation=conversation, seq=1)
    talk = mediation.mediation_open(
        facilitator=facilitator,
        group=group,
        members=[alice, bob],
        title="Clearing the air",
        opening_note="Let us talk this through.",
    )
    AccessLog.objects.create(username=alice.email, ip_address="192.0.2.7", user_agent="Mine")
    AccessAttempt.objects.create(
        username=alice.email, ip_address="203.0.113.9", user_agent="Guesser", failures_since_start=3
    )

    body, data = export_of(api_as, alice)

    assert {(m["conversation"], m["last_seen"]) for m in data["read_marks"]} >= {("Sleep", 1)}
    assert [m["conversation"] for m in data["mediations"]] == [talk.title]
    assert ("192.0.2.7", "Mine") in [(s["ip_address"], s["browser"]) for s in data["sign_ins"]]
    assert "203.0.113.9" not in body
    assert "Guesser" not in body
