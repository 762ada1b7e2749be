"""Building blocks for meeting tests: a group with a weekly meeting."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from peerhaven.groups.models import Group
from peerhaven.meetings import services
from peerhaven.meetings.models import MeetingSeries
from tests.conversations.helpers import group_with

ADDRESS = "12 Quiet Lane, Camden, London NW1"
LINK = "https://meet.example.org/evening-circle"


def meeting_input(**overrides: Any) -> services.SeriesInput:
    """A weekly Tuesday 19:00 London hybrid meeting, 90 minutes, from a recent Tuesday."""
    fields: dict[str, Any] = {
        "title": "Tuesday evening circle",
        "time_zone": "Europe/London",
        "start_date": date(2026, 10, 6),
        "start_time": time(19, 0),
        "duration_minutes": 90,
        "format": MeetingSeries.Format.HYBRID,
        "language": "en",
        "rule": "FREQ=WEEKLY;BYDAY=TU",
        "area": "Camden, London",
        "latitude": 51.539,
        "longitude": -0.1426,
        "address": ADDRESS,
        "join_link": LINK,
        "accessibility": ["step_free", "captions"],
        "what_to_expect": "We sit in a circle; nobody has to speak.",
    }
    fields.update(overrides)
    return services.SeriesInput(**fields)


def weekly_meeting(group: Group, facilitator, **overrides: Any) -> MeetingSeries:
    return services.series_create(actor=facilitator, group=group, data=meeting_input(**overrides))


def group_with_meeting(facilitator, members=(), **overrides: Any) -> MeetingSeries:
    group = group_with(facilitator=facilitator, members=members)
    return weekly_meeting(group, facilitator, **overrides)
