"""The moderation services end to end, as moderators and members use them through every
interface: grouping, the ladder's effects, notices, edit and resubmit, appeals, the audit
log, pre-moderation and mutes in the message pipeline."""

from __future__ import annotations

import pytest

from peerhaven.conversations import selectors as conversation_selectors
from peerhaven.conversations import services as conversation_services
from peerhaven.conversations.exceptions import MutedInGroup
from peerhaven.conversations.models import Message, Moderation
from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.groups.models import Membership
from peerhaven.moderation import services
from peerhaven.moderation.exceptions import (
    AlreadyAppealed,
    AlreadyReported,
    AppealDecided,
    CaseClosed,
    InvalidAction,
    InvalidReport,
)
from peerhaven.moderation.models import Action, AuditEntry, Case, Notice
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now

pytestmark = pytest.mark.django_db

URGENT = "I want to kill myself tonight. I have a plan and nobody would even notice."


@pytest.fixture
def group(facilitator, alice, bob, charlie):
    return group_with(facilitator=facilitator, members=[alice, bob, charlie])


@pytest.fixture
def message(group, alice, bob):
    return post(thread(group, bob), alice, "You are all idiots and I hate this place.")


def _visible_to(user, message) -> bool:
    return (
        conversation_selectors.visible_messages(conversation=message.conversation, user=user)
        .filter(pk=message.pk)
        .exists()
    )


def test_two_reports_of_one_message_make_one_case(message, bob, charlie):
    first = services.report_message(reporter=bob, message=message, guideline_key="respect")
    second = services.report_message(
        reporter=charlie, message=message, guideline_key="non-judgment", note="Hurtful"
    )
    assert first.case_id == second.case_id
    case = first.case
    assert case.reports.count() == 2
    assert case.severity == Case.Severity.SERIOUS  # "respect" hurts someone directly
    assert case.snapshot == message.body


def test_reporting_twice_own_content_unknown_guideline_and_unreadable_content_are_refused(
    message, bob, alice, group
):
    services.report_message(reporter=bob, message=message, guideline_key="respect")
    with pytest.raises(AlreadyReported):
        services.report_message(reporter=bob, message=message, guideline_key="respect")
    with pytest.raises(InvalidReport):
        services.report_message(reporter=alice, message=message, guideline_key="respect")
    outsider = UserFactory(display_name="Outsider")
    with pytest.raises(NotFound):
        services.report_message(reporter=outsider, message=message, guideline_key="respect")
    other = post(message.conversation, alice, "Another one")
    with pytest.raises(InvalidReport) as error:
        services.report_message(reporter=bob, message=other, guideline_key="no-such-rule")
    assert "respect" in error.value.extra["choices"]
    assert Case.objects.count() == 1


def test_a_report_of_a_message_from_someone_at_risk_is_safety_first(group, alice, bob):
    risky = post(thread(group, bob), alice, URGENT)
    report = services.report_message(reporter=bob, message=risky, guideline_key="boundaries")
    assert report.case.severity == Case.Severity.SAFETY


def test_remove_tells_the_author_and_every_reporter_and_is_audited(
    message, bob, charlie, alice, facilitator
):
    case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
    services.report_message(reporter=charlie, message=message, guideline_key="respect")
    services.case_act(
        moderator=facilitator,
        case=case,
        kind="remove",
        guideline_key="respect",
        reason="Name-calling hurts the whole group.",
    )
    case.refresh_from_db()
    assert case.is_closed and case.first_response_at is not None
    message.refresh_from_db()
    assert message.moderation == Moderation.REMOVED
    assert not _visible_to(bob, message)
    assert _visible_to(alice, message)  # the author still sees it, marked removed
    author_notice = Notice.objects.get(user=alice)
    assert "Respect every member" in author_notice.title
    assert "appeal" in author_notice.body
    assert Notice.objects.filter(user=bob, kind=Notice.Kind.REPORT_OUTCOME).exists()
    assert Notice.objects.filter(user=charlie, kind=Notice.Kind.REPORT_OUTCOME).exists()
    # The reporter hears the outcome, not the reason given to the author.
    assert "Name-calling" not in Notice.objects.get(user=bob).body
    entry = AuditEntry.objects.get(verb="case.remove")
    assert entry.actor_name == facilitator.display_name
    assert entry.reason == "Name-calling hurts the whole group."


def test_hide_pending_edit_then_resubmit_then_approve(message, bob, alice, facilitator):
    case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
    services.case_act(
        moderator=facilitator,
        case=case,
        kind="hide_pending_edit",
        guideline_key="respect",
        reason="Please say how you feel without calling people names.",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.AWAITING_EDIT
    assert not _visible_to(bob, message)

    conversation_services.message_edit(
        user=alice,
        message=Message.objects.get(pk=message.pk),
        text="I feel frustrated and unheard here.",
    )
    case.refresh_from_db()
    assert case.status == Case.Status.RESUBMITTED
    assert not _visible_to(bob, message)  # still hidden until a moderator looks again

    services.case_act(
        moderator=facilitator,
        case=case,
        kind="approve",
        guideline_key="respect",
        reason="Thank you for the edit.",
    )
    assert _visible_to(bob, message)
    case.refresh_from_db()
    assert case.is_closed
    assert Notice.objects.filter(user=bob, kind=Notice.Kind.REPORT_OUTCOME).exists()


def test_acting_needs_a_reason_a_known_guideline_and_an_open_case(message, bob, facilitator):
    case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
    with pytest.raises(InvalidAction):
        services.case_act(
            moderator=facilitator, case=case, kind="remove", guideline_key="respect", reason=" "
        )
    with pytest.raises(InvalidAction):
        services.case_act(
            moderator=facilitator, case=case, kind="ban", guideline_key="respect", reason="x"
        )
    with pytest.raises(InvalidAction):
        services.case_act(
            moderator=facilitator, case=case, kind="remove", guideline_key="nope", reason="x"
        )
    with pytest.raises(InvalidAction):
        services.case_act(
            moderator=facilitator,
            case=case,
            kind="mute",
            guideline_key="respect",
            reason="x",
            mute_days=0,
        )
    services.case_act(
        moderator=facilitator, case=case, kind="no_action", guideline_key="respect", reason="Fine."
    )
    with pytest.raises(CaseClosed):
        services.case_act(
            moderator=facilitator, case=case, kind="remove", guideline_key="respect", reason="x"
        )
    assert Action.objects.count() == 1


def test_who_may_act(message, bob, charlie, alice, facilitator, org_admin):
    case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
    other_facilitator = UserFactory(display_name="Elsewhere")
    group_with(name="Elsewhere group", facilitator=other_facilitator)
    for person in (bob, charlie, other_facilitator):
        with pytest.raises(NotFound):
            services.case_act(
                moderator=person, case=case, kind="no_action", guideline_key="respect", reason="x"
            )
    with pytest.raises(NotAllowed):
        services.case_act(
            moderator=facilitator, case=case, kind="suspend", guideline_key="respect", reason="x"
        )
    services.case_act(
        moderator=org_admin,
        case=case,
        kind="suspend",
        guideline_key="respect",
        reason="Repeated abuse.",
    )
    alice.refresh_from_db()
    assert not alice.is_active


def test_a_case_about_yourself_is_for_another_moderator(group, facilitator, bob, org_admin):
    own = post(thread(group, bob), facilitator, "Facilitator's own post")
    case = services.report_message(reporter=bob, message=own, guideline_key="respect").case
    with pytest.raises(NotAllowed):
        services.case_act(
            moderator=facilitator, case=case, kind="no_action", guideline_key="respect", reason="x"
        )
    services.case_act(
        moderator=org_admin, case=case, kind="no_action", guideline_key="respect", reason="Fine."
    )


def test_mute_refuses_posting_until_it_ends_and_an_overturned_appeal_lifts_it(
    message, bob, alice, facilitator, org_admin
):
    case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
    action = services.case_act(
        moderator=facilitator,
        case=case,
        kind="mute",
        guideline_key="respect",
        reason="A pause to cool down.",
        mute_days=3,
    )
    with pytest.raises(MutedInGroup):
        post(message.conversation, alice, "Let me say one more thing")

    appeal = services.appeal_create(appellant=alice, action=action, text="I was provoked.")
    with pytest.raises(AlreadyAppealed):
        services.appeal_create(appellant=alice, action=action, text="Again")
    with pytest.raises(NotAllowed):  # not the moderator who acted
        services.appeal_decide(moderator=facilitator, appeal=appeal, overturn=True, note="x")
    services.appeal_decide(
        moderator=org_admin, appeal=appeal, overturn=True, note="Both sides were heated."
    )
    with pytest.raises(AppealDecided):
        services.appeal_decide(moderator=org_admin, appeal=appeal, overturn=False, note="x")
    post(message.conversation, alice, "Thank you, I will take care.")
    assert Notice.objects.filter(user=alice, kind=Notice.Kind.APPEAL_DECIDED).exists()
    assert AuditEntry.objects.filter(verb="appeal.overturned").exists()


def test_only_the_author_may_appeal_and_only_actions_that_changed_something(
    message, bob, alice, facilitator
):
    case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
    action = services.case_act(
        moderator=facilitator,
        case=case,
        kind="note",
        guideline_key="respect",
        reason="A gentle word.",
    )
    with pytest.raises(InvalidAction):
        services.appeal_create(appellant=alice, action=action, text="No")
    with pytest.raises(NotFound):
        services.appeal_create(appellant=bob, action=action, text="No")


def test_pre_moderation_holds_a_new_members_first_post_but_never_a_risk_post(
    group, facilitator, bob
):
    group.premoderate_first_posts = 1
    group.save(update_fields=["premoderate_first_posts"])
    services.premoderation_changed(group.pk)
    newcomer = UserFactory(display_name="Newcomer")
    join_now(newcomer, group)
    conversation = thread(group, facilitator)

    held = post(conversation, newcomer, "Hello everyone, I'm new here.")
    assert held.moderation == Moderation.PENDING
    assert not _visible_to(bob, held)
    risky = post(conversation, newcomer, URGENT)
    assert risky.moderation == Moderation.VISIBLE
    assert _visible_to(bob, risky)
    # A facilitator's posts are never held.
    assert post(conversation, facilitator, "Welcome!").moderation == Moderation.VISIBLE

    services.pending_post_decide(moderator=facilitator, message=held, approve=True)
    assert _visible_to(bob, held)
    # Once a post was shown, the next is not held (the limit is 1).
    assert post(conversation, newcomer, "Thanks!").moderation == Moderation.VISIBLE


def test_declining_a_held_post_tells_the_author_why(group, facilitator, bob):
    group.premoderate_first_posts = 2
    group.save(update_fields=["premoderate_first_posts"])
    services.premoderation_changed(group.pk)
    newcomer = UserFactory(display_name="Newcomer")
    join_now(newcomer, group)
    held = post(thread(group, facilitator), newcomer, "Buy cheap pills at my shop")
    with pytest.raises(InvalidAction):
        services.pending_post_decide(
            moderator=facilitator, message=held, approve=False, guideline_key="respect", reason=""
        )
    services.pending_post_decide(
        moderator=facilitator,
        message=held,
        approve=False,
        guideline_key="respect",
        reason="Selling things is not what this group is for.",
    )
    held.refresh_from_db()
    assert held.moderation == Moderation.REMOVED
    assert "Selling things" in Notice.objects.get(user=newcomer).body
    with pytest.raises(CaseClosed):
        services.pending_post_decide(moderator=facilitator, message=held, approve=True)


def test_a_profile_report_goes_to_admins_only(alice, bob, facilitator, org_admin):
    case = services.report_profile(reporter=bob, subject=alice, guideline_key="respect").case
    assert case.group is None
    with pytest.raises(NotFound):
        services.case_act(
            moderator=facilitator, case=case, kind="no_action", guideline_key="respect", reason="x"
        )
    services.case_act(
        moderator=org_admin,
        case=case,
        kind="note",
        guideline_key="respect",
        reason="Please pick a kinder name.",
    )


def test_removed_from_group_and_overturned_comes_back_as_a_member(
    message, bob, alice, facilitator, org_admin
):
    case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
    action = services.case_act(
        moderator=facilitator,
        case=case,
        kind="remove_from_group",
        guideline_key="respect",
        reason="Repeated insults.",
    )
    assert not Membership.objects.filter(group=case.group, user=alice).exists()
    appeal = services.appeal_create(appellant=alice, action=action, text="Please")
    services.appeal_decide(
        moderator=org_admin, appeal=appeal, overturn=True, note="One more chance."
    )
    assert Membership.objects.filter(group=case.group, user=alice).exists()
