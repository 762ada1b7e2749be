"""Hold a session at the two-factor step until it is completed (or set up, for roles
that require it). Crisis help, sign-out and static files always stay reachable."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from peerhaven.accounts import policies

ALWAYS_OPEN_PREFIXES = ("/static/", "/healthz", "/help/")


@functools.cache
def _open_paths() -> frozenset[str]:
    names = ("sign-out", "two-factor-verify", "two-factor-setup")
    return frozenset(reverse(name) for name in names)


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The path test comes first: /help/ must answer even when the database cannot.
        if request.path.startswith(ALWAYS_OPEN_PREFIXES) or request.path in _open_paths():
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        verified = bool(getattr(user, "is_verified", lambda: False)())
        step = policies.two_factor_step(user, verified=verified)
        if step is None:
            return self.get_response(request)
        target = "two-factor-verify" if step == policies.VERIFY else "two-factor-setup"
        if request.path.startswith("/api/"):
            return JsonResponse(
                {
                    "message": _("Finish two-factor sign-in first."),
                    "code": "two_factor_required",
                    "extra": {},
                },
                status=403,
            )
        url = reverse(target) + "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
