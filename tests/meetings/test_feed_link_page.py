"""Making a calendar link: the new link is shown once, after a redirect, so reloading
the page makes no second link; and the links in use can be told apart."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from peerhaven.meetings.models import FeedToken

pytestmark = pytest.mark.django_db

PAGE = "/meetings/feed/"
LINK = re.compile(r'value="(http://testserver/meetings/feed/[^"]+\.ics)"')


def test_making_a_link_redirects_and_shows_it_once(alice, web_as):
    client = web_as(alice)

    made = client.post(PAGE)

    assert made.status_code == 302
    assert made["Location"] == PAGE
    shown = client.get(PAGE).content.decode()
    link = LINK.search(shown)
    assert link, "the new link is on the page the redirect leads to"
    assert "The new link shown above" in shown
    secret = link.group(1).rsplit("/", 1)[1].removesuffix(".ics")
    assert client.get(link.group(1)).status_code == 200, "and it works"

    reloaded = client.get(PAGE).content.decode()
    assert secret not in reloaded
    assert "The new link shown above" not in reloaded
    assert FeedToken.objects.filter(user=alice).count() == 1


def test_reloading_after_making_a_link_makes_no_other(alice, web_as):
    client = web_as(alice)
    client.post(PAGE, follow=True)

    for _ in range(3):
        assert client.get(PAGE).status_code == 200

    assert FeedToken.objects.filter(user=alice, revoked_at__isnull=True).count() == 1


def test_a_new_link_is_shown_only_to_the_person_who_made_it(alice, bob, web_as):
    web_as(alice).post(PAGE)

    html = web_as(bob).get(PAGE).content.decode()

    assert not LINK.search(html)
    assert "You have no calendar links." in html


def test_links_made_the_same_minute_can_be_told_apart(alice, web_as):
    alice.profile.time_zone = "UTC"
    alice.profile.save()
    client = web_as(alice)
    minute = datetime(2026, 11, 27, 6, 37, tzinfo=UTC)
    client.post(PAGE)
    client.post(PAGE)
    first, second = FeedToken.objects.filter(user=alice).order_by("pk")
    FeedToken.objects.filter(pk=first.pk).update(
        created_at=minute + timedelta(seconds=5), last_used_at=minute + timedelta(hours=2)
    )
    FeedToken.objects.filter(pk=second.pk).update(created_at=minute + timedelta(seconds=41))

    html = client.get(PAGE).content.decode()

    entries = re.findall(r'<li class="card">(.*?)</li>', html, re.S)
    texts = [re.sub(r"<[^>]+>|\s+", " ", entry).strip() for entry in entries]
    assert len(texts) == 2
    assert texts[0] != texts[1]
    assert "06:37:41" in texts[0] and "not read by a calendar yet" in texts[0]
    assert "06:37:05" in texts[1] and "last read by a calendar" in texts[1]
    stop_page = client.get(f"/meetings/feed/{first.pk}/stop/").content.decode()
    assert "06:37:05" in stop_page
    assert "A calendar last read it" in stop_page


def test_a_visitor_cannot_make_a_link(web_as):
    response = web_as(None).post(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")
    assert not FeedToken.objects.exists()
