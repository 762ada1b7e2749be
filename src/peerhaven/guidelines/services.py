"""Every write to guideline sets: drafts, their guidelines, and publishing.

A published version is immutable, because it is what members agreed to. Changes go into
the set's one draft (a copy of the current version) and become a new version on publish.
Each write checks `policies.check_edit_rule_set` first, so web and API share the rule.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peerhaven.accounts.models import User
from peerhaven.guidelines import policies, selectors
from peerhaven.guidelines.exceptions import (
    GuidelineInvalid,
    PublishInvalid,
    VersionPublished,
)
from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion

KEY_MAX = 60
TITLE_MAX = 120
TEXT_MAX = 2000
EXAMPLE_MAX = 300
EXAMPLES_MAX = 10
NOTE_MAX = 500
GUIDELINES_MAX = 50
KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PUBLISH_CHANGES = (RuleSetVersion.Change.MINOR, RuleSetVersion.Change.MATERIAL)

FieldErrors = dict[str, list[str]]


# --- Validation -----------------------------------------------------------------------


def clean_examples(examples: Any) -> list[str] | None:
    """Examples as a list of trimmed, non-empty strings; None when the input is not a list
    of strings at all."""
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        return None
    return [e.strip() for e in examples if e.strip()]


def guideline_input_errors(
    *,
    version: RuleSetVersion,
    key: str,
    title: str,
    text: str,
    examples: Any,
    guideline: Guideline | None = None,
) -> FieldErrors:
    """Everything wrong with one guideline's input, by field. Empty when it may be saved.

    `guideline` is the row being changed (None when adding). Forms call this too, so the
    page and the API give the same messages.
    """
    errors: FieldErrors = {}
    key_errors = _key_errors(version=version, key=key, guideline=guideline)
    if key_errors:
        errors["key"] = key_errors
    if not title.strip():
        errors["title"] = [_("Give the guideline a title.")]
    elif len(title.strip()) > TITLE_MAX:
        errors["title"] = [_("Keep the title to %(max)d characters or fewer.") % {"max": TITLE_MAX}]
    if not text.strip():
        errors["text"] = [_("Write what the guideline asks of people.")]
    elif len(text.strip()) > TEXT_MAX:
        errors["text"] = [_("Keep the text to %(max)d characters or fewer.") % {"max": TEXT_MAX}]
    cleaned = clean_examples(examples)
    if cleaned is None:
        errors["examples"] = [_("Examples must be a list of texts.")]
    elif len(cleaned) > EXAMPLES_MAX:
        errors["examples"] = [
            _("Give at most %(max)d examples.") % {"max": EXAMPLES_MAX},
        ]
    elif any(len(e) > EXAMPLE_MAX for e in cleaned):
        errors["examples"] = [
            _("Keep each example to %(max)d characters or fewer.") % {"max": EXAMPLE_MAX}
        ]
    return errors


def _key_errors(*, version: RuleSetVersion, key: str, guideline: Guideline | None) -> list[str]:
    if guideline is not None and key == guideline.key:
        return []
    if not key:
        return [_("Give the guideline a key, such as active-listening.")]
    if len(key) > KEY_MAX or not KEY_PATTERN.match(key):
        return [
            _(
                "A key uses lowercase letters, digits and single hyphens, at most %(max)d "
                "characters, such as active-listening."
            )
            % {"max": KEY_MAX}
        ]
    if guideline is not None and guideline.key in selectors.published_keys(version.rule_set):
        return [_("This key has been published, so it can no longer change.")]
    if version.guidelines.filter(key=key).exists():
        return [_("Another guideline in this draft already uses this key.")]
    return []


def _raise_if_invalid(errors: FieldErrors) -> None:
    if errors:
        raise GuidelineInvalid(
            _("The guideline was not saved. Please check the fields."),
            extra={"fields": errors},
        )


# --- Drafts ----------------------------------------------------------------------------


def _lock_draft(version: RuleSetVersion) -> RuleSetVersion:
    """Re-read the version under a row lock and refuse if it is published.

    Call inside `transaction.atomic`.
    """
    locked = (
        RuleSetVersion.objects.select_for_update().select_related("rule_set").get(pk=version.pk)
    )
    if locked.status != RuleSetVersion.Status.DRAFT:
        raise VersionPublished(
            _("Version %(number)d is published and can no longer change. Start a new draft.")
            % {"number": locked.number}
        )
    return locked


def _lock_guideline(guideline: Guideline) -> tuple[Guideline, RuleSetVersion]:
    """The guideline and its version, refusing any row of a published version."""
    version = _lock_draft(guideline.version)
    locked = Guideline.objects.select_for_update().get(pk=guideline.pk)
    if locked.version_id != version.pk:
        raise VersionPublished(_("This guideline belongs to another version."))
    return locked, version


@transaction.atomic
def draft_create(*, rule_set: RuleSet, author: User) -> RuleSetVersion:
    """The set's draft: the existing one, or a new copy of the current published version."""
    policies.check_edit_rule_set(author, rule_set)
    # One draft per set: the lock makes a second, simultaneous request wait and reuse it.
    rule_set = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    existing = selectors.draft_of(rule_set)
    if existing is not None:
        return existing
    last = rule_set.versions.aggregate(last=Max("number"))["last"] or 0
    draft = RuleSetVersion.objects.create(
        rule_set=rule_set, number=last + 1, status=RuleSetVersion.Status.DRAFT, created_by=author
    )
    current = selectors.current_version(rule_set)
    if current is not None:
        Guideline.objects.bulk_create(
            Guideline(
                version=draft,
                key=g.key,
                title=g.title,
                text=g.text,
                examples=list(g.examples),
                position=g.position,
            )
            for g in selectors.guidelines_of(current)
        )
    return draft


@transaction.atomic
def draft_discard(*, version: RuleSetVersion, author: User) -> None:
    """Throw a draft away; the published versions stay as they are."""
    policies.check_edit_rule_set(author, version.rule_set)
    _lock_draft(version).delete()


@transaction.atomic
def draft_guideline_add(
    *,
    version: RuleSetVersion,
    author: User,
    key: str,
    title: str,
    text: str,
    examples: list[str] | None = None,
) -> Guideline:
    """Add a guideline at the end of a draft."""
    policies.check_edit_rule_set(author, version.rule_set)
    version = _lock_draft(version)
    examples = [] if examples is None else examples
    key = key.strip()
    _raise_if_invalid(
        guideline_input_errors(version=version, key=key, title=title, text=text, examples=examples)
    )
    if version.guidelines.count() >= GUIDELINES_MAX:
        raise GuidelineInvalid(
            _("A set holds at most %(max)d guidelines.") % {"max": GUIDELINES_MAX},
            code="too_many_guidelines",
        )
    last = version.guidelines.aggregate(last=Max("position"))["last"]
    return Guideline.objects.create(
        version=version,
        key=key,
        title=title.strip(),
        text=text.strip(),
        examples=clean_examples(examples),
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def draft_guideline_update(
    *,
    guideline: Guideline,
    author: User,
    key: str | None = None,
    title: str | None = None,
    text: str | None = None,
    examples: list[str] | None = None,
) -> Guideline:
    """Change a draft guideline; None leaves a field as it is. A published key is fixed."""
    policies.check_edit_rule_set(author, guideline.version.rule_set)
    guideline, version = _lock_guideline(guideline)
    new_key = guideline.key if key is None else key.strip()
    new_title = guideline.title if title is None else title
    new_text = guideline.text if text is None else text
    new_examples: Any = guideline.examples if examples is None else examples
    _raise_if_invalid(
        guideline_input_errors(
            version=version,
            key=new_key,
            title=new_title,
            text=new_text,
            examples=new_examples,
            guideline=guideline,
        )
    )
    guideline.key = new_key
    guideline.title = new_title.strip()
    guideline.text = new_text.strip()
    guideline.examples = clean_examples(new_examples)
    guideline.save(update_fields=["key", "title", "text", "examples"])
    return guideline


@transaction.atomic
def draft_guideline_remove(*, guideline: Guideline, author: User) -> None:
    policies.check_edit_rule_set(author, guideline.version.rule_set)
    locked, _version = _lock_guideline(guideline)
    locked.delete()


@transaction.atomic
def draft_guideline_reorder(*, version: RuleSetVersion, author: User, keys: list[str]) -> None:
    """Put the draft's guidelines in the order of `keys`, which must name each one once."""
    policies.check_edit_rule_set(author, version.rule_set)
    version = _lock_draft(version)
    guidelines = {g.key: g for g in version.guidelines.select_for_update()}
    if len(keys) != len(set(keys)) or set(keys) != set(guidelines):
        raise GuidelineInvalid(
            _("Give every guideline of the draft exactly once, in the new order."),
            code="bad_order",
            extra={"fields": {"keys": [_("Must list each key of the draft exactly once.")]}},
        )
    for position, key in enumerate(keys):
        guidelines[key].position = position
    Guideline.objects.bulk_update(guidelines.values(), ["position"])


@transaction.atomic
def draft_guideline_move(*, guideline: Guideline, author: User, step: int) -> None:
    """Move a guideline up (step -1) or down (step 1) in its draft."""
    policies.check_edit_rule_set(author, guideline.version.rule_set)
    keys = list(selectors.guidelines_of(guideline.version).values_list("key", flat=True))
    index = keys.index(guideline.key)
    target = min(max(index + step, 0), len(keys) - 1)
    keys.insert(target, keys.pop(index))
    draft_guideline_reorder(version=guideline.version, author=author, keys=keys)


# --- Publishing ------------------------------------------------------------------------


def publish_input_errors(*, change: str, note: str) -> FieldErrors:
    errors: FieldErrors = {}
    if change not in PUBLISH_CHANGES:
        errors["change"] = [_("Choose whether this is a minor or a material change.")]
    if not note.strip():
        errors["note"] = [_("Write a note that tells members what changed and why.")]
    elif len(note.strip()) > NOTE_MAX:
        errors["note"] = [_("Keep the note to %(max)d characters or fewer.") % {"max": NOTE_MAX}]
    return errors


@transaction.atomic
def version_publish(
    *, version: RuleSetVersion, author: User, change: str, note: str
) -> RuleSetVersion:
    """Publish a draft. Affected members are e-mailed once the version is committed.

    `change` is "minor" (members are told) or "material" (members agree again before
    taking part). The first version of a set is always stored as "initial", which also
    needs everyone's agreement.
    """
    policies.check_edit_rule_set(author, version.rule_set)
    version = _lock_draft(version)
    errors = publish_input_errors(change=change, note=note)
    if errors:
        first = next(iter(errors))
        code = {"change": "unknown_change", "note": "note_required"}[first]
        raise PublishInvalid(errors[first][0], code=code, extra={"fields": errors})
    if not version.guidelines.exists():
        raise PublishInvalid(
            _("Add at least one guideline before publishing."), code="empty_version"
        )
    is_first = not selectors.published_versions(version.rule_set).exists()
    version.status = RuleSetVersion.Status.PUBLISHED
    version.change = RuleSetVersion.Change.INITIAL if is_first else change
    version.note = note.strip()
    version.published_by = author
    version.published_at = timezone.now()
    version.save(update_fields=["status", "change", "note", "published_by", "published_at"])
    version_id = version.pk
    # Notify only once the version really exists; a rollback sends nothing.
    transaction.on_commit(lambda: version_published_notify(version_id=version_id))
    return version


def version_published_notify(*, version_id: int) -> bool:
    """Queue the e-mail to affected members. Safe to call again: one version, one e-mail."""
    from peerhaven.core.tasks import enqueue_once
    from peerhaven.guidelines.tasks import notify_rule_set_published

    result = enqueue_once(
        notify_rule_set_published, key=f"guidelines-published:{version_id}", version_id=version_id
    )
    return result is not None


# --- Differences between versions ----------------------------------------------------

DiffKind = Literal["added", "removed", "changed"]
LineOp = Literal["same", "added", "removed"]
DiffField = Literal["title", "text", "examples"]


@dataclass(frozen=True)
class DiffLine:
    op: LineOp
    text: str


@dataclass(frozen=True)
class FieldDiff:
    field: DiffField
    lines: list[DiffLine]


@dataclass(frozen=True)
class GuidelineChange:
    key: str
    kind: DiffKind
    title: str
    fields: list[FieldDiff] = field(default_factory=list)


def _lines(guideline: Guideline, name: DiffField) -> list[str]:
    if name == "examples":
        return [str(e) for e in guideline.examples]
    value: str = getattr(guideline, name)
    return value.splitlines()


def _line_diff(old: list[str], new: list[str]) -> list[DiffLine]:
    ops: dict[str, LineOp] = {"  ": "same", "+ ": "added", "- ": "removed"}
    # ndiff's "? " lines are hints for humans reading a terminal; skip them.
    return [
        DiffLine(op=ops[line[:2]], text=line[2:])
        for line in difflib.ndiff(old, new)
        if line[:2] in ops
    ]


_FIELDS: tuple[DiffField, ...] = ("title", "text", "examples")


def version_diff(*, old: RuleSetVersion | None, new: RuleSetVersion) -> list[GuidelineChange]:
    """What changed from `old` to `new`, guideline by guideline (matched by key).

    In `new`'s order, then removed guidelines in `old`'s order. Unchanged guidelines and
    pure moves are left out. With no `old`, everything is added.
    """
    before = {g.key: g for g in selectors.guidelines_of(old)} if old is not None else {}
    after = list(selectors.guidelines_of(new))
    after_keys = {g.key for g in after}
    changes: list[GuidelineChange] = []
    for g in after:
        previous = before.get(g.key)
        if previous is None:
            fields = [FieldDiff(n, _line_diff([], _lines(g, n))) for n in _FIELDS]
            changes.append(GuidelineChange(g.key, "added", g.title, [f for f in fields if f.lines]))
            continue
        fields = [
            FieldDiff(n, _line_diff(_lines(previous, n), _lines(g, n)))
            for n in _FIELDS
            if _lines(previous, n) != _lines(g, n)
        ]
        if fields:
            changes.append(GuidelineChange(g.key, "changed", g.title, fields))
    for key, g in before.items():
        if key not in after_keys:
            fields = [FieldDiff(n, _line_diff(_lines(g, n), [])) for n in _FIELDS]
            changes.append(GuidelineChange(key, "removed", g.title, [f for f in fields if f.lines]))
    return changes


def diff_summary(changes: list[GuidelineChange]) -> str:
    """One line for e-mails and the publish page, e.g. "1 guideline added, 2 changed"."""
    added = sum(1 for c in changes if c.kind == "added")
    changed = sum(1 for c in changes if c.kind == "changed")
    removed = sum(1 for c in changes if c.kind == "removed")
    parts = []
    if added:
        parts.append(ngettext("%d guideline added", "%d guidelines added", added) % added)
    if changed:
        parts.append(ngettext("%d guideline changed", "%d guidelines changed", changed) % changed)
    if removed:
        parts.append(ngettext("%d guideline removed", "%d guidelines removed", removed) % removed)
    return ", ".join(parts) or _("No change in wording")
