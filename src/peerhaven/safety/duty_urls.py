"""Duty pages, included at /safety/duty/."""

from django.urls import path

from peerhaven.safety import duty_views

urlpatterns = [
    path("", duty_views.DutyListView.as_view(), name="safety-duty"),
    path("add/", duty_views.DutyAddView.as_view(), name="safety-duty-add"),
    path("<int:window_id>/remove/", duty_views.DutyRemoveView.as_view(), name="safety-duty-remove"),
]
