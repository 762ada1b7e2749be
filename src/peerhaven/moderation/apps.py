from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "peerhaven.moderation"
    label = "moderation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peerhaven.moderation import personal_data  # noqa: F401 - registers
