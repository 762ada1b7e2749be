"""Who may keep the resource directory. Reading it is open to everyone, signed in or not."""

from __future__ import annotations

from typing import Any

from peerhaven.accounts.models import Role


def can_edit_crisis_lines(user: Any) -> bool:
    """Organization admins keep the directory in the admin console; other staff need the
    model permission (a superuser has every permission)."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return user.role == Role.ADMIN or bool(user.has_perm("resources.change_crisisline"))
