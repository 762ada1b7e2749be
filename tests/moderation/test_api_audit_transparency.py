"""The audit log (admins) and the published counts (everyone signed in) through the API."""

from __future__ import annotations

import pytest

from peerhaven.groups.models import Group
from peerhaven.moderation.models import Case
from tests.conversations.helpers import group_with, post, thread
from tests.groups.helpers import join_now
from tests.moderation.api_helpers import REASON, RUDE, act, place, report

pytestmark = pytest.mark.django_db


@pytest.fixture
def here(facilitator, alice, bob, api_as):
    spot = place(facilitator=facilitator, alice=alice, bob=bob)
    report(api_as(bob), spot.message)
    act(api_as(facilitator), Case.objects.get(), "remove")
    return spot


def test_the_audit_log_lists_who_did_what_and_why_newest_first(here, api_as, alice, org_admin):
    case = Case.objects.get()
    appealed = api_as(alice).post(
        f"/api/v1/my-cases/{case.pk}/actions/{case.actions.get().pk}/appeal/",
        {"text": "Please look again."},
        format="json",
    )
    assert appealed.status_code == 201

    body = api_as(org_admin).get("/api/v1/moderation/audit/").json()

    assert [e["verb"] for e in body["results"]] == ["appeal.created", "case.remove"]
    removal = body["results"][1]
    assert removal["actor"] == "Fran"
    assert removal["group"] == here.group.slug
    assert removal["guideline"] == "respect"
    assert removal["reason"] == REASON


def test_the_audit_log_filters_by_verb_and_group(here, api_as, org_admin):
    client = api_as(org_admin)

    by_verb = client.get("/api/v1/moderation/audit/?verb=case.remove").json()
    by_group = client.get(f"/api/v1/moderation/audit/?group={here.other_group.slug}").json()
    none = client.get("/api/v1/moderation/audit/?verb=case.suspend").json()

    assert by_verb["count"] == 1
    assert by_group["count"] == 0
    assert none["count"] == 0


def test_the_audit_log_pages(here, api_as, org_admin):
    response = api_as(org_admin).get("/api/v1/moderation/audit/?page=7")

    assert response.status_code == 200
    assert response.json()["results"] == []
    assert api_as(org_admin).get("/api/v1/moderation/audit/?page=0").status_code == 400


def test_transparency_counts_per_group_and_site_wide(here, api_as, alice, charlie):
    client = api_as(alice)
    join_now(alice, here.other_group)

    group = client.get(f"/api/v1/moderation/transparency/?group={here.group.slug}")
    site = api_as(charlie).get("/api/v1/moderation/transparency/")
    other = client.get(f"/api/v1/moderation/transparency/?group={here.other_group.slug}")

    assert group.status_code == 200
    assert group.json()["group"] == here.group.slug
    assert group.json()["reports"] == 1
    assert group.json()["cases"] == 1
    assert group.json()["actions_by_kind"] == {"remove": 1}
    assert group.json()["actions_by_guideline"] == {"respect": 1}
    assert group.json()["median_first_response_seconds"] >= 0
    assert site.json()["group"] is None
    assert site.json()["reports"] == 1
    assert other.json()["cases"] == 0
    # Counts only: no content, no names.
    for text in (group.content.decode(), site.content.decode()):
        assert RUDE not in text
        assert "Alice" not in text
        assert "Bob" not in text
        assert REASON not in text


def test_a_groups_counts_are_for_its_members_as_on_its_page(
    here, api_as, alice, charlie, org_admin
):
    url = f"/api/v1/moderation/transparency/?group={here.group.slug}"

    assert api_as(alice).get(url).status_code == 200
    # A listed group, but its figures are published to its members, like its conversations.
    assert api_as(charlie).get(url).status_code == 404
    assert api_as(org_admin).get(url).status_code == 404


def test_an_unlisted_groups_counts_do_not_reveal_it(api_as, facilitator, alice, charlie, org_admin):
    hidden = group_with(
        name="Quiet Room", facilitator=facilitator, members=[alice], listing=Group.Listing.UNLISTED
    )
    post(thread(hidden, alice), alice, "Hello")
    url = f"/api/v1/moderation/transparency/?group={hidden.slug}"

    assert api_as(charlie).get(url).status_code == 404
    assert api_as(alice).get(url).status_code == 200
    assert api_as(None).get(url).status_code == 403
    assert api_as(charlie).get("/api/v1/moderation/transparency/?group=nope").status_code == 404
