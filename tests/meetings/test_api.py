"""The meetings API: schedules, occurrences, RSVP and calendar feed links."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peerhaven.meetings import recurrence, services
from peerhaven.meetings.models import FeedToken, MeetingSeries, Occurrence, Rsvp
from tests.conversations.helpers import group_with
from tests.meetings.helpers import ADDRESS, LINK, group_with_meeting, weekly_meeting

pytestmark = pytest.mark.django_db

SERIES = "/api/v1/meetings/groups/evening-circle/series/"
OCCURRENCES = "/api/v1/meetings/groups/evening-circle/occurrences/"


def upcoming(series: MeetingSeries) -> list[Occurrence]:
    return list(series.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at"))


def new_series(**overrides) -> dict:
    data = {
        "title": "Thursday check-in",
        "time_zone": "America/New_York",
        "start_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "start_time": "18:30",
        "duration_minutes": 60,
        "format": "online",
        "language": "en",
        "rule": "FREQ=WEEKLY;BYDAY=TH",
        "join_link": "https://meet.example.org/thursday",
        "accessibility": ["captions"],
    }
    data.update(overrides)
    return data


# --- Series -------------------------------------------------------------------------------


def test_anyone_may_list_a_listed_groups_series_without_the_private_details(facilitator, api_as):
    group_with_meeting(facilitator)

    response = api_as(None).get(SERIES)

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["page"], body["pages"], body["per_page"]) == (1, 1, 1, 25)
    (series,) = body["results"]
    assert series["schedule"] == "Every Tuesday at 19:00 (Europe/London time)"
    assert series["rule"] == "FREQ=WEEKLY;BYDAY=TU"
    assert series["start_time"] == "19:00:00"
    assert series["area"] == "Camden, London"
    assert series["address"] is None and series["join_link"] is None
    assert series["accessibility"] == ["step_free", "captions"]
    assert series["possibly_out_of_date"] is False


def test_a_member_who_agreed_gets_the_address_and_link(facilitator, alice, api_as):
    group_with_meeting(facilitator, members=[alice])

    (series,) = api_as(alice).get(SERIES).json()["results"]

    assert series["address"] == ADDRESS and series["join_link"] == LINK


def test_a_facilitator_lists_a_series_through_the_api(facilitator, api_as):
    group_with(facilitator=facilitator)

    response = api_as(facilitator).post(
        SERIES, new_series(facilitator="fran", capacity=8), format="json"
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["schedule"] == "Every Thursday at 18:30 (America/New_York time)"
    assert body["facilitator"] == "Fran"
    assert body["join_link"] == "https://meet.example.org/thursday"
    series = MeetingSeries.objects.get()
    assert series.facilitator == facilitator and series.capacity == 8
    assert series.occurrences.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rule": "FREQ=HOURLY"}, "rule"),
        ({"rule": "FREQ=WEEKLY;UNTIL=20270101"}, "rule"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
        ({"end_date": "2020-01-01"}, "end_date"),
        ({"capacity": 0}, "capacity"),
        ({"join_link": "http://meet.example.org"}, "join_link"),
        ({"format": "hybrid"}, "address"),
        ({"language": "xx"}, "language"),
        ({"facilitator": "Charlie"}, "facilitator"),
        ({"latitude": 95, "longitude": 0}, "latitude"),
        ({"latitude": 10, "longitude": None}, "latitude"),
    ],
)
def test_a_bad_schedule_is_refused_with_the_field_at_fault_and_nothing_stored(
    facilitator, charlie, api_as, overrides, field
):
    group_with(facilitator=facilitator)

    response = api_as(facilitator).post(SERIES, new_series(**overrides), format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_schedule"
    assert response.json()["extra"]["field"] == field
    assert response.json()["message"]
    assert not MeetingSeries.objects.exists() and not Occurrence.objects.exists()


def test_malformed_input_is_refused_with_field_errors(facilitator, api_as):
    group_with(facilitator=facilitator)

    response = api_as(facilitator).post(
        SERIES, new_series(start_time="seven", accessibility=["jetpack"]), format="json"
    )

    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"start_time", "accessibility"}


def test_only_facilitators_list_series(facilitator, alice, charlie, api_as):
    group_with(facilitator=facilitator, members=[alice])

    assert api_as(alice).post(SERIES, new_series(), format="json").status_code == 403
    assert api_as(charlie).post(SERIES, new_series(), format="json").status_code == 404
    assert api_as(None).post(SERIES, new_series(), format="json").status_code == 403
    assert not MeetingSeries.objects.exists()


def test_a_facilitator_changes_part_of_a_series_and_the_rest_stays(facilitator, api_as):
    series = group_with_meeting(facilitator)
    client = api_as(facilitator)

    response = client.patch(
        f"/api/v1/meetings/series/{series.pk}/",
        {"title": "Tuesday circle", "rule": "FREQ=WEEKLY;BYDAY=WE"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    series.refresh_from_db()
    assert series.title == "Tuesday circle"
    assert series.address == ADDRESS
    assert {
        o.starts_at.astimezone(recurrence.time_zone("Europe/London")).weekday()
        for o in upcoming(series)
    } == {2}
    full = client.put(f"/api/v1/meetings/series/{series.pk}/", new_series(), format="json")
    assert full.status_code == 200
    series.refresh_from_db()
    assert (series.format, series.time_zone, series.address) == ("online", "America/New_York", "")


def test_a_member_cannot_change_a_series(facilitator, alice, api_as):
    series = group_with_meeting(facilitator, members=[alice])

    response = api_as(alice).patch(
        f"/api/v1/meetings/series/{series.pk}/", {"title": "Mine now"}, format="json"
    )

    assert response.status_code == 403
    assert response.json()["code"] == "not_facilitator"
    series.refresh_from_db()
    assert series.title == "Tuesday evening circle"


def test_a_facilitator_confirms_and_ends_a_series(facilitator, api_as):
    series = group_with_meeting(facilitator)
    MeetingSeries.objects.filter(pk=series.pk).update(
        confirmed_at=timezone.now() - timedelta(days=200)
    )
    client = api_as(facilitator)
    assert client.get(f"/api/v1/meetings/series/{series.pk}/").json()["possibly_out_of_date"]

    confirmed = client.post(f"/api/v1/meetings/series/{series.pk}/confirm/")
    assert confirmed.status_code == 200
    assert confirmed.json()["possibly_out_of_date"] is False
    coming = len(upcoming(series))
    ended = client.post(f"/api/v1/meetings/series/{series.pk}/end/")

    assert ended.status_code == 200
    assert ended.json() == {"cancelled": coming}
    assert client.get(SERIES).json()["count"] == 0


# --- Occurrences --------------------------------------------------------------------------


def test_occurrences_come_in_a_window_with_both_clocks(facilitator, alice, api_as):
    series = group_with_meeting(facilitator, members=[alice])
    alice.profile.time_zone = "Australia/Sydney"
    alice.profile.save()
    first, second, third = upcoming(series)[:3]
    window = {
        "from": first.ends_at.isoformat(),
        "to": (third.starts_at - timedelta(minutes=1)).isoformat(),
    }

    body = api_as(alice).get(OCCURRENCES, window).json()

    assert [o["id"] for o in body["results"]] == [second.pk]
    (item,) = body["results"]
    assert item["local_start"].startswith(
        second.starts_at.astimezone(recurrence.time_zone("Europe/London")).isoformat()[:16]
    )
    assert "T19:00:00" in item["local_start"]
    assert item["your_time_zone"] == "Australia/Sydney"
    assert datetime.fromisoformat(item["your_start"]) == second.starts_at
    assert item["page"] == f"/meetings/occurrences/{second.pk}/"
    assert item["ics"] == f"/meetings/occurrences/{second.pk}.ics"


def test_a_bad_window_is_refused(facilitator, api_as):
    group_with_meeting(facilitator)
    now = timezone.now()

    backwards = api_as(None).get(OCCURRENCES, {"from": now.isoformat(), "to": now.isoformat()})
    too_wide = api_as(None).get(OCCURRENCES, {"to": (now + timedelta(days=500)).isoformat()})
    nonsense = api_as(None).get(OCCURRENCES, {"from": "soon"})

    assert backwards.status_code == too_wide.status_code == nonsense.status_code == 400
    assert "to" in backwards.json()["extra"]["fields"]


def test_the_occurrence_list_costs_the_same_queries_however_long(facilitator, alice, api_as):
    series = group_with_meeting(facilitator, members=[alice])
    client = api_as(alice)
    for occurrence in upcoming(series)[:3]:
        Rsvp.objects.create(occurrence=occurrence, user=alice, status=Rsvp.Status.GOING)

    def queries(window_days: int) -> int:
        end = (timezone.now() + timedelta(days=window_days)).isoformat()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(OCCURRENCES, {"to": end}).status_code == 200
        return len(captured)

    assert queries(8) == queries(60)


def test_a_facilitator_cancels_and_moves_one_occurrence(facilitator, api_as):
    series = group_with_meeting(facilitator)
    first, second = upcoming(series)[:2]
    client = api_as(facilitator)

    cancelled = client.post(
        f"/api/v1/meetings/occurrences/{first.pk}/cancel/", {"note": "Snow."}, format="json"
    )
    local = second.starts_at.astimezone(recurrence.time_zone("Europe/London"))
    moved = client.post(
        f"/api/v1/meetings/occurrences/{second.pk}/move/",
        {"local_start": local.replace(hour=18, tzinfo=None).isoformat(), "note": "Earlier."},
        format="json",
    )

    assert cancelled.status_code == 200
    assert (cancelled.json()["status"], cancelled.json()["note"]) == ("cancelled", "Snow.")
    assert moved.status_code == 200, moved.json()
    assert moved.json()["moved"] is True
    assert "T18:00:00" in moved.json()["local_start"]
    again = client.post(f"/api/v1/meetings/occurrences/{first.pk}/cancel/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "occurrence_cancelled"


def test_moving_an_occurrence_into_the_past_is_refused(facilitator, api_as):
    occurrence = upcoming(group_with_meeting(facilitator))[0]

    response = api_as(facilitator).post(
        f"/api/v1/meetings/occurrences/{occurrence.pk}/move/",
        {"local_start": "2026-01-06T19:00:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["extra"]["field"] == "starts_at"


def test_members_cannot_cancel_or_move_and_outsiders_learn_nothing(
    facilitator, alice, charlie, api_as
):
    occurrence = upcoming(group_with_meeting(facilitator, members=[alice]))[0]
    url = f"/api/v1/meetings/occurrences/{occurrence.pk}/cancel/"

    assert api_as(alice).post(url, {}, format="json").status_code == 403
    assert api_as(charlie).post(url, {}, format="json").status_code == 404
    assert api_as(None).post(url, {}, format="json").status_code == 403
    occurrence.refresh_from_db()
    assert not occurrence.is_cancelled


# --- RSVP ---------------------------------------------------------------------------------


def test_rsvp_gives_a_place_then_the_waitlist_and_frees_it_again(facilitator, alice, bob, api_as):
    occurrence = upcoming(group_with_meeting(facilitator, members=[alice, bob], capacity=1))[0]
    url = f"/api/v1/meetings/occurrences/{occurrence.pk}/rsvp/"

    first = api_as(alice).post(url)
    second = api_as(bob).post(url)
    again = api_as(bob).post(url)

    assert first.status_code == 201
    assert first.json()["you"] == {"status": "going", "waitlist_position": None}
    assert first.json()["places_left"] == 0
    assert second.json()["you"] == {"status": "waitlisted", "waitlist_position": 1}
    assert again.json()["you"] == second.json()["you"]
    left = api_as(alice).delete(url)
    assert left.status_code == 200 and left.json()["you"] is None
    assert api_as(bob).get(f"/api/v1/meetings/occurrences/{occurrence.pk}/").json()["you"] == {
        "status": "going",
        "waitlist_position": None,
    }


def test_rsvp_to_a_cancelled_meeting_is_refused_and_stores_nothing(facilitator, alice, api_as):
    occurrence = upcoming(group_with_meeting(facilitator, members=[alice]))[0]
    services.occurrence_cancel(actor=facilitator, occurrence=occurrence)

    response = api_as(alice).post(f"/api/v1/meetings/occurrences/{occurrence.pk}/rsvp/")

    assert response.status_code == 409
    assert response.json()["code"] == "occurrence_cancelled"
    assert not Rsvp.objects.exists()


def test_rsvp_needs_a_signed_in_member(facilitator, charlie, api_as):
    occurrence = upcoming(group_with_meeting(facilitator))[0]
    url = f"/api/v1/meetings/occurrences/{occurrence.pk}/rsvp/"

    assert api_as(None).post(url).status_code == 403
    assert api_as(charlie).post(url).status_code == 404
    assert not Rsvp.objects.exists()


# --- Feed links ---------------------------------------------------------------------------


def test_a_member_makes_lists_and_stops_feed_links(alice, api_as):
    client = api_as(alice)

    assert client.get("/api/v1/meetings/feeds/").json() == []
    created = client.post("/api/v1/meetings/feeds/")
    listed = client.get("/api/v1/meetings/feeds/").json()
    stopped = client.delete(f"/api/v1/meetings/feeds/{created.json()['id']}/")

    assert created.status_code == 201
    body = created.json()
    assert body["url"].startswith("http://testserver/meetings/feed/")
    assert body["webcal"] == "webcal://" + body["url"].split("://")[1]
    assert [t["id"] for t in listed] == [body["id"]]
    assert "url" not in listed[0]
    assert stopped.status_code == 204
    assert client.get("/api/v1/meetings/feeds/").json() == []
    assert client.get(body["url"].removeprefix("http://testserver")).status_code == 404


def test_nobody_stops_someone_elses_feed_link(alice, charlie, api_as):
    token_id = api_as(alice).post("/api/v1/meetings/feeds/").json()["id"]

    assert api_as(charlie).delete(f"/api/v1/meetings/feeds/{token_id}/").status_code == 404
    assert api_as(None).delete(f"/api/v1/meetings/feeds/{token_id}/").status_code == 403
    assert FeedToken.objects.get().revoked_at is None


# --- Schema -------------------------------------------------------------------------------


def test_the_schema_documents_the_meetings_api_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", validate=True, fail_on_warn=True, file=str(target))

    schema = target.read_text()
    for path in [
        "/api/v1/meetings/groups/{group_slug}/series/:",
        "/api/v1/meetings/groups/{group_slug}/occurrences/:",
        "/api/v1/meetings/series/{series_id}/:",
        "/api/v1/meetings/series/{series_id}/confirm/:",
        "/api/v1/meetings/series/{series_id}/end/:",
        "/api/v1/meetings/occurrences/{occurrence_id}/:",
        "/api/v1/meetings/occurrences/{occurrence_id}/cancel/:",
        "/api/v1/meetings/occurrences/{occurrence_id}/move/:",
        "/api/v1/meetings/occurrences/{occurrence_id}/rsvp/:",
        "/api/v1/meetings/feeds/:",
        "/api/v1/meetings/feeds/{token_id}/:",
    ]:
        assert path in schema


def test_a_second_group_meeting_does_not_leak_into_the_first(facilitator, charlie, api_as):
    series = group_with_meeting(facilitator)
    other = group_with(name="Morning Circle", facilitator=charlie)
    weekly_meeting(other, charlie, title="Morning walk")

    titles = {o["title"] for o in api_as(None).get(OCCURRENCES).json()["results"]}

    assert titles == {series.title}


def test_the_facilitator_is_found_by_a_look_alike_of_their_name(facilitator, api_as):
    facilitator.set_display_name("Fran")
    facilitator.save()
    group_with(facilitator=facilitator)

    # Full-width letters normalize to the same name, as names are kept unique.
    response = api_as(facilitator).post(SERIES, new_series(facilitator="ＦＲＡＮ"), format="json")

    assert response.status_code == 201, response.json()
    assert MeetingSeries.objects.get().facilitator == facilitator
