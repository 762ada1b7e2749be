"""The crisis panel, shown to an author beside their own message when it was screened
`concern` or `urgent`, and on the "talk to someone now" page. It must never fail: if the
lines cannot be read, the panel still shows the emergency advice and the links."""

from __future__ import annotations

import itertools
import logging
from typing import Any

from django import template

logger = logging.getLogger(__name__)
register = template.Library()

_panel_ids = itertools.count(1)


def _lines_for(request: Any) -> list[Any]:
    cached = getattr(request, "_care_lines", None)
    if cached is not None:
        return list(cached)
    try:
        from peerhaven.resources.selectors import crisis_lines_for_member

        lines = list(crisis_lines_for_member(user=request.user))
    except Exception:
        logger.exception("Crisis lines for the care panel could not be loaded")
        lines = []
    request._care_lines = lines
    return lines


@register.inclusion_tag("safety/_care_panel.html", takes_context=True)
def care_panel(context: template.Context, group_slug: str = "") -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "lines": _lines_for(request) if request is not None else [],
        "group_slug": group_slug,
        "signed_in": bool(user is not None and user.is_authenticated),
        "csrf_token": context.get("csrf_token", ""),
        "panel_id": next(_panel_ids),
    }
