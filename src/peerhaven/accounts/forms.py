"""Forms for the profile and account pages. They parse input; services do the writing.

Django ties each field's help text and errors to its input (aria-describedby, aria-invalid),
so templates render fields through `as_field_group` or keep the same ids.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts import selectors
from peerhaven.accounts.models import (
    DISPLAY_NAME_MAX,
    MessagePermission,
    Profile,
    SupportPreference,
    Topic,
    User,
    validate_languages,
    validate_time_zone,
)
from peerhaven.accounts.passwords import password_field
from peerhaven.core.forms import TextsTranslatedOnce
from peerhaven.core.widgets import ChoiceList, LongCheckboxList, LongSelect

SUPPORT_PREFERENCE_HINTS = {
    SupportPreference.JUST_LISTEN: _("I mostly want to be heard, without suggestions."),
    SupportPreference.SHARE_EXPERIENCES: _("Tell me what helped you when you went through it."),
    SupportPreference.ADVICE_WELCOME: _("Practical ideas and suggestions are welcome."),
}


class ProfileForm(TextsTranslatedOnce):
    topics = forms.MultipleChoiceField(
        label=_("Lived-experience topics"),
        required=False,
        widget=LongCheckboxList,
        help_text=_("What you have lived through yourself. Choose any, or none at all."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you are comfortable in"),
        required=False,
        widget=LongCheckboxList,
        help_text=_("Choose up to 10."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        widget=LongSelect,
        help_text=_("Meeting times are shown in this time zone."),
        validators=[validate_time_zone],
    )
    coarse_location = forms.CharField(
        label=_("Area (optional)"),
        required=False,
        max_length=Profile._meta.get_field("coarse_location").max_length,
        help_text=_("A town or region, never a street address."),
    )
    country = forms.ChoiceField(
        label=_("Country (optional)"),
        required=False,
        widget=LongSelect,
        help_text=_("Used to show crisis lines for where you are."),
    )
    support_preference = forms.ChoiceField(
        label=_("When you share, what kind of replies help most?"),
        choices=SupportPreference.choices,
        widget=ChoiceList(hints=SUPPORT_PREFERENCE_HINTS),
    )
    content_filters = forms.MultipleChoiceField(
        label=_("Topics to hide behind a warning"),
        required=False,
        widget=LongCheckboxList,
        help_text=_("Content on these topics stays behind a warning until you choose to see it."),
    )
    who_may_message = forms.ChoiceField(
        label=_("Who may send you a private message"),
        choices=MessagePermission.choices,
        widget=ChoiceList,
    )
    coach_nudges = forms.BooleanField(
        label=_("Show the communication coach's hints as I write"),
        required=False,
        help_text=_(
            "Gentle hints under the message box when a reply might land harder than meant, "
            "each with a rewrite you can take or leave. They never stop you sending. "
            "Some groups show them to everyone."
        ),
    )
    email_replies = forms.BooleanField(
        label=_("E-mail me when others reply to a thread I started"),
        required=False,
        help_text=_(
            "At most one e-mail an hour. It says only how many of your threads have new "
            "replies, never who wrote or what, so it is safe in a shared inbox."
        ),
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One topic list serves both checkbox groups, so the page costs one query for it.
        self._topics_by_slug = {topic.slug: topic for topic in topics}
        topic_choices = [(topic.slug, topic.name) for topic in topics]
        self._set_choices("topics", lambda: topic_choices)
        self._set_choices("content_filters", lambda: topic_choices)
        languages = selectors.language_choices()
        known = {code for code, _label in languages}
        # Keep codes saved before the list was narrowed, so saving doesn't silently drop them.
        initial_languages = self.initial.get("languages") or []
        extra = [(c, selectors.language_label(c)) for c in initial_languages if c not in known]
        self._languages = (*languages, *extra) if extra else languages
        self._set_choices("languages", lambda: self._languages)
        self._set_choices("time_zone", selectors.time_zone_choices)
        self._set_choices("country", selectors.country_choices_or_unset)

    def _set_choices(self, name: str, choices: Callable[[], Sequence[tuple[str, Any]]]) -> None:
        # A callable is not normalized up front: these lists run to hundreds of entries.
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    @classmethod
    def initial_for(cls, profile: Profile, topics: list[Topic]) -> dict[str, Any]:
        """`topics` come from `selectors.topic_list_active_marked` for this profile."""
        return {
            "topics": [t.slug for t in topics if getattr(t, "lived", None)],
            "languages": list(profile.languages),
            "time_zone": profile.time_zone,
            "coarse_location": profile.coarse_location,
            "country": profile.country,
            "support_preference": profile.support_preference,
            "content_filters": [t.slug for t in topics if getattr(t, "filtered", None)],
            "who_may_message": profile.who_may_message,
            "coach_nudges": profile.coach_nudges,
            "email_replies": profile.email_replies,
        }

    def clean_languages(self) -> list[str]:
        # A hand-made request can repeat a code; count each once, as the service stores it.
        languages: list[str] = list(dict.fromkeys(self.cleaned_data["languages"]))
        validate_languages(languages)
        return languages

    def clean_topics(self) -> list[Topic]:
        return [self._topics_by_slug[slug] for slug in self.cleaned_data["topics"]]

    def clean_content_filters(self) -> list[Topic]:
        return [self._topics_by_slug[slug] for slug in self.cleaned_data["content_filters"]]

    def chosen_languages(self) -> list[str]:
        # From the choices themselves: one checkbox object per language cost ~1 ms a page.
        chosen = {str(code) for code in self["languages"].value() or []}
        return [label for code, label in self._languages if code in chosen]


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=DISPLAY_NAME_MAX,
        min_length=2,
        help_text=_("The name others see. Please don't use your real name."),
    )


class AccountDeleteForm(forms.Form):
    password = password_field(label=_("Your password"), autocomplete="current-password")
    confirm = forms.BooleanField(
        label=_("I understand that my account and everything listed above will be erased."),
        required=True,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That password is not right, so nothing was deleted."), code="wrong_password"
            )
        return password
