"""Each appointment now serves a set of processes: its one process goes into the
set. Editors get the permissions on the new tables (tracks, member votes), and
only viewing on their history."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEW_MODELS = ("track", "membervote")


def fill_appointment_processes(apps, schema_editor):
    Appointment = apps.get_model("rounds", "Appointment")
    links = Appointment.processes.through
    links.objects.bulk_create(
        [
            links(appointment_id=pk, process_id=process_id)
            for pk, process_id in Appointment.objects.filter(process__isnull=False)
            .values_list("pk", "process_id")
            .iterator()
        ],
        ignore_conflicts=True,
    )


def fill_process(apps, schema_editor):
    """Backwards: the first of its processes becomes the appointment's process."""
    Appointment = apps.get_model("rounds", "Appointment")
    for appointment in Appointment.objects.prefetch_related("processes"):
        first = min((p.pk for p in appointment.processes.all()), default=None)
        Appointment.objects.filter(pk=appointment.pk).update(process_id=first)


def fill_editors_group(apps, schema_editor):
    rounds_config = apps.get_app_config("rounds")
    rounds_config.models_module = True
    create_permissions(rounds_config, verbosity=0, apps=apps)
    rounds_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    for model in NEW_MODELS:
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="rounds", codename__endswith=f"_{model}"),
            *Permission.objects.filter(
                content_type__app_label="rounds", codename=f"view_historical{model}"
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("rounds", "0005_tracks_kinds_votes_appointment_processes")]

    operations = [
        migrations.RunPython(fill_appointment_processes, fill_process),
        migrations.RunPython(fill_editors_group, migrations.RunPython.noop),
    ]
