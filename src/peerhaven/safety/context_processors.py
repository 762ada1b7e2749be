"""The alerts link and live banner in every page's header, for responders only.

Lazy: nothing is queried unless the page shows the header for a signed-in person.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from peerhaven.accounts.policies import two_factor_step
from peerhaven.safety import policies, selectors


def _live_responder(user: Any) -> bool:
    if not policies.is_responder(user):
        return False
    # Until the two-factor step is done the alert socket would be refused: offer nothing yet.
    verified = bool(getattr(user, "is_verified", lambda: False)())
    return two_factor_step(user, verified=verified) is None


def safety_nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"safety_responder": False}
    responder = SimpleLazyObject(lambda: _live_responder(user))
    return {
        "safety_responder": responder,
        "safety_open_alerts": SimpleLazyObject(
            lambda: selectors.alert_open_count(user=user) if responder else 0
        ),
    }
