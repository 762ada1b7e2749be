"""Every moderation step leaves an audit entry saying who did what, when and why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerhaven.conversations.models import Moderation
from peerhaven.groups.models import Membership
from peerhaven.moderation import services
from peerhaven.moderation.models import Action, AuditEntry
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def case(group, alice, bob):
    message = post(thread(group, bob), alice, "You are all idiots.")
    return services.report_message(reporter=bob, message=message, guideline_key="respect").case


def _only_entry(**lookup) -> AuditEntry:
    entries = AuditEntry.objects.filter(**lookup)
    assert entries.count() == 1
    return entries.get()


def _recent(entry: AuditEntry) -> bool:
    return timezone.now() - timedelta(minutes=1) < entry.at <= timezone.now()


@pytest.mark.parametrize(
    "kind", [Action.Kind.NO_ACTION, Action.Kind.NOTE, Action.Kind.REMOVE, Action.Kind.MUTE]
)
def test_each_decision_on_a_case_is_logged(case, facilitator, group, kind):
    services.case_act(
        moderator=facilitator,
        case=case,
        kind=kind,
        guideline_key="respect",
        reason="Name-calling in a thread",
        mute_days=3,
    )
    logged = _only_entry(verb=f"case.{kind}")
    assert logged.actor_id == facilitator.pk
    assert logged.actor_name == facilitator.display_name
    assert logged.group_slug == group.slug
    assert logged.guideline_key == "respect"
    assert logged.reason == "Name-calling in a thread"
    assert f"case {case.pk}" in logged.target
    assert _recent(logged)


def test_hide_resubmit_and_approve_are_each_logged(case, facilitator, alice):
    services.case_act(
        moderator=facilitator,
        case=case,
        kind=Action.Kind.HIDE_PENDING_EDIT,
        guideline_key="respect",
        reason="Please rephrase",
    )
    message = case.message
    message.refresh_from_db()
    services.message_resubmitted(message)
    case.refresh_from_db()
    services.case_act(
        moderator=facilitator,
        case=case,
        kind=Action.Kind.APPROVE,
        guideline_key="respect",
        reason="Kindly rephrased",
    )
    verbs = list(AuditEntry.objects.order_by("at", "pk").values_list("verb", "actor_id"))
    assert verbs == [
        ("case.hide_pending_edit", facilitator.pk),
        ("case.resubmitted", alice.pk),
        ("case.approve", facilitator.pk),
    ]


@pytest.mark.parametrize("overturn", [False, True])
def test_an_appeal_and_its_decision_are_logged(case, facilitator, alice, group, overturn):
    action = services.case_act(
        moderator=facilitator,
        case=case,
        kind=Action.Kind.REMOVE,
        guideline_key="respect",
        reason="Name-calling",
    )
    appeal = services.appeal_create(appellant=alice, action=action, text="I was upset.")
    second = UserFactory(display_name="Second facilitator")
    join_now(second, group, role=Membership.Role.FACILITATOR)
    services.appeal_decide(moderator=second, appeal=appeal, overturn=overturn, note="Reviewed.")
    assert _only_entry(verb="appeal.created").actor_id == alice.pk
    decided = _only_entry(verb="appeal.overturned" if overturn else "appeal.upheld")
    assert decided.actor_id == second.pk
    assert decided.reason == "Reviewed."
    assert decided.guideline_key == "respect"
    assert decided.group_slug == group.slug
    assert _recent(decided)


@pytest.fixture
def held(facilitator, alice, bob):
    group = group_with(
        name="Quiet Room", facilitator=facilitator, members=[alice, bob], premoderate_first_posts=2
    )
    message = post(thread(group, facilitator), alice, "My first post here")
    assert message.moderation == Moderation.PENDING
    return message


def test_approving_a_held_post_is_logged(held, facilitator):
    services.pending_post_decide(moderator=facilitator, message=held, approve=True)
    logged = _only_entry(verb="post.approved")
    assert logged.actor_id == facilitator.pk
    assert logged.target == f"message {held.pk}"
    assert logged.group_slug == "quiet-room"
    assert _recent(logged)


def test_declining_a_held_post_is_logged_with_its_guideline_and_reason(held, facilitator):
    services.pending_post_decide(
        moderator=facilitator,
        message=held,
        approve=False,
        guideline_key="no-unsolicited-advice",
        reason="Advice nobody asked for",
    )
    logged = _only_entry(verb="post.declined")
    assert logged.actor_id == facilitator.pk
    assert logged.guideline_key == "no-unsolicited-advice"
    assert logged.reason == "Advice nobody asked for"


def test_a_refused_step_leaves_no_entry(case, alice):
    with pytest.raises(Exception):  # noqa: B017,PT011 - any refusal: it must log nothing
        services.case_act(
            moderator=alice, case=case, kind="remove", guideline_key="respect", reason="x"
        )
    assert not AuditEntry.objects.exists()
