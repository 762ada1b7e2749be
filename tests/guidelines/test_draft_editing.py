"""Drafts through the services: copying, editing, and the immutability of published versions."""

import pytest

from peerhaven.guidelines import selectors, services
from peerhaven.guidelines.exceptions import GuidelineInvalid, VersionPublished
from peerhaven.guidelines.models import Guideline, RuleSetVersion

pytestmark = pytest.mark.django_db


def test_a_new_draft_copies_the_current_version(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)

    current = selectors.current_version(instance_set)
    assert draft.status == RuleSetVersion.Status.DRAFT
    assert draft.number == current.number + 1
    copied = [(g.key, g.title, g.text, g.examples) for g in selectors.guidelines_of(draft)]
    original = [(g.key, g.title, g.text, g.examples) for g in selectors.guidelines_of(current)]
    assert copied == original
    assert len(copied) == 10


def test_starting_a_draft_twice_reuses_the_first(instance_set, org_admin):
    first = services.draft_create(rule_set=instance_set, author=org_admin)
    second = services.draft_create(rule_set=instance_set, author=org_admin)

    assert first.pk == second.pk
    assert instance_set.versions.filter(status=RuleSetVersion.Status.DRAFT).count() == 1


def test_editing_a_draft_leaves_the_published_version_alone(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    guideline = draft.guidelines.get(key="respect")

    services.draft_guideline_update(
        guideline=guideline, author=org_admin, title="Respect everyone", examples=["One", " "]
    )

    guideline.refresh_from_db()
    assert guideline.title == "Respect everyone"
    assert guideline.examples == ["One"]
    published = selectors.current_version(instance_set).guidelines.get(key="respect")
    assert published.title == "Respect every member"


def test_guidelines_are_added_at_the_end_and_can_be_reordered_and_removed(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.draft_guideline_add(
        version=draft,
        author=org_admin,
        key="take-breaks",
        title="Take breaks",
        text="Step away when you need to.",
        examples=["Leaving a meeting early is fine."],
    )
    keys = list(selectors.guidelines_of(draft).values_list("key", flat=True))
    assert keys[-1] == "take-breaks"

    services.draft_guideline_reorder(
        version=draft, author=org_admin, keys=["take-breaks", *keys[:-1]]
    )
    assert selectors.guidelines_of(draft).first().key == "take-breaks"

    services.draft_guideline_remove(guideline=draft.guidelines.get(key="respect"), author=org_admin)
    assert not draft.guidelines.filter(key="respect").exists()
    assert selectors.current_version(instance_set).guidelines.filter(key="respect").exists()


def test_a_guideline_of_a_published_version_cannot_be_changed(instance_set, org_admin):
    published = selectors.current_version(instance_set)
    guideline = published.guidelines.get(key="respect")

    with pytest.raises(VersionPublished):
        services.draft_guideline_update(guideline=guideline, author=org_admin, title="Changed")
    with pytest.raises(VersionPublished):
        services.draft_guideline_remove(guideline=guideline, author=org_admin)
    with pytest.raises(VersionPublished):
        services.draft_guideline_add(
            version=published, author=org_admin, key="new-one", title="New", text="Text"
        )
    with pytest.raises(VersionPublished):
        services.draft_guideline_reorder(
            version=published,
            author=org_admin,
            keys=list(reversed(published.guidelines.values_list("key", flat=True))),
        )

    guideline.refresh_from_db()
    assert guideline.title == "Respect every member"
    assert published.guidelines.count() == 10
    assert selectors.guidelines_of(published).first().key == "active-listening"


def test_a_draft_that_was_published_can_no_longer_change(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.version_publish(version=draft, author=org_admin, change="minor", note="Same words.")
    guideline = draft.guidelines.get(key="boundaries")

    with pytest.raises(VersionPublished):
        services.draft_guideline_update(guideline=guideline, author=org_admin, text="Other")

    guideline.refresh_from_db()
    assert guideline.text.startswith("Share only what you are comfortable sharing")


def test_a_published_key_cannot_be_renamed_but_a_new_one_can(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)

    with pytest.raises(GuidelineInvalid) as refused:
        services.draft_guideline_update(
            guideline=draft.guidelines.get(key="respect"), author=org_admin, key="dignity"
        )
    assert "key" in refused.value.extra["fields"]
    assert draft.guidelines.filter(key="respect").exists()

    added = services.draft_guideline_add(
        version=draft, author=org_admin, key="take-breaks", title="Take breaks", text="Rest."
    )
    services.draft_guideline_update(guideline=added, author=org_admin, key="rest-when-needed")
    assert draft.guidelines.filter(key="rest-when-needed").exists()


def test_a_duplicate_key_in_a_draft_is_refused(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)

    with pytest.raises(GuidelineInvalid) as refused:
        services.draft_guideline_add(
            version=draft, author=org_admin, key="respect", title="Again", text="Twice."
        )

    assert refused.value.extra["fields"]["key"] == [
        "Another guideline in this draft already uses this key."
    ]
    assert draft.guidelines.filter(key="respect").count() == 1
    assert draft.guidelines.count() == 10


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "x" * 2001),
        ("text", "   "),
        ("title", ""),
        ("title", "t" * 121),
        ("key", "Not A Slug"),
        ("key", ""),
        ("examples", ["e" * 301]),
        ("examples", ["fine"] * 11),
        ("examples", "not a list"),
    ],
)
def test_bad_guideline_input_is_refused_and_nothing_is_stored(
    instance_set, org_admin, field, value
):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    data = {"key": "take-breaks", "title": "Take breaks", "text": "Rest.", "examples": []}
    data[field] = value

    with pytest.raises(GuidelineInvalid) as refused:
        services.draft_guideline_add(version=draft, author=org_admin, **data)

    assert list(refused.value.extra["fields"]) == [field]
    assert draft.guidelines.count() == 10
    assert not Guideline.objects.filter(title="Take breaks").exists()


def test_an_update_with_over_long_text_changes_nothing(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    guideline = draft.guidelines.get(key="respect")

    with pytest.raises(GuidelineInvalid):
        services.draft_guideline_update(
            guideline=guideline, author=org_admin, title="New title", text="x" * 2001
        )

    guideline.refresh_from_db()
    assert guideline.title == "Respect every member"


def test_a_reorder_must_name_every_key_once(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    keys = list(selectors.guidelines_of(draft).values_list("key", flat=True))

    for bad in (keys[:-1], [*keys, keys[0]], [*keys[:-1], "unknown"]):
        with pytest.raises(GuidelineInvalid):
            services.draft_guideline_reorder(version=draft, author=org_admin, keys=bad)

    assert list(selectors.guidelines_of(draft).values_list("key", flat=True)) == keys


def test_a_discarded_draft_is_gone_and_a_new_one_starts_fresh(instance_set, org_admin):
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.draft_guideline_remove(guideline=draft.guidelines.get(key="respect"), author=org_admin)

    services.draft_discard(version=draft, author=org_admin)
    fresh = services.draft_create(rule_set=instance_set, author=org_admin)

    assert not RuleSetVersion.objects.filter(pk=draft.pk).exists()
    assert fresh.guidelines.filter(key="respect").exists()
