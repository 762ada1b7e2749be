"""crisis_lines_for_member: the lines the safety net's crisis panel shows a member."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from peerhaven.accounts.models import Profile
from peerhaven.resources.models import CrisisLine, LineKind
from peerhaven.resources.selectors import crisis_lines_for_member

pytestmark = pytest.mark.django_db


def _slugs(lines) -> list[str]:
    return [line.slug for line in lines]


def _set_profile(user, **fields):
    for name, value in fields.items():
        setattr(user.profile, name, value)
    user.profile.save()


@pytest.fixture
def anglophone_line():
    return CrisisLine.objects.create(
        slug="ca-anglophone",
        country="CA",
        name="Anglophone line",
        phone="1-800-555-0100",
        languages=["en"],
        source_url="https://example.org/",
        last_verified=timezone.localdate(),
    )


def test_the_members_country_emergency_number_first_then_their_languages(
    alice, bob, anglophone_line
):
    CrisisLine.objects.filter(slug="ca-kids-help-phone").update(languages=["fr"])
    _set_profile(alice, country="CA", languages=["fr"])
    _set_profile(bob, country="CA", languages=["en"])
    assert _slugs(crisis_lines_for_member(user=alice, limit=10)) == [
        "ca-emergency",
        "ca-988",
        "ca-kids-help-phone",
        "ca-anglophone",
        "ca-qc-1-866-appelle",  # Quebec only: after the lines for the whole country
    ]
    assert _slugs(crisis_lines_for_member(user=bob, limit=10)) == [
        "ca-emergency",
        "ca-988",
        "ca-anglophone",
        "ca-kids-help-phone",
        "ca-qc-1-866-appelle",
    ]


def test_at_most_limit_lines_and_never_directories_of_the_country(alice):
    _set_profile(alice, country="GB", languages=["en"])
    CrisisLine.objects.create(
        slug="gb-directory",
        country="GB",
        kind=LineKind.DIRECTORY,
        name="A directory",
        chat_url="https://example.org/",
        source_url="https://example.org/",
        last_verified=timezone.localdate(),
    )
    lines = crisis_lines_for_member(user=alice)
    assert _slugs(lines) == ["gb-emergency", "gb-samaritans", "gb-shout"]
    assert _slugs(crisis_lines_for_member(user=alice, limit=2)) == [
        "gb-emergency",
        "gb-samaritans",
    ]


def test_inactive_lines_are_left_out(alice):
    _set_profile(alice, country="GB")
    CrisisLine.objects.filter(slug="gb-shout").update(is_active=False)
    assert "gb-shout" not in _slugs(crisis_lines_for_member(user=alice))


@pytest.mark.parametrize("country", ["", "IT"])
def test_without_lines_for_their_country_the_member_gets_the_lines_for_anywhere(alice, country):
    _set_profile(alice, country=country)
    assert _slugs(crisis_lines_for_member(user=alice)) == ["intl-find-a-helpline"]


def test_a_member_without_a_profile_or_a_visitor_gets_the_lines_for_anywhere(charlie):
    charlie.profile.delete()
    assert _slugs(crisis_lines_for_member(user=charlie)) == ["intl-find-a-helpline"]
    assert _slugs(crisis_lines_for_member(user=AnonymousUser())) == ["intl-find-a-helpline"]


def test_a_profile_with_odd_languages_does_not_break_it(alice):
    Profile.objects.filter(user=alice).update(country="NZ", languages={"not": "a list"})
    assert _slugs(crisis_lines_for_member(user=alice))[0] == "nz-emergency"


def test_it_takes_one_query(alice, django_assert_num_queries):
    _set_profile(alice, country="US", languages=["es"])
    with django_assert_num_queries(1):
        lines = crisis_lines_for_member(user=alice)
        # What the panel shows needs nothing more from the database.
        shown = [(line.name, line.phone_href, line.sms_href, line.language_names) for line in lines]
    assert shown[0][0] == "Emergency services (911)"
    assert shown[1][0] == "988 Suicide & Crisis Lifeline"  # the one line that speaks Spanish
    assert len(shown) == 4
