"""Writing a safety plan. Only ever the plan of the person acting; nothing here takes an id.

The plan's text is never logged or copied anywhere else: it is among the most sensitive
things a person can write down.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from peerhaven.accounts.models import User
from peerhaven.safety.models import SafetyPlan
from peerhaven.safety.plan_exceptions import SafetyPlanInvalid
from peerhaven.safety.plan_policies import check_keep_safety_plan
from peerhaven.safety.plan_sections import SECTION_MAX

FieldErrors = dict[str, list[str]]


def _normalize(text: str) -> str:
    # Browsers send line breaks as \r\n; count and keep them as one character each.
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _clean(data: Mapping[str, Any]) -> dict[str, str]:
    """The sections to write, normalized; raises SafetyPlanInvalid listing every problem."""
    errors: FieldErrors = {}
    codes: list[str] = []
    cleaned: dict[str, str] = {}
    for name, value in data.items():
        key = str(name)
        if key not in SafetyPlan.SECTIONS:
            errors[key] = [_("A safety plan has no section with this name.")]
            codes.append("unknown_section")
        elif not isinstance(value, str):
            errors[key] = [_("Write this section as text.")]
            codes.append("not_text")
        elif "\x00" in value:
            errors[key] = [_("This section contains a character that cannot be saved.")]
            codes.append("invalid_character")
        elif len(text := _normalize(value)) > SECTION_MAX:
            errors[key] = [
                _("Keep this section to %(max)d characters or fewer; it has %(count)d.")
                % {"max": SECTION_MAX, "count": len(text)}
            ]
            codes.append("section_too_long")
        else:
            cleaned[key] = text
    if errors:
        if len(errors) == 1:
            message = _("Your safety plan was not saved: %(problem)s") % {
                "problem": next(iter(errors.values()))[0]
            }
        else:
            message = _("Your safety plan was not saved. Please check the sections marked.")
        raise SafetyPlanInvalid(message, code=codes[0], extra={"fields": errors})
    return cleaned


@transaction.atomic
def safety_plan_save(*, user: User, data: Mapping[str, Any]) -> SafetyPlan:
    """Write the given sections of `user`'s own plan, creating it on first save.

    Sections not in `data` keep what they had (a partial update); to replace the whole
    plan, pass every section. Invalid input saves nothing at all.
    """
    check_keep_safety_plan(user)
    cleaned = _clean(data)
    plan, created = SafetyPlan.objects.select_for_update().get_or_create(
        user=user, defaults=cleaned
    )
    if created or not cleaned:
        return plan
    for name, text in cleaned.items():
        setattr(plan, name, text)
    # Only the sections sent, so two tabs editing different sections both keep their work.
    plan.save(update_fields=[*cleaned, "updated_at"])
    return plan


@transaction.atomic
def safety_plan_clear(*, user: User) -> None:
    """Erase `user`'s own plan for good. Nothing happens if they have none."""
    check_keep_safety_plan(user)
    SafetyPlan.objects.filter(user=user).delete()
