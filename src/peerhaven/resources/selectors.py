"""Reads for the crisis-line page. One query, whatever the country: the page must be fast."""

from __future__ import annotations

from dataclasses import dataclass, field

from peerhaven.resources.countries import country_name
from peerhaven.resources.models import CrisisLine, LineKind

# Emergency numbers first within a country, then crisis lines, then directories.
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
    groups: list[CountryLines]  # the selected country's lines (or all), then international


def _sort_key(line: CrisisLine) -> tuple[int, str]:
    return (_KIND_RANK.get(LineKind(line.kind), 9), line.name.lower())


def crisis_help_for_country(*, country: str) -> CrisisHelp:
    """Active lines grouped by country. With a country that has lines, only that
    country's; otherwise every country's. Lines for anywhere always come last."""
    by_country: dict[str, list[CrisisLine]] = {}
    for line in CrisisLine.objects.filter(is_active=True):
        by_country.setdefault(line.country, []).append(line)
    for lines in by_country.values():
        lines.sort(key=_sort_key)

    countries = sorted(
        ((code, country_name(code)) for code in by_country if code), key=lambda c: c[1]
    )
    code = country.strip().upper()
    selected = code if code and code in by_country else ""
    shown = [selected] if selected else [c for c, _name in countries]
    groups = [CountryLines(c, country_name(c), by_country[c]) for c in shown]
    if "" in by_country:
        groups.append(CountryLines("", country_name(""), by_country[""]))
    return CrisisHelp(countries=countries, requested=code, selected=selected, groups=groups)
