"""Safety plan pages, included at /safety/plan/. Always the signed-in person's own plan."""

from django.urls import path

from peerhaven.safety import plan_views

urlpatterns = [
    path("", plan_views.SafetyPlanDetailView.as_view(), name="safety-plan"),
    path("edit/", plan_views.SafetyPlanEditView.as_view(), name="safety-plan-edit"),
    path("print/", plan_views.SafetyPlanPrintView.as_view(), name="safety-plan-print"),
    path("clear/", plan_views.SafetyPlanClearView.as_view(), name="safety-plan-clear"),
]
