"""`peerhaven worker`: runs queued tasks (django-tasks database backend).

The same command as django-tasks-db's `db_worker`, under our own name.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run Peerhaven's queued tasks (reminders, escalations, retention). Stop with Ctrl+C."
