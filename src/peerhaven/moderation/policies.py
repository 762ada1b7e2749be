"""Who may report, moderate, decide appeals and read the audit log.

Facilitators moderate their own groups' cases; organization admins moderate everything,
and only they handle profiles and suspensions. Nobody decides a case about themselves, and
an appeal is decided by a different moderator from the one who acted.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from peerhaven.accounts.policies import facilitates_a_group
from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.groups.policies import is_group_facilitator, is_site_admin
from peerhaven.moderation.models import Action, Appeal, Case


def case_not_found() -> NotFound:
    return NotFound(_("There is no such case."), code="case_not_found")


def _signed_in(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated)


def can_moderate_case(user: Any, case: Case) -> bool:
    if not _signed_in(user):
        return False
    if is_site_admin(user):
        return True
    return case.group_id is not None and is_group_facilitator(user, case.group)  # type: ignore[arg-type]


def check_moderate_case(user: Any, case: Case) -> None:
    if not can_moderate_case(user, case):
        raise case_not_found()  # members learn nothing about cases, not even that they exist
    if case.subject_id is not None and case.subject_id == user.pk:
        raise NotAllowed(_("A case about you is decided by another moderator."), code="own_case")


def check_action_kind(user: Any, kind: str) -> None:
    if kind == Action.Kind.SUSPEND and not is_site_admin(user):
        raise NotAllowed(
            _("Only organization admins can suspend someone from the site."),
            code="admins_only",
        )


def is_moderator(user: Any) -> bool:
    """Sees a moderation queue: site admins and the facilitators of any group."""
    return _signed_in(user) and (is_site_admin(user) or facilitates_a_group(user))


def check_is_moderator(user: Any) -> None:
    if not is_moderator(user):
        raise NotAllowed(
            _("The moderation queue is for group facilitators and organization admins."),
            code="not_moderator",
        )


def check_decide_appeal(user: Any, appeal: Appeal) -> None:
    check_moderate_case(user, appeal.action.case)
    if appeal.action.moderator_id == user.pk:
        raise NotAllowed(
            _("A different moderator must decide an appeal against your own action."),
            code="own_action",
        )


def check_read_audit(user: Any) -> None:
    if not (_signed_in(user) and is_site_admin(user)):
        raise NotAllowed(_("The audit log is for organization admins."), code="admins_only")
