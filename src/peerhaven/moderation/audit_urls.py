"""The audit log (organization admins): /moderation/audit/ and its exports."""

from django.urls import URLPattern, URLResolver, path

from peerhaven.moderation import audit_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", audit_views.AuditListView.as_view(), name="moderation-audit"),
    path(
        "export.csv",
        audit_views.AuditExportView.as_view(),
        {"fmt": "csv"},
        name="moderation-audit-export-csv",
    ),
    path(
        "export.json",
        audit_views.AuditExportView.as_view(),
        {"fmt": "json"},
        name="moderation-audit-export-json",
    ),
]
