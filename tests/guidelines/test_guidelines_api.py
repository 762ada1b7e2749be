"""The guidelines API: reading for everyone, drafting and publishing for editors."""

import pytest

from peerhaven.guidelines import selectors, services
from peerhaven.guidelines.models import RuleSetVersion
from tests.guidelines.conftest import api_as, run_worker

pytestmark = pytest.mark.django_db


def rule_set_url(rule_set, tail=""):
    return f"/api/v1/rule-sets/{rule_set.pk}/{tail}"


def test_anyone_reads_the_current_guidelines(db, instance_set):
    response = api_as(None).get("/api/v1/guidelines/")

    data = response.json()
    assert response.status_code == 200
    assert data["scope"] == "instance"
    assert data["required_version"] == 1
    version = data["current_version"]
    assert version["number"] == 1
    assert version["change"] == "initial"
    keys = [g["key"] for g in version["guidelines"]]
    assert keys[0] == "active-listening" and len(keys) == 10
    assert version["guidelines"][0]["examples"][0].startswith('"It sounds like')


def test_anyone_reads_the_version_history(db, instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.version_publish(version=draft, author=org_admin, change="minor", note="Same words.")
    client = api_as(None)

    history = client.get("/api/v1/guidelines/versions/").json()
    one = client.get("/api/v1/guidelines/versions/1/")

    assert [(v["number"], v["change"], v["needs_agreement"]) for v in history] == [
        (2, "minor", False),
        (1, "initial", True),
    ]
    assert history[0]["note"] == "Same words."
    assert one.status_code == 200 and len(one.json()["guidelines"]) == 10
    assert client.get("/api/v1/guidelines/versions/3/").status_code == 404


def test_a_drafts_number_is_not_readable_as_a_version(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)

    response = api_as(None).get(f"/api/v1/guidelines/versions/{draft.number}/")

    assert response.status_code == 404
    assert response.json()["code"] == "version_not_found"


def test_group_rules_follow_the_groups_visibility(
    alice, charlie, alice_group, other_unlisted_group
):
    assert api_as(None).get(rule_set_url(alice_group.rules)).status_code == 200
    hidden = api_as(alice).get(rule_set_url(other_unlisted_group.rules))
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "rule_set_not_found"
    assert api_as(alice).get(rule_set_url(other_unlisted_group.rules, "versions/")).status_code == (
        404
    )
    assert api_as(charlie).get(rule_set_url(other_unlisted_group.rules)).status_code == 200


@pytest.mark.parametrize("change", ["minor", "material"])
def test_an_admin_drafts_edits_and_publishes_through_the_api(
    instance_set, org_admin, alice, mailoutbox, change, django_capture_on_commit_callbacks
):
    client = api_as(org_admin)
    before = selectors.required_version(instance_set)

    created = client.post(rule_set_url(instance_set, "draft/"))
    again = client.post(rule_set_url(instance_set, "draft/"))
    assert created.status_code == 201 and again.status_code == 200
    assert created.json()["number"] == again.json()["number"] == 2
    assert created.json()["status"] == "draft"

    patched = client.patch(
        rule_set_url(instance_set, "draft/guidelines/respect/"),
        {"title": "Respect everyone"},
        format="json",
    )
    added = client.post(
        rule_set_url(instance_set, "draft/guidelines/"),
        {"key": "take-breaks", "title": "Take breaks", "text": "Rest.", "examples": ["Ok."]},
        format="json",
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Respect everyone"
    assert added.status_code == 201 and added.json()["position"] == 10
    diff = client.get(rule_set_url(instance_set, "draft/diff/")).json()
    assert [(c["key"], c["kind"]) for c in diff] == [
        ("respect", "changed"),
        ("take-breaks", "added"),
    ]
    assert diff[0]["diffs"][0]["lines"] == [
        {"op": "removed", "text": "Respect every member"},
        {"op": "added", "text": "Respect everyone"},
    ]

    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(
            rule_set_url(instance_set, "publish/"),
            {"change": change, "note": "Broader title."},
            format="json",
        )

    assert published.status_code == 201
    assert published.json()["status"] == "published"
    assert published.json()["change"] == change
    assert selectors.current_version(instance_set).number == 2
    assert (selectors.required_version(instance_set) != before) is (change == "material")
    assert client.get(rule_set_url(instance_set, "draft/")).status_code == 404
    run_worker()
    assert any(m.to == ["alice@example.org"] for m in mailoutbox)


def test_a_published_version_cannot_be_edited_through_the_api(instance_set, org_admin):
    client = api_as(org_admin)
    url = rule_set_url(instance_set, "versions/1/guidelines/respect/")

    patched = client.patch(url, {"title": "Changed"}, format="json")
    deleted = client.delete(url)

    assert patched.status_code == 409
    assert patched.json()["code"] == "version_published"
    assert deleted.status_code == 409
    guideline = selectors.current_version(instance_set).guidelines.get(key="respect")
    assert guideline.title == "Respect every member"


def test_a_drafts_guideline_is_also_reachable_by_version_number(instance_set, org_admin):
    client = api_as(org_admin)
    client.post(rule_set_url(instance_set, "draft/"))

    response = client.delete(rule_set_url(instance_set, "versions/2/guidelines/respect/"))

    assert response.status_code == 204
    assert not selectors.draft_of(instance_set).guidelines.filter(key="respect").exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"key": "respect", "title": "Again", "text": "Twice."}, "key"),
        ({"key": "take-breaks", "title": "Take breaks", "text": "x" * 2001}, "text"),
        ({"key": "Bad Key", "title": "Take breaks", "text": "Rest."}, "key"),
        ({"key": "take-breaks", "title": "", "text": "Rest."}, "title"),
        ({"key": "take-breaks", "title": 5, "text": "Rest."}, "title"),
        ({"key": "take-breaks", "title": "Ok", "text": "Rest.", "examples": "x"}, "examples"),
    ],
)
def test_bad_guideline_input_through_the_api_stores_nothing(
    instance_set, org_admin, payload, field
):
    client = api_as(org_admin)
    client.post(rule_set_url(instance_set, "draft/"))

    response = client.post(rule_set_url(instance_set, "draft/guidelines/"), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["extra"]["fields"]
    assert selectors.draft_of(instance_set).guidelines.count() == 10


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"change": "minor", "note": ""}, "note"),
        ({"change": "huge", "note": "A note."}, "change"),
        ({"note": "A note."}, "change"),
        ({"change": "minor", "note": "n" * 501}, "note"),
    ],
)
def test_bad_publish_input_through_the_api_publishes_nothing(
    instance_set, org_admin, payload, field
):
    client = api_as(org_admin)
    client.post(rule_set_url(instance_set, "draft/"))

    response = client.post(rule_set_url(instance_set, "publish/"), payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["extra"]["fields"]
    assert selectors.draft_of(instance_set).status == RuleSetVersion.Status.DRAFT
    assert selectors.current_version(instance_set).number == 1


def test_publishing_an_empty_draft_through_the_api_is_refused(instance_set, org_admin):
    client = api_as(org_admin)
    client.post(rule_set_url(instance_set, "draft/"))
    selectors.draft_of(instance_set).guidelines.all().delete()

    response = client.post(
        rule_set_url(instance_set, "publish/"), {"change": "minor", "note": "Hi."}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "empty_version"
    assert selectors.current_version(instance_set).number == 1


def test_reordering_through_the_api(instance_set, org_admin):
    client = api_as(org_admin)
    client.post(rule_set_url(instance_set, "draft/"))
    keys = list(
        selectors.guidelines_of(selectors.draft_of(instance_set)).values_list("key", flat=True)
    )

    bad = client.put(rule_set_url(instance_set, "draft/order/"), {"keys": keys[1:]}, format="json")
    good = client.put(
        rule_set_url(instance_set, "draft/order/"), {"keys": keys[::-1]}, format="json"
    )

    assert bad.status_code == 400 and bad.json()["code"] == "bad_order"
    assert good.status_code == 200
    assert [g["key"] for g in good.json()["guidelines"]] == keys[::-1]


def test_signed_out_callers_cannot_edit(db, instance_set):
    client = api_as(None)

    for response in (
        client.get(rule_set_url(instance_set, "draft/")),
        client.post(rule_set_url(instance_set, "draft/")),
        client.post(rule_set_url(instance_set, "publish/"), {"change": "minor", "note": "x"}),
    ):
        assert response.status_code == 403
        assert response.json()["code"] == "not_authenticated"
    assert selectors.draft_of(instance_set) is None


@pytest.mark.parametrize("who", ["alice", "facilitator", "charlie"])
def test_only_site_admins_edit_the_community_guidelines_through_the_api(
    request, instance_set, org_admin, who
):
    client = api_as(request.getfixturevalue(who))

    start = client.post(rule_set_url(instance_set, "draft/"))
    services.draft_create(rule_set=instance_set, author=org_admin)
    patch = client.patch(
        rule_set_url(instance_set, "draft/guidelines/respect/"), {"title": "Mine"}, format="json"
    )
    publish = client.post(
        rule_set_url(instance_set, "publish/"), {"change": "minor", "note": "x"}, format="json"
    )

    assert [start.status_code, patch.status_code, publish.status_code] == [403, 403, 403]
    assert start.json()["code"] == "not_allowed"
    draft = selectors.draft_of(instance_set)
    assert draft.status == RuleSetVersion.Status.DRAFT
    assert draft.guidelines.get(key="respect").title == "Respect every member"


def test_a_group_facilitator_uses_the_api_for_their_group_only(
    alice, alice_group, other_listed_group, other_unlisted_group
):
    client = api_as(alice)

    own = client.post(rule_set_url(alice_group.rules, "draft/"))
    listed = client.post(rule_set_url(other_listed_group.rules, "draft/"))
    unlisted = client.post(rule_set_url(other_unlisted_group.rules, "draft/"))

    assert own.status_code == 201
    assert listed.status_code == 403
    assert unlisted.status_code == 404
    assert selectors.draft_of(other_listed_group.rules) is None
    assert selectors.draft_of(other_unlisted_group.rules) is None
