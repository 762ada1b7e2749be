"""Meetings: a series (when and where a group meets) and its occurrences.

A series keeps its start as a local date and time in its own IANA time zone plus an RFC 5545
recurrence rule, so a weekly 19:00 meeting stays 19:00 local on both sides of a
daylight-saving change. Occurrences are worked out from that rule for the coming weeks
(`services.occurrences_refresh`) and stored with their UTC start, so RSVPs, reminders,
check-in and the finder have a row to point at and an index to search. A cancelled or moved
occurrence is an exception kept on its own row, and survives later refreshes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerhaven.groups.models import Group


class Accessibility(models.TextChoices):
    STEP_FREE = "step_free", _("Step-free access")
    ACCESSIBLE_TOILET = "accessible_toilet", _("Accessible toilet")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    CAPTIONS = "captions", _("Live captions")
    SIGN_LANGUAGE = "sign_language", _("Sign language interpreter")
    QUIET_ROOM = "quiet_room", _("Quiet room to step out to")
    SCREEN_READER = "screen_reader", _("Works with a screen reader")
    CAMERA_OPTIONAL = "camera_optional", _("Camera optional")
    PHONE_DIAL_IN = "phone_dial_in", _("Join by phone")


class MeetingSeries(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meeting_series")
    title = models.CharField(max_length=120)
    time_zone = models.CharField(max_length=64)  # IANA name, checked by the service
    start_date = models.DateField()  # local date of the first meeting
    start_time = models.TimeField()  # local wall-clock time, kept across DST changes
    duration_minutes = models.PositiveSmallIntegerField()
    # RFC 5545 RRULE without DTSTART or UNTIL ("FREQ=WEEKLY;BYDAY=TU"); empty: meets once.
    rule = models.CharField(max_length=200, blank=True)
    end_date = models.DateField(null=True, blank=True)  # last local date it may meet on
    format = models.CharField(max_length=10, choices=Format.choices)
    accessibility = models.JSONField(default=list, blank=True)
    what_to_expect = models.TextField(max_length=2000, blank=True)
    language = models.CharField(max_length=8)
    capacity = models.PositiveIntegerField(null=True, blank=True)  # None: no limit
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Shown to everyone: the area ("Camden, London") and a point for distance search.
    area = models.CharField(max_length=120, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # Members who agreed to the current guidelines only (policies.can_see_private_details).
    address = models.CharField(max_length=300, blank=True)
    join_link = models.URLField(max_length=500, blank=True)
    confirmed_at = models.DateTimeField(default=timezone.now)  # the listing is still right
    stale_reminded_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)  # the whole series was stopped
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["start_time", "pk"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="meeting_series_lat_lon"),
            models.Index(fields=["confirmed_at"], name="meeting_series_confirmed"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=5, duration_minutes__lte=720),
                name="meeting_duration_5_to_720_minutes",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__isnull=True) | models.Q(capacity__gte=1),
                name="meeting_capacity_at_least_one",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Occurrence(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="occurrences")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+")  # for searches
    # The local date the rule gave it: its identity in the series (RECURRENCE-ID in iCal).
    original_date = models.DateField()
    starts_at = models.DateTimeField()  # UTC
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    moved = models.BooleanField(default=False)  # an exception: starts_at differs from the rule
    note = models.CharField(max_length=300, blank=True)  # why it was cancelled or moved
    reminded_at = models.DateTimeField(null=True, blank=True)  # reminders claimed and sent
    attendance_count = models.PositiveIntegerField(null=True, blank=True)  # kept after purge

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "original_date"], name="one_occurrence_per_series_date"
            ),
        ]
        indexes = [
            models.Index(fields=["starts_at"], name="occurrence_starts"),
            models.Index(fields=["series", "starts_at"], name="occurrence_series_starts"),
            models.Index(fields=["group", "starts_at"], name="occurrence_group_starts"),
            # The finder's "meets then": only meetings still taking place are searched.
            models.Index(
                fields=["group", "starts_at"],
                condition=models.Q(status="scheduled"),
                name="occurrence_group_scheduled",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} on {self.original_date}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Rsvp(models.Model):
    class Status(models.TextChoices):
        GOING = "going", _("Going")
        WAITLISTED = "waitlisted", _("On the waitlist")

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_rsvps"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(default=timezone.now)  # waitlist order

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "user"], name="one_rsvp_per_occurrence"),
        ]
        indexes = [models.Index(fields=["user", "occurrence"], name="rsvp_user")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.occurrence_id}"


class Attendance(models.Model):
    """Who came, recorded by a facilitator; reduced to Occurrence.attendance_count after the
    retention period (PEERHAVEN_ATTENDANCE_RETENTION_DAYS)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "user"], name="one_attendance_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.occurrence_id}"


class FeedToken(models.Model):
    """A member's private calendar feed. Only a hash of the secret is stored; revoking ends
    it at once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"feed {self.pk} of {self.user_id}"
