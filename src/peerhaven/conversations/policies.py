"""Who may read and write a group's conversations. Built on groups.policies, so the web,
the API and the chat socket apply one rule:

- read a conversation: members of its group (others get 404, as for a missing one);
- write (post, react, edit own): members who agreed to the guidelines in force;
- live chat (subscribe to a room): the same as writing; a member who must agree again is
  disconnected at once and reads the room's history on the web meanwhile;
- start a thread: any member who may write; open a chat room: the group's facilitators;
- see earlier versions of an edited message: the group's facilitators;
- blocked either way: neither sees the other's messages nor reacts to them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from peerhaven.conversations.models import Block, Conversation, Message, Mute
from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.groups import policies as group_policies


def conversation_not_found() -> NotFound:
    return NotFound(
        _("There is no such conversation, or it is not visible to you."), code="not_found"
    )


def message_not_found() -> NotFound:
    return NotFound(_("There is no such message, or it is not visible to you."), code="not_found")


def check_read_conversation(user: Any, conversation: Conversation) -> None:
    if not group_policies.can_view_content(user, conversation.group):
        raise conversation_not_found()


def check_write_conversation(user: Any, conversation: Conversation) -> None:
    check_read_conversation(user, conversation)
    group_policies.check_take_part(user, conversation.group)


def can_write_conversation(user: Any, conversation: Conversation) -> bool:
    return group_policies.can_take_part(user, conversation.group)


def check_start_thread(user: Any, group: Any) -> None:
    group_policies.check_take_part(user, group)


def can_open_room(user: Any, group: Any) -> bool:
    return group_policies.is_group_facilitator(user, group)


def check_open_room(user: Any, group: Any) -> None:
    group_policies.check_view_content(user, group)
    if not can_open_room(user, group):
        raise NotAllowed(_("Only this group's facilitators can open a chat room."))


def hidden_author_ids(user: Any) -> set[int]:
    """Authors whose messages this person does not see: muted, blocked, or blocking them."""
    if user is None or not user.is_authenticated:
        return set()
    muted = Mute.objects.filter(user=user).values_list("muted_id", flat=True)
    blocks = Block.objects.filter(Q(user=user) | Q(blocked=user)).values_list(
        "user_id", "blocked_id"
    )
    hidden = set(muted)
    for a, b in blocks:
        hidden.add(b if a == user.pk else a)
    return hidden


def is_blocked_between(a: Any, b: Any) -> bool:
    return Block.objects.filter(Q(user=a, blocked=b) | Q(user=b, blocked=a)).exists()


def check_read_message(user: Any, message: Message) -> None:
    check_read_conversation(user, message.conversation)
    if message.author_id == user.pk:
        return
    if is_blocked_between(user, message.author_id):
        raise message_not_found()
    # Held, hidden or removed by moderation: the group's moderators still see it.
    if message.moderation != "visible" and not group_policies.can_manage_group(
        user, message.conversation.group
    ):
        raise message_not_found()


def check_react(user: Any, message: Message) -> None:
    check_read_message(user, message)
    group_policies.check_take_part(user, message.conversation.group)


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
