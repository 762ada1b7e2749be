"""Registers group memberships, requests to join and agreements for export and erasure.

All three cascade with the user row (on_delete=CASCADE), so erasure needs no extra step;
requests and invites others decided or made keep only a nulled reference to the account.
"""

from __future__ import annotations

from typing import Any

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.groups.models import Agreement, JoinRequest, Membership


def _export_memberships(user: User) -> list[dict[str, Any]]:
    return [
        {
            "group": m.group.slug,
            "group_name": m.group.name,
            "role": m.role,
            "joined_at": m.joined_at,
        }
        for m in Membership.objects.filter(user=user).select_related("group").order_by("pk")
    ]


def _export_join_requests(user: User) -> list[dict[str, Any]]:
    return [
        {
            "group": r.group.slug,
            "answers": list(r.answers),
            "status": r.status,
            "created_at": r.created_at,
            "decided_at": r.decided_at,
        }
        for r in JoinRequest.objects.filter(user=user).select_related("group").order_by("pk")
    ]


def _export_agreements(user: User) -> list[dict[str, Any]]:
    agreements = (
        Agreement.objects.filter(user=user)
        .select_related("group", "instance_version", "group_version")
        .order_by("agreed_at", "pk")
    )
    return [
        {
            "group": a.group.slug,
            "instance_version": a.instance_version.number,
            "group_version": a.group_version.number if a.group_version else None,
            "agreed_at": a.agreed_at,
            "via": a.via,
        }
        for a in agreements
    ]


personal_data.register("memberships", export=_export_memberships)
personal_data.register("join_requests", export=_export_join_requests)
personal_data.register("agreements", export=_export_agreements)
