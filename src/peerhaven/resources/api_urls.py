"""Resource directory API routes, included at /api/v1/."""

from django.urls import path

from peerhaven.resources import api

urlpatterns = [
    path("resources/", api.CrisisLineListApi.as_view(), name="api-resources"),
    path("resources/<slug:slug>/", api.CrisisLineDetailApi.as_view(), name="api-resource-detail"),
]
