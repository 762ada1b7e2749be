"""Check-in: facilitators record who came. Names are kept only for the retention period
(PEERHAVEN_ATTENDANCE_RETENTION_DAYS); after it only the count stays on the occurrence."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.core.exceptions import Conflict, DomainError
from peerhaven.groups.models import Membership
from peerhaven.meetings import policies
from peerhaven.meetings.exceptions import OccurrenceCancelled
from peerhaven.meetings.models import Attendance, Occurrence

# Facilitators may open the list a little before the start, as people arrive.
CHECK_IN_OPENS_BEFORE = timedelta(hours=1)


@transaction.atomic
def attendance_record(*, actor: User, occurrence: Occurrence, user_ids: list[int]) -> int:
    """Set who came to `occurrence` to exactly `user_ids` (members of the group), replacing
    any list recorded before. Returns how many came."""
    policies.check_check_in(actor, occurrence.group)
    occurrence = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
    if occurrence.is_cancelled:
        raise OccurrenceCancelled(_("This meeting was cancelled; there is nobody to check in."))
    if occurrence.starts_at > timezone.now() + CHECK_IN_OPENS_BEFORE:
        raise Conflict(
            _("Check-in opens an hour before the meeting starts."), code="check_in_not_open"
        )
    if occurrence.attendance_count is not None:
        raise Conflict(
            _("Only the number who came is kept for this meeting now; the list cannot change."),
            code="attendance_purged",
        )
    wanted = set(user_ids)
    members = set(
        Membership.objects.filter(group_id=occurrence.group_id, user_id__in=wanted).values_list(
            "user_id", flat=True
        )
    )
    if wanted - members:
        raise DomainError(
            _("Only members of the group can be checked in."),
            code="not_members",
            extra={"user_ids": sorted(wanted - members)},
        )
    recorded = Attendance.objects.filter(occurrence=occurrence)
    recorded.exclude(user_id__in=wanted).delete()
    already = set(recorded.values_list("user_id", flat=True))
    now = timezone.now()
    Attendance.objects.bulk_create(
        Attendance(occurrence=occurrence, user_id=uid, recorded_by=actor, recorded_at=now)
        for uid in sorted(wanted - already)
    )
    return len(wanted)


def attendance_purge_expired(*, now: datetime | None = None) -> int:
    """Reduce the lists of meetings that ended more than the retention period ago to a count.
    Returns how many meetings were reduced."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.PEERHAVEN_ATTENDANCE_RETENTION_DAYS)
    expired = (
        Attendance.objects.filter(occurrence__ends_at__lt=cutoff)
        .values_list("occurrence_id", flat=True)
        .distinct()
    )
    reduced = 0
    for occurrence_id in list(expired):
        with transaction.atomic():
            occurrence = Occurrence.objects.select_for_update().get(pk=occurrence_id)
            rows = Attendance.objects.filter(occurrence=occurrence)
            occurrence.attendance_count = (occurrence.attendance_count or 0) + rows.count()
            occurrence.save(update_fields=["attendance_count"])
            rows.delete()
            reduced += 1
    return reduced
