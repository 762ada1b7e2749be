"""A prepared query gives what its queryset gives, for any value, on either engine."""

from __future__ import annotations

import pytest
from django.db.models import Exists, OuterRef, QuerySet

from peerhaven.accounts.models import Profile, Topic
from peerhaven.core.prepared import PreparedQuery


def _topics_marked(profile_id: int) -> QuerySet[Topic]:
    lived = Profile.topics.through.objects.filter(profile_id=profile_id, topic=OuterRef("pk"))
    filtered = Profile.content_filters.through.objects.filter(
        profile_id=profile_id, topic=OuterRef("pk")
    )
    return Topic.objects.order_by("slug").annotate(lived=Exists(lived), filtered=Exists(filtered))


def _marks(topics) -> list[tuple[str, bool, bool]]:
    return [(t.slug, bool(t.lived), bool(t.filtered)) for t in topics]


def test_each_value_gets_its_own_rows_as_the_queryset_would(alice, bob):
    alice.profile.topics.set(Topic.objects.filter(slug__in=["grief", "anxiety"]))
    alice.profile.content_filters.set(Topic.objects.filter(slug="self-harm"))
    bob.profile.topics.set(Topic.objects.filter(slug="trauma"))
    prepared = PreparedQuery(_topics_marked)

    for profile in (alice.profile, bob.profile, alice.profile):
        assert _marks(prepared.objects(profile.pk)) == _marks(_topics_marked(profile.pk))
    assert ("grief", True, False) in _marks(prepared.objects(alice.profile.pk))
    assert ("self-harm", False, True) in _marks(prepared.objects(alice.profile.pk))
    assert ("grief", False, False) in _marks(prepared.objects(bob.profile.pk))


def test_model_fields_come_back_converted(alice):
    prepared = PreparedQuery(lambda user_id: Profile.objects.filter(user_id=user_id))

    profile = next(iter(prepared.objects(alice.pk)))

    assert profile.pk == alice.profile.pk
    assert profile.updated_at == alice.profile.updated_at  # an aware datetime on both engines


def test_a_value_with_no_rows_gives_no_objects(db):
    prepared = PreparedQuery(lambda user_id: Profile.objects.filter(user_id=user_id))
    assert list(prepared.objects(10**9)) == []


def test_a_queryset_that_ignores_its_value_is_refused(db):
    prepared = PreparedQuery(lambda _user_id: Profile.objects.filter(pk__gt=0))
    with pytest.raises(ValueError, match="does not use the value"):
        prepared.objects(1)
