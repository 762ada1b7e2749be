"""Field checks for directory entries. Migrations name these functions: keep them here.

A wrong number in a crisis is worse than a missing one, so a number must look like
something a phone can dial: digits with an optional leading +, and spaces, hyphens, dots
or brackets between them. Short codes (988, 116 123, 13 11 14) are real numbers too.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.selectors import COUNTRY_CODES

MIN_DIGITS = 2
MAX_DIGITS = 15  # the longest number the international plan (E.164) allows

# An optional +, then a digit (or an opening bracket and a digit), then digits and separators.
_DIALABLE = re.compile(r"^\+?\(?\d[\d ().-]*$")
_SUBDIVISION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


def validate_dialable(value: str) -> None:
    digits = sum(ch.isdigit() for ch in value)
    if (
        not value.isascii()
        or not _DIALABLE.match(value)
        or not MIN_DIGITS <= digits <= MAX_DIGITS
        or value.count("(") != value.count(")")
    ):
        raise ValidationError(
            _(
                "“%(value)s” is not a number people can dial. Use %(min)d to %(max)d digits, "
                "with an optional + at the start and spaces, hyphens, dots or brackets "
                "between them, such as 988, 116 123 or 0800 111 0 111."
            ),
            code="not_dialable",
            params={"value": value, "min": MIN_DIGITS, "max": MAX_DIGITS},
        )


def validate_country(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(
            _(
                "“%(value)s” is not a country code we know. Use the two-letter ISO code in "
                "capitals, such as GB or US, or leave it blank for a line that helps people "
                "anywhere."
            ),
            code="unknown_country",
            params={"value": value},
        )


def validate_subdivision(value: str) -> None:
    if not _SUBDIVISION.match(value):
        raise ValidationError(
            _(
                "“%(value)s” is not a region code. Use the ISO 3166-2 code in capitals: the "
                "country code, a hyphen and up to three letters or digits, such as CA-QC or "
                "US-CA."
            ),
            code="invalid_subdivision",
            params={"value": value},
        )


def is_subdivision_code(value: str) -> bool:
    return bool(_SUBDIVISION.match(value))
