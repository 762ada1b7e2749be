"""The coach API, included at /api/v1/."""

from django.urls import path

from peerhaven.nudges import api

urlpatterns = [
    path("coach/analyze", api.CoachAnalyzeApi.as_view(), name="api-coach-analyze"),
]
