"""Template helpers for pages outside conversations that point into them."""

from __future__ import annotations

from typing import Any

from django import template

from peerhaven.conversations import selectors
from peerhaven.groups.models import Group

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_total(context: dict[str, Any], group: Group) -> int:
    """Posts the signed-in member has not seen yet in the group's threads."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return selectors.unread_total(user=user, group=group)
