"""The Python form renderer gives what Django's own form templates give.

Every field is rendered twice, once through peerhaven's renderer and once through Django's
template renderer, and the two must match: widgets to the character, field groups (whose
templates leave blank lines about) as equal HTML.
"""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.test.html import parse_html
from django.utils.safestring import mark_safe
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from peerhaven.accounts.forms import ProfileForm
from peerhaven.core.form_renderer import FormRenderer

COLOURS = [("red", "Red <hot>"), ("blue", 'Blue & "cool"'), ("", "None chosen")]
GROUPED = [("Warm", [("red", "Red"), ("amber", "Amber")]), ("Cool", [("blue", "Blue")])]


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label="Name <b>", max_length=20, help_text="Your <em>chosen</em> name")
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    age = forms.IntegerField(min_value=0, required=False, label="Age?")
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    site = forms.URLField(required=False, assume_scheme="https")
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(label="I agree", help_text="Needed to go on.")
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    colour = forms.ChoiceField(choices=COLOURS, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(
        choices=COLOURS[:2], required=False, widget=forms.SelectMultiple
    )
    radio = forms.ChoiceField(choices=COLOURS[:2], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(
        choices=COLOURS[:2], widget=forms.CheckboxSelectMultiple, required=False
    )
    disabled = forms.CharField(disabled=True, required=False, initial="fixed & set")


GOOD = {"name": "Quiet Fern", "agree": "on", "radio": "red", "notes": "a\n<b>c</b>"}
BAD = {
    "name": "x" * 30,
    "email": "not an e-mail",
    "age": "-3",
    "when": "yesterday",
    "site": "ht tp://",
    "colour": "green",
    "many": ["red", "green"],
    "radio": "",
    "boxes": ["purple"],
    "notes": "kept <text>",
}


def _both(form_class: type[forms.Form], **kwargs: Any) -> tuple[forms.Form, forms.Form]:
    ours = form_class(renderer=FormRenderer(), **kwargs)
    django = form_class(renderer=DjangoTemplates(), **kwargs)
    ours.is_bound and ours.is_valid()
    django.is_bound and django.is_valid()
    return ours, django


def _assert_same_fields(ours: forms.Form, django: forms.Form) -> None:
    for name in ours.fields:
        a, b = ours[name], django[name]
        assert str(a) == str(b), name
        assert str(a.errors) == str(b.errors), name
        assert str(a.label_tag()) == str(b.label_tag()), name
        assert str(a.legend_tag()) == str(b.legend_tag()), name
        assert parse_html(a.as_field_group()) == parse_html(b.as_field_group()), name
        for option_a, option_b in zip(a, b, strict=True):
            assert option_a.tag() == option_b.tag(), name
            assert option_a.tag(wrap_label=True) == option_b.tag(wrap_label=True), name
    assert str(ours.non_field_errors()) == str(django.non_field_errors())
    assert parse_html(ours.as_div()) == parse_html(django.as_div())


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"data": GOOD}, {"data": BAD}, {"data": {}}, {"initial": {"name": "A & B"}}],
    ids=["unbound", "valid", "invalid", "empty", "initial"],
)
def test_every_widget_renders_as_django_renders_it(kwargs: dict[str, Any]) -> None:
    _assert_same_fields(*_both(EveryWidgetForm, **kwargs))


def test_a_form_without_ids_renders_as_django_renders_it() -> None:
    _assert_same_fields(*_both(EveryWidgetForm, data=BAD, auto_id=False))


def test_errors_carry_the_field_id_and_are_escaped() -> None:
    form = EveryWidgetForm(renderer=FormRenderer(), data={"name": "<script>", "colour": "<x>"})
    assert not form.is_valid()
    errors = str(form["colour"].errors)
    assert errors.startswith('<ul class="errorlist" id="id_colour_error"><li>')
    assert "&lt;x&gt;" in errors and "<x>" not in errors


def test_peerhaven_forms_use_the_python_renderer() -> None:
    assert settings.FORM_RENDERER == "peerhaven.core.form_renderer.FormRenderer"
    form = ProfileForm(topics=[])
    assert isinstance(form.renderer, FormRenderer)


texts = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)


@hypothesis_settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(label=texts, help_text=texts, value=texts, choice=texts, safe_label=st.booleans())
def test_any_text_renders_as_django_renders_it(
    label: str, help_text: str, value: str, choice: str, safe_label: bool
) -> None:
    class TextForm(forms.Form):
        text = forms.CharField(
            label=mark_safe(label) if safe_label else label,  # noqa: S308 - both ways compared
            help_text=help_text,
            max_length=10,
        )
        pick = forms.ChoiceField(choices=[("a", choice), (choice, "b")], widget=forms.RadioSelect)
        menu = forms.ChoiceField(choices=[("a", choice), (choice, "b")])

    _assert_same_fields(*_both(TextForm, data={"text": value, "pick": value, "menu": value}))
