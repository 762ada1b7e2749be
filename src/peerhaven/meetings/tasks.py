"""Scheduled meeting work, run by the task worker: extend occurrences to the horizon, remind
people going to a meeting, ask facilitators to confirm old listings, and reduce check-in
lists to counts after the retention period.

Each task queues its next run first (core.periodic), so one failing run does not stop the
next. Reminders and listing checks claim each row before sending (reminders.py), so two
workers running the same slot still send once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django_tasks import task

from peerhaven.core import periodic
from peerhaven.meetings import reminders, services

logger = logging.getLogger(__name__)


@task()
def refresh_meeting_occurrences() -> int:
    periodic.schedule(refresh_meeting_occurrences.name)
    added = services.occurrences_refresh_all()
    logger.info("Meeting occurrences added: %d", added)
    return added


@task()
def send_meeting_reminders() -> int:
    periodic.schedule(send_meeting_reminders.name)
    reminded = reminders.reminders_send_due()
    if reminded:
        logger.info("Meetings reminded: %d", reminded)
    return reminded


@task()
def remind_stale_listings() -> int:
    periodic.schedule(remind_stale_listings.name)
    reminded = reminders.stale_listings_remind()
    if reminded:
        logger.info("Stale meeting listings reminded: %d", reminded)
    return reminded


@task()
def purge_meeting_attendance() -> int:
    periodic.schedule(purge_meeting_attendance.name)
    from peerhaven.meetings import attendance

    reduced = attendance.attendance_purge_expired()
    if reduced:
        logger.info("Meeting check-in lists reduced to counts: %d", reduced)
    return reduced


periodic.register(refresh_meeting_occurrences, every=timedelta(hours=6))
periodic.register(send_meeting_reminders, every=timedelta(minutes=5))
periodic.register(remind_stale_listings, every=timedelta(days=1))
periodic.register(purge_meeting_attendance, every=timedelta(days=1))
