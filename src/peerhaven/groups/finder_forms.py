"""The finder's search form: GET parameters in, group_search arguments out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.conf import global_settings
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import Topic
from peerhaven.core.widgets import LongSelect
from peerhaven.groups.exceptions import SearchInputError
from peerhaven.groups.models import Group
from peerhaven.groups.places import Place, miles_to_km, place_from_text
from peerhaven.groups.search import DEFAULT_RADIUS_KM, MAX_QUERY_LENGTH, parse_words
from peerhaven.meetings import finder as meeting_finder

DISTANCES = [("5", "5"), ("10", "10"), ("25", "25"), ("50", "50"), ("100", "100")]
# Countries where distances are given in miles.
MILES_COUNTRIES = {"US", "GB", "LR", "MM"}
MEETING_FIELDS = ("day", "from", "to", "tz", "within_days")
FIELDS = (
    "q",
    "topic",
    "format",
    "language",
    "join_policy",
    "place",
    "within",
    "units",
    *MEETING_FIELDS,
)
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M"]


def default_units(*, country: str = "", accept_language: str = "") -> str:
    """Miles where people count in miles (by profile country, else the browser's region)."""
    if country:
        return "mi" if country.upper() in MILES_COUNTRIES else "km"
    first = accept_language.split(",")[0].split(";")[0].strip()
    region = first.split("-")[1].upper() if "-" in first else ""
    return "mi" if region in MILES_COUNTRIES else "km"


class GroupFinderForm(forms.Form):
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("For example “grief walking” or “anxiety evenings”."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    topic = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )
    format = forms.MultipleChoiceField(
        label=_("Format"),
        required=False,
        choices=Group.Format.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(label=_("Language"), required=False, widget=LongSelect)
    join_policy = forms.MultipleChoiceField(
        label=_("How to join"),
        required=False,
        choices=Group.JoinPolicy.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(
        label=_("Near a town or city"),
        required=False,
        max_length=120,
        help_text=_("Only in-person and hybrid groups have a place. For example “Leeds”."),
    )
    within = forms.TypedChoiceField(
        label=_("Within"),
        required=False,
        choices=DISTANCES,
        coerce=float,
        empty_value=None,
    )
    units = forms.ChoiceField(
        label=_("Units"),
        required=False,
        choices=[("km", _("kilometres")), ("mi", _("miles"))],
        widget=forms.RadioSelect,
    )

    day = forms.MultipleChoiceField(
        label=_("Meets on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Unknown day: %(value)s. Choose days from the list.")},
    )
    within_days = forms.CharField(
        label=_("Next meeting within (days)"),
        required=False,
        widget=forms.NumberInput(attrs={"min": "1", "inputmode": "numeric"}),
    )
    tz = forms.ChoiceField(
        label=_("Your time zone"),
        required=False,
        widget=LongSelect,
        help_text=_("Days and times are on this clock."),
        error_messages={
            "invalid_choice": _("Unknown time zone “%(value)s”. Use a name like Europe/London.")
        },
    )

    def __init__(
        self,
        data: Any = None,
        *args: Any,
        topics: Sequence[Topic],
        units: str = "km",
        zone: str | None = None,
        **kwargs: Any,
    ):
        """`zone`: the signed-in person's profile time zone, used instead of the tz field."""
        browser_zone = data is None or not data.get("tz")
        if data is not None:
            # A search that leaves out distance or units uses the defaults, and the form
            # shows them, so it never displays one radius while searching another.
            data = data.copy()
            if not data.get("within"):
                data["within"] = "25"
            if not data.get("units"):
                data["units"] = units
            if zone is None and not data.get("tz"):
                data["tz"] = meeting_finder.DEFAULT_ZONE
        super().__init__(data, *args, **kwargs)
        self.zone = zone
        horizon = meeting_finder.horizon_days()
        # "from" is a Python keyword, so the time fields are added here.
        for name, label in (("from", _("Starting from")), ("to", _("Starting by"))):
            self.fields[name] = forms.TimeField(
                label=label,
                required=False,
                input_formats=TIME_INPUT_FORMATS,
                widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
                error_messages={
                    "invalid": _("Give the time as hours and minutes, like 18:30."),
                },
            )
        self.fields["to"].help_text = _(
            "A time earlier than the start runs past midnight (22:00 to 01:00)."
        )
        day_field = self.fields["day"]
        tz_field = self.fields["tz"]
        assert isinstance(day_field, forms.MultipleChoiceField)  # noqa: S101
        assert isinstance(tz_field, forms.ChoiceField)  # noqa: S101
        day_field.choices = meeting_finder.day_choices()
        self.fields["within_days"].widget.attrs["max"] = str(horizon)
        self.fields["within_days"].help_text = _(
            "Up to %(max)d days ahead. Leave empty for any date."
        ) % {"max": horizon}
        if zone is not None:
            del self.fields["tz"]
        else:
            tz_field.choices = account_selectors.time_zone_choices
            tz_field.initial = meeting_finder.DEFAULT_ZONE
            if browser_zone:
                # finder_time_zone.js picks the browser's zone until one is chosen.
                tz_field.widget.attrs["data-browser-time-zone"] = "true"
        self.default_units = units
        topic_field = self.fields["topic"]
        language_field = self.fields["language"]
        assert isinstance(topic_field, forms.MultipleChoiceField)  # noqa: S101
        assert isinstance(language_field, forms.ChoiceField)  # noqa: S101
        topic_field.choices = [(t.slug, t.name) for t in topics]
        language_field.choices = [("", _("Any language"))] + [
            (code, _(name)) for code, name in global_settings.LANGUAGES
        ]
        self.fields["units"].initial = units
        self.fields["within"].initial = "25"

    def clean_q(self) -> str:
        text: str = self.cleaned_data.get("q", "")
        try:
            parse_words(text)
        except SearchInputError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc
        return text

    def clean_place(self) -> Place | None:
        text: str = self.cleaned_data.get("place", "").strip()
        if not text:
            return None
        try:
            return place_from_text(text)
        except SearchInputError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc

    def clean_units(self) -> str:
        return self.cleaned_data.get("units") or self.default_units

    def clean_within_days(self) -> int | None:
        try:
            return meeting_finder.check_within_days(self.cleaned_data.get("within_days"))
        except SearchInputError as exc:
            raise forms.ValidationError(exc.message, code=exc.code) from exc

    def clean_tz(self) -> str:
        return self.cleaned_data.get("tz") or meeting_finder.DEFAULT_ZONE

    @property
    def time_zone(self) -> str:
        """The clock the meeting days and times are on."""
        if self.zone is not None:
            return self.zone
        data = getattr(self, "cleaned_data", {})
        return str(data.get("tz") or meeting_finder.DEFAULT_ZONE)

    def meeting_filters(self) -> list[meeting_finder.MeetingTimeFilter]:
        """The meeting day, time and date filter, if any was asked for; after is_valid()."""
        data = self.cleaned_data
        found = meeting_finder.meeting_filter(
            days=data["day"],
            starts_from=data["from"],
            starts_to=data["to"],
            zone=self.time_zone,
            within_days=data["within_days"],
        )
        return [found] if found is not None else []

    def search_arguments(self) -> dict[str, Any]:
        """Keyword arguments for group_search; call after is_valid()."""
        data = self.cleaned_data
        units = data["units"]
        within = data["within"] or DEFAULT_RADIUS_KM
        return {
            "words": data["q"],
            "topics": data["topic"],
            "formats": data["format"],
            "languages": [data["language"]] if data["language"] else [],
            "join_policies": data["join_policy"],
            "near": data["place"],
            "within_km": miles_to_km(within) if units == "mi" and data["within"] else within,
            "units": units,
            "filters": self.meeting_filters(),
        }

    def add_search_error(self, exc: SearchInputError) -> None:
        """Show an error from group_search on the field it is about."""
        field = exc.extra.get("field")
        self.add_error(field if field in self.fields else None, exc.message)
