from django.urls import include, path

urlpatterns = [
    path("", include("peerhaven.accounts.auth_urls")),
    path("", include("peerhaven.accounts.account_urls")),
]
