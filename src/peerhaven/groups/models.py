"""Groups, who belongs to them, and who agreed to which guidelines."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.models import Topic, validate_languages
from peerhaven.guidelines.models import RuleSet, RuleSetVersion


class Group(models.Model):
    class Format(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Hybrid")

    class Listing(models.TextChoices):
        LISTED = "listed", _("Listed: anyone can find it")
        UNLISTED = "unlisted", _("Unlisted: only members and invited people can see it")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone can join")
        REQUEST = "request", _("By request: a facilitator approves")
        INVITE = "invite", _("By invitation only")

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(max_length=2000, blank=True)
    # No topics means a general group, open to any experience.
    topics = models.ManyToManyField(Topic, blank=True, related_name="groups")
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.ONLINE)
    languages = models.JSONField(default=list, blank=True, validators=[validate_languages])
    listing = models.CharField(max_length=10, choices=Listing.choices, default=Listing.LISTED)
    join_policy = models.CharField(
        max_length=10, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    join_questions = models.JSONField(default=list, blank=True)
    what_to_expect = models.TextField(max_length=2000, blank=True)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    # Coarse on purpose: a town resolved against the bundled gazetteer, never an address.
    place_name = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # None keeps messages until their authors delete them; otherwise older ones are erased.
    message_retention_days = models.PositiveIntegerField(
        _("keep messages for (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Leave empty to keep messages until their authors delete them."),
    )
    # Members see the communication coach's hints here even if they turned them off.
    require_coach_nudges = models.BooleanField(
        _("require communication coach nudges"),
        default=False,
        help_text=_(
            "Members see the coach's hints as they write in this group, even if they "
            "turned them off in their profile. Sending is never blocked."
        ),
    )
    # A new member's first posts wait for a facilitator (0: off). Never one screened as risk.
    premoderate_first_posts = models.PositiveSmallIntegerField(
        _("hold a new member's first posts for review"),
        default=0,
        validators=[MaxValueValidator(20)],
        help_text=_(
            "How many of a new member's first posts wait for a facilitator before others see "
            "them (0 turns this off). A post that may come from someone at risk is never held."
        ),
    )
    rules = models.OneToOneField(RuleSet, on_delete=models.PROTECT, related_name="group")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["listing", "format"], name="group_listing_format"),
            # Distance search narrows by a latitude/longitude box through this index first.
            models.Index(fields=["latitude", "longitude"], name="group_lat_lon"),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="one_membership_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.group} ({self.role})"


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a facilitator")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests"
    )
    answers = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(status="pending"), name="one_pending_request"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.group}"


class Invite(models.Model):
    """A secret, expiring link that lets its holder join an invite-only group."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="invites")
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Invite to {self.group}"


class Agreement(models.Model):
    """A record that a person agreed to the guidelines in force when they joined or re-agreed."""

    class Via(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        WEBSOCKET = "websocket", _("Live chat")
        DEMO = "demo", _("Demo data")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agreements"
    )
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="agreements")
    instance_version = models.ForeignKey(
        RuleSetVersion, on_delete=models.PROTECT, related_name="instance_agreements"
    )
    group_version = models.ForeignKey(
        RuleSetVersion,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_agreements",
    )
    agreed_at = models.DateTimeField(default=timezone.now)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.WEB)

    class Meta:
        ordering = ["-agreed_at"]
        indexes = [models.Index(fields=["user", "group", "-agreed_at"], name="agreement_latest")]

    def __str__(self) -> str:
        return f"{self.user} agreed for {self.group} at {self.agreed_at:%Y-%m-%d}"
