from django.contrib import admin
from django.urls import include, path

from peerhaven.core import bench_views, metrics
from peerhaven.core import views as core_views

urlpatterns = [
    path("", core_views.HomeView.as_view(), name="home"),
    path("healthz", core_views.health, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("bench/bare", bench_views.ping, name="bench-bare"),
    path("bench/signed-in", bench_views.signed_in_ping, name="bench-signed-in"),
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
    # Before admin.site.urls, so the console's own password form is never reached.
    path("admin/login/", core_views.admin_sign_in, name="admin-sign-in"),
    path("admin/", admin.site.urls),
]

# What Django refuses itself: JSON under /api/, pages built on base.html elsewhere.
handler400 = "peerhaven.core.errors.bad_request"
handler403 = "peerhaven.core.errors.permission_denied"
handler404 = "peerhaven.core.errors.page_not_found"
handler500 = "peerhaven.core.errors.server_error"
