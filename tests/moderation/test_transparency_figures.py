"""The published figures themselves, on both engines: the median wait is the same whether
PostgreSQL computes it or Python does (SQLite)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from peerhaven.moderation import selectors
from peerhaven.moderation.models import Action, Appeal, Case, Report
from tests.conversations.helpers import group_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups(facilitator, alice, bob):
    return (
        group_with(facilitator=facilitator, members=[alice, bob]),
        group_with(name="Morning Walk", facilitator=facilitator, members=[alice]),
    )


def _case(group, subject, *, waited: timedelta | None, status=Case.Status.CLOSED) -> Case:
    created = timezone.now() - timedelta(days=3)
    return Case.objects.create(
        target=Case.Target.PROFILE if group is None else Case.Target.MESSAGE,
        group=group,
        subject=subject,
        status=status,
        created_at=created,
        first_response_at=None if waited is None else created + waited,
    )


def test_the_median_wait_interpolates_and_leaves_out_unanswered_cases(groups, alice):
    group, _ = groups
    for hours in (1, 2, 4, 10):
        _case(group, alice, waited=timedelta(hours=hours))
    _case(group, alice, waited=None, status=Case.Status.OPEN)
    figures = selectors.transparency(group=group, fresh=True)
    assert figures.cases == 5
    assert figures.median_first_response_seconds == pytest.approx(3 * 3600)


def test_no_answered_case_means_no_median(groups, alice):
    group, _ = groups
    _case(group, alice, waited=None, status=Case.Status.OPEN)
    figures = selectors.transparency(group=group, fresh=True)
    assert figures.median_first_response_seconds is None
    assert figures.actions_by_kind == {}
    assert figures.appeals == {}


def test_counts_by_kind_guideline_and_outcome_per_group_and_site_wide(
    groups, alice, bob, facilitator
):
    here, there = groups
    first = _case(here, alice, waited=timedelta(minutes=30))
    second = _case(here, alice, waited=timedelta(hours=2))
    elsewhere = _case(there, alice, waited=timedelta(hours=5))
    profile = _case(None, bob, waited=timedelta(hours=1))
    Report.objects.create(case=first, reporter=bob, guideline_key="respect")
    Report.objects.create(case=first, reporter=facilitator, guideline_key="respect")
    Report.objects.create(case=elsewhere, reporter=bob, guideline_key="boundaries")
    Report.objects.create(case=profile, reporter=alice, guideline_key="respect")

    def act(case, kind, key):
        return Action.objects.create(
            case=case, moderator=facilitator, kind=kind, guideline_key=key, reason="why"
        )

    removed = act(first, Action.Kind.REMOVE, "respect")
    act(second, Action.Kind.NOTE, "no-unsolicited-advice")
    muted = act(elsewhere, Action.Kind.MUTE, "boundaries")
    act(profile, Action.Kind.NO_ACTION, "respect")
    Appeal.objects.create(action=removed, appellant=alice, text="no", status=Appeal.Status.UPHELD)
    Appeal.objects.create(action=muted, appellant=alice, text="no")

    mine = selectors.transparency(group=here, fresh=True)
    assert (mine.reports, mine.cases) == (2, 2)
    assert mine.actions_by_kind == {"remove": 1, "note": 1}
    assert mine.actions_by_guideline == {"respect": 1, "no-unsolicited-advice": 1}
    assert mine.appeals == {"upheld": 1}
    assert mine.median_first_response_seconds == pytest.approx(75 * 60)

    site = selectors.transparency(fresh=True)
    assert (site.reports, site.cases) == (4, 4)
    assert site.actions_by_kind == {"remove": 1, "note": 1, "mute": 1, "no_action": 1}
    assert site.actions_by_guideline == {
        "respect": 2,
        "no-unsolicited-advice": 1,
        "boundaries": 1,
    }
    assert site.appeals == {"upheld": 1, "pending": 1}
    assert site.median_first_response_seconds == pytest.approx(1.5 * 3600)


def test_the_site_and_each_group_are_kept_apart(groups, alice):
    here, there = groups
    _case(here, alice, waited=timedelta(hours=1))
    assert selectors.transparency(group=here).cases == 1
    assert selectors.transparency(group=there).cases == 0
    assert selectors.transparency().cases == 1
