"""Every new message is screened for crisis risk, and screening never holds one back."""

from __future__ import annotations

from unittest.mock import patch

import pytest

from peerhaven.conversations import services
from peerhaven.conversations.models import Message
from tests.conversations.helpers import group_with, post, thread

pytestmark = pytest.mark.django_db

URGENT = "I can't do this anymore. I have the pills here and I'm going to take them all tonight."


@pytest.fixture
def conversation(facilitator, alice, bob):
    group = group_with(facilitator=facilitator, members=[alice, bob])
    return thread(group, bob)


def test_a_message_from_someone_at_risk_is_stored_and_marked(conversation, alice):
    message = post(conversation, alice, URGENT)
    stored = Message.objects.get(pk=message.pk)
    assert stored.body == URGENT
    assert stored.risk_level in ("concern", "urgent")
    assert stored.risk_reasons


def test_an_everyday_message_is_marked_none(conversation, alice):
    message = post(conversation, alice, "This traffic is killing me, see you all tonight!")
    assert Message.objects.get(pk=message.pk).risk_level == "none"


def test_the_risk_screen_is_never_sent_to_other_members(conversation, alice):
    sent = services.message_post(author=alice, conversation=conversation, text=URGENT)
    assert not any(key.startswith("risk") for key in sent.payload)


def test_a_failing_screen_still_delivers_and_marks_the_message_for_care(conversation, alice):
    with patch("peerhaven.conversations.screening.screen_risk", side_effect=RuntimeError("broken")):
        sent = services.message_post(author=alice, conversation=conversation, text=URGENT)
    stored = Message.objects.get(pk=sent.message.pk)
    assert stored.body == URGENT
    assert stored.risk_level == "concern"
    assert stored.risk_reasons == ["screening_failed"]
