from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "peerhaven.conversations"
    label = "conversations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from peerhaven.conversations import personal_data, signals, tasks  # noqa: F401 - registers
