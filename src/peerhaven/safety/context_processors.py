"""The alerts link and live banner in every page's header, for responders only.

Lazy: nothing is queried unless the page shows the header for a signed-in person.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from peerhaven.safety import policies, selectors


def safety_nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"safety_responder": False}
    responder = SimpleLazyObject(lambda: policies.is_responder(user))
    return {
        "safety_responder": responder,
        "safety_open_alerts": SimpleLazyObject(
            lambda: selectors.alert_open_count(user=user) if responder else 0
        ),
    }
