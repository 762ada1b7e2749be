"""Errors for meetings. Messages are safe to show to the person."""

from __future__ import annotations

from peerhaven.core.exceptions import Conflict, DomainError, NotFound


class InvalidSchedule(DomainError):
    """A rule, time zone, date or duration that cannot make a schedule; extra["field"]."""

    default_code = "invalid_schedule"


class MeetingNotFound(NotFound):
    default_code = "meeting_not_found"


class OccurrenceCancelled(Conflict):
    default_code = "occurrence_cancelled"


class OccurrencePast(Conflict):
    default_code = "occurrence_past"


class FeedNotFound(NotFound):
    default_code = "feed_not_found"
