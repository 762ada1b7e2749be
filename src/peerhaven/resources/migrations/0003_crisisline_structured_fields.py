"""Languages become a list of codes and topics link to the topic list; lines can be for a
region of a country; numbers and countries are checked.

The old free-text columns are kept (renamed legacy_*) so the next migration can convert
them and nothing typed into them is lost.
"""

from django.db import migrations, models

import peerhaven.accounts.models
import peerhaven.resources.validators


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_seed_default_topics"),
        ("resources", "0002_seed_crisis_lines"),
    ]

    operations = [
        migrations.RenameField(
            model_name="crisisline", old_name="languages", new_name="legacy_languages"
        ),
        migrations.AlterField(
            model_name="crisisline",
            name="legacy_languages",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="languages (old free text)"
            ),
        ),
        migrations.RenameField(
            model_name="crisisline", old_name="topics", new_name="legacy_topics"
        ),
        migrations.AlterField(
            model_name="crisisline",
            name="legacy_topics",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="topics (old free text)"
            ),
        ),
        migrations.AddField(
            model_name="crisisline",
            name="languages",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="The languages someone can be helped in.",
                validators=[peerhaven.accounts.models.validate_languages],
                verbose_name="languages",
            ),
        ),
        migrations.AddField(
            model_name="crisisline",
            name="topics",
            field=models.ManyToManyField(
                blank=True,
                help_text="What it helps with, from the instance's topic list.",
                related_name="+",
                to="accounts.topic",
                verbose_name="topics",
            ),
        ),
        migrations.AddField(
            model_name="crisisline",
            name="subdivision",
            field=models.CharField(
                blank=True,
                help_text="Only for a line that serves part of the country: the ISO 3166-2 code, such as CA-QC or US-CA. Leave blank for the whole country.",
                max_length=6,
                validators=[peerhaven.resources.validators.validate_subdivision],
                verbose_name="region",
            ),
        ),
        migrations.AlterField(
            model_name="crisisline",
            name="country",
            field=models.CharField(
                blank=True,
                help_text="ISO code such as GB. Leave blank for a line that helps people anywhere.",
                max_length=2,
                validators=[peerhaven.resources.validators.validate_country],
                verbose_name="country",
            ),
        ),
        migrations.AlterField(
            model_name="crisisline",
            name="phone",
            field=models.CharField(
                blank=True,
                max_length=40,
                validators=[peerhaven.resources.validators.validate_dialable],
                verbose_name="phone number",
            ),
        ),
        migrations.AlterField(
            model_name="crisisline",
            name="sms_number",
            field=models.CharField(
                blank=True,
                max_length=40,
                validators=[peerhaven.resources.validators.validate_dialable],
                verbose_name="text (SMS) number",
            ),
        ),
        migrations.AlterModelOptions(
            name="crisisline", options={"ordering": ["country", "subdivision", "name"]}
        ),
    ]
