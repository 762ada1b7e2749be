"""Moderation in figures: site-wide for anyone signed in, a group's for its members only,
counts only (never who or what)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from peerhaven.groups.models import Group, Membership
from peerhaven.moderation import selectors, services
from peerhaven.moderation.models import Action, Case
from peerhaven.moderation.selectors import _transparency_key
from tests.conversations.helpers import group_with, post, thread
from tests.factories import UserFactory
from tests.groups.helpers import join_now

pytestmark = pytest.mark.django_db

SITE = "/moderation/transparency/"
SECRET = "You are all idiots and I hate this place."


@pytest.fixture
def group(facilitator, alice, bob):
    return group_with(facilitator=facilitator, members=[alice, bob])


@pytest.fixture
def second_facilitator(group):
    person = UserFactory(display_name="Sam")
    join_now(person, group, role=Membership.Role.FACILITATOR)
    return person


@pytest.fixture
def moderated(group, facilitator, second_facilitator, alice, bob):
    """Two reports of one post (one case, removed, appealed and upheld), and a second post
    reported once and given a note."""
    topic = thread(group, bob)
    first = post(topic, alice, SECRET)
    case = services.report_message(
        reporter=bob, message=first, guideline_key="respect", note="Saw it on Tuesday"
    ).case
    services.report_message(reporter=facilitator, message=first, guideline_key="respect")
    removal = services.case_act(
        moderator=facilitator,
        case=case,
        kind=Action.Kind.REMOVE,
        guideline_key="respect",
        reason="Name-calling, secret reason",
    )
    appeal = services.appeal_create(appellant=alice, action=removal, text="I was upset.")
    services.appeal_decide(
        moderator=second_facilitator, appeal=appeal, overturn=False, note="It stands."
    )
    second = post(topic, alice, "Have you tried just cheering up?")
    other = services.report_message(
        reporter=bob, message=second, guideline_key="no-unsolicited-advice"
    ).case
    services.case_act(
        moderator=facilitator,
        case=other,
        kind=Action.Kind.NOTE,
        guideline_key="no-unsolicited-advice",
        reason="Ask first",
    )
    return group


def _row(figures: dict, name: str) -> dict:
    return dict(figures[name])


def test_the_site_wide_figures_are_for_anyone_signed_in(web_as, moderated, charlie):
    response = web_as(charlie).get(SITE)  # in no group at all
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["reports"] == 3
    assert figures["cases"] == 2
    assert figures["actions"] == 2
    assert _row(figures, "actions_by_kind")["Removed"] == 1
    assert _row(figures, "actions_by_kind")["A private note to the author"] == 1
    assert _row(figures, "actions_by_kind")["Suspended from the site"] == 0
    assert _row(figures, "actions_by_guideline") == {
        "Respect every member": 1,
        "Ask before advising": 1,
    }
    assert _row(figures, "appeals_by_outcome")["The action stands"] == 1
    assert _row(figures, "appeals_by_outcome")["The action was undone"] == 0
    assert figures["median_first_response"]  # decided within the test: "less than a minute"
    page = response.content.decode()
    assert "Respect every member" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_figures_never_show_who_or_what(web_as, moderated, alice, bob, charlie):
    for path in (SITE, SITE + moderated.slug + "/"):
        page = web_as(bob).get(path).content.decode()
        for private in (SECRET, "Saw it on Tuesday", "secret reason", "I was upset"):
            assert private not in page
        for name in (alice.display_name, "Sam", "Fran"):
            assert f">{name}<" not in page
        assert "It stands." not in page


def test_a_visitor_is_asked_to_sign_in(web_as, moderated):
    assert web_as(None).get(SITE).status_code == 302
    assert web_as(None).get(SITE + moderated.slug + "/").status_code == 302


def test_a_groups_figures_are_for_its_members(web_as, moderated, alice, charlie, org_admin):
    path = SITE + moderated.slug + "/"
    response = web_as(alice).get(path)
    assert response.status_code == 200
    assert response.context["figures"]["cases"] == 2
    assert "Moderation in Evening Circle, in figures" in response.content.decode()
    # Members only, like the group's conversations: the same 404 as any members-only page.
    assert web_as(charlie).get(path).status_code == 404
    assert web_as(org_admin).get(path).status_code == 404


def test_an_unlisted_groups_figures_do_not_reveal_it(web_as, facilitator, alice, charlie):
    hidden = group_with(
        name="Hidden Room", facilitator=facilitator, members=[alice], listing=Group.Listing.UNLISTED
    )
    assert web_as(alice).get(SITE + hidden.slug + "/").status_code == 200
    assert web_as(charlie).get(SITE + "hidden-room/").status_code == 404
    assert web_as(charlie).get(SITE + "no-such-group/").status_code == 404
    assert web_as(None).get(SITE + "hidden-room/").status_code == 404


def test_a_group_counts_only_its_own_cases(web_as, moderated, facilitator, alice, bob, charlie):
    other = group_with(name="Morning Walk", facilitator=facilitator, members=[bob, charlie])
    message = post(thread(other, charlie), bob, "Something rude")
    services.report_message(reporter=charlie, message=message, guideline_key="boundaries")
    services.report_profile(reporter=charlie, subject=alice, guideline_key="respect")

    mine = web_as(alice).get(SITE + moderated.slug + "/").context["figures"]
    assert (mine["reports"], mine["cases"]) == (3, 2)
    theirs = web_as(charlie).get(SITE + other.slug + "/").context["figures"]
    assert (theirs["reports"], theirs["cases"], theirs["actions"]) == (1, 1, 0)
    assert theirs["median_first_response"] == ""
    assert "No decisions yet" in web_as(charlie).get(SITE + other.slug + "/").content.decode()
    everywhere = web_as(charlie).get(SITE).context["figures"]
    assert (everywhere["reports"], everywhere["cases"]) == (5, 4)  # the profile case too


def test_the_median_wait_is_shown_in_human_units(web_as, group, alice, bob, facilitator):
    topic = thread(group, bob)
    for hours in (1, 3, 30):
        message = post(topic, alice, f"post {hours}")
        case = services.report_message(reporter=bob, message=message, guideline_key="respect").case
        Case.objects.filter(pk=case.pk).update(
            first_response_at=case.created_at + timedelta(hours=hours)
        )
    figures = web_as(alice).get(SITE + group.slug + "/").context["figures"]
    assert figures["median_first_response"] == "3\xa0hours"


def test_the_group_page_links_to_its_figures(web_as, group, alice):
    page = web_as(alice).get(f"/groups/{group.slug}/").content.decode()
    assert f'href="{SITE}{group.slug}/"' in page


def test_the_page_costs_the_same_queries_however_much_was_moderated(
    web_as, group, alice, bob, facilitator
):
    client = web_as(alice)
    client.get(SITE)
    cache.delete(_transparency_key(None))  # count afresh each time, as after the cache expires
    with CaptureQueriesContext(connection) as before:
        client.get(SITE)
    topic = thread(group, bob)
    for n in range(8):
        case = services.report_message(
            reporter=bob, message=post(topic, alice, f"post {n}"), guideline_key="respect"
        ).case
        services.case_act(
            moderator=facilitator, case=case, kind="no_action", guideline_key="respect", reason="ok"
        )
    cache.delete(_transparency_key(None))
    with CaptureQueriesContext(connection) as after:
        client.get(SITE)
    assert len(after) == len(before)


def test_the_figures_are_kept_a_few_minutes_then_counted_again(
    web_as, group, alice, bob, facilitator
):
    client = web_as(alice)
    assert client.get(SITE).context["figures"]["reports"] == 0
    message = post(thread(group, bob), alice, "Rude words")
    services.report_message(reporter=bob, message=message, guideline_key="respect")
    # Published figures are not recounted on every view...
    assert client.get(SITE).context["figures"]["reports"] == 0
    assert selectors.transparency().reports == 0
    # ...but at most TRANSPARENCY_CACHE_SECONDS later they are, and fresh=True counts now.
    assert selectors.transparency(fresh=True).reports == 1
    assert client.get(SITE).context["figures"]["reports"] == 1
    assert 0 < selectors.TRANSPARENCY_CACHE_SECONDS <= 600
    assert "updated every few minutes" in client.get(SITE).content.decode()
