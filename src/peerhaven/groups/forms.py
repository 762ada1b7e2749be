"""Forms for the group pages. They parse input; services do the writing and the checks."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import Topic, validate_languages
from peerhaven.core.widgets import LongCheckboxList
from peerhaven.groups import services
from peerhaven.groups.models import Group


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who the group is for and what it is about."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Focus topics"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none for a general group, open to any experience."),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=Group.Format.choices, widget=forms.RadioSelect
    )
    place_name = forms.CharField(
        label=_("Town or area (in-person and hybrid groups)"),
        required=False,
        max_length=120,
        help_text=_("A town or city only, never an address. Shown on the group's page."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        widget=LongCheckboxList,
        help_text=_("Choose up to 10."),
    )
    listing = forms.ChoiceField(
        label=_("Who can find it"), choices=Group.Listing.choices, widget=forms.RadioSelect
    )
    join_policy = forms.ChoiceField(
        label=_("How people join"), choices=Group.JoinPolicy.choices, widget=forms.RadioSelect
    )
    join_questions = forms.CharField(
        label=_("Questions for people asking to join (optional)"),
        required=False,
        max_length=services.QUESTIONS_MAX * (services.QUESTION_MAX_LENGTH + 2),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One question per line, at most 5. Answering is always optional."),
    )
    what_to_expect = forms.CharField(
        label=_("What to expect at a first visit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Format, length, and whether people are asked to speak. "
            "The page always adds that listening only is fine."
        ),
    )
    capacity = forms.IntegerField(
        label=_("Most members (optional)"),
        required=False,
        min_value=2,
        max_value=10000,
        help_text=_("Leave empty for no limit."),
    )
    message_retention_days = forms.IntegerField(
        label=_("Keep conversation messages for (days, optional)"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_(
            "Older messages are erased for good. Leave empty to keep messages until "
            "their authors delete them."
        ),
    )
    require_coach_nudges = forms.BooleanField(
        label=_("Show the communication coach's hints to every member as they write"),
        required=False,
        help_text=_(
            "Members see the hints here even if they turned them off in their profile. "
            "The hints never stop anyone sending."
        ),
    )
    premoderate_first_posts = forms.IntegerField(
        label=_("Hold a new member's first posts for review (how many)"),
        required=False,
        min_value=0,
        max_value=20,
        help_text=_(
            "A new member's first posts wait until a facilitator approves them; others see "
            "them only then. 0 or empty turns this off. A post that may come from someone at "
            "risk is never held."
        ),
    )

    def __init__(self, *args: Any, topics: list[Topic], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._topics_by_slug = {topic.slug: topic for topic in topics}
        cast(forms.ChoiceField, self.fields["topics"]).choices = [
            (topic.slug, topic.name) for topic in topics
        ]
        languages = account_selectors.language_choices()
        known = {code for code, _label in languages}
        extra = [
            (code, account_selectors.language_label(code))
            for code in self.initial.get("languages") or []
            if code not in known
        ]
        cast(forms.ChoiceField, self.fields["languages"]).choices = [*languages, *extra]

    def chosen_languages(self) -> list[str]:
        """The chosen languages' names, shown while the long list is folded away."""
        chosen = {str(code) for code in self["languages"].value() or []}
        choices = cast(list[tuple[str, str]], self.fields["languages"].choices)  # type: ignore[attr-defined]
        return [str(label) for code, label in choices if code in chosen]

    @classmethod
    def initial_for(cls, group: Group) -> dict[str, Any]:
        return {
            "name": group.name,
            "description": group.description,
            "topics": [t.slug for t in group.topics.all()],
            "format": group.format,
            "place_name": group.place_name,
            "languages": list(group.languages),
            "listing": group.listing,
            "join_policy": group.join_policy,
            "join_questions": "\n".join(group.join_questions or []),
            "what_to_expect": group.what_to_expect,
            "capacity": group.capacity,
            "message_retention_days": group.message_retention_days,
            "require_coach_nudges": group.require_coach_nudges,
            "premoderate_first_posts": group.premoderate_first_posts,
        }

    def clean_topics(self) -> list[Topic]:
        return [self._topics_by_slug[slug] for slug in self.cleaned_data["topics"]]

    def clean_languages(self) -> list[str]:
        languages: list[str] = self.cleaned_data["languages"]
        validate_languages(languages)
        return languages

    def clean_premoderate_first_posts(self) -> int:
        return self.cleaned_data["premoderate_first_posts"] or 0

    def clean_join_questions(self) -> list[str]:
        text: str = self.cleaned_data["join_questions"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class AgreementForm(forms.Form):
    """One box per set agreed to. The version numbers shown are posted back, so a version
    published while the person was reading is not agreed to unseen."""

    instance_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    group_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    agree = forms.BooleanField(
        required=True,
        error_messages={"required": _("Please tick the box to agree, or leave this page.")},
    )

    def __init__(
        self, *args: Any, instance_number: int | None, group_number: int | None, **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial", {"instance_version": instance_number, "group_version": group_number}
        )
        super().__init__(*args, **kwargs)
        if group_number is None:
            label = _("I agree to the community guidelines (version %(instance)s).") % {
                "instance": instance_number
            }
        else:
            label = _(
                "I agree to the community guidelines (version %(instance)s) and this "
                "group's rules (version %(group)s)."
            ) % {"instance": instance_number, "group": group_number}
        self.fields["agree"].label = label


class JoinForm(AgreementForm):
    """Agreement plus, for groups that take requests, an optional answer per question."""

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=services.ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Optional. Up to %(max)s characters.")
                % {"max": services.ANSWER_MAX_LENGTH},
            )

    def answer_fields(self) -> list[forms.BoundField]:
        return [self[f"answer_{i}"] for i in range(len(self.questions))]

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{i}", "") for i in range(len(self.questions))]


class InviteForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=services.INVITE_DAYS_MAX,
        initial=services.INVITE_DAYS_DEFAULT,
    )
    max_uses = forms.IntegerField(
        label=_("How many people can use it"),
        min_value=1,
        max_value=services.INVITE_USES_MAX,
        initial=1,
    )
