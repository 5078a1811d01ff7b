"""PostgreSQL: a GIN index on the names of the search entries alone, so that the
search finds name matches without reading every entry that matches elsewhere (the
weights of the `vector` column are not in its index: a names-only query on it
rechecks every match). SQLite's FTS5 table already indexes each column."""

from django.db import migrations

CREATE = (
    "CREATE INDEX rounds_search_names ON rounds_searchentry "
    "USING gin (to_tsvector('simple'::regconfig, names))"
)
DROP = "DROP INDEX IF EXISTS rounds_search_names"


def create_names_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop_names_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0015_track_timestamp_labels"),
    ]

    operations = [migrations.RunPython(create_names_index, drop_names_index)]
