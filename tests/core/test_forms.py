"""Forms that look their lazy texts up once: in the language of the request that made them."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from peerhaven.core.forms import TextsTranslatedOnce
from peerhaven.core.widgets import ChoiceList


class _Form(TextsTranslatedOnce):
    # Texts Django itself translates, so another language shows.
    password = forms.CharField(label=gettext_lazy("Password"), help_text=gettext_lazy("Password"))
    kind = forms.ChoiceField(
        choices=[("a", gettext_lazy("Password")), ("b", "plain")],
        widget=ChoiceList(hints={"a": gettext_lazy("Password")}),
    )


def test_texts_are_looked_up_in_the_language_active_when_the_form_is_made() -> None:
    with translation.override("de"):
        german = _Form()
    with translation.override("en"):
        english = _Form()

    assert german.fields["password"].label == "Passwort"
    assert german.fields["password"].help_text == "Passwort"
    assert german.fields["kind"].choices == [("a", "Passwort"), ("b", "plain")]
    assert german.fields["kind"].widget.hints == {"a": "Passwort"}
    assert english.fields["password"].label == "Password"
    assert english.fields["kind"].widget.choices == [("a", "Password"), ("b", "plain")]
    # The rendered radio list uses the looked-up texts.
    assert "Passwort" in str(german["kind"]) and "Password" not in str(german["kind"])


def test_the_class_keeps_its_lazy_texts_for_the_next_request() -> None:
    with translation.override("de"):
        _Form()
    field = _Form.base_fields["password"]
    assert isinstance(field.label, Promise)
    assert isinstance(_Form.base_fields["kind"].widget.hints["a"], Promise)  # type: ignore[attr-defined]
