"""The group finder (search and suggestions)."""

from django.urls import path

from peerhaven.groups.finder_views import GroupFinderView

urlpatterns = [
    path("", GroupFinderView.as_view(), name="group-finder"),
]
