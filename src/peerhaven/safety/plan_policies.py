"""Who may keep a safety plan.

A plan is only ever its owner's: services and selectors take the signed-in person and
reach their own row, never a row by id. So there is deliberately no rule under which
anyone else (another member, a facilitator, an organization admin) reads a plan.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from peerhaven.core.exceptions import NotAllowed


def can_keep_safety_plan(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active)


def check_keep_safety_plan(user: Any) -> None:
    if not can_keep_safety_plan(user):
        raise NotAllowed(_("Sign in to keep a safety plan."), code="not_signed_in")
