"""A material change to the guidelines makes members agree again before taking part;
reading stays open. A minor change does not. Agreeing to a superseded version is refused."""

from __future__ import annotations

import pytest

from peerhaven.groups import policies, services
from peerhaven.groups.exceptions import AgreementNeeded, VersionNotCurrent
from peerhaven.groups.models import Agreement
from peerhaven.guidelines.models import RuleSetVersion
from tests.groups.helpers import join_now, make_group, publish_instance_version, publish_version

MATERIAL = RuleSetVersion.Change.MATERIAL
MINOR = RuleSetVersion.Change.MINOR


@pytest.fixture
def circle(db, facilitator):
    return make_group(name="Evening Circle", facilitator=facilitator)


def test_material_change_makes_a_member_agree_again_while_reading_stays_open(circle, alice, web_as):
    services.group_join(user=alice, group=circle, instance_version=1, group_version=None)
    assert policies.can_take_part(alice, circle)

    publish_instance_version(
        change=MATERIAL, changed_text="Give your whole attention before you reply."
    )

    with pytest.raises(AgreementNeeded):
        policies.check_take_part(alice, circle)
    client = web_as(alice)
    page = client.get("/groups/evening-circle/")
    assert page.status_code == 200
    assert "/groups/evening-circle/agree/" in page.content.decode()
    assert client.get("/groups/evening-circle/members/").status_code == 200

    agree_page = client.get("/groups/evening-circle/agree/")
    html = agree_page.content.decode()
    assert "since version 1" in html
    assert "<ins>" in html and "Give your whole attention before you reply." in html
    assert 'name="instance_version" value="2"' in html

    done = client.post("/groups/evening-circle/agree/", {"instance_version": 2, "agree": "on"})

    assert done.status_code == 302
    policies.check_take_part(alice, circle)
    latest = Agreement.objects.filter(user=alice).first()
    assert (latest.instance_version.number, latest.via) == (2, Agreement.Via.WEB)


def test_minor_change_does_not_ask_members_to_agree_again(circle, alice):
    services.group_join(user=alice, group=circle, instance_version=1, group_version=None)

    publish_instance_version(change=MINOR, changed_text="Listen, then reflect back.")

    assert policies.can_take_part(alice, circle)


def test_newcomer_after_a_minor_change_agrees_to_the_newest_version(circle, alice):
    publish_instance_version(change=MINOR, changed_text="Listen, then reflect back.")

    with pytest.raises(VersionNotCurrent) as caught:
        services.group_join(user=alice, group=circle, instance_version=1, group_version=None)

    assert caught.value.code == "superseded_version"
    assert caught.value.extra == {"instance_version": 2, "group_version": None}
    assert not circle.memberships.filter(user=alice).exists()
    assert not Agreement.objects.filter(user=alice).exists()


def test_agreeing_to_a_version_superseded_while_reading_says_so_and_shows_the_new_one(
    circle, alice, web_as
):
    join_now(alice, circle)
    publish_instance_version(change=MATERIAL, changed_text="Version two words.")
    client = web_as(alice)
    client.get("/groups/evening-circle/agree/")  # shows version 2
    publish_instance_version(change=MATERIAL, changed_text="Version three words.")

    response = client.post("/groups/evening-circle/agree/", {"instance_version": 2, "agree": "on"})

    assert response.status_code == 409
    html = response.content.decode()
    assert "not the current ones" in html
    assert 'name="instance_version" value="3"' in html
    assert "Version three words." in html
    assert not Agreement.objects.filter(user=alice, instance_version__number__gte=2).exists()


def test_api_refuses_a_superseded_version_with_the_current_ones(circle, alice, api_as):
    join_now(alice, circle)
    publish_instance_version(change=MATERIAL, changed_text="Newer words.")

    response = api_as(alice).post(
        "/api/v1/groups/evening-circle/agree/", {"agree_instance_version": 1}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "superseded_version"
    assert response.json()["extra"] == {"instance_version": 2, "group_version": None}
    assert Agreement.objects.filter(user=alice).count() == 1


def test_api_agreement_to_the_current_versions_lets_the_member_take_part(circle, alice, api_as):
    join_now(alice, circle)
    publish_instance_version(change=MATERIAL, changed_text="Newer words.")
    client = api_as(alice)

    response = client.post(
        "/api/v1/groups/evening-circle/agree/",
        {"agree_instance_version": 2, "agree_group_version": None},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["via"] == "api"
    assert policies.can_take_part(alice, circle)


def test_a_stranger_cannot_agree_for_a_group_they_are_not_in(circle, charlie, api_as):
    response = api_as(charlie).post(
        "/api/v1/groups/evening-circle/agree/", {"agree_instance_version": 1}, format="json"
    )

    assert response.status_code == 404
    assert not Agreement.objects.filter(user=charlie).exists()


def test_agreeing_to_the_community_guidelines_once_counts_in_every_group(
    circle, alice, facilitator
):
    other = make_group(name="Morning Circle", facilitator=facilitator)
    join_now(alice, circle)
    join_now(alice, other)
    publish_instance_version(change=MATERIAL, changed_text="Newer words.")
    assert not policies.can_take_part(alice, other)

    services.agreement_accept(user=alice, group=circle, instance_version=2, group_version=None)

    assert policies.can_take_part(alice, other)


def test_material_change_to_group_rules_asks_again_only_in_that_group(circle, alice, facilitator):
    other = make_group(name="Morning Circle", facilitator=facilitator)
    publish_version(circle.rules, change=MATERIAL, extra_guideline=("phones", "Phones", "Off."))
    services.group_join(user=alice, group=circle, instance_version=1, group_version=1)
    join_now(alice, other)

    publish_version(circle.rules, change=MATERIAL, changed_text="Phones on silent.")

    assert not policies.can_take_part(alice, circle)
    assert policies.can_take_part(alice, other)
    with pytest.raises(VersionNotCurrent):
        services.agreement_accept(user=alice, group=circle, instance_version=1, group_version=1)
    services.agreement_accept(user=alice, group=circle, instance_version=1, group_version=2)
    assert policies.can_take_part(alice, circle)


def test_my_groups_page_and_api_show_which_group_asks_to_agree_again(
    circle, alice, facilitator, web_as, api_as
):
    other = make_group(name="Morning Circle", facilitator=facilitator)
    publish_version(circle.rules, change=MATERIAL, extra_guideline=("phones", "Phones", "Off."))
    services.group_join(user=alice, group=circle, instance_version=1, group_version=1)
    join_now(alice, other)
    publish_version(circle.rules, change=MATERIAL, changed_text="Phones on silent.")

    listed = api_as(alice).get("/api/v1/me/groups/").json()
    html = web_as(alice).get("/groups/mine/").content.decode()

    assert {g["slug"]: g["can_take_part"] for g in listed} == {
        "evening-circle": False,
        "morning-circle": True,
    }
    assert html.count("read and agree again") == 1
    assert "/groups/evening-circle/agree/" in html
    assert "/groups/morning-circle/agree/" not in html

    publish_instance_version(change=MATERIAL, changed_text="Newer words.")

    listed = api_as(alice).get("/api/v1/me/groups/").json()
    assert [g["can_take_part"] for g in listed] == [False, False]
    assert web_as(alice).get("/groups/mine/").content.decode().count("read and agree again") == 2
