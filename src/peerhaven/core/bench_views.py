"""Baselines for the HTTP benchmark (bench/run.py).

`ping` is the cost of the stack with no work: it reads no database, session or cache.
`signed_in_ping` adds only what every signed-in page pays before it does anything: the
session and the member (with the facts loaded with them, accounts.backends). Both return a
constant, so leaving them on in production reveals nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@never_cache
def signed_in_ping(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponse(b"sign in first", content_type="text/plain", status=403)
    return HttpResponse(b"ok", content_type="text/plain")
