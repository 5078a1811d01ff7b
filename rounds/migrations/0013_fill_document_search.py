"""Search entries for the documents already stored: documents joined the search
(rounds.search) after its index was filled (0008)."""

from django.db import migrations


def fill_document_entries(apps, schema_editor):
    from rounds import search

    kind = next(k for k in search.KINDS if k.name == "document")
    entry_model = apps.get_model("rounds", "SearchEntry")
    document_model = apps.get_model("rounds", "Document")
    using = schema_editor.connection.alias
    entries = []
    for record in document_model.objects.using(using).iterator():
        names, text = kind.entry(record)
        entries.append(entry_model(kind=kind.name, record_id=record.pk, names=names, text=text))
    # On a fresh database 0008 has indexed them already (it reads search.KINDS).
    entry_model.objects.using(using).filter(kind=kind.name).delete()
    entry_model.objects.using(using).bulk_create(entries, batch_size=2000)


def drop_document_entries(apps, schema_editor):
    entry_model = apps.get_model("rounds", "SearchEntry")
    entry_model.objects.using(schema_editor.connection.alias).filter(kind="document").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0012_tracks_track_timestamps"),
    ]

    operations = [
        migrations.RunPython(fill_document_entries, drop_document_entries),
    ]
