"""The safety net: who is on duty, alerts and their escalation, members' safety plans."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.models import validate_time_zone


class DutyWindow(models.Model):
    """A weekly stretch of time when someone answers alerts, in their own time zone.

    `ends` at or before `starts` runs past midnight into the next day, so 22:00–06:00 is a
    night shift and 00:00–00:00 is the whole day.
    """

    class Kind(models.TextChoices):
        GROUP = "group", _("Facilitator of a group")
        FALLBACK = "fallback", _("Fallback responder for the whole site")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_windows"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.GROUP)
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    starts = models.TimeField(_("from"))
    ends = models.TimeField(_("until"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["weekday", "starts", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="group", group__isnull=False)
                    | models.Q(kind="fallback", group__isnull=True)
                ),
                name="dutywindow_group_matches_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6), name="dutywindow_weekday_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "group"], name="dutywindow_kind_group")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"


class Alert(models.Model):
    """Someone may be at risk. Raised by screening or by the person pressing
    "I need help now"; answered by the people on duty, escalated when nobody answers."""

    class Kind(models.TextChoices):
        SCREENED = "screened", _("A message was screened as urgent")
        SCREENING_FAILED = "screening_failed", _("A message could not be screened")
        HELP_REQUEST = "help_request", _("A member asked for help now")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a responder")
        ACKNOWLEDGED = "acknowledged", _("A responder is on it")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        CHECKED_IN = "checked_in", _("Checked in with them")
        GAVE_RESOURCES = "gave_resources", _("Gave resources")
        REFERRED = "referred", _("Referred to professional help")
        FALSE_ALARM = "false_alarm", _("False alarm")
        OTHER = "other", _("Other")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    # The person who may need help. Kept null when their account is erased, so the
    # counts on the dashboard stay true.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts_about",
    )
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    message = models.ForeignKey(
        "conversations.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
    )
    reasons = models.JSONField(default=list, blank=True)
    risk_score = models.FloatField(null=True, blank=True)
    # Responders in the order they are asked: a list of lists of user ids, one per step.
    chain = models.JSONField(default=list, blank=True)
    step = models.PositiveSmallIntegerField(default=0)
    nobody_on_duty = models.BooleanField(default=False)
    escalate_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="alert_status_created")]

    def __str__(self) -> str:
        return f"Alert {self.pk} ({self.kind}, {self.status})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class AlertRecipient(models.Model):
    """A responder this alert was sent to; they may see and answer it from then on."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_inbox"
    )
    step = models.PositiveSmallIntegerField()
    notified_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alert", "user"], name="one_recipient_per_alert"),
        ]

    def __str__(self) -> str:
        return f"{self.user} for alert {self.alert_id}"


class AlertEvent(models.Model):
    """Each step in an alert's life, in order: the record of who was asked and who answered."""

    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        NOTIFIED = "notified", _("Sent to a responder")
        ESCALATED = "escalated", _("Escalated: nobody had answered")
        UNANSWERED = "unanswered", _("Everyone in the chain was asked; still unanswered")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        CLOSED = "closed", _("Closed")

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    step = models.PositiveSmallIntegerField(default=0)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class SafetyPlan(models.Model):
    """A member's own plan for hard moments. Only its owner ever sees it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_plan"
    )
    warning_signs = models.TextField(_("my warning signs"), max_length=2000, blank=True)
    coping_steps = models.TextField(
        _("things I can do on my own to cope"), max_length=2000, blank=True
    )
    distractions = models.TextField(
        _("people and places that take my mind off things"), max_length=2000, blank=True
    )
    people_to_ask = models.TextField(_("people I can ask for help"), max_length=2000, blank=True)
    professionals = models.TextField(
        _("professionals and helplines I can contact"), max_length=2000, blank=True
    )
    safer_surroundings = models.TextField(
        _("making my surroundings safer"), max_length=2000, blank=True
    )
    reasons_to_live = models.TextField(_("my reasons for living"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The plan's sections, in the order they are shown and printed.
    SECTIONS = (
        "warning_signs",
        "coping_steps",
        "distractions",
        "people_to_ask",
        "professionals",
        "safer_surroundings",
        "reasons_to_live",
    )

    def __str__(self) -> str:
        return f"Safety plan of {self.user}"

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.SECTIONS)
