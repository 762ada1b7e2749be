"""Building blocks for group tests: groups, published guideline versions, agreements."""

from __future__ import annotations

from django.utils import timezone

from peerhaven.groups.models import Agreement, Group, Membership
from peerhaven.guidelines.models import Guideline, RuleSet, RuleSetVersion
from peerhaven.guidelines.selectors import current_version, instance_rule_set


def make_group(
    *,
    name: str,
    facilitator=None,
    listing: str = Group.Listing.LISTED,
    join_policy: str = Group.JoinPolicy.OPEN,
    **fields,
) -> Group:
    """A group as group_create would leave it, without needing a site facilitator."""
    rules = RuleSet.objects.create(scope=RuleSet.Scope.GROUP, name=f"Rules of {name}")
    group = Group.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        listing=listing,
        join_policy=join_policy,
        rules=rules,
        created_by=facilitator,
        **fields,
    )
    if facilitator is not None:
        Membership.objects.create(group=group, user=facilitator, role=Membership.Role.FACILITATOR)
    return group


def publish_version(
    rule_set: RuleSet,
    *,
    change: str,
    changed_text: str | None = None,
    note: str = "",
    extra_guideline: tuple[str, str, str] | None = None,
) -> RuleSetVersion:
    """Publish the next version of `rule_set`: the current guidelines copied, the first
    one's text replaced by `changed_text`, plus an optional new (key, title, text)."""
    previous = current_version(rule_set)
    number = previous.number + 1 if previous else 1
    version = RuleSetVersion.objects.create(
        rule_set=rule_set,
        number=number,
        status=RuleSetVersion.Status.PUBLISHED,
        change=change if previous else RuleSetVersion.Change.INITIAL,
        note=note,
        published_at=timezone.now(),
    )
    old = list(previous.guidelines.order_by("position")) if previous else []
    for index, guideline in enumerate(old):
        text = changed_text if (index == 0 and changed_text) else guideline.text
        Guideline.objects.create(
            version=version,
            key=guideline.key,
            title=guideline.title,
            text=text,
            examples=guideline.examples,
            position=guideline.position,
        )
    if extra_guideline is not None:
        key, title, text = extra_guideline
        Guideline.objects.create(
            version=version, key=key, title=title, text=text, position=len(old) + 1
        )
    return version


def publish_instance_version(*, change: str, **kwargs) -> RuleSetVersion:
    return publish_version(instance_rule_set(), change=change, **kwargs)


def agree_now(user, group: Group, via: str = Agreement.Via.WEB) -> Agreement:
    """Record that `user` agreed to the versions in force right now."""
    return Agreement.objects.create(
        user=user,
        group=group,
        instance_version=current_version(instance_rule_set()),
        group_version=current_version(group.rules),
        via=via,
    )


def join_now(user, group: Group, role: str = Membership.Role.MEMBER) -> Membership:
    membership = Membership.objects.create(group=group, user=user, role=role)
    agree_now(user, group)
    return membership
