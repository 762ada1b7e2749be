"""Scheduled meeting work, run by the task worker: extend occurrences to the horizon."""

from __future__ import annotations

import logging
from datetime import timedelta

from django_tasks import task

from peerhaven.core import periodic
from peerhaven.meetings import services

logger = logging.getLogger(__name__)


@task()
def refresh_meeting_occurrences() -> int:
    periodic.schedule(refresh_meeting_occurrences.name)
    added = services.occurrences_refresh_all()
    logger.info("Meeting occurrences added: %d", added)
    return added


periodic.register(refresh_meeting_occurrences, every=timedelta(hours=6))
