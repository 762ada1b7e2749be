"""Moderation data in export and erasure.

Reports, notices and appeals cascade with the account. Cases about a person keep their
counts for the published statistics but lose the person and the reported text.
"""

from __future__ import annotations

from typing import Any

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.moderation.models import Case, Notice, Report


def _export(user: User) -> dict[str, Any]:
    return {
        "reports_made": [
            {"guideline": r.guideline_key, "note": r.note, "created_at": r.created_at}
            for r in Report.objects.filter(reporter=user)
        ],
        "notices": [
            {"title": n.title, "body": n.body, "created_at": n.created_at}
            for n in Notice.objects.filter(user=user)
        ],
    }


def _erase(user: User) -> int:
    return Case.objects.filter(subject=user).update(snapshot="")


personal_data.register("moderation", export=_export, erase=_erase)
