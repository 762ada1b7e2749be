"""Building blocks for the moderation API tests: a group with a facilitator and two
members, a second group with a facilitator of its own, and what the database holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peerhaven.accounts.models import Role
from peerhaven.conversations.models import Message
from peerhaven.groups.models import Group
from peerhaven.moderation.models import Action, Appeal, AuditEntry, Case, GroupMute, Notice, Report
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory

RUDE = "You are all idiots and I hate this place."
REASON = "Name-calling hurts people here; please say it without insults."


@dataclass
class Place:
    group: Group
    conversation: Any
    message: Message  # alice's rude reply in bob's thread
    other_group: Group
    other_facilitator: Any  # runs other_group only


def place(*, facilitator, alice, bob, **group_fields) -> Place:
    group = group_with(facilitator=facilitator, members=[alice, bob], **group_fields)
    conversation = thread(group, bob, title="Sleep", text="Anyone else awake at 3am?")
    message = post(conversation, alice, RUDE)
    gus = UserFactory(display_name="Gus", email="gus@example.org", role=Role.FACILITATOR)
    other = group_with(name="Morning Circle", facilitator=gus)
    return Place(group, conversation, message, other, gus)


def report(client, message: Message, guideline: str = "respect", **fields: Any):
    return client.post(
        "/api/v1/reports/",
        {"message": message.pk, "guideline": guideline, **fields},
        format="json",
    )


def act(client, case: Case, kind: str, guideline: str = "respect", **fields: Any):
    return client.post(
        f"/api/v1/moderation/cases/{case.pk}/actions/",
        {"kind": kind, "guideline": guideline, "reason": REASON, **fields},
        format="json",
    )


def state() -> dict[str, Any]:
    """Everything moderation writes, to show a refused request changed nothing."""
    return {
        "cases": list(Case.objects.order_by("pk").values_list("pk", "status", "severity")),
        "reports": Report.objects.count(),
        "actions": Action.objects.count(),
        "appeals": list(Appeal.objects.order_by("pk").values_list("pk", "status")),
        "notices": Notice.objects.count(),
        "audit": AuditEntry.objects.count(),
        "mutes": GroupMute.objects.count(),
        "messages": list(Message.objects.order_by("pk").values_list("pk", "moderation", "body")),
    }
