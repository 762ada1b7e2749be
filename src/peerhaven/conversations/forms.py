"""Forms for the conversation pages. They parse input; services validate again and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.forms import SUPPORT_PREFERENCE_HINTS
from peerhaven.accounts.models import SupportPreference, Topic
from peerhaven.conversations import services
from peerhaven.conversations.exceptions import ClientIdReused, InvalidMessage
from peerhaven.core.exceptions import DomainError
from peerhaven.core.forms import TextsTranslatedOnce
from peerhaven.core.widgets import ChoiceList, LongCheckboxList

# Service error fields (extra["field"]) mapped to the form's field names.
FIELD_OF_ERROR = {"text": "body", "title": "title"}


class MessageTextField(forms.CharField):
    """A message's text, checked as the posting services check it (conversations.services
    .clean_text). The page gets no maxlength: a browser would cut a pasted text short
    without a word; static/js/composer.js counts instead."""

    def to_python(self, value: Any) -> str:
        # Browsers send line breaks as CRLF: counted twice, a text the counter showed as
        # fitting would be refused.
        return str(super().to_python(value)).replace("\r\n", "\n")

    def validate(self, value: Any) -> None:
        super().validate(value)
        try:
            services.clean_text(value)
        except InvalidMessage as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from exc


class MessageForm(TextsTranslatedOnce):
    """The composer of a thread reply. A hidden client id makes a double submit return the
    post already stored instead of a second copy."""

    body = MessageTextField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can use Markdown: *emphasis*, **strong**, lists and links."),
        error_messages={"required": _("Write something before sending.")},
    )
    support_preference = forms.ChoiceField(
        label=_("What kind of replies would help"),
        choices=SupportPreference.choices,
        widget=ChoiceList(hints=SUPPORT_PREFERENCE_HINTS),
    )
    warning_topics = forms.MultipleChoiceField(
        label=_("Content warning topics (optional)"),
        required=False,
        widget=LongCheckboxList,
        help_text=_(
            "Choose up to %(n)d. Readers who filter these topics see the post folded "
            "and open it when they choose."
        )
        % {"n": services.WARNING_TOPICS_MAX},
    )
    warning_note = forms.CharField(
        label=_("Content warning note (optional)"),
        required=False,
        max_length=services.WARNING_NOTE_MAX,
        help_text=_("A few words on what the post contains. A note folds the post for everyone."),
    )
    client_id = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, topics: list[Topic], user: Any, **kwargs: Any) -> None:
        profile = getattr(user, "profile", None)
        initial = {
            "support_preference": (
                profile.support_preference if profile else SupportPreference.JUST_LISTEN
            ),
            "client_id": services.new_client_id(),
        }
        initial.update(kwargs.pop("initial", None) or {})
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self._topics_by_slug = {topic.slug: topic for topic in topics}
        cast(forms.ChoiceField, self.fields["warning_topics"]).choices = [
            (topic.slug, topic.name) for topic in topics
        ]

    def clean_warning_topics(self) -> list[Topic]:
        slugs: list[str] = self.cleaned_data["warning_topics"]
        if len(slugs) > services.WARNING_TOPICS_MAX:
            raise forms.ValidationError(
                _("Choose at most %(n)d content warning topics.")
                % {"n": services.WARNING_TOPICS_MAX}
            )
        return [self._topics_by_slug[slug] for slug in slugs]

    def message_fields(self) -> dict[str, Any]:
        """The cleaned values as the posting services take them."""
        data = self.cleaned_data
        return {
            "text": data["body"],
            "client_id": data["client_id"],
            "support_preference": data["support_preference"],
            "warning_topics": data["warning_topics"],
            "warning_note": data["warning_note"],
        }

    def add_composer_error(self, exc: DomainError) -> None:
        """Show a refusal from the posting services. A client id already used for another
        text means an earlier send arrived: the next send gets a new id, or it would be
        refused the same way forever."""
        if isinstance(exc, ClientIdReused):
            data = cast(QueryDict, self.data).copy()  # mutable, lists kept
            data["client_id"] = services.new_client_id()
            self.data = data
            self.add_error(
                None,
                _(
                    "An earlier version of this may already be posted: please check the "
                    "conversation first. Sending again posts this as a new message."
                ),
            )
        elif isinstance(exc, InvalidMessage):
            self.add_service_error(exc)
        else:
            self.add_error(None, str(exc.message))

    def add_service_error(self, exc: InvalidMessage) -> None:
        """Show a service's refusal next to the field it is about (or above the form)."""
        field = str((exc.extra or {}).get("field", ""))
        field = FIELD_OF_ERROR.get(field, field)
        self.add_error(field if field in self.fields else None, str(exc.message))


class ThreadForm(MessageForm):
    title = forms.CharField(label=_("Title"), max_length=services.TITLE_MAX)
    field_order = ["title", "body"]

    def message_fields(self) -> dict[str, Any]:
        return {"title": self.cleaned_data["title"], **super().message_fields()}


class MessageEditForm(forms.Form):
    body = MessageTextField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("The post will be marked as edited."),
        error_messages={"required": _("Write something, or delete the post instead.")},
    )

    def add_service_error(self, exc: InvalidMessage) -> None:
        field = (exc.extra or {}).get("field")
        self.add_error("body" if field == "text" else None, str(exc.message))


class RoomForm(forms.Form):
    title = forms.CharField(label=_("Room name"), max_length=services.TITLE_MAX)

    def add_service_error(self, exc: InvalidMessage) -> None:
        self.add_error("title", str(exc.message))
