from django.urls import include, path

from peerhaven.safety import views

urlpatterns = [
    path("alerts/", views.AlertListView.as_view(), name="safety-alerts"),
    path("alerts/<int:alert_id>/", views.AlertDetailView.as_view(), name="safety-alert"),
    path(
        "alerts/<int:alert_id>/acknowledge/",
        views.AlertAcknowledgeView.as_view(),
        name="safety-alert-acknowledge",
    ),
    path("alerts/<int:alert_id>/close/", views.AlertCloseView.as_view(), name="safety-alert-close"),
    path("help-now/", views.HelpNowView.as_view(), name="safety-help-now"),
    path("dashboard/", views.DashboardView.as_view(), name="safety-dashboard"),
    path("plan/", include("peerhaven.safety.plan_urls")),
    path("duty/", include("peerhaven.safety.duty_urls")),
]
