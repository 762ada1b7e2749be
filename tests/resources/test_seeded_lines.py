import datetime
import importlib

import pytest
from django.apps import apps

from peerhaven.resources.models import CrisisLine, LineKind

pytestmark = pytest.mark.django_db

seed_migration = importlib.import_module("peerhaven.resources.migrations.0002_seed_crisis_lines")


@pytest.mark.parametrize(
    ("country", "name", "phone", "sms_number", "sms_keyword"),
    [
        ("US", "988 Suicide & Crisis Lifeline", "988", "988", ""),
        ("US", "Crisis Text Line", "", "741741", "HOME"),
        ("GB", "Samaritans", "116 123", "", ""),
        ("GB", "Shout", "", "85258", "SHOUT"),
        ("IE", "Samaritans Ireland", "116 123", "", ""),
        ("CA", "9-8-8 Suicide Crisis Helpline", "988", "988", ""),
        ("AU", "Lifeline", "13 11 14", "0477 13 11 14", ""),
        ("NZ", "1737, Need to talk?", "1737", "1737", ""),
    ],
)
def test_the_well_known_national_lines_are_seeded(country, name, phone, sms_number, sms_keyword):
    line = CrisisLine.objects.get(country=country, name=name)
    assert (line.phone, line.sms_number, line.sms_keyword) == (phone, sms_number, sms_keyword)
    assert line.is_active


@pytest.mark.parametrize(
    ("country", "number"),
    [("US", "911"), ("CA", "911"), ("GB", "999"), ("IE", "112"), ("AU", "000"), ("NZ", "111")],
)
def test_every_seeded_country_has_its_emergency_number(country, number):
    emergency = CrisisLine.objects.get(country=country, kind=LineKind.EMERGENCY)
    assert emergency.phone == number


def test_every_seeded_line_names_its_source_and_when_it_was_checked():
    for line in CrisisLine.objects.all():
        assert line.source_url.startswith("https://")
        assert line.last_verified == datetime.date(2026, 11, 25)
        assert line.phone or line.sms_number or line.chat_url


def test_seeding_again_keeps_admin_corrections_and_adds_nothing():
    CrisisLine.objects.filter(slug="gb-samaritans").update(languages="English, Welsh")
    before = CrisisLine.objects.count()
    seed_migration.seed(apps, None)
    assert CrisisLine.objects.count() == before
    assert CrisisLine.objects.get(slug="gb-samaritans").languages == "English, Welsh"
