"""Adding and removing duty windows through the services: who may, and what input is
refused (clearly, and with nothing stored)."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from peerhaven.accounts.models import Profile, Role
from peerhaven.core.exceptions import NotAllowed, NotFound
from peerhaven.safety.duty_services import (
    WINDOWS_PER_PERSON_MAX,
    duty_window_add,
    duty_window_remove,
)
from peerhaven.safety.models import DutyWindow
from tests.safety.duty_helpers import another_admin, make_window, make_world

GROUP = DutyWindow.Kind.GROUP
FALLBACK = DutyWindow.Kind.FALLBACK


@pytest.fixture
def world(db, alice, charlie, facilitator, org_admin):
    return make_world(alice=alice, charlie=charlie, facilitator=facilitator, org_admin=org_admin)


def _add(actor, **fields):
    values = {
        "user": actor,
        "kind": GROUP,
        "weekday": 0,
        "starts": time(19),
        "ends": time(21),
        **fields,
    }
    return duty_window_add(actor=actor, **values)


def test_a_facilitator_adds_their_own_hours_in_their_profile_time_zone(world, facilitator):
    Profile.objects.filter(user=facilitator).update(time_zone="America/Chicago")
    facilitator.refresh_from_db()

    window = _add(facilitator, group=world.circle, starts=time(19, 30, 15))

    assert window.user == facilitator
    assert window.group == world.circle
    assert window.time_zone == "America/Chicago"
    assert window.starts == time(19, 30), "seconds are dropped"


def test_an_explicit_time_zone_wins_over_the_profile(world, facilitator):
    window = _add(facilitator, group=world.circle, time_zone="Asia/Kolkata")
    assert window.time_zone == "Asia/Kolkata"


def test_night_and_whole_day_windows_are_fine(world, facilitator):
    _add(facilitator, group=world.circle, starts=time(22), ends=time(6))
    _add(facilitator, group=world.circle, weekday=6, starts=time(0), ends=time(0))
    assert DutyWindow.objects.filter(user=facilitator).count() == 2


def test_an_admin_adds_fallback_hours_for_themselves_and_for_another_admin(world, org_admin):
    noor = another_admin()
    mine = _add(org_admin, kind=FALLBACK)
    theirs = _add(org_admin, kind=FALLBACK, user=noor)
    assert (mine.user, mine.group, mine.kind) == (org_admin, None, FALLBACK)
    assert theirs.user == noor


def _refused(exc_type, actor, **fields):
    before = DutyWindow.objects.count()
    with pytest.raises(exc_type) as caught:
        _add(actor, **fields)
    assert DutyWindow.objects.count() == before, "nothing is stored"
    return caught.value


def test_a_member_cannot_add_hours_for_their_group(world, alice):
    error = _refused(NotAllowed, alice, group=world.circle)
    assert error.code == "not_facilitator"
    assert "Only this group's facilitators" in error.message


def test_a_facilitator_of_another_group_is_refused(world, facilitator):
    # The unlisted group is invisible to them: not found, as if it did not exist.
    assert _refused(NotFound, facilitator, group=world.quiet).code == "not_found"
    # A listed group they can see but do not facilitate: not allowed.
    assert _refused(NotAllowed, world.gina, group=world.circle).code == "not_facilitator"


def test_an_outsider_cannot_learn_about_an_unlisted_group(world, charlie):
    assert _refused(NotFound, charlie, group=world.quiet).code == "not_found"


def test_an_admin_who_does_not_facilitate_the_group_cannot_add_group_hours(world, org_admin):
    assert _refused(NotAllowed, org_admin, group=world.quiet).code == "not_facilitator"


def test_a_facilitator_cannot_add_hours_for_someone_else(world, facilitator, alice):
    error = _refused(NotAllowed, facilitator, group=world.circle, user=alice)
    assert error.code == "not_own_window"


@pytest.mark.parametrize("who", ["member", "outsider", "facilitator", "other_facilitator"])
def test_only_admins_add_fallback_hours(world, who):
    error = _refused(NotAllowed, world.users[who], kind=FALLBACK)
    assert error.code == "not_admin"
    assert "Only organization admins" in error.message


def test_a_fallback_responder_must_be_an_admin(world, org_admin, facilitator):
    error = _refused(ValidationError, org_admin, kind=FALLBACK, user=facilitator)
    assert error.message_dict["user"] == ["Fallback responders must be organization admins."]


def test_a_deactivated_admin_cannot_be_named(world, org_admin):
    noor = another_admin()
    noor.is_active = False
    noor.save()
    error = _refused(ValidationError, org_admin, kind=FALLBACK, user=noor)
    assert "deactivated" in error.message_dict["user"][0]


def test_a_fallback_window_takes_no_group(world, org_admin):
    error = _refused(ValidationError, org_admin, kind=FALLBACK, group=world.circle)
    assert "leave the group empty" in error.message_dict["group"][0]


def test_a_group_window_needs_a_group(world, facilitator):
    error = _refused(ValidationError, facilitator)
    assert error.message_dict["group"] == ["Choose the group you will be on duty for."]


def test_an_unknown_kind_is_refused(world, facilitator):
    error = _refused(ValidationError, facilitator, kind="weekly", group=world.circle)
    assert "kind" in error.message_dict


@pytest.mark.parametrize("weekday", [9, -1, 7, "3", True, None])
def test_a_day_outside_monday_to_sunday_is_refused(world, facilitator, weekday):
    error = _refused(ValidationError, facilitator, group=world.circle, weekday=weekday)
    assert error.message_dict["weekday"] == ["Choose a day of the week (0 is Monday, 6 is Sunday)."]


def test_an_unknown_time_zone_is_refused(world, facilitator):
    error = _refused(ValidationError, facilitator, group=world.circle, time_zone="Mars/Olympus")
    assert error.message_dict["time_zone"] == ["Mars/Olympus is not a known time zone."]


def test_an_end_equal_to_the_start_is_refused_unless_it_is_the_whole_day(world, facilitator):
    error = _refused(ValidationError, facilitator, group=world.circle, starts=time(9), ends=time(9))
    assert "For the whole day choose 00:00 to 00:00" in error.message_dict["ends"][0]
    # Equal once seconds are dropped counts as equal too.
    _refused(ValidationError, facilitator, group=world.circle, starts=time(9), ends=time(9, 0, 30))


def test_times_must_be_times_of_day(world, facilitator):
    error = _refused(ValidationError, facilitator, group=world.circle, starts="19:00", ends=None)
    assert set(error.message_dict) == {"starts", "ends"}


def test_all_field_errors_come_together(world, facilitator):
    error = _refused(
        ValidationError,
        facilitator,
        group=world.circle,
        weekday=9,
        starts=time(9),
        ends=time(9),
        time_zone="Nowhere",
    )
    assert set(error.message_dict) == {"weekday", "ends", "time_zone"}


def test_the_same_window_twice_is_refused(world, facilitator):
    _add(facilitator, group=world.circle, time_zone="UTC")
    error = _refused(ValidationError, facilitator, group=world.circle, time_zone="UTC")
    assert error.message_dict[NON_FIELD_ERRORS] == ["These duty hours are already there."]


def test_a_person_has_at_most_fifty_windows(world, facilitator):
    for index in range(WINDOWS_PER_PERSON_MAX):
        make_window(
            facilitator, group=world.circle, weekday=index % 7, starts=f"{index % 24:02}:00"
        )
    error = _refused(ValidationError, facilitator, group=world.circle, weekday=3, starts=time(5, 5))
    assert "at most 50 duty windows" in error.message_dict[NON_FIELD_ERRORS][0]


def test_owners_remove_their_own_windows_even_after_stepping_down(world, facilitator):
    window = make_window(facilitator, group=world.circle)
    world.circle.memberships.filter(user=facilitator).update(role="member")
    duty_window_remove(actor=facilitator, window=window)
    assert not DutyWindow.objects.filter(pk=window.pk).exists()


def test_admins_remove_anyones_windows(world, facilitator, org_admin):
    window = make_window(facilitator, group=world.circle)
    duty_window_remove(actor=org_admin, window=window)
    assert not DutyWindow.objects.filter(pk=window.pk).exists()


@pytest.mark.parametrize("who", ["member", "outsider", "other_facilitator"])
def test_others_get_not_found_when_removing(world, facilitator, who):
    window = make_window(facilitator, group=world.circle)
    with pytest.raises(NotFound):
        duty_window_remove(actor=world.users[who], window=window)
    assert DutyWindow.objects.filter(pk=window.pk).exists()


def test_a_demoted_admin_can_no_longer_add_fallback_hours(world, org_admin):
    org_admin.role = Role.FACILITATOR
    org_admin.save()
    assert _refused(NotAllowed, org_admin, kind=FALLBACK).code == "not_admin"
