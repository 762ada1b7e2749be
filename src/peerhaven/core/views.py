from __future__ import annotations

import asyncio
import uuid
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib import admin
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from peerhaven.core.exceptions import NotAllowed
from peerhaven.core.redirects import same_site_or


class HomeView(TemplateView):
    template_name = "core/home/index.html"


@never_cache
def admin_sign_in(request: HttpRequest) -> HttpResponseRedirect:
    """Stands in for the admin console's own login form (/admin/login/), which checks
    passwords without the sign-in rate limit, the lockout or the two-factor step. There is
    one way in: the sign-in page, which comes back here through `next`. Nothing posted
    here is read, so this form can never be used to guess passwords."""
    target = same_site_or(request, request.GET.get("next", ""), reverse("admin:index"))
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("sign-in") + "?" + urlencode({"next": target}))
    if not admin.site.has_permission(request):
        # Sending a signed-in member back to sign-in would loop; say why instead.
        raise NotAllowed(
            _("The admin console is for organization staff. Your account can't open it."),
            code="not_staff",
        )
    # Signed in, past the two-factor gate (middleware runs first) and staff.
    return HttpResponseRedirect(target)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache() -> None:
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 5)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return what was stored")
    cache.delete(key)


CHANNEL_LAYER_TIMEOUT = 3.0  # seconds


def _check_channel_layer() -> None:
    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer configured")

    async def round_trip() -> None:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "healthz"})
        message = await layer.receive(channel)
        if message.get("type") != "healthz":
            raise RuntimeError("channel layer returned another message")

    # A layer that accepts but never delivers must count as down, not hang the probe.
    async def bounded() -> None:
        await asyncio.wait_for(round_trip(), timeout=CHANNEL_LAYER_TIMEOUT)

    async_to_sync(bounded)()


CHECKS = {"database": _check_database, "cache": _check_cache, "channel_layer": _check_channel_layer}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """JSON status of each backing service; 503 when any is down."""
    results: dict[str, Any] = {}
    healthy = True
    for name, check in CHECKS.items():
        try:
            check()
            results[name] = {"ok": True}
        except Exception as exc:  # noqa: BLE001 - any failure means "down"
            healthy = False
            results[name] = {"ok": False, "error": type(exc).__name__}
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": results},
        status=200 if healthy else 503,
    )
