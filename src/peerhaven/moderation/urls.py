from django.urls import include, path

urlpatterns = [
    path("", include("peerhaven.moderation.page_urls")),
    path("audit/", include("peerhaven.moderation.audit_urls")),
    path("transparency/", include("peerhaven.moderation.transparency_urls")),
    path("mediation/", include("peerhaven.moderation.mediation_urls")),
]
