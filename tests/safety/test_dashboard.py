"""The safety dashboard's counts: time to acknowledge by week (median and p90), outcomes,
false-alarm rate, alerts raised with nobody on duty, and screening feedback by reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerhaven.safety import selectors, services
from peerhaven.safety.models import Alert
from tests.conversations.helpers import group_with, post, thread
from tests.safety.alert_helpers import URGENT, on_duty_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    group = group_with(facilitator=facilitator, members=[alice, bob])
    on_duty_all_week(facilitator, group=group)
    return group


def _alert_acknowledged_after(group, member, seconds: float | None, outcome: str | None = None):
    alert, _ = services.help_request_create(member=member, group=group)
    Alert.objects.filter(pk=alert.pk).update(kind=Alert.Kind.SCREENED)  # several per person
    if seconds is not None:
        Alert.objects.filter(pk=alert.pk).update(
            status=Alert.Status.CLOSED if outcome else Alert.Status.ACKNOWLEDGED,
            acknowledged_at=alert.created_at + timedelta(seconds=seconds),
            outcome=outcome or "",
        )
    return alert


def test_times_to_acknowledge_outcomes_and_false_alarms(group, facilitator, alice, bob, charlie):
    waits = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]
    for i, seconds in enumerate(waits):
        _alert_acknowledged_after(
            group, [alice, bob][i % 2], seconds, "false_alarm" if i < 3 else "checked_in"
        )
    _alert_acknowledged_after(group, alice, None)  # still open

    dashboard = selectors.dashboard_for(user=facilitator)
    this_week = dashboard.weeks[-1]
    assert this_week.raised == 11
    assert this_week.acknowledged == 10
    assert this_week.median_seconds == pytest.approx(55)
    assert this_week.p90_seconds == pytest.approx(90)
    assert dashboard.closed == 10
    assert dashboard.false_alarms == 3
    assert dashboard.false_alarm_rate == pytest.approx(0.3)
    assert dashboard.outcomes["checked_in"] == 7
    assert len(dashboard.open_alerts) == 1
    assert len(dashboard.weeks) == 8


def test_screening_feedback_counts_reasons_and_false_alarms(group, facilitator, alice, bob):
    alert = Alert.objects.get(message=post(thread(group, bob), alice, URGENT))
    services.alert_close(user=facilitator, alert=alert, outcome="false_alarm")
    dashboard = selectors.dashboard_for(user=facilitator)
    assert dashboard.by_reason["suicidal_thoughts"] == {"alerts": 1, "false_alarms": 1}


def test_a_gap_in_duty_shows_on_the_dashboard(facilitator, alice, org_admin, web_as):
    unstaffed = group_with(name="Unstaffed group", facilitator=facilitator, members=[alice])
    Alert.objects.get(message=post(thread(unstaffed, alice), alice, URGENT))
    dashboard = selectors.dashboard_for(user=org_admin)
    assert dashboard.nobody_on_duty == 1
    assert dashboard.weeks[-1].nobody_on_duty == 1
    page = web_as(org_admin).get("/safety/dashboard/").content.decode()
    assert "1 alert was raised while nobody was on duty" in page


def test_a_facilitator_counts_only_their_groups(group, facilitator, alice, bob, org_admin):
    other_facilitator_group = group_with(name="Elsewhere", facilitator=org_admin, members=[bob])
    services.help_request_create(member=bob, group=other_facilitator_group)
    services.help_request_create(member=alice, group=group)
    assert len(selectors.dashboard_for(user=facilitator).open_alerts) == 1
    assert len(selectors.dashboard_for(user=org_admin).open_alerts) == 2


def test_old_alerts_fall_outside_the_weeks_shown(group, facilitator, alice):
    alert = _alert_acknowledged_after(group, alice, 30, "checked_in")
    Alert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(weeks=20))
    assert selectors.dashboard_for(user=facilitator).closed == 0
