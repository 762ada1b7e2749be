"""Registers the safety plan and duty windows for export and erasure.

Both cascade with the user row. Alerts about a person keep their counts for the
dashboards but lose the link to the person (SET_NULL) when the account is erased.
"""

from __future__ import annotations

from typing import Any

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.safety.models import DutyWindow, SafetyPlan


def _export_plan(user: User) -> dict[str, Any] | None:
    plan = SafetyPlan.objects.filter(user=user).first()
    if plan is None:
        return None
    data: dict[str, Any] = {name: getattr(plan, name) for name in SafetyPlan.SECTIONS}
    data["updated_at"] = plan.updated_at
    return data


def _export_duty(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": w.kind,
            "group": w.group.slug if w.group else None,
            "weekday": w.weekday,
            "starts": w.starts,
            "ends": w.ends,
            "time_zone": w.time_zone,
        }
        for w in DutyWindow.objects.filter(user=user).select_related("group")
    ]


personal_data.register("safety_plan", export=_export_plan)
personal_data.register("duty_windows", export=_export_duty)
