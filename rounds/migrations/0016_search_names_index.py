"""PostgreSQL: the names of each search entry as a tsvector of their own, with a GIN
index, so that the search finds name matches without reading every entry that
matches elsewhere (the weights of `vector` are not in its index: a names-only query
on it rechecks every match), and can test a name cheaply while walking the ids
down. SQLite's FTS5 table already indexes each column."""

from django.db import migrations

POSTGRESQL = [
    (
        "ALTER TABLE rounds_searchentry ADD COLUMN names_vector tsvector GENERATED ALWAYS "
        "AS (to_tsvector('simple'::regconfig, names)) STORED",
        "ALTER TABLE rounds_searchentry DROP COLUMN IF EXISTS names_vector",
    ),
    (
        "CREATE INDEX rounds_search_names ON rounds_searchentry USING gin (names_vector)",
        "DROP INDEX IF EXISTS rounds_search_names",
    ),
]


def create_names_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for forward, _backward in POSTGRESQL:
            schema_editor.execute(forward)


def drop_names_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for _forward, backward in reversed(POSTGRESQL):
            schema_editor.execute(backward)


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0015_track_timestamp_labels"),
    ]

    operations = [migrations.RunPython(create_names_index, drop_names_index)]
