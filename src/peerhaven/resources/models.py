from __future__ import annotations

import datetime
import re
from urllib.parse import quote

from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# After this long an entry is flagged for someone to check it again: numbers change.
REVERIFY_AFTER = datetime.timedelta(days=365)

country_code_validator = RegexValidator(
    r"^[A-Z]{2}$", _("Use the two-letter ISO country code in capitals, such as GB or US.")
)


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
        validators=[country_code_validator],
        help_text=_("ISO code such as GB. Leave blank for a line that helps people anywhere."),
    )
    kind = models.CharField(max_length=20, choices=LineKind.choices, default=LineKind.CRISIS)
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(
        _("what it helps with"), max_length=300, blank=True, help_text=_("One or two sentences.")
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    sms_number = models.CharField(_("text (SMS) number"), max_length=40, blank=True)
    sms_keyword = models.CharField(
        _("text keyword"),
        max_length=40,
        blank=True,
        help_text=_("A word to send, when the service asks for one (for example HOME)."),
    )
    chat_url = models.URLField(_("chat or web address"), blank=True)
    hours = models.CharField(_("hours"), max_length=100, blank=True, default="24/7")
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    topics = models.CharField(
        _("topics"), max_length=300, blank=True, help_text=_("Free text or topic slugs.")
    )
    source_url = models.URLField(
        _("source"), help_text=_("The official page these details were checked against.")
    )
    last_verified = models.DateField(_("last verified"))
    is_active = models.BooleanField(_("shown on the page"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["country", "name"]
        indexes = [models.Index(fields=["is_active", "country"], name="crisisline_active_country")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country or 'international'})"

    @property
    def needs_reverification(self) -> bool:
        return self.last_verified < timezone.localdate() - REVERIFY_AFTER

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
