"""The meeting pages: a group's meetings, one meeting with RSVP, the facilitator's pages
(listing, editing, confirming, ending a series; cancelling, moving and checking in one
meeting) and the member's private calendar feed."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peerhaven.groups.models import Group
from peerhaven.meetings import describe, services
from peerhaven.meetings.models import Attendance, FeedToken, MeetingSeries, Occurrence, Rsvp
from tests.conversations.helpers import group_with
from tests.groups.helpers import make_group
from tests.meetings.helpers import ADDRESS, LINK, group_with_meeting, weekly_meeting

pytestmark = pytest.mark.django_db


def next_occurrence(series: MeetingSeries) -> Occurrence:
    return series.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at").first()


def in_zone(user, zone: str):
    user.profile.time_zone = zone
    user.profile.save()
    return user


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- A group's meetings -------------------------------------------------------------------


def test_the_group_page_shows_the_next_meetings_in_the_viewers_time_zone(
    facilitator, alice, web_as
):
    series = group_with_meeting(facilitator, members=[alice])
    in_zone(alice, "Australia/Sydney")
    first = next_occurrence(series)

    html = page(web_as(alice), "/groups/evening-circle/")

    when = describe.occurrence_when(first, "Australia/Sydney")
    assert '<h2 id="meetings">Meetings</h2>' in html
    assert when.text in html
    assert "in Europe/London" in html  # the group's own time beside it
    assert f"/meetings/occurrences/{first.pk}/" in html
    assert ADDRESS not in html and LINK not in html


def test_a_group_without_meetings_says_so_on_its_page(facilitator, charlie, web_as):
    group_with(facilitator=facilitator)

    html = page(web_as(charlie), "/groups/evening-circle/")

    assert "No meetings are planned yet." in html
    assert "/meetings/groups/evening-circle/new/" not in html


def test_the_meetings_page_describes_each_series_for_a_newcomer(facilitator, charlie, web_as):
    series = group_with_meeting(facilitator, capacity=12)
    series.facilitator = facilitator
    series.save()

    html = page(web_as(charlie), "/meetings/groups/evening-circle/")

    assert "Every Tuesday at 19:00 (Europe/London time)" in html
    assert "Hybrid" in html
    assert "Step-free access" in html and "Live captions" in html
    assert "English" in html
    assert "We sit in a circle; nobody has to speak." in html
    assert "Fran" in html
    assert "12 places" in html and "12 places left" in html
    assert "Camden, London" in html
    assert "Address shown after joining" in html
    assert "Link shown after joining" in html
    assert ADDRESS not in html and LINK not in html
    assert "/groups/evening-circle/join/" in html
    assert "Possibly out of date" not in html


def test_a_listing_not_confirmed_for_a_long_time_is_marked_possibly_out_of_date(
    facilitator, charlie, web_as, settings
):
    series = group_with_meeting(facilitator)
    settings.PEERHAVEN_MEETING_CONFIRM_DAYS = 90
    MeetingSeries.objects.filter(pk=series.pk).update(
        confirmed_at=timezone.now() - timedelta(days=91)
    )

    assert "Possibly out of date" in page(web_as(charlie), "/meetings/groups/evening-circle/")
    html = page(web_as(charlie), f"/meetings/occurrences/{next_occurrence(series).pk}/")
    assert "Possibly out of date" in html


def test_cancelled_and_moved_meetings_are_marked_with_their_note(facilitator, alice, web_as):
    series = group_with_meeting(facilitator, members=[alice])
    first, second = series.occurrences.filter(starts_at__gt=timezone.now())[:2]
    services.occurrence_cancel(actor=facilitator, occurrence=first, note="The hall is closed.")
    there = services.local_start(second, "Europe/London")
    services.occurrence_move(
        actor=facilitator,
        occurrence=second,
        local_start=there.replace(tzinfo=None) + timedelta(hours=1),
        note="An hour later this week.",
    )

    html = page(web_as(alice), "/meetings/groups/evening-circle/")

    assert "<strong>Cancelled</strong>: The hall is closed." in html
    assert "<strong>Moved</strong>: An hour later this week." in html
    detail = page(web_as(alice), f"/meetings/occurrences/{first.pk}/")
    assert "This meeting is cancelled." in detail and "The hall is closed." in detail
    assert "I&#x27;ll come" not in detail and "I'll come" not in detail


def test_a_group_with_no_meetings_has_an_empty_meetings_page(facilitator, web_as):
    group_with(facilitator=facilitator)

    html = page(web_as(facilitator), "/meetings/groups/evening-circle/")

    assert "This group has no meetings listed yet." in html
    assert 'href="/meetings/groups/evening-circle/new/"' in html


def test_an_unlisted_groups_meetings_answer_404_to_outsiders(facilitator, alice, charlie, web_as):
    series = group_with_meeting(facilitator, members=[alice])
    Group.objects.filter(pk=series.group_id).update(listing=Group.Listing.UNLISTED)
    occurrence = next_occurrence(series)

    for client in (web_as(charlie), web_as(None)):
        assert client.get("/meetings/groups/evening-circle/").status_code == 404
        assert client.get(f"/meetings/occurrences/{occurrence.pk}/").status_code == 404
        assert client.get(f"/meetings/occurrences/{occurrence.pk}.ics").status_code == 404
        assert client.post(f"/meetings/occurrences/{occurrence.pk}/rsvp/").status_code == 404
    assert web_as(alice).get("/meetings/groups/evening-circle/").status_code == 200


def test_the_meetings_page_costs_the_same_queries_however_many_series(facilitator, web_as):
    series = group_with_meeting(facilitator)
    client = web_as(facilitator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/meetings/groups/evening-circle/").status_code == 200
        return len(captured)

    few = queries()
    for day in ("WE", "TH", "FR"):
        weekly_meeting(
            series.group, facilitator, title=f"On {day}", rule=f"FREQ=WEEKLY;BYDAY={day}"
        )
    assert queries() == few


# --- One meeting --------------------------------------------------------------------------


def test_a_member_in_sydney_sees_a_london_meeting_at_their_own_time_and_londons(
    facilitator, alice, web_as
):
    series = group_with_meeting(facilitator, members=[alice])
    in_zone(alice, "Australia/Sydney")
    occurrence = next_occurrence(series)

    html = page(web_as(alice), f"/meetings/occurrences/{occurrence.pk}/")

    sydney = occurrence.starts_at.astimezone(describe.recurrence.time_zone("Australia/Sydney"))
    assert sydney.strftime("%H:%M") in html
    assert "Your time (Australia/Sydney)" in html
    assert "The group's time: Tuesday 19:00–20:30 in Europe/London" in html
    assert ADDRESS in html and LINK in html


def test_a_visitor_sees_the_meetings_own_clock_and_how_to_get_the_details(facilitator, web_as):
    series = group_with_meeting(facilitator)
    occurrence = next_occurrence(series)

    html = page(web_as(None), f"/meetings/occurrences/{occurrence.pk}/")

    assert "19:00–20:30" in html
    assert "Europe/London time" in html
    assert "Address shown after joining" in html and "Link shown after joining" in html
    assert "/accounts/sign-in/?next=" in html
    assert ADDRESS not in html and LINK not in html


def test_a_member_says_they_will_come_and_takes_it_back(facilitator, alice, web_as):
    series = group_with_meeting(facilitator, members=[alice], capacity=5)
    occurrence = next_occurrence(series)
    client = web_as(alice)

    response = client.post(f"/meetings/occurrences/{occurrence.pk}/rsvp/", {"action": "going"})

    assert response.status_code == 302
    assert Rsvp.objects.get(occurrence=occurrence, user=alice).status == Rsvp.Status.GOING
    html = page(client, f"/meetings/occurrences/{occurrence.pk}/")
    assert "You have a place." in html and "4 places left" in html
    client.post(f"/meetings/occurrences/{occurrence.pk}/rsvp/", {"action": "cancel"})
    assert not Rsvp.objects.filter(occurrence=occurrence, user=alice).exists()


def test_when_the_meeting_is_full_the_next_person_sees_their_waitlist_position(
    facilitator, alice, bob, web_as
):
    series = group_with_meeting(facilitator, members=[alice, bob], capacity=1)
    occurrence = next_occurrence(series)
    web_as(alice).post(f"/meetings/occurrences/{occurrence.pk}/rsvp/", {"action": "going"})

    html = page(web_as(bob), f"/meetings/occurrences/{occurrence.pk}/")
    assert "Join the waitlist" in html
    web_as(bob).post(f"/meetings/occurrences/{occurrence.pk}/rsvp/", {"action": "going"})

    html = page(web_as(bob), f"/meetings/occurrences/{occurrence.pk}/")
    assert "You're on the waitlist (position 1)." in html
    web_as(alice).post(f"/meetings/occurrences/{occurrence.pk}/rsvp/", {"action": "cancel"})
    assert Rsvp.objects.get(occurrence=occurrence, user=bob).status == Rsvp.Status.GOING


def test_rsvp_with_htmx_swaps_only_the_reply_box(facilitator, alice, web_as):
    series = group_with_meeting(facilitator, members=[alice])
    occurrence = next_occurrence(series)

    response = web_as(alice).post(
        f"/meetings/occurrences/{occurrence.pk}/rsvp/", {"action": "going"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith('<div id="rsvp-box">')
    assert "You have a place. See you there." in html


def test_a_visitor_who_tries_to_rsvp_is_asked_to_sign_in(facilitator, web_as):
    occurrence = next_occurrence(group_with_meeting(facilitator))

    response = web_as(None).post(f"/meetings/occurrences/{occurrence.pk}/rsvp/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_a_non_member_cannot_rsvp(facilitator, charlie, web_as):
    occurrence = next_occurrence(group_with_meeting(facilitator))

    response = web_as(charlie).post(f"/meetings/occurrences/{occurrence.pk}/rsvp/")

    assert response.status_code == 404
    assert not Rsvp.objects.exists()


def test_the_add_to_calendar_link_downloads_one_event(facilitator, alice, web_as):
    occurrence = next_occurrence(group_with_meeting(facilitator, members=[alice]))

    html = page(web_as(alice), f"/meetings/occurrences/{occurrence.pk}/")
    response = web_as(alice).get(f"/meetings/occurrences/{occurrence.pk}.ics")

    assert f'href="/meetings/occurrences/{occurrence.pk}.ics"' in html
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert b"BEGIN:VEVENT" in response.content


# --- Facilitators: a series ---------------------------------------------------------------


def series_form(**overrides) -> dict:
    data = {
        "title": "Thursday check-in",
        "preset": "weekly",
        "weekdays": ["TU", "TH"],
        "nth": "1",
        "month_weekday": "",
        "custom_rule": "",
        "start_date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "start_time": "18:30",
        "time_zone": "America/New_York",
        "duration_minutes": "60",
        "end_date": "",
        "format": "online",
        "area": "",
        "address": "",
        "join_link": "https://meet.example.org/thursday",
        "latitude": "",
        "longitude": "",
        "language": "en",
        "accessibility": ["captions", "camera_optional"],
        "what_to_expect": "An hour on video.",
        "capacity": "",
        "facilitator_id": "",
    }
    data.update(overrides)
    return data


def test_the_new_meeting_form_starts_in_the_facilitators_time_zone(facilitator, web_as):
    group_with(facilitator=facilitator)
    in_zone(facilitator, "Asia/Kolkata")

    html = page(web_as(facilitator), "/meetings/groups/evening-circle/new/")

    assert '<option value="Asia/Kolkata" selected>' in html
    assert '<label for="id_title">Title' in html
    assert "<legend>How often it meets:</legend>" in html


@pytest.mark.parametrize(
    ("overrides", "rule", "words"),
    [
        ({}, "FREQ=WEEKLY;BYDAY=TU,TH", "Every Tuesday and Thursday at 18:30"),
        (
            {"preset": "fortnightly", "weekdays": ["MO"]},
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
            "Every other Monday at 18:30",
        ),
        (
            {"preset": "monthly", "nth": "-1", "month_weekday": "FR"},
            "FREQ=MONTHLY;BYDAY=-1FR",
            "The last Friday of every month at 18:30",
        ),
        (
            {"preset": "custom", "custom_rule": "FREQ=MONTHLY;BYMONTHDAY=15"},
            "FREQ=MONTHLY;BYMONTHDAY=15",
            "Repeats by the rule FREQ=MONTHLY;BYMONTHDAY=15, at 18:30",
        ),
        ({"preset": "once"}, "", "Once, on"),
    ],
)
def test_a_facilitator_lists_a_meeting_with_a_preset(
    facilitator, charlie, web_as, overrides, rule, words
):
    group_with(facilitator=facilitator)

    response = web_as(facilitator).post(
        "/meetings/groups/evening-circle/new/", series_form(**overrides)
    )

    assert response.status_code == 302
    series = MeetingSeries.objects.get()
    assert series.rule == rule
    assert series.time_zone == "America/New_York"
    assert series.start_time == time(18, 30)
    assert series.accessibility == ["captions", "camera_optional"]
    assert words in page(web_as(charlie), "/meetings/groups/evening-circle/")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"preset": "custom", "custom_rule": "FREQ=HOURLY"}, "custom_rule", "repeat rule"),
        ({"preset": "custom", "custom_rule": ""}, "custom_rule", "Write the repeat rule"),
        ({"end_date": "2020-01-01"}, "end_date", "on or after the first"),
        ({"join_link": ""}, "join_link", "needs its join link"),
        ({"join_link": "http://meet.example.org"}, "join_link", "must start with https://"),
        ({"format": "in_person"}, "address", "needs its address"),
        ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Select a valid choice"),
        ({"capacity": "0"}, "capacity", "greater than or equal to 1"),
        ({"preset": "monthly", "month_weekday": ""}, "month_weekday", "Choose the weekday"),
        ({"latitude": "95", "longitude": "0"}, "latitude", "less than or equal to 90"),
        ({"latitude": "10", "longitude": "-200"}, "longitude", "greater than or equal to -180"),
    ],
)
def test_a_bad_meeting_form_says_which_field_is_wrong_and_stores_nothing(
    facilitator, web_as, overrides, field, message
):
    group_with(facilitator=facilitator)

    response = web_as(facilitator).post(
        "/meetings/groups/evening-circle/new/", series_form(**overrides)
    )

    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert "Nothing was saved." in response.content.decode()
    assert not MeetingSeries.objects.exists()
    assert not Occurrence.objects.exists()


def test_the_edit_form_shows_the_series_as_it_is_and_saves_changes(facilitator, web_as):
    series = group_with_meeting(facilitator, rule="FREQ=MONTHLY;BYDAY=1TU")
    client = web_as(facilitator)

    form = client.get(f"/meetings/series/{series.pk}/edit/").context["form"]
    assert form.initial["preset"] == "monthly"
    assert form.initial["nth"] == "1" and form.initial["month_weekday"] == "TU"
    data = series_form(format="hybrid")
    data.update(address=ADDRESS, join_link=LINK, title="Renamed circle", time_zone="Europe/London")
    response = client.post(f"/meetings/series/{series.pk}/edit/", data)

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.title == "Renamed circle"
    assert series.rule == "FREQ=WEEKLY;BYDAY=TU,TH"


def test_a_facilitator_confirms_the_listing_is_still_right(facilitator, web_as):
    series = group_with_meeting(facilitator)
    old = timezone.now() - timedelta(days=120)
    MeetingSeries.objects.filter(pk=series.pk).update(confirmed_at=old)
    client = web_as(facilitator)

    html = page(client, f"/meetings/series/{series.pk}/confirm/")
    response = client.post(f"/meetings/series/{series.pk}/confirm/")

    assert "Yes, it is still right" in html
    assert ADDRESS in html  # the facilitator checks the private details too
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.confirmed_at > old
    assert not services.is_stale(series)


def test_ending_a_series_asks_first_then_cancels_its_coming_meetings(facilitator, alice, web_as):
    series = group_with_meeting(facilitator, members=[alice])
    client = web_as(facilitator)
    upcoming = series.occurrences.filter(starts_at__gt=timezone.now()).count()

    html = page(client, f"/meetings/series/{series.pk}/end/")
    assert f"Its {upcoming} coming meetings will show as cancelled" in html
    response = client.post(f"/meetings/series/{series.pk}/end/")

    assert response.status_code == 302
    series.refresh_from_db()
    assert series.ended_at is not None
    assert not series.occurrences.filter(
        starts_at__gt=timezone.now(), status=Occurrence.Status.SCHEDULED
    ).exists()
    assert "This group has no meetings listed yet." in page(
        web_as(alice), "/meetings/groups/evening-circle/"
    )


def test_a_facilitator_cancels_one_meeting_after_confirming(facilitator, alice, web_as):
    series = group_with_meeting(facilitator, members=[alice])
    occurrence = next_occurrence(series)
    client = web_as(facilitator)

    html = page(client, f"/meetings/occurrences/{occurrence.pk}/cancel/")
    assert "Only this date is cancelled; the series goes on." in html
    client.post(f"/meetings/occurrences/{occurrence.pk}/cancel/", {"note": "Snow."})

    occurrence.refresh_from_db()
    assert occurrence.is_cancelled and occurrence.note == "Snow."
    assert series.occurrences.filter(status=Occurrence.Status.SCHEDULED).exists()


def test_a_facilitator_moves_one_meeting_on_the_groups_clock(facilitator, web_as):
    series = group_with_meeting(facilitator)
    occurrence = next_occurrence(series)
    there = services.local_start(occurrence, "Europe/London")
    new_day = there.date() + timedelta(days=1)
    client = web_as(facilitator)

    form = client.get(f"/meetings/occurrences/{occurrence.pk}/move/").context["form"]
    assert form.initial["time"] == time(19, 0)
    response = client.post(
        f"/meetings/occurrences/{occurrence.pk}/move/",
        {"date": new_day.isoformat(), "time": "18:00", "note": "Wednesday this week."},
    )

    assert response.status_code == 302
    occurrence.refresh_from_db()
    local = services.local_start(occurrence, "Europe/London")
    assert (local.date(), local.time()) == (new_day, time(18, 0))
    assert occurrence.moved


def test_moving_a_meeting_into_the_past_is_refused_on_the_date_field(facilitator, web_as):
    occurrence = next_occurrence(group_with_meeting(facilitator))

    response = web_as(facilitator).post(
        f"/meetings/occurrences/{occurrence.pk}/move/",
        {"date": "2026-01-06", "time": "19:00", "note": ""},
    )

    assert response.status_code == 400
    assert "Move it to a time in the future." in str(response.context["form"].errors["date"])


def test_check_in_opens_an_hour_before_and_records_who_came(facilitator, alice, bob, web_as):
    series = group_with_meeting(facilitator, members=[alice, bob])
    occurrence = next_occurrence(series)
    client = web_as(facilitator)

    assert "Check-in opens an hour before" in page(
        client, f"/meetings/occurrences/{occurrence.pk}/check-in/"
    )
    Occurrence.objects.filter(pk=occurrence.pk).update(
        starts_at=timezone.now() - timedelta(minutes=10),
        ends_at=timezone.now() + timedelta(minutes=80),
    )
    html = page(client, f"/meetings/occurrences/{occurrence.pk}/check-in/")
    assert "Alice" in html and "Bob" in html
    assert "Names are kept for 90 days" in html
    response = client.post(
        f"/meetings/occurrences/{occurrence.pk}/check-in/", {"came": [str(alice.pk)]}
    )

    assert response.status_code == 302
    assert list(Attendance.objects.values_list("user_id", flat=True)) == [alice.pk]
    assert f'value="{alice.pk}" id="came-{alice.pk}" checked' in page(
        client, f"/meetings/occurrences/{occurrence.pk}/check-in/"
    )


def test_facilitator_pages_are_closed_to_members_outsiders_and_visitors(
    facilitator, alice, charlie, web_as
):
    series = group_with_meeting(facilitator, members=[alice])
    occurrence = next_occurrence(series)
    urls = [
        "/meetings/groups/evening-circle/new/",
        f"/meetings/series/{series.pk}/edit/",
        f"/meetings/series/{series.pk}/confirm/",
        f"/meetings/series/{series.pk}/end/",
        f"/meetings/occurrences/{occurrence.pk}/cancel/",
        f"/meetings/occurrences/{occurrence.pk}/move/",
        f"/meetings/occurrences/{occurrence.pk}/check-in/",
    ]
    for url in urls:
        assert web_as(alice).get(url).status_code == 403, url
        assert web_as(alice).post(url).status_code == 403, url
        assert web_as(charlie).get(url).status_code == 404, url
        assert web_as(None).get(url)["Location"].startswith("/accounts/sign-in/"), url
    series.refresh_from_db()
    assert series.ended_at is None


# --- My calendar feed ---------------------------------------------------------------------


def test_a_member_makes_a_calendar_link_that_is_shown_once(alice, web_as):
    client = web_as(alice)

    assert "You have no calendar links." in page(client, "/meetings/feed/")
    html = client.post("/meetings/feed/", follow=True).content.decode()

    webcal = re.search(r'value="(webcal://testserver/meetings/feed/[^"]+\.ics)"', html)
    https = re.search(r'value="(http://testserver/meetings/feed/[^"]+\.ics)"', html)
    assert webcal and https
    assert webcal.group(1).split("://")[1] == https.group(1).split("://")[1]
    secret = https.group(1).rsplit("/", 1)[1].removesuffix(".ics")
    again = page(client, "/meetings/feed/")
    assert secret not in again
    assert "not read by a calendar yet" in again


def test_the_private_feed_needs_no_sign_in_and_is_never_cached(facilitator, alice, web_as):
    group_with_meeting(facilitator, members=[alice])
    html = web_as(alice).post("/meetings/feed/", follow=True).content.decode()
    path = re.search(r"http://testserver(/meetings/feed/[^\"]+\.ics)", html).group(1)

    response = web_as(None).get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert b"Tuesday evening circle" in response.content
    assert FeedToken.objects.get().last_used_at is not None


def test_a_stopped_or_unknown_feed_link_answers_404(alice, web_as):
    client = web_as(alice)
    html = client.post("/meetings/feed/", follow=True).content.decode()
    path = re.search(r"http://testserver(/meetings/feed/[^\"]+\.ics)", html).group(1)
    token = FeedToken.objects.get()

    confirm = page(client, f"/meetings/feed/{token.pk}/stop/")
    assert "Stop this calendar link?" in confirm
    client.post(f"/meetings/feed/{token.pk}/stop/")

    assert web_as(None).get(path).status_code == 404
    assert web_as(None).get("/meetings/feed/not-a-real-secret.ics").status_code == 404
    assert "You have no calendar links." in page(client, "/meetings/feed/")


def test_nobody_can_stop_someone_elses_feed_link(alice, charlie, web_as):
    web_as(alice).post("/meetings/feed/")
    token = FeedToken.objects.get()

    assert web_as(charlie).get(f"/meetings/feed/{token.pk}/stop/").status_code == 404
    assert web_as(charlie).post(f"/meetings/feed/{token.pk}/stop/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_feed_page_needs_sign_in(web_as):
    response = web_as(None).get("/meetings/feed/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


# --- Schedules in words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=WEEKLY;BYDAY=TU", "Every Tuesday at 19:00"),
        ("FREQ=WEEKLY", "Every Tuesday at 19:00"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", "Every Monday, Wednesday and Friday at 19:00"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "Every other Tuesday at 19:00"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "Every other week on Tuesday and Thursday"),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU", "Every 3 weeks on Tuesday at 19:00"),
        ("FREQ=MONTHLY;BYDAY=1MO", "The first Monday of every month at 19:00"),
        ("FREQ=MONTHLY;BYDAY=2WE", "The second Wednesday of every month"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "The last Friday of every month"),
        ("FREQ=MONTHLY;BYDAY=TH;BYSETPOS=3", "The third Thursday of every month"),
        ("FREQ=DAILY", "Every day at 19:00"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "Repeats by the rule FREQ=MONTHLY;BYMONTHDAY=1"),
        ("FREQ=YEARLY", "Repeats by the rule FREQ=YEARLY"),
    ],
)
def test_common_schedules_are_described_in_words(rule, words):
    series = MeetingSeries(
        title="x",
        time_zone="Europe/London",
        start_date=date(2026, 10, 6),
        start_time=time(19, 0),
        duration_minutes=60,
        rule=rule,
    )

    text = describe.schedule_text(series)

    assert words in text
    assert text.endswith("(Europe/London time)")


def test_a_one_off_meeting_and_a_last_date_are_described(facilitator):
    series = MeetingSeries(
        time_zone="Asia/Kolkata",
        start_date=date(2026, 12, 3),
        start_time=time(9, 30),
        rule="FREQ=WEEKLY;BYDAY=TH",
        end_date=date(2027, 2, 25),
    )

    assert describe.schedule_text(series) == (
        "Every Thursday at 09:30 (Asia/Kolkata time), until Thursday 25 February 2027"
    )
    series.rule = ""
    assert describe.schedule_text(series) == (
        "Once, on Thursday 3 December 2026 at 09:30 (Asia/Kolkata time)"
    )


# --- Demo ---------------------------------------------------------------------------------


def test_the_demo_lists_one_weekly_online_meeting_once(settings):
    settings.DATABASE_URL = ""  # the demo refuses to run against DATABASE_URL

    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())

    series = MeetingSeries.objects.get()
    assert series.group.name == "Evening Grief Circle"
    assert series.format == MeetingSeries.Format.ONLINE
    assert series.rule == "FREQ=WEEKLY;BYDAY=TH"
    assert series.occurrences.exists()


def test_an_invite_only_groups_meetings_say_how_people_join(facilitator, charlie, web_as):
    group = make_group(name="Invited Circle", facilitator=facilitator, join_policy="invite")
    weekly_meeting(group, facilitator)

    html = page(web_as(charlie), "/meetings/groups/invited-circle/")

    assert "People join this group through an invite link" in html
    assert "/groups/invited-circle/join/" not in html
