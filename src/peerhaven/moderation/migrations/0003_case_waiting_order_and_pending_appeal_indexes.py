"""Indexes for the moderation queue at scale: the site's waiting cases in queue order
(safety first, then oldest), and the pending appeals. Both are partial, so they stay as
small as the queue itself, not the history."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("moderation", "0002_auditentry_append_only_guard")]

    operations = [
        migrations.AddIndex(
            model_name="appeal",
            index=models.Index(
                condition=models.Q(("status", "pending")),
                fields=["created_at"],
                name="appeal_pending",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("status__in", ["open", "resubmitted"])),
                fields=["-severity", "created_at", "id"],
                name="case_waiting_order",
            ),
        ),
    ]
