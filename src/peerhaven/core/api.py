"""API building blocks shared by every app's api.py."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.paginator import EmptyPage, Paginator
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.throttling import UserRateThrottle

from peerhaven.accounts.policies import session_is_fully_signed_in

if TYPE_CHECKING:
    from rest_framework.views import APIView


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session auth that refuses a session still waiting for its two-factor step."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        if not session_is_fully_signed_in(request._request):
            return None
        return result


def page_of(rows: Any, number: int, per_page: int) -> tuple[list[Any], dict[str, int]]:
    """Page `number` of `rows` for an API list, and what the list says about it: `count`,
    `page`, `pages` and `per_page`. A page past the last is empty and still gives the count."""
    paginator = Paginator(rows, per_page)
    try:
        items = list(paginator.page(number).object_list)
    except EmptyPage:
        items = []
    meta = {"count": paginator.count, "page": number, "pages": paginator.num_pages}
    return items, meta | {"per_page": per_page}


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, answering JSON nested too deep to parse (valid, but thousands of
    brackets deep) with the same 400 as any other unreadable body, not a server error."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None


class WriteRateThrottle(UserRateThrottle):
    """Limits API writes per user (or per address when anonymous); reads are free."""

    scope = "writes"

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class VerifiedSessionScheme(SessionScheme):  # type: ignore[no-untyped-call]
    """Documents the two-factor-aware session login as the usual cookie scheme."""

    target_class = "peerhaven.core.api.VerifiedSessionAuthentication"
