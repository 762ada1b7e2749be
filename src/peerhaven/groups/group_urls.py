"""A group's pages: detail, join, agreement, members, requests, invites."""

from django.urls import path
from django.views.generic import TemplateView

# Placeholder until the group pages land.
urlpatterns = [
    path(
        "<slug:group_slug>/",
        TemplateView.as_view(template_name="core/home/index.html"),
        name="group-detail",
    ),
]
