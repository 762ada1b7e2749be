"""Moderation: reports grouped into cases, actions from a stated ladder, notices to both
sides, appeals, and an append-only audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Case(models.Model):
    """Everything reported about one piece of content, until a moderator closes it."""

    class Target(models.TextChoices):
        MESSAGE = "message", _("A post or chat message")
        PROFILE = "profile", _("A profile")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        AWAITING_EDIT = "awaiting_edit", _("Hidden until the author edits it")
        RESUBMITTED = "resubmitted", _("Edited by the author, waiting for review")
        CLOSED = "closed", _("Closed")

    class Severity(models.IntegerChoices):
        ROUTINE = 1, _("Routine")
        SERIOUS = 2, _("Serious")
        SAFETY = 3, _("Safety")

    target = models.CharField(max_length=10, choices=Target.choices)
    message = models.ForeignKey(
        "conversations.Message",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_cases",
    )
    # The author of the message, or the owner of the profile.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_cases_about",
    )
    # The group of a message; profiles are the site's (admins) and have none.
    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.ROUTINE)
    # What was reported, as it stood: moderators decide on what members saw. Kept as it was
    # when the author edits a post hidden pending an edit, so an appeal can be weighed
    # against the words that were reported.
    snapshot = models.TextField(blank=True)
    # The author's edit of that post, once they resubmit it (the latest edit wins).
    edited_snapshot = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-severity", "created_at", "pk"]
        constraints = [
            # Reports of the same content join its open case.
            models.UniqueConstraint(
                fields=["message"],
                condition=~models.Q(status="closed") & models.Q(message__isnull=False),
                name="one_open_case_per_message",
            ),
            models.UniqueConstraint(
                fields=["subject"],
                condition=~models.Q(status="closed") & models.Q(target="profile"),
                name="one_open_case_per_profile",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "status", "severity", "created_at"], name="case_queue"),
            models.Index(fields=["status", "severity", "created_at"], name="case_site_queue"),
            # The queue's own order over waiting cases only: the site's first page reads 25
            # entries instead of sorting every waiting case (bench/moderation/run.py).
            models.Index(
                fields=["-severity", "created_at", "id"],
                condition=models.Q(status__in=["open", "resubmitted"]),
                name="case_waiting_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Case {self.pk} ({self.target}, {self.status})"

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED


class Report(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_reports"
    )
    guideline_key = models.SlugField(max_length=60)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "reporter"], name="one_report_per_person"),
        ]

    def __str__(self) -> str:
        return f"Report on case {self.case_id} citing {self.guideline_key}"


class Action(models.Model):
    """A moderator's decision on a case. Every action cites a guideline and gives a reason."""

    class Kind(models.TextChoices):
        NO_ACTION = "no_action", _("No action")
        NOTE = "note", _("A private note to the author")
        HIDE_PENDING_EDIT = "hide_pending_edit", _("Hidden until the author edits it")
        REMOVE = "remove", _("Removed")
        MUTE = "mute", _("Muted in the group for a while")
        REMOVE_FROM_GROUP = "remove_from_group", _("Removed from the group")
        SUSPEND = "suspend", _("Suspended from the site")
        APPROVE = "approve", _("Approved after the edit")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    guideline_key = models.SlugField(max_length=60)
    reason = models.CharField(max_length=1000)
    until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class Appeal(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a different moderator")
        UPHELD = "upheld", _("The action stands")
        OVERTURNED = "overturned", _("The action was undone")

    # One appeal per action.
    action = models.OneToOneField(Action, on_delete=models.CASCADE, related_name="appeal")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=2000)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # Moderators' lists of appeals to decide: the few pending ones, oldest first.
            models.Index(
                fields=["created_at"],
                condition=models.Q(status="pending"),
                name="appeal_pending",
            )
        ]

    def __str__(self) -> str:
        return f"Appeal of action {self.action_id} ({self.status})"


class GroupMute(models.Model):
    """A member may read but not write in a group until `until` (a moderation action)."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_mutes"
    )
    until = models.DateTimeField()
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["user", "group", "until"], name="groupmute_active")]

    def __str__(self) -> str:
        return f"{self.user} muted in {self.group} until {self.until:%Y-%m-%d %H:%M}"


class Notice(models.Model):
    """Something a member must be told: what was done about their content or report, and
    (from the meetings app, through services.notice_send) reminders and waitlist places."""

    class Kind(models.TextChoices):
        ACTION_TAKEN = "action_taken", _("About your content")
        REPORT_OUTCOME = "report_outcome", _("About your report")
        APPEAL_DECIDED = "appeal_decided", _("About your appeal")
        MEDIATION = "mediation", _("A mediated conversation")
        MEETING = "meeting", _("About a meeting")
        GROUP = "group", _("About a group")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.CharField(max_length=2000)
    link = models.CharField(max_length=300, blank=True)
    case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="notices"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]

    def __str__(self) -> str:
        return self.title


class AuditQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("The audit log cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("The audit log cannot be changed.")


class AppendOnly(Exception):
    pass


class AuditEntry(models.Model):
    """Who did what, when and why. Append-only: the application never updates or deletes
    a row, and on PostgreSQL a trigger refuses it at the database too."""

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # A plain id and the display name at the time, not a foreign key: the record must
    # outlive the actor's account, and a cascade would have to change it.
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150)
    verb = models.CharField(max_length=40)
    target = models.CharField(max_length=200)
    group_slug = models.CharField(max_length=80, blank=True)
    guideline_key = models.CharField(max_length=60, blank=True)
    reason = models.CharField(max_length=1000, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.verb} {self.target}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("The audit log cannot be changed.")
