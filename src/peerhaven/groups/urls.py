from django.urls import include, path

urlpatterns = [
    path("", include("peerhaven.groups.finder_urls")),
    path("", include("peerhaven.groups.group_urls")),
]
