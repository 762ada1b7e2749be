"""The audit log cannot be changed: not through the application, not in the admin console,
and on PostgreSQL not even by hand-written SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from peerhaven.accounts.models import Role
from peerhaven.moderation.models import AppendOnly, AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(facilitator) -> AuditEntry:
    return AuditEntry.objects.create(
        actor_id=facilitator.pk,
        actor_name="Fran",
        verb="case.remove",
        target="message 1 (case 1)",
        group_slug="evening-circle",
        guideline_key="respect",
        reason="Name-calling",
    )


def _unchanged(record: AuditEntry) -> None:
    fresh = AuditEntry.objects.get(pk=record.pk)
    assert (fresh.reason, fresh.verb) == ("Name-calling", "case.remove")


def test_saving_an_existing_entry_again_is_refused(record):
    record.reason = "Something kinder"
    with pytest.raises(AppendOnly):
        record.save()
    _unchanged(record)


def test_deleting_an_entry_is_refused(record):
    with pytest.raises(AppendOnly):
        record.delete()
    _unchanged(record)


def test_bulk_update_and_delete_are_refused(record):
    with pytest.raises(AppendOnly):
        AuditEntry.objects.filter(pk=record.pk).update(reason="Rewritten")
    with pytest.raises(AppendOnly):
        AuditEntry.objects.all().delete()
    _unchanged(record)


def _on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "The database-level guard is a PostgreSQL trigger (migration 0002); SQLite relies "
            "on the application's guards, tested above."
        )


def test_raw_sql_update_is_refused_by_the_database(record):
    _on_postgresql()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE moderation_auditentry SET reason = %s WHERE id = %s", ["Rewritten", record.pk]
        )
    _unchanged(record)


def test_raw_sql_delete_is_refused_by_the_database(record):
    _on_postgresql()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM moderation_auditentry")
    _unchanged(record)


# --- The admin console ------------------------------------------------------------------


@pytest.fixture
def superuser(db):
    return UserFactory(display_name="Root", role=Role.ADMIN, is_staff=True, is_superuser=True)


def test_the_console_lists_entries_but_offers_no_add_change_or_delete(web_as, superuser, record):
    client = web_as(superuser)
    listing = client.get("/admin/moderation/auditentry/")
    assert listing.status_code == 200
    assert "case.remove" in listing.content.decode()
    assert "delete_selected" not in listing.content.decode()
    assert client.get("/admin/moderation/auditentry/add/").status_code == 403
    detail = client.get(f"/admin/moderation/auditentry/{record.pk}/change/")
    assert detail.status_code == 200  # a read-only view
    assert b'name="_save"' not in detail.content
    posted = client.post(
        f"/admin/moderation/auditentry/{record.pk}/change/", {"reason": "Rewritten"}
    )
    assert posted.status_code == 403
    assert client.post(f"/admin/moderation/auditentry/{record.pk}/delete/").status_code == 403
    _unchanged(record)


def test_the_console_answers_no_to_every_write_permission(rf, superuser, record):
    from django.contrib.admin.sites import site

    admin = site._registry[AuditEntry]
    request = rf.get("/admin/")
    request.user = superuser
    assert not admin.has_add_permission(request)
    assert not admin.has_change_permission(request, record)
    assert not admin.has_delete_permission(request, record)
    assert admin.has_view_permission(request, record)
