"""Addresses taken from a request (`next`, the Referer, htmx's current URL) are followed only
when they stay on this site: no open redirects."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def same_site_or(request: HttpRequest, url: str, default: str) -> str:
    """`url` if it points at this site (or is a path on it), else `default`."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def next_or(request: HttpRequest, default: str) -> str:
    """The `next` the request names (posted or in the query) if it stays here, else `default`."""
    return same_site_or(request, request.POST.get("next") or request.GET.get("next") or "", default)
