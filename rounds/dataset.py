"""The whole database in one JSON file, and back: `manage.py export_dataset` and
`manage.py import_dataset`.

The file (format "peace-talks-tracker dataset", version FORMAT_VERSION):

    {
      "format": "peace-talks-tracker dataset",
      "format_version": 1,
      "about": "...",
      "migrations": {"rounds": "0004_fill_editorial_records", ...},
      "counts": {"rounds.round": 33, ...},
      "objects": [{"model": "rounds.round", "pk": 1, "fields": {...}}, ...]
    }

- `objects` are Django's serialized objects (the "python"/JSON serializer format):
  the tracker's records, their history, the corrections and status logs, the
  many-to-many link tables, user accounts and groups, and the admin's log.
  Records keep their ids; users and groups are written by natural key (username,
  group name), and every reference to a user, group, permission or content type
  too, since those ids differ from one database to another. Not written: sessions,
  API tokens (secrets: create new ones), login-failure logs, and the permission
  and content-type tables that `migrate` builds.
- The file holds password hashes: keep it as safe as the database itself.
- `migrations` names the last migration of each app the data was written with: a
  database without them is refused (run `migrate`, or upgrade the code).
- Stable output: models in a fixed order, rows by id (users by username), keys
  sorted, lists of links sorted, full-precision timestamps, UTF-8 with Arabic as
  is (not \\u escapes). Exporting, importing into an empty database and exporting
  again gives a byte-identical file.

A reader of format N reads every file of format <= N; a newer file is refused."""

import json
from collections import Counter
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import ForeignKey, Model

FORMAT = "peace-talks-tracker dataset"
FORMAT_VERSION = 1
ABOUT = (
    "A full backup of a peace-talks tracker: load it into an empty database with "
    "`manage.py import_dataset`. Objects use Django's serialization format; users, "
    "groups, permissions and content types are referred to by natural key."
)
APPS = ("auth", "admin", "rounds")
# Work in progress, not records: import files waiting for confirmation.
TRANSIENT = {"rounds.importpreview"}


class DatasetError(Exception):
    """A file that cannot be imported here, with the reason for the person running it."""


def exported_models() -> list[type[Model]]:
    """Groups and users first (records refer to them by natural key), then every
    model of the tracker (link tables and history included), then the admin log."""
    rounds = sorted(
        (
            model
            for model in apps.get_app_config("rounds").get_models(include_auto_created=True)
            if model._meta.label_lower not in TRANSIENT
        ),
        key=lambda model: model._meta.label_lower,
    )
    return [
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "User"),
        *rounds,
        apps.get_model("admin", "LogEntry"),
    ]


def _ordered(model: type[Model]):
    natural_fks = [
        field.name
        for field in model._meta.fields
        if isinstance(field, ForeignKey) and hasattr(field.related_model, "natural_key")
    ]
    rows = model._base_manager.select_related(*natural_fks)
    if model._meta.label_lower == "auth.user":
        return rows.order_by("username")
    if model._meta.label_lower == "auth.group":
        return rows.order_by("name")
    return rows.order_by("pk")


def _fields(model: type[Model]) -> list[str] | None:
    """The tracker's own models without their plain many-to-many fields: those
    links are written as rows of their own tables, which keep their ids."""
    if model._meta.app_label != "rounds":
        return None
    return [field.name for field in model._meta.concrete_fields if not field.primary_key]


def _sorted_lists(fields: dict) -> dict:
    return {name: sorted(v) if isinstance(v, list) else v for name, v in fields.items()}


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The last applied migration of each exported app, by name."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    return {
        app: max(name for label, name in applied if label == app)
        for app in APPS
        if any(label == app for label, _name in applied)
    }


def collect(using: str = DEFAULT_DB_ALIAS) -> dict:
    objects = []
    for model in exported_models():
        rows = serializers.serialize(
            "python",
            _ordered(model).using(using),
            fields=_fields(model),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        objects += [{**row, "fields": _sorted_lists(row["fields"])} for row in rows]
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "about": ABOUT,
        "migrations": applied_migrations(using),
        "counts": dict(sorted(Counter(row["model"] for row in objects).items())),
        "objects": objects,
    }


class Encoder(json.JSONEncoder):
    """Full-precision timestamps (DjangoJSONEncoder would cut microseconds)."""

    def default(self, value: Any):
        if isinstance(value, datetime | date | time):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return super().default(value)


def dumps(data: dict) -> str:
    return json.dumps(data, cls=Encoder, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def export_dataset(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Write the database to `path`; return the rows written per model."""
    with transaction.atomic(using=using):  # one consistent snapshot
        data = collect(using)
    Path(path).write_text(dumps(data), encoding="utf-8")
    return data["counts"]


def read(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatasetError(f"Cannot read {path} as a JSON dataset: {error}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DatasetError(f'{path} is not a tracker dataset (no "format": "{FORMAT}").')
    version = data.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DatasetError(f"{path} has no valid format_version.")
    if version > FORMAT_VERSION:
        raise DatasetError(
            f"{path} is in dataset format {version}, written by a newer version of the "
            f"tracker; this one reads formats up to {FORMAT_VERSION}. Upgrade the tracker, "
            "run `manage.py migrate`, then import again."
        )
    if not isinstance(data.get("objects"), list):
        raise DatasetError(f"{path} has no list of objects.")
    return data


def check_migrations(data: dict, using: str) -> None:
    applied = MigrationRecorder(connections[using]).applied_migrations()
    missing = [
        f"{app}.{name}"
        for app, name in sorted((data.get("migrations") or {}).items())
        if (app, name) not in applied
    ]
    if missing:
        raise DatasetError(
            "The file was written by a database with migrations this one lacks: "
            f"{', '.join(missing)}. Run `manage.py migrate` (after upgrading the "
            "tracker if they are unknown to it), then import again."
        )


def check_empty(using: str) -> None:
    """Only groups may exist (migrations create the Editors group)."""
    found = {
        model._meta.label_lower: count
        for model in exported_models()
        if model._meta.label_lower != "auth.group"
        and (count := model._base_manager.using(using).count())
    }
    if found:
        largest = sorted(found.items(), key=lambda item: (-item[1], item[0]))[:4]
        listed = ", ".join(f"{count} {label}" for label, count in largest)
        raise DatasetError(
            f"The database is not empty ({sum(found.values())} rows: {listed}...). Import "
            "only into a new database: create it, run `manage.py migrate`, then import."
        )


def import_dataset(path: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Load a dataset file into an empty database, all of it or nothing; return
    the rows loaded per model."""
    data = read(path)
    connection = connections[using]
    with transaction.atomic(using=using):
        check_migrations(data, using)
        check_empty(using)
        loaded: Counter = Counter()
        models, deferred = set(), []
        with connection.constraint_checks_disabled():
            try:
                for item in serializers.deserialize(
                    "python", data["objects"], using=using, handle_forward_references=True
                ):
                    item.save(using=using)  # a raw save: no history, hooks or timestamps
                    if item.deferred_fields:
                        deferred.append(item)
                    loaded[item.object._meta.label_lower] += 1
                    models.add(type(item.object))
                for item in deferred:
                    item.save_deferred_fields(using=using)
            except (serializers.base.DeserializationError, IntegrityError) as error:
                raise DatasetError(f"{path} cannot be loaded: {error}") from None
        try:
            connection.check_constraints(table_names=[m._meta.db_table for m in models])
        except IntegrityError as error:
            raise DatasetError(f"{path} refers to records it does not hold: {error}") from None
        # New records must not reuse the imported ids (PostgreSQL sequences).
        statements = connection.ops.sequence_reset_sql(no_style(), list(models))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
    return dict(sorted(loaded.items()))
