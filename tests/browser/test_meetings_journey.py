"""In a real browser: a new user in Sydney finds a London group's online meeting at the right
local time, before and after the clocks change in March and April, RSVPs, sees the join link
only once they have agreed to the group's guidelines, and subscribes to their calendar feed,
which a calendar app reads (and no longer can once the link is stopped). Every page is
checked with axe-core and keeps the crisis link in reach."""

from __future__ import annotations

import re
import secrets
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar
from playwright.sync_api import Page, expect

from tests.browser.conftest import Server, _new_context, run_on_server
from tests.browser.helpers import (
    BROWSER_MARKS,
    check_page,
    field,
    new_user,
    sign_up,
    visit,
)

pytestmark = BROWSER_MARKS

LONDON = ZoneInfo("Europe/London")
SYDNEY = ZoneInfo("Australia/Sydney")
SERIES = "Tuesday evening circle online"
# The group's own clock, shown beside the viewer's.
GROUP_TIME = "Tuesday 19:00–20:30 in Europe/London"

WORLD = """
import json
from datetime import UTC, date, datetime, time, timedelta
from django.db import transaction
from django.utils import timezone
from peerhaven.accounts import services as accounts
from peerhaven.groups.models import Agreement, Group, Membership
from peerhaven.guidelines.models import RuleSet
from peerhaven.guidelines.selectors import current_version, instance_rule_set
from peerhaven.meetings import services
from peerhaven.meetings.models import Rsvp
args = json.loads('''{args}''')
step = args["step"]
if step == "world":
    rules = RuleSet.objects.create(scope="group", name=args["group"])
    group = Group.objects.create(
        name=args["group"], slug=args["slug"], rules=rules, join_policy="open",
        languages=["en"], format="online", description=args["description"],
    )
    person = args["facilitator"]
    facilitator = accounts.account_create(
        email=person["email"], display_name=person["display_name"], password=person["password"]
    )
    Membership.objects.create(group=group, user=facilitator, role="facilitator")
    Agreement.objects.create(
        user=facilitator, group=group, instance_version=current_version(instance_rule_set()),
        group_version=current_version(rules), via="web",
    )
    today = timezone.localdate()
    series = services.series_create(
        actor=facilitator,
        group=group,
        data=services.SeriesInput(
            title=args["series"], time_zone="Europe/London",
            start_date=today - timedelta(days=(today.weekday() - 1) % 7),
            start_time=time(19, 0), duration_minutes=90, format="online", language="en",
            rule="FREQ=WEEKLY;BYDAY=TU", join_link=args["link"], facilitator=facilitator,
            accessibility=["captions", "camera_optional"],
            what_to_expect="We listen more than we talk. Cameras are optional.",
        ),
    )
    # Dates are stored two months ahead: store them as they will be in early March too.
    with transaction.atomic():
        services.occurrences_refresh(
            series=series, now=datetime.fromisoformat(args["refresh_at"]).replace(tzinfo=UTC)
        )
    dates = {
        o.original_date.isoformat(): o.pk
        for o in series.occurrences.filter(original_date__in=args["dates"])
    }
    print(json.dumps({"series": series.pk, "occurrences": dates}))
else:
    print(json.dumps([
        [r.occurrence_id, r.status]
        for r in Rsvp.objects.filter(user__email=args["email"]).order_by("pk")
    ]))
"""


def _on_server(live: Server, **args) -> object:
    """Run a step against the server's own database, as an admin's console would."""
    return run_on_server(live, WORLD, **args)


def _clock_change_tuesdays(today: date) -> tuple[date, date, date]:
    """The next spring's Tuesdays: before London's clocks go forward (last Sunday of March),
    between that and Sydney's going back a week later, and after both."""
    year = today.year if today < date(today.year, 3, 1) else today.year + 1
    london_change = date(year, 3, 31) - timedelta(days=(date(year, 3, 31).weekday() + 1) % 7)
    return (
        london_change - timedelta(days=5),
        london_change + timedelta(days=2),
        london_change + timedelta(days=9),
    )


def _next_meeting(now: datetime) -> datetime:
    """The first Tuesday 19:00 London meeting still to start, on Sydney's clock."""
    day = now.astimezone(LONDON).date()
    while True:
        start = datetime.combine(day, time(19, 0), tzinfo=LONDON)
        if day.weekday() == 1 and start > now:
            return start.astimezone(SYDNEY)
        day += timedelta(days=1)


def _day(moment: datetime | date) -> str:
    return f"{moment:%A} {moment.day} {moment:%B}"


def test_a_sydney_newcomer_finds_a_london_meeting_across_clock_changes_and_subscribes(
    page: Page, browser, server: Server
):
    tag = secrets.token_hex(3)
    group = f"Thames Evening Circle {tag}"
    slug = f"thames-evening-circle-{tag}"
    link = f"https://meet.example.org/thames-{tag}"
    person, facilitator = new_user(), new_user()
    tuesdays = _clock_change_tuesdays(datetime.now(UTC).date())
    world = _on_server(
        server,
        step="world",
        group=group,
        slug=slug,
        description="An online circle from London for anyone living with loneliness.",
        series=SERIES,
        link=link,
        facilitator=vars(facilitator),
        refresh_at=f"{tuesdays[0].year}-03-10T00:00:00",
        dates=[d.isoformat() for d in tuesdays],
    )
    assert isinstance(world, dict)
    assert sorted(world["occurrences"]) == [d.isoformat() for d in tuesdays], world
    next_start = _next_meeting(datetime.now(UTC))

    # A visitor joins under a pseudonym and lands on their profile, where they set their
    # time zone to Sydney's.
    visit(page, "/")
    page.get_by_role("main").get_by_role("link", name="Join").click()
    page.wait_for_url("**/accounts/sign-up/")
    check_page(page)
    sign_up(page, server.log_path, person)
    page.wait_for_url("**/accounts/profile/")
    check_page(page)
    field(page, "Time zone").select_option("Australia/Sydney")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").filter(has_text="Your profile is saved.")).to_be_visible()
    expect(field(page, "Time zone")).to_have_value("Australia/Sydney")
    check_page(page)

    # They look for an online group meeting early on Wednesday mornings, their time. The
    # finder takes the days and times on their profile's clock.
    visit(page, "/groups/")
    field(page, "Words").fill("Thames")
    page.locator("details.finder-meetings > summary").click()
    meetings = page.locator("details.finder-meetings")
    expect(meetings).to_contain_text(
        "Days and times are in your time zone, Australia/Sydney, as set in your profile."
    )
    meetings.get_by_role("group", name="Meets on").get_by_label("Wednesday", exact=True).check()
    field(page, "Starting from").fill("05:30")
    field(page, "Starting by").fill("06:30")
    page.get_by_role("button", name="Search").click()
    result = page.locator(".finder-results li.card", has_text=group)
    expect(result).to_be_visible()
    expect(result.locator(".reasons")).to_contain_text("Meets Wednesday at 06:00 your time")
    london_start = next_start.astimezone(LONDON)
    expect(result.locator(".next-meeting")).to_have_text(
        f"Next meeting: {SERIES}, {_day(next_start)}, 06:00 your time "
        f"({_day(london_start)}, 19:00 in Europe/London)"
    )
    check_page(page)

    # London's Tuesday evening is not a Tuesday evening in Sydney.
    meetings.get_by_role("group", name="Meets on").get_by_label("Wednesday", exact=True).uncheck()
    meetings.get_by_role("group", name="Meets on").get_by_label("Tuesday", exact=True).check()
    field(page, "Starting from").fill("18:00")
    field(page, "Starting by").fill("21:00")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".result-count")).to_have_text("No group matched.")
    check_page(page)

    # The group's page lists its next dates on their clock, London's beside them.
    visit(page, f"/groups/{slug}/")
    upcoming = page.get_by_role("region", name="Meetings", exact=True)
    when = f"{_day(next_start)} {next_start.year}, 06:00–07:30"
    row = upcoming.get_by_role("listitem").filter(has_text=when)
    expect(row).to_contain_text(GROUP_TIME)
    row.get_by_role("link", name=f"{SERIES}: {when}").click()
    page.wait_for_url(re.compile(r"/meetings/occurrences/\d+/$"))
    meeting_url = page.url

    # The meeting's page: the time on both clocks; the link is for members who agreed.
    expect(page.get_by_role("heading", level=1)).to_have_text(SERIES)
    when_section = page.get_by_role("region", name="When", exact=True)
    expect(when_section).to_contain_text(when)
    expect(when_section).to_contain_text(
        f"Your time (Australia/Sydney) · The group's time: {GROUP_TIME}"
    )
    details = page.get_by_role("region", name="About this meeting", exact=True)
    expect(details).to_contain_text("Link shown after joining")
    expect(details.get_by_role("link", name="Join the group to see them")).to_be_visible()
    expect(page.get_by_role("button", name="I'll come")).to_have_count(0)
    assert link not in page.content()
    check_page(page)

    # Later dates, either side of the clock changes: London meets at 19:00 every week, which
    # is 06:00 in Sydney, then 05:00 once London's clocks go forward, then 04:00 once
    # Sydney's go back a week later.
    for tuesday, sydney_start in zip(
        tuesdays, ("06:00–07:30", "05:00–06:30", "04:00–05:30"), strict=True
    ):
        visit(page, f"/meetings/occurrences/{world['occurrences'][tuesday.isoformat()]}/")
        wednesday = tuesday + timedelta(days=1)
        when_section = page.get_by_role("region", name="When", exact=True)
        expect(when_section).to_contain_text(f"{_day(wednesday)} {wednesday.year}, {sydney_start}")
        expect(when_section).to_contain_text(f"The group's time: {GROUP_TIME}")
        assert link not in page.content()

    # They join from the meeting's page, agreeing to the guidelines, and come back to it.
    visit(page, meeting_url)
    page.get_by_role("link", name="Join the group to see them").click()
    page.wait_for_url(f"**/groups/{slug}/join/")
    assert link not in page.content()
    check_page(page)
    page.get_by_label(re.compile("I agree to the community guidelines")).check()
    page.get_by_role("button", name="Agree and join").click()
    page.wait_for_url(f"**/groups/{slug}/")
    expect(page.get_by_text("You are a member of this group.")).to_be_visible()
    check_page(page)

    # Now the meeting's page shows the join link.
    visit(page, meeting_url)
    details = page.get_by_role("region", name="About this meeting", exact=True)
    expect(details.get_by_role("link", name="Join the meeting online")).to_have_attribute(
        "href", link
    )
    expect(details).not_to_contain_text("Link shown after joining")

    # They say they will come and get a place.
    coming = page.get_by_role("region", name="Coming?", exact=True)
    coming.get_by_role("button", name="I'll come").click()
    expect(
        coming.get_by_role("status").filter(has_text="You have a place. See you there.")
    ).to_be_visible()
    expect(coming.get_by_role("button", name="I can't come after all")).to_be_visible()
    check_page(page)
    visit(page, f"/meetings/groups/{slug}/")
    expect(page.get_by_role("listitem").filter(has_text=when)).to_contain_text("You have a place.")
    rsvps = _on_server(server, step="rsvps", email=person.email)
    assert rsvps == [[int(meeting_url.rstrip("/").rsplit("/", 1)[1]), "going"]]

    # They make a private calendar link, shown once.
    page.get_by_role("link", name="Put your groups' meetings in your calendar").click()
    page.wait_for_url("**/meetings/feed/")
    expect(page.get_by_text("You have no calendar links.")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Make a new calendar link").click()
    new_link = page.get_by_role("region", name="Your new calendar link", exact=True)
    expect(new_link.get_by_role("status")).to_have_text("Copy it now: it is shown only this once.")
    feed_url = field(page, "Link for web calendars that ask for an https address").input_value()
    assert re.fullmatch(rf"{re.escape(server.url)}/meetings/feed/[\w-]+\.ics", feed_url), feed_url
    expect(new_link.get_by_role("link", name="Subscribe in my calendar app")).to_have_attribute(
        "href", "webcal://" + feed_url.split("://", 1)[1]
    )
    check_page(page)

    # Their calendar app, signed in nowhere, reads the feed: the series in London's time
    # zone, repeating weekly, with the join link.
    calendar_app = _new_context(browser, server)
    try:
        answer = calendar_app.request.get(feed_url)
        assert answer.status == 200
        assert answer.headers["content-type"].startswith("text/calendar")
        calendar = Calendar.from_ical(answer.body())
        events = [
            e
            for e in calendar.walk("VEVENT")
            if str(e["UID"]) == f"series-{world['series']}@peerhaven"
        ]
        assert len(events) == 1, calendar.to_ical()
        event = events[0]
        assert str(event["SUMMARY"]) == f"{SERIES} · {group}"
        start = event.decoded("DTSTART")
        assert (start.time(), str(start.tzinfo)) == (time(19, 0), "Europe/London")
        rule = event["RRULE"].to_ical().decode()
        assert rule == "FREQ=WEEKLY;BYDAY=TU"
        assert f"Join link: {link}" in str(event["DESCRIPTION"])
        assert str(event["URL"]) == link
        assert "Europe/London" in [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")]
        # Expanded as a calendar app does, the spring dates land where the pages said.
        dates = rrulestr(rule, dtstart=start.replace(tzinfo=None))
        for tuesday, hour in zip(tuesdays, (6, 5, 4), strict=True):
            local = datetime.combine(tuesday, time(19, 0))
            assert dates.after(local, inc=True) == local
            assert local.replace(tzinfo=LONDON).astimezone(SYDNEY).hour == hour

        # They stop the link; the calendar app gets "not found" from then on.
        visit(page, "/meetings/feed/")
        page.get_by_role("link", name=re.compile(r"^Stop this link")).click()
        page.wait_for_url(re.compile(r"/meetings/feed/\d+/stop/$"))
        check_page(page)
        page.get_by_role("button", name="Stop the link").click()
        page.wait_for_url("**/meetings/feed/")
        expect(
            page.get_by_role("status").filter(
                has_text="That calendar link is stopped. Calendars using it no longer update."
            )
        ).to_be_visible()
        expect(page.get_by_text("You have no calendar links.")).to_be_visible()
        check_page(page)
        assert calendar_app.request.get(feed_url).status == 404
    finally:
        calendar_app.close()
