"""{% coach_nudges field_id %}: the hints region under a message box, when this writer
sees hints there (nudges/policies.py). Takes the conversation (or `room`) and group from the
template's context unless given. The mode is post for a new thread or for editing a
thread's first post (`message`), else reply."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from peerhaven.conversations.models import Conversation, Message
from peerhaven.nudges import policies

register = template.Library()


@register.simple_tag(takes_context=True)
def coach_nudges(
    context: template.Context,
    field_id: str,
    *,
    conversation: Conversation | None = None,
    group: Any = None,
    message: Message | None = None,
) -> str:
    request = context.get("request")
    user = getattr(request, "user", None)
    conversation = conversation or context.get("conversation") or context.get("room")
    if not isinstance(conversation, Conversation):
        conversation = None
    group = group or (conversation.group if conversation else context.get("group"))
    if not policies.can_see_nudges(user, group):
        return ""
    return render_to_string(
        "nudges/_region.html",
        {
            "field_id": field_id,
            "conversation": conversation,
            "group": group,
            "mode": _mode(conversation, message),
        },
        request=request,
    )


def _mode(conversation: Conversation | None, message: Message | None) -> str:
    if conversation is None:
        return "post"
    first_post = (
        message is not None and message.seq == 1 and conversation.kind == Conversation.Kind.THREAD
    )
    return "post" if first_post else "reply"
