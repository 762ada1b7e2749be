"""Who is on duty: the reads the alert code asks when someone may be at risk.

A duty window is wall-clock time in its own time zone, every week: "Monday 19:00–21:00
Europe/London" covers 19:30 London time on every Monday, in winter (GMT) and in summer
(BST) alike. A window whose end is at or before its start runs past midnight into the next
day (Monday 22:00–06:00 covers Tuesday 03:00); 00:00–00:00 is the whole day. Each window is
the half-open stretch [start, end): at its end time the next window takes over.

A window only counts while it still means something: a group window while its owner
facilitates that group, a fallback window while its owner is a site admin, and neither
once the account is deactivated. Stale windows stay stored (their owner may still remove
them) but nobody is alerted through them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from django.db.models import Q, QuerySet

from peerhaven.accounts.models import Role, User
from peerhaven.core.time_zones import zone_or_utc
from peerhaven.groups.models import Group, Membership
from peerhaven.safety import duty_policies
from peerhaven.safety.models import DutyWindow

MINUTES_PER_DAY = 24 * 60


def _require_aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("Duty look-ups need an aware datetime (timezone.now(), not now()).")


def covers_wall_clock(window: DutyWindow, weekday: int, at: time) -> bool:
    """Whether the window covers this local weekday and wall-clock time (no time zone)."""
    starts, ends = window.starts, window.ends
    at = at.replace(tzinfo=None)
    if starts < ends:
        return weekday == window.weekday and starts <= at < ends
    # Runs past midnight (00:00–00:00 is the whole day: the second half is then empty).
    next_day = (window.weekday + 1) % 7
    return (weekday == window.weekday and at >= starts) or (weekday == next_day and at < ends)


def window_covers(window: DutyWindow, at: datetime) -> bool:
    """Whether `window` covers the aware instant `at`, read on the window's own wall clock."""
    _require_aware(at)
    local = at.astimezone(zone_or_utc(window.time_zone))
    return covers_wall_clock(window, local.weekday(), local.time())


def _first_per_user(users: Iterable[User]) -> list[User]:
    seen: set[int] = set()
    result = []
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def on_duty_facilitators(*, group: Group, at: datetime) -> list[User]:
    """The group's current, active facilitators with a group window for it covering `at`,
    by when they joined the group (then by id), each once. Two queries at most."""
    _require_aware(at)
    memberships = list(
        Membership.objects.filter(
            group=group, role=Membership.Role.FACILITATOR, user__is_active=True
        )
        .select_related("user")
        .order_by("joined_at", "user_id")
    )
    if not memberships:
        return []
    # Windows of people who are no longer facilitators are read too and dropped below:
    # the group has few windows, and this keeps the count of queries fixed.
    covering = {
        window.user_id
        for window in DutyWindow.objects.filter(kind=DutyWindow.Kind.GROUP, group=group)
        if window_covers(window, at)
    }
    return _first_per_user(m.user for m in memberships if m.user_id in covering)


def _counting_fallback_windows() -> Iterable[DutyWindow]:
    return (
        DutyWindow.objects.filter(
            kind=DutyWindow.Kind.FALLBACK, user__is_active=True, user__role=Role.ADMIN
        )
        .select_related("user")
        .order_by("user_id", "pk")
    )


def fallback_responders(*, at: datetime) -> list[User]:
    """Active site admins with a fallback window covering `at`, by id, each once. One query."""
    _require_aware(at)
    return _first_per_user(w.user for w in _counting_fallback_windows() if window_covers(w, at))


def _counts(window: DutyWindow, user: User, facilitated: set[int]) -> bool:
    if not user.is_active:
        return False
    if window.kind == DutyWindow.Kind.FALLBACK:
        return bool(user.role == Role.ADMIN)
    return window.group_id in facilitated


def windows_that_count(*, user: User, windows: Iterable[DutyWindow]) -> set[int]:
    """Ids of `user`'s windows that alerts go through now (one query for their groups)."""
    windows = list(windows)
    facilitated: set[int] = set()
    if any(w.kind == DutyWindow.Kind.GROUP for w in windows):
        facilitated = set(
            Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR).values_list(
                "group_id", flat=True
            )
        )
    return {w.pk for w in windows if _counts(w, user, facilitated)}


def on_duty_now(*, user: User, at: datetime) -> bool:
    """Whether any of the person's windows that still count covers `at`."""
    _require_aware(at)
    windows = [w for w in DutyWindow.objects.filter(user=user) if window_covers(w, at)]
    if not windows:
        return False
    return bool(windows_that_count(user=user, windows=windows))


# --- Overviews for admins -----------------------------------------------------------------


@dataclass(frozen=True)
class GroupDuty:
    group: Group
    facilitators: int
    on_duty_now: list[User]


def group_duty_overview(*, at: datetime) -> list[GroupDuty]:
    """Every group, by name, with how many active facilitators it has and who of them is on
    duty at `at`. Three queries, however many groups there are."""
    _require_aware(at)
    groups = list(Group.objects.order_by("name", "pk"))
    facilitators: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(role=Membership.Role.FACILITATOR, user__is_active=True)
        .select_related("user")
        .order_by("joined_at", "user_id")
    ):
        facilitators.setdefault(membership.group_id, []).append(membership)
    covering: set[tuple[int, int]] = {
        (window.group_id, window.user_id)
        for window in DutyWindow.objects.filter(kind=DutyWindow.Kind.GROUP)
        if window.group_id is not None and window_covers(window, at)
    }
    return [
        GroupDuty(
            group=group,
            facilitators=len(facilitators.get(group.pk, [])),
            on_duty_now=_first_per_user(
                m.user for m in facilitators.get(group.pk, []) if (group.pk, m.user_id) in covering
            ),
        )
        for group in groups
    ]


def fallback_rota() -> list[DutyWindow]:
    """Every fallback window, by day and time, with its owner (counting or not)."""
    return list(
        DutyWindow.objects.filter(kind=DutyWindow.Kind.FALLBACK)
        .select_related("user")
        .order_by("weekday", "starts", "user__display_name", "pk")
    )


@dataclass(frozen=True)
class Gap:
    """A stretch with no fallback responder on duty, as aware datetimes in the viewer's zone."""

    starts: datetime
    ends: datetime

    @property
    def hours(self) -> float:
        # In UTC: two times on one zone's clock subtract as wall-clock times in Python.
        return (self.ends.astimezone(UTC) - self.starts.astimezone(UTC)).total_seconds() / 3600


def week_bounds(*, at: datetime, time_zone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 of the week holding `at` and the Monday after, in `time_zone`.

    On a week with a clock change the two are 167 or 169 hours apart, not 168.
    """
    _require_aware(at)
    tz = zone_or_utc(time_zone)
    local = at.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    start = datetime.combine(monday, time(0), tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=tz)
    return start, end


def _covered_slots(windows: Iterable[DutyWindow]) -> set[int]:
    """Minutes of the week (weekday * 1440 + minute of the day, local wall clock) that
    these windows cover. A minute counts when its first second is covered."""
    slots: set[int] = set()
    for window in windows:
        first = _minute_ceil(window.starts)
        last = _minute_ceil(window.ends)
        base = window.weekday * MINUTES_PER_DAY
        if window.starts < window.ends:
            slots.update(range(base + first, base + last))
        else:
            slots.update(range(base + first, base + MINUTES_PER_DAY))
            following = ((window.weekday + 1) % 7) * MINUTES_PER_DAY
            slots.update(range(following, following + last))
    return slots


def _minute_ceil(value: time) -> int:
    minutes = value.hour * 60 + value.minute
    return minutes + (1 if value.second or value.microsecond else 0)


def fallback_gaps(*, at: datetime, time_zone: str) -> list[Gap]:
    """The stretches of the week holding `at` (Monday to Monday in `time_zone`) when no
    fallback window that counts is on duty. One query.

    Windows keep their own wall clocks, so a responder in another time zone, or a clock
    change during the week, moves their hours on the viewer's clock. Minute by minute is
    exact: windows start and end on whole minutes, and so do clock changes.
    """
    start, end = week_bounds(at=at, time_zone=time_zone)
    by_zone: dict[str, list[DutyWindow]] = {}
    for window in _counting_fallback_windows():
        by_zone.setdefault(window.time_zone, []).append(window)
    covered = {zone_or_utc(name): _covered_slots(windows) for name, windows in by_zone.items()}
    viewer = zone_or_utc(time_zone)
    start_utc = start.astimezone(UTC)
    # In UTC, so a week with a clock change has its real length (167 or 169 hours).
    total = int((end.astimezone(UTC) - start_utc).total_seconds() // 60)
    gaps: list[Gap] = []
    gap_from: int | None = None
    for minute in range(total + 1):
        instant = start_utc + timedelta(minutes=minute)
        on_duty = minute < total and any(
            _slot(instant.astimezone(tz)) in slots for tz, slots in covered.items()
        )
        if not on_duty and minute < total and gap_from is None:
            gap_from = minute
        elif (on_duty or minute == total) and gap_from is not None:
            gaps.append(
                Gap(
                    starts=(start_utc + timedelta(minutes=gap_from)).astimezone(viewer),
                    ends=instant.astimezone(viewer),
                )
            )
            gap_from = None
    return gaps


def _slot(local: datetime) -> int:
    return local.weekday() * MINUTES_PER_DAY + local.hour * 60 + local.minute


def windows_for_user(*, user: User) -> list[DutyWindow]:
    """The person's own windows: group ones by group name, then fallback ones, each by day."""
    return list(
        DutyWindow.objects.filter(user=user)
        .select_related("group")
        .order_by("-kind", "group__name", "group_id", "weekday", "starts", "pk")
    )


def windows_visible_to(*, user: User, all_fallback: bool) -> list[DutyWindow]:
    """For the API: the person's own windows, plus, with `all_fallback` (admins only; the
    caller checks), every fallback window."""
    condition = Q(user=user)
    if all_fallback:
        condition |= Q(kind=DutyWindow.Kind.FALLBACK)
    return list(
        DutyWindow.objects.filter(condition)
        .select_related("group", "user")
        .order_by("kind", "weekday", "starts", "pk")
    )


def duty_window_get_removable(*, user: User, window_id: int) -> DutyWindow:
    """The window, if `user` may remove it (their own, or any for an admin); NotFound
    otherwise, the same as for a missing one."""
    window = DutyWindow.objects.select_related("group", "user").filter(pk=window_id).first()
    if window is None:
        raise duty_policies.window_not_found()
    duty_policies.check_remove_duty_window(user, window)
    return window


def groups_facilitated_by(*, user: User) -> QuerySet[Group]:
    """The groups this person facilitates, by name."""
    return Group.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.FACILITATOR
    ).order_by("name", "pk")
