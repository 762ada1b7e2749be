"""The crisis page starts on the visitor's country, guessed from the browser's language,
until they (or their profile) say otherwise."""

import re

import pytest

pytestmark = pytest.mark.django_db

EVERY_COUNTRY_FIRST = "Australia"


def _headings(response) -> list[str]:
    assert response.status_code == 200
    return re.findall(r"<h3[^>]*>([^<]+)</h3>", response.content.decode())


@pytest.mark.parametrize(
    ("header", "country"),
    [
        ("en-GB,en;q=0.9", "United Kingdom"),
        ("en-US,en;q=0.9", "United States"),
        ("de-DE,de;q=0.9,en;q=0.8", "Germany"),
        ("de", "Germany"),
        ("fr-CA", "Canada"),
        ("fr;q=0.4, en-IE", "Ireland"),  # the most wanted language counts, not the first
        ("zh-Hant-TW, en-NZ;q=0.5", None),  # Taiwan has no lines: all of them
    ],
)
def test_a_visitor_starts_on_the_country_of_their_browser_language(client, header, country):
    response = client.get("/help/", headers={"accept-language": header})

    if country is None:
        assert _headings(response)[0] == EVERY_COUNTRY_FIRST
    else:
        assert _headings(response) == [country, "International"]
    assert "We don't list lines for" not in response.content.decode()


@pytest.mark.parametrize(
    "header",
    [
        "",
        "en",  # English alone could be anywhere
        "es-419",  # Latin America is no one country
        "pt-PT",  # no lines for Portugal: all of them, without a word about it
        "*",
        "!!;q=banana,,,",
        "x" * 600,
        "en-GB;q=2, de-DE",
        "\u00e9t\u00e9-FR",
    ],
)
def test_a_header_that_says_nothing_useful_shows_every_country(client, header):
    response = client.get("/help/", headers={"accept-language": header})

    assert _headings(response)[0] == EVERY_COUNTRY_FIRST
    assert "We don't list lines for" not in response.content.decode()


def test_a_choice_wins_over_the_browser_language(client):
    chosen = client.get("/help/", {"country": "AU"}, headers={"accept-language": "en-GB"})
    everywhere = client.get("/help/", {"country": ""}, headers={"accept-language": "en-GB"})

    assert _headings(chosen) == ["Australia", "International"]
    assert '<option value="AU" selected>' in chosen.content.decode()
    assert len(_headings(everywhere)) > 2


def test_the_country_in_a_members_profile_wins_over_the_browser_language(alice, web_as):
    alice.profile.country = "NZ"
    alice.profile.save()

    response = web_as(alice).get("/help/", headers={"accept-language": "en-GB"})

    assert _headings(response) == ["New Zealand", "International"]


def test_a_member_who_gave_no_country_gets_their_browser_language(alice, web_as):
    alice.profile.country = ""
    alice.profile.save()

    response = web_as(alice).get("/help/", headers={"accept-language": "de-DE"})

    assert _headings(response) == ["Germany", "International"]


def test_the_country_picker_shows_the_guessed_country(client):
    html = client.get("/help/", headers={"accept-language": "en-GB"}).content.decode()

    assert '<option value="GB" selected>' in html


def test_caches_keep_one_answer_per_browser_language(client):
    response = client.get("/help/", headers={"accept-language": "en-GB"})

    assert "accept-language" in response["Vary"].lower()


def test_the_fallback_page_also_varies_on_the_browser_language(client, monkeypatch):
    def broken_render(*args, **kwargs):
        raise RuntimeError("template broken")

    monkeypatch.setattr("peerhaven.resources.views.render", broken_render)
    response = client.get("/help/", headers={"accept-language": "en-GB"})

    assert response.status_code == 200
    assert "accept-language" in response["Vary"].lower()
