"""Moderation in figures, published to members: counts only, never who or what.

Site-wide for anyone signed in; a group's figures for its members only (the members-only
rule of groups/policies.py: others get the same 404 as for any members-only page).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from peerhaven.groups import policies as group_policies
from peerhaven.groups.models import Group
from peerhaven.groups.views import GroupPageView, NoIndexMixin
from peerhaven.moderation import selectors, services
from peerhaven.moderation.models import Action, Appeal


def human_duration(seconds: float | None) -> str:
    """'3 hours, 20 minutes', '2 days, 4 hours', 'less than a minute'; '' for no figure."""
    if seconds is None:
        return ""
    if seconds < 60:
        return _("less than a minute")
    now = timezone.now()
    return timesince(now - timedelta(seconds=seconds), now, depth=2)


def _guideline_title(key: str, titles: dict[str, str]) -> str:
    # A group's own guideline seen from the site-wide page: its key, made readable.
    return titles.get(key) or key.replace("-", " ").capitalize()


def figures(group: Group | None) -> dict[str, Any]:
    stats = selectors.transparency(group=group)
    titles = services.guideline_choices(group)
    by_guideline = sorted(
        (
            (_guideline_title(key, titles), count)
            for key, count in stats.actions_by_guideline.items()
        ),
        key=lambda row: (-row[1], row[0]),
    )
    return {
        "reports": stats.reports,
        "cases": stats.cases,
        "actions": sum(stats.actions_by_kind.values()),
        # The ladder in its own order, every rung shown, so a zero is visible too.
        "actions_by_kind": [
            (label, stats.actions_by_kind.get(value, 0)) for value, label in Action.Kind.choices
        ],
        "actions_by_guideline": by_guideline,
        "median_first_response": human_duration(stats.median_first_response_seconds),
        "appeals": sum(stats.appeals.values()),
        "appeals_by_outcome": [
            (label, stats.appeals.get(value, 0)) for value, label in Appeal.Status.choices
        ],
    }


@method_decorator(never_cache, name="dispatch")
class TransparencySiteView(LoginRequiredMixin, NoIndexMixin):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request, "moderation/transparency_site/index.html", {"figures": figures(None)}
        )


@method_decorator(never_cache, name="dispatch")
class TransparencyGroupView(GroupPageView):
    checks = {"get": group_policies.check_view_content}

    def get(self, request: HttpRequest, group: Group) -> HttpResponse:
        return render(
            request,
            "moderation/transparency_group/index.html",
            {"group": group, "figures": figures(group)},
        )
