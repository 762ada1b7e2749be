"""Registers the safety plan, duty windows and alerts about the person for export and
erasure.

The plan and duty windows cascade with the user row. Alerts about a person keep their
counts for the dashboards but lose the link to the person (SET_NULL), and their message
goes with the account, when the account is erased.
"""

from __future__ import annotations

from typing import Any

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.safety.models import Alert, DutyWindow, SafetyPlan
from peerhaven.safety.reasons import reason_label


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


def _export_alerts(user: User) -> list[dict[str, Any]]:
    """Alerts about the person: their "I need help now" requests and screened messages.

    Only what happened and why, never who was asked or the responders' own outcome note:
    that note is written for the other responders, and the duty chain names other people.
    """
    alerts = Alert.objects.filter(member=user).select_related("group").order_by("created_at")
    return [
        {
            "kind": a.kind,
            "group": a.group.slug if a.group else None,
            "message": a.message_id,
            "reasons": [{"code": r, "label": reason_label(r)} for r in a.reasons],
            "status": a.status,
            "created_at": a.created_at,
            "acknowledged_at": a.acknowledged_at,
            "closed_at": a.closed_at,
            "outcome": a.outcome,
        }
        for a in alerts
    ]


personal_data.register("safety_plan", export=_export_plan)
personal_data.register("duty_windows", export=_export_duty)
personal_data.register("alerts_about_me", export=_export_alerts)
