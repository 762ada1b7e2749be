"""The model's checks, which every write goes through (the admin calls full_clean)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from peerhaven.resources.models import CrisisLine

pytestmark = pytest.mark.django_db


def _line(**fields):
    values = {
        "slug": "test-line",
        "country": "GB",
        "name": "Test line",
        "phone": "116 123",
        "source_url": "https://example.org/",
        "last_verified": datetime.date(2026, 11, 25),
    }
    return CrisisLine(**(values | fields))


def _errors(line) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        line.full_clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    "number",
    [
        "988",
        "116 123",
        "13 11 14",
        "0477 13 11 14",
        "1-800-668-6868",
        "+44 116 123",
        "(03) 5774-0992",
        "+1 (555) 010.0199",
        "0800 111 0 111",
        "112",
        "12",
        "+123456789012345",
    ],
)
def test_real_numbers_and_short_codes_are_accepted(number):
    _line(phone=number, sms_number=number).full_clean()


@pytest.mark.parametrize(
    "number",
    [
        "1",  # one digit
        "+1234567890123456",  # 16 digits
        "call 988",
        "1-866-APPELLE",
        "988 ext. 1",
        "++44 116 123",
        "44 + 116 123",
        "(116 123",
        "-988",
        "٩٨٨",  # digits, but not ones a dial pad has
        "116_123",
    ],
)
def test_numbers_nobody_could_dial_are_refused_with_a_clear_message(number):
    errors = _errors(_line(phone=number, sms_number=number))
    for field in ("phone", "sms_number"):
        [message] = errors[field]
        assert "is not a number people can dial" in message
        assert "2 to 15 digits" in message


@pytest.mark.parametrize("country", ["XX", "gb", "GBR", "UK", "12"])
def test_a_country_must_be_a_known_code(country):
    errors = _errors(_line(country=country))
    assert any("is not a country code we know" in m for m in errors["country"])


def test_a_region_must_be_in_the_lines_country():
    errors = _errors(_line(country="US", subdivision="CA-QC"))
    assert errors["subdivision"] == [
        "CA-QC is not in US. A region code starts with its country's code and a hyphen, "
        "as CA-QC does for CA."
    ]
    errors = _errors(_line(country="", subdivision="CA-QC"))
    assert errors["subdivision"] == [
        "A line for a region needs its country too: set the country to CA."
    ]
    _line(country="CA", subdivision="CA-QC").full_clean()
    _line(country="US", subdivision="US-CA").full_clean()


@pytest.mark.parametrize("subdivision", ["QC", "ca-qc", "CA_QC", "CA-QUEB", "CA-"])
def test_a_region_must_look_like_an_iso_3166_2_code(subdivision):
    errors = _errors(_line(country="CA", subdivision=subdivision))
    assert (
        f"“{subdivision}” is not a region code. Use the ISO 3166-2 code in capitals: the "
        "country code, a hyphen and up to three letters or digits, such as CA-QC or US-CA."
    ) in errors["subdivision"]


def test_a_line_needs_at_least_one_way_to_reach_it():
    errors = _errors(_line(phone="", sms_number="", chat_url=""))
    assert errors["__all__"] == [
        "Give at least one way to reach this line: a phone number, a text (SMS) number or "
        "a chat or web address."
    ]
    _line(phone="", sms_number="85258").full_clean()
    _line(phone="", chat_url="https://example.org/chat").full_clean()


def test_languages_must_come_from_the_profiles_list():
    errors = _errors(_line(languages=["en", "klingon"]))
    assert errors["languages"] == ["Unknown language codes: klingon"]
    errors = _errors(_line(languages="en, fr"))
    assert errors["languages"] == ["Languages must be a list of language codes."]
    _line(languages=["en", "fr", "zh-hans"]).full_clean()


def test_the_database_refuses_what_the_checks_refuse_even_without_them():
    with pytest.raises(IntegrityError), transaction.atomic():
        _line(phone="", sms_number="", chat_url="").save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _line(country="US", subdivision="CA-QC").save()
    assert not CrisisLine.objects.filter(slug="test-line").exists()
