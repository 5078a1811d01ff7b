"""The search index (rounds.search): its table, the database's full-text index on
it (SQLite: an FTS5 table kept in step by triggers; PostgreSQL: a generated
tsvector column with a GIN index), and entries for the records already stored."""

from django.db import migrations, models

SQLITE = [
    (
        "CREATE VIRTUAL TABLE rounds_search_fts USING fts5(kind, names, text, "
        "content='rounds_searchentry', content_rowid='id', "
        "tokenize='unicode61 remove_diacritics 0')",
        "DROP TABLE IF EXISTS rounds_search_fts",
    ),
    (
        "CREATE TRIGGER rounds_search_ai AFTER INSERT ON rounds_searchentry BEGIN "
        "INSERT INTO rounds_search_fts(rowid, kind, names, text) "
        "VALUES (new.id, new.kind, new.names, new.text); END",
        "DROP TRIGGER IF EXISTS rounds_search_ai",
    ),
    (
        "CREATE TRIGGER rounds_search_ad AFTER DELETE ON rounds_searchentry BEGIN "
        "INSERT INTO rounds_search_fts(rounds_search_fts, rowid, kind, names, text) "
        "VALUES ('delete', old.id, old.kind, old.names, old.text); END",
        "DROP TRIGGER IF EXISTS rounds_search_ad",
    ),
    (
        "CREATE TRIGGER rounds_search_au AFTER UPDATE ON rounds_searchentry BEGIN "
        "INSERT INTO rounds_search_fts(rounds_search_fts, rowid, kind, names, text) "
        "VALUES ('delete', old.id, old.kind, old.names, old.text); "
        "INSERT INTO rounds_search_fts(rowid, kind, names, text) "
        "VALUES (new.id, new.kind, new.names, new.text); END",
        "DROP TRIGGER IF EXISTS rounds_search_au",
    ),
    # Ranking: the kind column counts for nothing, a name ten times other text.
    (
        "INSERT INTO rounds_search_fts(rounds_search_fts, rank) "
        "VALUES ('rank', 'bm25(0.0, 10.0, 1.0)')",
        None,
    ),
]

POSTGRESQL = [
    (
        "ALTER TABLE rounds_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, names), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, text), 'B')) STORED",
        "ALTER TABLE rounds_searchentry DROP COLUMN IF EXISTS vector",
    ),
    (
        "CREATE INDEX rounds_search_vector ON rounds_searchentry USING gin (vector)",
        "DROP INDEX IF EXISTS rounds_search_vector",
    ),
]


def statements(schema_editor):
    return {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(schema_editor.connection.vendor, [])


def create_full_text_index(apps, schema_editor):
    for forward, _backward in statements(schema_editor):
        schema_editor.execute(forward)


def drop_full_text_index(apps, schema_editor):
    for _forward, backward in reversed(statements(schema_editor)):
        if backward:
            schema_editor.execute(backward)


def fill_search_entries(apps, schema_editor):
    from rounds import search

    entry_model = apps.get_model("rounds", "SearchEntry")
    using = schema_editor.connection.alias
    entries = []
    for kind in search.KINDS:
        model = apps.get_model("rounds", kind.model.__name__)
        for record in model.objects.using(using).iterator():
            names, text = kind.entry(record)
            entries.append(
                entry_model(kind=kind.name, record_id=record.pk, names=names, text=text)
            )
    entry_model.objects.using(using).bulk_create(entries, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0007_remove_appointment_process"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=20)),
                ("record_id", models.BigIntegerField()),
                ("names", models.TextField(blank=True)),
                ("text", models.TextField(blank=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("kind", "record_id"), name="search_entry_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(create_full_text_index, drop_full_text_index),
        migrations.RunPython(fill_search_entries, migrations.RunPython.noop),
    ]
