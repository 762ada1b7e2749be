"""The finder's API route, included at /api/v1/ before the other group routes."""

from django.urls import path

from peerhaven.groups.finder_api import GroupSearchApi

urlpatterns = [
    path("groups/", GroupSearchApi.as_view(), name="api-group-search"),
]
