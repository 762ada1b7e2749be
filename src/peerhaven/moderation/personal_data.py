"""Moderation data in export and erasure.

Reports, notices, appeals and mutes cascade with the account. Cases about a person keep
their counts for the published statistics but lose the person and the reported text.

The export holds what the person is shown about themselves (their cases as on "What
moderators did about your content", with reasons but no moderator named) and what they
wrote. Never other people's reports about them: reporters are not revealed to the person
reported, and their notes are their own words.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.moderation import selectors
from peerhaven.moderation.models import Action, Appeal, Case, GroupMute, Notice, Report


def _export_cases_about(user: User) -> list[dict[str, Any]]:
    actions = Prefetch("actions", queryset=Action.objects.order_by("created_at", "pk"))
    return [
        {
            "id": case.pk,
            "target": case.target,
            "status": case.status,
            "group": case.group.slug if case.group else None,
            "content": case.snapshot,
            "edited_content": case.edited_snapshot,
            "created_at": case.created_at,
            "closed_at": case.closed_at,
            "actions": [
                {
                    "id": action.pk,
                    "kind": action.kind,
                    "guideline": action.guideline_key,
                    "reason": action.reason,
                    "until": action.until,
                    "created_at": action.created_at,
                }
                for action in case.actions.all()
            ],
        }
        for case in selectors.my_cases(user=user).prefetch_related(actions)
    ]


def _export(user: User) -> dict[str, Any]:
    appeals = Appeal.objects.filter(appellant=user).select_related("action").order_by("pk")
    mutes = GroupMute.objects.filter(user=user).select_related("group", "action")
    return {
        "reports_made": [
            {"guideline": r.guideline_key, "note": r.note, "created_at": r.created_at}
            for r in Report.objects.filter(reporter=user)
        ],
        "notices": [
            {"title": n.title, "body": n.body, "created_at": n.created_at}
            for n in Notice.objects.filter(user=user)
        ],
        "cases_about_me": _export_cases_about(user),
        "appeals": [
            {
                "case": a.action.case_id,
                "action": a.action_id,
                "action_kind": a.action.kind,
                "text": a.text,
                "status": a.status,
                # Written to the appellant with the decision; the moderator is not named.
                "decision_note": a.decision_note,
                "created_at": a.created_at,
                "decided_at": a.decided_at,
            }
            for a in appeals
        ],
        "group_mutes": [
            {"group": m.group.slug, "until": m.until, "case": m.action.case_id}
            for m in mutes.order_by("pk")
        ],
    }


def _erase(user: User) -> int:
    return Case.objects.filter(subject=user).update(snapshot="", edited_snapshot="")


personal_data.register("moderation", export=_export, erase=_erase)
