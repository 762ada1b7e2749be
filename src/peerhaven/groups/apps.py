from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "peerhaven.groups"
    label = "groups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from peerhaven.groups import personal_data  # noqa: F401 - registers its sections
        from peerhaven.groups.search import repair_search_index_after_migrate

        post_migrate.connect(repair_search_index_after_migrate, sender=self)

        from peerhaven.groups import suggestions_cache

        suggestions_cache.connect_signals()
