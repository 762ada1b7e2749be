"""Template helpers for pages outside conversations that point into them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from peerhaven.conversations import selectors
from peerhaven.groups import policies as group_policies
from peerhaven.groups import selectors as group_selectors
from peerhaven.groups.models import Group, Membership

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_total(context: dict[str, Any], group: Group) -> int:
    """Posts the signed-in member has not seen yet in the group's threads."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return selectors.unread_total(user=user, group=group)


@register.simple_tag(takes_context=True)
def my_groups_with_news(context: dict[str, Any]) -> dict[str, Any]:
    """The signed-in member's groups for the home page, by name: how many posts are new to
    them in each, and whether they must agree to changed guidelines to take part."""
    request = context.get("request")
    user = getattr(request, "user", None)
    # `in_a_group` comes with the signed-in user (accounts.backends): most visits of someone
    # in no group then cost nothing here.
    if user is None or not user.is_authenticated or not getattr(user, "in_a_group", True):
        return {"groups": [], "more": False}
    groups = group_selectors.group_list_for_home(user=user)
    shown = groups[: group_selectors.HOME_GROUPS_MAX]
    taking_part = group_policies.groups_taking_part(user, shown)
    unread = selectors.unread_totals(user=user, groups=shown)
    return {
        "groups": [
            {
                "group": group,
                "facilitates": group.member_role == Membership.Role.FACILITATOR,  # type: ignore[attr-defined]
                "must_agree": group.pk not in taking_part,
                "unread": unread[group.pk],
            }
            for group in shown
        ],
        "more": len(groups) > len(shown),
    }


@register.simple_tag(takes_context=True)
def own_threads_with_replies(context: dict[str, Any]) -> list[selectors.ThreadWithReplies]:
    """The home page's "new replies to your threads"."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "in_a_group", True):
        return []
    return selectors.own_threads_with_replies(user=user)


@register.filter
def capped_unread(count: int) -> str:
    """An unread count as pages show it: counting stops at UNREAD_COUNTED_MAX ("99+")."""
    cap = selectors.UNREAD_COUNTED_MAX
    return f"{cap - 1}+" if count >= cap else str(count)


@register.filter
def chat_time(moment: datetime) -> str:
    """A chat message's time as the room shows it (static/js/chat.js alike): the hour and
    minute today, with the day before that, in the reader's zone."""
    local = timezone.localtime(moment)
    if local.date() == timezone.localdate():
        return date_format(local, "H:i")
    return date_format(local, "j M, H:i")
