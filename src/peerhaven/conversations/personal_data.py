"""Registers messages, reactions, read marks, mediations, mutes and blocks for export and
erasure.

Messages with their earlier versions, reactions, read marks, places in mediated
conversations, mutes and blocks cascade with the user row. Threads the person started stay
for the replies of others, with the title erased.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.conversations.models import (
    Block,
    Conversation,
    ConversationParticipant,
    Message,
    Mute,
    Reaction,
    ReadMark,
)
from peerhaven.core import personal_data


def _export_messages(user: User) -> list[dict[str, Any]]:
    messages = (
        Message.objects.filter(author=user)
        .select_related("conversation", "conversation__group")
        .prefetch_related("warning_topics", "revisions")
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": m.pk,
            "group": m.conversation.group.slug,
            "conversation": m.conversation.title,
            "kind": m.conversation.kind,
            "text": m.body,
            "support_preference": m.support_preference,
            "warning_topics": [t.slug for t in m.warning_topics.all()],
            "warning_note": m.warning_note,
            "created_at": m.created_at,
            "edited_at": m.edited_at,
            # The person's own earlier words; facilitators can read them, so may the author.
            "earlier_versions": [
                {"text": r.body, "replaced_at": r.created_at} for r in m.revisions.all()
            ],
        }
        for m in messages
    ]


def _export_reactions(user: User) -> list[dict[str, Any]]:
    return [
        {"message": r.message_id, "kind": r.kind, "created_at": r.created_at}
        for r in Reaction.objects.filter(user=user).order_by("pk")
    ]


def _export_read_marks(user: User) -> list[dict[str, Any]]:
    marks = ReadMark.objects.filter(user=user).select_related("conversation__group")
    return [
        {
            "group": m.conversation.group.slug,
            "conversation": m.conversation.title,
            "last_seen": m.last_seen_seq,
            "seen_at": m.seen_at,
        }
        for m in marks.order_by("pk")
    ]


def _export_mediations(user: User) -> list[dict[str, Any]]:
    """Mediated conversations the person was brought into. The other people's messages
    there are theirs, so only the facts the person was shown are exported here; their own
    messages are under "messages"."""
    places = ConversationParticipant.objects.filter(user=user).select_related("conversation__group")
    return [
        {
            "group": p.conversation.group.slug,
            "conversation": p.conversation.title,
            "added_at": p.added_at,
            "closed_at": p.conversation.closed_at,
            "closing_note": p.conversation.closing_note,
        }
        for p in places.order_by("pk")
    ]


def _export_people(user: User) -> dict[str, list[str]]:
    return {
        "muted": [
            m.muted.display_name for m in Mute.objects.filter(user=user).select_related("muted")
        ],
        "blocked": [
            b.blocked.display_name
            for b in Block.objects.filter(user=user).select_related("blocked")
        ],
    }


def _erase_threads_started(user: User) -> int:
    """Threads with only this person's messages go; others keep the replies, not the title."""
    started = Conversation.objects.filter(created_by=user)
    alone = started.exclude(messages__in=Message.objects.exclude(author=user))
    count, _by_model = alone.filter(kind=Conversation.Kind.THREAD).delete()
    kept = started.update(title=_("A conversation (its starter left)"), created_by=None)
    return count + kept


personal_data.register("messages", export=_export_messages, erase=_erase_threads_started)
personal_data.register("reactions", export=_export_reactions)
personal_data.register("read_marks", export=_export_read_marks)
personal_data.register("mediations", export=_export_mediations)
personal_data.register("muted_and_blocked", export=_export_people)
