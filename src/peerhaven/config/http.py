"""Serve Django's HTTP requests from a fixed pool of threads, with one hop per request.

Django's own ASGI handler runs a sync view through several hand-offs between the event
loop and a thread (at each sync-only middleware boundary, for each `process_view`, for
the view, for rendering the template, for closing the response), and gives every request
a new thread of its own. Peerhaven's views and most of its middleware are sync, so here
the whole sync part (request_started, middleware, view, rendering, request_finished) runs
in one call on a long-lived thread. The database connection is therefore taken from the
pool, used and given back in one thread. On the bench this halved the server's CPU time
for the bare view and cut the signed-in home page's by a third (docs/performance.md).

A body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (Peerhaven takes no file uploads) is
refused with 413 (JSON under /api/) as soon as its size is known, before it is read to the
end: Django's handler would spool it all to disk first and refuse it only when a view reads
the form.

Sync code that needs the event loop (`async_to_sync`, as live fan-out on the channel
layer does) still gets the server's loop: asgiref records it for each thread it hands
work to.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from tempfile import SpooledTemporaryFile
from typing import IO, Any, cast

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signals
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler, get_script_prefix
from django.http import HttpResponseBase, StreamingHttpResponse
from django.urls import set_script_prefix

from peerhaven.core.errors import body_too_large


class BodyTooLarge(Exception):
    pass


def _declared_length(scope: dict[str, Any]) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _replay(chunks: list[bytes]) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


class PooledThreadASGIHandler(ASGIHandler):
    def __init__(self, *, threads: int) -> None:
        super().__init__()
        # The parent built the async chain; the sync one runs without any hand-off.
        self.load_middleware(is_async=False)
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="http")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django serves HTTP only, not {scope['type']}.")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            declared = _declared_length(scope)
            if limit is not None and declared is not None and declared > limit:
                raise BodyTooLarge
            body_file = await self._read_body_within(receive, limit)
        except RequestAborted:
            return
        except BodyTooLarge:
            too_large = body_too_large(scope["path"])
            too_large["Connection"] = "close"
            await self.send_response(too_large, send)
            return
        set_script_prefix(get_script_prefix(scope))
        try:
            response = await sync_to_async(
                self._respond, thread_sensitive=False, executor=self._executor
            )(scope, body_file)
        finally:
            body_file.close()
        await self.send_response(response, send)

    async def _read_body_within(self, receive: Any, limit: int | None) -> IO[bytes]:
        """Django's read_body, stopping once the body outgrows `limit`."""
        body_file = SpooledTemporaryFile(max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE)  # noqa: SIM115 - the caller closes it
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                body_file.close()
                raise RequestAborted()
            chunk = message.get("body", b"")
            size += len(chunk)
            if limit is not None and size > limit:
                body_file.close()
                raise BodyTooLarge
            body_file.write(chunk)
            if not message.get("more_body", False):
                break
        body_file.seek(0)
        return cast(IO[bytes], body_file)

    def _respond(self, scope: dict[str, Any], body_file: IO[bytes]) -> HttpResponseBase:
        signals.request_started.send(sender=self.__class__, scope=scope)
        request, error_response = self.create_request(scope, body_file)
        # create_request gives either a request or the error response that replaces it.
        response = self.get_response(request) if request is not None else error_response
        if response is None:
            raise RuntimeError("Django created neither a request nor an error response.")
        if isinstance(response, StreamingHttpResponse) and not response.is_async:
            # Django's handler would read a sync stream into a list on some other thread
            # anyway; read it here, where the request's database connection lives.
            chunks = list(cast(Iterator[bytes], response.streaming_content))
            response.streaming_content = _replay(chunks)
        response.close()  # sends request_finished, which gives the connection back
        return response
