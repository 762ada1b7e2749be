"""What changed between two versions, guideline by guideline."""

import pytest

from peerhaven.guidelines import selectors, services
from peerhaven.guidelines.services import DiffLine

pytestmark = pytest.mark.django_db


def test_the_diff_lists_added_removed_and_changed_guidelines(instance_set, org_admin):
    current = selectors.current_version(instance_set)
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    services.draft_guideline_update(
        guideline=draft.guidelines.get(key="respect"),
        author=org_admin,
        examples=[
            "Addressing the idea, never the person.",
            "Asking how someone likes to be named.",
        ],
    )
    services.draft_guideline_remove(
        guideline=draft.guidelines.get(key="i-statements"), author=org_admin
    )
    services.draft_guideline_add(
        version=draft, author=org_admin, key="take-breaks", title="Take breaks", text="Rest.\nOk."
    )

    changes = services.version_diff(old=current, new=draft)

    assert [(c.key, c.kind) for c in changes] == [
        ("respect", "changed"),
        ("take-breaks", "added"),
        ("i-statements", "removed"),
    ]
    changed, added, removed = changes
    [examples] = changed.fields
    assert examples.field == "examples"
    assert examples.lines == [
        DiffLine("same", "Addressing the idea, never the person."),
        DiffLine("removed", "Using the name and pronouns a member asks for."),
        DiffLine("added", "Asking how someone likes to be named."),
    ]
    assert [f.field for f in added.fields] == ["title", "text"]
    assert added.fields[1].lines == [DiffLine("added", "Rest."), DiffLine("added", "Ok.")]
    assert all(line.op == "removed" for f in removed.fields for line in f.lines)
    assert removed.title == "Speak from your own experience"


def test_unchanged_guidelines_and_pure_moves_are_not_listed(instance_set, org_admin):
    current = selectors.current_version(instance_set)
    draft = services.draft_create(rule_set=instance_set, author=org_admin)
    keys = list(selectors.guidelines_of(draft).values_list("key", flat=True))
    services.draft_guideline_reorder(version=draft, author=org_admin, keys=keys[::-1])

    assert services.version_diff(old=current, new=draft) == []
    assert services.diff_summary([]) == "No change in wording"


def test_a_first_version_is_all_added(instance_set):
    current = selectors.current_version(instance_set)

    changes = services.version_diff(old=None, new=current)

    assert len(changes) == 10
    assert {c.kind for c in changes} == {"added"}
    assert services.diff_summary(changes) == "10 guidelines added"
