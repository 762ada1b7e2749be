import datetime
import re

import pytest
from django.utils import timezone

from peerhaven.resources import selectors
from peerhaven.resources.models import CrisisLine

pytestmark = pytest.mark.django_db


def _section_headings(html: str) -> list[str]:
    return re.findall(r"<h3[^>]*>([^<]+)</h3>", html)


def test_a_visitor_who_is_not_signed_in_sees_every_country_with_tel_and_sms_links(client):
    response = client.get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Need help now?" in html
    assert "If you are in immediate danger" in html
    assert _section_headings(html) == [
        "Australia",
        "Brazil",
        "Canada",
        "France",
        "Germany",
        "India",
        "Ireland",
        "Japan",
        "Netherlands",
        "New Zealand",
        "South Africa",
        "Spain",
        "United Kingdom",
        "United States",
        "International",
    ]
    assert 'href="tel:988"' in html
    assert 'href="sms:741741?body=HOME"' in html
    assert 'href="tel:116123"' in html
    assert 'href="sms:85258?body=SHOUT"' in html
    assert 'href="tel:131114"' in html
    assert 'href="tel:1737"' in html
    for emergency in ("911", "999", "112", "000", "111", "192", "10111", "119"):
        assert f'href="tel:{emergency}"' in html


def test_choosing_a_country_shows_only_its_lines_and_the_international_ones(client):
    html = client.get("/help/", {"country": "gb"}).content.decode()
    assert _section_headings(html) == ["United Kingdom", "International"]
    assert "Samaritans" in html
    assert "Shout" in html
    assert "Crisis Text Line" not in html
    assert '<option value="GB" selected>' in html


def test_a_signed_in_member_sees_the_lines_for_the_country_in_their_profile(alice_client, alice):
    alice.profile.country = "NZ"
    alice.profile.save()
    html = alice_client.get("/help/").content.decode()
    assert _section_headings(html) == ["New Zealand", "International"]
    assert "1737, Need to talk?" in html
    everywhere = alice_client.get("/help/", {"country": ""}).content.decode()
    assert "United States" in _section_headings(everywhere)


def test_an_explicit_country_choice_wins_over_the_profile(alice_client, alice):
    alice.profile.country = "NZ"
    alice.profile.save()
    html = alice_client.get("/help/", {"country": "AU"}).content.decode()
    assert _section_headings(html) == ["Australia", "International"]


def test_a_facilitator_without_two_factor_can_still_reach_the_page(client, facilitator):
    client.force_login(facilitator)
    response = client.get("/help/")
    assert response.status_code == 200
    assert "Samaritans" in response.content.decode()


def test_a_country_without_lines_says_so_and_shows_everything(client):
    html = client.get("/help/", {"country": "IT"}).content.decode()
    assert "We don't list lines for Italy yet" in html
    assert "United States" in _section_headings(html)


def test_nonsense_in_the_country_parameter_is_ignored(client):
    response = client.get("/help/", {"country": "<script>"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</head>")[1]


def test_the_page_shows_the_emergency_numbers_when_the_lines_cannot_be_loaded(client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(selectors, "crisis_help_for_country", broken)
    response = client.get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:911"' in html
    assert "cannot be shown right now" in html


def test_the_page_still_answers_when_rendering_fails(client, monkeypatch):
    from peerhaven.resources import views

    def broken_render(*args, **kwargs):
        raise RuntimeError("template engine broken")

    monkeypatch.setattr(views, "render", broken_render)
    response = client.get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:999"' in html
    assert "If you are in immediate danger" in html


def test_an_inactive_line_is_not_shown(client):
    CrisisLine.objects.filter(slug="gb-shout").update(is_active=False)
    html = client.get("/help/", {"country": "GB"}).content.decode()
    assert "Shout" not in html
    assert "Samaritans" in html


def test_a_line_not_checked_for_over_a_year_is_flagged(client):
    CrisisLine.objects.update(last_verified=timezone.localdate())
    old = timezone.localdate() - datetime.timedelta(days=400)
    CrisisLine.objects.filter(slug="gb-samaritans").update(last_verified=old)
    html = client.get("/help/", {"country": "GB"}).content.decode()
    assert html.count("these details may have changed") == 1


def test_the_page_loads_with_a_single_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/help/")
    assert response.status_code == 200


def test_htmx_gets_only_the_list(client):
    response = client.get("/help/", {"country": "IE"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="crisis-lines"')
    assert "Samaritans Ireland" in html
    assert "<html" not in html


def test_the_page_has_no_inline_scripts_or_styles(client):
    html = client.get("/help/").content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert " style=" not in html
    assert " onclick=" not in html


def test_the_page_answers_with_emergency_numbers_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError, connection

    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    # Undone before the test database is rolled back, which needs a working cursor.
    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", refused)
        response = client.get("/help/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="tel:000"' in html
    assert "cannot be shown right now" in html


# --- Region and languages ----------------------------------------------------------


def _line_names(html: str, heading: str) -> list[str]:
    section = html.split(f">{heading}</h3>")[1].split("</section>")[0]
    return re.findall(r"<h4>([^<]+)</h4>", section)


@pytest.fixture
def anglophone_line():
    """A Canadian line that speaks English only, beside the bilingual ones."""
    return CrisisLine.objects.create(
        slug="ca-anglophone",
        country="CA",
        name="Anglophone line",
        phone="1-800-555-0100",
        languages=["en"],
        source_url="https://example.org/",
        last_verified=timezone.localdate(),
    )


def test_lines_in_the_members_languages_come_first_after_the_emergency_number(
    web_as, alice, anglophone_line
):
    alice.profile.country = "CA"
    alice.profile.languages = ["fr"]
    alice.profile.save()
    html = web_as(alice).get("/help/").content.decode()
    assert _line_names(html, "Canada") == [
        "Emergency services (911)",
        "9-8-8 Suicide Crisis Helpline",
        "Kids Help Phone",
        "Anglophone line",
        "1 866 APPELLE",  # Quebec only, and no region was given: after the nationwide lines
    ]
    assert "Lines in French are listed first." in html
    assert "<dd>French, English</dd>" in html  # the Quebec line's languages, by name

    alice.profile.languages = ["en"]
    alice.profile.save()
    html = web_as(alice).get("/help/").content.decode()
    assert _line_names(html, "Canada")[:4] == [
        "Emergency services (911)",
        "9-8-8 Suicide Crisis Helpline",
        "Anglophone line",
        "Kids Help Phone",
    ]


def test_a_visitor_gets_lines_in_the_language_of_the_page_first(client, anglophone_line):
    CrisisLine.objects.filter(slug="ca-kids-help-phone").update(languages=["fr"])
    html = client.get("/help/", {"country": "CA"}).content.decode()
    assert "Lines in English are listed first." in html
    assert _line_names(html, "Canada")[:4] == [
        "Emergency services (911)",
        "9-8-8 Suicide Crisis Helpline",
        "Anglophone line",
        "Kids Help Phone",
    ]


def test_the_region_parameter_puts_that_regions_lines_first_and_picks_its_country(
    web_as, alice, anglophone_line
):
    alice.profile.languages = ["fr"]
    alice.profile.save()
    html = web_as(alice).get("/help/", {"region": "ca-qc"}).content.decode()
    assert _section_headings(html) == ["Canada", "International"]
    assert _line_names(html, "Canada") == [
        "Emergency services (911)",
        "1 866 APPELLE",
        "9-8-8 Suicide Crisis Helpline",
        "Kids Help Phone",
        "Anglophone line",
    ]
    assert "<dd>CA-QC, where you are</dd>" in html
    assert '<input type="hidden" name="region" value="CA-QC">' in html


def test_a_regional_line_says_which_region_it_serves(client):
    html = client.get("/help/", {"country": "CA"}).content.decode()
    assert "<dt>Region</dt><dd>Only in CA-QC</dd>" in html


def test_a_region_outside_the_chosen_country_or_malformed_is_ignored(client):
    html = client.get("/help/", {"country": "US", "region": "CA-QC"}).content.decode()
    assert _section_headings(html) == ["United States", "International"]
    response = client.get("/help/", {"region": "<b>QC</b>"})
    assert response.status_code == 200
    assert "United States" in _section_headings(response.content.decode())


def test_the_profiles_country_with_a_region_parameter_of_another_country(web_as, alice):
    alice.profile.country = "US"
    alice.profile.save()
    # A region names its country, so it wins over the profile as ?country= does.
    html = web_as(alice).get("/help/", {"region": "CA-QC"}).content.decode()
    assert _section_headings(html) == ["Canada", "International"]
    assert _line_names(html, "Canada")[1] == "1 866 APPELLE"


def test_the_page_answers_for_a_member_without_a_profile(web_as, charlie):
    charlie.profile.delete()
    response = web_as(charlie).get("/help/")
    assert response.status_code == 200
    assert "Samaritans" in response.content.decode()
