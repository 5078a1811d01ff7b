"""Creates the "Editors" group with every permission on the tracker's records, so
that making someone an editor is one click in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")


def fill_editors_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist.
    rounds_config = apps.get_app_config("rounds")
    rounds_config.models_module = True
    create_permissions(rounds_config, verbosity=0, apps=apps)
    rounds_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="rounds",
            codename__regex=r"^(%s)_" % "|".join(ACTIONS),
        )
    )


def remove_editors_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("rounds", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill_editors_group, remove_editors_group)]
