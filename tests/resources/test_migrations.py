"""The directory's migrations on a database that has rows from before them."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("resources", "0002_seed_crisis_lines")]
LATEST = [("resources", "0006_seed_more_crisis_lines")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_free_text_rows_are_converted_and_going_back_restores_the_text():
    old_apps = _migrate(BEFORE)
    OldLine = old_apps.get_model("resources", "CrisisLine")
    OldLine.objects.create(
        slug="xx-old-entry",
        country="GB",
        name="An entry typed in before the directory",
        languages="English, Welsh and Klingon",
        topics="grief, Loneliness and isolation, things to do",
        source_url="https://example.org/help",
        last_verified=datetime.date(2025, 1, 1),
    )

    new_apps = _migrate(LATEST)
    line = new_apps.get_model("resources", "CrisisLine").objects.get(slug="xx-old-entry")
    assert line.languages == ["en", "cy"]
    assert line.legacy_languages == "Klingon"
    assert sorted(line.topics.values_list("slug", flat=True)) == ["grief", "loneliness"]
    assert line.legacy_topics == "things to do"
    # It had no way to reach it, which is now required: its official page stands in.
    assert line.chat_url == "https://example.org/help"
    assert new_apps.get_model("resources", "CrisisLine").objects.filter(country="JP").exists()

    old_apps = _migrate(BEFORE)
    line = old_apps.get_model("resources", "CrisisLine").objects.get(slug="xx-old-entry")
    assert line.languages == "English, Welsh, Klingon"
    assert line.topics == "grief, loneliness, things to do"

    _migrate(LATEST)  # leave the schema as every other test expects it
