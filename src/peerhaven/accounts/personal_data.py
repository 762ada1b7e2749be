"""Registers the account's own sections for export and erasure."""

from __future__ import annotations

from typing import Any

from peerhaven.accounts.models import User
from peerhaven.core import personal_data


def _export_account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


personal_data.register("account", export=_export_account)
