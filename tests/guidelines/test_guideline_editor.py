"""The editor on the website: drafting, previewing and publishing, and who may do it."""

import pytest

from peerhaven.guidelines import selectors, services
from peerhaven.guidelines.models import Guideline, RuleSetVersion
from tests.guidelines.conftest import run_worker, signed_in

pytestmark = pytest.mark.django_db


def draft_url(rule_set, tail=""):
    return f"/guidelines/sets/{rule_set.pk}/draft/{tail}"


def guideline_post(guideline, **changes):
    prefix = f"g{guideline.pk}"
    data = {
        f"{prefix}-key": guideline.key,
        f"{prefix}-title": guideline.title,
        f"{prefix}-text": guideline.text,
        f"{prefix}-examples": "\n".join(guideline.examples),
    }
    data.update({f"{prefix}-{name}": value for name, value in changes.items()})
    return data


def test_an_admin_starts_a_draft_from_the_editor(admin_client, instance_set):
    page = admin_client.get(draft_url(instance_set))
    assert "Start a draft" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow"

    response = admin_client.post(draft_url(instance_set))

    assert response.status_code == 302
    draft = selectors.draft_of(instance_set)
    assert draft is not None and draft.guidelines.count() == 10
    body = admin_client.get(draft_url(instance_set)).content.decode()
    assert "Draft of version 2" in body
    assert 'value="Listen to understand"' in body


def test_an_admin_edits_a_guideline_and_published_keys_stay_fixed(admin_client, instance_set):
    admin_client.post(draft_url(instance_set))
    guideline = selectors.draft_of(instance_set).guidelines.get(key="respect")

    response = admin_client.post(
        draft_url(instance_set, f"guidelines/{guideline.pk}/"),
        guideline_post(guideline, key="dignity", title="Respect everyone", examples="One\nTwo\n"),
    )

    assert response.status_code == 302
    guideline.refresh_from_db()
    assert guideline.key == "respect"  # published, so the field is locked
    assert guideline.title == "Respect everyone"
    assert guideline.examples == ["One", "Two"]
    body = admin_client.get(draft_url(instance_set)).content.decode()
    assert "This key has been published and cannot change." in body


def test_an_htmx_save_answers_with_the_guideline_alone(admin_client, instance_set):
    admin_client.post(draft_url(instance_set))
    guideline = selectors.draft_of(instance_set).guidelines.get(key="respect")

    response = admin_client.post(
        draft_url(instance_set, f"guidelines/{guideline.pk}/"),
        guideline_post(guideline, text=""),
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Write what the guideline asks of people." in body
    assert f'aria-describedby="id_g{guideline.pk}-text_helptext id_g{guideline.pk}-text_error"' in (
        body
    )
    guideline.refresh_from_db()
    assert guideline.text.startswith("Treat each person")


def test_adding_a_guideline_and_bad_input_on_the_page(admin_client, instance_set):
    admin_client.post(draft_url(instance_set))
    draft = selectors.draft_of(instance_set)
    add = draft_url(instance_set, "guidelines/")

    duplicate = admin_client.post(
        add, {"new-key": "respect", "new-title": "Again", "new-text": "Twice."}
    )
    too_long = admin_client.post(
        add, {"new-key": "take-breaks", "new-title": "Take breaks", "new-text": "x" * 2001}
    )
    assert "Another guideline in this draft already uses this key." in duplicate.content.decode()
    assert "Keep the text to 2000 characters or fewer." in too_long.content.decode()
    assert draft.guidelines.count() == 10

    response = admin_client.post(
        add,
        {
            "new-key": "take-breaks",
            "new-title": "Take breaks",
            "new-text": "Step away when you need to.",
            "new-examples": "Leaving early is fine.",
        },
    )

    assert response.status_code == 302
    added = draft.guidelines.get(key="take-breaks")
    assert added.examples == ["Leaving early is fine."]


def test_removing_and_moving_guidelines(admin_client, instance_set):
    admin_client.post(draft_url(instance_set))
    draft = selectors.draft_of(instance_set)
    respect = draft.guidelines.get(key="respect")
    last = selectors.guidelines_of(draft).last()

    admin_client.post(draft_url(instance_set, f"guidelines/{last.pk}/move/"), {"direction": "up"})
    admin_client.post(draft_url(instance_set, f"guidelines/{respect.pk}/remove/"))

    keys = list(selectors.guidelines_of(draft).values_list("key", flat=True))
    assert "respect" not in keys
    assert keys[-2:] == ["peer-not-therapy", "confidentiality"]


def test_the_preview_shows_what_changed(admin_client, instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.draft_guideline_update(
        guideline=draft.guidelines.get(key="respect"), author=org_admin, title="Respect everyone"
    )
    services.draft_guideline_remove(
        guideline=draft.guidelines.get(key="i-statements"), author=org_admin
    )
    services.draft_guideline_add(
        version=draft, author=org_admin, key="take-breaks", title="Take breaks", text="Rest."
    )

    body = admin_client.get(draft_url(instance_set, "preview/")).content.decode()

    assert "Changes from version 1 to version 2" in body
    assert "Respect everyone" in body and "(changed)" in body
    assert "Take breaks" in body and "(added)" in body
    assert "Speak from your own experience" in body and "(removed)" in body
    assert '<del class="diff-line"><span class="visually-hidden">Removed: </span>Respect every' in (
        body
    )


@pytest.mark.parametrize("change", ["minor", "material"])
def test_publishing_through_the_page_with_a_confirmation_step(
    admin_client,
    instance_set,
    org_admin,
    alice,
    mailoutbox,
    change,
    django_capture_on_commit_callbacks,
):
    before = selectors.required_version(instance_set)
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.draft_guideline_update(
        guideline=draft.guidelines.get(key="respect"), author=org_admin, title="Respect everyone"
    )
    publish = draft_url(instance_set, "publish/")
    assert (
        "Material: what is expected of people changes."
        in admin_client.get(publish).content.decode()
    )

    confirm = admin_client.post(publish, {"change": change, "note": "Clearer title."})

    assert "Confirm publishing" in confirm.content.decode()
    assert "1 guideline changed" in confirm.content.decode()
    draft.refresh_from_db()
    assert draft.status == RuleSetVersion.Status.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        done = admin_client.post(
            publish, {"change": change, "note": "Clearer title.", "confirm": "yes"}
        )

    assert done.status_code == 302
    assert done["Location"] == "/guidelines/versions/2/"
    draft.refresh_from_db()
    assert draft.status == RuleSetVersion.Status.PUBLISHED
    assert draft.change == change
    moved = selectors.required_version(instance_set) != before
    assert moved is (change == "material")
    run_worker()
    message = next(m for m in mailoutbox if m.to == ["alice@example.org"])
    assert ("agree again" in message.subject) is (change == "material")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"change": "minor", "note": ""}, "Write a note that tells members what changed and why."),
        (
            {"change": "huge", "note": "Note."},
            "Choose whether this is a minor or a material change.",
        ),
        (
            {"note": "Note.", "confirm": "yes"},
            "Choose whether this is a minor or a material change.",
        ),
        (
            {"change": "minor", "note": "  ", "confirm": "yes"},
            "Write a note that tells members what changed and why.",
        ),
    ],
)
def test_publishing_without_a_note_or_kind_is_refused(
    admin_client, instance_set, org_admin, data, message
):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)

    response = admin_client.post(draft_url(instance_set, "publish/"), data)

    body = response.content.decode()
    assert "Nothing was published." in body
    assert message in body
    draft.refresh_from_db()
    assert draft.status == RuleSetVersion.Status.DRAFT


def test_publishing_an_empty_draft_is_refused(admin_client, instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    draft.guidelines.all().delete()

    response = admin_client.post(
        draft_url(instance_set, "publish/"), {"change": "minor", "note": "Hi.", "confirm": "yes"}
    )

    assert response.status_code == 400
    assert "Add at least one guideline before publishing." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RuleSetVersion.Status.DRAFT


def test_a_published_guideline_cannot_be_edited_on_the_page(admin_client, instance_set):
    published = selectors.current_version(instance_set).guidelines.get(key="respect")
    url = draft_url(instance_set, f"guidelines/{published.pk}/")

    edit = admin_client.post(url, guideline_post(published, title="Changed"))
    remove = admin_client.post(url + "remove/")

    assert edit.status_code == 409
    assert remove.status_code == 409
    assert "is published and can no longer change" in edit.content.decode()
    published.refresh_from_db()
    assert published.title == "Respect every member"
    assert Guideline.objects.filter(pk=published.pk).exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, instance_set):
    for url in ("", "preview/", "publish/"):
        response = client.get(draft_url(instance_set, url))
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/sign-in/")
    client.post(draft_url(instance_set))
    assert selectors.draft_of(instance_set) is None


@pytest.mark.parametrize("who", ["alice", "facilitator", "charlie"])
def test_only_site_admins_edit_the_community_guidelines(request, instance_set, org_admin, who):
    user = request.getfixturevalue(who)
    client = signed_in(user)

    start = client.post(draft_url(instance_set))
    assert start.status_code == 403
    assert "Only site admins can change the community guidelines." in start.content.decode()
    assert selectors.draft_of(instance_set) is None

    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    guideline = draft.guidelines.get(key="respect")
    assert client.get(draft_url(instance_set)).status_code == 403
    assert client.get(draft_url(instance_set, "preview/")).status_code == 403
    edit = client.post(
        draft_url(instance_set, f"guidelines/{guideline.pk}/"),
        guideline_post(guideline, title="Mine"),
    )
    publish = client.post(
        draft_url(instance_set, "publish/"), {"change": "minor", "note": "x", "confirm": "yes"}
    )
    assert edit.status_code == 403 and publish.status_code == 403
    guideline.refresh_from_db()
    draft.refresh_from_db()
    assert guideline.title == "Respect every member"
    assert draft.status == RuleSetVersion.Status.DRAFT


def test_a_group_facilitator_edits_their_own_groups_rules(alice, bob, alice_group):
    client = signed_in(alice)

    client.post(draft_url(alice_group.rules))
    draft = selectors.draft_of(alice_group.rules)
    guideline = draft.guidelines.get(key="cameras-optional")
    client.post(
        draft_url(alice_group.rules, f"guidelines/{guideline.pk}/"),
        guideline_post(guideline, text="Cameras and microphones are optional."),
    )
    done = client.post(
        draft_url(alice_group.rules, "publish/"),
        {"change": "material", "note": "Microphones too.", "confirm": "yes"},
    )

    assert done["Location"] == f"/guidelines/sets/{alice_group.rules.pk}/versions/2/"
    assert selectors.required_version(alice_group.rules).number == 2
    # A plain member of the group may read but not edit.
    assert signed_in(bob).get(draft_url(alice_group.rules)).status_code == 403


def test_a_group_facilitator_cannot_touch_another_groups_rules(
    alice, alice_group, other_listed_group, other_unlisted_group
):
    client = signed_in(alice)

    listed = client.post(draft_url(other_listed_group.rules))
    unlisted = client.post(draft_url(other_unlisted_group.rules))

    assert listed.status_code == 403
    assert unlisted.status_code == 404
    assert "not visible to you" in unlisted.content.decode()
    assert selectors.draft_of(other_listed_group.rules) is None
    assert selectors.draft_of(other_unlisted_group.rules) is None
    # Nor the community guidelines.
    assert client.post(draft_url(selectors.instance_rule_set())).status_code == 403


def test_a_site_admin_may_edit_any_groups_rules(admin_client, other_unlisted_group):
    response = admin_client.post(draft_url(other_unlisted_group.rules))

    assert response.status_code == 302
    assert selectors.draft_of(other_unlisted_group.rules) is not None
