"""Reading guidelines on the website, signed out or in."""

import pytest

from peerhaven.guidelines import selectors, services
from tests.guidelines.conftest import make_group, signed_in

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_current_guidelines_with_examples(client, instance_set):
    response = client.get("/guidelines/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Community guidelines" in body
    assert "Listen to understand" in body
    assert "Peer support, not professional care" in body
    assert "It sounds like the last few weeks have been exhausting." in body
    assert "Version 1, published" in body
    assert 'href="/guidelines/versions/"' in body
    assert "Propose changes" not in body  # no editing controls for visitors


def test_the_history_lists_versions_with_change_kind_and_note(
    client, instance_set, org_admin, django_capture_on_commit_callbacks
):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.draft_guideline_update(
        guideline=draft.guidelines.get(key="respect"), author=org_admin, title="Respect everyone"
    )
    services.version_publish(version=draft, author=org_admin, change="material", note="Broader.")

    body = client.get("/guidelines/versions/").content.decode()

    assert "Version 2" in body and "Version 1" in body
    assert "Material: members agree again" in body
    assert "Broader." in body
    assert "First version of the community guidelines." in body
    assert body.index("Version 2") < body.index("Version 1")


def test_an_older_version_shows_its_own_text_and_what_changed_next(client, instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.draft_guideline_update(
        guideline=draft.guidelines.get(key="respect"), author=org_admin, title="Respect everyone"
    )
    services.version_publish(version=draft, author=org_admin, change="minor", note="Clearer.")

    old = client.get("/guidelines/versions/1/").content.decode()
    new = client.get("/guidelines/versions/2/").content.decode()

    assert "Respect every member" in old and "This is an earlier version." in old
    assert "Respect everyone" in new and "What changed since version 1" in new
    assert "<del" in new and "<ins" in new


def test_a_draft_is_not_readable_as_a_version(client, instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)

    response = client.get(f"/guidelines/versions/{draft.number}/")

    assert response.status_code == 404
    assert client.get("/guidelines/versions/99/").status_code == 404


def test_a_listed_groups_rules_are_public(client, alice):
    group = make_group("Evening Circle", facilitators=[alice])

    response = client.get(f"/guidelines/sets/{group.rules.pk}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Rules of Evening Circle" in body
    assert "Cameras are optional" in body
    assert "X-Robots-Tag" not in response.headers


def test_an_unlisted_groups_rules_are_hidden_from_outsiders(client, alice, bob, charlie):
    group = make_group("Quiet Room", listed=False, facilitators=[alice], members=[bob])
    url = f"/guidelines/sets/{group.rules.pk}/"

    assert client.get(url).status_code == 404
    assert signed_in(charlie).get(url).status_code == 404
    assert signed_in(charlie).get(url + "versions/").status_code == 404
    assert signed_in(charlie).get(url + "versions/1/").status_code == 404
    member_view = signed_in(bob).get(url)
    assert member_view.status_code == 200
    assert member_view["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in member_view.content.decode()


def test_a_missing_rule_set_is_404(client, db):
    assert client.get("/guidelines/sets/999999/").status_code == 404


def test_the_instance_set_by_id_goes_to_the_guidelines_page(client, instance_set):
    response = client.get(f"/guidelines/sets/{instance_set.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "/guidelines/"


def test_editors_see_a_link_to_the_editor(admin_client, instance_set):
    body = admin_client.get("/guidelines/").content.decode()

    assert f'href="/guidelines/sets/{instance_set.pk}/draft/"' in body
    assert selectors.draft_of(instance_set) is None
