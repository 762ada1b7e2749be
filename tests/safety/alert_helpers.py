"""Building blocks for alert tests: a group whose facilitators are on duty all week."""

from __future__ import annotations

from datetime import time

from peerhaven.groups.models import Group, Membership
from peerhaven.safety.models import DutyWindow
from tests.groups.helpers import join_now

URGENT = "I want to kill myself tonight. I have a plan and nobody would even notice."
EVERYDAY = "This traffic is killing me, see you all tonight!"


def on_duty_all_week(user, *, group: Group | None = None) -> None:
    """Whole-day windows every day: a group facilitator, or a fallback responder."""
    kind = DutyWindow.Kind.GROUP if group is not None else DutyWindow.Kind.FALLBACK
    DutyWindow.objects.bulk_create(
        DutyWindow(
            user=user,
            kind=kind,
            group=group,
            weekday=day,
            starts=time(0),
            ends=time(0),
            time_zone="UTC",
        )
        for day in range(7)
    )


def add_facilitator(group: Group, user) -> None:
    Membership.objects.filter(group=group, user=user).delete()
    join_now(user, group, role=Membership.Role.FACILITATOR)
