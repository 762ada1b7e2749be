"""The public "Need help now?" page.

It must answer for anyone, signed in or not, and never fail: if the list of lines
cannot be loaded or rendered, the page still shows the emergency numbers.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views import View

from peerhaven.accounts.selectors import language_label
from peerhaven.resources import selectors
from peerhaven.resources.countries import country_name
from peerhaven.resources.validators import is_subdivision_code

logger = logging.getLogger(__name__)


def _profile(request: HttpRequest) -> Any:
    user = request.user
    return getattr(user, "profile", None) if user.is_authenticated else None


def _requested_country(request: HttpRequest, profile: Any) -> str:
    """?country= wins (someone may be travelling), then the country of ?region=, then
    the profile's country."""
    if "country" in request.GET:
        raw = request.GET["country"]
    else:
        raw = _requested_region(request)[:2] or getattr(profile, "country", "") or ""
    raw = raw.strip().upper()
    return raw if len(raw) == 2 and raw.isascii() and raw.isalpha() else ""


def _requested_region(request: HttpRequest) -> str:
    """?region=CA-QC: profiles have no region, so the page takes it as a parameter."""
    raw = request.GET.get("region", "").strip().upper()
    return raw if is_subdivision_code(raw) else ""


# A language alone stands for one country only where nearly all who send it live there;
# "en", "es" or "pt" alone could be anywhere, so they pick nothing.
_LANGUAGE_COUNTRY = {"de": "DE", "fr": "FR", "ja": "JP", "nl": "NL"}


def _browser_country(request: HttpRequest) -> str:
    """A guess from the browser's most wanted language: the region of "en-GB" or "de-DE-1996",
    else the country of a language such as "de". Blank when there is nothing to go on
    ("en", "es-419", a garbled header)."""
    try:
        accepted = parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    except Exception:  # the header is the visitor's to garble; the page must still answer
        return ""
    for tag, _quality in accepted:
        if tag == "*":
            continue
        parts = tag.split("-")
        if len(parts) > 2 and len(parts[1]) == 4:  # a script first, as in zh-Hant-TW
            del parts[1]
        if len(parts) == 1:
            return _LANGUAGE_COUNTRY.get(parts[0], "")
        region = parts[1]
        return region.upper() if len(region) == 2 and region.isalpha() else ""
    return ""


def _languages(profile: Any) -> list[str]:
    """The member's languages; a visitor's (or a member who chose none) is the language
    the page is shown in."""
    chosen = getattr(profile, "languages", None)
    if isinstance(chosen, list) and chosen:
        return [str(code) for code in chosen]
    return [get_language() or "en"]


class CrisisHelpView(View):
    http_method_names = ["get", "head"]
    template_name = "resources/crisis_help/index.html"
    partial_template_name = "resources/crisis_help/partial.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context: dict[str, Any] = {
            "help": None,
            "unavailable": False,
            "requested_name": "",
            "languages_first": [],
            "emergency_numbers": emergency_numbers(),
        }
        try:
            profile = _profile(request)
            languages = _languages(profile)
            country = _requested_country(request, profile)
            # Nobody chose (not even "All countries"): start where their browser says.
            guessed = not country and "country" not in request.GET
            if guessed:
                country = _browser_country(request)
            help_ = selectors.crisis_help_for_country(
                country=country, region=_requested_region(request), languages=languages
            )
            context["help"] = help_
            names = [language_label(selectors.base_language(code)) for code in languages]
            context["languages_first"] = list(dict.fromkeys(names))
            # A guess without lines quietly shows them all; only a choice is answered.
            if help_.requested and help_.requested != help_.selected and not guessed:
                context["requested_name"] = country_name(help_.requested)
        except Exception:
            # Anything at all (database down, a bad row): show the emergency numbers anyway.
            logger.exception("crisis lines could not be loaded")
            context["unavailable"] = True
        template = self.partial_template_name if getattr(request, "htmx", False) else None
        try:
            response = render(request, template or self.template_name, context)
        except Exception:
            logger.exception("crisis help page could not be rendered")
            response = HttpResponse(_fallback_page())
        # The country shown depends on the header: a shared cache must not give one
        # visitor's lines to the next.
        patch_vary_headers(response, ["Accept-Language"])
        return response


def emergency_numbers() -> list[tuple[str, str]]:
    """(number, where) pairs, the same as the page's static text. Kept in code so the
    fallback page needs neither the database nor the template engine."""
    return [
        ("911", _("United States and Canada")),
        ("999", _("United Kingdom (112 also works)")),
        ("112", _("Ireland, the European Union and India (999 also works in Ireland)")),
        ("000", _("Australia")),
        ("111", _("New Zealand")),
        ("192", _("Brazil, for an ambulance (190 for the police)")),
        ("10111", _("South Africa, for the police (10177 for an ambulance)")),
        ("119", _("Japan, for an ambulance or fire (110 for the police)")),
    ]


def _fallback_page() -> str:
    items = format_html_join(
        "",
        '<li><a href="tel:{}">{}</a>: {}</li>',
        ((number, number, where) for number, where in emergency_numbers()),
    )
    return format_html(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>{}</title></head><body><main><h1>{}</h1><p>{}</p><p><strong>{}</strong></p>"
        "<ul>{}</ul></main></body></html>",
        _("Need help now?"),
        _("Need help now?"),
        _("You are not alone."),
        _("If you are in immediate danger, call your local emergency number now."),
        items,
    )
