from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "peerhaven.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peerhaven.accounts import personal_data  # noqa: F401 - registers its sections
