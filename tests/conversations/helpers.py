"""Building blocks for conversation tests: a group with members, threads, rooms, posts."""

from __future__ import annotations

from peerhaven.conversations import services
from peerhaven.conversations.models import Conversation, Message
from peerhaven.groups.models import Group, Membership
from tests.groups.helpers import join_now, make_group


def group_with(*, name: str = "Evening Circle", facilitator, members=(), **fields) -> Group:
    """A listed open group: `facilitator` runs it, `members` joined and agreed."""
    group = make_group(name=name, facilitator=facilitator, **fields)
    Membership.objects.filter(group=group, user=facilitator).delete()
    join_now(facilitator, group, role=Membership.Role.FACILITATOR)
    for member in members:
        join_now(member, group)
    return group


def thread(
    group: Group, author, *, title: str = "How was your week?", text: str = "Hello all"
) -> Conversation:
    return services.thread_start(
        author=author, group=group, title=title, text=text
    ).message.conversation


def room(group: Group, facilitator, *, title: str = "Tuesday chat") -> Conversation:
    return services.room_open(actor=facilitator, group=group, title=title)


def post(
    conversation: Conversation, author, text: str = "Thanks for listening", **kwargs
) -> Message:
    return services.message_post(
        author=author, conversation=conversation, text=text, **kwargs
    ).message
