"""user_list_named with a name longer than any display name can be: nobody, at once, rather
than a LIKE pattern SQLite refuses; callers answer their usual "unknown person"."""

from __future__ import annotations

import pytest

from peerhaven.accounts.models import DISPLAY_NAME_MAX
from peerhaven.accounts.selectors import user_list_named
from peerhaven.meetings.models import MeetingSeries
from tests.factories import UserFactory
from tests.meetings.helpers import group_with_meeting

pytestmark = pytest.mark.django_db

LONG_NAME = "a" * 60_000


def test_a_name_longer_than_any_display_name_finds_nobody_without_a_query(
    alice, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert list(user_list_named(LONG_NAME)) == []
        assert not user_list_named("Alice" * 20_000).exists()
        # Spacing and full-width letters are normalized first, and still too long.
        assert list(user_list_named("  ａ  " * 30_000)) == []


def test_names_up_to_the_longest_are_still_found(alice):
    longest = UserFactory(display_name="b" * DISPLAY_NAME_MAX)
    # Outer spaces are not part of a name; one letter more is nobody.
    assert list(user_list_named(f"  {'B' * DISPLAY_NAME_MAX}  ")) == [longest]
    assert list(user_list_named("b" * (DISPLAY_NAME_MAX + 1))) == []
    assert list(user_list_named("ALICE")) == [alice]


def test_a_longer_look_alike_still_finds_the_name_it_folds_to(bob):
    """Case-folding makes "ss" of "ß", so a name of the longest length has a longer key."""
    sharp = UserFactory()
    sharp.set_display_name("ß" * DISPLAY_NAME_MAX)
    sharp.save()

    assert list(user_list_named("SS" * DISPLAY_NAME_MAX)) == [sharp]
    assert list(user_list_named("ss" * DISPLAY_NAME_MAX + "s")) == []


def test_the_meetings_api_answers_an_unknown_facilitator_for_a_huge_name(
    facilitator, alice, api_as
):
    series = group_with_meeting(facilitator, members=[alice])
    client = api_as(facilitator)

    response = client.patch(
        f"/api/v1/meetings/series/{series.pk}/", {"facilitator": LONG_NAME}, format="json"
    )

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["extra"]["field"] == "facilitator"
    assert body["message"] == "The facilitator must be one of the group's facilitators."
    series.refresh_from_db()
    assert series.facilitator is None or series.facilitator == facilitator
    # A member may not change it at all, however long the name.
    refused = api_as(alice).patch(
        f"/api/v1/meetings/series/{series.pk}/", {"facilitator": LONG_NAME}, format="json"
    )
    assert refused.status_code == 403
    assert MeetingSeries.objects.get(pk=series.pk).title == series.title


def test_the_meetings_api_still_sets_a_facilitator_by_name(facilitator, api_as):
    series = group_with_meeting(facilitator)

    response = api_as(facilitator).patch(
        f"/api/v1/meetings/series/{series.pk}/", {"facilitator": "  fran "}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert response.json()["facilitator"] == "Fran"
    series.refresh_from_db()
    assert series.facilitator == facilitator
