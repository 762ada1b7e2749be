"""Reads for the coach's hints: guideline titles, and what a reply is answering."""

from __future__ import annotations

from peerhaven.conversations.models import Conversation, Message
from peerhaven.guidelines.selectors import current_version, guidelines_of, instance_rule_set


def guideline_titles() -> dict[str, str]:
    """The title of each community guideline in force, by key."""
    version = current_version(instance_rule_set())
    if version is None:
        return {}
    return dict(guidelines_of(version).values_list("key", "title"))


def support_preference_answered(conversation: Conversation | None) -> str | None:
    """What a reply in this conversation answers: a thread's first post asked for a kind of
    support; a chat room states none (the coach then treats a reply as `just listen`)."""
    if conversation is None or conversation.kind != Conversation.Kind.THREAD:
        return None
    preference: str | None = (
        Message.objects.filter(conversation=conversation)
        .order_by("seq")
        .values_list("support_preference", flat=True)
        .first()
    )
    return preference or None
