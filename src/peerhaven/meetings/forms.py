"""Forms for the meeting pages. They parse input; services do the checks and the writing.

The series form offers presets (once, weekly on chosen days, every other week, monthly on
the nth weekday) that become an RRULE, and a box for any other rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import User
from peerhaven.core.widgets import LongSelect
from peerhaven.meetings import describe, services
from peerhaven.meetings.models import Accessibility, MeetingSeries

ONCE, WEEKLY, FORTNIGHTLY, MONTHLY, CUSTOM = "once", "weekly", "fortnightly", "monthly", "custom"
PRESET_CHOICES = [
    (ONCE, _("Once")),
    (WEEKLY, _("Every week, on the days chosen below")),
    (FORTNIGHTLY, _("Every other week, on the days chosen below")),
    (MONTHLY, _("Once a month, on a weekday (for example the first Monday)")),
    (CUSTOM, _("Another pattern: write a repeat rule")),
]
NTH_CHOICES = [(str(n), label) for n, label in describe.ORDINALS.items()]


def _weekday_choices() -> list[tuple[str, str]]:
    return [(code, describe.weekday_name(code)) for code in describe.WEEKDAY_CODES]


# Where a service's field name (InvalidSchedule.extra["field"]) is shown on this form.
SERVICE_FIELDS = {"rule": "preset", "facilitator": "facilitator_id"}


class SeriesForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    preset = forms.ChoiceField(
        label=_("How often it meets"), choices=PRESET_CHOICES, widget=forms.RadioSelect
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these days (weekly and every other week)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to meet on the weekday of the first date."),
    )
    nth = forms.ChoiceField(
        label=_("Which week of the month (monthly)"), choices=NTH_CHOICES, required=False
    )
    month_weekday = forms.ChoiceField(label=_("Weekday (monthly)"), required=False)
    custom_rule = forms.CharField(
        label=_("Repeat rule (another pattern)"),
        required=False,
        max_length=200,
        help_text=_(
            "An iCalendar RRULE without a start or an end, for example "
            "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2 for the second Monday of every month."
        ),
    )
    start_date = forms.DateField(
        label=_("First date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("On the clock of the time zone below; it stays the same after clock changes."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), widget=LongSelect)
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=5, max_value=services.MAX_DURATION_MINUTES
    )
    end_date = forms.DateField(
        label=_("Last date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty if it keeps going."),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=MeetingSeries.Format.choices, widget=forms.RadioSelect
    )
    area = forms.CharField(
        label=_("Area (shown to everyone)"),
        required=False,
        max_length=120,
        help_text=_("A neighbourhood and town, never the street address."),
    )
    address = forms.CharField(
        label=_("Street address (in person and hybrid)"),
        required=False,
        max_length=300,
        help_text=_("Only members who agreed to the guidelines see it."),
    )
    join_link = forms.CharField(
        label=_("Join link (online and hybrid)"),
        required=False,
        max_length=500,
        widget=forms.URLInput,
        help_text=_("Starts with https://. Only members who agreed to the guidelines see it."),
    )
    latitude = forms.FloatField(
        label=_("Latitude (optional)"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("With the longitude, lets people find the meeting by distance."),
    )
    longitude = forms.FloatField(
        label=_("Longitude (optional)"), required=False, min_value=-180, max_value=180
    )
    language = forms.ChoiceField(label=_("Language"), widget=LongSelect)
    accessibility = forms.MultipleChoiceField(
        label=_("Accessibility"),
        required=False,
        choices=Accessibility.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    what_to_expect = forms.CharField(
        label=_("What to expect"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How it runs, how long people speak, whether cameras are on."),
    )
    capacity = forms.IntegerField(
        label=_("Places (optional)"),
        required=False,
        min_value=1,
        max_value=services.MAX_CAPACITY,
        help_text=_("Leave empty for no limit. When it is full, people join a waitlist."),
    )
    facilitator_id = forms.TypedChoiceField(
        label=_("Facilitator"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, facilitators: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._facilitators = {user.pk: user for user in facilitators}
        self._choices("weekdays", _weekday_choices())
        self._choices("month_weekday", _weekday_choices())
        self._choices("time_zone", account_selectors.time_zone_choices())
        self._choices(
            "language",
            [(code, strip_tags(label)) for code, label in account_selectors.language_choices()],
        )
        self._choices(
            "facilitator_id",
            [("", _("Nobody named"))] + [(u.pk, u.display_name) for u in facilitators],
        )

    def _choices(self, name: str, choices: Sequence[Any]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    @classmethod
    def initial_for(cls, series: MeetingSeries) -> dict[str, Any]:
        initial = services.series_fields(series)
        initial.pop("facilitator")
        initial.pop("rule")
        initial["facilitator_id"] = series.facilitator_id
        initial.update(preset_initial(series.rule))
        return initial

    @classmethod
    def initial_new(cls, actor: User) -> dict[str, Any]:
        profile = getattr(actor, "profile", None)
        zone = str(profile.time_zone) if profile is not None and profile.time_zone else "UTC"
        return {
            "preset": WEEKLY,
            "time_zone": zone,
            "duration_minutes": 60,
            "format": MeetingSeries.Format.ONLINE,
            "language": "en",
            "facilitator_id": actor.pk,
            "nth": "1",
        }

    def rule(self) -> str:
        data = self.cleaned_data
        preset = data["preset"]
        days = ",".join(describe.WEEKDAY_CODES[i] for i in self._weekday_indexes())
        by_day = f";BYDAY={days}" if days else ""
        if preset == WEEKLY:
            return f"FREQ=WEEKLY{by_day}"
        if preset == FORTNIGHTLY:
            return f"FREQ=WEEKLY;INTERVAL=2{by_day}"
        if preset == MONTHLY:
            return f"FREQ=MONTHLY;BYDAY={data['nth']}{data['month_weekday']}"
        if preset == CUSTOM:
            return str(data["custom_rule"]).strip()
        return ""

    def _weekday_indexes(self) -> list[int]:
        return sorted(describe.WEEKDAY_CODES.index(c) for c in self.cleaned_data["weekdays"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        preset = data.get("preset")
        if preset == MONTHLY and not data.get("month_weekday"):
            self.add_error("month_weekday", _("Choose the weekday it meets on."))
        if preset == MONTHLY and not data.get("nth"):
            self.add_error("nth", _("Choose which week of the month."))
        if preset == CUSTOM and not data.get("custom_rule"):
            self.add_error("custom_rule", _("Write the repeat rule, or choose a pattern above."))
        facilitator_id = data.get("facilitator_id")
        if facilitator_id is not None and facilitator_id not in self._facilitators:
            self.add_error("facilitator_id", _("Choose one of the group's facilitators."))
        return data

    def series_input(self) -> services.SeriesInput:
        data = self.cleaned_data
        facilitator_id = data.get("facilitator_id")
        return services.SeriesInput(
            title=data["title"],
            time_zone=data["time_zone"],
            start_date=data["start_date"],
            start_time=data["start_time"],
            duration_minutes=data["duration_minutes"],
            format=data["format"],
            language=data["language"],
            rule=self.rule(),
            end_date=data.get("end_date"),
            accessibility=list(data.get("accessibility") or []),
            what_to_expect=data.get("what_to_expect") or "",
            capacity=data.get("capacity"),
            facilitator=self._facilitators.get(facilitator_id) if facilitator_id else None,
            area=data.get("area") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            address=data.get("address") or "",
            join_link=data.get("join_link") or "",
        )

    def add_service_error(self, field_name: str, message: str) -> None:
        """Show a service's InvalidSchedule on the field it is about."""
        name = SERVICE_FIELDS.get(field_name, field_name)
        if name == "preset" and self.cleaned_data.get("preset") == CUSTOM:
            name = "custom_rule"
        self.add_error(name if name in self.fields else None, message)


def preset_initial(rule: str) -> dict[str, Any]:
    """The form's preset fields for a stored rule; a rule no preset makes is 'custom'."""
    if not rule.strip():
        return {"preset": ONCE}
    parts = describe.rule_parts(rule)
    if parts is not None and parts.freq == "WEEKLY" and parts.interval in (1, 2):
        return {
            "preset": WEEKLY if parts.interval == 1 else FORTNIGHTLY,
            "weekdays": parts.weekdays,
        }
    if parts is not None and parts.freq == "MONTHLY" and parts.nth is not None:
        return {"preset": MONTHLY, "nth": str(parts.nth), "month_weekday": parts.weekdays[0]}
    return {"preset": CUSTOM, "custom_rule": rule}


class OccurrenceCancelForm(forms.Form):
    note = forms.CharField(
        label=_("A note for the people coming (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OccurrenceMoveForm(forms.Form):
    date = forms.DateField(label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("New start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    note = forms.CharField(
        label=_("A note for the people coming (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckInForm(forms.Form):
    came = forms.TypedMultipleChoiceField(
        label=_("Who came"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, people: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["came"]).choices = [
            (user.pk, user.display_name) for user in people
        ]
