"""What someone wrote is in their export and is erased with their account."""

from __future__ import annotations

import pytest

from peerhaven.accounts import selectors as account_selectors
from peerhaven.accounts.services import account_erase
from peerhaven.conversations import services
from peerhaven.conversations.models import Conversation, Message, MessageRevision, Reaction
from tests.conversations.helpers import group_with, post, thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


def test_export_has_messages_reactions_and_muted_people(group, alice, bob):
    conversation = thread(group, alice, title="Sleep", text="I can't sleep")
    reply = post(conversation, bob, "Me neither")
    services.reaction_toggle(user=alice, message=reply, kind="me_too")
    services.mute_set(user=alice, target=bob, muted=True)

    data = account_selectors.account_export(user=alice)

    assert [(m["conversation"], m["text"]) for m in data["messages"]] == [
        ("Sleep", "I can't sleep")
    ]
    assert [r["kind"] for r in data["reactions"]] == ["me_too"]
    assert data["muted_and_blocked"] == {"muted": ["Bob"], "blocked": []}


def test_erasing_an_account_erases_its_messages_versions_and_reactions(group, alice, bob):
    mine = thread(group, alice, title="Only mine")
    shared = thread(group, alice, title="With replies", text="My story")
    edited = post(shared, alice, "first words")
    services.message_edit(user=alice, message=edited, text="second words")
    bobs = post(shared, bob, "Thank you for telling us")
    services.reaction_toggle(user=alice, message=bobs, kind="hear_you")

    account_erase(user=alice)

    assert not Message.objects.filter(body__in=["My story", "first words", "second words"]).exists()
    assert MessageRevision.objects.count() == 0
    assert Reaction.objects.count() == 0
    assert not Conversation.objects.filter(pk=mine.pk).exists()
    # Bob's reply stays; the thread keeps it but not the starter's title.
    shared.refresh_from_db()
    assert list(shared.messages.values_list("body", flat=True)) == ["Thank you for telling us"]
    assert shared.title != "With replies" and shared.created_by is None
