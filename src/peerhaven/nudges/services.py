"""Running the coach for the API and the composer, and counting the hints people see.

Counting is honest and small: a draft (the text in one message box, named by a random id
its page chooses) counts as "shown" once per finding kind, however often the writer pauses,
and as "accepted" once per kind when they take a rewrite or a removal of that kind. Which
kinds a draft already counted is remembered in the cache for a few hours, keyed by the
writer and the draft id; nothing of the text is stored anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from peerhaven import coach
from peerhaven.nudges.exceptions import InvalidDraft, InvalidNudge, TextTooLong
from peerhaven.nudges.models import NudgeCount

# A draft left open longer than this counts again when the writer comes back to it.
DRAFT_TTL = 6 * 60 * 60
DRAFT_ID_MIN, DRAFT_ID_MAX = 8, 64


def coach_analyze(
    *,
    text: str,
    mode: str = "post",
    locale: str | None = "en",
    context: Mapping[str, Any] | None = None,
) -> coach.Analysis:
    """The coach's analysis, with its refusals as domain errors (400)."""
    try:
        return coach.analyze(text, mode=mode, locale=locale, context=context)
    except coach.TextTooLong as exc:
        raise TextTooLong(
            _("The text is longer than %(max)d characters.") % {"max": coach.MAX_CHARS},
            extra={"field": "text"},
        ) from exc
    except (TypeError, ValueError) as exc:
        raise InvalidDraft(str(exc)) from exc


def valid_draft_id(draft_id: str | None) -> bool:
    if not draft_id or not DRAFT_ID_MIN <= len(draft_id) <= DRAFT_ID_MAX:
        return False
    return all(c.isascii() and (c.isalnum() or c in "-_") for c in draft_id)


def _draft_key(user_id: int, draft_id: str, event: str, kind: str) -> str:
    return f"nudges:draft:{user_id}:{draft_id}:{event}:{kind}"


def _count(kind: str, field: str) -> None:
    """Add one to today's count of `field` for `kind`, safely under concurrent requests."""
    day = timezone.localdate()
    rows = NudgeCount.objects.filter(day=day, kind=kind)
    if rows.update(**{field: F(field) + 1}):
        return
    try:
        with transaction.atomic():
            NudgeCount.objects.create(day=day, kind=kind, **{field: 1})
    except IntegrityError:
        # Another request created today's row first.
        rows.update(**{field: F(field) + 1})


def nudges_shown_count(*, user_id: int, draft_id: str | None, kinds: Iterable[str]) -> list[str]:
    """Count the kinds this draft shows for the first time; returns those kinds. A request
    without a valid draft id counts nothing (it cannot be told apart from a repeat)."""
    if not valid_draft_id(draft_id):
        return []
    assert draft_id is not None  # noqa: S101 - checked above
    counted = []
    for kind in sorted(set(kinds)):
        if cache.add(_draft_key(user_id, draft_id, "shown", kind), True, DRAFT_TTL):
            _count(kind, "shown")
            counted.append(kind)
    return counted


def draft_analyze(
    *,
    user_id: int,
    text: str,
    mode: str,
    support_preference: str | None,
    locale: str | None,
    draft_id: str | None,
) -> coach.Analysis:
    """Analyze a draft in a composer and count the kinds of hints it shows."""
    analysis = coach_analyze(
        text=text, mode=mode, locale=locale, context={"support_preference": support_preference}
    )
    nudges_shown_count(
        user_id=user_id, draft_id=draft_id, kinds=(f.kind for f in analysis.findings)
    )
    return analysis


def nudge_accept(*, user_id: int, draft_id: str, kind: str) -> bool:
    """The writer took a hint's rewrite or removal. Counts once per draft and kind, and only
    for a kind this draft was shown; returns whether it counted."""
    if kind not in coach.KINDS:
        raise InvalidNudge(_("There is no such kind of hint."), extra={"field": "kind"})
    if not valid_draft_id(draft_id):
        raise InvalidNudge(_("The draft id is not valid."), extra={"field": "draft"})
    if not cache.get(_draft_key(user_id, draft_id, "shown", kind)):
        return False
    if not cache.add(_draft_key(user_id, draft_id, "accepted", kind), True, DRAFT_TTL):
        return False
    _count(kind, "accepted")
    return True
