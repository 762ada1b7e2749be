"""The reads the alert code asks: who is on duty for a group, who is on fallback duty,
and the admins' overviews (gaps in the fallback rota, groups with nobody on duty)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from peerhaven.accounts.models import Role
from peerhaven.groups.models import Membership
from peerhaven.safety import duty
from tests.factories import UserFactory
from tests.groups.helpers import join_now, make_group
from tests.safety.duty_helpers import another_admin, make_facilitator, make_window

# 2025-03-24 is a Monday.
MONDAY_EVENING = datetime(2025, 3, 24, 19, 30, tzinfo=UTC)


@pytest.fixture
def circle(db, facilitator, alice):
    group = make_group(name="Evening Circle", facilitator=facilitator)
    join_now(alice, group)
    return group


def test_only_the_groups_facilitators_on_duty_now_are_returned(circle, facilitator, alice):
    other = make_group(name="Morning Circle", facilitator=UserFactory(display_name="Gina"))
    make_window(facilitator, group=circle)  # Monday 19:00–21:00 UTC
    make_window(other.memberships.get().user, group=other)  # on duty, but for another group
    make_window(alice, group=circle)  # a member's window (left from when she facilitated)

    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING) == [facilitator]
    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING + timedelta(hours=2)) == []
    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING + timedelta(days=1)) == []


def test_a_facilitator_demoted_to_member_is_no_longer_on_duty(circle, facilitator):
    make_window(facilitator, group=circle)
    Membership.objects.filter(group=circle, user=facilitator).update(role=Membership.Role.MEMBER)
    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING) == []


def test_a_facilitator_who_left_the_group_is_no_longer_on_duty(circle, facilitator):
    make_window(facilitator, group=circle)
    Membership.objects.filter(group=circle, user=facilitator).delete()
    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING) == []


def test_a_deactivated_facilitator_is_not_on_duty(circle, facilitator):
    make_window(facilitator, group=circle)
    facilitator.is_active = False
    facilitator.save()
    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING) == []


def test_a_fallback_window_does_not_make_a_facilitator_on_duty_for_the_group(circle, facilitator):
    make_window(facilitator)  # kind fallback
    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING) == []


def test_facilitators_come_by_when_they_joined_then_by_id_each_once(circle, facilitator):
    first = UserFactory(display_name="Early")
    second = UserFactory(display_name="Later")
    Membership.objects.filter(group=circle, user=facilitator).update(
        joined_at=datetime(2025, 1, 3, tzinfo=UTC)
    )
    for person, day in ((second, 2), (first, 1)):
        Membership.objects.create(
            group=circle,
            user=person,
            role=Membership.Role.FACILITATOR,
            joined_at=datetime(2025, 1, day, tzinfo=UTC),
        )
    for person in (facilitator, first, second):
        make_window(person, group=circle, starts="18:00", ends="22:00")
    # Two overlapping windows still list the person once.
    make_window(facilitator, group=circle, starts="19:00", ends="20:00", time_zone="Europe/London")

    assert duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING) == [
        first,
        second,
        facilitator,
    ]


def test_on_duty_facilitators_takes_two_queries_however_many_are_on_duty(
    circle, facilitator, django_assert_num_queries
):
    for index in range(6):
        person = UserFactory(display_name=f"Helper {index}")
        make_facilitator(circle, person)
        make_window(person, group=circle, time_zone="Europe/London")
    make_window(facilitator, group=circle)

    with django_assert_num_queries(2):
        on_duty = duty.on_duty_facilitators(group=circle, at=MONDAY_EVENING)
    assert len(on_duty) == 7
    assert all(person.display_name for person in on_duty)  # users already loaded


def test_a_group_with_no_facilitators_takes_one_query(db, django_assert_num_queries):
    group = make_group(name="Empty Circle")
    with django_assert_num_queries(1):
        assert duty.on_duty_facilitators(group=group, at=MONDAY_EVENING) == []


def test_fallback_responders_are_only_active_admins_by_id(db, org_admin, facilitator):
    noor = another_admin()
    former = another_admin("Former")
    gone = another_admin("Gone")
    for person in (noor, org_admin, former, gone, facilitator):
        make_window(person)
    make_window(noor, starts="19:15", ends="19:45")  # overlapping: still once
    former.role = Role.MEMBER
    former.save()
    gone.is_active = False
    gone.save()

    responders = duty.fallback_responders(at=MONDAY_EVENING)

    assert responders == sorted([org_admin, noor], key=lambda user: user.pk)
    assert duty.fallback_responders(at=MONDAY_EVENING + timedelta(hours=3)) == []


def test_a_group_window_does_not_make_an_admin_a_fallback_responder(db, org_admin):
    group = make_group(name="Admin Circle", facilitator=org_admin)
    make_window(org_admin, group=group)
    assert duty.fallback_responders(at=MONDAY_EVENING) == []


def test_fallback_responders_take_one_query(db, org_admin, django_assert_num_queries):
    make_window(org_admin)
    make_window(another_admin())
    with django_assert_num_queries(1):
        assert len(duty.fallback_responders(at=MONDAY_EVENING)) == 2


def test_on_duty_now_counts_only_windows_that_still_count(circle, facilitator, org_admin):
    make_window(facilitator, group=circle)
    assert duty.on_duty_now(user=facilitator, at=MONDAY_EVENING)
    assert not duty.on_duty_now(user=facilitator, at=MONDAY_EVENING + timedelta(hours=4))
    Membership.objects.filter(group=circle, user=facilitator).update(role=Membership.Role.MEMBER)
    assert not duty.on_duty_now(user=facilitator, at=MONDAY_EVENING)

    make_window(org_admin)
    assert duty.on_duty_now(user=org_admin, at=MONDAY_EVENING)
    org_admin.role = Role.FACILITATOR
    org_admin.save()
    assert not duty.on_duty_now(user=org_admin, at=MONDAY_EVENING)


def test_naive_times_are_refused(circle):
    with pytest.raises(ValueError, match="aware"):
        duty.on_duty_facilitators(group=circle, at=datetime(2025, 3, 24, 19, 30))  # noqa: DTZ001
    with pytest.raises(ValueError, match="aware"):
        duty.fallback_responders(at=datetime(2025, 3, 24, 19, 30))  # noqa: DTZ001


def test_the_group_overview_says_who_is_on_duty_in_each_group_in_three_queries(
    circle, facilitator, django_assert_num_queries
):
    gina = UserFactory(display_name="Gina")
    quiet = make_group(name="Quiet Circle", facilitator=gina)
    make_group(name="Alone Circle")
    make_window(facilitator, group=circle)
    make_window(gina, group=quiet, starts="08:00", ends="09:00")

    with django_assert_num_queries(3):
        overview = duty.group_duty_overview(at=MONDAY_EVENING)

    by_name = {item.group.name: item for item in overview}
    assert [item.group.name for item in overview] == [
        "Alone Circle",
        "Evening Circle",
        "Quiet Circle",
    ]
    assert by_name["Evening Circle"].on_duty_now == [facilitator]
    assert by_name["Quiet Circle"].on_duty_now == []
    assert by_name["Quiet Circle"].facilitators == 1
    assert by_name["Alone Circle"].facilitators == 0


def _spans(gaps):
    return [
        (gap.starts.strftime("%a %H:%M"), gap.ends.strftime("%a %H:%M"), gap.hours) for gap in gaps
    ]


def test_with_nobody_on_fallback_the_whole_week_is_a_gap(db):
    gaps = duty.fallback_gaps(at=MONDAY_EVENING, time_zone="UTC")
    assert _spans(gaps) == [("Mon 00:00", "Mon 00:00", 168)]
    assert gaps[0].starts.date().isoformat() == "2025-03-24"
    assert gaps[0].ends.date().isoformat() == "2025-03-31"


def test_the_gaps_are_the_hours_no_fallback_window_covers(db, org_admin):
    noor = another_admin()
    for day in range(7):
        make_window(org_admin, weekday=day, starts="08:00", ends="20:00")
        make_window(noor, weekday=day, starts="20:00", ends="02:00")
    # Wednesday is covered all day; the former admin's Thursday window does not count.
    make_window(noor, weekday=2, starts="00:00", ends="00:00")
    former = another_admin("Former")
    make_window(former, weekday=3, starts="02:00", ends="08:00")
    former.role = Role.MEMBER
    former.save()

    gaps = duty.fallback_gaps(at=MONDAY_EVENING, time_zone="UTC")

    assert _spans(gaps) == [
        ("Mon 02:00", "Mon 08:00", 6),  # Sunday's night window also covers early Monday
        ("Tue 02:00", "Tue 08:00", 6),
        ("Thu 02:00", "Thu 08:00", 6),
        ("Fri 02:00", "Fri 08:00", 6),
        ("Sat 02:00", "Sat 08:00", 6),
        ("Sun 02:00", "Sun 08:00", 6),
    ]


def test_monday_early_hours_are_covered_by_last_sundays_night_window(db, org_admin):
    make_window(org_admin, weekday=6, starts="22:00", ends="02:00")
    gaps = duty.fallback_gaps(at=MONDAY_EVENING, time_zone="UTC")
    assert _spans(gaps)[0] == ("Mon 02:00", "Sun 22:00", 164)


def test_gaps_follow_each_responders_clock_and_the_viewers(db, org_admin):
    # 09:00–17:00 every day in New York is 13:00–21:00 UTC in late March (EDT).
    for day in range(7):
        make_window(
            org_admin, weekday=day, starts="09:00", ends="17:00", time_zone="America/New_York"
        )
    # Seen from London in the week the clocks go forward (Sunday 30 March).
    gaps = duty.fallback_gaps(at=MONDAY_EVENING, time_zone="Europe/London")
    spans = _spans(gaps)
    assert spans[0] == ("Mon 00:00", "Mon 13:00", 13)
    assert spans[1] == ("Mon 21:00", "Tue 13:00", 16)
    # After the change London is UTC+1: the last gap runs 22:00 Sunday to Monday 00:00 BST.
    assert spans[-1] == ("Sun 22:00", "Mon 00:00", 2)
    # The week is 167 hours long in London; gaps plus 7 × 8 covered hours make it up.
    assert sum(gap.hours for gap in gaps) == 167 - 56


def test_the_week_runs_monday_to_monday_in_the_viewers_time_zone(db):
    start, end = duty.week_bounds(at=MONDAY_EVENING, time_zone="Europe/London")
    assert (start.isoformat(), end.isoformat()) == (
        "2025-03-24T00:00:00+00:00",
        "2025-03-31T00:00:00+01:00",
    )
    # Sunday 23:30 UTC is already Monday in Tokyo.
    sunday_night = datetime(2025, 3, 23, 23, 30, tzinfo=UTC)
    start, _end = duty.week_bounds(at=sunday_night, time_zone="Asia/Tokyo")
    assert start.date().isoformat() == "2025-03-24"


def test_the_readers_accept_the_current_time(circle, facilitator):
    now = timezone.now()
    make_window(facilitator, group=circle, weekday=now.weekday(), starts="00:00", ends="00:00")
    assert duty.on_duty_facilitators(group=circle, at=now) == [facilitator]
