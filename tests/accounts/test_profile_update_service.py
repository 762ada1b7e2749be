from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from peerhaven.accounts import services
from peerhaven.accounts.models import Profile, Topic
from peerhaven.core.exceptions import NotAllowed


def test_only_given_fields_change(alice):
    alice.profile.languages = ["en", "fr"]
    alice.profile.save()

    services.profile_update(user=alice, actor=alice, time_zone="Asia/Tokyo")

    profile = Profile.objects.get(user=alice)
    assert profile.time_zone == "Asia/Tokyo"
    assert profile.languages == ["en", "fr"]


def test_someone_else_cannot_change_a_profile(alice, charlie):
    with pytest.raises(NotAllowed):
        services.profile_update(user=alice, actor=charlie, time_zone="Asia/Tokyo")

    assert Profile.objects.get(user=alice).time_zone == "Europe/London"


def test_one_bad_value_stores_none_of_the_others(alice):
    with pytest.raises(ValidationError) as caught:
        services.profile_update(
            user=alice,
            actor=alice,
            time_zone="Asia/Tokyo",
            topics=list(Topic.objects.filter(slug="grief")),
            languages=["klingon"],
        )

    assert set(caught.value.message_dict) == {"languages"}
    profile = Profile.objects.get(user=alice)
    assert profile.time_zone == "Europe/London"
    assert list(profile.topics.all()) == []


def test_country_codes_are_stored_in_capitals(alice):
    services.profile_update(user=alice, actor=alice, country="nz")

    assert Profile.objects.get(user=alice).country == "NZ"


def test_unknown_country_is_refused(alice):
    with pytest.raises(ValidationError) as caught:
        services.profile_update(user=alice, actor=alice, country="XQ")

    assert "country" in caught.value.message_dict
    assert Profile.objects.get(user=alice).country == ""
