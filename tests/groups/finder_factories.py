"""Groups for finder tests, made directly so the finder's tests stand on their own."""

from __future__ import annotations

import itertools

from peerhaven.accounts.models import Topic
from peerhaven.groups.models import Group, Membership
from peerhaven.groups.places import resolve_place
from peerhaven.guidelines.models import RuleSet

_numbers = itertools.count(1)


def topic(slug: str) -> Topic:
    """One of the default topics seeded by the accounts migrations."""
    return Topic.objects.get(slug=slug)


def finder_group(
    name: str,
    *,
    description: str = "",
    what_to_expect: str = "",
    topics: tuple[str, ...] = (),
    format: str = Group.Format.ONLINE,
    languages: tuple[str, ...] = ("en",),
    listing: str = Group.Listing.LISTED,
    join_policy: str = Group.JoinPolicy.OPEN,
    place: str = "",
    members: tuple = (),
) -> Group:
    """A group with its own (empty) rule set; `place` is resolved against the gazetteer."""
    fields: dict = {}
    if place:
        found = resolve_place(place)
        assert found is not None, place
        fields = {
            "place_name": found.name,
            "country": found.country,
            "latitude": found.latitude,
            "longitude": found.longitude,
        }
    group = Group.objects.create(
        name=name,
        slug=f"finder-{next(_numbers)}",
        description=description,
        what_to_expect=what_to_expect,
        format=format,
        languages=list(languages),
        listing=listing,
        join_policy=join_policy,
        rules=RuleSet.objects.create(scope=RuleSet.Scope.GROUP, name=f"Rules of {name}"),
        **fields,
    )
    group.topics.set([topic(slug) for slug in topics])
    for user in members:
        Membership.objects.create(group=group, user=user)
    return group
