"""Keeping the directory in the admin console, over HTTP, as an organization admin."""

import datetime
import html

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from peerhaven.accounts.models import Role, Topic
from peerhaven.resources.models import CrisisLine
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/resources/crisisline/"
ADD = CHANGELIST + "add/"


@pytest.fixture
def admin_web(web_as, org_admin):
    """An organization admin (staff, not a superuser) past the two-factor step."""
    return web_as(org_admin)


def _change_url(line: CrisisLine) -> str:
    return f"{CHANGELIST}{line.pk}/change/"


def _form(**fields):
    form = {
        "name": "Somewhere line",
        "slug": "somewhere",
        "country": "GB",
        "subdivision": "",
        "kind": "crisis",
        "description": "",
        "is_active": "on",
        "phone": "0800 000 000",
        "sms_number": "",
        "sms_keyword": "",
        "chat_url": "",
        "hours": "24/7",
        "languages": ["en"],
        "topics": [],
        "source_url": "https://example.org/",
        "last_verified": "2026-11-25",
    }
    return form | fields


def _form_for(line: CrisisLine, **fields):
    stored = {
        "name": line.name,
        "slug": line.slug,
        "country": line.country,
        "subdivision": line.subdivision,
        "kind": line.kind,
        "description": line.description,
        "phone": line.phone,
        "sms_number": line.sms_number,
        "sms_keyword": line.sms_keyword,
        "chat_url": line.chat_url,
        "hours": line.hours,
        "languages": list(line.languages),
        "topics": [str(pk) for pk in line.topics.values_list("pk", flat=True)],
        "source_url": line.source_url,
        "last_verified": line.last_verified.isoformat(),
    }
    return _form(**(stored | fields))


def _refused(response) -> str:
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Please correct the error" in page
    return page


def test_an_organization_admin_adds_a_regional_line_with_languages_and_topics(admin_web):
    grief = Topic.objects.get(slug="grief")
    form = _form(
        name="Regional grief line",
        slug="ca-qc-grief",
        country="ca",
        subdivision="ca-qc",
        languages=["fr", "en"],
        topics=[str(grief.pk)],
        phone="1 (800) 555-0100",
        chat_url="example.org/chat",
    )
    assert admin_web.get(ADD).status_code == 200
    response = admin_web.post(ADD, form)
    assert response.status_code == 302
    line = CrisisLine.objects.get(slug="ca-qc-grief")
    assert (line.country, line.subdivision) == ("CA", "CA-QC")
    assert line.languages == ["fr", "en"]
    assert list(line.topics.all()) == [grief]
    assert line.chat_url == "https://example.org/chat"


@pytest.mark.parametrize("phone", ["call 988", "1-866-APPELLE", "1", "+1234567890123456"])
def test_a_number_nobody_could_dial_is_refused(admin_web, phone):
    page = _refused(admin_web.post(ADD, _form(phone=phone)))
    assert f"“{phone}” is not a number people can dial" in page
    assert not CrisisLine.objects.filter(slug="somewhere").exists()


def test_a_text_number_nobody_could_dial_is_refused(admin_web):
    page = _refused(admin_web.post(ADD, _form(sms_number="text HOME")))
    assert "“text HOME” is not a number people can dial" in page
    assert not CrisisLine.objects.filter(slug="somewhere").exists()


@pytest.mark.parametrize(
    ("country", "message"),
    [
        ("XX", "“XX” is not a country code we know. Use the two-letter ISO code"),
        ("uk", "“UK” is not a country code we know."),
        ("gbr", "Ensure this value has at most 2 characters (it has 3)."),
    ],
)
def test_an_unknown_country_is_refused(admin_web, country, message):
    page = _refused(admin_web.post(ADD, _form(country=country)))
    assert message in page
    assert not CrisisLine.objects.filter(slug="somewhere").exists()


def test_a_region_of_another_country_is_refused(admin_web):
    page = _refused(admin_web.post(ADD, _form(country="US", subdivision="CA-QC")))
    assert "CA-QC is not in US. A region code starts with its country's code" in page
    assert not CrisisLine.objects.filter(slug="somewhere").exists()


def test_a_line_with_no_way_to_reach_it_is_refused(admin_web):
    page = _refused(admin_web.post(ADD, _form(phone="", sms_number="", chat_url="")))
    assert "Give at least one way to reach this line" in page
    assert not CrisisLine.objects.filter(slug="somewhere").exists()


def test_an_unknown_language_is_refused(admin_web):
    page = _refused(admin_web.post(ADD, _form(languages=["en", "klingon"])))
    assert "Select a valid choice. klingon is not one of the available choices." in page
    assert not CrisisLine.objects.filter(slug="somewhere").exists()


def test_a_refused_edit_changes_nothing_already_stored(admin_web):
    line = CrisisLine.objects.get(slug="gb-samaritans")
    before = (line.name, line.phone, line.languages, set(line.topics.all()), line.updated_at)
    form = _form_for(line, name="Renamed", phone="ring us", languages=["cy"], topics=[])
    _refused(admin_web.post(_change_url(line), form))
    line.refresh_from_db()
    after = (line.name, line.phone, line.languages, set(line.topics.all()), line.updated_at)
    assert after == before


def test_an_admin_can_correct_a_number_and_its_languages(admin_web):
    line = CrisisLine.objects.get(slug="gb-samaritans")
    assert admin_web.get(_change_url(line)).status_code == 200
    form = _form_for(line, phone="116 123", languages=["en", "cy"])
    response = admin_web.post(_change_url(line), form)
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.languages == ["en", "cy"]


def test_old_free_text_is_shown_for_review_only_when_some_is_left(admin_web):
    line = CrisisLine.objects.get(slug="nz-1737")
    assert "Old free text to review" not in admin_web.get(_change_url(line)).content.decode()
    CrisisLine.objects.filter(pk=line.pk).update(legacy_languages="Te reo Māori")
    page = admin_web.get(_change_url(line)).content.decode()
    assert "Old free text to review" in page
    assert "Te reo Māori" in page
    # Clearing it once the right languages are chosen.
    response = admin_web.post(
        _change_url(line), _form_for(line, legacy_languages="", legacy_topics="")
    )
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.legacy_languages == ""


def test_the_admin_lists_lines_and_filters_those_needing_a_recheck(admin_web):
    CrisisLine.objects.update(last_verified=timezone.localdate())
    old = timezone.localdate() - datetime.timedelta(days=400)
    CrisisLine.objects.filter(slug="au-lifeline").update(last_verified=old)
    everything = admin_web.get(CHANGELIST)
    assert everything.status_code == 200
    assert "Samaritans" in everything.content.decode()
    stale = admin_web.get(CHANGELIST, {"verification": "stale"}).content.decode()
    assert "Lifeline" in stale
    assert "Samaritans" not in stale


@pytest.mark.parametrize("who", ["visitor", "alice", "charlie", "facilitator"])
def test_people_who_are_not_staff_cannot_reach_the_change_page(web_as, request, who):
    user = None if who == "visitor" else request.getfixturevalue(who)
    line = CrisisLine.objects.get(slug="gb-samaritans")
    for url in (_change_url(line), CHANGELIST, ADD):
        response = web_as(user).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    response = web_as(user).post(_change_url(line), _form_for(line, phone="999"))
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.phone == "116 123"


def test_staff_without_the_admin_role_or_the_permission_are_refused(web_as):
    staff = UserFactory(display_name="Stan", role=Role.MEMBER, is_staff=True)
    line = CrisisLine.objects.get(slug="gb-samaritans")
    client = web_as(staff)
    assert client.get(_change_url(line)).status_code == 403
    assert client.post(_change_url(line), _form_for(line, phone="999")).status_code == 403
    line.refresh_from_db()
    assert line.phone == "116 123"

    staff.user_permissions.add(Permission.objects.get(codename="change_crisisline"))
    assert web_as(staff).get(_change_url(line)).status_code == 200
