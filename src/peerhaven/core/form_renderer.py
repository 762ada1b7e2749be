"""The form renderer: Django's own form templates, the common ones written in Python.

Every field on a page passes through several of Django's small form templates (the field
group, its label, its error list, its input, each radio or option), and each costs a
template render: on a form page they were a third of the request. This renderer writes the
same markup for those templates in Python and hands every other template to Django.

The output must stay what Django's templates give: tests/core/test_form_renderer.py
renders fields both ways and compares. A project template that overrides one of these
Django templates would be ignored here, so drop its entry from `_IN_PYTHON` if one is added.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

Context = dict[str, Any]


def _text(value: Any) -> str:
    """`{{ value }}` in a template: localized, made text, escaped unless already safe."""
    return str(conditional_escape(str(localize(value))))


def _attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/attrs.html and widgets/attrs.html: False leaves the attribute out,
    True writes its bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_text(name)}")
        else:
            parts.append(f' {_text(name)}="{_text(value)}"')
    return "".join(parts)


def input_tag(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html, for a widget's (or an option's) context."""
    value = widget["value"]
    value_attr = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value_attr}{_attrs(widget['attrs'])}>"
    )


class FormRenderer(DjangoTemplates):
    """Set as FORM_RENDERER; renders Django's common form templates without the template
    engine and everything else with it."""

    def render(self, template_name: str, context: Context, request: Any = None) -> str:
        in_python = _IN_PYTHON.get(template_name)
        if in_python is None:
            return str(super().render(template_name, context, request=request))
        # Django strips the rendered template; the Python versions have nothing to strip.
        return in_python(self, context)

    def field_group(self, context: Context) -> str:
        field = context["field"]
        use_fieldset = field.use_fieldset
        # Labels and help texts are lazy: each use would look the translation up again.
        label = str(field.label) if field.label else ""
        help_text = str(field.help_text) if field.help_text else ""
        parts = []
        if use_fieldset:
            described = field.aria_describedby
            aria = f' aria-describedby="{_text(described)}"' if described else ""
            parts.append(f"<fieldset{aria}>")
            if label:
                parts.append(str(field.legend_tag(contents=label)))
        elif label:
            parts.append(str(field.label_tag(contents=label)))
        if help_text:
            help_id = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
            # Help text is trusted markup, as in Django's template (`|safe`).
            parts.append(f'<div class="helptext"{help_id}>{help_text}</div>')
        parts.append(str(field.errors))
        parts.append(str(field) + ("</fieldset>" if use_fieldset else ""))
        return "\n".join(part for part in parts if part)

    def label(self, context: Context) -> str:
        label = _text(context["label"])
        if not context["use_tag"]:
            return label
        tag = _text(context["tag"])
        return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"

    def error_list(self, context: Context) -> str:
        errors = context["errors"]
        if not errors:
            return ""
        field_id = getattr(errors, "field_id", None)
        id_attr = f' id="{_text(field_id)}_error"' if field_id else ""
        items = "".join(f"<li>{_text(errors[i])}</li>" for i in range(len(errors)))
        return f'<ul class="{_text(context["error_class"])}"{id_attr}>{items}</ul>'

    def input(self, context: Context) -> str:
        return input_tag(context["widget"])

    def input_option(self, context: Context) -> str:
        widget = context["widget"]
        tag = input_tag(widget)
        if not widget.get("wrap_label"):
            return tag
        option_id = widget["attrs"].get("id")
        for_attr = f' for="{_text(option_id)}"' if option_id else ""
        # Django's input template ends in a newline, kept inside the label.
        return f"<label{for_attr}>{tag}\n {_text(widget['label'])}</label>"

    def textarea(self, context: Context) -> str:
        widget = context["widget"]
        text = _text(widget["value"]) if widget["value"] else ""
        return (
            f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>'
        )

    def select(self, context: Context) -> str:
        widget = context["widget"]
        parts = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                option_html = self.render(option["template_name"], {"widget": option})
                # An included template keeps the newline its file ends with.
                parts.append(f"\n  {option_html}\n")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def select_option(self, context: Context) -> str:
        widget = context["widget"]
        return (
            f'<option value="{_text(widget["value"])}"{_attrs(widget["attrs"])}>'
            f"{_text(widget['label'])}</option>"
        )


_INPUT_TYPES = (
    "checkbox color date datetime email file hidden number password search tel text time url"
)
_IN_PYTHON: dict[str, Callable[[FormRenderer, Context], str]] = {
    "django/forms/field.html": FormRenderer.field_group,
    "django/forms/label.html": FormRenderer.label,
    "django/forms/errors/list/default.html": FormRenderer.error_list,
    "django/forms/errors/list/ul.html": FormRenderer.error_list,
    **{f"django/forms/widgets/{name}.html": FormRenderer.input for name in _INPUT_TYPES.split()},
    "django/forms/widgets/input.html": FormRenderer.input,
    "django/forms/widgets/radio_option.html": FormRenderer.input_option,
    "django/forms/widgets/checkbox_option.html": FormRenderer.input_option,
    "django/forms/widgets/input_option.html": FormRenderer.input_option,
    "django/forms/widgets/textarea.html": FormRenderer.textarea,
    "django/forms/widgets/select.html": FormRenderer.select,
    "django/forms/widgets/select_option.html": FormRenderer.select_option,
}
