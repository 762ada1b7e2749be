"""A URL configuration for tests/config/test_http_handler.py: a streamed answer that reads
the database while it is consumed, as a long export would."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from django.urls import path

from peerhaven.accounts.models import User

threads_seen: list[str] = []


def streamed_names(request: HttpRequest) -> StreamingHttpResponse:
    def rows() -> Iterator[str]:
        threads_seen.append(threading.current_thread().name)
        for name in User.objects.order_by("display_name").values_list("display_name", flat=True):
            yield f"{name}\n"

    return StreamingHttpResponse(rows(), content_type="text/plain")


urlpatterns = [path("names", streamed_names)]
