"""An urgent message or "I need help now" raises an alert for whoever is on duty, and the
message itself goes through untouched."""

from __future__ import annotations

from unittest.mock import patch

import pytest

from peerhaven.conversations.models import Message
from peerhaven.safety import services
from peerhaven.safety.models import Alert, AlertEvent, AlertRecipient
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.safety.alert_helpers import EVERYDAY, URGENT, add_facilitator, on_duty_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def conversation(group, bob):
    return thread(group, bob)


def test_an_urgent_message_is_stored_and_raises_an_alert_for_the_facilitator_on_duty(
    group, conversation, facilitator, alice, org_admin
):
    on_duty_all_week(facilitator, group=group)
    message = post(conversation, alice, URGENT)

    assert Message.objects.get(pk=message.pk).body == URGENT
    alert = Alert.objects.get(message=message)
    assert alert.kind == Alert.Kind.SCREENED
    assert alert.member == alice and alert.group == group
    assert alert.status == Alert.Status.OPEN
    assert alert.chain == [[facilitator.pk], [org_admin.pk]]
    assert not alert.nobody_on_duty
    assert list(AlertRecipient.objects.filter(alert=alert).values_list("user", flat=True)) == [
        facilitator.pk
    ]
    assert alert.escalate_at is not None


def test_an_everyday_message_raises_no_alert(conversation, alice):
    post(conversation, alice, EVERYDAY)
    assert not Alert.objects.exists()


def test_a_failing_screen_delivers_the_message_and_raises_an_alert(
    group, conversation, facilitator, alice
):
    on_duty_all_week(facilitator, group=group)
    with patch("peerhaven.conversations.screening.screen_risk", side_effect=RuntimeError("boom")):
        message = post(conversation, alice, URGENT)
    assert Message.objects.filter(pk=message.pk, body=URGENT).exists()
    alert = Alert.objects.get(message=message)
    assert alert.kind == Alert.Kind.SCREENING_FAILED
    assert alert.reasons == ["screening_failed"]


def test_a_failure_while_raising_the_alert_keeps_the_message_and_retries(
    group, conversation, facilitator, alice, django_capture_on_commit_callbacks
):
    on_duty_all_week(facilitator, group=group)
    with (
        patch(
            "peerhaven.safety.services.alert_raise_for_message",
            side_effect=RuntimeError("database hiccup"),
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        message = post(conversation, alice, URGENT)
    assert Message.objects.filter(pk=message.pk, body=URGENT).exists()
    # The retry task was queued after commit; running it raises the alert once.
    from peerhaven.safety.tasks import raise_alert_for_message

    assert raise_alert_for_message.call(message_id=message.pk) is True
    assert raise_alert_for_message.call(message_id=message.pk) is False
    assert Alert.objects.filter(message=message).count() == 1


def test_nobody_on_duty_goes_to_the_fallback_and_is_marked_as_a_gap(
    group, conversation, alice, org_admin
):
    fallback = UserFactory(display_name="Night admin", role="admin", is_staff=True)
    on_duty_all_week(fallback)
    message = post(conversation, alice, URGENT)
    alert = Alert.objects.get(message=message)
    assert alert.nobody_on_duty
    # A named fallback for the hour takes it; other admins are not woken.
    assert alert.chain == [[fallback.pk]]
    assert AlertRecipient.objects.filter(alert=alert, user=fallback).exists()


def test_with_no_fallback_named_every_admin_is_alerted(group, conversation, alice, org_admin):
    other_admin = UserFactory(display_name="Second admin", role="admin", is_staff=True)
    alert = Alert.objects.get(message=post(conversation, alice, URGENT))
    assert alert.chain == [[org_admin.pk, other_admin.pk]]
    assert alert.nobody_on_duty


def test_with_nobody_at_all_the_alert_is_still_stored_and_recorded_unanswered(
    group, conversation, alice
):
    alert = Alert.objects.get(message=post(conversation, alice, URGENT))
    assert alert.chain == []
    assert alert.events.filter(kind=AlertEvent.Kind.UNANSWERED).exists()


def test_facilitators_on_duty_are_asked_one_after_another_then_the_fallback(
    group, conversation, facilitator, alice, org_admin
):
    second = UserFactory(display_name="Second facilitator", role="facilitator")
    add_facilitator(group, second)
    on_duty_all_week(facilitator, group=group)
    on_duty_all_week(second, group=group)
    alert = Alert.objects.get(message=post(conversation, alice, URGENT))
    assert alert.chain == [[facilitator.pk], [second.pk], [org_admin.pk]]


def test_a_facilitator_in_distress_is_not_their_own_responder(
    group, conversation, facilitator, org_admin
):
    on_duty_all_week(facilitator, group=group)
    alert = Alert.objects.get(message=post(conversation, facilitator, URGENT))
    assert alert.chain == [[org_admin.pk]]
    assert alert.nobody_on_duty


def test_help_request_names_the_group_and_a_second_press_joins_the_first(group, facilitator, alice):
    on_duty_all_week(facilitator, group=group)
    alert, created = services.help_request_create(member=alice, group=group)
    again, created_again = services.help_request_create(member=alice, group=group)
    assert created and not created_again
    assert again.pk == alert.pk
    assert alert.kind == Alert.Kind.HELP_REQUEST
    assert alert.chain[0] == [facilitator.pk]


def test_help_request_for_a_group_the_member_is_not_in_goes_site_wide(group, charlie, org_admin):
    alert, created = services.help_request_create(member=charlie, group=group)
    assert created
    assert alert.group is None
    assert alert.chain == [[org_admin.pk]]
