"""Profile, account settings, data export and deletion routes (always the signed-in person's)."""

from django.urls import path

from peerhaven.accounts import views

urlpatterns = [
    path("profile/", views.ProfileEditView.as_view(), name="profile"),
    path("settings/", views.AccountSettingsView.as_view(), name="account-settings"),
    path("export/", views.AccountExportView.as_view(), name="account-export"),
    path("delete/", views.AccountDeleteView.as_view(), name="account-delete"),
    path("delete/done/", views.AccountDeleteDoneView.as_view(), name="account-delete-done"),
    path("api-token/", views.ApiTokenView.as_view(), name="api-token"),
]
