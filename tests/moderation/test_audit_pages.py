"""The audit log's page and exports: organization admins only, newest first, 50 a page,
filtered by verb, group and dates, downloaded as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from peerhaven.moderation.models import AuditEntry

pytestmark = pytest.mark.django_db

AUDIT = "/moderation/audit/"


def entry(verb: str = "case.remove", *, at: datetime | None = None, **fields) -> AuditEntry:
    values = {
        "actor_id": 1,
        "actor_name": "Fran",
        "verb": verb,
        "target": "message 1 (case 1)",
        "group_slug": "evening-circle",
        "guideline_key": "respect",
        "reason": "Name-calling",
        **fields,
    }
    return AuditEntry.objects.create(at=at or timezone.now(), **values)


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize("who", ["facilitator", "alice", "charlie"])
@pytest.mark.parametrize("path", [AUDIT, AUDIT + "export.csv", AUDIT + "export.json"])
def test_only_organization_admins_see_or_export_the_log(web_as, request, who, path):
    entry(reason="Private reason")
    response = web_as(request.getfixturevalue(who)).get(path)
    assert response.status_code == 403
    assert b"Private reason" not in response.content
    assert b"for organization admins" in response.content


def test_a_visitor_is_sent_to_sign_in(web_as):
    response = web_as(None).get(AUDIT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_an_admin_sees_who_did_what_when_and_why(web_as, org_admin):
    entry(verb="case.mute", actor_name="Fran", reason="Repeated insults after a warning")
    response = web_as(org_admin).get(AUDIT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fran" in page
    assert "case.mute" in page
    assert "Repeated insults after a warning" in page
    assert "evening-circle" in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_log_is_newest_first_fifty_a_page(web_as, org_admin):
    start = timezone.now() - timedelta(days=1)
    for n in range(120):
        entry(reason=f"reason-{n:03d}", at=start + timedelta(minutes=n))
    client = web_as(org_admin)
    first = client.get(AUDIT)
    rows = list(first.context["page"].object_list)
    assert len(rows) == 50
    assert rows[0].reason == "reason-119"
    assert rows[-1].reason == "reason-070"
    assert first.context["page"].paginator.count == 120
    last = client.get(AUDIT, {"page": 3})
    assert [e.reason for e in last.context["page"].object_list][-1] == "reason-000"
    assert len(last.context["page"].object_list) == 20


def test_the_page_costs_the_same_queries_however_many_entries(web_as, org_admin):
    client = web_as(org_admin)
    entry()
    client.get(AUDIT)  # warm the session and sign-in caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(AUDIT).status_code == 200
    for _ in range(60):
        entry()
    with CaptureQueriesContext(connection) as many:
        assert client.get(AUDIT).status_code == 200
    assert len(many) == len(few)


def test_filters_by_verb_family_group_and_dates(web_as, org_admin):
    now = timezone.now()
    entry(verb="case.remove", group_slug="evening-circle", reason="A", at=now - timedelta(days=10))
    entry(verb="case.note", group_slug="evening-circle", reason="B", at=now - timedelta(days=3))
    entry(verb="appeal.upheld", group_slug="morning-walk", reason="C", at=now - timedelta(days=3))
    entry(verb="post.declined", group_slug="morning-walk", reason="D", at=now)
    client = web_as(org_admin)

    def reasons(**query) -> list[str]:
        response = client.get(AUDIT, query)
        assert response.status_code == 200
        return sorted(e.reason for e in response.context["page"].object_list)

    assert reasons(verb="case.remove") == ["A"]
    assert reasons(verb="case.") == ["A", "B"]
    assert reasons(group="morning-walk") == ["C", "D"]
    day = (now - timedelta(days=3)).date().isoformat()
    assert reasons(date_from=day, date_to=day) == ["B", "C"]
    assert reasons(date_from=day) == ["B", "C", "D"]
    assert reasons(verb="appeal.", group="evening-circle") == []


def test_a_backwards_date_range_is_explained_not_guessed(web_as, org_admin):
    entry()
    response = web_as(org_admin).get(AUDIT, {"date_from": "2026-05-02", "date_to": "2026-05-01"})
    assert response.status_code == 400
    assert "The end date comes before the start date." in response.content.decode()
    assert response.context["page"].paginator.count == 0


def test_csv_export_is_a_streamed_attachment_with_every_field(web_as, org_admin):
    entry(verb="case.remove", reason="Name-calling, twice")
    response = web_as(org_admin).get(AUDIT + "export.csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(body(response))))
    removed = next(r for r in rows if r["verb"] == "case.remove")
    assert removed["actor_name"] == "Fran"
    assert removed["reason"] == "Name-calling, twice"
    assert removed["group"] == "evening-circle"
    assert removed["guideline"] == "respect"
    assert datetime.fromisoformat(removed["at"]).tzinfo is not None


def test_json_export_follows_the_filters_and_is_valid_json(web_as, org_admin):
    for n in range(2500):  # more than one chunk of the stream
        entry(verb="case.note", reason=f"n{n}")
    entry(verb="case.mute", reason="the one")
    response = web_as(org_admin).get(AUDIT + "export.json", {"verb": "case.note"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"].endswith('.json"')
    data = json.loads(body(response))
    assert len(data) == 2500
    assert {row["verb"] for row in data} == {"case.note"}
    assert data[0]["reason"] == "n2499"  # newest first


def test_an_empty_export_is_still_valid(web_as, org_admin):
    response = web_as(org_admin).get(AUDIT + "export.json", {"group": "nobody-here"})
    assert json.loads(body(response)) == []


def test_every_export_is_itself_in_the_log(web_as, org_admin):
    body(web_as(org_admin).get(AUDIT + "export.csv", {"group": "evening-circle"}))
    exported = AuditEntry.objects.get(verb="audit.exported")
    assert exported.actor_id == org_admin.pk
    assert exported.actor_name == org_admin.display_name
    assert "csv" in exported.target
    assert "group=evening-circle" in exported.reason


def test_spreadsheet_formulas_in_reasons_are_exported_as_text(web_as, org_admin):
    entry(reason='=HYPERLINK("http://evil.example")')
    rows = list(csv.DictReader(io.StringIO(body(web_as(org_admin).get(AUDIT + "export.csv")))))
    row = next(r for r in rows if r["verb"] == "case.remove")
    assert row["reason"].startswith("'=")
