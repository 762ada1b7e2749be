"""/metrics for Prometheus: how the instance is doing, read from the database at each scrape.

Every figure is a count the database already holds, so it is the same whichever server
process answers and whatever restarted (no per-process counters to add up). Nothing here
names or describes a person. The endpoint exists only when PEERHAVEN_METRICS_TOKEN is set,
and answers only requests that carry it (`Authorization: Bearer <token>`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from peerhaven.accounts.models import User
from peerhaven.conversations.models import Message
from peerhaven.groups.models import Group
from peerhaven.moderation.models import Case
from peerhaven.safety.models import Alert

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _dependencies() -> GaugeMetricFamily:
    from peerhaven.core.views import CHECKS  # the same checks as /healthz

    family = GaugeMetricFamily(
        "peerhaven_dependency_up",
        "1 when the backing service answers the /healthz check, else 0.",
        labels=["dependency"],
    )
    for name, check in CHECKS.items():
        try:
            check()
            up = 1.0
        except Exception:  # noqa: BLE001 - any failure means "down"
            up = 0.0
        family.add_metric([name], up)
    return family


def _by_status(
    name: str, documentation: str, rows: QuerySet[Any], statuses: Iterable[str]
) -> GaugeMetricFamily:
    """How many of ROWS have each of STATUSES (every status listed, zeros included)."""
    counts = dict(rows.values_list("status").annotate(n=Count("pk")).order_by())
    family = GaugeMetricFamily(name, documentation, labels=["status"])
    for status in statuses:
        family.add_metric([status], float(counts.get(status, 0)))
    return family


def _alerts() -> Iterator[Metric]:
    yield _by_status(
        "peerhaven_safety_alerts", "Safety alerts by status.", Alert.objects.all(), Alert.Status
    )
    oldest = Alert.objects.filter(status=Alert.Status.OPEN).aggregate(at=Min("created_at"))["at"]
    yield GaugeMetricFamily(
        "peerhaven_safety_alert_oldest_open_seconds",
        "How long the oldest alert nobody has acknowledged has waited (0: none waiting).",
        value=(timezone.now() - oldest).total_seconds() if oldest else 0.0,
    )


def _cases() -> GaugeMetricFamily:
    return _by_status(
        "peerhaven_moderation_cases", "Moderation cases by status.", Case.objects.all(), Case.Status
    )


def _tasks() -> GaugeMetricFamily:
    return _by_status(
        "peerhaven_tasks",
        "Background tasks by status (READY waiting includes those scheduled for later).",
        DBTaskResult.objects.all(),
        TaskResultStatus,
    )


def _community() -> Iterator[Metric]:
    yield GaugeMetricFamily(
        "peerhaven_accounts", "Active accounts.", value=User.objects.filter(is_active=True).count()
    )
    yield GaugeMetricFamily("peerhaven_groups", "Groups.", value=Group.objects.count())
    since = timezone.now() - timedelta(hours=1)
    yield GaugeMetricFamily(
        "peerhaven_messages_last_hour",
        "Posts and chat messages stored in the last hour.",
        value=Message.objects.filter(created_at__gte=since).count(),
    )


class PeerhavenCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        yield _dependencies()
        yield from _alerts()
        yield _cases()
        yield _tasks()
        yield from _community()


def _authorized(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    return bool(token) and constant_time_compare(given, f"Bearer {token}")


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_TOKEN:
        raise Http404
    if not _authorized(request):
        response = HttpResponse(
            "A bearer token is needed.\n", status=401, content_type=CONTENT_TYPE
        )
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    registry = CollectorRegistry(auto_describe=False)
    registry.register(PeerhavenCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE)
