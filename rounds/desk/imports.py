"""Bulk import and export of rounds, events, resolutions, people and sources
(django-import-export), from and to CSV and XLSX.

A file is one record per row under a header row naming every column. Records are
found by natural keys, never by database ids: a process by its slug, a round by
its process and English label, a resolution by its symbol, a person by English
name, a source by URL. Text comes as `<field>_en` and `<field>_ar` columns, fuzzy
dates as EDTF strings, plain dates as YYYY-MM-DD.

An import is all or nothing: every row is validated as the admin form would
(`full_clean()`, the correction reason a published record needs, the version an
export carried), and one rejected row rolls back the whole file. Cells that a
spreadsheet would run as a formula are refused on import and neutralised on
export."""

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.db.models.fields import NOT_PROVIDED
from django.utils import translation
from django.utils.dateparse import parse_duration
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as lazy
from import_export import forms as import_forms
from import_export import resources
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.instance_loaders import ModelInstanceLoader
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget, Widget
from modeltranslation.fields import TranslationField

from .. import sourcing
from ..api.renderers import FORMULA_STARTS, cell
from ..editing import changes_since
from ..models import Event, Person, Process, Resolution, Round, Source
from ..models.base import FuzzyDateField, same_value

# --- Cells -------------------------------------------------------------------------


def shown(text: str, limit: int = 40) -> str:
    """A cell's value as quoted in a message, cut short."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cell_text(value) -> str:
    """A cell as stripped text (as the admin's forms strip their input). A value
    that a spreadsheet would run as a formula is refused, also when it comes back
    neutralised by our own export (a leading apostrophe)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # XLSX gives numbers typed into text columns as floats
    text = str(value).strip()
    bare = text.lstrip("'")
    if bare.startswith(FORMULA_STARTS):
        raise ValueError(
            _(
                "“%(value)s” starts with “%(char)s”: a spreadsheet would run it as a "
                "formula. Remove the leading “%(char)s”."
            )
            % {"value": shown(text), "char": bare[0]}
        )
    return text


class TextWidget(Widget):
    """Text, stripped and formula-free. An empty cell is stored as "" or, for an
    Arabic translation (and other nullable text), as NULL: no translation yet."""

    def __init__(self, null: bool = False):
        super().__init__(coerce_to_string=True)
        self.null = null

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        return None if self.null and not text else text

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class FuzzyDateWidget(TextWidget):
    """An EDTF date (2017, 2017-08, 2017-07-10~). A spreadsheet may have turned a
    typed day into a date cell, or a year into a number: both are read back as
    EDTF. The model's validator then checks the text."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date):
            return value.isoformat()
        return cell_text(value)


class IsoDateWidget(Widget):
    """A calendar day as YYYY-MM-DD only: 03/04/2017 means different days in
    different countries, so it is refused rather than guessed."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            return None
        try:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
                return date.fromisoformat(text)
        except ValueError:
            pass
        raise ValueError(_("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class WholeNumberWidget(Widget):
    """A whole number; 7.5 is refused rather than cut to 7."""

    def clean(self, value, row=None, **kwargs):
        if value is None or isinstance(value, bool):
            return None
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip()
        if not text:
            return None
        if not re.fullmatch(r"[+-]?[0-9]{1,9}", text):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": shown(text)})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class HoursWidget(Widget):
    """A duration as hours:minutes:seconds (48:00:00 for a 48-hour truce)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, timedelta):
            return value
        text = cell_text(value)
        if not text:
            return None
        duration = parse_duration(text)
        if duration is None:
            raise ValueError(
                _("“%(value)s” is not a duration: write hours:minutes:seconds, e.g. 48:00:00.")
                % {"value": shown(text)}
            )
        return duration

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02}:{seconds:02}"


class NaturalKeyWidget(ForeignKeyWidget):
    """A related record named by its natural key (a slug, a symbol, a name, a
    label), optionally within the row's process: `within=(column, lookup)`."""

    def __init__(self, model, field: str, within: tuple[str, str] | None = None):
        super().__init__(model, field=field)
        self.within = within

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        records = self.model._default_manager.filter(**{self.field: text})
        scope = ""
        if self.within:
            column, lookup = self.within
            scope = cell_text((row or {}).get(column))
            records = records.filter(**{lookup: scope})
        found = list(records[:2])
        name = self.model._meta.verbose_name
        if not found:
            if scope:
                message = _("No %(model)s “%(key)s” in process “%(process)s”.")
            else:
                message = _("No %(model)s “%(key)s”.")
            raise ValueError(message % {"model": name, "key": shown(text), "process": scope})
        if len(found) > 1:
            raise ValueError(
                _("Several records (%(model)s) are called “%(key)s”: rename them first.")
                % {"model": name, "key": shown(text)}
            )
        return found[0]


class SlugListWidget(ManyToManyWidget):
    """Related records by slug, separated by semicolons ("geneva; astana")."""

    def __init__(self, model, field: str = "slug"):
        super().__init__(model, separator=";", field=field)

    def clean(self, value, row=None, **kwargs):
        keys = [key.strip() for key in cell_text(value).split(";") if key.strip()]
        found = {getattr(record, self.field): record for record in self.records(keys)}
        missing = [key for key in keys if key not in found]
        if missing:
            raise ValueError(
                _("No %(model)s “%(keys)s”.")
                % {"model": self.model._meta.verbose_name, "keys": "”, “".join(missing)}
            )
        return [found[key] for key in dict.fromkeys(keys)]

    def records(self, keys: list[str]):
        return self.model._default_manager.filter(**{f"{self.field}__in": keys}) if keys else []

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "; ".join(sorted(str(getattr(record, self.field)) for record in value.all()))


def widget_for(model_field: models.Field) -> Widget | None:
    """The widget for a model field's column (None: the library's own)."""
    if isinstance(model_field, FuzzyDateField):
        return FuzzyDateWidget()
    if isinstance(model_field, models.DateField) and not isinstance(
        model_field, models.DateTimeField
    ):
        return IsoDateWidget()
    if isinstance(model_field, models.DurationField):
        return HoursWidget()
    if isinstance(model_field, models.IntegerField):
        return WholeNumberWidget()
    if isinstance(model_field, models.CharField | models.TextField):
        english = isinstance(model_field, TranslationField) and model_field.language == "en"
        return TextWidget(null=model_field.null and not english)
    return None


# --- Files ---------------------------------------------------------------------------


class XLSX(base_formats.XLSX):
    """The first sheet of a workbook. Formula cells are read as their formulas (the
    library reads the value a spreadsheet last computed), so that they are refused
    rather than slipped in; trailing empty rows and columns are dropped."""

    def create_dataset(self, in_stream):
        import openpyxl
        import tablib

        book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=False)
        rows = [[cell.value for cell in row] for row in book.worksheets[0].iter_rows()]
        book.close()
        dataset = tablib.Dataset()
        if not rows:
            return dataset
        header = list(rows[0])
        while header and header[-1] in (None, ""):
            header.pop()
        width = len(header)
        body = [list(row[:width]) + [None] * (width - len(row)) for row in rows[1:]]
        while body and all(value in (None, "") for value in body[-1]):
            body.pop()
        dataset.headers = ["" if name is None else str(name) for name in header]
        for row in body:
            dataset.append(row)
        return dataset


FORMATS = [base_formats.CSV, XLSX]
SAMPLES = Path(__file__).with_name("samples")  # one CSV file per resource


def encoding_problem(data: bytes) -> str:
    """Where a file that should be UTF-8 is not, and what to do about it."""
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8-sig")
        line = before.count("\n") + 1
        # Rows, not lines: a quoted cell may hold line breaks. The header is row 0.
        row = len(list(csv.reader(io.StringIO(before + "x")))) - 1
        return _(
            "The file is not UTF-8 text: line %(line)s (row %(row)s under the header) "
            "has the byte 0x%(byte)02X, which UTF-8 does not allow there. It was "
            "probably saved as Latin-1 or Windows-1252: save it again as “CSV UTF-8” "
            "(or as XLSX) and upload it again. Nothing was imported."
        ) % {"line": line, "row": row, "byte": data[error.start]}
    return ""


# --- Resources -----------------------------------------------------------------------


class NaturalKeyLoader(ModelInstanceLoader):
    """Finds the row's record by the resource's natural-key columns. A key that
    names no related record (an unknown process) leaves the row new: the row's own
    error then says what is wrong."""

    def get_instance(self, row):
        try:
            lookup = {
                self.resource.fields[name].attribute: self.resource.fields[name].clean(row)
                for name in self.resource.get_import_id_fields()
            }
        except ValueError:
            return None
        if any(value in (None, "") for value in lookup.values()):
            return None
        return self.only(self.get_queryset().filter(**lookup))

    def only(self, records):
        found = list(records[:2])
        if len(found) > 1:
            raise ValidationError(
                _("Several stored records match this row's %(columns)s: make them distinct first.")
                % {"columns": ", ".join(self.resource.get_import_id_fields())}
            )
        return found[0] if found else None


class TrackerResource(resources.ModelResource):
    """What every import shares: strict columns, the model's own validation, all
    or nothing, history with the importing user, formula-safe export."""

    #: The file name stem of exports and of the sample in rounds/samples/.
    file_stem = ""
    #: Columns a file may leave out.
    optional_columns: tuple[str, ...] = ("version", "correction_reason", "sources")
    #: Relations to read along with each exported row.
    export_related: tuple[str, ...] = ()

    class Meta:
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = True  # every row is listed, so row N is the Nth row
        instance_loader_class = NaturalKeyLoader

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.rows_by_key: dict[tuple, int] = {}

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        # An empty cell is empty: no model default slips in (a status, say).
        field.default = NOT_PROVIDED
        field.widget = widget_for(django_field) or field.widget
        return field

    @classmethod
    def columns(cls) -> list[str]:
        return [field.column_name for field in cls().get_import_fields()]

    # Import --------------------------------------------------------------------

    def import_data(
        self,
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=None,
        collect_failed_rows=False,
        rollback_on_validation_errors=False,
        **kwargs,
    ):
        # All or nothing, whoever calls: one rejected row rolls back the file.
        problems = self.header_problems(dataset)
        if problems:
            if raise_errors:
                raise ValueError(" ".join(problems))
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            for problem in problems:
                result.append_base_error(self.get_error_result_class()(ValueError(problem)))
            return result
        self.rows_by_key = {}
        return super().import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=raise_errors,
            use_transactions=True,
            collect_failed_rows=collect_failed_rows,
            rollback_on_validation_errors=True,
            **kwargs,
        )

    def header_problems(self, dataset) -> list[str]:
        """Every column present once, none unknown: a misspelt or missing column
        would otherwise be skipped without a word."""
        if not dataset.headers:
            return [_("The file has no header row.")] if len(dataset) else []
        headers = ["" if name is None else str(name).strip() for name in dataset.headers]
        dataset.headers = headers
        expected = self.columns()
        problems = []
        optional = [name for name in self.optional_columns if name in expected]
        missing = [name for name in expected if name not in headers and name not in optional]
        if missing:
            problem = _(
                "Header row: the columns %(columns)s are missing. A file needs every "
                "column of the export, in any order."
            ) % {"columns": ", ".join(missing)}
            if optional:
                problem += " " + _("Only %(optional)s may be left out.") % {
                    "optional": ", ".join(optional)
                }
            problems.append(problem)
        unknown = [name for name in headers if name and name not in expected]
        if unknown:
            problems.append(
                _("Header row: unknown columns %(columns)s. Rename or remove them.")
                % {"columns": ", ".join(shown(name) for name in unknown)}
            )
            if any(";" in name for name in unknown):
                problems.append(_("The columns seem separated by “;”: save the file with commas."))
        repeated = sorted({name for name in headers if name and headers.count(name) > 1})
        if repeated:
            problems.append(
                _("Header row: the columns %(columns)s appear more than once.")
                % {"columns": ", ".join(repeated)}
            )
        for index, name in enumerate(headers):
            if not name and any(row[index] not in (None, "") for row in dataset):
                problems.append(
                    _("Header row: column %(n)s has no name but holds values.") % {"n": index + 1}
                )
        return problems

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                try:  # saved after the row, so checked here to be reported with it
                    field.clean(row)
                except ValueError as error:
                    errors[field.column_name] = [str(error)]
        errors.update(self.repeated_row_error(row, kwargs.get("row_number")))
        errors.update(self.unsourced_error(instance, row))
        errors.update(self.stale_version_error(instance, row))
        if errors:
            raise ValidationError(errors)

    def repeated_row_error(self, row, number) -> dict:
        """A record given twice in one file: the second row would silently undo
        part of the first."""
        names = self.get_import_id_fields()
        key = tuple(str(row.get(self.fields[name].column_name) or "").strip() for name in names)
        if not any(key):
            return {}
        first = self.rows_by_key.setdefault(key, number)
        if first == number:
            return {}
        return {
            names[-1]: _("Row %(row)s already holds this record (same %(columns)s).")
            % {"row": first, "columns": ", ".join(names)}
        }

    def unsourced_error(self, instance, row) -> dict:
        """A published row needs a source: in its `sources` column, or cited already."""
        if "sources" not in self.fields:
            return {}
        cited = None  # the column left out or empty: the stored citations count
        if str(row.get("sources") or "").strip():
            try:
                cited = bool(self.fields["sources"].clean(row))
            except ValueError:
                return {}  # reported with the column
        message = sourcing.refusal(instance, cited)
        return {"sources": [message]} if message else {}

    def stale_version_error(self, instance, row) -> dict:
        """An exported file carries each record's version: a row edited from an
        older version than the stored one would overwrite a colleague's work."""
        loaded = row.get("version")
        if instance._state.adding or "version" not in self.fields or loaded in (None, ""):
            return {}
        try:
            loaded = WholeNumberWidget().clean(loaded)
        except ValueError as error:
            return {"version": str(error)}
        if loaded == instance.version:
            return {}
        return {
            "version": changes_since(instance, loaded).describe()
            + " "
            + _(
                "Export again and redo your changes, or empty this row's version "
                "cell to apply yours over theirs."
            )
        }

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An existing record whose columns all equal the stored values is left
        alone (and listed as unchanged)."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        model_fields = {field.name for field in self._meta.model._meta.get_fields()}
        for field in self.get_import_fields():
            if field.readonly or field.column_name not in row:
                continue
            if isinstance(field.widget, ManyToManyWidget):
                stored = set(getattr(original, field.attribute).all())
                if set(field.clean(row)) != stored:
                    return False
            elif field.attribute in model_fields and not same_value(
                field.get_value(instance), field.get_value(original)
            ):
                return False
        return True

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = {}
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        reason_error = getattr(instance, "correction_reason_error", None)
        message = reason_error() if reason_error and not errors else None
        if message:
            errors.setdefault("correction_reason", []).append(message)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        # The history keeps who imported, and from which file (the admin's request
        # gives the user too; this also serves imports from the shell).
        user = kwargs.get("user")
        if user is not None and user.is_authenticated:
            instance._history_user = user
        reason = (getattr(instance, "correction_reason", "") or "").strip()
        instance._change_reason = reason or _("Imported from %(file)s") % {
            "file": kwargs.get("file_name") or _("a file")
        }

    def do_instance_save(self, instance, is_create):
        # The untranslated column mirrors the active language: keep it English, as
        # the demo loader does, whatever language the editor's admin is in.
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
            instance.save(force_insert=is_create)

    # Export --------------------------------------------------------------------

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related(*self.export_related) if self.export_related else queryset

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        return cell(value) if isinstance(value, str) else value

    # Help ----------------------------------------------------------------------

    #: What a column holds, where the model field's name does not say it.
    column_notes: dict[str, str] = {}

    @classmethod
    def column_help(cls) -> list[dict]:
        """One line per column for the import page."""
        model = cls._meta.model
        lines = []
        for column in cls.columns():
            try:
                model_field = model._meta.get_field(column)
            except FieldDoesNotExist:  # e.g. correction_reason
                model_field = None
            lines.append(
                {
                    "column": column,
                    "required": column_required(model_field, column, cls.optional_columns),
                    "text": cls.column_notes.get(column) or describe(model_field),
                }
            )
        return lines


def column_required(model_field, column: str, optional: Iterable[str]) -> bool:
    if column in optional or model_field is None:
        return False
    return not model_field.blank


def describe(model_field) -> str:
    if model_field is None:
        return ""
    parts = [capfirst(str(model_field.verbose_name))]
    if isinstance(model_field, FuzzyDateField):
        parts.append(_("EDTF: 2017, 2017-08 or 2017-07-10; add ~ if approximate, ? if uncertain"))
    elif isinstance(model_field, models.DateField):
        parts.append(_("YYYY-MM-DD"))
    if model_field.choices:
        parts.append(
            _("one of: %(values)s")
            % {"values": ", ".join(str(v) for v, _l in model_field.flatchoices)}
        )
    return "; ".join(parts) + "."


def process_key() -> Field:
    return Field(
        attribute="process", column_name="process", widget=NaturalKeyWidget(Process, "slug")
    )


def round_in_process(column: str) -> Field:
    return Field(
        attribute=column,
        column_name=column,
        widget=NaturalKeyWidget(Round, "label_en", within=("process", "process__slug")),
    )


def sources_column() -> Field:
    return Field(attribute="sources", column_name="sources", widget=SlugListWidget(Source, "url"))


def version_column() -> Field:
    return Field(
        attribute="version", column_name="version", widget=WholeNumberWidget(), readonly=True
    )


def reason_column() -> Field:
    return Field(
        attribute="correction_reason", column_name="correction_reason", widget=TextWidget()
    )


ROUND_NOTES = {
    "process": lazy("The process's slug, e.g. geneva."),
    "label_en": lazy("The round's English label: with the process, it names the round."),
    "parent": lazy("For a side session: the English label of its main round, same process."),
    "version": lazy("As exported; a row edited from an older version is refused."),
    "correction_reason": lazy("Why a date or status of a published record changed."),
    "sources": lazy(
        "URLs of its sources (imported first), separated by “;”. A published record "
        "needs at least one: here or cited already."
    ),
}


class RoundResource(TrackerResource):
    file_stem = "rounds"
    export_related = ("process", "parent")
    column_notes = ROUND_NOTES

    process = process_key()
    parent = round_in_process("parent")
    sources = sources_column()
    version = version_column()
    correction_reason = reason_column()

    class Meta:
        model = Round
        name = lazy("Rounds")
        import_id_fields = ("process", "label_en")
        fields = (
            "process",
            "label_en",
            "label_ar",
            "number",
            "parent",
            "status",
            "format",
            "city_en",
            "city_ar",
            "venue_en",
            "venue_ar",
            "start",
            "end",
            "announced_start",
            "announced_end",
            "delegations_arrive_on",
            "summary_en",
            "summary_ar",
            "outcome_en",
            "outcome_ar",
            "sources",
            "publication",
            "version",
            "correction_reason",
        )

    def filter_export(self, queryset, **kwargs):
        # Main rounds before side sessions, so that a file loads into an empty
        # database in its own order.
        side = ExpressionWrapper(Q(parent__isnull=False), output_field=models.BooleanField())
        queryset = super().filter_export(queryset, **kwargs)
        return queryset.order_by(side.asc(), *queryset.query.order_by, "pk")


class EventResource(TrackerResource):
    file_stem = "events"
    export_related = ("process", "round", "resolution", "person")
    column_notes = {
        **ROUND_NOTES,
        "title_en": lazy("The event's English title: with the process, it names the event."),
        "round": lazy("The English label of a round of the same process."),
        "resolution": lazy("A resolution's symbol, e.g. S/RES/2254 (2015)."),
        "person": lazy("A person's English name."),
        "duration": lazy("hours:minutes:seconds, e.g. 48:00:00."),
    }

    process = process_key()
    round = round_in_process("round")
    resolution = Field(
        attribute="resolution",
        column_name="resolution",
        widget=NaturalKeyWidget(Resolution, "symbol"),
    )
    person = Field(
        attribute="person", column_name="person", widget=NaturalKeyWidget(Person, "name_en")
    )
    sources = sources_column()
    version = version_column()
    correction_reason = reason_column()

    class Meta:
        model = Event
        name = lazy("Events")
        import_id_fields = ("process", "title_en")
        fields = (
            "process",
            "title_en",
            "title_ar",
            "kind",
            "date",
            "duration",
            "place_en",
            "place_ar",
            "description_en",
            "description_ar",
            "round",
            "resolution",
            "person",
            "sources",
            "publication",
            "version",
            "correction_reason",
        )


class ResolutionLoader(NaturalKeyLoader):
    """By symbol; a draft without one by its body, status and day of the vote (as
    the demo data knows them)."""

    def get_instance(self, row):
        fields = self.resource.fields
        try:
            symbol = fields["symbol"].clean(row)
            if symbol:
                return self.only(self.get_queryset().filter(symbol=symbol))
            lookup = {name: fields[name].clean(row) for name in ("body", "status", "adopted_on")}
        except ValueError:
            return None
        if any(value in (None, "") for value in lookup.values()):
            return None
        return self.only(self.get_queryset().filter(symbol__isnull=True, **lookup))


class ResolutionResource(TrackerResource):
    file_stem = "resolutions"
    column_notes = {
        "symbol": lazy(
            "UN form: S/RES/2254 (2015) if adopted, S/2011/612 for a draft; "
            "empty for a draft without one (then body, status and date name it)."
        ),
        "processes": lazy("Slugs of the processes it concerns, separated by “;”."),
        "version": ROUND_NOTES["version"],
        "sources": ROUND_NOTES["sources"],
        "correction_reason": lazy("Why a vote, date or status of a published record changed."),
    }

    processes = Field(
        attribute="processes", column_name="processes", widget=SlugListWidget(Process)
    )
    sources = sources_column()
    version = version_column()
    correction_reason = reason_column()

    class Meta:
        model = Resolution
        name = lazy("Resolutions")
        import_id_fields = ("symbol",)
        instance_loader_class = ResolutionLoader
        fields = (
            "symbol",
            "body",
            "status",
            "number",
            "year",
            "adopted_on",
            "meeting_number",
            "votes_for",
            "votes_against",
            "abstentions",
            "subject_en",
            "subject_ar",
            "document_url",
            "processes",
            "sources",
            "publication",
            "version",
            "correction_reason",
        )

    def repeated_row_error(self, row, number) -> dict:
        if not str(row.get("symbol") or "").strip():
            return {}  # a draft without a symbol is named by several columns
        return super().repeated_row_error(row, number)

    def filter_export(self, queryset, **kwargs):
        return super().filter_export(queryset, **kwargs).prefetch_related("processes")


class PersonResource(TrackerResource):
    file_stem = "people"
    column_notes = {"name_en": lazy("The English name: it names the person.")}

    class Meta:
        model = Person
        name = lazy("People")
        import_id_fields = ("name_en",)
        fields = ("name_en", "name_ar", "nationality_en", "nationality_ar", "wikidata_id")


class SourceResource(TrackerResource):
    file_stem = "sources"
    column_notes = {"url": lazy("The address: it names the source.")}

    class Meta:
        model = Source
        name = lazy("Sources")
        import_id_fields = ("url",)
        fields = ("url", "publisher", "title", "archived_url", "language", "published_on")


# --- The preview -----------------------------------------------------------------------


def row_messages(error: ValidationError) -> list[str]:
    """A rejected row's messages, each after the column it is about."""
    try:
        by_field = error.message_dict
    except AttributeError:
        return list(error.messages)
    return [
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, messages in by_field.items()
        for message in messages
    ]


ACTIONS = {"new": lazy("New"), "update": lazy("Update"), "skip": lazy("Unchanged")}


def preview_rows(result) -> list[dict]:
    """Every row of an import, numbered from the first row under the header, with
    what happens to it (new, update, unchanged, rejected) and why."""
    invalid = {row.number: row for row in result.invalid_rows}
    rows = []
    for number, row in enumerate(result.rows, 1):
        entry = {"number": number, "type": row.import_type, "messages": [], "cells": row.diff or []}
        if row.import_type == "invalid":
            entry["messages"] = row_messages(row.validation_error)
            entry["cells"] = invalid[number].values if number in invalid else []
        elif row.import_type == "error":
            entry["messages"] = [str(error.error) for error in row.errors]
            values = (row.errors[0].row or {}) if row.errors else {}
            entry["cells"] = [values.get(name, "") for name in result.diff_headers]
        entry["action"] = str(ACTIONS.get(row.import_type, lazy("Rejected")))
        rows.append(entry)
    return rows


def preview_counts(result) -> dict[str, int]:
    totals = result.totals
    return {
        "new": totals["new"],
        "update": totals["update"],
        "unchanged": totals["skip"],
        "rejected": totals["invalid"] + totals["error"],
    }


class ImportForm(import_forms.ImportForm):
    """The import form, with the format read from the file's extension when the
    editor leaves it at "---" (.csv, .xlsx)."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = list(formats)
        self.fields["format"].required = False
        self.fields["format"].help_text = lazy("Read from the file's extension if left empty.")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if cleaned.get("format") in (None, "") and upload is not None:
            extension = Path(upload.name).suffix.lower().lstrip(".")
            for index, file_format in enumerate(self.formats):
                if file_format().get_extension() == extension:
                    cleaned["format"] = str(index)
                    break
            else:
                self.add_error(
                    "format",
                    _("Choose the format: “%(name)s” is neither .csv nor .xlsx.")
                    % {"name": upload.name},
                )
        return cleaned
