"""Crisis-risk screening of every new message, inside the message pipeline.

Screening never stops or delays a message. If the screen itself fails, the message still
goes through and is marked `concern` with the reason `screening_failed`, so a person who may
be at risk is looked after rather than lost to a bug.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from peerhaven.coach.risk import screen_risk

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Screen:
    level: str
    score: float
    reasons: tuple[str, ...]


FAILED = Screen(level="concern", score=0.5, reasons=("screening_failed",))


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
