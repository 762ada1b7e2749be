"""Deleting an account erases what "export my data" holds: earlier versions of messages,
appeals, mutes, read marks, places in mediations. Alerts and cases about the person stay
for the counts, without the person or their words. Other people's data stays."""

from __future__ import annotations

import pytest

from peerhaven.conversations import services as conversation_services
from peerhaven.conversations.models import ConversationParticipant, MessageRevision, ReadMark
from peerhaven.moderation import mediation
from peerhaven.moderation import services as moderation_services
from peerhaven.moderation.models import Appeal, GroupMute
from peerhaven.safety import services as safety_services
from peerhaven.safety.models import Alert
from tests.conversations.helpers import group_with, post, thread
from tests.factories import PASSWORD
from tests.safety.alert_helpers import URGENT, on_duty_all_week

pytestmark = pytest.mark.django_db


def test_deleting_the_account_erases_everything_its_export_held(
    api_as, facilitator, alice, bob, charlie
):
    group = group_with(facilitator=facilitator, members=[alice, bob, charlie])
    on_duty_all_week(facilitator, group=group)
    conversation = thread(group, charlie, title="Sleep")
    mine = post(conversation, alice, "Alice's first words")
    conversation_services.message_edit(user=alice, message=mine, text="Alice's second words")
    bobs = post(conversation, bob, "Bob's first words")
    conversation_services.message_edit(user=bob, message=bobs, text="Bob's second words")
    conversation_services.read_mark_update(user=alice, conversation=conversation, seq=2)
    conversation_services.read_mark_update(user=bob, conversation=conversation, seq=2)
    case = moderation_services.report_message(
        reporter=bob, message=mine, guideline_key="respect"
    ).case
    action = moderation_services.case_act(
        moderator=facilitator,
        case=case,
        kind="mute",
        guideline_key="respect",
        reason="A pause.",
        mute_days=3,
    )
    moderation_services.appeal_create(appellant=alice, action=action, text="Please reconsider")
    mediation.mediation_open(
        facilitator=facilitator,
        group=group,
        members=[alice, bob],
        title="Clearing the air",
        opening_note="Let us talk.",
    )
    screened = post(conversation, charlie, URGENT)
    safety_services.help_request_create(member=alice, group=group)
    alice_id = alice.pk

    response = api_as(alice).post("/api/v1/me/delete/", {"password": PASSWORD}, format="json")

    assert response.status_code == 204
    assert not MessageRevision.objects.filter(body="Alice's first words").exists()
    assert not Appeal.objects.filter(text="Please reconsider").exists()
    assert not GroupMute.objects.filter(user_id=alice_id).exists()
    assert not ReadMark.objects.filter(user_id=alice_id).exists()
    assert not ConversationParticipant.objects.filter(user_id=alice_id).exists()
    case.refresh_from_db()
    assert case.subject_id is None and case.snapshot == ""
    [help_request] = Alert.objects.filter(kind=Alert.Kind.HELP_REQUEST)
    assert help_request.member_id is None  # still counted on the dashboard
    # Everyone else's data stays.
    assert list(MessageRevision.objects.values_list("body", flat=True)) == ["Bob's first words"]
    assert ReadMark.objects.filter(user=bob).exists()
    assert ConversationParticipant.objects.filter(user=bob).exists()
    assert Alert.objects.get(message=screened).member == charlie
