"""Group conversations: threads and live chat rooms share one message model.

Every message has a per-conversation sequence number (`seq`) handed out under a row lock
on its conversation, so messages have one total order that commits in the same order.
A reconnecting client resumes "after seq N" and can never miss a message that committed
late (which ordering by primary key could).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerhaven.accounts.models import SupportPreference, Topic
from peerhaven.groups.models import Group


class Conversation(models.Model):
    """A thread, a chat room, or a mediated conversation.

    A mediated conversation is a thread-like conversation a facilitator opens with two
    members of the group who are in conflict (peerhaven.moderation.mediation). Only its
    participants, the group's facilitators and site admins see it; it is never a live
    chat room. Its few extra facts (who takes part, and the closing) live here rather than
    in a separate model so that conversations.policies can decide access without reaching
    into the moderation app (which already depends on conversations).
    """

    class Kind(models.TextChoices):
        THREAD = "thread", _("Thread")
        ROOM = "room", _("Chat room")
        MEDIATION = "mediation", _("Mediated conversation")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="conversations")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=150)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The last sequence number handed out; bumped under a row lock by each new message.
    last_seq = models.PositiveBigIntegerField(default=0)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Mediated conversations only: once closed, nobody writes in it any more.
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closing_note = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["group", "kind", "-last_message_at"], name="conversation_recent"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_mediation(self) -> bool:
        return self.kind == self.Kind.MEDIATION

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class ConversationParticipant(models.Model):
    """Someone taking part in a mediated conversation: the two members and the facilitator
    who opened it. Threads and rooms have none (their group's members take part)."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"], name="one_participant_per_conversation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.conversation_id}"


class Moderation(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    PENDING = "pending", _("Waiting for a facilitator (new member)")
    HIDDEN = "hidden", _("Hidden until edited")
    REMOVED = "removed", _("Removed by a moderator")


class Message(models.Model):
    """A thread post or a chat message. `body` is Markdown; `body_html` its sanitized HTML."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveBigIntegerField()
    # Cascade: deleting an account erases what it wrote, not just hides it.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages"
    )
    # Chosen by the sender's client; a resend with the same id returns this row.
    client_id = models.CharField(max_length=64)
    body = models.TextField()
    body_html = models.TextField()
    support_preference = models.CharField(max_length=20, choices=SupportPreference.choices)
    warning_topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    warning_note = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # The crisis-risk screen of the text as sent (peerhaven.coach). Never shown to other
    # members; it lets help reach the author and, later, people on duty.
    risk_level = models.CharField(max_length=10, default="none")
    risk_score = models.FloatField(default=0.0)
    risk_reasons = models.JSONField(default=list, blank=True)
    # Moderation: only `visible` messages are shown to other members; the author always
    # sees their own, with what is waiting or why it was hidden.
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.VISIBLE
    )

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="one_message_per_seq"),
            models.UniqueConstraint(
                fields=["conversation", "author", "client_id"], name="one_message_per_client_id"
            ),
        ]
        indexes = [
            models.Index(fields=["created_at"], name="message_created"),
            # The moderation queue's "waiting for approval" list: a handful of rows among
            # every message ever posted, so only those are indexed.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(moderation="pending"),
                name="message_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} in {self.conversation_id}"


class MessageRevision(models.Model):
    """The text of a message before an edit. Shown to the group's facilitators only."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Earlier text of {self.message_id}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        HEAR_YOU = "hear_you", _("I hear you")
        ME_TOO = "me_too", _("Me too")
        THANK_YOU = "thank_you", _("Thank you for sharing")
        STRENGTH = "strength", _("Sending strength")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user", "kind"], name="one_reaction_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.message_id}"


class ReadMark(models.Model):
    """How far a member has read a conversation: drives unread markers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="read_marks"
    )
    last_seen_seq = models.PositiveBigIntegerField(default=0)
    # The previous visit's mark, so a page can say "new since your last visit".
    previous_seen_seq = models.PositiveBigIntegerField(default=0)
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "conversation"], name="one_read_mark"),
        ]

    def __str__(self) -> str:
        return f"{self.user} read {self.conversation_id} to {self.last_seen_seq}"


class Mute(models.Model):
    """The muted person's messages are hidden for `user`. They are not told."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    muted = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "muted"], name="one_mute"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("muted")), name="no_self_mute"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} muted {self.muted}"


class Block(models.Model):
    """No contact either way: neither sees the other's messages, reacts or messages directly."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "blocked"], name="one_block"),
            models.CheckConstraint(
                condition=~models.Q(user=models.F("blocked")), name="no_self_block"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} blocked {self.blocked}"
