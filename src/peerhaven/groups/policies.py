"""The one place the rules for seeing and acting on groups live.

Web views, the API and WebSocket consumers all call these. A group a person may not see
answers 404 (NotFound), never 403, so its existence is not confirmed.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from peerhaven.groups.models import Group


def visible_groups(user: Any) -> QuerySet[Group]:
    """Listed groups for everyone, plus the unlisted groups the user belongs to."""
    listed = Q(listing=Group.Listing.LISTED)
    if user is None or not user.is_authenticated:
        return Group.objects.filter(listed)
    return Group.objects.filter(listed | Q(memberships__user=user)).distinct()
