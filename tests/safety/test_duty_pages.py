"""The "When I'm on duty" pages, through HTTP: who sees what, adding and removing hours,
and the admins' rota, gaps and group overview."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from peerhaven.accounts.models import Role
from peerhaven.groups.models import Membership
from peerhaven.safety.models import DutyWindow
from tests.factories import UserFactory
from tests.safety.duty_helpers import (
    another_admin,
    make_window,
    make_world,
    whole_day_later,
    whole_day_now,
)

PAGE = "/safety/duty/"
ADD = "/safety/duty/add/"
NOT_RESPONDER = "Being on duty is for facilitators, peer supporters and organization admins"
NOT_ALLOWED_TO_ADD = "Duty hours are for the facilitators of a group and for organization admins"


@pytest.fixture
def world(db, alice, charlie, facilitator, org_admin):
    return make_world(alice=alice, charlie=charlie, facilitator=facilitator, org_admin=org_admin)


def _remove_url(window: DutyWindow) -> str:
    return reverse("safety-duty-remove", kwargs={"window_id": window.pk})


def test_the_url_names_resolve():
    assert reverse("safety-duty") == PAGE
    assert reverse("safety-duty-add") == ADD
    assert reverse("safety-duty-remove", kwargs={"window_id": 7}) == "/safety/duty/7/remove/"


# --- Seeing the page ----------------------------------------------------------------------

EXPECTED_PAGE = {
    "signed_out": 302,
    "member": 200,
    "outsider": 200,
    "facilitator": 200,
    "other_facilitator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("who", list(EXPECTED_PAGE))
def test_who_sees_what_on_the_duty_page(world, web_as, who):
    response = web_as(world.users[who]).get(PAGE)
    assert response.status_code == EXPECTED_PAGE[who]
    if who == "signed_out":
        assert response["Location"].startswith(reverse("sign-in"))
        return
    text = response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    if who in ("member", "outsider"):
        assert NOT_RESPONDER in text
        assert "safety-duty-add" not in text and ADD not in text
        return
    assert "When I&#x27;m on duty" in text or "When I'm on duty" in text
    assert ("Evening Circle" in text) == (who in ("facilitator", "admin"))
    assert ("Quiet Circle" in text) == (who in ("other_facilitator", "admin"))
    assert ("Fallback rota" in text) == (who == "admin")
    assert ('value="fallback"' in text) == (who == "admin")


def test_a_facilitator_with_no_hours_learns_what_being_on_duty_means(world, web_as, facilitator):
    text = web_as(facilitator).get(PAGE).content.decode()
    assert "You are not on duty right now." in text
    assert "you get an alert when someone in your group may be at risk" in text
    assert "You acknowledge it" in text
    assert "No duty hours for this group yet." in text
    # The group select offers only the groups they facilitate.
    assert "Evening Circle" in text and "Quiet Circle" not in text


def test_the_page_shows_my_hours_in_their_time_zone_and_whether_i_am_on_duty(
    world, web_as, facilitator
):
    whole_day_now(facilitator, group=world.circle)
    make_window(
        facilitator, group=world.circle, weekday=4, starts="22:00", ends="06:00",
        time_zone="America/New_York",
    )  # fmt: skip
    text = web_as(facilitator).get(PAGE).content.decode()
    assert "You are on duty now." in text
    assert "On duty now" in text
    assert "Friday" in text and "22:00–06:00" in text and "(into the next day)" in text
    assert "America/New_York" in text
    assert "the whole day" in text


def test_hours_later_in_the_week_do_not_make_me_on_duty_now(world, web_as, facilitator):
    whole_day_later(facilitator, group=world.circle)
    text = web_as(facilitator).get(PAGE).content.decode()
    assert "You are not on duty right now." in text
    assert "On duty now<" not in text


def test_hours_for_a_group_i_no_longer_facilitate_are_marked_as_not_counting(
    world, web_as, facilitator
):
    whole_day_now(facilitator, group=world.circle)
    Membership.objects.filter(group=world.circle, user=facilitator).update(
        role=Membership.Role.MEMBER
    )
    text = web_as(facilitator).get(PAGE).content.decode()
    assert "You are not on duty right now." in text
    assert "You no longer facilitate this group, so these hours do not count" in text
    assert "Does not count" in text


def test_a_supporter_without_a_group_sees_the_page_but_has_nothing_to_add(db, web_as):
    supporter = UserFactory(display_name="Sam", role=Role.SUPPORTER)
    response = web_as(supporter).get(PAGE)
    text = response.content.decode()
    assert response.status_code == 200
    assert "You have no duty hours." in text
    assert "Add duty hours" not in text
    assert web_as(supporter).get(ADD).status_code == 403


def test_admins_see_the_rota_its_gaps_and_who_is_on_duty_in_each_group(
    world, web_as, org_admin, facilitator
):
    noor = another_admin()
    whole_day_now(noor)
    whole_day_now(facilitator, group=world.circle)
    former = another_admin("Former")
    make_window(former, weekday=2)
    former.role = Role.MEMBER
    former.save()

    text = web_as(org_admin).get(PAGE).content.decode()

    assert "Fallback rota" in text
    assert "Noor" in text and "Former" in text
    assert "Does not count" in text  # the former admin's window
    assert "Gaps this week" in text
    assert "No fallback responder is on duty for" in text
    assert "Groups: on duty now" in text
    # Evening Circle has its facilitator on duty; Quiet Circle has nobody.
    assert "<td>Evening Circle</td><td>1</td>\n          <td>Fran</td>" in text
    assert "<td>Quiet Circle</td><td>1</td>" in text and "Nobody" in text
    # The admin may name any active admin as a fallback responder.
    assert 'name="user"' in text and "Noor" in text


def test_an_admin_with_an_empty_rota_is_told_what_that_means(world, web_as, org_admin):
    text = web_as(org_admin).get(PAGE).content.decode()
    assert "Nobody is on the fallback rota yet" in text
    assert "No fallback hours yet. Fallback responders get an alert" in text


def test_the_page_requires_the_two_factor_step_of_a_facilitator(world, facilitator):
    client = Client()
    client.force_login(facilitator)  # signed in, but the two-factor step not done
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup"))


# --- Adding -----------------------------------------------------------------------------


def _group_form(world, **changes) -> dict:
    return {
        "kind": "group",
        "group": str(world.circle.pk),
        "weekday": "0",
        "starts": "19:00",
        "ends": "21:00",
        "time_zone": "Europe/London",
        **changes,
    }


EXPECTED_ADD = {
    "signed_out": 302,
    "member": 403,
    "outsider": 403,
    "facilitator": 302,
    "other_facilitator": 400,  # the group is not among the choices
    "admin": 400,  # nor for an admin who does not facilitate it
}


@pytest.mark.parametrize("who", list(EXPECTED_ADD))
def test_who_may_add_hours_for_a_group(world, web_as, who):
    response = web_as(world.users[who]).post(ADD, _group_form(world))
    assert response.status_code == EXPECTED_ADD[who]
    stored = DutyWindow.objects.filter(group=world.circle)
    if who == "facilitator":
        assert response["Location"] == PAGE
        window = stored.get()
        assert (window.user, window.weekday, window.time_zone) == (
            world.users["facilitator"],
            0,
            "Europe/London",
        )
        return
    assert not stored.exists()
    text = response.content.decode()
    if who == "signed_out":
        assert response["Location"].startswith(reverse("sign-in"))
    elif who in ("member", "outsider"):
        assert NOT_ALLOWED_TO_ADD in text
    else:
        assert "Nothing was saved" in text
        assert "Select a valid choice" in text


def test_after_adding_the_page_says_so(world, web_as, facilitator):
    response = web_as(facilitator).post(ADD, _group_form(world), follow=True)
    text = response.content.decode()
    assert "You are on duty for Evening Circle on Monday, 19:00–21:00 (Europe/London)." in text
    assert "19:00–21:00" in text


def test_an_admin_names_another_admin_as_fallback_responder(world, web_as, org_admin):
    noor = another_admin()
    data = _group_form(world, kind="fallback", group="", user=str(noor.pk), time_zone="UTC")
    response = web_as(org_admin).post(ADD, data, follow=True)
    window = DutyWindow.objects.get(kind=DutyWindow.Kind.FALLBACK)
    assert (window.user, window.group) == (noor, None)
    assert "Noor is now a fallback responder on Monday" in response.content.decode()


def test_only_admins_are_offered_as_fallback_responders(world, web_as, org_admin, facilitator):
    data = _group_form(world, kind="fallback", group="", user=str(facilitator.pk))
    response = web_as(org_admin).post(ADD, data)
    assert response.status_code == 400
    assert not DutyWindow.objects.exists()


def test_a_facilitator_cannot_add_fallback_hours(world, web_as, facilitator):
    data = _group_form(world, kind="fallback", group="")
    response = web_as(facilitator).post(ADD, data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not DutyWindow.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weekday": "9"}, "Select a valid choice. 9 is not one of the available choices."),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice."),
        ({"starts": "25:00"}, "Enter a valid time."),
        ({"starts": "09:00", "ends": "09:00"}, "For the whole day choose 00:00 to 00:00"),
        ({"group": ""}, "Choose the group you will be on duty for."),
    ],
)
def test_bad_input_is_explained_and_nothing_is_stored(world, web_as, facilitator, changes, message):
    response = web_as(facilitator).post(ADD, _group_form(world, **changes))
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert message in text
    assert not DutyWindow.objects.exists()


def test_the_same_hours_twice_are_refused(world, web_as, facilitator):
    client = web_as(facilitator)
    assert client.post(ADD, _group_form(world)).status_code == 302
    response = client.post(ADD, _group_form(world))
    assert response.status_code == 400
    assert "These duty hours are already there." in response.content.decode()
    assert DutyWindow.objects.count() == 1


def test_the_add_page_works_on_its_own(world, web_as, facilitator, alice):
    response = web_as(facilitator).get(ADD)
    assert response.status_code == 200
    assert 'action="/safety/duty/add/"' in response.content.decode()
    assert web_as(alice).get(ADD).status_code == 403


# --- Removing ---------------------------------------------------------------------------

EXPECTED_REMOVE = {
    "signed_out": 302,
    "member": 404,
    "outsider": 404,
    "facilitator": 200,  # the owner
    "other_facilitator": 404,
    "admin": 200,
}


@pytest.mark.parametrize("who", list(EXPECTED_REMOVE))
def test_who_may_remove_a_facilitators_hours(world, web_as, facilitator, who):
    window = make_window(facilitator, group=world.circle)
    client = web_as(world.users[who])

    confirm = client.get(_remove_url(window))
    assert confirm.status_code == EXPECTED_REMOVE[who]
    if confirm.status_code == 200:
        text = confirm.content.decode()
        assert "Remove these duty hours?" in text
        assert "Evening Circle" in text and "19:00–21:00" in text
    assert DutyWindow.objects.filter(pk=window.pk).exists(), "asking removes nothing"

    response = client.post(_remove_url(window))
    removed = not DutyWindow.objects.filter(pk=window.pk).exists()
    if EXPECTED_REMOVE[who] == 200:
        assert response.status_code == 302 and response["Location"] == PAGE
        assert removed
    else:
        assert response.status_code == EXPECTED_REMOVE[who]
        assert not removed


def test_a_missing_window_is_not_found(world, web_as, facilitator):
    assert web_as(facilitator).get("/safety/duty/999999/remove/").status_code == 404


def test_an_admin_removes_a_fallback_window_from_the_rota(world, web_as, org_admin):
    noor = another_admin()
    window = make_window(noor)
    response = web_as(org_admin).post(_remove_url(window), follow=True)
    assert "Those duty hours are removed." in response.content.decode()
    assert not DutyWindow.objects.exists()


def test_an_admin_in_no_group_is_offered_fallback_duty_only(world, web_as, org_admin):
    client = web_as(org_admin)
    text = client.get(ADD).content.decode()
    assert 'value="fallback"' in text
    assert 'value="group"' not in text and 'name="group"' not in text
    response = client.post(ADD, _group_form(world))
    assert response.status_code == 400
    assert not DutyWindow.objects.exists()
