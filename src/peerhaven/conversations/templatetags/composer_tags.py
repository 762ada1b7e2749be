"""The length counter under a message box (static/js/composer.js)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("conversations/_char_count.html")
def char_count(field_id: str) -> dict[str, Any]:
    """The counter of the box FIELD_ID, with the limit the services apply
    (conversations.services.clean_text), so the page and the server count alike."""
    return {"field_id": field_id, "limit": settings.PEERHAVEN_MESSAGE_MAX_CHARS}
