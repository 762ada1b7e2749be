"""A group with a mediated conversation between alice and bob, and one person of every
kind the access rules tell apart."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peerhaven.accounts.models import Role
from peerhaven.moderation import mediation
from tests.conversations.helpers import group_with
from tests.factories import UserFactory

OPENING_NOTE = "You both care about this group. Let us hear each other out, one at a time."


@dataclass
class Mediation:
    group: Any
    conversation: Any
    facilitator: Any
    alice: Any
    bob: Any
    # A member of the group who is not taking part.
    dana: Any
    # A facilitator of another group.
    other_facilitator: Any


def mediation_scene(*, facilitator, alice, bob) -> Mediation:
    dana = UserFactory(display_name="Dana", email="dana@example.org")
    other_facilitator = UserFactory(
        display_name="Olu", email="olu@example.org", role=Role.FACILITATOR
    )
    group = group_with(facilitator=facilitator, members=[alice, bob, dana])
    group_with(name="Morning Circle", facilitator=other_facilitator, members=[])
    conversation = mediation.mediation_open(
        facilitator=facilitator,
        group=group,
        members=[alice, bob],
        title="Talking it through",
        opening_note=OPENING_NOTE,
    )
    return Mediation(group, conversation, facilitator, alice, bob, dana, other_facilitator)


# Who is who in the access matrices: a name, how to find them, and whether they may read
# and write. charlie is the outsider (no member of the group); the site admin reads only.
PEOPLE = {
    "participant alice": (lambda s, charlie, admin: s.alice, True, True),
    "participant bob": (lambda s, charlie, admin: s.bob, True, True),
    "the facilitator": (lambda s, charlie, admin: s.facilitator, True, True),
    "another member": (lambda s, charlie, admin: s.dana, False, False),
    "outsider charlie": (lambda s, charlie, admin: charlie, False, False),
    "facilitator of another group": (lambda s, charlie, admin: s.other_facilitator, False, False),
    "site admin": (lambda s, charlie, admin: admin, True, False),
}
