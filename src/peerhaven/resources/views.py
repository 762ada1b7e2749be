"""The public "Need help now?" page.

It must answer for anyone, signed in or not, and never fail: if the list of lines
cannot be loaded or rendered, the page still shows the emergency numbers.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views import View

from peerhaven.resources import selectors
from peerhaven.resources.countries import country_name

logger = logging.getLogger(__name__)


def _requested_country(request: HttpRequest) -> str:
    """?country= wins (someone may be travelling); else the profile's country."""
    if "country" in request.GET:
        raw = request.GET["country"]
    else:
        raw = ""
        user = request.user
        if user.is_authenticated:
            profile = getattr(user, "profile", None)
            raw = getattr(profile, "country", "") or ""
    raw = raw.strip().upper()
    return raw if len(raw) == 2 and raw.isascii() and raw.isalpha() else ""


class CrisisHelpView(View):
    http_method_names = ["get", "head"]
    template_name = "resources/crisis_help/index.html"
    partial_template_name = "resources/crisis_help/partial.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context: dict[str, Any] = {
            "help": None,
            "unavailable": False,
            "requested_name": "",
            "emergency_numbers": emergency_numbers(),
        }
        try:
            country = _requested_country(request)
            help_ = selectors.crisis_help_for_country(country=country)
            context["help"] = help_
            if help_.requested and help_.requested != help_.selected:
                context["requested_name"] = country_name(help_.requested)
        except Exception:
            # Anything at all (database down, a bad row): show the emergency numbers anyway.
            logger.exception("crisis lines could not be loaded")
            context["unavailable"] = True
        template = self.partial_template_name if getattr(request, "htmx", False) else None
        try:
            return render(request, template or self.template_name, context)
        except Exception:
            logger.exception("crisis help page could not be rendered")
            return HttpResponse(_fallback_page())


def emergency_numbers() -> list[tuple[str, str]]:
    """(number, where) pairs, the same as the page's static text. Kept in code so the
    fallback page needs neither the database nor the template engine."""
    return [
        ("911", _("United States and Canada")),
        ("999", _("United Kingdom (112 also works)")),
        ("112", _("Ireland and the European Union (999 also works in Ireland)")),
        ("000", _("Australia")),
        ("111", _("New Zealand")),
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
