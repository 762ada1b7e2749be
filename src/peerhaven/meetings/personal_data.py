"""Meeting data in export and erasure. RSVPs, attendance and feeds cascade with the account.

Before the cascade, erasure cancels the person's RSVPs to meetings still to come through
rsvp.rsvp_cancel, exactly as if they had cancelled: otherwise a place they held would
vanish with the row and the first person waiting would never get it, nor be told.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.meetings import rsvp
from peerhaven.meetings.models import Attendance, FeedToken, Occurrence, Rsvp


def _export(user: User) -> dict[str, Any]:
    return {
        "rsvps": [
            {
                "meeting": r.occurrence.series.title,
                "starts_at": r.occurrence.starts_at,
                "status": r.status,
                "created_at": r.created_at,
            }
            for r in Rsvp.objects.filter(user=user).select_related("occurrence__series")
        ],
        "attended": [
            {"meeting": a.occurrence.series.title, "starts_at": a.occurrence.starts_at}
            for a in Attendance.objects.filter(user=user).select_related("occurrence__series")
        ],
        "calendar_feeds": [
            {"created_at": f.created_at, "revoked_at": f.revoked_at}
            for f in FeedToken.objects.filter(user=user)
        ],
    }


def _erase(user: User) -> int:
    """Give up every place at (or on the waitlist of) a meeting still to come."""
    upcoming = (
        Rsvp.objects.filter(
            user=user,
            occurrence__status=Occurrence.Status.SCHEDULED,
            occurrence__starts_at__gt=timezone.now(),
        )
        .select_related("occurrence")
        .order_by("occurrence__starts_at", "occurrence_id")
    )
    cancelled = 0
    for held in upcoming:
        rsvp.rsvp_cancel(user=user, occurrence=held.occurrence)
        cancelled += 1
    return cancelled


personal_data.register("meetings", export=_export, erase=_erase)
