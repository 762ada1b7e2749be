import importlib

import pytest
from django.apps import apps

seed_migration = importlib.import_module("peerhaven.resources.migrations.0002_seed_crisis_lines")


@pytest.fixture(autouse=True)
def _seeded_crisis_lines(db):
    # A transactional test elsewhere may have flushed the rows the data migration made.
    seed_migration.seed(apps, None)
