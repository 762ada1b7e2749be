from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "peerhaven.meetings"
    label = "meetings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peerhaven.meetings import personal_data, tasks  # noqa: F401 - registers
