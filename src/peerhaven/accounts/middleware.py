"""Hold a session at the two-factor step until it is completed (or set up, for roles
that require it). Crisis help, sign-out and static files always stay reachable."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from peerhaven.accounts.policies import must_set_up_two_factor, session_is_fully_signed_in

ALWAYS_OPEN_PREFIXES = ("/static/", "/healthz", "/help/")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or request.path.startswith(ALWAYS_OPEN_PREFIXES):
            return self.get_response(request)
        open_paths = {
            reverse("sign-out"),
            reverse("two-factor-verify"),
            reverse("two-factor-setup"),
        }
        if request.path in open_paths:
            return self.get_response(request)
        if not session_is_fully_signed_in(request):
            target = "two-factor-verify"
        elif must_set_up_two_factor(user):
            target = "two-factor-setup"
        else:
            return self.get_response(request)
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
