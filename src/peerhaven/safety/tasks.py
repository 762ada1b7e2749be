"""Alert escalation and alert e-mails, run by the task worker (database backend).

`escalate_alert` is queued for each step's deadline when the step starts; a once-a-minute
sweep also escalates any open alert whose deadline passed, so an alert whose task was lost
still moves on. The claim in `services.alert_escalate` makes both safe to run together.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from peerhaven.accounts.models import User
from peerhaven.core import periodic
from peerhaven.core.site_url import absolute_url
from peerhaven.safety import services
from peerhaven.safety.models import Alert

logger = logging.getLogger(__name__)

# The sweep leaves each deadline's own task this long to run first.
SWEEP_GRACE = timedelta(seconds=30)


@task()
def escalate_alert(alert_id: int, step: int) -> str:
    outcome = services.alert_escalate(alert_id=alert_id, step=step)
    logger.info("Alert %s step %s: %s", alert_id, step, outcome)
    return outcome


@task()
def escalate_overdue_alerts() -> int:
    """Escalate open alerts whose deadline passed without their task having run."""
    # Queue the next sweep first: one alert that cannot move must not stop the sweeps.
    periodic.schedule(escalate_overdue_alerts.name)
    moved = 0
    overdue = Alert.objects.filter(
        status=Alert.Status.OPEN, escalate_at__lt=timezone.now() - SWEEP_GRACE
    ).values_list("pk", "step")
    for alert_id, step in list(overdue):
        try:
            moved += services.alert_escalate(alert_id=alert_id, step=step) != "nothing to do"
        except Exception:
            logger.exception("Escalation sweep could not move alert %s", alert_id)
    if moved:
        logger.warning("Escalation sweep moved %d overdue alerts", moved)
    return moved


@task()
def email_alert(alert_id: int, user_id: int) -> bool:
    """Tell a responder by e-mail. Says where and links to the alert; never the text."""
    alert = Alert.objects.select_related("group").filter(pk=alert_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if alert is None or user is None or not user.email or alert.status != Alert.Status.OPEN:
        return False
    notice = services.alert_notice(alert)
    link = absolute_url(notice["url"])
    body = "\n\n".join(
        [
            notice["title"] + ".",
            _("Please open the alert and say whether you can take it:"),
            link,
            _(
                "If nobody acknowledges it, it goes to the next responder. This e-mail holds "
                "no message text; sign in to see what you are allowed to see."
            ),
        ]
    )
    send_mail(
        subject=_("[%(site)s] Safety alert: %(title)s")
        % {"site": settings.OTP_TOTP_ISSUER, "title": notice["title"]},
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )
    return True


periodic.register(escalate_overdue_alerts, every=timedelta(minutes=1))


@task()
def raise_alert_for_message(message_id: int) -> bool:
    """The pipeline's retry when raising an alert inside the message's transaction failed."""
    from peerhaven.conversations.models import Message

    message = (
        Message.objects.select_related("author", "conversation__group")
        .filter(pk=message_id)
        .first()
    )
    if message is None or Alert.objects.filter(message=message).exists():
        return False
    with transaction.atomic():
        services.alert_raise_for_message(
            message=message,
            level=message.risk_level,
            reasons=message.risk_reasons,
            score=message.risk_score,
        )
    return True
