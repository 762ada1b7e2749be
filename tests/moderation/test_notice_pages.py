"""Notices: both sides are told after a decision (the reporter without the other person's
details), unread ones are marked and counted in the header, and can be marked read."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peerhaven.moderation import services
from peerhaven.moderation.models import Notice
from tests.moderation.page_helpers import (
    act,
    evening_circle,
    hurtful_post,
    my_case_url,
    page,
    report,
)

pytestmark = pytest.mark.django_db

NOTICES = "/moderation/notices/"


@pytest.fixture
def group(facilitator, alice, bob):
    return evening_circle(facilitator, alice, bob)


@pytest.fixture
def message(group, alice, bob):
    return hurtful_post(group, alice, bob)


def _decided(web_as, message, facilitator, bob, kind="remove"):
    """Bob reports through the page; Fran removes the post through the case page."""
    report(web_as(bob), message, note="Bob's private note")
    case = message.moderation_cases.get()
    response = act(
        web_as(facilitator), case, kind, reason="Calling people idiots.", confirmed="yes"
    )
    assert response.status_code == 302
    return case


def test_both_sides_are_told_after_an_action(web_as, message, facilitator, alice, bob):
    case = _decided(web_as, message, facilitator, bob)

    html = page(web_as(alice).get(NOTICES))
    assert "About your content: Respect every member" in html
    assert "Your post was removed." in html
    assert "Calling people idiots." in html
    assert "you can appeal once" in html
    assert f'href="{my_case_url(case)}"' in html
    assert "Bob" not in html.split('id="main"')[1]  # never who reported

    html = page(web_as(bob).get(NOTICES))
    assert "About your report" in html
    assert "acted under the guideline “Respect every member”" in html
    # The reporter hears the outcome, not the private details of the other person's case.
    assert "Calling people idiots." not in html
    assert "Bob&#x27;s private note" not in html


def test_a_decision_of_no_action_tells_the_reporter_only(web_as, message, facilitator, alice, bob):
    _decided(web_as, message, facilitator, bob, kind="no_action")
    assert "decided no action was needed" in page(web_as(bob).get(NOTICES))
    assert not Notice.objects.filter(user=alice).exists()


def test_unread_notices_are_counted_in_the_header_until_marked_read(
    web_as, message, facilitator, alice, bob
):
    _decided(web_as, message, facilitator, bob)
    client = web_as(alice)
    html = page(client.get(reverse("home")))
    assert 'id="nav-notices"' in html
    assert (
        '<span class="badge" id="nav-notices-count">1<span class="visually-hidden"> unread' in html
    )

    html = page(client.get(NOTICES))
    assert "notice-unread" in html
    assert "Mark all as read" in html

    response = client.post(NOTICES)
    assert response.status_code == 302
    html = page(client.get(NOTICES))
    assert "All notices are marked as read." in html
    assert "notice-unread" not in html
    assert "Mark all as read" not in html
    assert 'id="nav-notices-count"' not in html
    assert Notice.objects.get(user=alice).read_at is not None
    # Bob's notice is his own, untouched by Alice marking hers.
    assert Notice.objects.get(user=bob).read_at is None


def test_a_member_without_notices_sees_an_empty_state_and_no_badge(web_as, charlie):
    html = page(web_as(charlie).get(NOTICES))
    assert "No notices." in html
    assert 'id="nav-notices"' in html
    assert 'id="nav-notices-count"' not in html
    assert web_as(charlie).post(NOTICES).status_code == 302


def test_notices_are_each_persons_own(web_as, message, facilitator, alice, bob, charlie):
    _decided(web_as, message, facilitator, bob)
    html = page(web_as(charlie).get(NOTICES))
    assert "About your" not in html
    services.notices_mark_read(user=charlie)
    assert Notice.objects.filter(read_at__isnull=True).count() == 2


def test_visitors_get_no_notices_link(client):
    assert 'id="nav-notices"' not in page(client.get(reverse("home")))


def test_the_header_count_comes_with_the_signed_in_user(web_as, alice):
    client = web_as(alice)
    for n in range(2):
        Notice.objects.create(
            user=alice, kind=Notice.Kind.ACTION_TAKEN, title=f"Notice {n}", body="About a post."
        )

    with CaptureQueriesContext(connection) as queries:
        html = page(client.get(reverse("home")))

    assert 'id="nav-notices-count">2<' in html
    # Counted in the query that loads the user, not in one of its own on every page.
    notice_queries = [q["sql"] for q in queries.captured_queries if "moderation_notice" in q["sql"]]
    assert len(notice_queries) == 1
    assert "accounts_user" in notice_queries[0]
