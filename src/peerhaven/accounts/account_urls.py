"""Profile, account settings, sign-in details, data export and deletion routes (always the
signed-in person's; only the link that confirms a new e-mail address works signed out)."""

from django.urls import path

from peerhaven.accounts import credential_views, views

urlpatterns = [
    path("profile/", views.ProfileEditView.as_view(), name="profile"),
    path("settings/", views.AccountSettingsView.as_view(), name="account-settings"),
    path("export/", views.AccountExportView.as_view(), name="account-export"),
    path("delete/", views.AccountDeleteView.as_view(), name="account-delete"),
    path("delete/done/", views.AccountDeleteDoneView.as_view(), name="account-delete-done"),
    path("api-token/", views.ApiTokenView.as_view(), name="api-token"),
    path("password/", credential_views.PasswordChangeView.as_view(), name="password-change"),
    path("email/", credential_views.EmailChangeView.as_view(), name="email-change"),
    path("email/sent/", credential_views.EmailChangeSentView.as_view(), name="email-change-sent"),
    path(
        "email/confirm/<str:token>/",
        credential_views.EmailChangeConfirmView.as_view(),
        name="email-change-confirm",
    ),
    path("sign-out-others/", credential_views.SignOutOthersView.as_view(), name="sign-out-others"),
]
