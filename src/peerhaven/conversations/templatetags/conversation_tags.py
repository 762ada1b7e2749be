"""Template helpers for pages outside conversations that point into them."""

from __future__ import annotations

from typing import Any

from django import template

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


# The home page lists this many of a member's groups; the rest are a link away.
HOME_GROUPS_MAX = 6


@register.simple_tag(takes_context=True)
def my_groups_with_news(context: dict[str, Any]) -> dict[str, Any]:
    """The signed-in member's groups for the home page, by name: how many posts are new to
    them in each, and whether they must agree to changed guidelines to take part."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"groups": [], "more": False}
    memberships = list(group_selectors.membership_list_for_user(user=user)[: HOME_GROUPS_MAX + 1])
    shown = memberships[:HOME_GROUPS_MAX]
    taking_part = group_policies.groups_taking_part(user, [m.group for m in shown])
    groups = [
        {
            "group": membership.group,
            "facilitates": membership.role == Membership.Role.FACILITATOR,
            "must_agree": membership.group_id not in taking_part,
            "unread": selectors.unread_total(user=user, group=membership.group),
        }
        for membership in shown
    ]
    return {"groups": groups, "more": len(memberships) > HOME_GROUPS_MAX}
