"""Links in e-mails and feeds name the site as people know it (PEERHAVEN_SITE_URL), never by
the Host header of whoever asked: a proxy's internal name would break the link, and a
forged one could send it elsewhere."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """PATH (starting with "/") on this instance's public address."""
    return settings.PEERHAVEN_SITE_URL.rstrip("/") + path
