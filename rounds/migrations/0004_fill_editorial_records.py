"""Editorial safety for the records already there: editors get the permissions on
the new tables (only viewing, for history: nobody edits the past), each existing
record gets its first historical row, as it stood when history began (so that its
first change has something to be compared with and undone to), and each round its
first status-log entry."""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

HISTORY_BEGAN = "As the record stood when history began."
ACTIONS = ("add", "change", "delete", "view")
# The corrections log is public: editors may fix a reason's wording, not remove
# or invent entries.
LIMITED = {"correction": ("change", "view")}


def fill_editors_group(apps, schema_editor):
    rounds_config = apps.get_app_config("rounds")
    rounds_config.models_module = True
    create_permissions(rounds_config, verbosity=0, apps=apps)
    rounds_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    wanted = []
    for permission in Permission.objects.filter(content_type__app_label="rounds"):
        action, _, model = permission.codename.partition("_")
        allowed = ("view",) if model.startswith("historical") else LIMITED.get(model, ACTIONS)
        if action in allowed:
            wanted.append(permission)
    editors.permissions.add(*wanted)


def history_models(apps):
    """(historical model, tracked model) pairs, without the many-to-many copies."""
    for model in apps.get_app_config("rounds").get_models():
        name = model.__name__
        if name.startswith("Historical") and "_" not in name:
            yield model, apps.get_model("rounds", name.removeprefix("Historical"))


def fill_history(apps, schema_editor):
    now = timezone.now()
    for history, model in history_models(apps):
        copied = [
            f.attname
            for f in history._meta.fields
            if not f.name.startswith("history") and f.name != "m2m_history_id"
        ]
        started = history.objects.values_list("id", flat=True)
        history.objects.bulk_create(
            [
                history(
                    history_date=now,
                    history_type="+",
                    history_change_reason=HISTORY_BEGAN,
                    **{name: getattr(row, name) for name in copied},
                )
                for row in model.objects.exclude(pk__in=started).iterator()
            ],
            batch_size=500,
        )
    # A resolution's processes are copied with each of its historical rows.
    Resolution = apps.get_model("rounds", "Resolution")
    links = apps.get_model("rounds", "HistoricalResolution_processes")
    through = Resolution._meta.get_field("processes").remote_field.through
    first_rows = apps.get_model("rounds", "HistoricalResolution").objects.filter(
        history_change_reason=HISTORY_BEGAN
    )
    by_resolution = {row.id: row for row in first_rows}
    links.objects.bulk_create(
        [
            links(history=by_resolution[link.resolution_id], **{
                "id": link.id,
                "resolution_id": link.resolution_id,
                "process_id": link.process_id,
            })
            for link in through.objects.filter(resolution_id__in=by_resolution).iterator()
        ],
        batch_size=500,
    )


def remove_first_history(apps, schema_editor):
    for history, _model in history_models(apps):
        history.objects.filter(history_change_reason=HISTORY_BEGAN).delete()


def fill_status_log(apps, schema_editor):
    Round = apps.get_model("rounds", "Round")
    RoundStatusChange = apps.get_model("rounds", "RoundStatusChange")
    now = timezone.now()
    RoundStatusChange.objects.bulk_create(
        [
            RoundStatusChange(
                round=round_, status=round_.status, start=round_.start, end=round_.end,
                recorded_at=now,
            )
            for round_ in Round.objects.filter(status_log__isnull=True).iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0003_editorial_safety"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(fill_editors_group, migrations.RunPython.noop),
        migrations.RunPython(fill_history, remove_first_history),
        migrations.RunPython(fill_status_log, migrations.RunPython.noop),
    ]
