"""Counts of coach hints, per day and kind. Never the text, never who wrote it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NudgeCount(models.Model):
    """How many drafts showed a hint of this kind on this day, and in how many the writer
    took one of them (a rewrite or a removal). A draft counts once per kind for each."""

    day = models.DateField(_("day"))
    # A coach finding kind (peerhaven.coach.KINDS); no choices, so new kinds need no migration.
    kind = models.CharField(_("kind"), max_length=40)
    shown = models.PositiveIntegerField(_("drafts shown"), default=0)
    accepted = models.PositiveIntegerField(_("drafts where a hint was taken"), default=0)

    class Meta:
        ordering = ["-day", "kind"]
        verbose_name = _("coach hint count")
        verbose_name_plural = _("coach hint counts")
        constraints = [
            models.UniqueConstraint(fields=["day", "kind"], name="one_nudge_count_per_day_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind}: {self.shown} shown, {self.accepted} taken"
