"""Template helpers for the group finder: suggestions for the home page, language names."""

from __future__ import annotations

from typing import Any

from django import template

from peerhaven.groups.models import Agreement
from peerhaven.groups.search import language_name
from peerhaven.groups.selectors import agreement_summary_list_for_user
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


@register.simple_tag(takes_context=True)
def my_agreements(context: dict[str, Any]) -> list[Agreement]:
    """The signed-in person's latest agreements, for their profile page."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return agreement_summary_list_for_user(user=user)
