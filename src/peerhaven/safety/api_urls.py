"""The safety net's API, included at /api/v1/."""

from django.urls import path

from peerhaven.safety import api

urlpatterns = [
    path("alerts/", api.AlertListApi.as_view(), name="api-alerts"),
    path("alerts/dashboard/", api.DashboardApi.as_view(), name="api-alerts-dashboard"),
    path("alerts/<int:alert_id>/", api.AlertDetailApi.as_view(), name="api-alert"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        api.AlertAcknowledgeApi.as_view(),
        name="api-alert-acknowledge",
    ),
    path("alerts/<int:alert_id>/close/", api.AlertCloseApi.as_view(), name="api-alert-close"),
    path("help-requests/", api.HelpRequestCreateApi.as_view(), name="api-help-requests"),
]
