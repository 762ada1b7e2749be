"""Profile, account settings, data export and deletion routes."""

from django.urls import path
from django.views.generic import TemplateView

# Placeholder routes until the profile views land.
_todo = TemplateView.as_view(template_name="core/home/index.html")

urlpatterns = [
    path("profile/", _todo, name="profile"),
    path("settings/", _todo, name="account-settings"),
    path("export/", _todo, name="account-export"),
    path("delete/", _todo, name="account-delete"),
    path("api-token/", _todo, name="api-token"),
]
