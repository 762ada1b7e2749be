"""Template helpers for pages outside meetings that show a group's next meetings."""

from __future__ import annotations

from typing import Any

from django import template

from peerhaven.groups.models import Group
from peerhaven.meetings import describe, policies, selectors
from peerhaven.meetings.views import occurrence_rows

register = template.Library()

GROUP_PAGE_LIMIT = 3


@register.inclusion_tag("meetings/_group_section.html", takes_context=True)
def group_meetings(context: dict[str, Any], group: Group) -> dict[str, Any]:
    """The "Meetings" section of a group's page: the next few dates, on the viewer's clock."""
    request = context.get("request")
    user = getattr(request, "user", None)
    occurrences = selectors.upcoming_occurrences(user=user, group=group, limit=GROUP_PAGE_LIMIT)
    return {
        "request": request,
        "group": group,
        "rows": occurrence_rows(user, occurrences),
        "zone_is_yours": describe.viewer_zone(user) is not None,
        "can_manage": policies.can_manage_meetings(user, group),
    }
