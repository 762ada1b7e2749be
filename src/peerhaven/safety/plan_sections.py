"""The seven sections of a safety plan as people see them: a title and a one-line prompt.

Shared by the pages, the printable page, the form and the API documentation, so every
place asks the same gentle question in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from peerhaven.safety.models import SafetyPlan


def _field(name: str) -> models.Field[Any, Any]:
    field = SafetyPlan._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 - every section is a TextField
    return field


# Longest text a section keeps; the model's own limit, so there is one number to change.
SECTION_MAX: int = _field("warning_signs").max_length or 2000

PROMPTS = {
    "warning_signs": _(
        "Thoughts, feelings, situations or habits that tell you a hard time may be starting."
    ),
    "coping_steps": _(
        "Small things you can do on your own to get through a difficult moment, "
        "like a walk, music, a shower or slow breathing."
    ),
    "distractions": _(
        "People you can be around and places you can go that help take your mind off things."
    ),
    "people_to_ask": _(
        "Friends, family or others you trust to ask for help, and how to reach them."
    ),
    "professionals": _(
        "A doctor, counsellor, crisis line or other service you can contact, with their numbers."
    ),
    "safer_surroundings": _(
        "Ways to make where you are safer, such as putting things out of reach or asking "
        "someone to keep them for you."
    ),
    "reasons_to_live": _("The people, animals, hopes, plans and small things that matter to you."),
}


@dataclass(frozen=True)
class PlanSection:
    name: str
    title: str
    prompt: str
    text: str


def section_title(name: str) -> str:
    return str(capfirst(_field(name).verbose_name))


def plan_sections(plan: SafetyPlan | None) -> list[PlanSection]:
    """Every section in plan order, with what the person wrote ("" where nothing yet)."""
    return [
        PlanSection(
            name=name,
            title=section_title(name),
            prompt=str(PROMPTS[name]),
            text=getattr(plan, name) if plan is not None else "",
        )
        for name in SafetyPlan.SECTIONS
    ]
