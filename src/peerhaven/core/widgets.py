"""Form widgets shared by every app.

Django renders each option of a select, and each checkbox of a list, through a template.
Lists of hundreds of entries (time zones, countries, languages) then dominate a page's
cost, so these widgets build the markup in Python, once per list, and only mark what is
chosen on each request. Flat choices only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from peerhaven.core.form_renderer import input_tag

Choices = tuple[tuple[str, str], ...]


def _flat(choices: Iterable[Any]) -> Choices:
    # Callable choices are normalized entry by entry on every iteration; call the function
    # itself instead (its result is already flat pairs).
    func = getattr(choices, "func", None)
    entries = func() if func else choices
    if isinstance(entries, tuple):
        # A shared tuple of (str, str) pairs, built once (accounts.selectors): used as it
        # is, the rendered options are found by it without copying hundreds of entries.
        return entries
    return tuple((str(value), str(label)) for value, label in entries)


@functools.lru_cache(maxsize=64)
def _options_html(choices: Choices) -> str:
    return str(format_html_join("", '<option value="{}">{}</option>', choices))


@functools.lru_cache(maxsize=64)
def _checkboxes_html(name: str, base_id: str, choices: Choices) -> str:
    return str(
        format_html_join(
            "",
            '<li><input type="checkbox" name="{}" value="{}" id="{}_{}">'
            ' <label for="{}_{}">{}</label></li>',
            ((name, v, base_id, i, base_id, i, label) for i, (v, label) in enumerate(choices)),
        )
    )


def _mark(html: str, chosen: set[str], attribute: str, *, after_id: bool = False) -> str:
    """Add `attribute` to the element of each chosen value, right after its value
    attribute (or after the id that follows it, with `after_id`). Labels are escaped, so
    `value="…"` only ever matches an attribute."""
    for value in chosen:
        needle = f'value="{escape(value)}"'
        at = html.find(needle)
        if at < 0:
            continue
        end = at + len(needle)
        if after_id:
            end = html.index('"', html.index(' id="', end) + 5) + 1
        html = f"{html[:end]} {attribute}{html[end:]}"
    return html


class LongSelect(forms.Select):
    """A <select> for long flat lists."""

    def use_required_attribute(self, initial: Any) -> bool:
        # Django's version normalizes the whole callable list to look at its first entry.
        if not forms.Widget.use_required_attribute(self, initial):
            return False
        func = getattr(self.choices, "func", None)
        for value, _label in func() if func else self.choices:
            return str(value) == ""
        return False

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        chosen = {str(v) for v in self.format_value(value)}
        options = _mark(_options_html(_flat(self.choices)), chosen, "selected")
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))  # noqa: S308 - built from escaped parts


class LongCheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes in a <ul class="checkbox-list">. Ids follow Django's (`id_<name>_<n>`),
    so labels and tests stay the same."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        base_id = self.build_attrs(self.attrs, attrs).get("id") or f"id_{name}"
        chosen = {str(v) for v in self.format_value(value)}
        items = _mark(
            _checkboxes_html(name, base_id, _flat(self.choices)), chosen, "checked", after_id=True
        )
        return format_html('<ul class="checkbox-list">{}</ul>', mark_safe(items))  # noqa: S308 - built from escaped parts


class ChoiceList(forms.RadioSelect):
    """Radio buttons in a <ul class="choice-list">, each input inside its label, with an
    optional one-line hint per choice (`hints`: value -> text). Flat choices only; the
    inputs carry the same attributes as Django's radios."""

    def __init__(self, *args: Any, hints: Mapping[Any, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hints = hints or {}

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        base_id = final_attrs.get("id")
        chosen = next(iter(self.format_value(value)), None)
        items = []
        for index, (option_value, label) in enumerate(self.choices):
            option_attrs = dict(final_attrs)
            if str(option_value) == chosen:
                option_attrs["checked"] = True
            if base_id:
                option_attrs["id"] = f"{base_id}_{index}"
            tag = input_tag(
                {"type": "radio", "name": name, "value": option_value, "attrs": option_attrs}
            )
            hint = self.hints.get(str(option_value))
            items.append(
                format_html(
                    "<li><label{}>{} {}{}</label></li>",
                    format_html(' for="{}"', option_attrs["id"]) if base_id else "",
                    mark_safe(tag),  # noqa: S308 - built from escaped parts
                    label,
                    format_html(' <span class="hint">{}</span>', hint) if hint else "",
                )
            )
        return format_html('<ul class="choice-list">{}</ul>', mark_safe("".join(items)))  # noqa: S308 - built from escaped parts
