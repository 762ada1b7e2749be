"""Publishing through the services, and the e-mail to affected members."""

import pytest
from django_tasks_db.models import DBTaskResult

from peerhaven.guidelines import selectors, services
from peerhaven.guidelines.exceptions import PublishInvalid, VersionPublished
from peerhaven.guidelines.models import RuleSetVersion
from tests.factories import UserFactory
from tests.guidelines.conftest import make_group, run_worker

pytestmark = pytest.mark.django_db

TASK = "peerhaven.guidelines.tasks.notify_rule_set_published"


def edited_draft(rule_set, author):
    draft = services.draft_create(rule_set=rule_set, author=author)
    guideline = draft.guidelines.order_by("position").first()
    services.draft_guideline_update(
        guideline=guideline, author=author, text=guideline.text + " Take your time."
    )
    return draft


def test_a_material_change_moves_the_required_version(
    instance_set, org_admin, django_capture_on_commit_callbacks
):
    before = selectors.required_version(instance_set)
    draft = edited_draft(instance_set, org_admin)

    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_publish(
            version=draft, author=org_admin, change="material", note="Listening asks more now."
        )

    assert version.status == RuleSetVersion.Status.PUBLISHED
    assert version.change == RuleSetVersion.Change.MATERIAL
    assert version.published_at is not None
    assert version.published_by == org_admin
    assert selectors.current_version(instance_set) == version
    assert selectors.required_version(instance_set) == version
    assert before != version


def test_a_minor_change_keeps_the_required_version(
    instance_set, org_admin, django_capture_on_commit_callbacks
):
    before = selectors.required_version(instance_set)
    draft = edited_draft(instance_set, org_admin)

    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_publish(
            version=draft, author=org_admin, change="minor", note="Clearer wording."
        )

    assert selectors.current_version(instance_set) == version
    assert selectors.required_version(instance_set) == before


def test_a_material_change_asks_every_member_to_agree_again(
    instance_set, org_admin, alice, bob, mailoutbox, django_capture_on_commit_callbacks
):
    draft = edited_draft(instance_set, org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(
            version=draft, author=org_admin, change="material", note="Listening asks more now."
        )
    assert mailoutbox == []  # sent by the worker, not during the request

    run_worker()

    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"alice@example.org", "bob@example.org", "ada@example.org"}
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mailoutbox)
    message = by_address["alice@example.org"]
    assert "agree again" in message.subject
    assert "Hello Alice," in message.body
    assert "agree again before taking part" in message.body
    assert "Listening asks more now." in message.body
    assert "1 guideline changed" in message.body
    # Nobody's address appears in anyone else's message.
    assert "bob@example.org" not in message.body


def test_a_minor_change_tells_members_what_changed(
    instance_set, org_admin, alice, mailoutbox, django_capture_on_commit_callbacks
):
    draft = edited_draft(instance_set, org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(
            version=draft, author=org_admin, change="minor", note="Clearer wording."
        )

    run_worker()

    message = next(m for m in mailoutbox if m.to == ["alice@example.org"])
    assert "agree again" not in message.subject
    assert "here is what changed" in message.body
    assert "Clearer wording." in message.body


def test_group_rules_reach_only_that_groups_members(
    alice, bob, charlie, mailoutbox, django_capture_on_commit_callbacks
):
    group = make_group("Evening Circle", facilitators=[alice], members=[bob])
    make_group("Morning Walkers", facilitators=[charlie])
    draft = edited_draft(group.rules, alice)

    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(
            version=draft, author=alice, change="material", note="Cameras stay optional."
        )
    run_worker()

    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", "bob@example.org"]
    assert all("Evening Circle" in m.subject for m in mailoutbox)


def test_the_email_goes_out_once_even_when_enqueued_twice(
    instance_set, org_admin, alice, mailoutbox, django_capture_on_commit_callbacks
):
    draft = edited_draft(instance_set, org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_publish(
            version=draft, author=org_admin, change="minor", note="Clearer wording."
        )

    assert services.version_published_notify(version_id=version.pk) is False
    run_worker()
    run_worker()

    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.org", "alice@example.org"]


def test_inactive_accounts_get_no_email(
    instance_set, org_admin, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="gone@example.org", is_active=False)
    draft = edited_draft(instance_set, org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_publish(version=draft, author=org_admin, change="minor", note="Small.")
    run_worker()

    assert [m.to[0] for m in mailoutbox] == ["ada@example.org"]


@pytest.mark.parametrize(
    ("change", "note", "code"),
    [
        ("minor", "", "note_required"),
        ("minor", "   ", "note_required"),
        ("minor", "n" * 501, "note_required"),
        ("huge", "A note.", "unknown_change"),
        ("initial", "A note.", "unknown_change"),
    ],
)
def test_bad_publish_input_is_refused_and_nothing_changes(
    instance_set, org_admin, change, note, code, django_capture_on_commit_callbacks
):
    before = selectors.current_version(instance_set)
    draft = edited_draft(instance_set, org_admin)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PublishInvalid) as refused:
        services.version_publish(version=draft, author=org_admin, change=change, note=note)

    assert refused.value.code == code
    draft.refresh_from_db()
    assert draft.status == RuleSetVersion.Status.DRAFT
    assert draft.published_at is None
    assert selectors.current_version(instance_set) == before
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


def test_an_empty_draft_cannot_be_published(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    for guideline in list(draft.guidelines.all()):
        services.draft_guideline_remove(guideline=guideline, author=org_admin)

    with pytest.raises(PublishInvalid) as refused:
        services.version_publish(version=draft, author=org_admin, change="minor", note="Empty.")

    assert refused.value.code == "empty_version"
    draft.refresh_from_db()
    assert draft.status == RuleSetVersion.Status.DRAFT


def test_a_version_is_published_only_once(instance_set, org_admin):
    draft = edited_draft(instance_set, org_admin)
    services.version_publish(version=draft, author=org_admin, change="minor", note="First.")

    with pytest.raises(VersionPublished):
        services.version_publish(version=draft, author=org_admin, change="material", note="Again")

    draft.refresh_from_db()
    assert draft.change == RuleSetVersion.Change.MINOR
    assert draft.note == "First."


def test_the_first_rules_of_a_new_set_need_everyones_agreement(alice):
    group = make_group("Evening Circle", facilitators=[alice])
    group.rules.versions.all().delete()
    draft = services.draft_create(rule_set=group.rules, author=alice)
    services.draft_guideline_add(
        version=draft, author=alice, key="start-on-time", title="Start on time", text="We do."
    )

    version = services.version_publish(version=draft, author=alice, change="minor", note="Hi.")

    assert version.number == 1
    assert version.change == RuleSetVersion.Change.INITIAL
    assert selectors.required_version(group.rules) == version
