"""Listings nobody has confirmed for a while are marked as possibly out of date, and their
facilitators are asked, once, to check them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from peerhaven.accounts.models import Role
from peerhaven.groups.models import Membership
from peerhaven.meetings import reminders, services
from peerhaven.meetings.models import MeetingSeries
from peerhaven.moderation.models import Notice
from tests.conversations.helpers import group_with
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.meetings.helpers import group_with_meeting, weekly_meeting

pytestmark = pytest.mark.django_db

SITE = "https://peerhaven.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.PEERHAVEN_SITE_URL = SITE
    settings.PEERHAVEN_MEETING_CONFIRM_DAYS = 90


def last_confirmed(series: MeetingSeries, days_ago: float) -> None:
    series.confirmed_at = timezone.now() - timedelta(days=days_ago)
    series.save(update_fields=["confirmed_at"])


@pytest.fixture
def cofacilitator(db):
    return UserFactory(display_name="Sam", email="sam@example.org", role=Role.FACILITATOR)


def test_a_listing_unconfirmed_for_90_days_is_stale_and_its_facilitator_is_asked_once(
    facilitator,
):
    series = group_with_meeting(facilitator)
    last_confirmed(series, 91)
    assert services.is_stale(series)

    assert reminders.stale_listings_remind() == 1
    assert reminders.stale_listings_remind() == 0

    (message,) = mail.outbox
    assert message.to == [facilitator.email]
    assert "Tuesday evening circle" in message.subject
    assert f"{SITE}/meetings/series/{series.pk}/confirm/" in message.body
    assert "90 days" in message.body
    notice = Notice.objects.get(user=facilitator)
    assert notice.kind == Notice.Kind.MEETING
    assert notice.link == f"/meetings/series/{series.pk}/confirm/"
    series.refresh_from_db()
    assert series.stale_reminded_at is not None


def test_a_recently_confirmed_listing_is_left_alone(facilitator):
    series = group_with_meeting(facilitator)
    last_confirmed(series, 89)

    assert not services.is_stale(series)
    assert reminders.stale_listings_remind() == 0
    assert mail.outbox == []


def test_confirming_starts_the_wait_again_and_a_later_lapse_is_asked_about_again(facilitator):
    series = group_with_meeting(facilitator)
    last_confirmed(series, 91)
    reminders.stale_listings_remind()

    services.series_confirm(actor=facilitator, series=series)
    assert not services.is_stale(series)
    assert reminders.stale_listings_remind() == 0

    later = timezone.now() + timedelta(days=91)
    assert reminders.stale_listings_remind(now=later) == 1
    assert len(mail.outbox) == 2


def test_the_waiting_time_follows_the_setting(facilitator, settings):
    settings.PEERHAVEN_MEETING_CONFIRM_DAYS = 30
    series = group_with_meeting(facilitator)
    last_confirmed(series, 31)

    assert reminders.stale_listings_remind() == 1
    assert "30 days" in mail.outbox[0].body


def test_the_series_facilitator_is_asked_rather_than_every_facilitator(facilitator, cofacilitator):
    series = group_with_meeting(facilitator)
    join_now(cofacilitator, series.group, role=Membership.Role.FACILITATOR)
    series.facilitator = cofacilitator
    series.save(update_fields=["facilitator"])
    last_confirmed(series, 100)

    reminders.stale_listings_remind()

    assert [m.to for m in mail.outbox] == [[cofacilitator.email]]
    assert list(Notice.objects.values_list("user_id", flat=True)) == [cofacilitator.pk]


def test_every_facilitator_is_asked_when_the_series_facilitator_stepped_down(
    facilitator, cofacilitator, alice
):
    series = group_with_meeting(facilitator, members=[alice])
    join_now(cofacilitator, series.group, role=Membership.Role.FACILITATOR)
    series.facilitator = cofacilitator
    series.save(update_fields=["facilitator"])
    Membership.objects.filter(user=cofacilitator).update(role=Membership.Role.MEMBER)
    last_confirmed(series, 100)

    reminders.stale_listings_remind()

    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    assert not Notice.objects.filter(user=alice).exists()


def test_ended_series_are_not_asked_about(facilitator):
    ended = group_with_meeting(facilitator)
    services.series_end(actor=facilitator, series=ended)
    last_confirmed(ended, 100)
    old_group = group_with(name="Old Circle", facilitator=facilitator)
    past = weekly_meeting(old_group, facilitator, end_date=timezone.localdate() - timedelta(days=3))
    last_confirmed(past, 100)

    assert reminders.stale_listings_remind() == 0
    assert mail.outbox == []
