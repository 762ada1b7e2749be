"""Reads of alerts, already limited to what the reader may see."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from peerhaven.groups.models import Membership
from peerhaven.groups.policies import is_site_admin
from peerhaven.safety import policies
from peerhaven.safety.models import Alert


def _visible(user: Any) -> QuerySet[Alert]:
    alerts = Alert.objects.select_related("group", "member", "acknowledged_by", "closed_by")
    if is_site_admin(user):
        return alerts
    facilitated = Membership.objects.filter(user=user, role=Membership.Role.FACILITATOR).values(
        "group_id"
    )
    return alerts.filter(
        Q(pk__in=Alert.objects.filter(recipients__user=user).values("pk"))
        | Q(group_id__in=facilitated)
    )


def alert_list_visible(*, user: Any, status: str | None = None) -> QuerySet[Alert]:
    """Alerts the user may see, newest first; `status` filters when given."""
    alerts = _visible(user)
    if status:
        alerts = alerts.filter(status=status)
    return alerts.order_by("-created_at", "-pk")


def alert_get_visible(*, user: Any, alert_id: int) -> Alert:
    alert = _visible(user).filter(pk=alert_id).select_related("message__conversation").first()
    if alert is None:
        raise policies.alert_not_found()
    return alert


def help_request_open_of(*, member: Any) -> Alert | None:
    """The member's latest "I need help now" that is not closed yet, for its status."""
    return (
        Alert.objects.filter(member=member, kind=Alert.Kind.HELP_REQUEST)
        .exclude(status=Alert.Status.CLOSED)
        .select_related("group", "acknowledged_by")
        .order_by("-created_at")
        .first()
    )


def alert_open_count(*, user: Any) -> int:
    """Open alerts sent to this person (what the navigation badge counts)."""
    return Alert.objects.filter(status=Alert.Status.OPEN, recipients__user=user).count()


def alert_events(*, alert: Alert) -> QuerySet[Any]:
    return alert.events.select_related("actor").order_by("at", "pk")


# --- Dashboard --------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekStats:
    week_start: datetime
    raised: int
    acknowledged: int
    median_seconds: float | None
    p90_seconds: float | None
    nobody_on_duty: int


@dataclass(frozen=True)
class Dashboard:
    open_alerts: list[Alert]
    weeks: list[WeekStats]
    outcomes: dict[str, int]
    closed: int
    false_alarms: int
    nobody_on_duty: int
    # Screening feedback: for each risk reason, alerts raised and how many were false alarms.
    by_reason: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def false_alarm_rate(self) -> float | None:
        return self.false_alarms / self.closed if self.closed else None


def _p90(values: list[float]) -> float:
    ordered = sorted(values)
    # Nearest rank: the smallest value at or above 90% of the observations.
    rank = max(1, -(-9 * len(ordered) // 10))
    return ordered[rank - 1]


def _week_start(moment: datetime) -> datetime:
    local = timezone.localtime(moment)
    monday = local - timedelta(days=local.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def dashboard_for(*, user: Any, weeks: int = 8, now: datetime | None = None) -> Dashboard:
    """Counts over the alerts the user may see. Times to acknowledge are per week of raising."""
    policies.check_view_dashboard(user)
    now = now or timezone.now()
    alerts = _visible(user)
    open_alerts = list(alerts.exclude(status=Alert.Status.CLOSED).order_by("created_at")[:100])
    since = _week_start(now) - timedelta(weeks=weeks - 1)
    rows = list(
        alerts.filter(created_at__gte=since).values_list(
            "created_at",
            "acknowledged_at",
            "status",
            "outcome",
            "nobody_on_duty",
            "reasons",
            "kind",
        )
    )
    buckets: dict[datetime, list[tuple[Any, ...]]] = {
        since + timedelta(weeks=i): [] for i in range(weeks)
    }
    outcomes: dict[str, int] = dict.fromkeys(Alert.Outcome.values, 0)
    by_reason: dict[str, dict[str, int]] = {}
    closed = false_alarms = gaps = 0
    for row in rows:
        created, acked, status, outcome, nobody, reasons, kind = row
        buckets.setdefault(_week_start(created), []).append(row)
        gaps += bool(nobody)
        if status == Alert.Status.CLOSED:
            closed += 1
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
            false_alarms += outcome == Alert.Outcome.FALSE_ALARM
        for reason in reasons or [kind]:
            counts = by_reason.setdefault(reason, {"alerts": 0, "false_alarms": 0})
            counts["alerts"] += 1
            counts["false_alarms"] += outcome == Alert.Outcome.FALSE_ALARM
    week_stats = []
    for start in sorted(buckets):
        items = buckets[start]
        waits = [(a - c).total_seconds() for c, a, *_rest in items if a is not None]
        week_stats.append(
            WeekStats(
                week_start=start,
                raised=len(items),
                acknowledged=len(waits),
                median_seconds=statistics.median(waits) if waits else None,
                p90_seconds=_p90(waits) if waits else None,
                nobody_on_duty=sum(1 for item in items if item[4]),
            )
        )
    return Dashboard(
        open_alerts=open_alerts,
        weeks=week_stats,
        outcomes=outcomes,
        closed=closed,
        false_alarms=false_alarms,
        nobody_on_duty=gaps,
        by_reason=dict(sorted(by_reason.items())),
    )
