"""A member's private calendar feed and single-meeting .ics files: valid RFC 5545 that
calendar apps read back, in the meeting's own time zone, with the address and join link only
for members who agreed to the current guidelines."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

import pytest
from dateutil.rrule import rrulestr
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from icalendar import Calendar, Event

from peerhaven.core.exceptions import Conflict, NotFound
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.models import RuleSetVersion
from peerhaven.meetings import feeds, policies, recurrence, services
from peerhaven.meetings.exceptions import FeedNotFound
from peerhaven.meetings.models import FeedToken, MeetingSeries
from tests.conversations.helpers import group_with
from tests.groups.helpers import agree_now, make_group, publish_instance_version, publish_version
from tests.meetings.helpers import ADDRESS, LINK, group_with_meeting, weekly_meeting

pytestmark = pytest.mark.django_db

LONDON = recurrence.time_zone("Europe/London")


def parse(data: bytes) -> Calendar:
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"]
    return calendar


def series_event(calendar: Calendar, series: MeetingSeries) -> Event:
    (event,) = [
        e
        for e in calendar.events
        if e["UID"] == f"series-{series.pk}@peerhaven" and "RECURRENCE-ID" not in e
    ]
    return event


def words(calendar: Calendar) -> str:
    """Everything a calendar app could show of the events."""
    return "\n".join(
        str(event.get(name, ""))
        for event in calendar.events
        for name in ("SUMMARY", "DESCRIPTION", "LOCATION", "URL")
    )


def future_occurrences(series: MeetingSeries, count: int) -> list:
    return list(series.occurrences.filter(starts_at__gt=timezone.now()).order_by("starts_at"))[
        :count
    ]


def not_agreed_since_guidelines_changed(*members) -> None:
    """A material change to the community guidelines; only `members` agree again."""
    publish_instance_version(change=RuleSetVersion.Change.MATERIAL, changed_text="Be kind.")
    for member in members:
        for membership in Membership.objects.filter(user=member):
            agree_now(member, membership.group)


# --- The feed ----------------------------------------------------------------------------


def test_a_members_feed_has_one_event_per_series_in_its_own_time_zone(facilitator, alice):
    london = group_with_meeting(facilitator, members=[alice])
    other = group_with(name="Morning Walk", facilitator=facilitator, members=[alice])
    sydney = weekly_meeting(
        other,
        facilitator,
        title="Saturday walk",
        time_zone="Australia/Sydney",
        start_date=date(2026, 10, 3),
        start_time=time(8, 30),
        rule="FREQ=WEEKLY;BYDAY=SA",
    )

    calendar = parse(feeds.member_calendar(alice))

    assert len(calendar.events) == 2
    event = series_event(calendar, london)
    assert event.start == datetime(2026, 10, 6, 19, 0, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.end - event.start == timedelta(minutes=90)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=TU"
    assert "Tuesday evening circle" in str(event["SUMMARY"])
    walk = series_event(calendar, sydney)
    assert walk["DTSTART"].params["TZID"] == "Australia/Sydney"
    assert (walk.start.hour, walk.start.minute) == (8, 30)
    assert {tz.tz_name for tz in calendar.timezones} == {"Europe/London", "Australia/Sydney"}
    assert calendar.get_missing_tzids() == set()
    assert calendar.refresh_interval == timedelta(hours=1)
    assert calendar["X-PUBLISHED-TTL"] == "PT1H"


def test_the_feed_keeps_the_meeting_at_19_00_local_on_both_sides_of_the_clock_change(
    facilitator, alice
):
    series = group_with_meeting(facilitator, members=[alice])
    event = series_event(parse(feeds.member_calendar(alice)), series)

    # Expanded as a calendar app would: from the local DTSTART by the RRULE.
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.start)
    meetings = list(
        rule.between(datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
    )

    assert [m.astimezone(LONDON).hour for m in meetings] == [19] * 6
    # London leaves summer time on 25 October: 18:00 UTC before, 19:00 UTC after.
    assert [m.astimezone(UTC).hour for m in meetings] == [18, 18, 18, 19, 19, 19]
    # The same instants the site stores and shows.
    worked_out = recurrence.occurrences(
        rule_text=series.rule,
        zone_name=series.time_zone,
        start_date=series.start_date,
        start_time=series.start_time,
        duration=timedelta(minutes=series.duration_minutes),
        end_date=None,
        after=datetime(2026, 10, 1, tzinfo=UTC),
        before=datetime(2026, 11, 15, tzinfo=UTC),
    )
    assert [m.astimezone(UTC) for m in meetings] == [o.starts_at for o in worked_out]


def test_cancelled_meetings_are_exdates_and_a_moved_one_overrides_with_recurrence_id(
    facilitator, alice
):
    series = group_with_meeting(facilitator, members=[alice])
    first, second, third = future_occurrences(series, 3)
    services.occurrence_cancel(actor=facilitator, occurrence=first, note="Room closed")
    services.occurrence_cancel(actor=facilitator, occurrence=third)
    moved_to = datetime.combine(second.original_date + timedelta(days=1), time(18, 30))
    services.occurrence_move(
        actor=facilitator, occurrence=second, local_start=moved_to, note="Wednesday this week"
    )

    calendar = parse(feeds.member_calendar(alice))

    event = series_event(calendar, series)
    excluded = {d.dt for d in event["EXDATE"].dts}
    assert excluded == {
        datetime.combine(first.original_date, time(19), tzinfo=LONDON),
        datetime.combine(third.original_date, time(19), tzinfo=LONDON),
    }
    assert event["EXDATE"].params["TZID"] == "Europe/London"
    (override,) = [e for e in calendar.events if "RECURRENCE-ID" in e]
    assert override["UID"] == event["UID"]
    assert override["RECURRENCE-ID"].dt == datetime.combine(
        second.original_date, time(19), tzinfo=LONDON
    )
    assert override.start == moved_to.replace(tzinfo=LONDON)
    assert override.end - override.start == timedelta(minutes=90)
    assert "Wednesday this week" in str(override["DESCRIPTION"])


def test_the_last_date_becomes_until_in_utc(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice], end_date=date(2027, 6, 29))
    event = series_event(parse(feeds.member_calendar(alice)), series)

    (until,) = event["RRULE"]["UNTIL"]
    # 23:59:59 in London summer time on the last date, written in UTC as RFC 5545 asks.
    assert until == datetime(2027, 6, 29, 22, 59, 59, tzinfo=UTC)
    rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.start)
    assert list(rule)[-1] == datetime(2027, 6, 29, 19, tzinfo=LONDON)


def test_an_ended_series_stops_at_its_end_and_one_that_never_met_is_left_out(facilitator, alice):
    ended = group_with_meeting(facilitator, members=[alice])
    services.series_end(actor=facilitator, series=ended)
    other = group_with(name="Later Group", facilitator=facilitator, members=[alice])
    never = weekly_meeting(other, facilitator, start_date=timezone.localdate() + timedelta(days=30))
    services.series_end(actor=facilitator, series=never)

    calendar = parse(feeds.member_calendar(alice))

    event = series_event(calendar, ended)
    (until,) = event["RRULE"]["UNTIL"]
    assert until <= timezone.now()
    assert not [e for e in calendar.events if e["UID"] == f"series-{never.pk}@peerhaven"]


def test_the_first_event_is_on_the_rules_first_day(facilitator, alice):
    # Set up on a Monday for Tuesdays: the first meeting is the Tuesday.
    series = group_with_meeting(facilitator, members=[alice], start_date=date(2026, 10, 5))
    event = series_event(parse(feeds.member_calendar(alice)), series)
    assert event.start == datetime(2026, 10, 6, 19, tzinfo=LONDON)


def test_a_one_off_meeting_has_no_rule_and_shows_when_it_is_cancelled(facilitator, alice):
    day = timezone.localdate() + timedelta(days=10)
    series = group_with_meeting(facilitator, members=[alice], rule="", start_date=day)
    (only,) = series.occurrences.all()
    services.occurrence_cancel(actor=facilitator, occurrence=only)

    event = series_event(parse(feeds.member_calendar(alice)), series)

    assert "RRULE" not in event
    assert event.start == datetime.combine(day, time(19), tzinfo=LONDON)
    assert event["STATUS"] == "CANCELLED"


def test_only_the_groups_a_member_belongs_to_are_in_their_feed(facilitator, alice, bob):
    mine = group_with_meeting(facilitator, members=[alice, bob])
    theirs = group_with(name="Other Circle", facilitator=facilitator, members=[bob])
    weekly_meeting(theirs, facilitator, title="Not for Alice")

    calendar = parse(feeds.member_calendar(alice))
    assert [e["UID"] for e in calendar.events] == [f"series-{mine.pk}@peerhaven"]

    Membership.objects.filter(user=alice).delete()  # she left
    assert parse(feeds.member_calendar(alice)).events == []


# --- Privacy -----------------------------------------------------------------------------


def test_address_and_link_are_in_the_feed_only_for_members_who_agreed(facilitator, alice, bob):
    series = group_with_meeting(facilitator, members=[alice, bob])
    not_agreed_since_guidelines_changed(alice)

    agreed = series_event(parse(feeds.member_calendar(alice)), series)
    assert agreed["LOCATION"] == ADDRESS
    assert agreed["URL"] == LINK
    assert ADDRESS in agreed["DESCRIPTION"] and LINK in agreed["DESCRIPTION"]
    assert "step-free access" in agreed["DESCRIPTION"].lower()
    assert "nobody has to speak" in agreed["DESCRIPTION"]

    raw = feeds.member_calendar(bob)
    calendar = parse(raw)
    event = series_event(calendar, series)
    assert event["LOCATION"] == "Camden, London"
    assert "URL" not in event
    assert "address is shown once you agree" in event["DESCRIPTION"]
    assert "join link is shown once you agree" in event["DESCRIPTION"]
    assert "Quiet Lane" not in words(calendar)
    unfolded = raw.replace(b"\r\n ", b"")
    assert b"Quiet Lane" not in unfolded and b"meet.example.org" not in unfolded


def test_a_moved_meeting_in_the_feed_keeps_the_address_private_too(facilitator, alice, bob):
    series = group_with_meeting(facilitator, members=[alice, bob])
    (occurrence,) = future_occurrences(series, 1)
    services.occurrence_move(
        actor=facilitator,
        occurrence=occurrence,
        local_start=datetime.combine(occurrence.original_date, time(20)),
    )
    not_agreed_since_guidelines_changed(alice)

    calendar = parse(feeds.member_calendar(bob))
    assert len(calendar.events) == 2
    assert "Quiet Lane" not in words(calendar) and "meet.example.org" not in words(calendar)


def test_the_feed_decides_privacy_exactly_as_the_meeting_policy_does(facilitator, alice):
    """The feed checks every group at once; it must agree with the one-group rule."""
    groups = [
        make_group(name=f"Circle {n}", facilitator=facilitator) for n in range(5)
    ]  # 0 agreed, 1 rules changed, 2 minor change, 3 never agreed, 4 no rules published
    for group in groups[:4]:
        publish_version(group.rules, change=RuleSetVersion.Change.INITIAL)
    for group in groups[:3]:
        Membership.objects.create(group=group, user=alice)
        agree_now(alice, group)
    Membership.objects.create(group=groups[3], user=alice)
    Membership.objects.create(group=groups[4], user=alice)
    publish_version(groups[1].rules, change=RuleSetVersion.Change.MATERIAL, changed_text="New")
    publish_version(groups[2].rules, change=RuleSetVersion.Change.MINOR, changed_text="Typo")
    by_pk = {g.pk: g for g in Group.objects.filter(pk__in=[g.pk for g in groups])}

    def both() -> tuple[set[int], set[int]]:
        one_by_one = {g.pk for g in by_pk.values() if policies.can_see_private_details(alice, g)}
        return policies.groups_with_private_details(alice, by_pk.values()), one_by_one

    bulk, single = both()
    assert bulk == single == {groups[0].pk, groups[2].pk, groups[4].pk}

    publish_instance_version(change=RuleSetVersion.Change.MATERIAL, changed_text="Be kind.")
    bulk, single = both()
    assert bulk == single == set()

    agree_now(alice, groups[0])  # agreeing anywhere covers the community guidelines
    bulk, single = both()
    assert bulk == single == {groups[0].pk, groups[2].pk, groups[4].pk}

    agree_now(alice, groups[1])
    bulk, single = both()
    assert bulk == single == {groups[0].pk, groups[1].pk, groups[2].pk, groups[4].pk}


def test_one_meeting_as_ics_shows_details_to_members_who_agreed(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice])
    (occurrence,) = future_occurrences(series, 1)

    calendar = parse(feeds.occurrence_ics(user=alice, occurrence=occurrence))

    (event,) = calendar.events
    assert event["UID"] == f"occurrence-{occurrence.pk}@peerhaven"
    assert event.start == occurrence.starts_at.astimezone(LONDON)
    assert (event.start.hour, event.start.minute) == (19, 0)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event.end == occurrence.ends_at
    assert "RRULE" not in event
    assert event["LOCATION"] == ADDRESS and event["URL"] == LINK
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]


@pytest.mark.parametrize("who", ["stranger", "visitor"])
def test_one_meeting_as_ics_tells_others_the_address_is_shown_after_joining(
    facilitator, charlie, who
):
    series = group_with_meeting(facilitator)
    (occurrence,) = future_occurrences(series, 1)
    user = charlie if who == "stranger" else AnonymousUser()

    calendar = parse(feeds.occurrence_ics(user=user, occurrence=occurrence))

    (event,) = calendar.events
    assert event["LOCATION"] == "Camden, London"
    assert "URL" not in event
    assert "address is shown after joining" in event["DESCRIPTION"]
    assert "join link is shown after joining" in event["DESCRIPTION"]
    assert "Quiet Lane" not in words(calendar) and "meet.example.org" not in words(calendar)


def test_one_meeting_of_a_hidden_group_is_not_found_for_a_stranger(facilitator, charlie):
    group = group_with(facilitator=facilitator, listing=Group.Listing.UNLISTED)
    series = weekly_meeting(group, facilitator)
    (occurrence,) = future_occurrences(series, 1)
    with pytest.raises(NotFound):
        feeds.occurrence_ics(user=charlie, occurrence=occurrence)


def test_a_cancelled_meeting_as_ics_says_it_is_cancelled(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice])
    (occurrence,) = future_occurrences(series, 1)
    services.occurrence_cancel(actor=facilitator, occurrence=occurrence, note="Snow")

    (event,) = parse(feeds.occurrence_ics(user=alice, occurrence=occurrence)).events
    assert event["STATUS"] == "CANCELLED"
    assert "Snow" in event["DESCRIPTION"]


# --- Feed links --------------------------------------------------------------------------


def test_a_new_feed_link_is_shown_once_and_only_its_hash_is_stored(alice):
    token, secret = feeds.feed_token_create(user=alice)

    assert len(secret) >= 43
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = FeedToken.objects.filter(pk=token.pk).values().get()
    assert secret not in " ".join(str(v) for v in stored.values())


def test_the_feed_link_opens_the_members_calendar_and_records_its_use(facilitator, alice):
    series = group_with_meeting(facilitator, members=[alice])
    token, secret = feeds.feed_token_create(user=alice)

    calendar = parse(feeds.feed_calendar(secret))

    assert series_event(calendar, series)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_feed_link_is_not_found(facilitator, alice):
    group_with_meeting(facilitator, members=[alice])
    token, secret = feeds.feed_token_create(user=alice)

    feeds.feed_token_revoke(user=alice, token_id=token.pk)

    with pytest.raises(FeedNotFound) as gone:
        feeds.feed_calendar(secret)
    assert gone.value.status == 404
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_else_cannot_revoke_a_members_feed_link(alice, bob):
    token, secret = feeds.feed_token_create(user=alice)
    with pytest.raises(FeedNotFound):
        feeds.feed_token_revoke(user=bob, token_id=token.pk)
    assert feeds.feed_calendar(secret)


@pytest.mark.parametrize("secret", ["", "not-a-real-secret", "x" * 500])
def test_an_unknown_feed_link_is_not_found(alice, secret):
    feeds.feed_token_create(user=alice)
    with pytest.raises(FeedNotFound):
        feeds.feed_calendar(secret)


def test_a_closed_accounts_feed_link_stops_working(alice):
    _token, secret = feeds.feed_token_create(user=alice)
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    with pytest.raises(FeedNotFound):
        feeds.feed_calendar(secret)


def test_a_member_has_at_most_five_feed_links_at_once(alice):
    tokens = [feeds.feed_token_create(user=alice)[0] for _ in range(5)]
    with pytest.raises(Conflict) as refused:
        feeds.feed_token_create(user=alice)
    assert refused.value.code == "feed_token_limit"
    assert FeedToken.objects.filter(user=alice).count() == 5

    feeds.feed_token_revoke(user=alice, token_id=tokens[0].pk)
    feeds.feed_token_create(user=alice)
    assert FeedToken.objects.filter(user=alice, revoked_at__isnull=True).count() == 5


# --- Cost --------------------------------------------------------------------------------


def test_the_feed_takes_the_same_few_queries_however_many_groups(
    facilitator, alice, django_assert_max_num_queries
):
    for n in range(2):
        group = group_with(name=f"Circle {n}", facilitator=facilitator, members=[alice])
        weekly_meeting(group, facilitator)
    with django_assert_max_num_queries(8) as few:
        feeds.member_calendar(alice)
    for n in range(2, 12):
        group = group_with(name=f"Circle {n}", facilitator=facilitator, members=[alice])
        series = weekly_meeting(group, facilitator)
        services.occurrence_cancel(actor=facilitator, occurrence=future_occurrences(series, 1)[0])
    with django_assert_max_num_queries(len(few.captured_queries)):
        calendar = parse(feeds.member_calendar(alice))
    assert len(calendar.events) == 12
