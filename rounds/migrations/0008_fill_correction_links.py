"""Corrections logged a changed link (an event's round, an appointment's person)
by the linked record's name at the time, which could be a draft's. From now on the
log keeps the link's identity ({"model": ..., "id": ...}) and names it only while
it is public. Here the logged names become identities again, read from the
corrected record's history (its rows just before and at the correction); a link
that cannot be traced reads as an unpublished record, never by the old name."""

from django.db import migrations


def link(field, value):
    if value is None:
        return ""
    return {"model": field.related_model._meta.label_lower, "id": value}


def fill_correction_links(apps, schema_editor):
    Correction = apps.get_model("rounds", "Correction")
    for correction in Correction.objects.select_related("record_type").iterator():
        kind = correction.record_type
        try:
            model = apps.get_model(kind.app_label, kind.model)
            history = apps.get_model(kind.app_label, f"Historical{model.__name__}")
        except LookupError:
            continue
        relations = {
            name: model._meta.get_field(name)
            for name, pair in correction.changes.items()
            if any(isinstance(value, str) and value for value in pair)
            and name in {f.name for f in model._meta.concrete_fields if f.is_relation}
        }
        if not relations:
            continue
        rows = list(
            history.objects.filter(
                id=correction.record_id, history_date__lte=correction.corrected_at
            ).order_by("-history_date", "-history_id")[:2]
        )
        for name, field in relations.items():
            if len(rows) == 2:
                values = [getattr(rows[1], field.attname), getattr(rows[0], field.attname)]
                correction.changes[name] = [link(field, value) for value in values]
            else:  # untraceable: never the old name
                correction.changes[name] = [
                    {"model": field.related_model._meta.label_lower, "id": None} if value else ""
                    for value in correction.changes[name]
                ]
        correction.save(update_fields=["changes"])


class Migration(migrations.Migration):
    dependencies = [("rounds", "0007_remove_appointment_process")]

    operations = [migrations.RunPython(fill_correction_links, migrations.RunPython.noop)]
