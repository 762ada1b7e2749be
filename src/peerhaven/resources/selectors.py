"""Reads for the resource directory. The page and the crisis panel each take one query,
whatever the country: they must be fast, and the panel shows beside a message in crisis.

Order within a country: the emergency number first (the one to call in immediate danger),
then lines for the person's region, then lines in their languages, then crisis lines
before directories, then by name. Lines for another region of the country come after the
nationwide ones: they may not serve the person at all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Subquery

from peerhaven.accounts.models import Profile, Topic
from peerhaven.resources.countries import country_name
from peerhaven.resources.models import CrisisLine, LineKind

# Crisis lines before directories within the same standing.
_KIND_RANK = {LineKind.EMERGENCY: 0, LineKind.CRISIS: 1, LineKind.DIRECTORY: 2}


@dataclass(frozen=True)
class CountryLines:
    code: str  # blank for lines that help people anywhere
    name: str
    lines: list[CrisisLine] = field(default_factory=list)


@dataclass(frozen=True)
class CrisisHelp:
    countries: list[tuple[str, str]]  # (code, name) of every country with a line, by name
    requested: str  # the country asked for, which may have no lines
    selected: str  # the country shown, or blank for all of them
    region: str  # the region whose lines come first (within the selected country), or blank
    groups: list[CountryLines]  # the selected country's lines (or all), then international


def base_language(code: str) -> str:
    """en-gb speaks as en; Chinese keeps its two scripts, as the profile's list does."""
    code = code.lower()
    return code if code in ("zh-hans", "zh-hant") else code.split("-")[0]


def _sort_key(
    line: CrisisLine, *, region: str, languages: Collection[str]
) -> tuple[int, int, int, int, str]:
    emergency = 0 if line.kind == LineKind.EMERGENCY else 1
    # The person's region, then the whole country, then another region.
    where = 1 if not line.subdivision else 0 if line.subdivision == region else 2
    speaks = 0 if languages and any(base_language(c) in languages for c in line.languages) else 1
    return (emergency, where, speaks, _KIND_RANK.get(LineKind(line.kind), 9), line.name.lower())


def sort_lines(
    lines: Iterable[CrisisLine], *, region: str = "", languages: Iterable[str] = ()
) -> list[CrisisLine]:
    wanted = {base_language(code) for code in languages}
    return sorted(lines, key=lambda line: _sort_key(line, region=region, languages=wanted))


def crisis_help_for_country(
    *, country: str, region: str = "", languages: Iterable[str] = ()
) -> CrisisHelp:
    """Active lines grouped by country. With a country that has lines, only that
    country's; otherwise every country's. Lines for anywhere always come last.
    `region` (an ISO 3166-2 code) puts that region's lines first when it is in the
    country shown; `languages` puts lines in those languages first."""
    languages = list(languages)
    by_country: dict[str, list[CrisisLine]] = {}
    for line in CrisisLine.objects.filter(is_active=True):
        by_country.setdefault(line.country, []).append(line)

    countries = sorted(
        ((code, country_name(code)) for code in by_country if code), key=lambda c: c[1]
    )
    code = country.strip().upper()
    selected = code if code and code in by_country else ""
    region = region.strip().upper()
    if not selected or not region.startswith(selected + "-"):
        region = ""
    shown = [selected] if selected else [c for c, _name in countries]
    if "" in by_country:
        shown.append("")
    groups = [
        CountryLines(
            c, country_name(c), sort_lines(by_country[c], region=region, languages=languages)
        )
        for c in shown
    ]
    return CrisisHelp(
        countries=countries, requested=code, selected=selected, region=region, groups=groups
    )


def crisis_lines_for_member(*, user: Any, limit: int = 4) -> list[CrisisLine]:
    """For the crisis panel: the member's country's emergency and crisis lines (the
    emergency number first, then lines in their languages), or the lines for anywhere
    when their country has none or they have not said where they are.

    One query, with the profile read inside it; never raises for a visitor or a member
    without a profile or a country. Topics are not loaded: don't show them from these."""
    user_id = getattr(user, "pk", None)
    # A visitor has no pk: -1 matches no profile, so they get the lines for anywhere.
    profile = Profile.objects.filter(user_id=user_id if isinstance(user_id, int) else -1)
    member_country = Subquery(profile.values("country")[:1])
    rows = list(
        CrisisLine.objects.filter(is_active=True)
        .filter(
            Q(country=member_country, kind__in=(LineKind.EMERGENCY, LineKind.CRISIS))
            | Q(country="")
        )
        .annotate(member_languages=Subquery(profile.values("languages")[:1]))
    )
    if not rows:
        return []
    home = [line for line in rows if line.country]
    lines = home or rows
    languages = rows[0].member_languages or []
    if not isinstance(languages, list):  # a hand-edited profile must not break the panel
        languages = []
    return sort_lines(lines, languages=[str(code) for code in languages])[:limit]


def crisis_line_list(
    *, country: str = "", language: str = "", topic: str = ""
) -> QuerySet[CrisisLine]:
    """Active lines for the API, filtered; values are checked by the caller. By country,
    then region (nationwide first), then name; topics prefetched in one more query."""
    lines = CrisisLine.objects.filter(is_active=True)
    if country:
        lines = lines.filter(country=country)
    if language:
        # Codes are checked against the list, and the quotes keep "en" from matching "en-gb".
        lines = lines.filter(languages__icontains=f'"{language}"')
    if topic:
        lines = lines.filter(topics__slug=topic)
    return lines.order_by("country", "subdivision", "name", "pk").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("slug"))
    )


def crisis_line_get(*, slug: str) -> CrisisLine | None:
    return (
        CrisisLine.objects.filter(is_active=True, slug=slug)
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("slug")))
        .first()
    )


def topic_exists(*, slug: str) -> bool:
    return Topic.objects.filter(slug=slug).exists()
