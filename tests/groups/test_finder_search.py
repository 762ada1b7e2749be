"""group_search and group_suggestions, through the service, on whichever engine runs the tests."""

from __future__ import annotations

import pytest
from django.db import connection

from peerhaven.groups.exceptions import (
    MalformedCoordinates,
    SearchQueryTooLong,
    UnknownSearchFilter,
)
from peerhaven.groups.models import Group
from peerhaven.groups.places import resolve_place
from peerhaven.groups.search import group_search, group_suggestions, repair_search_index
from tests.groups.finder_factories import finder_group, topic

pytestmark = pytest.mark.django_db

IN_PERSON = Group.Format.IN_PERSON


def names(page):
    return [result.group.name for result in page.results]


def reasons(page, name):
    [result] = [r for r in page.results if r.group.name == name]
    return {(reason.kind, reason.text) for reason in result.reasons}


@pytest.fixture
def walkers():
    return finder_group(
        "Leeds grief walkers",
        description="We walk by the canal and talk about the people we have lost.",
        what_to_expect="Gentle walking pace. Listening only is always fine.",
        topics=("grief",),
        format=IN_PERSON,
        place="Leeds",
    )


@pytest.fixture
def anxiety_online():
    return finder_group(
        "Evening anxiety circle",
        description="A calm video call for people living with panic attacks.",
        topics=("anxiety",),
        languages=("en", "fr"),
        join_policy=Group.JoinPolicy.REQUEST,
    )


def test_a_word_in_the_name_finds_the_group_and_says_so(walkers, anxiety_online):
    page = group_search(user=None, words="walkers")
    assert names(page) == ["Leeds grief walkers"]
    assert ("words", "Mentions “walkers”") in reasons(page, "Leeds grief walkers")


def test_other_forms_of_a_word_and_prefixes_match(walkers, anxiety_online):
    assert names(group_search(user=None, words="walking")) == ["Leeds grief walkers"]
    assert names(group_search(user=None, words="canals")) == ["Leeds grief walkers"]
    assert names(group_search(user=None, words="pani")) == ["Evening anxiety circle"]


def test_a_topic_name_matches_a_group_with_that_topic(walkers, anxiety_online):
    finder_group("Untitled", description="nothing about it here", topics=("anxiety",))
    assert names(group_search(user=None, words="video")) == ["Evening anxiety circle"]
    page = group_search(user=None, words="anxiety")
    assert names(page)[0] == "Evening anxiety circle"  # named after it: ranks first
    assert set(names(page)) == {"Evening anxiety circle", "Untitled"}
    assert ("topic", "Topic: Anxiety and panic") in reasons(page, "Untitled")
    assert not any(kind == "words" for kind, _ in reasons(page, "Untitled"))


def test_every_word_must_match_somewhere(walkers, anxiety_online):
    assert names(group_search(user=None, words="canal panic")) == []
    assert names(group_search(user=None, words="canal grief")) == ["Leeds grief walkers"]


def test_stop_words_and_repeats_are_ignored(walkers):
    assert names(group_search(user=None, words="the walk and THE walk")) == ["Leeds grief walkers"]


def test_each_filter_narrows_and_is_given_as_a_reason(walkers, anxiety_online):
    assert names(group_search(user=None, topics=["grief"])) == ["Leeds grief walkers"]
    assert names(group_search(user=None, formats=["online"])) == ["Evening anxiety circle"]
    page = group_search(user=None, languages=["fr"])
    assert names(page) == ["Evening anxiety circle"]
    assert ("language", "In French") in reasons(page, "Evening anxiety circle")
    page = group_search(user=None, join_policies=["request"])
    assert names(page) == ["Evening anxiety circle"]
    assert ("join_policy", "By request: a facilitator approves") in reasons(
        page, "Evening anxiety circle"
    )
    page = group_search(user=None, topics=["grief"], formats=["in_person"])
    assert {"Topic: Grief and loss", "In person"} <= {t for _, t in reasons(page, names(page)[0])}


def test_a_group_in_leeds_is_found_from_bradford_within_20_km_but_not_5(walkers, anxiety_online):
    bradford = resolve_place("Bradford")
    page = group_search(user=None, near=bradford, within_km=20)
    assert names(page) == ["Leeds grief walkers"]
    [distance] = [r for r in page.results[0].reasons if r.kind == "distance"]
    assert distance.text == "13.4 km from Bradford"
    assert page.results[0].distance_km == pytest.approx(13.4, abs=0.1)
    assert names(group_search(user=None, near=bradford, within_km=5)) == []


def test_distance_can_be_shown_in_miles_and_given_as_coordinates(walkers):
    page = group_search(user=None, near=(53.79391, -1.75206), within_km=20, units="mi")
    assert ("distance", "8.3 mi from 53.79, -1.75") in reasons(page, "Leeds grief walkers")


def test_results_are_ordered_by_relevance_then_distance():
    for name, place in [("Far walk", "York"), ("Near walk", "Leeds")]:
        finder_group(name, description="a walk", format=IN_PERSON, place=place)
    finder_group("Walk walk walk", description="walk walk", format=IN_PERSON, place="Wakefield")
    page = group_search(user=None, words="walk", near=resolve_place("Leeds"), within_km=50)
    assert names(page)[0] == "Walk walk walk"
    assert names(page)[1:] == ["Near walk", "Far walk"]
    page = group_search(user=None, near=resolve_place("Leeds"), within_km=50)
    assert names(page) == ["Near walk", "Walk walk walk", "Far walk"]


def test_unlisted_groups_appear_only_to_their_members(alice, charlie):
    finder_group(
        "Quiet circle", description="walk", listing=Group.Listing.UNLISTED, members=(alice,)
    )
    for outsider in (None, charlie):
        assert names(group_search(user=outsider, words="walk")) == []
        assert group_search(user=outsider, words="walk").hints == []
    assert names(group_search(user=alice, words="walk")) == ["Quiet circle"]


def test_results_come_in_pages():
    for n in range(7):
        finder_group(f"Circle {n}", description="walk")
    first = group_search(user=None, words="walk", per_page=3)
    last = group_search(user=None, words="walk", per_page=3, page=3)
    assert (first.total, first.num_pages, first.has_next, first.has_previous) == (7, 3, True, False)
    assert names(first) == ["Circle 0", "Circle 1", "Circle 2"]
    assert names(last) == ["Circle 6"]
    assert (last.has_next, last.start_index, last.end_index) == (False, 7, 7)
    beyond = group_search(user=None, words="walk", per_page=3, page=9)
    assert beyond.results == []
    assert beyond.total == 7  # still says how many there are
    assert last.total == 7


def test_an_empty_result_says_which_filter_to_relax(walkers, anxiety_online):
    page = group_search(
        user=None, words="walk", formats=["online"], near=resolve_place("Bradford"), within_km=20
    )
    assert page.total == 0
    assert [(hint.key, hint.count) for hint in page.hints] == [("formats", 1)]
    assert "1 group would match" in page.hints[0].text


def test_an_empty_result_with_nothing_close_says_so(walkers):
    page = group_search(user=None, words="walk", formats=["online"], languages=["de"])
    assert [hint.key for hint in page.hints] == ["all"]


def test_the_hint_names_the_filter_that_removed_the_most():
    for n in range(3):
        finder_group(f"French {n}", description="walk", languages=("fr",))
    finder_group("Request", description="walk", join_policy=Group.JoinPolicy.REQUEST)
    page = group_search(user=None, words="walk", languages=["de"], join_policies=["request"])
    assert [(h.key, h.count) for h in page.hints] == [("languages", 1)]
    page = group_search(user=None, words="walk", languages=["en"], join_policies=["invite"])
    assert [(h.key, h.count) for h in page.hints] == [("join_policies", 1)]
    page = group_search(user=None, words="walk", languages=["de"])
    assert [(h.key, h.count) for h in page.hints] == [("languages", 4)]


@pytest.mark.parametrize(
    ("kwargs", "error", "field"),
    [
        ({"words": "x" * 201}, SearchQueryTooLong, "q"),
        ({"words": " ".join(f"w{n}" for n in range(13))}, SearchQueryTooLong, "q"),
        ({"topics": ["no-such-topic"]}, UnknownSearchFilter, "topic"),
        ({"formats": ["carrier-pigeon"]}, UnknownSearchFilter, "format"),
        ({"languages": ["xx"]}, UnknownSearchFilter, "language"),
        ({"join_policies": ["bribe"]}, UnknownSearchFilter, "join_policy"),
        ({"near": (91, 0)}, MalformedCoordinates, "place"),
        ({"near": ("north", "west")}, MalformedCoordinates, "place"),
        ({"near": (53.8, -1.5), "within_km": 0}, MalformedCoordinates, "within"),
        ({"units": "furlongs"}, UnknownSearchFilter, "units"),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_field(kwargs, error, field):
    with pytest.raises(error) as caught:
        group_search(user=None, **kwargs)
    assert caught.value.status == 400
    assert caught.value.extra["field"] == field
    assert caught.value.message


def test_a_meeting_filter_can_plug_into_the_seam(walkers, anxiety_online):
    class OnlyRequestGroups:
        key = "meeting_day"
        relax_text = "Any meeting day"

        def apply(self, queryset):
            return queryset.filter(join_policy="request")

        def reason(self, group):
            from peerhaven.groups.search import Reason

            return Reason("meeting_day", "Meets on Tuesdays")

    page = group_search(user=None, filters=[OnlyRequestGroups()])
    assert names(page) == ["Evening anxiety circle"]
    assert ("meeting_day", "Meets on Tuesdays") in reasons(page, "Evening anxiety circle")
    page = group_search(user=None, topics=["grief"], filters=[OnlyRequestGroups()])
    assert {h.key for h in page.hints} == {"topics", "meeting_day"}


def test_search_sees_groups_as_they_are_edited_and_deleted(walkers):
    walkers.description = "We meet for tea."
    walkers.save()
    assert names(group_search(user=None, words="canal")) == []
    assert names(group_search(user=None, words="tea")) == ["Leeds grief walkers"]
    walkers.delete()
    assert names(group_search(user=None, words="tea")) == []


def test_suggestions_follow_the_members_topics_and_languages(alice, bob):
    alice.profile.topics.set([topic("grief"), topic("anxiety")])
    alice.profile.languages = ["fr"]
    alice.profile.save()
    finder_group("Both topics", topics=("grief", "anxiety"), languages=("fr",))
    finder_group("One topic", topics=("grief",), languages=())
    finder_group("Wrong language", topics=("grief",), languages=("de",))
    finder_group("Other topic", topics=("parenting",), languages=("fr",))
    finder_group("Already in", topics=("grief",), languages=("fr",), members=(alice,))
    finder_group("Hidden", topics=("grief",), languages=("fr",), listing=Group.Listing.UNLISTED)
    suggestions = group_suggestions(user=alice)
    assert [s.group.name for s in suggestions] == ["Both topics", "One topic"]
    assert [r.text for r in suggestions[0].reasons] == [
        "You listed Anxiety and panic",
        "You listed Grief and loss",
        "In French",
    ]
    assert group_suggestions(user=bob) == []  # no topics; English groups only, none here
    assert group_suggestions(user=None) == []


def test_a_member_with_only_languages_is_suggested_groups_in_them(bob):
    finder_group("English circle", languages=("en",))
    finder_group("German circle", languages=("de",))
    [suggestion] = group_suggestions(user=bob)
    assert suggestion.group.name == "English circle"
    assert [r.text for r in suggestion.reasons] == ["In English"]


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_search_triggers_come_back_after_a_table_rebuild(walkers):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER group_search_fts_insert")
    assert repair_search_index() is True
    finder_group("After repair", description="lighthouse")
    assert names(group_search(user=None, words="lighthouse")) == ["After repair"]
    assert repair_search_index() is False


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_word_search_can_use_the_gin_index(walkers):
    from peerhaven.groups.search import _text_match

    qs = Group.objects.filter(_text_match(["walk"]))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert "group_search_vector" in plan
