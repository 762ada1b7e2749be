"""The composer's coach endpoints, under /nudges/."""

from django.urls import path

from peerhaven.nudges import views

urlpatterns = [
    path("analyze/", views.NudgeAnalyzeView.as_view(), name="nudges-analyze"),
    path("accepted/", views.NudgeAcceptView.as_view(), name="nudges-accept"),
]
