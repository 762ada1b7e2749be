"""Opening and closing mediated conversations through the services: validation that
creates nothing, notices to both members, the audit log, posting once closed, blocks,
mutes, pre-moderation, and who sees them listed."""

from __future__ import annotations

import pytest

from peerhaven.conversations import selectors as conversation_selectors
from peerhaven.conversations import services as conversation_services
from peerhaven.conversations.exceptions import ConversationClosed
from peerhaven.conversations.models import Conversation, ConversationParticipant, Message
from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.groups.models import Group, Membership
from peerhaven.moderation import mediation
from peerhaven.moderation.mediation import InvalidMediation
from peerhaven.moderation.models import AuditEntry, Notice
from tests.conversations.helpers import post
from tests.factories import UserFactory
from tests.groups.helpers import join_now
from tests.moderation.mediation_helpers import OPENING_NOTE, mediation_scene

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(facilitator, alice, bob):
    return mediation_scene(facilitator=facilitator, alice=alice, bob=bob)


def _open(scene, members, **kwargs):
    fields = {"title": "Talking it through", "opening_note": "Let's talk."} | kwargs
    return mediation.mediation_open(
        facilitator=scene.facilitator, group=scene.group, members=members, **fields
    )


def _nothing_more_created(before: int) -> bool:
    return (
        Conversation.objects.filter(kind=Conversation.Kind.MEDIATION).count() == before
        and Notice.objects.count() == 2  # the scene's own two
    )


# --- Opening ------------------------------------------------------------------------------


def test_opening_creates_a_private_conversation_with_the_note_as_first_message(scene):
    conversation = scene.conversation
    assert conversation.kind == Conversation.Kind.MEDIATION
    assert conversation.created_by == scene.facilitator
    assert set(
        ConversationParticipant.objects.filter(conversation=conversation).values_list(
            "user_id", flat=True
        )
    ) == {scene.facilitator.pk, scene.alice.pk, scene.bob.pk}
    first = conversation.messages.get()
    assert first.author == scene.facilitator and first.body == OPENING_NOTE
    assert [p.display_name for p in mediation.mediation_participants(conversation)] == [
        "Fran",
        "Alice",
        "Bob",
    ]


def test_both_members_get_a_notice_with_a_link_and_nobody_else(scene):
    notices = Notice.objects.filter(kind=Notice.Kind.MEDIATION)
    assert sorted(n.user.display_name for n in notices) == ["Alice", "Bob"]
    url = f"/moderation/mediation/{scene.conversation.pk}/"
    for notice in notices:
        assert notice.link == url
        assert "Fran" in notice.body
    alice_notice = notices.get(user=scene.alice)
    assert "Bob" in alice_notice.body


def test_opening_is_written_to_the_audit_log(scene):
    entry = AuditEntry.objects.get(verb="mediation.opened")
    assert entry.actor_id == scene.facilitator.pk
    assert entry.group_slug == scene.group.slug
    assert entry.guideline_key == "respectful-disagreement"
    assert str(scene.conversation.pk) in entry.target


def test_the_pinned_guideline_is_the_current_respectful_disagreement_one(scene):
    guideline = mediation.pinned_guideline()
    assert guideline is not None
    assert guideline.key == "respectful-disagreement"
    assert guideline.text


@pytest.mark.parametrize(
    ("who", "code"),
    [
        ("a non-member", "not_member"),
        ("the same member twice", "same_member"),
        ("three members", "two_members"),
        ("one member", "two_members"),
        ("the facilitator", "facilitator_chosen"),
    ],
)
def test_bad_member_choices_give_clear_errors_and_create_nothing(scene, charlie, who, code):
    before = Conversation.objects.filter(kind=Conversation.Kind.MEDIATION).count()
    messages_before = Message.objects.count()
    members = {
        "a non-member": [scene.alice, charlie],
        "the same member twice": [scene.alice, scene.alice],
        "three members": [scene.alice, scene.bob, scene.dana],
        "one member": [scene.alice],
        "the facilitator": [scene.alice, scene.facilitator],
    }[who]

    with pytest.raises(InvalidMediation) as caught:
        _open(scene, members)

    assert caught.value.code == code
    assert caught.value.status == 400
    assert caught.value.message
    if who == "a non-member":
        assert caught.value.message == "Charlie is not a member of this group."
    assert _nothing_more_created(before)
    assert Message.objects.count() == messages_before
    assert AuditEntry.objects.filter(verb="mediation.opened").count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"title": "   "}, "title"), ({"opening_note": ""}, "opening_note")],
)
def test_an_empty_title_or_note_is_refused_and_nothing_is_created(scene, fields, field):
    before = Conversation.objects.filter(kind=Conversation.Kind.MEDIATION).count()
    with pytest.raises(InvalidMediation) as caught:
        _open(scene, [scene.alice, scene.dana], **fields)
    assert caught.value.extra["field"] == field
    assert _nothing_more_created(before)


def test_a_member_cannot_open_one(scene):
    with pytest.raises(NotAllowed):
        mediation.mediation_open(
            facilitator=scene.alice,
            group=scene.group,
            members=[scene.bob, scene.dana],
            title="Us",
            opening_note="Hi",
        )


def test_a_facilitator_of_another_group_gets_404(scene):
    with pytest.raises(NotFound):
        mediation.mediation_open(
            facilitator=scene.other_facilitator,
            group=scene.group,
            members=[scene.alice, scene.bob],
            title="Us",
            opening_note="Hi",
        )


def test_a_blocked_pair_is_refused_without_saying_who_blocked_whom(scene):
    conversation_services.block_set(user=scene.bob, target=scene.dana, blocked=True)
    before = Conversation.objects.filter(kind=Conversation.Kind.MEDIATION).count()

    with pytest.raises(InvalidMediation) as caught:
        _open(scene, [scene.dana, scene.bob])

    assert caught.value.code == "blocked"
    assert "Bob" not in caught.value.message and "Dana" not in caught.value.message
    assert _nothing_more_created(before)


def test_a_site_admin_who_is_not_a_member_can_open_and_write(scene, org_admin):
    conversation = mediation.mediation_open(
        facilitator=org_admin,
        group=scene.group,
        members=[scene.alice, scene.dana],
        title="From the site team",
        opening_note="Let's talk.",
    )
    assert post(conversation, org_admin, "Thank you both").author == org_admin


# --- Writing and closing ------------------------------------------------------------------


def test_participants_and_the_facilitator_write_through_the_normal_pipeline(scene):
    reply = post(scene.conversation, scene.alice, "I felt dismissed last week.")
    assert reply.seq == 2 and reply.body_html
    assert post(scene.conversation, scene.facilitator, "Thank you, Alice.").seq == 3


def test_another_member_cannot_write_or_even_see_it(scene):
    with pytest.raises(NotFound):
        post(scene.conversation, scene.dana, "What's going on?")


def test_closing_needs_a_note(scene):
    with pytest.raises(InvalidMediation) as caught:
        mediation.mediation_close(
            actor=scene.facilitator, conversation=scene.conversation, note=" "
        )
    assert caught.value.extra["field"] == "note"
    scene.conversation.refresh_from_db()
    assert scene.conversation.closed_at is None
    assert not AuditEntry.objects.filter(verb="mediation.closed").exists()


def test_after_closing_posting_is_refused_with_a_clear_message(scene):
    mediation.mediation_close(
        actor=scene.facilitator, conversation=scene.conversation, note="You agreed to pause."
    )
    conversation = Conversation.objects.get(pk=scene.conversation.pk)
    assert conversation.closing_note == "You agreed to pause."
    assert conversation.closed_by == scene.facilitator

    for person in (scene.alice, scene.bob, scene.facilitator):
        with pytest.raises(ConversationClosed) as caught:
            post(conversation, person, "One more thing")
        assert caught.value.status == 409
        assert "closed" in caught.value.message
    assert conversation.messages.count() == 1
    # Still readable by those taking part.
    assert list(
        conversation_selectors.visible_messages(conversation=conversation, user=scene.alice)
    )


def test_closing_tells_both_members_with_the_note_and_is_audited(scene):
    mediation.mediation_close(
        actor=scene.facilitator, conversation=scene.conversation, note="You agreed to pause."
    )
    closing = Notice.objects.filter(kind=Notice.Kind.MEDIATION, title__contains="closed")
    assert sorted(n.user.display_name for n in closing) == ["Alice", "Bob"]
    assert all("You agreed to pause." in n.body for n in closing)
    entry = AuditEntry.objects.get(verb="mediation.closed")
    assert entry.actor_id == scene.facilitator.pk and entry.reason == "You agreed to pause."


def test_only_facilitators_close_and_only_once(scene, org_admin):
    with pytest.raises(NotAllowed):
        mediation.mediation_close(actor=scene.alice, conversation=scene.conversation, note="Done")
    with pytest.raises(NotFound):
        mediation.mediation_close(actor=scene.dana, conversation=scene.conversation, note="Done")
    mediation.mediation_close(actor=org_admin, conversation=scene.conversation, note="Done")
    with pytest.raises(ConversationClosed):
        mediation.mediation_close(
            actor=scene.facilitator, conversation=scene.conversation, note="Again"
        )
    # The admin closed it: the facilitator who opened it is told too.
    assert Notice.objects.filter(user=scene.facilitator, title__contains="closed").exists()


def test_a_participant_who_left_the_group_can_read_but_not_write(scene):
    Membership.objects.filter(group=scene.group, user=scene.bob).delete()
    assert conversation_selectors.conversation_get(
        user=scene.bob, conversation_id=scene.conversation.pk
    )
    with pytest.raises(NotAllowed) as caught:
        post(scene.conversation, scene.bob, "Still here")
    assert caught.value.code == "not_member"


# --- Listing, mutes, pre-moderation -------------------------------------------------------


def _listed(scene, user, kind=Conversation.Kind.MEDIATION):
    return list(
        conversation_selectors.conversations_of_group(group=scene.group, user=user, kind=kind)
    )


def test_it_is_listed_only_for_those_who_may_read_it(scene, org_admin):
    for person in (scene.alice, scene.bob, scene.facilitator, org_admin):
        assert _listed(scene, person) == [scene.conversation]
    assert _listed(scene, scene.dana) == []
    # Never among the group's threads or rooms, for anyone.
    for person in (scene.alice, scene.facilitator, scene.dana):
        assert _listed(scene, person, Conversation.Kind.THREAD) == []
        assert _listed(scene, person, Conversation.Kind.ROOM) == []


def test_a_mute_does_not_hide_the_other_member_in_a_mediated_conversation(scene):
    conversation_services.mute_set(user=scene.alice, target=scene.bob, muted=True)
    bobs = post(scene.conversation, scene.bob, "I am sorry it came across that way.")
    seen = conversation_selectors.visible_messages(
        conversation=scene.conversation, user=scene.alice
    )
    assert bobs in list(seen)


def test_a_new_members_posts_are_not_held_in_a_mediated_conversation(scene):
    Group.objects.filter(pk=scene.group.pk).update(premoderate_first_posts=3)
    from peerhaven.moderation.services import premoderation_changed

    premoderation_changed(scene.group.pk)
    message = post(scene.conversation, scene.alice, "My first words here")
    assert message.moderation == "visible"


def test_a_co_facilitator_of_the_group_reads_and_writes(scene):
    co = UserFactory(display_name="Cosmo")
    join_now(co, scene.group, role=Membership.Role.FACILITATOR)
    assert post(scene.conversation, co, "I'm here too.").author == co
