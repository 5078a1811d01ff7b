"""Shared building blocks: publication state, timestamps, fuzzy-date fields,
sources and the citation base."""

from functools import cache, reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models import F, Q
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _

from .. import fuzzydates
from ..validators import validate_fuzzy_date, validate_language_code


class Publication(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What the public may see. Every public-facing view starts here."""
        return self.filter(publication=Publication.PUBLISHED)

    def drafts(self):
        return self.filter(publication=Publication.DRAFT)

    def public(self):
        """What anonymous callers may see; every model the public reads has one
        (people, parties and sources: see their querysets)."""
        return self.published()


class ProcessChildQuerySet(PublishableQuerySet):
    def published(self):
        # A published record of a draft process is still hidden.
        return super().published().filter(process__publication=Publication.PUBLISHED)

    def for_process(self, process):
        return self.filter(process=process)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class StaleRecord(Exception):
    """A save was refused: someone else saved (or deleted) the record since it
    was loaded. `current_version` is None when the record is gone."""

    def __init__(self, record, current_version: int | None):
        self.record = record
        self.loaded_version = record.version
        self.current_version = current_version
        super().__init__(
            f"{record._meta.verbose_name} {record.pk} was changed by someone else "
            f"(loaded version {record.version}, now {current_version})."
        )


@cache
def translated_base_fields(model) -> frozenset[str]:
    """The fields modeltranslation splits into <name>_en/<name>_ar: the base column
    reads the active language, so it is not compared or kept in history."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return frozenset(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return frozenset()


@cache
def tracked_fields(model) -> tuple[models.Field, ...]:
    """The fields an editor changes: not the id, timestamps, version, derived
    date bounds, nor the language-dependent base of translated fields."""
    skip = translated_base_fields(model) | {"version"}
    return tuple(
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in skip
    )


def same_value(old, new) -> bool:
    # An empty translation may come back from a form as "" where NULL was stored.
    return old == new or (old in (None, "") and new in (None, ""))


class Publishable(TimeStamped):
    """A record the public sees once published, kept safe from lost updates.

    `version` grows by one on every save, through a conditional UPDATE (WHERE
    version = the version loaded): a save from a stale copy raises StaleRecord
    instead of overwriting a colleague's work. A change to a published record is
    written to the public corrections log (see Correction)."""

    publication = models.CharField(
        _("publication"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.DRAFT,
        help_text=_("Drafts are visible to editors only."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    # Fields whose change on a published record needs a reason from the editor.
    reason_required_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        before = None if kwargs.get("force_insert") else self.stored_values()
        if before is None and self._state.adding:
            super().save(*args, **kwargs)
        else:
            using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
            with transaction.atomic(using=using):
                self._claim_next_version(kwargs)
                super().save(*args, **kwargs)
        self._log_correction(before)
        self._loaded_values = self._current_values()

    @property
    def is_published(self) -> bool:
        return self.publication == Publication.PUBLISHED

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = instance._current_values(only_loaded=True)
        return instance

    def _current_values(self, only_loaded: bool = False) -> dict:
        names = [field.attname for field in tracked_fields(type(self))]
        if only_loaded:  # never trigger a query for a deferred field
            return {name: self.__dict__[name] for name in names if name in self.__dict__}
        return {name: getattr(self, name) for name in names}

    def stored_values(self) -> dict | None:
        """The tracked values as stored now (None for a new or deleted record)."""
        if self._state.adding or self.pk is None:
            return None
        loaded = getattr(self, "_loaded_values", None)
        if loaded is not None:
            return loaded
        names = [field.attname for field in tracked_fields(type(self))]
        return type(self)._base_manager.filter(pk=self.pk).values(*names).first()

    def changes(self, before: dict | None = None) -> dict[str, tuple]:
        """{field name: (stored value, value now)} for each tracked field that
        differs from the stored record."""
        before = self.stored_values() if before is None else before
        if not before:
            return {}
        now = self._current_values()
        by_attname = {field.attname: field.name for field in tracked_fields(type(self))}
        return {
            by_attname[name]: (before[name], now[name])
            for name in now
            if name in before and not same_value(before[name], now[name])
        }

    def fields_needing_reason(self, changes: dict) -> list[str]:
        """Changed fields for which a published record needs a correction reason."""
        stored = self.stored_values() or {}
        if stored.get("publication") != Publication.PUBLISHED:
            return []
        return [name for name in self.reason_required_fields if name in changes]

    def correction_reason_error(self) -> str | None:
        """What to tell an editor who changed a date, status or vote of a published
        record without saying why (in `correction_reason`)."""
        needed = self.fields_needing_reason(self.changes())
        if not needed or (getattr(self, "correction_reason", "") or "").strip():
            return None
        labels = [str(self._meta.get_field(name).verbose_name) for name in needed]
        return _("This record is published: say why you changed %(fields)s.") % {
            "fields": get_text_list(labels, _("and"))
        }

    def correction_process_ids(self) -> list[int]:
        """The processes whose corrections log lists a change of this record."""
        return [self.process_id]

    def _claim_next_version(self, kwargs: dict) -> None:
        """The conditional UPDATE: only the holder of the current version moves it
        on; the row stays locked until the transaction ends."""
        rows = type(self)._base_manager.filter(pk=self.pk)
        if not rows.filter(version=self.version).update(version=self.version + 1):
            current = rows.values_list("version", flat=True).first()
            if current is not None or not getattr(self, "_restoring", False):
                raise StaleRecord(self, current)
        self.version += 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version", "updated_at"}

    def _log_correction(self, before: dict | None) -> None:
        reason = getattr(self, "correction_reason", "") or ""
        minor = getattr(self, "correction_minor", False)
        self.correction_reason = ""
        self.correction_minor = False
        self.last_correction = None
        if not before or before.get("publication") != Publication.PUBLISHED:
            return
        if minor and not self.fields_needing_reason(self.changes(before)):
            return  # a typo fixed: the history keeps it, readers are not told
        changes = self.changes(before)
        changes.pop("publication", None)  # publishing or withdrawing is not a correction
        if changes:
            from .editorial import Correction

            self.last_correction = Correction.log(self, changes, reason)

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_values = self._current_values(only_loaded=True)


class FuzzyDateField(models.CharField):
    """An EDTF level 0/1 date string. The model keeps `<name>_earliest` and
    `<name>_latest` date columns beside it, filled by FuzzyDatesMixin."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("blank", True)
        kwargs.setdefault(
            "help_text",
            _("EDTF: 2017, 2017-08 or 2017-07-10; add ~ if approximate, ? if uncertain."),
        )
        kwargs["validators"] = [validate_fuzzy_date]
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs


def bound_fields(name: str, label: str) -> tuple[models.DateField, models.DateField]:
    """The derived earliest/latest columns of one fuzzy date."""
    return (
        models.DateField(f"{label} (earliest)", null=True, blank=True, editable=False),
        models.DateField(f"{label} (latest)", null=True, blank=True, editable=False),
    )


def fuzzy_constraints(model: str, name: str) -> list[models.CheckConstraint]:
    """The derived columns are filled whenever the text is, and are in order."""
    return [
        models.CheckConstraint(
            condition=Q(**{name: ""})
            | Q(**{f"{name}_earliest__isnull": False, f"{name}_latest__isnull": False}),
            name=f"{model}_{name}_bounds_filled",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{name}_earliest__lte": F(f"{name}_latest")})
            | Q(**{f"{name}_earliest__isnull": True}),
            name=f"{model}_{name}_bounds_ordered",
        ),
    ]


def range_constraint(model: str, start: str, end: str) -> models.CheckConstraint:
    """An end that lies wholly before its start is refused by the database too."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}_latest__gte": F(f"{start}_earliest")})
        | Q(**{f"{end}_latest__isnull": True})
        | Q(**{f"{start}_earliest__isnull": True}),
        name=f"{model}_{end}_not_before_{start}",
        violation_error_message=_("The end date is before the start date."),
    )


class FuzzyDatesMixin:
    """Keeps the earliest/latest columns of each fuzzy date in step with its text.

    `fuzzy_fields` names the EDTF fields; `fuzzy_ranges` the (start, end) pairs whose
    end may not lie before the start."""

    fuzzy_fields: tuple[str, ...] = ()
    fuzzy_ranges: tuple[tuple[str, str], ...] = ()

    def fill_fuzzy_bounds(self) -> None:
        for name in self.fuzzy_fields:
            text = (getattr(self, name) or "").strip()
            setattr(self, name, text)
            value = fuzzydates.validate(text) if text else None
            setattr(self, f"{name}_earliest", value.earliest if value else None)
            setattr(self, f"{name}_latest", value.latest if value else None)

    def clean_fuzzy_dates(self) -> None:
        """Fill the bounds of the valid dates and check each range's order. An
        unparsable date is left to its field validator, which reports it once."""
        valid = set()
        for name in self.fuzzy_fields:
            text = (getattr(self, name) or "").strip()
            setattr(self, name, text)
            value = fuzzydates.parse_or_none(text)
            if text and value is None:
                continue
            valid.add(name)
            setattr(self, f"{name}_earliest", value.earliest if value else None)
            setattr(self, f"{name}_latest", value.latest if value else None)
        errors = {}
        for start, end in self.fuzzy_ranges:
            if not {start, end} <= valid:
                continue
            start_at = getattr(self, f"{start}_earliest")
            end_at = getattr(self, f"{end}_latest")
            if start_at and end_at and end_at < start_at:
                errors[end] = _("The end (%(end)s) is before the start (%(start)s).") % {
                    "end": getattr(self, end),
                    "start": getattr(self, start),
                }
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # A date already reported on its field is not reported again by the
        # constraints on its derived columns.
        exclude = set(exclude or ())
        for name in self.fuzzy_fields:
            if name in exclude:
                exclude |= {f"{name}_earliest", f"{name}_latest"}
        super().validate_constraints(exclude=exclude)

    def clean(self):
        super().clean()
        self.clean_fuzzy_dates()

    def save(self, *args, **kwargs):
        self.fill_fuzzy_bounds()
        super().save(*args, **kwargs)


class SourceQuerySet(models.QuerySet):
    def public(self):
        """Sources a published record cites (a source has no publication state of
        its own: one cited by drafts only stays hidden)."""
        from .actors import AppointmentCitation
        from .editorial import RoundStatusChange
        from .records import EventCitation, ResolutionCitation
        from .talks import RoundCitation

        return self.filter(
            any_of(
                named_by(RoundCitation, "round", "source"),
                named_by(AppointmentCitation, "appointment", "source"),
                named_by(ResolutionCitation, "resolution", "source"),
                named_by(EventCitation, "event", "source"),
                named_by(RoundStatusChange, "round", "source"),
            )
        )


def named_by(rows: type[models.Model], owner: str, field: str) -> models.QuerySet:
    """The ids in `rows.field` of the rows whose `owner` is published: how people,
    parties and sources (which have no publication state) become public. `owner`
    "" means the rows are themselves publishable."""
    if not owner:
        return rows.objects.published().values(field)
    published = rows._meta.get_field(owner).related_model.objects.published()
    return rows.objects.filter(**{f"{owner}__in": published}).values(field)


def any_of(*id_sets: models.QuerySet) -> Q:
    return reduce(or_, (Q(pk__in=ids) for ids in id_sets))


class Source(TimeStamped):
    publisher = models.CharField(_("publisher"), max_length=200)
    title = models.CharField(_("title"), max_length=500, blank=True)
    url = models.URLField(_("URL"), max_length=800, unique=True)
    archived_url = models.URLField(_("archived copy"), max_length=800, blank=True)
    language = models.CharField(
        _("language"), max_length=3, default="en", validators=[validate_language_code]
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["publisher", "title", "url"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.publisher}: {self.title or self.url}"


class Citation(models.Model):
    """A record's reference to a source, with the quote that supports it."""

    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))
    quote = models.TextField(_("quote"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.source)
