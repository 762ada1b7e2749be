from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("", include("peerhaven.accounts.api_urls")),
    path("", include("peerhaven.guidelines.api_urls")),
    path("", include("peerhaven.groups.api_urls")),
    path("", include("peerhaven.conversations.api_urls")),
    path("", include("peerhaven.nudges.api_urls")),
    path("", include("peerhaven.resources.api_urls")),
    path("", include("peerhaven.safety.plan_api_urls")),
    path("", include("peerhaven.safety.api_urls")),
    path("", include("peerhaven.moderation.api_urls")),
    path("", include("peerhaven.safety.duty_api_urls")),
    path("meetings/", include("peerhaven.meetings.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
