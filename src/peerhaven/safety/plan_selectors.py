"""Reading a safety plan: only ever the plan of the person asking."""

from __future__ import annotations

from typing import Any

from peerhaven.safety.models import SafetyPlan
from peerhaven.safety.plan_policies import can_keep_safety_plan


def safety_plan_get(*, user: Any) -> SafetyPlan | None:
    """`user`'s own plan, or None when they have none (or are not signed in).

    There is no lookup by id or for another person on purpose: whoever asks gets theirs.
    """
    if not can_keep_safety_plan(user):
        return None
    return SafetyPlan.objects.filter(user=user).first()
