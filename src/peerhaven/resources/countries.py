"""Country names for the crisis-line page, from the same list members pick from in
their profile, so a profile's country and the page always agree."""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext as _

from peerhaven.accounts.selectors import COUNTRIES


@cache
def _names() -> dict[str, object]:
    return dict(COUNTRIES)


def country_name(code: str) -> str:
    """The display name of an ISO code; blank means lines that help people anywhere.
    A code missing from the list is shown as itself, so no admin entry ever disappears."""
    if not code:
        return _("International")
    return str(_names().get(code.upper(), code.upper()))
