"""Crisis-risk screening of every new message, inside the message pipeline.

Screening never stops or delays a message. If the screen itself fails, the message still
goes through and is marked `concern` with the reason `screening_failed`, so a person who may
be at risk is looked after rather than lost to a bug.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from peerhaven.coach.risk import screen_risk

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Screen:
    level: str
    score: float
    reasons: tuple[str, ...]


FAILED = Screen(level="concern", score=0.5, reasons=("screening_failed",))
# Levels at which the author sees the crisis panel beside their own message.
CARE_LEVELS = frozenset({"concern", "urgent"})


# How long the crisis panel stays beside an author's own screened message.
CARE_PANEL_FOR = timedelta(hours=24)


def shows_care(message: Any, reader: Any) -> bool:
    """The reader wrote this message lately and it was screened concern or urgent."""
    return bool(
        message.author_id == getattr(reader, "pk", None)
        and message.risk_level in CARE_LEVELS
        and message.created_at >= timezone.now() - CARE_PANEL_FOR
    )


def needs_alert(screen: Screen) -> bool:
    return screen.level == "urgent" or "screening_failed" in screen.reasons


def author_locale(author: Any) -> str:
    profile = getattr(author, "profile", None)
    languages = getattr(profile, "languages", None) or ["en"]
    return str(languages[0])


def screen_message(text: str, *, author: Any) -> Screen:
    try:
        risk = screen_risk(text, locale=author_locale(author).split("-")[0])
    except Exception:
        logger.exception("Risk screening failed; the message goes through marked for care")
        return FAILED
    return Screen(level=risk.level, score=float(risk.score), reasons=tuple(risk.reasons))


def raise_alert(message: Any, screen: Screen) -> None:
    """Alert the people on duty. Call inside the message's transaction, so the alert is
    stored with the message. It runs in a savepoint: if raising fails, the message is still
    stored and a task raises the alert again after commit."""
    from peerhaven.safety import services as safety
    from peerhaven.safety import tasks as safety_tasks

    try:
        with transaction.atomic():
            safety.alert_raise_for_message(
                message=message, level=screen.level, reasons=screen.reasons, score=screen.score
            )
    except Exception:
        logger.exception("Raising the alert failed; retrying from the task queue")
        message_id = message.pk
        transaction.on_commit(
            lambda: safety_tasks.raise_alert_for_message.enqueue(message_id=message_id)
        )
