"""Building blocks for duty tests: windows, and a small world of groups and responders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from peerhaven.accounts.models import Role
from peerhaven.groups.models import Group, Membership
from peerhaven.safety.models import DutyWindow
from tests.factories import UserFactory
from tests.groups.helpers import join_now, make_group


def make_window(
    user,
    *,
    group: Group | None = None,
    weekday: int = 0,
    starts: str = "19:00",
    ends: str = "21:00",
    time_zone: str = "UTC",
) -> DutyWindow:
    kind = DutyWindow.Kind.GROUP if group is not None else DutyWindow.Kind.FALLBACK
    return DutyWindow.objects.create(
        user=user,
        kind=kind,
        group=group,
        weekday=weekday,
        starts=time.fromisoformat(starts),
        ends=time.fromisoformat(ends),
        time_zone=time_zone,
    )


def whole_day_now(user, *, group: Group | None = None, now: datetime | None = None) -> DutyWindow:
    """A window covering all of today (UTC), so its owner is on duty now."""
    now = now or timezone.now()
    return make_window(user, group=group, weekday=now.weekday(), starts="00:00", ends="00:00")


def whole_day_later(user, *, group: Group | None = None) -> DutyWindow:
    """A whole-day window three days from today (UTC): never covering now."""
    weekday = (timezone.now() + timedelta(days=3)).weekday()
    return make_window(user, group=group, weekday=weekday, starts="00:00", ends="00:00")


@dataclass
class World:
    """circle: listed, run by `facilitator` (a site facilitator), alice a member.
    quiet: unlisted, run by gina (an ordinary account); nobody else is in it.
    charlie is in no group; org_admin is a site admin in no group."""

    circle: Group
    quiet: Group
    gina: Any
    users: dict[str, Any]


def make_world(*, alice, charlie, facilitator, org_admin) -> World:
    circle = make_group(name="Evening Circle", facilitator=facilitator)
    join_now(alice, circle)
    gina = UserFactory(display_name="Gina")
    quiet = make_group(name="Quiet Circle", facilitator=gina, listing=Group.Listing.UNLISTED)
    return World(
        circle=circle,
        quiet=quiet,
        gina=gina,
        users={
            "signed_out": None,
            "member": alice,
            "outsider": charlie,
            "facilitator": facilitator,
            "other_facilitator": gina,
            "admin": org_admin,
        },
    )


def make_facilitator(group: Group, user) -> Membership:
    return Membership.objects.create(group=group, user=user, role=Membership.Role.FACILITATOR)


def another_admin(name: str = "Noor") -> Any:
    return UserFactory(display_name=name, role=Role.ADMIN, is_staff=True)
