"""Adding and removing duty windows.

Each service checks duty_policies first, so the web pages and the API share one rule.
Bad input raises Django's ValidationError keyed by field (as groups and accounts do) and
stores nothing; refusals raise NotAllowed or NotFound.

Decisions on input:
- Times are kept to the minute; seconds are dropped.
- A window whose end equals its start is refused unless both are 00:00 (the whole day):
  "09:00 to 09:00" is far more often a slip than a 24-hour shift, and a shift like that can
  still be written as two windows (09:00–00:00 and 00:00–09:00 the next day).
- The same window twice for one person is refused, so a double submit adds nothing.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from peerhaven.accounts.models import Role, User, validate_time_zone
from peerhaven.groups.models import Group
from peerhaven.safety import duty_policies as policies
from peerhaven.safety.models import DutyWindow

WINDOWS_PER_PERSON_MAX = 50
WHOLE_DAY = time(0)


def _default_time_zone(user: User) -> str:
    profile = getattr(user, "profile", None)
    return str(profile.time_zone) if profile is not None and profile.time_zone else "UTC"


def _clean_time(value: Any, field: str, errors: dict[str, list[str]]) -> time | None:
    if not isinstance(value, time):
        errors.setdefault(field, []).append(_("Give a time of day, such as 19:30."))
        return None
    if value.tzinfo is not None:
        errors.setdefault(field, []).append(
            _("Give a time of day without a time zone; choose the time zone separately.")
        )
        return None
    return value.replace(second=0, microsecond=0)


def _validate(
    *,
    user: User,
    kind: str,
    group: Group | None,
    weekday: Any,
    starts: Any,
    ends: Any,
    time_zone: str,
) -> tuple[int, time, time]:
    errors: dict[str, list[str]] = {}
    if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
        errors["weekday"] = [_("Choose a day of the week (0 is Monday, 6 is Sunday).")]
    start_time = _clean_time(starts, "starts", errors)
    end_time = _clean_time(ends, "ends", errors)
    if start_time is not None and start_time == end_time and start_time != WHOLE_DAY:
        errors.setdefault("ends", []).append(
            _(
                "The end is the same as the start. For the whole day choose 00:00 to 00:00; "
                "an end before the start runs past midnight into the next day."
            )
        )
    try:
        validate_time_zone(time_zone)
    except ValidationError as exc:
        errors["time_zone"] = list(exc.messages)
    if kind == DutyWindow.Kind.FALLBACK:
        if group is not None:
            errors["group"] = [_("Fallback hours are for the whole site; leave the group empty.")]
        if user.role != Role.ADMIN:
            errors["user"] = [_("Fallback responders must be organization admins.")]
    if not user.is_active:
        errors.setdefault("user", []).append(_("This account is deactivated."))
    if errors:
        raise ValidationError(errors)
    assert start_time is not None and end_time is not None  # noqa: S101 - checked above
    return int(weekday), start_time, end_time


@transaction.atomic
def duty_window_add(
    *,
    actor: User,
    user: User,
    kind: str,
    group: Group | None = None,
    weekday: int,
    starts: time,
    ends: time,
    time_zone: str | None = None,
) -> DutyWindow:
    """Add a weekly window when `user` answers alerts: for `group` (kind group, the user
    being a facilitator adding their own) or for the whole site (kind fallback, added by an
    admin for an admin). `time_zone` defaults to the user's profile time zone.

    Raises ValidationError (keyed by field) for bad input, NotAllowed / NotFound when the
    actor may not; stores nothing in either case. Locks the user's row while counting, so
    two requests at once cannot pass the limit together.
    """
    if kind not in DutyWindow.Kind.values:
        raise ValidationError({"kind": [_("Choose group duty or fallback duty.")]})
    if kind == DutyWindow.Kind.GROUP and group is None:
        raise ValidationError({"group": [_("Choose the group you will be on duty for.")]})
    policies.check_add_duty_window(actor, kind=kind, group=group, user=user)
    zone_name = time_zone if time_zone is not None else _default_time_zone(user)
    day, start_time, end_time = _validate(
        user=user,
        kind=kind,
        group=group,
        weekday=weekday,
        starts=starts,
        ends=ends,
        time_zone=zone_name,
    )
    User.objects.select_for_update().filter(pk=user.pk).first()
    existing = DutyWindow.objects.filter(user=user)
    if existing.count() >= WINDOWS_PER_PERSON_MAX:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: [
                    _(
                        "One person can have at most %(max)s duty windows. Remove some you "
                        "no longer need first."
                    )
                    % {"max": WINDOWS_PER_PERSON_MAX}
                ]
            },
            code="too_many_windows",
        )
    window = DutyWindow(
        user=user,
        kind=kind,
        group=group if kind == DutyWindow.Kind.GROUP else None,
        weekday=day,
        starts=start_time,
        ends=end_time,
        time_zone=zone_name,
    )
    if existing.filter(
        kind=window.kind,
        group=window.group,
        weekday=day,
        starts=start_time,
        ends=end_time,
        time_zone=zone_name,
    ).exists():
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("These duty hours are already there.")]}, code="duplicate"
        )
    window.full_clean()
    window.save()
    return window


@transaction.atomic
def duty_window_remove(*, actor: User, window: DutyWindow) -> None:
    """Remove a window: one's own, or anyone's for a site admin (NotFound otherwise)."""
    policies.check_remove_duty_window(actor, window)
    DutyWindow.objects.filter(pk=window.pk).delete()
