"""The duty hours API, included at /api/v1/."""

from django.urls import path

from peerhaven.safety import duty_api

urlpatterns = [
    path("duty-windows/", duty_api.DutyWindowListApi.as_view(), name="api-duty-windows"),
    path(
        "duty-windows/<int:window_id>/",
        duty_api.DutyWindowDetailApi.as_view(),
        name="api-duty-window",
    ),
]
