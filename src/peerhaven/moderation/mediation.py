"""Mediated conversations: a facilitator talks things through with two members of their
group who are in conflict, in a private conversation with the community guideline on
respectful disagreement pinned at the top, and closes it with a note.

A mediated conversation is a Conversation of kind "mediation" with its participants (the
two members and the facilitator who opened it). Who may read, write and close it is
decided by conversations.policies, so the web pages, the API and the chat socket apply
the same rules; its messages go through the one message pipeline
(conversations.services.message_post), screening for crisis risk included.

Blocks: a mediated conversation is never opened between people when one of them has
blocked the other (the two members, or a member and the facilitator). A block is a
member's own choice of no contact, which a facilitator does not override; the messages
would also stay hidden between them. The facilitator is told only that it cannot be
opened because of a member's choice, never who blocked whom; they can talk with each
member separately instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.conversations import policies as conversation_policies
from peerhaven.conversations import services as conversation_services
from peerhaven.conversations.models import Conversation, ConversationParticipant
from peerhaven.core.exceptions import DomainError
from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group
from peerhaven.guidelines.models import Guideline
from peerhaven.guidelines.selectors import current_version, guidelines_of, instance_rule_set
from peerhaven.moderation.models import Notice
from peerhaven.moderation.services import audit

# The community guideline pinned at the top of every mediated conversation.
PINNED_GUIDELINE_KEY = "respectful-disagreement"
TITLE_MAX = conversation_services.TITLE_MAX
NOTE_MAX = 2000


class InvalidMediation(DomainError):
    """Not two distinct members of the group, an empty title or note, or a block between them."""

    default_code = "invalid_mediation"


def pinned_guideline() -> Guideline | None:
    """The guideline on respectful disagreement, from the current community guidelines
    (None if a later version dropped it)."""
    version = current_version(instance_rule_set())
    if version is None:
        return None
    return guidelines_of(version).filter(key=PINNED_GUIDELINE_KEY).first()


def mediation_participants(conversation: Conversation) -> list[User]:
    """Who takes part, the facilitator who opened it first, then by name."""
    people = list(
        User.objects.filter(
            pk__in=ConversationParticipant.objects.filter(conversation=conversation).values(
                "user_id"
            )
        ).order_by("display_name", "pk")
    )
    people.sort(key=lambda person: person.pk != conversation.created_by_id)
    return people


def mediation_url(conversation: Conversation) -> str:
    return reverse("mediation-detail", args=[conversation.pk])


def _clean(value: Any, *, field: str, limit: int, empty_message: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InvalidMediation(empty_message, code="required", extra={"field": field})
    if len(text) > limit:
        raise InvalidMediation(
            _("Keep this under %(max)d characters.") % {"max": limit},
            code="too_long",
            extra={"field": field},
        )
    return text


def _clean_members(*, facilitator: User, group: Group, members: Sequence[Any]) -> list[User]:
    people = list(members)
    if len(people) != 2 or not all(isinstance(person, User) for person in people):
        raise InvalidMediation(
            _("Choose exactly two members of the group."),
            code="two_members",
            extra={"field": "members"},
        )
    first, second = people
    if first.pk == second.pk:
        raise InvalidMediation(
            _("Choose two different members: the same person was chosen twice."),
            code="same_member",
            extra={"field": "members"},
        )
    for person in people:
        if person.pk == facilitator.pk:
            raise InvalidMediation(
                _("You open the conversation as its facilitator; choose two other members."),
                code="facilitator_chosen",
                extra={"field": "members"},
            )
        if group_policies.membership_of(person, group) is None or not person.is_active:
            raise InvalidMediation(
                _("%(name)s is not a member of this group.") % {"name": person.display_name},
                code="not_member",
                extra={"field": "members"},
            )
    for a, b in ((first, second), (first, facilitator), (second, facilitator)):
        if conversation_policies.is_blocked_between(a, b):
            raise InvalidMediation(
                _(
                    "A mediated conversation cannot be opened with these members: one of them "
                    "has chosen to have no contact. You can talk with each of them separately."
                ),
                code="blocked",
                extra={"field": "members"},
            )
    return people


def _tell(user: User, *, title: str, body: str, conversation: Conversation) -> None:
    Notice.objects.create(
        user=user,
        kind=Notice.Kind.MEDIATION,
        title=title[:200],
        body=body[:2000],
        link=mediation_url(conversation),
    )


@transaction.atomic
def mediation_open(
    *,
    facilitator: User,
    group: Group,
    members: Sequence[Any],
    title: Any,
    opening_note: Any,
) -> Conversation:
    """Opens a private conversation between the facilitator and two members of the group.
    The opening note is its first message; each member gets a notice with a link.
    Nothing is created when anything is refused."""
    group_policies.check_manage_group(facilitator, group)
    first, second = _clean_members(facilitator=facilitator, group=group, members=members)
    title = _clean(
        title, field="title", limit=TITLE_MAX, empty_message=_("Give the conversation a title.")
    )
    note = _clean(
        opening_note,
        field="opening_note",
        limit=NOTE_MAX,
        empty_message=_("Write an opening note: why you are bringing the two of them together."),
    )
    conversation = Conversation.objects.create(
        group=group, kind=Conversation.Kind.MEDIATION, title=title, created_by=facilitator
    )
    ConversationParticipant.objects.bulk_create(
        [
            ConversationParticipant(conversation=conversation, user=u)
            for u in (facilitator, first, second)
        ]
    )
    conversation_services.message_post(author=facilitator, conversation=conversation, text=note)
    audit(
        actor=facilitator,
        verb="mediation.opened",
        target=f"conversation {conversation.pk} with users {first.pk} and {second.pk}",
        group=group,
        guideline_key=PINNED_GUIDELINE_KEY,
        reason=title,
    )
    for member, other in ((first, second), (second, first)):
        _tell(
            member,
            title=_("A facilitator invited you to a mediated conversation"),
            body=_(
                "%(facilitator)s opened a private conversation in %(group)s for you and "
                "%(other)s to talk through a disagreement, with the guideline on respectful "
                "disagreement in view. Only the two of you, the group's facilitators and the "
                "site's admins can read it."
            )
            % {
                "facilitator": facilitator.display_name,
                "group": group.name,
                "other": other.display_name,
            },
            conversation=conversation,
        )
    return conversation


@transaction.atomic
def mediation_close(*, actor: User, conversation: Conversation, note: Any) -> Conversation:
    """Closes a mediated conversation with a note (required). It stays readable; nobody
    writes in it any more. Everyone else taking part is told, with the note."""
    conversation_policies.check_close_mediation(actor, conversation)
    note = _clean(
        note,
        field="note",
        limit=NOTE_MAX,
        empty_message=_("Write a closing note: how the conversation ended, or what comes next."),
    )
    # Locked, so two facilitators closing at once cannot both succeed.
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    locked.group = conversation.group
    conversation_policies.check_close_mediation(actor, locked)
    locked.closed_at = timezone.now()
    locked.closed_by = actor
    locked.closing_note = note
    locked.save(update_fields=["closed_at", "closed_by", "closing_note"])
    conversation.closed_at, conversation.closed_by, conversation.closing_note = (
        locked.closed_at,
        actor,
        note,
    )
    audit(
        actor=actor,
        verb="mediation.closed",
        target=f"conversation {conversation.pk}",
        group=conversation.group,
        guideline_key=PINNED_GUIDELINE_KEY,
        reason=note,
    )
    others = User.objects.filter(
        pk__in=ConversationParticipant.objects.filter(conversation=conversation)
        .exclude(user=actor)
        .values("user_id")
    ).order_by("pk")
    for person in others:
        _tell(
            person,
            title=_("A mediated conversation was closed"),
            body=_(
                "%(actor)s closed the conversation “%(title)s” in %(group)s. You can still read "
                "it. Their note: %(note)s"
            )
            % {
                "actor": actor.display_name,
                "title": conversation.title,
                "group": conversation.group.name,
                "note": note,
            },
            conversation=conversation,
        )
    return conversation
