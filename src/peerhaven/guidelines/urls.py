from django.urls import path
from django.views.generic import TemplateView

# Placeholder until the guideline pages land.
urlpatterns = [
    path("", TemplateView.as_view(template_name="core/home/index.html"), name="guidelines"),
]
