"""Account API routes, included at /api/v1/. Everything under me/ is the caller's own."""

from django.urls import path

from peerhaven.accounts import api

urlpatterns = [
    path("me/", api.AccountDetailApi.as_view(), name="api-me"),
    path("me/profile/", api.ProfileDetailApi.as_view(), name="api-me-profile"),
    path("me/export/", api.AccountExportApi.as_view(), name="api-me-export"),
    path("me/delete/", api.AccountDeleteApi.as_view(), name="api-me-delete"),
    path("me/password/", api.PasswordChangeApi.as_view(), name="api-me-password"),
    path("me/email/", api.EmailChangeApi.as_view(), name="api-me-email"),
    path("me/sign-ins/", api.SignInListApi.as_view(), name="api-me-sign-ins"),
    path("me/sign-out-others/", api.SignOutOthersApi.as_view(), name="api-me-sign-out-others"),
    path("topics/", api.TopicListApi.as_view(), name="api-topics"),
]
