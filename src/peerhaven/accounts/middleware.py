"""Hold a session at the two-factor step until it is completed (or set up, for roles
that require it). Crisis help, sign-out and static files always stay reachable."""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from peerhaven.accounts import policies
from peerhaven.core.redirects import same_site_or
from peerhaven.core.time_zones import zone_or_utc

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


class SignInRedirectMiddleware:
    """Makes the redirect to the sign-in page one a person can come back from.

    A view that needs a signed-in person sends the others to sign in with `next` set to the
    address they asked for. After a POST (a reaction, a reply from a page left open past a
    sign-out) that address answers POST only, so `next` becomes the page the form was on.
    An htmx request would swap the whole sign-in page into a fragment of the page, so it is
    told to load the sign-in page instead (HX-Redirect)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 302:
            return response
        sign_in = resolve_url(settings.LOGIN_URL)
        location = response.get("Location", "")
        if not location.startswith(sign_in + "?") and location != sign_in:
            return response
        htmx = bool(getattr(request, "htmx", False))
        if request.method == "POST" or htmx:
            back = _page_of_the_form(request)
            location = f"{sign_in}?{urlencode({'next': back})}"
        if htmx:
            return HttpResponseClientRedirect(location)
        response["Location"] = location
        return response


def _page_of_the_form(request: HttpRequest) -> str:
    """The page the request came from (htmx names it; browsers send a Referer), if it is on
    this site; else the home page."""
    page = request.headers.get("HX-Current-URL") or request.headers.get("Referer") or ""
    page = same_site_or(request, page, "")
    if not page:
        return reverse("home")
    parts = urlsplit(page)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class MemberTimeZoneMiddleware:
    """Shows every time in the signed-in member's own zone (from their profile, loaded with
    the user: accounts.backends); visitors see UTC. Crisis help and static files skip it,
    so they never wait on the database; the API keeps answering in UTC, the same for every
    client."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith((*ALWAYS_OPEN_PREFIXES, "/api/")):
            return self.get_response(request)
        timezone.activate(zone_or_utc(getattr(request.user, "time_zone_name", None)))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
