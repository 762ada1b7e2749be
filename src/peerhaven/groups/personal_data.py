"""Registers group memberships, requests to join and agreements for export and erasure.

All three cascade with the user row (on_delete=CASCADE), so erasure deletes nothing itself;
requests and invites others decided or made keep only a nulled reference to the account.

Deleting the account of a group's only facilitator is never refused (it is the person's
right), though leaving the group would be: the group stays, without a facilitator, and the
organization's admins are told by a WARNING log line once the deletion is committed. The
admin console's group list filters those groups ("Facilitators: none").
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

from peerhaven.accounts.models import User
from peerhaven.core import personal_data
from peerhaven.groups import selectors
from peerhaven.groups.models import Agreement, JoinRequest, Membership

logger = logging.getLogger(__name__)


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


def _warn_groups_left_without_facilitator(user: User) -> int:
    """Memberships go with the account; groups it alone facilitated are named to admins."""
    group_ids = list(selectors.group_list_facilitated_alone(user=user).values_list("pk", flat=True))
    if group_ids:
        # Only once the deletion is committed: a rolled-back deletion changed nothing.
        transaction.on_commit(
            lambda: logger.warning(
                "Groups left without a facilitator after an account deletion: %s",
                ", ".join(str(pk) for pk in group_ids),
                extra={"group_ids": group_ids},
            )
        )
    return 0


personal_data.register(
    "memberships", export=_export_memberships, erase=_warn_groups_left_without_facilitator
)
personal_data.register("join_requests", export=_export_join_requests)
personal_data.register("agreements", export=_export_agreements)
