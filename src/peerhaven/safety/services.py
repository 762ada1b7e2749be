"""Raising, escalating and answering alerts.

An alert is stored in the same transaction as whatever raised it, with its responder chain
worked out from who is on duty at that moment: the group's facilitators on duty, one at a
time, then the site's fallback responders together (every admin when no fallback is named
for that hour). Each step's deadline is a queued task (database backend, so it survives
restarts), claimed by a conditional UPDATE so it fires once however many workers run.
Live notices go out after commit and are best effort: the inbox and the alert page read
the database, and every notified responder is also e-mailed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven.accounts.models import Role, User
from peerhaven.conversations import fanout
from peerhaven.core.consumers import user_group
from peerhaven.core.tasks import enqueue_once
from peerhaven.groups.models import Group
from peerhaven.groups.policies import can_view_content
from peerhaven.safety import duty, policies
from peerhaven.safety.exceptions import AlertAlreadyAnswered, AlertClosed, InvalidOutcome
from peerhaven.safety.models import Alert, AlertEvent, AlertRecipient

logger = logging.getLogger(__name__)

OUTCOME_NOTE_MAX = 500
# A person pressing "I need help now" again within this time joins their open request
# instead of raising another: the people on duty already know.
HELP_REQUEST_REUSE = timedelta(hours=1)


def escalate_after() -> timedelta:
    return timedelta(seconds=settings.PEERHAVEN_ALERT_ESCALATE_AFTER)


# --- Raising ----------------------------------------------------------------------------


def responder_chain(
    *, group: Group | None, at: datetime, exclude: int | None = None
) -> tuple[list[list[int]], bool]:
    """The steps of responders (lists of user ids) and whether nobody was on duty for the
    group itself. The person the alert is about is never their own responder."""
    steps: list[list[int]] = []
    if group is not None:
        steps = [[u.pk] for u in duty.on_duty_facilitators(group=group, at=at) if u.pk != exclude]
    nobody_on_duty = not steps
    fallback = [u.pk for u in duty.fallback_responders(at=at)]
    if not fallback:
        fallback = list(
            User.objects.filter(role=Role.ADMIN, is_active=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    already = {pk for step in steps for pk in step}
    fallback = [pk for pk in fallback if pk not in already and pk != exclude]
    if fallback:
        steps.append(fallback)
    return steps, nobody_on_duty


def _raise(
    *,
    kind: str,
    member: User,
    group: Group | None,
    message: Any = None,
    reasons: Iterable[str] = (),
    score: float | None = None,
) -> Alert:
    now = timezone.now()
    chain, nobody_on_duty = responder_chain(group=group, at=now, exclude=member.pk)
    alert = Alert.objects.create(
        kind=kind,
        member=member,
        group=group,
        message=message,
        reasons=list(reasons),
        risk_score=score,
        chain=chain,
        nobody_on_duty=nobody_on_duty,
        escalate_at=now + escalate_after() if chain else None,
        created_at=now,
    )
    AlertEvent.objects.create(alert=alert, kind=AlertEvent.Kind.RAISED, at=now, detail=kind)
    if nobody_on_duty:
        logger.warning("Alert %s raised with nobody on duty for its group", alert.pk)
    if chain:
        _notify(alert, user_ids=chain[0], step=0, now=now)
        _schedule_escalation(alert)
    else:
        AlertEvent.objects.create(
            alert=alert,
            kind=AlertEvent.Kind.UNANSWERED,
            at=now,
            detail="nobody to notify",
        )
        logger.error("Alert %s has nobody to notify: name a fallback responder", alert.pk)
    return alert


def alert_raise_for_message(
    *, message: Any, level: str, reasons: Iterable[str], score: float
) -> Alert | None:
    """Called by the message pipeline inside the message's transaction. Raises an alert
    for an urgent screen or a failed screen; anything else needs no one on duty."""
    reasons = list(reasons)
    if "screening_failed" in reasons:
        kind = Alert.Kind.SCREENING_FAILED
    elif level == "urgent":
        kind = Alert.Kind.SCREENED
    else:
        return None
    return _raise(
        kind=kind,
        member=message.author,
        group=message.conversation.group,
        message=message,
        reasons=reasons,
        score=score,
    )


@transaction.atomic
def help_request_create(*, member: User, group: Group | None = None) -> tuple[Alert, bool]:
    """ "I need help now". Never refuses: a group the person cannot take part in is simply
    not named, and a repeat press joins the request still open. Returns (alert, created)."""
    if group is not None and not can_view_content(member, group):
        group = None
    recent = (
        Alert.objects.filter(
            kind=Alert.Kind.HELP_REQUEST,
            member=member,
            group=group,
            created_at__gte=timezone.now() - HELP_REQUEST_REUSE,
        )
        .exclude(status=Alert.Status.CLOSED)
        .order_by("-created_at")
        .first()
    )
    if recent is not None:
        return recent, False
    return _raise(kind=Alert.Kind.HELP_REQUEST, member=member, group=group), True


def _notify(alert: Alert, *, user_ids: list[int], step: int, now: datetime) -> None:
    AlertRecipient.objects.bulk_create(
        [AlertRecipient(alert=alert, user_id=uid, step=step, notified_at=now) for uid in user_ids],
        ignore_conflicts=True,
    )
    AlertEvent.objects.bulk_create(
        [
            AlertEvent(alert=alert, kind=AlertEvent.Kind.NOTIFIED, at=now, step=step, actor_id=uid)
            for uid in user_ids
        ]
    )
    _send_after_commit(user_ids, "alert", alert_notice(alert))
    alert_id = alert.pk

    def email() -> None:
        from peerhaven.safety import tasks  # the tasks module imports this one

        for uid in user_ids:
            try:
                tasks.email_alert.enqueue(alert_id=alert_id, user_id=uid)
            except Exception:
                logger.exception("Could not queue the alert e-mail for alert %s", alert_id)

    transaction.on_commit(email)


def _schedule_escalation(alert: Alert) -> None:
    from peerhaven.safety import tasks  # the tasks module imports this one

    if alert.escalate_at is None:
        return
    enqueue_once(
        tasks.escalate_alert.using(run_after=alert.escalate_at),
        key=f"alert-escalate:{alert.pk}:{alert.step}",
        alert_id=alert.pk,
        step=alert.step,
    )


def alert_notice(alert: Alert) -> dict[str, Any]:
    """What a live notice and an e-mail may say: where and why, never the message text."""
    return {
        "id": alert.pk,
        "kind": alert.kind,
        "title": alert_title(alert),
        "group": alert.group.name if alert.group else "",
        "url": reverse("safety-alert", kwargs={"alert_id": alert.pk}),
        "status": alert.status,
    }


def alert_title(alert: Alert) -> str:
    place = alert.group.name if alert.group else _("the site")
    if alert.kind == Alert.Kind.HELP_REQUEST:
        return _("Someone asked for help now in %(place)s") % {"place": place}
    return _("Someone may need help in %(place)s") % {"place": place}


# --- Escalating -------------------------------------------------------------------------


def alert_escalate(*, alert_id: int, step: int, now: datetime | None = None) -> str:
    """The deadline of `step` has passed. Moves to the next responders, or records that
    the whole chain was asked. Returns what happened, for the task log."""
    now = now or timezone.now()
    with transaction.atomic():
        # The claim: only one worker can move an open alert past this step.
        claimed = Alert.objects.filter(pk=alert_id, step=step, status=Alert.Status.OPEN).update(
            step=F("step") + 1
        )
        if not claimed:
            return "nothing to do"
        alert = Alert.objects.select_related("group").get(pk=alert_id)
        # Responders can leave between raising and escalating: skip steps with nobody left.
        next_step, reachable = _next_reachable_step(alert, step + 1)
        alert.step = next_step
        if reachable:
            alert.escalate_at = now + escalate_after()
            alert.save(update_fields=["escalate_at", "step"])
            AlertEvent.objects.create(
                alert=alert, kind=AlertEvent.Kind.ESCALATED, at=now, step=next_step
            )
            _notify(alert, user_ids=reachable, step=next_step, now=now)
            _schedule_escalation(alert)
            return "escalated"
        alert.escalate_at = None
        alert.save(update_fields=["escalate_at", "step"])
        AlertEvent.objects.create(
            alert=alert, kind=AlertEvent.Kind.UNANSWERED, at=now, step=next_step
        )
        # Everyone asked sees the banner again.
        _send_after_commit(
            list(alert.recipients.values_list("user_id", flat=True)), "alert", alert_notice(alert)
        )
        logger.error("Alert %s is still unanswered after every responder was asked", alert_id)
        return "unanswered"


def _next_reachable_step(alert: Alert, first: int) -> tuple[int, list[int]]:
    """The first step from `first` with someone still active in it, and those people;
    (len(chain), []) when the chain is used up."""
    for index in range(first, len(alert.chain)):
        ids = alert.chain[index]
        active = set(User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True))
        reachable = [pk for pk in ids if pk in active]
        if reachable:
            return index, reachable
    return len(alert.chain), []


# --- Answering --------------------------------------------------------------------------


def _answered_by(alert: Alert) -> str:
    who = alert.acknowledged_by or alert.closed_by
    return who.display_name if who else _("someone")


@transaction.atomic
def alert_acknowledge(*, user: User, alert: Alert) -> Alert:
    """ "I'm on it". Stops the escalation. A second acknowledgement is refused, naming who."""
    policies.check_respond_alert(user, alert)
    now = timezone.now()
    updated = Alert.objects.filter(pk=alert.pk, status=Alert.Status.OPEN).update(
        status=Alert.Status.ACKNOWLEDGED,
        acknowledged_at=now,
        acknowledged_by=user,
        escalate_at=None,
    )
    alert.refresh_from_db()
    if not updated:
        raise AlertAlreadyAnswered(
            _("%(name)s already answered this alert.") % {"name": _answered_by(alert)},
            extra={"status": alert.status},
        )
    AlertEvent.objects.create(alert=alert, kind=AlertEvent.Kind.ACKNOWLEDGED, at=now, actor=user)
    _tell_recipients(alert)
    return alert


def clean_outcome(outcome: Any, note: Any) -> tuple[str, str]:
    if outcome not in Alert.Outcome.values:
        raise InvalidOutcome(
            _("Choose how the alert ended: %(choices)s.")
            % {"choices": ", ".join(str(label) for label in Alert.Outcome.labels)},
            extra={"field": "outcome", "choices": list(Alert.Outcome.values)},
        )
    note = "" if note is None else note
    if not isinstance(note, str):
        raise InvalidOutcome(_("The note must be text."), extra={"field": "note"})
    note = note.strip()
    if len(note) > OUTCOME_NOTE_MAX:
        raise InvalidOutcome(
            _("Keep the note under %(max)d characters.") % {"max": OUTCOME_NOTE_MAX},
            extra={"field": "note"},
        )
    return outcome, note


@transaction.atomic
def alert_close(*, user: User, alert: Alert, outcome: Any, note: Any = "") -> Alert:
    """Closes with an outcome (acknowledging it too when nobody had)."""
    policies.check_respond_alert(user, alert)
    outcome, note = clean_outcome(outcome, note)
    now = timezone.now()
    updated = (
        Alert.objects.filter(pk=alert.pk)
        .exclude(status=Alert.Status.CLOSED)
        .update(
            status=Alert.Status.CLOSED,
            closed_at=now,
            closed_by=user,
            outcome=outcome,
            outcome_note=note,
            escalate_at=None,
            acknowledged_at=Coalesce(F("acknowledged_at"), Value(now)),
            acknowledged_by_id=Coalesce(F("acknowledged_by_id"), Value(user.pk)),
        )
    )
    alert.refresh_from_db()
    if not updated:
        raise AlertClosed(
            _("This alert was already closed by %(name)s.")
            % {"name": alert.closed_by.display_name if alert.closed_by else _("someone")},
        )
    AlertEvent.objects.create(
        alert=alert, kind=AlertEvent.Kind.CLOSED, at=now, actor=user, detail=outcome
    )
    _tell_recipients(alert)
    return alert


def _tell_recipients(alert: Alert) -> None:
    """Banners on other responders' pages change from "needs you" to "answered"."""
    _send_after_commit(
        list(alert.recipients.values_list("user_id", flat=True)),
        "alert.answered",
        alert_notice(alert),
    )


def _send_after_commit(user_ids: list[int], kind: str, notice: dict[str, Any]) -> None:
    """Live notices to each person's notification sockets (`user-<id>`, event `notify`)."""

    def send() -> None:
        for uid in user_ids:
            fanout.send(user_group(uid), {"type": "notify", "kind": kind, "payload": notice})

    transaction.on_commit(send)
