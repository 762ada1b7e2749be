"""The one place that maps DomainError (and rate limits) to HTTP, API and WebSocket answers.

It also answers what Django itself refuses (config/urls.py's handler400/403/404/500 and
CSRF_FAILURE_VIEW): JSON in the API's shape under /api/, otherwise a page built on base.html,
so every error page keeps the header, the skip link and "Need help now?".
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.template.defaultfilters import filesizeformat
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from rest_framework.response import Response
from rest_framework.views import exception_handler

from peerhaven.core.exceptions import DomainError, LimitReached
from peerhaven.core.redirects import same_site_or

Middleware = Any
logger = logging.getLogger(__name__)


def _payload(exc: DomainError) -> dict[str, Any]:
    return {"message": exc.message, "code": exc.code, "extra": exc.extra}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF errors as {"message", "code", "extra"}; field errors go in extra.fields."""
    if isinstance(exc, DomainError):
        return Response(_payload(exc), status=exc.status)
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        code = getattr(detail, "code", "error")
        response.data = {"message": str(detail), "code": code, "extra": {}}
    else:
        response.data = {
            "message": _("Some of the data sent is not valid."),
            "code": "invalid",
            "extra": {"fields": data},
        }
    return response


class DomainErrorMiddleware:
    """Render DomainError raised by a view as a page (or an htmx partial)."""

    def __init__(self, get_response: Middleware) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, DomainError):
            return None
        if getattr(request, "htmx", False):
            return render(request, "core/error/partial.html", {"error": exc}, status=exc.status)
        return render(request, "core/error/index.html", {"error": exc}, status=exc.status)


def _is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's answer: a clear page, never a bare 403."""
    error = LimitReached(
        _("Too many attempts from here. Please wait a while and try again."), code="rate_limited"
    )
    if _is_api(request):
        return JsonResponse(_payload(error), status=429)
    return render(request, "core/error/index.html", {"error": error}, status=429)


# --- What Django refuses before or around a view ---------------------------------------


def _answer(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    template: str,
    context: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """JSON for the API, the error partial for htmx, else `template` (which extends base.html)."""
    payload = {"message": message, "code": code, "extra": extra or {}}
    if _is_api(request):
        return JsonResponse(payload, status=status)
    if getattr(request, "htmx", False):
        return render(request, "core/error/partial.html", {"error": payload}, status=status)
    return render(request, template, {"error": payload, **(context or {})}, status=status)


def _too_large_message(limit: int) -> str:
    return _(
        "What was sent is too large (the limit is %(limit)s). Nothing was saved. "
        "Please send less at once and try again."
    ) % {"limit": filesizeformat(limit)}


def body_too_large(path: str) -> HttpResponse:
    """The ASGI handler's answer (config/http.py) to a body over the limit, given before
    the body is read and so before any request object exists: JSON under /api/, else text."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    message = _too_large_message(limit)
    if path.startswith("/api/"):
        payload = {"message": message, "code": "too_large", "extra": {"max_bytes": limit}}
        return JsonResponse(payload, status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413, anything else 400.
    Django refuses these before the view has done anything, so nothing was saved."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        return _answer(
            request,
            status=413,
            code="too_large",
            message=_too_large_message(limit),
            template="400.html",
            context={"heading": _("That was too much to send at once")},
            extra={"max_bytes": limit},
        )
    if isinstance(exception, (TooManyFieldsSent, TooManyFilesSent)):
        message = _("What was sent has too many parts. Nothing was saved.")
        code = "too_many_fields"
    else:
        message = _("We could not make sense of what was sent. Nothing was saved.")
        code = "bad_request"
    return _answer(
        request,
        status=400,
        code=code,
        message=message,
        template="400.html",
        context={"heading": _("We couldn't read that request")},
    )


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403. The exception's text is for the log, never for the page."""
    return _answer(
        request,
        status=403,
        code="not_allowed",
        message=_("This page is not open to your account."),
        template="403.html",
    )


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404."""
    return _answer(
        request,
        status=404,
        code="not_found",
        message=_("There is nothing at this address."),
        template="404.html",
    )


def _same_site_back_url(request: HttpRequest) -> str:
    """Where the form came from (the Referer, when it is on this site), else this address."""
    return same_site_or(request, request.headers.get("Referer", ""), request.get_full_path())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a form sent without a valid token (an old page, cookies blocked,
    signed in or out in another tab). Django's default page blames "hijacking" and carries an
    inline style our CSP blocks. The reason goes to the log (Django's middleware logs it)."""
    return _answer(
        request,
        status=403,
        code="csrf_failed",
        message=_("This form had expired, so nothing was saved."),
        template="403_csrf.html",
        context={"back_url": _same_site_back_url(request), "written": _written(request)},
    )


# Form fields whose text a person wrote themselves (a post, a reply, a title): shown back
# on the expired-form page so that nothing they wrote is lost. Never passwords or codes.
WRITTEN_FIELDS = ("title", "body", "text")


def _written(request: HttpRequest) -> list[str]:
    if request.method != "POST":
        return []
    try:
        values = [request.POST.get(name, "") for name in WRITTEN_FIELDS]
    except Exception:  # noqa: BLE001 - an unreadable body just has nothing to show
        return []
    return [value for value in values if isinstance(value, str) and value.strip()]


# If even the 500 template cannot render, this is sent; it needs nothing but Python.
_LAST_RESORT_500 = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Something went wrong</title></head>
<body><main><h1>Something went wrong on our side</h1>
<p>Please try again in a few minutes.</p>
<p><a href="%(help)s">Need help now? Crisis lines and urgent help</a></p>
<p>If you are in danger right now, call your local emergency number.</p></main></body></html>
"""


def _500_context() -> dict[str, str]:
    """Addresses for 500.html, each with a fallback: nothing here may need more than Python."""
    context = {
        "site_name": settings.OTP_TOTP_ISSUER,
        "home_url": "/",
        "crisis_help_url": "/help/",
        "stylesheet_url": f"{settings.STATIC_URL}css/peerhaven.css",
    }
    try:
        context["home_url"] = reverse("home")
        context["crisis_help_url"] = reverse("crisis-help")
        context["stylesheet_url"] = static("css/peerhaven.css")
    except Exception:  # noqa: BLE001 - a missing manifest entry must not cost the page
        logger.warning("The 500 page uses fallback addresses", exc_info=True)
    return context


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Runs when something is already broken, often the database: so no
    context processors, no session, no user, no queries. 500.html is standalone and gets
    only what is worked out here; the crisis link must survive anything."""
    if _is_api(request):
        message = _("Something went wrong on our side. Please try again in a few minutes.")
        return JsonResponse({"message": message, "code": "server_error", "extra": {}}, status=500)
    context = _500_context()
    try:
        body = loader.get_template("500.html").render(context)
    except Exception:  # a broken template must not hide the crisis link
        logger.exception("The 500 page could not be rendered")
        body = _LAST_RESORT_500 % {"help": escape(context["crisis_help_url"])}
    return HttpResponseServerError(body)


def consumer_error(exc: DomainError) -> dict[str, Any]:
    """The message a WebSocket consumer sends for a domain error."""
    return {"type": "error", **_payload(exc)}


# Close codes for a refused WebSocket: 4000 + the HTTP status it stands for.
CLOSE_NOT_SIGNED_IN = 4401
# The session got a new key (a password change or "sign out everywhere else" in this very
# browser): reconnect with the new cookie. Outside 4000-4499, so clients treat it as a
# dropped connection and come straight back, resuming where they were.
CLOSE_RECONNECT = 4500


def consumer_close_code(exc: DomainError) -> int:
    return 4000 + exc.status
