"""Reports, cases, actions, notices, appeals and the audit log.

Several reports of the same content join one open case. A moderator acts from a stated
ladder, always citing a guideline and giving a reason; the author is told what was done,
under which guideline and how to appeal, and every reporter hears the outcome (never the
private details). Every moderation step is written to the append-only audit log.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.models import User
from peerhaven.conversations import fanout
from peerhaven.conversations import policies as conversation_policies
from peerhaven.conversations.models import Message, Moderation
from peerhaven.core.exceptions import DomainError, NotFound
from peerhaven.groups import services as group_services
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.selectors import current_version, guidelines_of, instance_rule_set
from peerhaven.moderation import policies
from peerhaven.moderation.exceptions import (
    AlreadyAppealed,
    AlreadyReported,
    AppealDecided,
    CaseClosed,
    InvalidAction,
    InvalidReport,
)
from peerhaven.moderation.models import (
    Action,
    Appeal,
    AuditEntry,
    Case,
    GroupMute,
    Notice,
    Report,
)

NOTE_MAX = 500
REASON_MAX = 1000
APPEAL_MAX = 2000
MUTE_DAYS_MAX = 90
# Guidelines whose breach hurts someone directly: their cases come before routine ones.
SERIOUS_GUIDELINES = frozenset({"respect", "boundaries", "confidentiality"})
# Actions the author may appeal (the others change nothing for them).
APPEALABLE = frozenset(
    {
        Action.Kind.HIDE_PENDING_EDIT,
        Action.Kind.REMOVE,
        Action.Kind.MUTE,
        Action.Kind.REMOVE_FROM_GROUP,
        Action.Kind.SUSPEND,
    }
)
MESSAGE_ONLY = frozenset({Action.Kind.HIDE_PENDING_EDIT, Action.Kind.REMOVE})
GROUP_ONLY = frozenset({Action.Kind.MUTE, Action.Kind.REMOVE_FROM_GROUP})


# --- Guidelines -------------------------------------------------------------------------


def guideline_choices(group: Group | None) -> dict[str, str]:
    """Key → title of the guidelines in force: the community's, then the group's own."""
    choices: dict[str, str] = {}
    versions = [current_version(instance_rule_set())]
    if group is not None:
        versions.append(current_version(group.rules))
    for version in versions:
        if version is not None:
            for guideline in guidelines_of(version):
                choices.setdefault(guideline.key, guideline.title)
    return choices


def clean_guideline_key(key: Any, group: Group | None, *, error: type[DomainError]) -> str:
    choices = guideline_choices(group)
    if not isinstance(key, str) or key not in choices:
        raise error(
            _("Choose one of the guidelines in force here."),
            code="unknown_guideline",
            extra={"field": "guideline", "choices": sorted(choices)},
        )
    return key


def _clean_text(
    value: Any, *, field: str, limit: int, required: bool, error: type[DomainError]
) -> str:
    text = "" if value is None else value
    if not isinstance(text, str):
        raise error(_("Write this as text."), extra={"field": field})
    text = text.strip()
    if required and not text:
        raise error(_("This cannot be empty."), code="required", extra={"field": field})
    if len(text) > limit:
        raise error(
            _("Keep this under %(max)d characters.") % {"max": limit},
            code="too_long",
            extra={"field": field},
        )
    return text


# --- Audit ------------------------------------------------------------------------------


def audit(
    *,
    actor: User | None,
    verb: str,
    target: str,
    group: Group | None = None,
    guideline_key: str = "",
    reason: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor_id=actor.pk if actor else None,
        actor_name=actor.display_name if actor else "system",
        verb=verb,
        target=target[:200],
        group_slug=group.slug if group else "",
        guideline_key=guideline_key,
        reason=reason[:1000],
    )


def _target_label(case: Case) -> str:
    if case.target == Case.Target.MESSAGE:
        return f"message {case.message_id} (case {case.pk})"
    return f"profile of user {case.subject_id} (case {case.pk})"


# --- Reporting --------------------------------------------------------------------------


def _severity(message: Message | None, guideline_key: str) -> int:
    if message is not None and message.risk_level in ("concern", "urgent"):
        return Case.Severity.SAFETY
    if guideline_key in SERIOUS_GUIDELINES:
        return Case.Severity.SERIOUS
    return Case.Severity.ROUTINE


def _file_report(
    *, case_lookup: dict[str, Any], defaults: dict[str, Any], reporter: User, key: str, note: str
) -> Report:
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update()
                .exclude(status=Case.Status.CLOSED)
                .filter(**case_lookup)
                .first()
            )
            if case is None:
                case = Case.objects.create(**case_lookup, **defaults)
            elif defaults["severity"] > case.severity:
                case.severity = defaults["severity"]
                case.save(update_fields=["severity"])
            return Report.objects.create(case=case, reporter=reporter, guideline_key=key, note=note)
    except IntegrityError:
        raise AlreadyReported(
            _("You have already reported this. A moderator will look at it."),
        ) from None


def report_message(
    *, reporter: User, message: Message, guideline_key: Any, note: Any = ""
) -> Report:
    """Report a post or chat message the reporter can read. Joins its open case, if any."""
    try:
        conversation_policies.check_read_message(reporter, message)
    except NotFound:
        raise NotFound(_("There is no such message."), code="message_not_found") from None
    if message.author_id == reporter.pk:
        raise InvalidReport(_("You cannot report your own message."), code="own_content")
    if message.moderation == Moderation.REMOVED:
        raise InvalidReport(
            _("This message was already removed by a moderator."), code="already_removed"
        )
    group = message.conversation.group
    key = clean_guideline_key(guideline_key, group, error=InvalidReport)
    note = _clean_text(note, field="note", limit=NOTE_MAX, required=False, error=InvalidReport)
    return _file_report(
        case_lookup={"target": Case.Target.MESSAGE, "message": message},
        defaults={
            "subject": message.author,
            "group": group,
            "severity": _severity(message, key),
            "snapshot": message.body,
        },
        reporter=reporter,
        key=key,
        note=note,
    )


def report_profile(*, reporter: User, subject: User, guideline_key: Any, note: Any = "") -> Report:
    """Report a profile (its display name or what it says). Admins handle these."""
    if subject.pk == reporter.pk:
        raise InvalidReport(_("You cannot report your own profile."), code="own_content")
    if not subject.is_active:
        raise NotFound(_("There is no such person."), code="user_not_found")
    key = clean_guideline_key(guideline_key, None, error=InvalidReport)
    note = _clean_text(note, field="note", limit=NOTE_MAX, required=False, error=InvalidReport)
    snapshot = subject.display_name  # what a profile shows others is its display name
    return _file_report(
        case_lookup={"target": Case.Target.PROFILE, "subject": subject},
        defaults={"group": None, "severity": _severity(None, key), "snapshot": snapshot},
        reporter=reporter,
        key=key,
        note=note,
    )


# --- Acting on a case -------------------------------------------------------------------


def _guideline_title(key: str, group: Group | None) -> str:
    return guideline_choices(group).get(key, key)


def _notify(
    user: User | None, *, kind: str, title: str, body: str, case: Case | None, link: str = ""
) -> None:
    if user is None:
        return
    Notice.objects.create(user=user, kind=kind, title=title, body=body, case=case, link=link)


def notice_send(*, user: User, kind: str, title: str, body: str, link: str = "") -> None:
    """Tell a member something in their notices (other apps: meeting reminders, a place
    freed on a waitlist). The header count picks it up on their next page."""
    _notify(user, kind=kind, title=title, body=body, case=None, link=link)


def _hide_live(message: Message) -> None:
    """Open chat pages drop a message that is no longer shown."""
    conversation_id, seq = message.conversation_id, message.seq
    transaction.on_commit(
        lambda: fanout.send(
            fanout.conversation_group(conversation_id),
            {"type": "message.deleted", "conversation": conversation_id, "seq": seq},
        )
    )


def _set_moderation(message: Message | None, state: str) -> None:
    if message is None:
        return
    Message.objects.filter(pk=message.pk).update(moderation=state)
    message.moderation = state
    if state != Moderation.VISIBLE:
        _hide_live(message)


def mute_cache_key(user_id: int, group_id: int) -> str:
    return f"moderation:mute:{group_id}:{user_id}"


def _apply(case: Case, action: Action, *, moderator: User, mute_days: int | None) -> None:
    kind = action.kind
    message = case.message
    if kind == Action.Kind.HIDE_PENDING_EDIT:
        _set_moderation(message, Moderation.HIDDEN)
    elif kind == Action.Kind.REMOVE:
        _set_moderation(message, Moderation.REMOVED)
    elif kind == Action.Kind.APPROVE:
        _set_moderation(message, Moderation.VISIBLE)
    elif kind == Action.Kind.MUTE and case.group is not None and case.subject is not None:
        until = timezone.now() + timedelta(days=mute_days or 1)
        action.until = until
        action.save(update_fields=["until"])
        GroupMute.objects.create(group=case.group, user=case.subject, until=until, action=action)
        key = mute_cache_key(case.subject.pk, case.group.pk)
        cache.delete(key)  # now, and again after commit in case a post read it meanwhile
        transaction.on_commit(lambda: cache.delete(key))
    elif kind == Action.Kind.REMOVE_FROM_GROUP and case.group and case.subject:
        if Membership.objects.filter(group=case.group, user=case.subject).exists():
            group_services.member_remove(actor=moderator, group=case.group, user=case.subject)
    elif kind == Action.Kind.SUSPEND and case.subject is not None:
        # Saved, not updated, so the account's open sockets hear of it (conversations.signals).
        case.subject.is_active = False
        case.subject.save(update_fields=["is_active"])


def _check_kind(case: Case, kind: Any, moderator: User) -> str:
    if kind not in Action.Kind.values:
        raise InvalidAction(
            _("Choose an action from the list."),
            code="unknown_action",
            extra={"field": "kind", "choices": list(Action.Kind.values)},
        )
    policies.check_action_kind(moderator, kind)
    if kind in MESSAGE_ONLY and (case.target != Case.Target.MESSAGE or case.message is None):
        raise InvalidAction(_("That action applies to messages only."), extra={"field": "kind"})
    if kind in GROUP_ONLY and (case.group is None or case.subject is None):
        raise InvalidAction(_("That action applies within a group only."), extra={"field": "kind"})
    if kind == Action.Kind.SUSPEND and case.subject is None:
        raise InvalidAction(_("That account no longer exists."), extra={"field": "kind"})
    if kind == Action.Kind.APPROVE and case.status != Case.Status.RESUBMITTED:
        raise InvalidAction(
            _("Approve is for a post its author edited after it was hidden."),
            extra={"field": "kind"},
        )
    if kind == Action.Kind.HIDE_PENDING_EDIT and case.status == Case.Status.AWAITING_EDIT:
        raise InvalidAction(_("It is already hidden until edited."), extra={"field": "kind"})
    return str(kind)


def _clean_mute_days(kind: str, mute_days: Any) -> int | None:
    if kind != Action.Kind.MUTE:
        return None
    try:
        days = int(mute_days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MUTE_DAYS_MAX:
        raise InvalidAction(
            _("Mute for between 1 and %(max)d days.") % {"max": MUTE_DAYS_MAX},
            extra={"field": "mute_days"},
        )
    return days


@transaction.atomic
def case_act(
    *,
    moderator: User,
    case: Case,
    kind: Any,
    guideline_key: Any,
    reason: Any,
    mute_days: Any = None,
) -> Action:
    """Decide on a case. Everything but hiding pending an edit closes it."""
    policies.check_moderate_case(moderator, case)
    # Lock the case row only: PostgreSQL refuses FOR UPDATE on the nullable side of the
    # outer joins that select_related makes for message, subject and group.
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("message", "subject", "group")
        .get(pk=case.pk)
    )
    if case.is_closed:
        raise CaseClosed(_("This case is already closed."))
    kind = _check_kind(case, kind, moderator)
    key = clean_guideline_key(guideline_key, case.group, error=InvalidAction)
    reason = _clean_text(
        reason, field="reason", limit=REASON_MAX, required=True, error=InvalidAction
    )
    days = _clean_mute_days(kind, mute_days)

    now = timezone.now()
    action = Action.objects.create(
        case=case, moderator=moderator, kind=kind, guideline_key=key, reason=reason, created_at=now
    )
    _apply(case, action, moderator=moderator, mute_days=days)
    case.first_response_at = case.first_response_at or now
    if kind == Action.Kind.HIDE_PENDING_EDIT:
        case.status = Case.Status.AWAITING_EDIT
    else:
        case.status = Case.Status.CLOSED
        case.closed_at = now
    case.save(update_fields=["status", "first_response_at", "closed_at"])
    audit(
        actor=moderator,
        verb=f"case.{kind}",
        target=_target_label(case),
        group=case.group,
        guideline_key=key,
        reason=reason,
    )
    _tell_author(case, action)
    if case.is_closed:
        _tell_reporters(case, action)
    return action


def _tell_author(case: Case, action: Action) -> None:
    if action.kind == Action.Kind.NO_ACTION or case.subject is None:
        return
    guideline = _guideline_title(action.guideline_key, case.group)
    what = {
        Action.Kind.NOTE: _("A moderator has a note for you about one of your posts."),
        Action.Kind.HIDE_PENDING_EDIT: _(
            "Your post is hidden from others until you edit it. Once you have, a moderator "
            "will look at it again."
        ),
        Action.Kind.REMOVE: _("Your post was removed."),
        Action.Kind.MUTE: _("You can read but not post in %(group)s until %(until)s."),
        Action.Kind.REMOVE_FROM_GROUP: _("You were removed from %(group)s."),
        Action.Kind.SUSPEND: _("Your account is suspended."),
        Action.Kind.APPROVE: _("Your edited post is visible again. Thank you."),
    }[Action.Kind(action.kind)] % {
        "group": case.group.name if case.group else "",
        "until": account_selectors.moment_for(case.subject, action.until) if action.until else "",
    }
    body = _("%(what)s Guideline: %(guideline)s. Reason: %(reason)s") % {
        "what": what,
        "guideline": guideline,
        "reason": action.reason,
    }
    if action.kind in APPEALABLE:
        body += " " + _(
            "If you think this was wrong, you can appeal once; a different moderator decides."
        )
    _notify(
        case.subject,
        kind=Notice.Kind.ACTION_TAKEN,
        title=_("About your content: %(guideline)s") % {"guideline": guideline},
        body=body[:2000],
        case=case,
        link=reverse("moderation-my-case", args=[case.pk]),
    )


def _tell_reporters(case: Case, action: Action) -> None:
    if action.kind == Action.Kind.NO_ACTION:
        outcome = _("A moderator looked at what you reported and decided no action was needed.")
    else:
        outcome = _(
            "A moderator looked at what you reported and acted under the guideline “%(guideline)s”."
        ) % {"guideline": _guideline_title(action.guideline_key, case.group)}
    outcome += " " + _("Thank you for helping keep this a safe place.")
    for report in case.reports.select_related("reporter"):
        _notify(
            report.reporter,
            kind=Notice.Kind.REPORT_OUTCOME,
            title=_("About your report"),
            body=outcome,
            case=case,
        )


# --- Edit and resubmit ------------------------------------------------------------------


def message_resubmitted(message: Message) -> None:
    """The author edited a post hidden pending an edit: it returns to the queue, still
    hidden. Call inside the edit's transaction."""
    case = (
        Case.objects.select_for_update()
        .filter(message=message, status=Case.Status.AWAITING_EDIT)
        .first()
    )
    if case is None:
        return
    case.status = Case.Status.RESUBMITTED
    case.edited_snapshot = message.body
    case.save(update_fields=["status", "edited_snapshot"])
    audit(
        actor=message.author, verb="case.resubmitted", target=_target_label(case), group=case.group
    )


# --- Appeals ----------------------------------------------------------------------------


@transaction.atomic
def appeal_create(*, appellant: User, action: Action, text: Any) -> Appeal:
    case = action.case
    if case.subject_id != appellant.pk:
        raise NotFound(_("There is no such action."), code="action_not_found")
    if action.kind not in APPEALABLE:
        raise InvalidAction(
            _("There is nothing to appeal in this decision."), code="not_appealable"
        )
    text = _clean_text(text, field="text", limit=APPEAL_MAX, required=True, error=InvalidAction)
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(action=action, appellant=appellant, text=text)
    except IntegrityError:
        raise AlreadyAppealed(_("You have already appealed this decision.")) from None
    audit(actor=appellant, verb="appeal.created", target=_target_label(case), group=case.group)
    return appeal


def _undo(action: Action) -> None:
    case = action.case
    if action.kind in (Action.Kind.HIDE_PENDING_EDIT, Action.Kind.REMOVE):
        if case.message_id is not None:
            Message.objects.filter(id=case.message_id).update(moderation=Moderation.VISIBLE)
        if case.status != Case.Status.CLOSED:
            case.status = Case.Status.CLOSED
            case.closed_at = timezone.now()
            case.save(update_fields=["status", "closed_at"])
    elif action.kind == Action.Kind.MUTE:
        GroupMute.objects.filter(action=action).delete()
        if case.subject_id and case.group_id:
            key = mute_cache_key(case.subject_id, case.group_id)
            cache.delete(key)
            transaction.on_commit(lambda: cache.delete(key))
    elif action.kind == Action.Kind.SUSPEND and case.subject_id is not None:
        User.objects.filter(id=case.subject_id).update(is_active=True)
    elif action.kind == Action.Kind.REMOVE_FROM_GROUP and case.group and case.subject:
        # Back as a member; they agree to the guidelines again before taking part.
        Membership.objects.get_or_create(group=case.group, user=case.subject)


@transaction.atomic
def appeal_decide(*, moderator: User, appeal: Appeal, overturn: bool, note: Any = "") -> Appeal:
    policies.check_decide_appeal(moderator, appeal)
    appeal = (
        Appeal.objects.select_for_update(of=("self",))
        .select_related("action__case__group")
        .get(pk=appeal.pk)
    )
    if appeal.status != Appeal.Status.PENDING:
        raise AppealDecided(_("This appeal has already been decided, and that decision is final."))
    note = _clean_text(note, field="note", limit=REASON_MAX, required=True, error=InvalidAction)
    appeal.status = Appeal.Status.OVERTURNED if overturn else Appeal.Status.UPHELD
    appeal.decided_by = moderator
    appeal.decision_note = note
    appeal.decided_at = timezone.now()
    appeal.save(update_fields=["status", "decided_by", "decision_note", "decided_at"])
    if overturn:
        _undo(appeal.action)
    case = appeal.action.case
    audit(
        actor=moderator,
        verb=f"appeal.{appeal.status}",
        target=_target_label(case),
        group=case.group,
        guideline_key=appeal.action.guideline_key,
        reason=note,
    )
    _notify(
        appeal.appellant,
        kind=Notice.Kind.APPEAL_DECIDED,
        title=_("Your appeal was decided"),
        body=(
            (_("The action was undone.") if overturn else _("The action stands."))
            + " "
            + _("Reason: %(note)s This decision is final.") % {"note": note}
        ),
        case=case,
    )
    return appeal


# --- Notices ----------------------------------------------------------------------------


def notices_mark_read(*, user: User) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


# --- The posting gate (called by the message pipeline) ---------------------------------


def _premoderation_key(group_id: int) -> str:
    return f"moderation:premod:{group_id}"


def premoderation_changed(group_id: int) -> None:
    cache.delete(_premoderation_key(group_id))


def posting_gate_keys(user_id: int, group_id: int) -> list[str]:
    """The cache keys posting_gate reads, for a caller that reads them with other keys."""
    return [mute_cache_key(user_id, group_id), _premoderation_key(group_id)]


def posting_gate(
    user_id: int, group_id: int, cached: dict[str, Any] | None = None
) -> tuple[datetime | None, int]:
    """(the end of a mute on this person in this group or None, how many first posts the
    group holds for review). One cache read per message (or none, given what the caller
    read of `posting_gate_keys`); misses read the database."""
    mute_key, premod_key = posting_gate_keys(user_id, group_id)
    found = dict(cache.get_many([mute_key, premod_key]) if cached is None else cached)
    if mute_key not in found:
        mute = (
            GroupMute.objects.filter(user_id=user_id, group_id=group_id, until__gt=timezone.now())
            .order_by("-until")
            .first()
        )
        found[mute_key] = mute.until.isoformat() if mute else ""
        cache.set(mute_key, found[mute_key], 300)
    if premod_key not in found:
        limit = Group.objects.filter(pk=group_id).values_list("premoderate_first_posts", flat=True)
        found[premod_key] = int(limit.first() or 0)
        cache.set(premod_key, found[premod_key], 300)
    until = datetime.fromisoformat(found[mute_key]) if found[mute_key] else None
    if until is not None and until <= timezone.now():
        until = None
    return until, int(found[premod_key])


def holds_for_review(*, author: User, group_id: int, limit: int) -> bool:
    """A new member's first `limit` posts wait for a facilitator; facilitators' never."""
    if limit <= 0:
        return False
    if Membership.objects.filter(
        group_id=group_id, user=author, role=Membership.Role.FACILITATOR
    ).exists():
        return False
    shown = Message.objects.filter(
        author=author, conversation__group_id=group_id, moderation=Moderation.VISIBLE
    ).count()
    return shown < limit


@transaction.atomic
def pending_post_decide(
    *, moderator: User, message: Message, approve: bool, guideline_key: Any = "", reason: Any = ""
) -> Message:
    """Approve a held post (shown to everyone from now) or decline it, citing a guideline."""
    group = message.conversation.group
    if not policies.can_moderate_case(moderator, Case(group=group, target=Case.Target.MESSAGE)):
        raise NotFound(_("There is no such post waiting."), code="not_found")
    message = (
        Message.objects.select_for_update()
        .select_related("author", "conversation")
        .get(pk=message.pk)
    )
    if message.moderation != Moderation.PENDING:
        raise CaseClosed(_("This post is no longer waiting for review."), code="not_pending")
    if approve:
        _set_moderation(message, Moderation.VISIBLE)
        from peerhaven.conversations.services import deliver_new  # the pipeline imports us

        deliver_new(message)
        audit(actor=moderator, verb="post.approved", target=f"message {message.pk}", group=group)
        return message
    key = clean_guideline_key(guideline_key, group, error=InvalidAction)
    reason = _clean_text(
        reason, field="reason", limit=REASON_MAX, required=True, error=InvalidAction
    )
    _set_moderation(message, Moderation.REMOVED)
    audit(
        actor=moderator,
        verb="post.declined",
        target=f"message {message.pk}",
        group=group,
        guideline_key=key,
        reason=reason,
    )
    _notify(
        message.author,
        kind=Notice.Kind.ACTION_TAKEN,
        title=_("About your post in %(group)s") % {"group": group.name},
        body=_(
            "A facilitator did not approve your post. Guideline: %(guideline)s. Reason: %(reason)s"
        )
        % {"guideline": _guideline_title(key, group), "reason": reason},
        case=None,
    )
    return message
