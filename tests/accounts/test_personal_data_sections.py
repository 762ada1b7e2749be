from __future__ import annotations

from axes.models import AccessAttempt, AccessLog

from peerhaven.core import personal_data


def test_account_and_profile_sections_are_registered():
    names = [section.name for section in personal_data.sections()]

    assert "account" in names
    assert "profile" in names


def test_erasing_the_account_removes_only_its_own_sign_in_records(alice, bob):
    for user in (alice, bob):
        AccessLog.objects.create(username=user.email, ip_address="192.0.2.1", user_agent="x")
        AccessAttempt.objects.create(
            username=user.email, ip_address="192.0.2.1", user_agent="x", failures_since_start=1
        )

    counts = personal_data.erase_all(alice)

    assert counts["account"] == 2
    assert not AccessLog.objects.filter(username=alice.email).exists()
    assert not AccessAttempt.objects.filter(username=alice.email).exists()
    assert AccessLog.objects.filter(username=bob.email).exists()
    assert AccessAttempt.objects.filter(username=bob.email).exists()


def test_profile_section_is_empty_for_an_account_without_profile(alice):
    alice.profile.delete()

    assert personal_data.export_all(alice)["profile"] is None
