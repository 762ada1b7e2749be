from django.utils.html import format_html

from peerhaven.core.widgets import ChoiceList, LongCheckboxList, LongSelect


def test_long_select_marks_only_the_chosen_option_and_escapes_labels():
    widget = LongSelect(choices=[("a", "Alpha <b>"), ("b", "Beta")])
    html = widget.render("letter", "b", {"id": "id_letter"})
    assert '<select id="id_letter" name="letter">' in html
    assert '<option value="b" selected>Beta</option>' in html
    assert '<option value="a">Alpha &lt;b&gt;</option>' in html


def test_a_choice_is_not_left_selected_for_the_next_render():
    widget = LongSelect(choices=[("a", "Alpha"), ("b", "Beta")])
    widget.render("letter", "a")
    assert "selected" not in widget.render("letter", "")


def test_checkbox_list_keeps_django_ids_and_safe_labels():
    safe = format_html('French (<span lang="{}">{}</span>)', "fr", "français")
    widget = LongCheckboxList(choices=[("en", "English"), ("fr", safe)])
    html = widget.render("languages", ["fr"], {"id": "id_languages"})
    assert '<input type="checkbox" name="languages" value="fr" id="id_languages_1" checked>' in html
    assert '<input type="checkbox" name="languages" value="en" id="id_languages_0">' in html
    assert '<label for="id_languages_1">French (<span lang="fr">français</span>)</label>' in html


def _required_field_html(choices) -> str:
    from django import forms

    class LetterForm(forms.Form):
        letter = forms.ChoiceField(choices=choices, widget=LongSelect)

    return str(LetterForm()["letter"])


def test_a_required_long_select_says_required_only_when_it_starts_with_an_empty_choice():
    assert " required" in _required_field_html(lambda: [("", "Choose"), ("a", "Alpha")])
    # A first option with a value would satisfy "required" untouched: invalid HTML.
    assert " required" not in _required_field_html(lambda: [("a", "Alpha"), ("b", "Beta")])


def _radio_form(data=None, auto_id="id_%s"):
    from django import forms

    class PaceForm(forms.Form):
        pace = forms.ChoiceField(
            choices=[("slow", "Slow & steady"), ("fast", "Fast")],
            widget=ChoiceList(hints={"slow": "Take <your> time"}),
        )

    form = PaceForm(data, auto_id=auto_id)
    form.is_bound and form.is_valid()
    return form


def test_choice_list_renders_each_radio_as_the_template_did():
    from django.template import Context, Template
    from django.test.html import parse_html

    # The markup the profile and composer templates wrote for each radio before.
    template = Template(
        '<ul class="choice-list">{% for radio in field %}<li><label'
        '{% if radio.id_for_label %} for="{{ radio.id_for_label }}"{% endif %}>'
        "{{ radio.tag }} {{ radio.choice_label }}{% if radio.data.value == 'slow' %}"
        ' <span class="hint">Take &lt;your&gt; time</span>{% endif %}</label></li>{% endfor %}</ul>'
    )
    for data, auto_id in [(None, "id_%s"), ({"pace": "fast"}, "id_%s"), ({"pace": "x"}, False)]:
        field = _radio_form(data, auto_id)["pace"]
        assert parse_html(str(field)) == parse_html(template.render(Context({"field": field})))


def test_choice_list_checks_the_chosen_radio_and_marks_them_required():
    html = str(_radio_form({"pace": "fast"})["pace"])
    assert '<input type="radio" name="pace" value="fast" required id="id_pace_1" checked>' in html
    assert '<input type="radio" name="pace" value="slow" required id="id_pace_0">' in html
    assert "Slow &amp; steady" in html
