"""The one place that maps DomainError (and rate limits) to HTTP, API and WebSocket answers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler

from peerhaven.core.exceptions import DomainError, LimitReached

Middleware = Any


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


def rate_limited(request: HttpRequest, exception: Exception) -> HttpResponse:
    """django-ratelimit's answer: a clear page, never a bare 403."""
    error = LimitReached(
        _("Too many attempts from here. Please wait a while and try again."), code="rate_limited"
    )
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(_payload(error), status=429)
    return render(request, "core/error/index.html", {"error": error}, status=429)


def consumer_error(exc: DomainError) -> dict[str, Any]:
    """The message a WebSocket consumer sends for a domain error."""
    return {"type": "error", **_payload(exc)}


# Close codes for a refused WebSocket: 4000 + the HTTP status it stands for.
CLOSE_NOT_SIGNED_IN = 4401


def consumer_close_code(exc: DomainError) -> int:
    return 4000 + exc.status
