"""`peerhaven worker`: runs queued tasks (django-tasks database backend).

The same command as django-tasks-db's `db_worker`, under our own name. On start it queues
the periodic tasks' current and next runs (see core/periodic.py).
"""

from typing import Any

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from peerhaven.core import periodic


class Command(DbWorkerCommand):
    help = "Run Peerhaven's queued tasks (reminders, escalations, retention). Stop with Ctrl+C."

    def handle(self, *args: Any, **options: Any) -> None:
        periodic.schedule_all()
        super().handle(*args, **options)
