"""Template helpers for the group finder: suggestions for the home page, language names."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import F, QuerySet

from peerhaven.core.prepared import PreparedQuery
from peerhaven.groups.models import Agreement
from peerhaven.groups.search import language_name
from peerhaven.groups.suggestions_cache import HomeSuggestions, group_suggestions_cached

register = template.Library()


@register.simple_tag(takes_context=True)
def suggested_groups(context: dict[str, Any], limit: int = 5) -> HomeSuggestions:
    request = context.get("request")
    user = getattr(request, "user", None)
    return group_suggestions_cached(user=user, limit=limit)


@register.filter
def language_names(codes: list[str]) -> str:
    return ", ".join(language_name(code) for code in codes)


AGREEMENTS_SHOWN = 10


def _latest_agreements(user_id: int) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(user_id=user_id)
        .order_by("-agreed_at")
        # Only what the summary shows: the versions' rows carry the guideline texts.
        .annotate(
            group_name=F("group__name"),
            version_number=F("instance_version__number"),
            group_version_number=F("group_version__number"),
        )
        .only("agreed_at")[:AGREEMENTS_SHOWN]
    )


_LATEST_AGREEMENTS = PreparedQuery(_latest_agreements)


@register.simple_tag(takes_context=True)
def my_agreements(context: dict[str, Any]) -> list[Agreement]:
    """The signed-in person's latest agreements, for their profile page: each with
    `group_name`, `version_number` and `group_version_number` (None without group rules)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return list(_LATEST_AGREEMENTS.objects(user.pk))
