"""Full-text search over groups, in whichever way the database engine does it best.

PostgreSQL: a GIN index on the weighted tsvector expression that peerhaven.groups.search
queries (the two must match exactly or the index is not used; a test compares them).
SQLite: an FTS5 table, group_search_fts, over groups_group's text columns, kept in step by
triggers. Topic names are matched separately through the Topic table on both engines.

Neither changes Django's model state, so makemigrations sees nothing. The SQL is frozen
here on purpose, as migrations must not import app code.
"""

from django.db import migrations

PG_VECTOR = (
    "(setweight(to_tsvector('english'::regconfig, name), 'A') || "
    "setweight(to_tsvector('english'::regconfig, description || ' ' || what_to_expect || ' ' "
    "|| place_name), 'B'))"
)
PG_CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS group_search_vector ON groups_group USING GIN ({PG_VECTOR})"
)
PG_DROP_INDEX = "DROP INDEX IF EXISTS group_search_vector"

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS group_search_fts USING fts5("
    "name, description, what_to_expect, place_name, content='groups_group', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS group_search_fts_insert AFTER INSERT ON groups_group BEGIN "
    "INSERT INTO group_search_fts(rowid, name, description, what_to_expect, place_name) "
    "VALUES (new.id, new.name, new.description, new.what_to_expect, new.place_name); END",
    "CREATE TRIGGER IF NOT EXISTS group_search_fts_delete AFTER DELETE ON groups_group BEGIN "
    "INSERT INTO group_search_fts(group_search_fts, rowid, name, description, what_to_expect, place_name) "
    "VALUES ('delete', old.id, old.name, old.description, old.what_to_expect, old.place_name); END",
    "CREATE TRIGGER IF NOT EXISTS group_search_fts_update AFTER UPDATE OF "
    "name, description, what_to_expect, place_name ON groups_group BEGIN "
    "INSERT INTO group_search_fts(group_search_fts, rowid, name, description, what_to_expect, place_name) "
    "VALUES ('delete', old.id, old.name, old.description, old.what_to_expect, old.place_name); "
    "INSERT INTO group_search_fts(rowid, name, description, what_to_expect, place_name) "
    "VALUES (new.id, new.name, new.description, new.what_to_expect, new.place_name); END",
    "INSERT INTO group_search_fts(group_search_fts) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS group_search_fts_insert",
    "DROP TRIGGER IF EXISTS group_search_fts_delete",
    "DROP TRIGGER IF EXISTS group_search_fts_update",
    "DROP TABLE IF EXISTS group_search_fts",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_CREATE_INDEX)
    elif vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_DROP_INDEX)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("groups", "0001_group_membership_agreement")]
    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
