from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "peerhaven.safety"
    label = "safety"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peerhaven.safety import personal_data, tasks  # noqa: F401 - registers
