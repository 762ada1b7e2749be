"""Mediated conversation pages, included at /moderation/mediation/."""

from django.urls import path

from peerhaven.moderation import mediation_views

urlpatterns = [
    path(
        "new/<slug:group_slug>/",
        mediation_views.MediationOpenView.as_view(),
        name="mediation-open",
    ),
    path(
        "<int:conversation_id>/",
        mediation_views.MediationDetailView.as_view(),
        name="mediation-detail",
    ),
    path(
        "<int:conversation_id>/close/",
        mediation_views.MediationCloseView.as_view(),
        name="mediation-close",
    ),
]
