"""Errors of the safety plan. Messages are translated and safe to show."""

from __future__ import annotations

from peerhaven.core.exceptions import DomainError


class SafetyPlanInvalid(DomainError):
    """Bad plan input; nothing was saved. `extra["fields"]` maps section names to messages."""

    default_code = "invalid_safety_plan"
