"""Safety plan API route, included at /api/v1/. Always the caller's own plan."""

from django.urls import path

from peerhaven.safety import plan_api

urlpatterns = [
    path("safety-plan/", plan_api.SafetyPlanDetailApi.as_view(), name="api-safety-plan"),
]
