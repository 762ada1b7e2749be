"""GET /api/v1/resources/: the directory through the API, signed out and signed in."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from peerhaven.resources.models import CrisisLine

pytestmark = pytest.mark.django_db

URL = "/api/v1/resources/"
FIELDS = {
    "slug",
    "country",
    "subdivision",
    "languages",
    "topics",
    "kind",
    "name",
    "description",
    "phone",
    "sms_number",
    "sms_keyword",
    "chat_url",
    "hours",
    "source_url",
    "last_verified",
    "needs_reverification",
}


def _slugs(body) -> list[str]:
    return [entry["slug"] for entry in body["results"]]


def test_a_visitor_reads_the_whole_directory_in_order(api_as):
    response = api_as(None).get(URL)
    assert response.status_code == 200
    body = response.json()
    active = CrisisLine.objects.filter(is_active=True).count()
    assert (body["count"], body["page"], body["pages"], body["per_page"]) == (active, 1, 1, 50)
    assert len(body["results"]) == active
    assert body["results"][0]["slug"] == "intl-find-a-helpline"  # blank country sorts first
    assert all(set(entry) == FIELDS for entry in body["results"])
    countries = [entry["country"] for entry in body["results"]]
    assert countries == sorted(countries)


def test_each_entry_carries_its_region_languages_topics_and_verification(api_as):
    CrisisLine.objects.filter(slug="ca-qc-1-866-appelle").update(
        last_verified=timezone.localdate() - datetime.timedelta(days=400)
    )
    [entry] = [e for e in api_as(None).get(URL).json()["results"] if e["subdivision"]]
    assert entry == {
        "slug": "ca-qc-1-866-appelle",
        "country": "CA",
        "subdivision": "CA-QC",
        "languages": ["fr", "en"],
        "topics": ["suicidal-thoughts", "suicide-loss"],
        "kind": "crisis",
        "name": "1 866 APPELLE",
        "description": entry["description"],
        "phone": "1-866-277-3553",
        "sms_number": "",
        "sms_keyword": "",
        "chat_url": "",
        "hours": "24/7",
        "source_url": "https://suicide.ca/",
        "last_verified": (timezone.localdate() - datetime.timedelta(days=400)).isoformat(),
        "needs_reverification": True,
    }
    assert "Quebec" in entry["description"]


def test_filters_by_country_language_and_topic_combine(api_as, alice):
    api = api_as(alice)
    assert _slugs(api.get(URL, {"country": "gb"}).json()) == [
        "gb-emergency",
        "gb-samaritans",
        "gb-shout",
    ]
    french = api.get(URL, {"language": "fr"}).json()
    assert {e["country"] for e in french["results"]} == {"CA", "FR"}
    assert all("fr" in e["languages"] for e in french["results"])
    assert _slugs(api.get(URL, {"topic": "grief"}).json()) == ["nz-1737"]
    both = api.get(URL, {"country": "CA", "language": "fr", "topic": "suicide-loss"}).json()
    assert _slugs(both) == ["ca-988", "ca-qc-1-866-appelle"]
    assert api.get(URL, {"country": "IT"}).json()["count"] == 0


def test_a_language_filter_does_not_match_a_longer_code(api_as):
    CrisisLine.objects.filter(slug="gb-shout").update(languages=["en-gb"])
    assert "gb-shout" not in _slugs(api_as(None).get(URL, {"language": "en"}).json())


@pytest.mark.parametrize(
    ("params", "code", "message"),
    [
        (
            {"country": "XX"},
            "unknown_country",
            "“XX” is not a country code we know. Use a two-letter ISO code, such as GB or US.",
        ),
        (
            {"country": "Narnia"},
            "unknown_country",
            "“NARNIA” is not a country code we know. Use a two-letter ISO code, such as GB or US.",
        ),
        (
            {"language": "klingon"},
            "unknown_language",
            "“klingon” is not a language code we know. Use one such as en or fr.",
        ),
        (
            {"topic": "no-such-topic"},
            "unknown_topic",
            "There is no topic “no-such-topic”. Use a topic's slug, such as grief.",
        ),
    ],
)
def test_an_unknown_filter_is_refused_with_a_clear_message(api_as, params, code, message):
    response = api_as(None).get(URL, params)
    assert response.status_code == 400
    assert response.json() == {
        "message": message,
        "code": code,
        "extra": {"field": next(iter(params))},
    }


def test_pages_hold_fifty_entries(api_as):
    CrisisLine.objects.bulk_create(
        CrisisLine(
            slug=f"zz-extra-{n:02}",
            country="ZW",
            name=f"Extra line {n:02}",
            phone="0800 000 000",
            source_url="https://example.org/",
            last_verified=timezone.localdate(),
        )
        for n in range(30)
    )
    total = CrisisLine.objects.filter(is_active=True).count()
    api = api_as(None)
    first = api.get(URL).json()
    second = api.get(URL, {"page": 2}).json()
    assert (first["count"], first["pages"]) == (total, 2)
    assert len(first["results"]) == 50
    assert len(second["results"]) == total - 50
    assert second["results"][-1]["slug"] == "zz-extra-29"
    assert api.get(URL, {"page": 9}).json()["results"] == []
    assert api.get(URL, {"page": 0}).status_code == 400


def test_the_list_takes_three_queries_whatever_its_length(api_as, django_assert_num_queries):
    api = api_as(None)
    with django_assert_num_queries(3):  # count, page, topics
        response = api.get(URL)
    assert response.status_code == 200


def test_one_entry_by_its_slug(api_as, charlie):
    response = api_as(charlie).get(URL + "gb-samaritans/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == FIELDS
    assert (body["name"], body["phone"], body["languages"]) == ("Samaritans", "116 123", ["en"])
    assert body["topics"] == ["depression", "loneliness", "self-harm", "suicidal-thoughts"]


def test_an_unknown_or_hidden_entry_is_not_found(api_as):
    CrisisLine.objects.filter(slug="gb-shout").update(is_active=False)
    api = api_as(None)
    for slug in ("no-such-line", "gb-shout"):
        response = api.get(URL + slug + "/")
        assert response.status_code == 404
        assert response.json()["code"] == "resource_not_found"
    assert "gb-shout" not in _slugs(api.get(URL, {"country": "GB"}).json())


@pytest.mark.parametrize("who", [None, "alice", "org_admin"])
def test_nobody_can_write_through_the_api(api_as, request, who):
    user = request.getfixturevalue(who) if who else None
    api = api_as(user)
    before = list(CrisisLine.objects.order_by("pk").values_list("slug", "phone"))
    entry = {"slug": "new-line", "country": "GB", "name": "New", "phone": "999"}
    for method, url in [
        ("post", URL),
        ("put", URL),
        ("patch", URL),
        ("delete", URL),
        ("post", URL + "gb-samaritans/"),
        ("put", URL + "gb-samaritans/"),
        ("patch", URL + "gb-samaritans/"),
        ("delete", URL + "gb-samaritans/"),
    ]:
        response = getattr(api, method)(url, entry, format="json")
        assert response.status_code == 405, (method, url)
        assert response.json()["code"] == "method_not_allowed"
    assert list(CrisisLine.objects.order_by("pk").values_list("slug", "phone")) == before


def test_the_schema_documents_both_endpoints_as_read_only_and_open_to_everyone(db, tmp_path):
    target = tmp_path / "schema.yaml"
    # Warnings anywhere in the schema are tests/conversations/test_api_schema.py's concern.
    call_command("spectacular", validate=True, file=str(target))
    schema = target.read_text()
    for path in ("/api/v1/resources/:", "/api/v1/resources/{slug}/:"):
        assert path in schema
        section = schema.split(f"\n  {path}\n")[1].split("\n  /api/")[0]
        assert "security:" not in section  # no sign-in scheme listed: none is needed
        assert "post:" not in section
    assert "ResourceKindEnum" in schema  # named after the serializer: no clash with others
