import datetime
import importlib

import pytest
from django.apps import apps

from peerhaven.accounts.models import LANGUAGE_CODES, Topic
from peerhaven.accounts.selectors import COUNTRY_CODES
from peerhaven.resources.models import CrisisLine, LineKind
from tests.resources.conftest import replay_seed_migrations

pytestmark = pytest.mark.django_db

conversion = importlib.import_module(
    "peerhaven.resources.migrations.0004_crisisline_convert_free_text"
)
more_lines = importlib.import_module("peerhaven.resources.migrations.0006_seed_more_crisis_lines")


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
        ("DE", "TelefonSeelsorge", "0800 111 0 111", "", ""),
        ("FR", "3114, numéro national de prévention du suicide", "3114", "", ""),
        ("NL", "113 Zelfmoordpreventie", "113", "", ""),
        ("ES", "Línea 024", "024", "", ""),
        ("BR", "CVV, Centro de Valorização da Vida", "188", "", ""),
        ("IN", "Tele-MANAS", "14416", "", ""),
        ("ZA", "SADAG Suicide Crisis Helpline", "0800 567 567", "31393", ""),
        ("JP", "TELL Lifeline", "03-5774-0992", "", ""),
    ],
)
def test_the_well_known_national_lines_are_seeded(country, name, phone, sms_number, sms_keyword):
    line = CrisisLine.objects.get(country=country, name=name)
    assert (line.phone, line.sms_number, line.sms_keyword) == (phone, sms_number, sms_keyword)
    assert line.is_active


@pytest.mark.parametrize(
    ("country", "number"),
    [
        ("US", "911"),
        ("CA", "911"),
        ("GB", "999"),
        ("IE", "112"),
        ("AU", "000"),
        ("NZ", "111"),
        ("DE", "112"),
        ("FR", "112"),
        ("NL", "112"),
        ("ES", "112"),
        ("BR", "192"),
        ("IN", "112"),
        ("ZA", "10111"),
        ("JP", "119"),
    ],
)
def test_every_seeded_country_has_its_emergency_number(country, number):
    emergency = CrisisLine.objects.get(country=country, kind=LineKind.EMERGENCY)
    assert emergency.phone == number


def test_at_least_ten_countries_are_covered_besides_the_lines_for_anywhere():
    countries = set(CrisisLine.objects.exclude(country="").values_list("country", flat=True))
    assert len(countries) >= 10
    assert countries <= COUNTRY_CODES
    assert CrisisLine.objects.filter(country="").exists()


def test_every_seeded_line_names_its_source_when_it_was_checked_and_its_languages():
    for line in CrisisLine.objects.all():
        assert line.source_url.startswith("https://"), line.slug
        assert line.last_verified == datetime.date(2026, 11, 25), line.slug
        assert line.phone or line.sms_number or line.chat_url, line.slug
        assert line.languages, line.slug
        assert set(line.languages) <= LANGUAGE_CODES, line.slug
        assert not line.legacy_languages and not line.legacy_topics, line.slug


def test_every_seeded_line_passes_the_checks_an_admin_edit_would():
    for line in CrisisLine.objects.all():
        line.full_clean()


def test_the_free_text_of_the_first_seed_became_codes_and_topics():
    lifeline = CrisisLine.objects.get(slug="us-988-lifeline")
    assert lifeline.languages == ["en", "es"]
    assert set(lifeline.topics.values_list("slug", flat=True)) == {
        "suicidal-thoughts",
        "self-harm",
        "depression",
        "anxiety",
        "addiction-recovery",
    }
    assert CrisisLine.objects.get(slug="ca-988").languages == ["en", "fr"]


def test_a_regional_line_is_seeded_for_quebec():
    line = CrisisLine.objects.get(slug="ca-qc-1-866-appelle")
    assert (line.country, line.subdivision, line.phone) == ("CA", "CA-QC", "1-866-277-3553")
    assert line.languages == ["fr", "en"]


def test_seeding_again_restores_its_lines_keeps_other_corrections_and_adds_nothing():
    CrisisLine.objects.filter(slug="gb-samaritans").update(languages=["en", "cy"])
    CrisisLine.objects.filter(slug="de-telefonseelsorge").update(phone="0800 000 000")
    before = CrisisLine.objects.count()
    more_lines.seed(apps, None)
    more_lines.seed(apps, None)
    assert CrisisLine.objects.count() == before
    assert CrisisLine.objects.get(slug="gb-samaritans").languages == ["en", "cy"]
    assert CrisisLine.objects.get(slug="de-telefonseelsorge").phone == "0800 111 0 111"


def test_converting_again_changes_nothing_and_unmatched_words_are_kept_for_review():
    line = CrisisLine.objects.get(slug="nz-1737")
    line.legacy_languages = "English, Te reo Māori and Samoan"
    line.legacy_topics = "grief, Low mood and depression, whānau support"
    line.save()
    conversion.convert(apps, None)
    conversion.convert(apps, None)
    line.refresh_from_db()
    assert line.languages == ["en"]
    assert line.legacy_languages == "Te reo Māori, Samoan"
    assert "depression" in line.topics.values_list("slug", flat=True)
    assert line.legacy_topics == "whānau support"


def test_replaying_the_data_migrations_gives_what_migrating_gave():
    def snapshot():
        rows = {}
        for line in CrisisLine.objects.prefetch_related("topics"):
            fields = {f.name: getattr(line, f.name) for f in CrisisLine._meta.concrete_fields}
            for name in ("id", "updated_at"):
                fields.pop(name)
            fields["topics"] = sorted(t.slug for t in line.topics.all())
            rows[line.slug] = fields
        return rows

    migrated = snapshot()
    CrisisLine.objects.all().delete()
    Topic.objects.all().delete()
    replay_seed_migrations()
    assert snapshot() == migrated
