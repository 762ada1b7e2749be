"""Add the comparison key for display names (normalized and case-folded), unique when set.

Empty for now: 0005_user_display_name_key_backfill fills it for existing accounts."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_profile_coach_nudges")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="display_name_key",
            field=models.TextField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                fields=("display_name_key",), name="unique_display_name_key"
            ),
        ),
    ]
