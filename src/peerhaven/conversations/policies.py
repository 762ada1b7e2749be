"""Who may read and write a group's conversations. Built on groups.policies, so the web,
the API and the chat socket apply one rule:

- read a conversation: members of its group (others get 404, as for a missing one);
- write (post, react, edit own): members who agreed to the guidelines in force;
- live chat (subscribe to a room): the same as writing; a member who must agree again is
  disconnected at once and reads the room's history on the web meanwhile;
- start a thread: any member who may write; open a chat room: the group's facilitators;
- see earlier versions of an edited message: the group's facilitators;
- blocked either way: neither sees the other's messages nor reacts to them.

Mediated conversations (kind "mediation", opened by a facilitator with two members in
conflict) are private within the group:

- read: their participants, the group's facilitators and site admins; every other
  person, fellow members included, gets 404, as for a missing conversation;
- write: participants and the group's facilitators while it is open (members among them
  must have agreed to the guidelines in force, as anywhere); once closed, a clear refusal
  (ConversationClosed) and reading only;
- close: the group's facilitators and site admins;
- never a live chat room: the chat socket refuses to subscribe to them, as to threads.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from peerhaven.conversations.exceptions import ConversationClosed, InvalidMessage
from peerhaven.conversations.models import (
    Block,
    Conversation,
    ConversationParticipant,
    Message,
    Moderation,
    Mute,
)
from peerhaven.core.exceptions import DomainError, NotAllowed, NotFound
from peerhaven.groups import policies as group_policies


def conversation_not_found() -> NotFound:
    return NotFound(
        _("There is no such conversation, or it is not visible to you."), code="not_found"
    )


def message_not_found() -> NotFound:
    return NotFound(_("There is no such message, or it is not visible to you."), code="not_found")


def check_read_conversation(user: Any, conversation: Conversation) -> None:
    if conversation.kind == Conversation.Kind.MEDIATION:
        if not can_read_mediation(user, conversation):
            raise conversation_not_found()
        return
    if not group_policies.can_view_content(user, conversation.group):
        raise conversation_not_found()
    if conversation.kind == Conversation.Kind.THREAD and not _thread_is_public(user, conversation):
        raise conversation_not_found()


def _thread_is_public(user: Any, conversation: Conversation) -> bool:
    """A thread whose first post waits for a facilitator (or was taken down) is seen by its
    author and the group's moderators only: its title would otherwise go out unreviewed."""
    user_id = getattr(user, "pk", None)
    if conversation.created_by_id == user_id:
        return True
    # An erased first post leaves the thread and its replies public.
    first_post_held = (
        Message.objects.filter(conversation=conversation, seq=1)
        .exclude(moderation=Moderation.VISIBLE)
        .exists()
    )
    return not first_post_held or (
        group_policies.is_site_admin(user)
        or group_policies.is_group_facilitator(user, conversation.group)
    )


def check_edit_message(user: Any, message: Message) -> None:
    """The author may edit their post while they may write here, unless a moderator
    removed it (a post hidden until edited is exactly what they may edit)."""
    check_change_own_message(user, message)
    check_write_conversation(user, message.conversation)
    if message.moderation == Moderation.REMOVED:
        raise InvalidMessage(
            _("A moderator removed this message, so it cannot be edited."), code="removed"
        )


def check_write_conversation(user: Any, conversation: Conversation) -> None:
    check_read_conversation(user, conversation)
    if conversation.kind == Conversation.Kind.MEDIATION:
        _check_write_mediation(user, conversation)
        return
    group_policies.check_take_part(user, conversation.group)


def can_write_conversation(user: Any, conversation: Conversation) -> bool:
    if conversation.kind == Conversation.Kind.MEDIATION:
        try:
            check_write_conversation(user, conversation)
        except DomainError:
            return False
        return True
    return group_policies.can_take_part(user, conversation.group)


# --- Mediated conversations ---------------------------------------------------------------


def is_participant(user: Any, conversation: Conversation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return ConversationParticipant.objects.filter(conversation=conversation, user=user).exists()


def can_read_mediation(user: Any, conversation: Conversation) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return (
        group_policies.is_site_admin(user)
        or group_policies.is_group_facilitator(user, conversation.group)
        or is_participant(user, conversation)
    )


def _check_write_mediation(user: Any, conversation: Conversation) -> None:
    """Call after check_read_conversation."""
    if conversation.closed_at is not None:
        raise ConversationClosed(
            _("This mediated conversation is closed. You can still read it, but not write in it.")
        )
    group = conversation.group
    if not (is_participant(user, conversation) or group_policies.is_group_facilitator(user, group)):
        raise NotAllowed(
            _("Only the people taking part in this mediated conversation can write in it."),
            code="not_participant",
        )
    if group_policies.membership_of(user, group) is None:
        # A site admin who opened it takes part without being a member of the group.
        if group_policies.is_site_admin(user):
            return
        raise NotAllowed(
            _("You are no longer a member of this group, so you can only read this conversation."),
            code="not_member",
        )
    group_policies.check_take_part(user, group)


def can_close_mediation(user: Any, conversation: Conversation) -> bool:
    return conversation.kind == Conversation.Kind.MEDIATION and group_policies.can_manage_group(
        user, conversation.group
    )


def check_close_mediation(user: Any, conversation: Conversation) -> None:
    check_read_conversation(user, conversation)
    if conversation.kind != Conversation.Kind.MEDIATION:
        raise conversation_not_found()
    if not can_close_mediation(user, conversation):
        raise NotAllowed(
            _("Only this group's facilitators can close a mediated conversation."),
            code="not_facilitator",
        )
    if conversation.closed_at is not None:
        raise ConversationClosed(_("This mediated conversation is already closed."))


def check_start_thread(user: Any, group: Any) -> None:
    group_policies.check_take_part(user, group)


def can_open_room(user: Any, group: Any) -> bool:
    return group_policies.is_group_facilitator(user, group)


def check_open_room(user: Any, group: Any) -> None:
    group_policies.check_view_content(user, group)
    if not can_open_room(user, group):
        raise NotAllowed(_("Only this group's facilitators can open a chat room."))


class HiddenAuthors(NamedTuple):
    """Authors hidden for one reader: `as_member` in groups they do not moderate,
    `as_moderator` in groups they do (those who blocked them stay visible there)."""

    as_member: set[int]
    as_moderator: set[int]


def hidden_authors(user: Any, *, include_mutes: bool = True) -> HiddenAuthors:
    """Both sets of `hidden_author_ids` in two queries, for pages that cover many groups."""
    if user is None or not user.is_authenticated:
        return HiddenAuthors(set(), set())
    blocks = Block.objects.filter(Q(user=user) | Q(blocked=user)).values_list(
        "user_id", "blocked_id"
    )
    hidden: set[int] = set()
    if include_mutes:
        hidden.update(Mute.objects.filter(user=user).values_list("muted_id", flat=True))
    blocked_me: set[int] = set()
    for a, b in blocks:
        if a == user.pk:
            hidden.add(b)
        else:
            blocked_me.add(a)
    return HiddenAuthors(as_member=hidden | blocked_me, as_moderator=hidden)


def hidden_author_ids(user: Any, *, include_mutes: bool = True, group: Any = None) -> set[int]:
    """Authors whose messages this person does not see: muted, blocked, or blocking them.

    A mediated conversation leaves mutes out: the member was invited by name to talk with
    that person, and muting is silent, so hiding their words would break the conversation.
    Blocks still hide (and a mediated conversation is never opened across one).

    In a `group` this person moderates, someone who blocked them stays visible: a block
    keeps people apart, it must not hide words from those who keep the group safe. Their
    own mutes and blocks are their choice and still apply."""
    hidden = hidden_authors(user, include_mutes=include_mutes)
    if (
        hidden.as_member != hidden.as_moderator
        and group is not None
        and group_policies.can_manage_group(user, group)
    ):
        return hidden.as_moderator
    return hidden.as_member


def is_blocked_between(a: Any, b: Any) -> bool:
    return Block.objects.filter(Q(user=a, blocked=b) | Q(user=b, blocked=a)).exists()


def check_read_message(user: Any, message: Message) -> None:
    check_read_conversation(user, message.conversation)
    if message.author_id == user.pk:
        return
    # The group's moderators read every message in it, blocked or held: a link from a
    # safety alert or a report must always open for them.
    hidden = message.moderation != "visible" or is_blocked_between(user, message.author_id)
    if hidden and not group_policies.can_manage_group(user, message.conversation.group):
        raise message_not_found()


def check_react(user: Any, message: Message) -> None:
    check_read_message(user, message)
    # Taking part, as for writing (a closed mediated conversation takes no reactions).
    check_write_conversation(user, message.conversation)


def check_change_own_message(user: Any, message: Message) -> None:
    check_read_message(user, message)
    if message.author_id != user.pk:
        raise NotAllowed(_("You can only change your own messages."), code="not_author")


def can_see_revisions(user: Any, message: Message) -> bool:
    return group_policies.is_group_facilitator(user, message.conversation.group)


def check_see_revisions(user: Any, message: Message) -> None:
    check_read_message(user, message)
    if not can_see_revisions(user, message):
        raise NotAllowed(_("Only this group's facilitators can see earlier versions."))
