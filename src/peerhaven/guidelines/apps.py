from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "peerhaven.guidelines"
    label = "guidelines"
    default_auto_field = "django.db.models.BigAutoField"
