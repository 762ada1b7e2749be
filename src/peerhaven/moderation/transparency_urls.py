"""Moderation in figures (members): /moderation/transparency/ and per group."""

from django.urls import URLPattern, URLResolver, path

from peerhaven.moderation import transparency_views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", transparency_views.TransparencySiteView.as_view(), name="moderation-transparency"),
    path(
        "<slug:group_slug>/",
        transparency_views.TransparencyGroupView.as_view(),
        name="moderation-transparency-group",
    ),
]
