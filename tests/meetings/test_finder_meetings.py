"""Finding a group by when it meets: on these days, between these times, on my clock, within
N days. Through the finder page and GET /api/v1/groups/, signed in and out."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peerhaven.groups.models import Group
from peerhaven.groups.search import group_search
from peerhaven.meetings import finder, services
from peerhaven.meetings.models import MeetingSeries, Occurrence
from tests.conversations.helpers import group_with
from tests.meetings.helpers import weekly_meeting

pytestmark = pytest.mark.django_db

PAGE = reverse("group-finder")
API = "/api/v1/groups/"
SYDNEY = ZoneInfo("Australia/Sydney")
LONDON = ZoneInfo("Europe/London")


def online_meeting(facilitator, name="London evening circle", members=(), **overrides):
    """A London group's weekly online meeting, Tuesdays 19:00 London time, from today."""
    group = group_with(name=name, facilitator=facilitator, members=members)
    fields = {
        "format": MeetingSeries.Format.ONLINE,
        "address": "",
        "area": "",
        "latitude": None,
        "longitude": None,
        "start_date": timezone.localdate(),
        **overrides,
    }
    return weekly_meeting(group, facilitator, **fields)


def first_seen_in_sydney_at(series: MeetingSeries, hour: int) -> datetime:
    """The first coming occurrence that starts at `hour`:00 on a Sydney clock."""
    for occurrence in series.occurrences.filter(starts_at__gt=timezone.now()):
        local = occurrence.starts_at.astimezone(SYDNEY)
        if (local.hour, local.minute) == (hour, 0):
            return occurrence.starts_at
    raise AssertionError(f"no occurrence at {hour}:00 in Sydney")


def day_text(moment: datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{local:%A} {local.day} {local:%B}, {local:%H:%M}"


@pytest.fixture
def sydney_alice(alice):
    alice.profile.time_zone = "Australia/Sydney"
    alice.profile.save()
    return alice


@pytest.fixture
def year_ahead(settings):
    # Long enough that both London's and Sydney's clock changes are in the stored schedule.
    settings.PEERHAVEN_MEETING_HORIZON_DAYS = 370


# --- A Sydney member and a London meeting, across the clock changes ---------------------------


@pytest.mark.parametrize("sydney_hour", [4, 5, 6])
def test_a_sydney_member_finds_a_london_online_meeting_at_the_right_local_time_all_year(
    client, sydney_alice, facilitator, year_ahead, sydney_hour
):
    # Tuesday 19:00 in London is Wednesday 06:00 in Sydney in the southern summer, 04:00 in
    # the southern winter, and 05:00 in the weeks when both (or neither) keep summer time.
    series = online_meeting(facilitator)
    expected = first_seen_in_sydney_at(series, sydney_hour)
    client.force_login(sydney_alice)

    html = client.get(
        PAGE,
        {
            "day": "wed",
            "from": f"{sydney_hour - 1}:30",
            "to": f"{sydney_hour}:30",
            "within_days": "370",
        },
    ).content.decode()

    assert "London evening circle" in html
    assert f"Meets Wednesday at {sydney_hour:02d}:00 your time" in html
    assert f"{day_text(expected, SYDNEY)} your time" in html
    assert f"({day_text(expected, LONDON)} in Europe/London)" in html
    assert day_text(expected, LONDON).startswith("Tuesday") and ", 19:00" in html


def test_across_a_clock_change_the_next_meeting_moves_on_the_searchers_clock(
    sydney_alice, facilitator
):
    series = online_meeting(facilitator, start_date=date(2027, 3, 2))
    now = datetime(2027, 3, 20, tzinfo=UTC)
    services.occurrences_refresh(series=series, now=now)

    def next_in_sydney(start: str, end: str) -> finder.NextMeeting | None:
        found = finder.meeting_filter(
            days=["wed"], starts_from=start, starts_to=end, zone="Australia/Sydney", now=now
        )
        page = group_search(user=sydney_alice, filters=[found])
        return page.results[0].group.next_meeting if page.results else None

    # London still on GMT, Sydney on summer time: Wednesday 24 March, 06:00.
    before = next_in_sydney("05:30", "06:30")
    assert before.local_start == datetime(2027, 3, 24, 6, 0, tzinfo=SYDNEY)
    assert before.group_local_start == datetime(2027, 3, 23, 19, 0, tzinfo=LONDON)
    # London moved its clocks on 28 March: Wednesday 31 March, 05:00 in Sydney.
    both_summer = next_in_sydney("04:30", "05:30")
    assert both_summer.local_start == datetime(2027, 3, 31, 5, 0, tzinfo=SYDNEY)
    assert both_summer.group_local_start.hour == 19
    # Sydney left summer time on 4 April: Wednesday 7 April, 04:00.
    after = next_in_sydney("03:30", "04:30")
    assert after.local_start == datetime(2027, 4, 7, 4, 0, tzinfo=SYDNEY)
    assert after.group_local_start == datetime(2027, 4, 6, 19, 0, tzinfo=LONDON)
    assert after.text == "Wednesday 7 April, 04:00 your time"
    assert after.group_text == "Tuesday 6 April, 19:00 in Europe/London"
    # Never on Tuesday evening in Sydney.
    assert next_in_sydney("18:00", "20:00") is None


def test_the_api_gives_the_next_meeting_on_both_clocks(api_as, sydney_alice, facilitator):
    series = online_meeting(facilitator)
    upcoming = series.occurrences.filter(starts_at__gt=timezone.now()).first()
    sydney = upcoming.starts_at.astimezone(SYDNEY)

    response = api_as(sydney_alice).get(
        API, {"day": sydney.strftime("%a").lower(), "from": "00:00", "to": "12:00"}
    )

    assert response.status_code == 200
    [result] = response.json()["results"]
    meeting = result["next_meeting"]
    assert meeting["occurrence_id"] == upcoming.pk
    assert meeting["title"] == "Tuesday evening circle"
    assert meeting["time_zone"] == "Australia/Sydney"
    assert meeting["group_time_zone"] == "Europe/London"
    assert datetime.fromisoformat(meeting["local_start"]) == upcoming.starts_at
    assert datetime.fromisoformat(meeting["local_start"]).utcoffset() == sydney.utcoffset()
    assert meeting["group_local_start"].startswith(
        upcoming.starts_at.astimezone(LONDON).strftime("%Y-%m-%dT19:00:00")
    )
    assert meeting["text"] == f"{day_text(upcoming.starts_at, SYDNEY)} your time"
    reason = next(r for r in result["reasons"] if r["kind"] == "meeting_time")
    assert reason["text"] == f"Meets {sydney:%A} at {sydney:%H:%M} your time"


def test_a_visitor_chooses_a_time_zone_and_the_signed_in_use_their_profiles(
    client, sydney_alice, facilitator
):
    online_meeting(facilitator)
    as_london = {"day": "tue", "from": "18:00", "to": "20:00", "tz": "Europe/London"}
    html = client.get(PAGE, as_london).content.decode()
    assert "London evening circle" in html
    assert "Meets Tuesday at 19:00 your time" in html
    assert "in Europe/London)" not in html, "the same clock is not shown twice"
    assert 'id="id_tz"' in html

    client.force_login(sydney_alice)
    html = client.get(PAGE, as_london).content.decode()
    assert "London evening circle" not in html, "Tuesday 19:00 in London is Wednesday here"
    assert "Days and times are in your time zone, Australia/Sydney" in html
    assert 'id="id_tz"' not in html


def test_a_visitors_time_zone_starts_on_utc_and_follows_the_browser(client, facilitator):
    online_meeting(facilitator)
    html = client.get(PAGE).content.decode()
    assert 'data-browser-time-zone="true"' in html
    assert '<option value="UTC" selected>' in html
    assert "js/finder_time_zone.js" in html
    html = client.get(PAGE, {"tz": "Asia/Kolkata", "day": "wed"}).content.decode()
    assert '<option value="Asia/Kolkata" selected>' in html
    assert "data-browser-time-zone" not in html
    assert "Meets Wednesday at 00:30 your time" in html, "19:00 GMT is 00:30 in Kolkata"


# --- Days, times and dates -----------------------------------------------------------------


def test_a_range_past_midnight_counts_on_the_day_it_starts(client, facilitator):
    online_meeting(facilitator, start_time=time(0, 30))
    # 00:30 early on Tuesday, London time: the night from Monday, not Tuesday's.
    monday_night = {"day": "mon", "from": "22:00", "to": "01:00", "tz": "Europe/London"}
    tuesday_night = {**monday_night, "day": "tue"}
    assert "London evening circle" in client.get(PAGE, monday_night).content.decode()
    assert "London evening circle" not in client.get(PAGE, tuesday_night).content.decode()
    body = client.get(API, monday_night).json()
    assert body["count"] == 1
    assert body["results"][0]["next_meeting"]["local_start"][11:16] == "00:30"


def test_times_include_both_ends(client, facilitator):
    online_meeting(facilitator)
    at_end = {"day": "tue", "from": "17:00", "to": "19:00", "tz": "Europe/London"}
    at_start = {"day": "tue", "from": "19:00", "to": "21:00", "tz": "Europe/London"}
    just_missed = {"day": "tue", "from": "19:01", "to": "21:00", "tz": "Europe/London"}
    assert client.get(API, at_end).json()["count"] == 1
    assert client.get(API, at_start).json()["count"] == 1
    assert client.get(API, just_missed).json()["count"] == 0


def test_within_days_keeps_groups_whose_next_meeting_is_soon_enough(client, facilitator):
    soon = online_meeting(facilitator, name="Soon circle")
    later = online_meeting(
        facilitator,
        name="Later circle",
        start_date=timezone.localdate() + timedelta(days=20),
        rule="FREQ=MONTHLY;BYDAY=1SA",
    )
    first_later = later.occurrences.first().starts_at
    days_to_later = (first_later - timezone.now()).days + 1

    def names(within_days: int) -> list[str]:
        body = client.get(API, {"within_days": within_days}).json()
        return [r["name"] for r in body["results"]]

    assert names(8) == ["Soon circle"]
    assert names(days_to_later) == ["Later circle", "Soon circle"]
    [result] = client.get(API, {"within_days": 8}).json()["results"]
    reason = next(r for r in result["reasons"] if r["kind"] == "meeting_time")
    first = soon.occurrences.filter(starts_at__gt=timezone.now()).first().starts_at
    assert reason["text"] == f"Meets {first:%A} {first.day} {first:%B} at {first:%H:%M} your time"


def test_a_cancelled_meeting_is_not_found_and_the_next_one_is_shown(client, facilitator):
    series = online_meeting(facilitator)
    first, second = list(series.occurrences.filter(starts_at__gt=timezone.now())[:2])
    services.occurrence_cancel(actor=facilitator, occurrence=first)
    params = {"day": "tue", "from": "18:00", "to": "20:00", "tz": "Europe/London"}
    meeting = client.get(API, params).json()["results"][0]["next_meeting"]
    assert meeting["occurrence_id"] == second.pk
    first_week = {**params, "within_days": max(1, (second.starts_at - timezone.now()).days)}
    assert client.get(API, first_week).json()["count"] == 0


def test_a_group_without_meetings_is_not_found_by_meeting_time_and_the_hint_says_so(
    client, facilitator
):
    online_meeting(facilitator)
    group_with(name="No meetings yet", facilitator=facilitator)
    body = client.get(API, {"day": "tue", "tz": "Europe/London"}).json()
    assert [r["name"] for r in body["results"]] == ["London evening circle"]
    assert body["results"][0]["next_meeting"] is not None

    html = client.get(PAGE, {"day": "sat", "tz": "Europe/London"}).content.decode()
    assert "No group matched." in html
    assert "Any meeting day or time: 2 groups would match." in html


def test_an_in_person_group_near_a_place_is_found_by_its_evening(client, facilitator):
    series = online_meeting(facilitator, name="Leeds evening circle")
    Group.objects.filter(pk=series.group_id).update(
        format=Group.Format.IN_PERSON, place_name="Leeds", latitude=53.79648, longitude=-1.54785
    )
    online_meeting(facilitator, name="Online evening circle")
    evening = {"day": ["tue", "wed"], "from": "18:00", "to": "21:00", "tz": "Europe/London"}
    html = client.get(PAGE, {**evening, "place": "Bradford", "within": "25"}).content.decode()
    assert "Leeds evening circle" in html
    assert "Online evening circle" not in html
    assert "km from Bradford" in html and "Meets Tuesday at 19:00 your time" in html
    html = client.get(PAGE, {**evening, "from": "09:00", "to": "12:00", "place": "Bradford"})
    assert "Leeds evening circle" not in html.content.decode()


def test_unlisted_groups_meetings_are_found_only_by_their_members(
    api_as, alice, charlie, facilitator
):
    series = online_meeting(facilitator, members=(alice,))
    Group.objects.filter(pk=series.group_id).update(listing=Group.Listing.UNLISTED)
    params = {"day": "tue", "tz": "Europe/London"}
    assert api_as(charlie).get(API, params).json()["count"] == 0
    assert api_as(None).get(API, params).json()["count"] == 0
    assert api_as(alice).get(API, params).json()["count"] == 1


def test_searching_without_meeting_filters_shows_no_next_meeting(client, facilitator):
    online_meeting(facilitator)
    [result] = client.get(API).json()["results"]
    assert result["next_meeting"] is None
    assert "Next meeting:" not in client.get(PAGE, {"q": "circle"}).content.decode()


def test_the_results_page_with_meeting_filters_makes_a_fixed_number_of_queries(
    client, sydney_alice, facilitator, django_assert_num_queries
):
    client.force_login(sydney_alice)
    params = {"day": ["wed", "thu"], "from": "03:00", "to": "07:00", "within_days": "14"}
    online_meeting(facilitator, name="Circle 0")
    with CaptureQueriesContext(connection) as one_result:
        response = client.get(PAGE, params)
    assert response.content.decode().count('class="next-meeting"') == 1
    for n in range(1, 8):
        online_meeting(facilitator, name=f"Circle {n}", start_time=time(18, n))
    with django_assert_num_queries(len(one_result)):
        response = client.get(PAGE, params)
    assert response.content.decode().count('class="next-meeting"') == 8


# --- Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"day": "funday"}, "day", "Unknown day: funday"),
        ({"tz": "Mars/Olympus_Mons"}, "tz", "Unknown time zone “Mars/Olympus_Mons”"),
        ({"from": "7pm"}, "from", "Give the time as hours and minutes, like 18:30."),
        ({"to": "25:00"}, "to", "Give the time as hours and minutes, like 18:30."),
        ({"within_days": "0"}, "within_days", "Look between 1 and 62 days ahead."),
        ({"within_days": "63"}, "within_days", "Look between 1 and 62 days ahead."),
        ({"within_days": "soon"}, "within_days", "Look between 1 and 62 days ahead."),
    ],
)
def test_bad_meeting_input_on_the_page_is_shown_on_its_field(
    client, facilitator, params, field, message
):
    online_meeting(facilitator)
    response = client.get(PAGE, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "London evening circle" not in html
    assert '<details class="finder-meetings" open>' in html


@pytest.mark.parametrize(
    ("params", "code", "field"),
    [
        ({"day": ["tue", "funday"]}, "unknown_filter", "day"),
        ({"tz": "Mars/Olympus_Mons"}, "unknown_filter", "tz"),
        ({"from": "7pm"}, "invalid_meeting_time", "from"),
        ({"to": "19:60"}, "invalid_meeting_time", "to"),
        ({"within_days": 0}, "invalid_meeting_time", "within_days"),
        ({"within_days": 63}, "invalid_meeting_time", "within_days"),
    ],
)
def test_bad_meeting_parameters_get_a_clear_400(client, params, code, field):
    response = client.get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"message", "code", "extra"}
    assert (body["code"], body["extra"]["field"]) == (code, field)
    assert body["message"]


def test_a_number_that_is_not_a_number_of_days_is_refused_by_the_api(client):
    response = client.get(API, {"within_days": "soon"})
    assert response.status_code == 400
    assert "within_days" in response.json()["extra"]["fields"]


def test_the_api_schema_documents_the_meeting_parameters(client):
    text = client.get("/api/v1/schema/", {"format": "json"}).content.decode()
    for name in ("within_days", "GroupSearchNextMeeting", "on the searcher's clock"):
        assert name in text


def test_only_the_searchers_window_counts_not_every_occurrence(facilitator):
    series = online_meeting(facilitator)
    now = timezone.now()
    after_a_month = now + timedelta(days=31)
    Occurrence.objects.filter(series=series, starts_at__lt=after_a_month).update(
        status=Occurrence.Status.CANCELLED
    )
    soon = finder.meeting_filter(within_days=30, now=now)
    later = finder.meeting_filter(within_days=45, now=now)
    assert group_search(user=None, filters=[soon]).total == 0
    assert group_search(user=None, filters=[later]).total == 1
