"""Reminders before a meeting: by e-mail and in the notices, to everyone going, once per
meeting however many workers run, with the address and link only for those allowed."""

from __future__ import annotations

import threading
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from peerhaven.accounts.models import Profile
from peerhaven.core.periodic import registered
from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.meetings import reminders, services
from peerhaven.meetings.models import MeetingSeries, Occurrence, Rsvp
from peerhaven.moderation.models import Notice
from tests.conversations.helpers import group_with
from tests.factories import UserFactory
from tests.groups.helpers import agree_now, publish_instance_version
from tests.meetings.helpers import ADDRESS, LINK, group_with_meeting, weekly_meeting

SITE = "https://peerhaven.example.org"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.PEERHAVEN_SITE_URL = SITE
    settings.PEERHAVEN_MEETING_REMINDER_MINUTES = 24 * 60


def next_meeting(series: MeetingSeries) -> Occurrence:
    return series.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()


def going(occurrence: Occurrence, *people, status: str = Rsvp.Status.GOING) -> None:
    for person in people:
        Rsvp.objects.create(occurrence=occurrence, user=person, status=status)


def mail_to(person) -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.to == [person.email]]


def hours_before(occurrence: Occurrence, hours: float) -> datetime:
    return occurrence.starts_at - timedelta(hours=hours)


@pytest.mark.django_db
def test_everyone_going_is_reminded_by_email_and_notice(facilitator, alice, bob):
    series = group_with_meeting(facilitator, members=[alice, bob])
    meeting = next_meeting(series)
    going(meeting, alice, bob)

    assert reminders.reminders_send_due(now=hours_before(meeting, 3)) == 1

    assert len(mail.outbox) == 2
    for person in (alice, bob):
        (message,) = mail_to(person)
        assert "Tuesday evening circle" in message.subject
        assert f"{SITE}/meetings/occurrences/{meeting.pk}/" in message.body
        notice = Notice.objects.get(user=person)
        assert notice.kind == Notice.Kind.MEETING
        assert notice.link == f"/meetings/occurrences/{meeting.pk}/"
    meeting.refresh_from_db()
    assert meeting.reminded_at is not None


@pytest.mark.django_db
def test_running_twice_sends_each_reminder_once(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice])
    meeting = next_meeting(series)
    going(meeting, alice)

    assert reminders.reminders_send_due(now=hours_before(meeting, 3)) == 1
    assert reminders.reminders_send_due(now=hours_before(meeting, 2)) == 0
    assert reminders.reminders_send_due(now=hours_before(meeting, 1)) == 0

    assert len(mail.outbox) == 1
    assert Notice.objects.filter(user=alice).count() == 1


@pytest.mark.django_db
def test_only_meetings_starting_within_the_reminder_time_are_reminded(facilitator, alice, settings):
    settings.PEERHAVEN_MEETING_REMINDER_MINUTES = 120
    series = group_with_meeting(facilitator, members=[alice])
    meeting = next_meeting(series)
    going(meeting, alice)

    assert reminders.reminders_send_due(now=hours_before(meeting, 3)) == 0
    assert reminders.reminders_send_due(now=meeting.starts_at + timedelta(minutes=1)) == 0
    assert mail.outbox == []
    assert reminders.reminders_send_due(now=hours_before(meeting, 1.5)) == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_waitlisted_people_and_cancelled_meetings_get_no_reminder(facilitator, alice, bob):
    series = group_with_meeting(facilitator, members=[alice, bob])
    first, second = list(series.occurrences.filter(starts_at__gt=timezone.now()))[:2]
    going(first, alice)
    going(first, bob, status=Rsvp.Status.WAITLISTED)
    going(second, alice)
    services.occurrence_cancel(actor=facilitator, occurrence=second)

    reminders.reminders_send_due(now=hours_before(first, 3))
    reminders.reminders_send_due(now=hours_before(second, 3))

    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert not Notice.objects.filter(user=bob).exists()


@pytest.mark.django_db
def test_a_moved_meeting_is_reminded_again_at_its_new_time(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice])
    meeting = next_meeting(series)
    going(meeting, alice)
    reminders.reminders_send_due(now=hours_before(meeting, 3))

    services.occurrence_move(
        actor=facilitator,
        occurrence=meeting,
        local_start=datetime.combine(meeting.original_date + timedelta(days=1), time(19)),
        note="The hall is booked on Tuesday.",
    )
    meeting.refresh_from_db()
    assert reminders.reminders_send_due(now=hours_before(meeting, 3)) == 1

    assert len(mail.outbox) == 2
    assert "moved" in mail.outbox[1].body
    assert "The hall is booked on Tuesday." in mail.outbox[1].body


@pytest.mark.django_db
def test_the_email_has_the_address_and_link_only_for_people_allowed_to_see_them(
    facilitator, alice, bob
):
    series = group_with_meeting(facilitator, members=[alice, bob])
    meeting = next_meeting(series)
    going(meeting, alice, bob)
    # The guidelines changed after both said they would come; only Alice agreed again.
    publish_instance_version(change=RuleSetVersion.Change.MATERIAL, changed_text="Be kind.")
    agree_now(alice, series.group)

    reminders.reminders_send_due(now=hours_before(meeting, 3))

    (to_alice,) = mail_to(alice)
    assert ADDRESS in to_alice.body and LINK in to_alice.body
    (to_bob,) = mail_to(bob)
    assert "Quiet Lane" not in to_bob.body and "meet.example.org" not in to_bob.body
    assert "address is shown once you agree" in to_bob.body
    assert "join link is shown once you agree" in to_bob.body
    assert "Camden, London" in to_bob.body
    for notice in Notice.objects.all():
        assert "Quiet Lane" not in notice.body + notice.title
        assert "meet.example.org" not in notice.body + notice.title


@pytest.mark.django_db
def test_someone_who_left_the_group_is_told_the_address_is_shown_after_joining(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice])
    meeting = next_meeting(series)
    going(meeting, alice)
    series.group.memberships.filter(user=alice).delete()

    reminders.reminders_send_due(now=hours_before(meeting, 3))

    (message,) = mail_to(alice)
    assert "Quiet Lane" not in message.body and "meet.example.org" not in message.body
    assert "address is shown after joining" in message.body


@pytest.mark.django_db
def test_the_reminder_shows_the_time_on_the_members_clock_and_the_meetings(facilitator, alice):
    Profile.objects.filter(user=alice).update(time_zone="Australia/Sydney")
    series = group_with_meeting(facilitator, members=[alice])
    meeting = next_meeting(series)
    going(meeting, alice)

    reminders.reminders_send_due(now=hours_before(meeting, 3))

    (message,) = mail_to(alice)
    sydney = meeting.starts_at.astimezone(services.recurrence.time_zone("Australia/Sydney"))
    assert sydney.strftime("%H:%M") in message.body
    assert "Australia/Sydney" in message.body
    assert "19:00" in message.body and "Europe/London" in message.body


@pytest.mark.django_db
def test_a_failing_mailbox_does_not_stop_the_others_being_reminded(
    facilitator, alice, bob, monkeypatch
):
    series = group_with_meeting(facilitator, members=[alice, bob])
    meeting = next_meeting(series)
    going(meeting, alice, bob)
    real_send = reminders.send_mail

    def send(**kwargs):
        if kwargs["recipient_list"] == [alice.email]:
            raise OSError("mail server refused")
        return real_send(**kwargs)

    monkeypatch.setattr(reminders, "send_mail", send)
    assert reminders.reminders_send_due(now=hours_before(meeting, 3)) == 1
    assert [m.to for m in mail.outbox] == [[bob.email]]
    # Not retried: a missed reminder is better than a repeated one.
    assert reminders.reminders_send_due(now=hours_before(meeting, 2)) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_send_each_reminder_once(facilitator):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Two workers racing needs PostgreSQL (set DATABASE_URL): threads cannot share the "
            "in-memory SQLite test database, and SQLite lets only one writer in at a time."
        )
    people = [UserFactory() for _ in range(6)]
    meetings = []
    for n in range(4):
        group = group_with(name=f"Circle {n}", facilitator=facilitator, members=people)
        series = weekly_meeting(group, facilitator, title=f"Meeting {n}")
        meeting = next_meeting(series)
        going(meeting, *people)
        meetings.append(meeting)
    now = min(m.starts_at for m in meetings) - timedelta(hours=3)
    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            counts.append(reminders.reminders_send_due(now=now))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(counts) == 2 and sum(counts) == len(meetings)
    assert len(mail.outbox) == len(meetings) * len(people)
    assert len({(tuple(m.to), m.subject) for m in mail.outbox}) == len(mail.outbox)
    assert Notice.objects.count() == len(meetings) * len(people)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_due_reminders_on_its_schedule(facilitator, alice, settings):
    settings.PEERHAVEN_MEETING_REMINDER_MINUTES = 60 * 24 * 14
    series = group_with_meeting(facilitator, members=[alice])
    meeting = next_meeting(series)
    going(meeting, alice)

    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    assert [m.to for m in mail.outbox] == [[alice.email]]
    meeting.refresh_from_db()
    assert meeting.reminded_at is not None
    ran = DBTaskResult.objects.filter(
        task_path__startswith="peerhaven.meetings.tasks.", status="SUCCESSFUL"
    ).values_list("task_path", flat=True)
    assert {path.rsplit(".", 1)[1] for path in ran} == {
        "refresh_meeting_occurrences",
        "send_meeting_reminders",
        "remind_stale_listings",
        "purge_meeting_attendance",
    }
    # A second worker start runs nothing again and sends nothing more.
    call_command("worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert len(mail.outbox) == 1


def test_reminders_run_every_five_minutes_and_the_listing_checks_and_purge_daily():
    schedule = {name.rsplit(".", 1)[-1]: every for name, (_task, every) in registered().items()}
    assert schedule["send_meeting_reminders"] == timedelta(minutes=5)
    assert schedule["remind_stale_listings"] == timedelta(days=1)
    assert schedule["purge_meeting_attendance"] == timedelta(days=1)
