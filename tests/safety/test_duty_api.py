"""GET/POST /api/v1/duty-windows/ and DELETE /api/v1/duty-windows/<id>/."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator

from peerhaven.accounts.models import Role
from peerhaven.groups.models import Membership
from peerhaven.safety import duty_api_urls
from peerhaven.safety.models import DutyWindow
from tests.safety.duty_helpers import another_admin, make_window, make_world, whole_day_now

URL = "/api/v1/duty-windows/"


@pytest.fixture
def world(db, alice, charlie, facilitator, org_admin):
    return make_world(alice=alice, charlie=charlie, facilitator=facilitator, org_admin=org_admin)


def _body(**changes) -> dict:
    return {
        "kind": "group",
        "group": "evening-circle",
        "weekday": 0,
        "starts": "19:00",
        "ends": "21:00",
        "time_zone": "Europe/London",
        **changes,
    }


# --- Listing ------------------------------------------------------------------------------


def test_signed_out_visitors_get_403(world, api_as):
    response = api_as(None).get(URL)
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("who", ["member", "outsider", "facilitator", "other_facilitator", "admin"])
def test_everyone_lists_only_their_own_windows(world, api_as, facilitator, who):
    make_window(facilitator, group=world.circle)
    make_window(world.gina, group=world.quiet)
    make_window(world.users["admin"])
    response = api_as(world.users[who]).get(URL)
    assert response.status_code == 200
    owners = {item["user"] for item in response.json()}
    expected = {
        "member": set(),
        "outsider": set(),
        "facilitator": {"Fran"},
        "other_facilitator": {"Gina"},
        "admin": {"Ada"},
    }[who]
    assert owners == expected


def test_the_list_says_what_each_window_is_and_whether_it_counts_now(world, api_as, facilitator):
    now_window = whole_day_now(facilitator, group=world.circle)
    stale = make_window(facilitator, group=world.quiet, weekday=2, starts="22:00", ends="06:00")

    data = api_as(facilitator).get(URL).json()

    by_id = {item["id"]: item for item in data}
    assert by_id[now_window.pk] == {
        "id": now_window.pk,
        "kind": "group",
        "group": "evening-circle",
        "group_name": "Evening Circle",
        "user": "Fran",
        "weekday": now_window.weekday,
        "starts": "00:00",
        "ends": "00:00",
        "time_zone": "UTC",
        "counts": True,
        "on_duty_now": True,
    }
    # They do not facilitate Quiet Circle: the window is theirs to see, but it does not count.
    assert by_id[stale.pk]["counts"] is False
    assert by_id[stale.pk]["on_duty_now"] is False


def test_admins_list_the_whole_fallback_rota_with_all(world, api_as, org_admin, facilitator):
    noor = another_admin()
    make_window(noor)
    make_window(org_admin)
    make_window(facilitator, group=world.circle)
    own = api_as(org_admin).get(URL).json()
    everything = api_as(org_admin).get(URL, {"all": "1"}).json()
    assert {item["user"] for item in own} == {"Ada"}
    assert {item["user"] for item in everything} == {"Ada", "Noor"}
    assert all(item["kind"] == "fallback" for item in everything)


@pytest.mark.parametrize("who", ["member", "outsider", "facilitator", "other_facilitator"])
def test_only_admins_may_ask_for_the_whole_rota(world, api_as, who):
    response = api_as(world.users[who]).get(URL, {"all": "1"})
    assert response.status_code == 403
    assert response.json()["code"] == "not_admin"


# --- Adding ------------------------------------------------------------------------------

EXPECTED_ADD = {
    "signed_out": (403, None),
    "member": (403, "not_responder"),
    "outsider": (403, "not_responder"),
    "facilitator": (201, None),
    "other_facilitator": (403, "not_facilitator"),  # Evening Circle is listed: visible
    "admin": (403, "not_facilitator"),
}


@pytest.mark.parametrize("who", list(EXPECTED_ADD))
def test_who_may_add_hours_for_a_group(world, api_as, who):
    response = api_as(world.users[who]).post(URL, _body(), format="json")
    status, code = EXPECTED_ADD[who]
    assert response.status_code == status
    if status == 201:
        data = response.json()
        assert data["group"] == "evening-circle"
        assert data["user"] == "Fran"
        assert DutyWindow.objects.get().pk == data["id"]
        return
    assert not DutyWindow.objects.exists()
    if code:
        assert response.json()["code"] == code


def test_a_facilitator_of_another_group_gets_404_for_an_unlisted_group(world, api_as, facilitator):
    response = api_as(facilitator).post(URL, _body(group="quiet-circle"), format="json")
    assert response.status_code == 404
    assert not DutyWindow.objects.exists()


def test_an_unknown_group_is_not_found(world, api_as, facilitator):
    response = api_as(facilitator).post(URL, _body(group="no-such-group"), format="json")
    assert response.status_code == 404


def test_the_time_zone_defaults_to_the_profile(world, api_as, facilitator):
    body = _body()
    del body["time_zone"]
    response = api_as(facilitator).post(URL, body, format="json")
    assert response.status_code == 201
    assert response.json()["time_zone"] == "Europe/London"  # the factory's profile


def test_admins_add_fallback_hours_for_themselves_or_another_admin(world, api_as, org_admin):
    noor = another_admin()
    client = api_as(org_admin)
    mine = client.post(URL, _body(kind="fallback", group=None), format="json")
    theirs = client.post(URL, _body(kind="fallback", group=None, user="noor"), format="json")
    assert (mine.status_code, theirs.status_code) == (201, 201)
    assert mine.json()["user"] == "Ada" and mine.json()["group"] is None
    assert theirs.json()["user"] == "Noor"
    assert DutyWindow.objects.filter(user=noor, kind="fallback").exists()


def test_a_fallback_responder_must_be_an_admin(world, api_as, org_admin):
    response = api_as(org_admin).post(
        URL, _body(kind="fallback", group=None, user="Fran"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["extra"]["fields"]["user"] == [
        "Fallback responders must be organization admins."
    ]
    unknown = api_as(org_admin).post(
        URL, _body(kind="fallback", group=None, user="Nobody At All"), format="json"
    )
    assert unknown.status_code == 400
    assert not DutyWindow.objects.exists()


@pytest.mark.parametrize("who", ["member", "facilitator", "other_facilitator"])
def test_only_admins_add_fallback_hours(world, api_as, who):
    response = api_as(world.users[who]).post(URL, _body(kind="fallback", group=None), format="json")
    assert response.status_code == 403
    assert not DutyWindow.objects.exists()


def test_a_facilitator_cannot_add_hours_for_someone_else(world, api_as, facilitator):
    response = api_as(facilitator).post(URL, _body(user="Alice"), format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_own_window"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"weekday": 9}, "weekday", "Choose a day of the week (0 is Monday, 6 is Sunday)."),
        ({"weekday": "Monday"}, "weekday", "A valid integer is required."),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "Mars/Olympus is not a known time zone."),
        ({"starts": "09:00", "ends": "09:00"}, "ends", None),
        ({"starts": "7pm"}, "starts", None),
        ({"kind": "weekly"}, "kind", None),
        ({"group": None}, "group", "Choose the group you will be on duty for."),
    ],
)
def test_bad_input_gives_field_errors_and_stores_nothing(
    world, api_as, facilitator, changes, field, message
):
    response = api_as(facilitator).post(URL, _body(**changes), format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid"
    assert field in data["extra"]["fields"]
    if message:
        assert data["extra"]["fields"][field] == [message]
    assert not DutyWindow.objects.exists()


# --- Removing ----------------------------------------------------------------------------

EXPECTED_DELETE = {
    "signed_out": 403,
    "member": 404,
    "outsider": 404,
    "facilitator": 204,  # the owner
    "other_facilitator": 404,
    "admin": 204,
}


@pytest.mark.parametrize("who", list(EXPECTED_DELETE))
def test_who_may_remove_a_facilitators_hours(world, api_as, facilitator, who):
    window = make_window(facilitator, group=world.circle)
    response = api_as(world.users[who]).delete(f"{URL}{window.pk}/")
    assert response.status_code == EXPECTED_DELETE[who]
    assert DutyWindow.objects.filter(pk=window.pk).exists() == (response.status_code != 204)


def test_a_former_admin_still_removes_their_own_fallback_hours(world, api_as, org_admin):
    window = make_window(org_admin)
    org_admin.role = Role.MEMBER
    org_admin.save()
    assert api_as(org_admin).delete(f"{URL}{window.pk}/").status_code == 204


def test_a_former_facilitator_still_removes_their_own_hours(world, api_as, facilitator):
    window = make_window(facilitator, group=world.circle)
    Membership.objects.filter(user=facilitator).delete()
    assert api_as(facilitator).delete(f"{URL}{window.pk}/").status_code == 204


def test_removing_a_missing_window_is_not_found(world, api_as, org_admin):
    assert api_as(org_admin).delete(f"{URL}999999/").status_code == 404


def test_the_schema_documents_the_endpoints():
    # Only these endpoints: the whole site's schema is tested with the rest of the API.
    schema = SchemaGenerator(patterns=duty_api_urls.urlpatterns).get_schema(
        request=None, public=True
    )
    assert set(schema["paths"]) == {"/duty-windows/", "/duty-windows/{window_id}/"}
    assert set(schema["paths"]["/duty-windows/"]) == {"get", "post"}
    assert set(schema["paths"]["/duty-windows/{window_id}/"]) == {"delete"}
    assert "DutyWindow" in schema["components"]["schemas"]


def test_the_responder_is_found_by_a_look_alike_of_their_name(world, api_as, org_admin):
    noor = another_admin()
    noor.set_display_name("Noor")
    noor.save()
    # Full-width letters normalize to the same name, as names are kept unique.
    response = api_as(org_admin).post(
        URL, _body(kind="fallback", group=None, user="ＮＯＯＲ"), format="json"
    )
    assert response.status_code == 201, response.json()
    assert DutyWindow.objects.filter(user=noor, kind="fallback").exists()
