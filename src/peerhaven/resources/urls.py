from django.urls import path

from peerhaven.resources.views import CrisisHelpView

urlpatterns = [
    path("", CrisisHelpView.as_view(), name="crisis-help"),
]
