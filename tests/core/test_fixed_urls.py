"""The header's fixed addresses are the ones Django's `url` and `static` tags give."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.templatetags.static import static
from django.urls import reverse, set_script_prefix


def _render(text: str) -> str:
    return Template("{% load fixed_urls %}" + text).render(Context({}))


def test_fixed_url_is_the_reversed_url():
    assert _render("{% fixed_url 'crisis-help' %}") == reverse("crisis-help")
    assert _render('{% fixed_url "profile" %}') == reverse("profile")


def test_fixed_url_follows_the_script_prefix():
    try:
        set_script_prefix("/community/")
        assert _render("{% fixed_url 'crisis-help' %}") == "/community" + "/help/"
    finally:
        set_script_prefix("/")
    assert _render("{% fixed_url 'crisis-help' %}") == "/help/"


def test_fixed_static_is_the_static_url():
    assert _render("{% fixed_static 'css/peerhaven.css' %}") == static("css/peerhaven.css")


@pytest.mark.parametrize(
    "text", ["{% fixed_url %}", "{% fixed_url home %}", "{% fixed_url 'a' 'b' %}"]
)
def test_fixed_url_wants_one_quoted_name(text):
    with pytest.raises(TemplateSyntaxError, match="one quoted name"):
        _render(text)
