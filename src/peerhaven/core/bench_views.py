"""A baseline for the HTTP benchmark (bench/run.py): the cost of the stack with no work.

It reads no database, session or cache and returns a constant, so leaving it on in
production reveals nothing and costs nothing; the middleware around it still runs.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
