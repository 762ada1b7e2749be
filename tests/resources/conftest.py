import importlib

import pytest
from django.apps import apps

from peerhaven.resources.models import CrisisLine

topic_seed = importlib.import_module("peerhaven.accounts.migrations.0002_seed_default_topics")
first_seed = importlib.import_module("peerhaven.resources.migrations.0002_seed_crisis_lines")
conversion = importlib.import_module(
    "peerhaven.resources.migrations.0004_crisisline_convert_free_text"
)
more_lines = importlib.import_module("peerhaven.resources.migrations.0006_seed_more_crisis_lines")


def replay_seed_migrations() -> None:
    """What the data migrations did, on today's tables: the first seed's free text goes
    where it now lives, then the conversion and the second seed run as they did."""
    topic_seed.seed(apps, None)  # flushed with everything else; seeding again is harmless
    for entry in first_seed.LINES:
        fields = {"kind": "crisis", "hours": "24/7", "last_verified": first_seed.VERIFIED}
        fields |= dict(entry)
        fields["legacy_languages"] = fields.pop("languages", "")
        fields["legacy_topics"] = fields.pop("topics", "")
        CrisisLine.objects.create(**fields)
    conversion.convert(apps, None)
    conversion.give_every_line_a_way_to_reach_it(apps, None)
    more_lines.seed(apps, None)


@pytest.fixture(autouse=True)
def _seeded_crisis_lines(db):
    # A transactional test elsewhere may have flushed the rows the data migrations made.
    if not CrisisLine.objects.exists():
        replay_seed_migrations()
