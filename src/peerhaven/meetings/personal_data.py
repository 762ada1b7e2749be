"""Meeting data in export and erasure. RSVPs, attendance and feeds cascade with the account."""

from __future__ import annotations

from typing import Any

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.meetings.models import Attendance, FeedToken, Rsvp


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


personal_data.register("meetings", export=_export)
