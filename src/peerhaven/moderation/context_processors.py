"""The "Notices" link (with the unread count) and, for moderators, the queue link in every
page's header.

Lazy: the unread count is one query, made only when a page renders the header for a
signed-in person (htmx partials and API answers never do). The moderator check uses the
facilitation flag the sign-in backend loads with the user, so it usually costs nothing.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from peerhaven.moderation import policies, selectors


def notices_nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "moderation_unread_notices": SimpleLazyObject(
            lambda: selectors.unread_notice_count(user=user)
        ),
        "moderation_queue_link": SimpleLazyObject(lambda: policies.is_moderator(user)),
    }
