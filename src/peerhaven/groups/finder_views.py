"""The group finder page: a GET form, results with their reasons, hints when empty."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import View
from django_htmx.http import reswap, retarget

from peerhaven.accounts.models import Topic
from peerhaven.groups.exceptions import SearchInputError
from peerhaven.groups.finder_forms import FIELDS, GroupFinderForm, default_units
from peerhaven.groups.search import SearchPage, group_search
from peerhaven.meetings.finder import profile_zone


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", "1")))
    except ValueError:
        return 1


def _units_for(request: HttpRequest) -> str:
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    return default_units(
        country=getattr(profile, "country", "") or "",
        accept_language=request.headers.get("Accept-Language", ""),
    )


class GroupFinderView(View):
    """Works signed out (listed groups only) and without JavaScript; htmx swaps the results."""

    def get(self, request: HttpRequest) -> HttpResponse:
        topics = list(Topic.objects.filter(is_active=True).only("id", "slug", "name"))
        units = _units_for(request)
        searched = any(name in request.GET for name in FIELDS)
        # Signed in, meeting times are on the profile's clock; visitors choose one.
        zone = profile_zone(request.user) if request.user.is_authenticated else None
        form = GroupFinderForm(
            request.GET if searched else None, topics=topics, units=units, zone=zone
        )
        search: SearchPage | None = None
        if not searched:
            search = group_search(user=request.user, units=units, page=_page_number(request))
        elif form.is_valid():
            try:
                search = group_search(
                    user=request.user, page=_page_number(request), **form.search_arguments()
                )
            except SearchInputError as exc:
                form.add_search_error(exc)
        context: dict[str, Any] = {"form": form, "search": search, "searched": searched}
        if not getattr(request, "htmx", False):
            return render(request, "groups/finder/index.html", context)
        if search is None:
            # Field errors live in the form, so the whole finder is swapped.
            response = render(request, "groups/finder/region.html", context)
            return reswap(retarget(response, "#finder"), "outerHTML")
        return render(request, "groups/finder/results.html", context)
