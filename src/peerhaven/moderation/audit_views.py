"""The audit log for organization admins: a filtered page (newest first, 50 a page) and
CSV / JSON exports of the same filters.

Exports stream: rows are read from the database in chunks and sent as they are rendered,
so a log of any length never sits in memory. Under ASGI (the server) the body is an async
iterator, which Django sends chunk by chunk; a sync iterator there would be read to the
end before the first byte went out. Every export is itself written to the log.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.handlers.asgi import ASGIRequest
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from peerhaven.accounts.signed_in import signed_in_user
from peerhaven.groups.views import NoIndexMixin
from peerhaven.moderation import selectors, services
from peerhaven.moderation.audit_forms import AuditFilterForm
from peerhaven.moderation.models import AuditEntry

PAGE_SIZE = 50
CHUNK = 1000  # rows fetched from the database, and rendered, per piece of the body
FIELDS = ["id", "at", "actor_id", "actor_name", "verb", "target", "group", "guideline", "reason"]
# A spreadsheet runs a cell that starts with one of these as a formula: reasons and names
# are written by people, so such cells are opened as text instead.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _record(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "at": entry.at.isoformat(),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "verb": entry.verb,
        "target": entry.target,
        "group": entry.group_slug,
        "guideline": entry.guideline_key,
        "reason": entry.reason,
    }


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    """The log (admins only: others get NotAllowed, a 403) and the filters asked for."""
    entries = selectors.audit_log(user=request.user)
    form = AuditFilterForm(request.GET)
    return form, form.filter(entries) if form.is_valid() else entries.none()


@method_decorator(never_cache, name="dispatch")
class AuditPageView(LoginRequiredMixin, NoIndexMixin):
    pass


class AuditListView(AuditPageView):
    def get(self, request: HttpRequest) -> HttpResponse:
        form, entries = _filtered(request)
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "moderation/audit_list/index.html",
            {"form": form, "page": page, "query": query.urlencode()},
            status=200 if form.is_valid() else 400,
        )


# --- Exports ----------------------------------------------------------------------------


class _Line:
    """A file-like object for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.buffer = io.StringIO()

    def write(self, text: str) -> int:
        return self.buffer.write(text)

    def take(self) -> str:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class CsvFormat:
    content_type = "text/csv; charset=utf-8"

    def __init__(self) -> None:
        self.line = _Line()
        self.writer = csv.writer(self.line)

    def head(self) -> str:
        self.writer.writerow(FIELDS)
        return self.line.take()

    def rows(self, entries: list[AuditEntry]) -> str:
        for entry in entries:
            record = _record(entry)
            self.writer.writerow([_cell(record[name]) for name in FIELDS])
        return self.line.take()

    def tail(self) -> str:
        return ""


class JsonFormat:
    """One JSON array, written a piece at a time."""

    content_type = "application/json; charset=utf-8"

    def __init__(self) -> None:
        self.first = True

    def head(self) -> str:
        return "["

    def rows(self, entries: list[AuditEntry]) -> str:
        parts = []
        for entry in entries:
            parts.append(("\n" if self.first else ",\n") + json.dumps(_record(entry)))
            self.first = False
        return "".join(parts)

    def tail(self) -> str:
        return "]\n" if self.first else "\n]\n"


FORMATS: dict[str, type[CsvFormat] | type[JsonFormat]] = {"csv": CsvFormat, "json": JsonFormat}


def _chunks(entries: Iterable[AuditEntry]) -> Iterator[list[AuditEntry]]:
    chunk: list[AuditEntry] = []
    for entry in entries:
        chunk.append(entry)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _body(entries: QuerySet[AuditEntry], out: CsvFormat | JsonFormat) -> Iterator[str]:
    yield out.head()
    for chunk in _chunks(entries.iterator(chunk_size=CHUNK)):
        yield out.rows(chunk)
    yield out.tail()


async def _abody(entries: QuerySet[AuditEntry], out: CsvFormat | JsonFormat) -> AsyncIterator[str]:
    yield out.head()
    chunk: list[AuditEntry] = []
    async for entry in entries.aiterator(chunk_size=CHUNK):
        chunk.append(entry)
        if len(chunk) == CHUNK:
            yield out.rows(chunk)
            chunk = []
    yield out.rows(chunk)
    yield out.tail()


class AuditExportView(AuditPageView):
    def get(self, request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
        form, entries = _filtered(request)
        if not form.is_valid():
            return render(
                request,
                "moderation/audit_list/index.html",
                {"form": form, "page": None, "query": ""},
                status=400,
            )
        services.audit(
            actor=signed_in_user(request),
            verb="audit.exported",
            target=f"audit log ({fmt})",
            reason=form.summary(),
        )
        out = FORMATS[fmt]()
        body = _abody(entries, out) if isinstance(request, ASGIRequest) else _body(entries, out)
        response = StreamingHttpResponse(body, content_type=out.content_type)
        filename = f"audit-log-{timezone.now():%Y-%m-%d}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Cache-Control"] = "no-store"
        return response
