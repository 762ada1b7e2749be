"""The group finder (search and suggestions)."""

from django.urls import path
from django.views.generic import TemplateView

# Placeholder until the finder lands.
urlpatterns = [
    path("", TemplateView.as_view(template_name="core/home/index.html"), name="group-finder"),
]
