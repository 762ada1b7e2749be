import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("resources", "0004_crisisline_convert_free_text")]

    operations = [
        migrations.AddConstraint(
            model_name="crisisline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("chat_url", ""), ("phone", ""), ("sms_number", ""), _negated=True
                ),
                name="crisisline_has_a_way_to_reach_it",
                violation_error_message="Give at least one way to reach this line: a phone number, a text (SMS) number or a chat or web address.",
            ),
        ),
        migrations.AddConstraint(
            model_name="crisisline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("subdivision", ""),
                    (
                        "subdivision__startswith",
                        django.db.models.functions.text.Concat("country", models.Value("-")),
                    ),
                    _connector="OR",
                ),
                name="crisisline_subdivision_in_country",
                violation_error_message="A region must be in the line's country: its code starts with the country code and a hyphen, as CA-QC does for CA.",
            ),
        ),
    ]
