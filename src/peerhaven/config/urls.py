from django.contrib import admin
from django.urls import include, path

from peerhaven.core import bench_views
from peerhaven.core import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.health, name="healthz"),
    path("bench/bare", bench_views.ping, name="bench-bare"),
    path("accounts/", include("peerhaven.accounts.urls")),
    path("help/", include("peerhaven.resources.urls")),
    path("guidelines/", include("peerhaven.guidelines.urls")),
    path("groups/", include("peerhaven.groups.urls")),
    path("conversations/", include("peerhaven.conversations.urls")),
    path("nudges/", include("peerhaven.nudges.urls")),
    path("safety/", include("peerhaven.safety.urls")),
    path("moderation/", include("peerhaven.moderation.urls")),
    path("meetings/", include("peerhaven.meetings.urls")),
    path("api/v1/", include("peerhaven.config.api_urls")),
    path("admin/", admin.site.urls),
]
