"""The resource directory: crisis lines and other help, by country and region.

Languages are a JSON list of language codes (["en", "fr"]), checked against the same list
members choose from in their profile, so "lines in your languages first" compares like
with like; the page and the crisis panel read them without another query. Topics link to
the instance's topic list (the one profiles and groups use), so a renamed topic follows
and the API can filter by slug. Both used to be free text; what the conversion could not
match is kept in legacy_languages / legacy_topics for an admin to review.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.models import Topic, validate_languages
from peerhaven.accounts.selectors import COUNTRY_CODES, language_label
from peerhaven.resources.validators import (
    is_subdivision_code,
    validate_country,
    validate_dialable,
    validate_subdivision,
)

# After this long an entry is flagged for someone to check it again: numbers change.
REVERIFY_AFTER = datetime.timedelta(days=365)


class LineKind(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency services")
    CRISIS = "crisis", _("Crisis line")
    DIRECTORY = "directory", _("Directory of helplines")


class CrisisLine(models.Model):
    """A helpline shown on the public "Need help now?" page."""

    slug = models.SlugField(
        max_length=80, unique=True, help_text=_("A short stable name, such as us-988.")
    )
    country = models.CharField(
        _("country"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_("ISO code such as GB. Leave blank for a line that helps people anywhere."),
    )
    subdivision = models.CharField(
        _("region"),
        max_length=6,
        blank=True,
        validators=[validate_subdivision],
        help_text=_(
            "Only for a line that serves part of the country: the ISO 3166-2 code, such as "
            "CA-QC or US-CA. Leave blank for the whole country."
        ),
    )
    kind = models.CharField(max_length=20, choices=LineKind.choices, default=LineKind.CRISIS)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(
        _("what it helps with"), max_length=300, blank=True, help_text=_("One or two sentences.")
    )
    phone = models.CharField(
        _("phone number"), max_length=40, blank=True, validators=[validate_dialable]
    )
    sms_number = models.CharField(
        _("text (SMS) number"), max_length=40, blank=True, validators=[validate_dialable]
    )
    sms_keyword = models.CharField(
        _("text keyword"),
        max_length=40,
        blank=True,
        help_text=_("A word to send, when the service asks for one (for example HOME)."),
    )
    chat_url = models.URLField(_("chat or web address"), blank=True)
    hours = models.CharField(_("hours"), max_length=100, blank=True, default="24/7")
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        validators=[validate_languages],
        help_text=_("The languages someone can be helped in."),
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="+",
        verbose_name=_("topics"),
        help_text=_("What it helps with, from the instance's topic list."),
    )
    # Free text from before languages and topics were lists: only what could not be matched.
    legacy_languages = models.CharField(_("languages (old free text)"), max_length=200, blank=True)
    legacy_topics = models.CharField(_("topics (old free text)"), max_length=300, blank=True)
    source_url = models.URLField(
        _("source"), help_text=_("The official page these details were checked against.")
    )
    last_verified = models.DateField(_("last verified"))
    is_active = models.BooleanField(_("shown on the page"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "subdivision", "name"]
        indexes = [models.Index(fields=["is_active", "country"], name="crisisline_active_country")]
        constraints = [
            # Also checked by full_clean, so the admin shows these messages instead of failing.
            models.CheckConstraint(
                condition=~Q(phone="", sms_number="", chat_url=""),
                name="crisisline_has_a_way_to_reach_it",
                violation_error_message=_(
                    "Give at least one way to reach this line: a phone number, a text (SMS) "
                    "number or a chat or web address."
                ),
            ),
            models.CheckConstraint(
                condition=Q(subdivision="")
                | Q(subdivision__startswith=Concat("country", Value("-"))),
                name="crisisline_subdivision_in_country",
                violation_error_message=_(
                    "A region must be in the line's country: its code starts with the "
                    "country code and a hyphen, as CA-QC does for CA."
                ),
            ),
        ]

    def __str__(self) -> str:
        where = self.subdivision or self.country or "international"
        return f"{self.name} ({where})"

    def clean(self) -> None:
        # Said here, against the field, before the constraint's general message would be.
        if not is_subdivision_code(self.subdivision) or self.subdivision[:2] == self.country:
            return  # nothing to compare, or its own format error already says what is wrong
        if not self.country:
            message = _("A line for a region needs its country too: set the country to %(code)s.")
        elif self.country in COUNTRY_CODES:
            message = _(
                "%(subdivision)s is not in %(country)s. A region code starts with its "
                "country's code and a hyphen, as CA-QC does for CA."
            )
        else:
            return  # the country itself is wrong, and says so
        error = ValidationError(
            message,
            code="subdivision_not_in_country",
            params={
                "code": self.subdivision[:2],
                "subdivision": self.subdivision,
                "country": self.country,
            },
        )
        raise ValidationError({"subdivision": error})

    @property
    def needs_reverification(self) -> bool:
        return self.last_verified < timezone.localdate() - REVERIFY_AFTER

    @property
    def language_names(self) -> list[str]:
        return [language_label(code) for code in self.languages]

    @property
    def phone_href(self) -> str:
        return "tel:" + _dialable(self.phone) if self.phone else ""

    @property
    def sms_href(self) -> str:
        if not self.sms_number:
            return ""
        href = "sms:" + _dialable(self.sms_number)
        if self.sms_keyword:
            href += "?body=" + quote(self.sms_keyword)
        return href


def _dialable(number: str) -> str:
    """Digits only (and a leading +), so 13 11 14 becomes tel:131114."""
    cleaned = re.sub(r"[^\d+]", "", number)
    return cleaned[:1] + cleaned[1:].replace("+", "")
