"""The group's public page, starting and editing a group, and "My groups and agreements"."""

from __future__ import annotations

import re

import pytest

from peerhaven.accounts.models import Topic
from peerhaven.groups.models import Group, Membership
from peerhaven.guidelines.models import RuleSet
from tests.groups.helpers import join_now, make_group


@pytest.fixture
def circle(db, facilitator):
    return make_group(
        name="Evening Circle",
        facilitator=facilitator,
        description="A weekly circle.",
        what_to_expect="Ninety minutes on video; cameras optional.",
        languages=["en", "fr"],
    )


def test_the_group_page_says_what_a_newcomer_needs_to_know(circle, charlie, web_as):
    response = web_as(charlie).get("/groups/evening-circle/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "General: open to any experience" in html
    assert "Ninety minutes on video" in html
    assert "Listening only is always fine." in html
    assert "Fran" in html  # the facilitator's display name
    assert "fran@example.org" not in html
    assert "Listen to understand" in html  # a community guideline's title
    assert "Community guidelines" in html or "community guidelines (version 1)" in html
    assert 'href="/groups/evening-circle/join/"' in html
    assert "/groups/evening-circle/members/" not in html  # members-only link


def test_a_member_sees_the_members_only_section(circle, alice, web_as):
    join_now(alice, circle)

    html = web_as(alice).get("/groups/evening-circle/").content.decode()

    assert "/groups/evening-circle/members/" in html
    assert "/groups/evening-circle/leave/" in html


def test_an_invite_only_group_says_so_instead_of_a_join_button(db, facilitator, charlie, web_as):
    make_group(name="Invited Circle", facilitator=facilitator, join_policy="invite")

    html = web_as(charlie).get("/groups/invited-circle/").content.decode()

    assert "through an invite link" in html
    assert "/groups/invited-circle/join/" not in html


def test_the_place_of_an_in_person_group_is_shown_coarsely(db, facilitator, charlie, web_as):
    make_group(name="Town Circle", facilitator=facilitator, format="in_person", place_name="Leeds")

    html = web_as(charlie).get("/groups/town-circle/").content.decode()

    assert "near Leeds" in html


def _form(**overrides) -> dict:
    data = {
        "name": "Sunday Walkers",
        "description": "We walk and talk.",
        "format": "in_person",
        "place_name": "Leeds",
        "languages": ["en"],
        "listing": "listed",
        "join_policy": "request",
        "join_questions": "What brings you here?\n\nHow did you hear of us?",
        "what_to_expect": "An hour's walk.",
        "capacity": "",
    }
    data.update(overrides)
    return data


def test_a_site_facilitator_starts_a_group_and_becomes_its_facilitator(db, facilitator, web_as):
    topic = Topic.objects.filter(is_active=True).first()

    response = web_as(facilitator).post("/groups/new/", _form(topics=[topic.slug]))

    assert response.status_code == 302
    group = Group.objects.get(name="Sunday Walkers")
    assert response["Location"] == f"/groups/{group.slug}/"
    assert group.rules.scope == RuleSet.Scope.GROUP
    assert group.memberships.get().user == facilitator
    assert group.memberships.get().role == Membership.Role.FACILITATOR
    assert group.join_questions == ["What brings you here?", "How did you hear of us?"]
    assert list(group.topics.all()) == [topic]
    assert group.place_name == "Leeds"
    assert group.country == "GB"
    assert group.latitude == pytest.approx(53.8, abs=0.2)


def test_an_unknown_place_is_refused_and_no_group_is_made(db, facilitator, web_as):
    response = web_as(facilitator).post("/groups/new/", _form(place_name="Nowhereville Qq"))

    assert response.status_code == 400
    assert "We could not find a town or city" in response.content.decode()
    assert not Group.objects.exists()
    assert not RuleSet.objects.filter(scope=RuleSet.Scope.GROUP).exists()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("!!!", "with letters or numbers in it"),
        ("evening   CIRCLE", "A group with this name already exists"),
    ],
)
def test_a_meaningless_or_taken_name_is_refused_on_its_field(
    circle, facilitator, web_as, name, words
):
    response = web_as(facilitator).post("/groups/new/", _form(name=name, format="online"))

    assert response.status_code == 400
    assert words in str(response.context["form"].errors["name"])
    assert Group.objects.count() == 1


def test_a_name_taken_only_by_an_unlisted_group_one_is_not_in_is_not_revealed(
    db, facilitator, org_admin, web_as
):
    make_group(name="Quiet Room", facilitator=org_admin, listing=Group.Listing.UNLISTED)

    form = _form(name=" Quiet  Room ", format="online")
    response = web_as(facilitator).post("/groups/new/", form)

    assert response.status_code == 302
    assert Group.objects.filter(name="Quiet Room").count() == 2


def test_renaming_a_group_to_another_groups_name_is_refused(circle, facilitator, web_as):
    make_group(name="Morning Circle", facilitator=facilitator)

    response = web_as(facilitator).post(
        "/groups/evening-circle/edit/", _form(name="Morning circle", format="online")
    )

    assert response.status_code == 400
    circle.refresh_from_db()
    assert circle.name == "Evening Circle"


def test_an_online_group_keeps_no_place(db, facilitator, web_as):
    web_as(facilitator).post("/groups/new/", _form(format="online", place_name="Leeds"))

    group = Group.objects.get()
    assert (group.place_name, group.latitude) == ("", None)


def test_a_group_never_takes_a_slug_the_pages_use(db, org_admin, web_as):
    web_as(org_admin).post("/groups/new/", _form(name="New", format="online"))

    assert Group.objects.get().slug == "new-group"


def test_members_cannot_start_groups(db, alice, web_as):
    client = web_as(alice)

    assert client.get("/groups/new/").status_code == 403
    assert client.post("/groups/new/", _form()).status_code == 403
    assert not Group.objects.exists()


def test_a_group_facilitator_edits_the_group(circle, alice, web_as):
    join_now(alice, circle)
    Membership.objects.filter(user=alice).update(role=Membership.Role.FACILITATOR)
    client = web_as(alice)
    assert client.get("/groups/evening-circle/edit/").status_code == 200

    response = client.post(
        "/groups/evening-circle/edit/",
        _form(name="Evening Circle", format="online", what_to_expect="Now sixty minutes."),
    )

    assert response.status_code == 302
    circle.refresh_from_db()
    assert circle.what_to_expect == "Now sixty minutes."
    assert circle.slug == "evening-circle"


def test_my_groups_page_lists_groups_and_agreements(circle, alice, bob, web_as):
    join_now(alice, circle)
    other = make_group(name="Other Circle")
    join_now(bob, other)

    html = web_as(alice).get("/groups/mine/").content.decode()

    assert "Evening Circle" in html
    assert "version 1" in html
    assert "Other Circle" not in html


def test_my_groups_page_needs_signing_in(db, web_as):
    response = web_as(None).get("/groups/mine/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_the_group_form_folds_its_long_language_list_under_what_is_chosen(
    circle, facilitator, web_as
):
    client = web_as(facilitator)
    fresh = client.get("/groups/new/").content.decode()
    assert re.search(r"<summary>Chosen: none yet</summary>", fresh)

    circle.languages = ["en", "de"]
    circle.save(update_fields=["languages"])
    editing = client.get(f"/groups/{circle.slug}/edit/").content.decode()
    folded = re.search(
        r"<details>\s*<summary>Chosen: (.*?)</summary>(.*?)</details>", editing, re.S
    )

    assert folded, "the languages are not folded away"
    assert folded.group(1).startswith("English, German")
    assert 'name="languages" value="de"' in folded.group(2)

    refused = client.post("/groups/new/", _form(languages=["en"] + ["xx"])).content.decode()
    assert re.search(r"<details open>\s*<summary>Chosen:", refused)
