"""The editorial record around the facts: the public corrections log and each
round's status log."""

from datetime import date, datetime, time

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .. import fuzzydates
from .base import FuzzyDateField, Source
from .talks import Process, Round


def as_text(model, name: str, value) -> str | dict:
    """A stored value as the log keeps it: ISO dates, plain numbers, and a linked
    record by identity ({"model": "rounds.round", "id": 7}), never by its name:
    the name is looked up when the log is read, and shown only while the linked
    record is public (see rounds.corrections.LinkNames)."""
    if value is None:
        return ""
    field = model._meta.get_field(name)
    if field.is_relation:
        return {"model": field.related_model._meta.label_lower, "id": value}
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


class CorrectionQuerySet(models.QuerySet):
    def for_process(self, process):
        return self.filter(processes=process)


class Correction(models.Model):
    """A change to a published record, as readers see it: which record, which
    fields (with the values before and after), when, and the editor's reason.
    Editors' identities stay in the history, not here."""

    processes = models.ManyToManyField(
        Process, related_name="corrections", blank=True, verbose_name=_("processes")
    )
    record_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of record")
    )
    record_id = models.PositiveBigIntegerField(_("record id"))
    record = GenericForeignKey("record_type", "record_id")
    label = models.CharField(
        _("record"), max_length=300, help_text=_("The record's name when it was corrected.")
    )
    fields = models.JSONField(_("fields changed"), default=list)
    # A linked record's value is its identity, {"model": ..., "id": ...} (as_text).
    changes = models.JSONField(
        _("values"), default=dict, help_text=_("For each field: the value before and after.")
    )
    reason = models.TextField(_("reason"), blank=True)
    corrected_at = models.DateTimeField(_("corrected at"), default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-corrected_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [
            # A record's corrections, newest first (admin, reader pages).
            models.Index(fields=["record_type", "record_id"], name="correction_record"),
            # The log and its feed: newest first.
            models.Index(fields=["-corrected_at"], name="correction_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {', '.join(self.fields)}"

    @classmethod
    def log(cls, record: models.Model, changes: dict, reason: str = "") -> "Correction":
        """Log `changes` ({field: (before, after)}) of a published record."""
        labels = {}
        for language in ("en", "ar"):
            with translation.override(language):
                labels[language] = str(record)[:300]
        correction = cls.objects.create(
            record_type=ContentType.objects.get_for_model(record),
            record_id=record.pk,
            label_en=labels["en"],
            label_ar=labels["ar"] if labels["ar"] != labels["en"] else None,
            fields=sorted(changes),
            changes={
                name: [as_text(type(record), name, old), as_text(type(record), name, new)]
                for name, (old, new) in changes.items()
            },
            reason=reason.strip(),
        )
        correction.processes.set(record.correction_process_ids())
        return correction

    def add_fields(self, names: list[str], changes: dict | None = None) -> None:
        """Name rows changed beside the record (its agenda, delegations...), with
        their before and after in words when given."""
        self.fields = sorted({*self.fields, *names})
        self.changes = {**self.changes, **(changes or {})}
        self.save(update_fields=["fields", "changes"])

    def field_labels(self) -> list[str]:
        """The changed fields' names as readers read them: "start", "label [ar]",
        or for rows beside the record, their kind ("delegations")."""
        model = self.record_type.model_class()
        return [field_label(model, name) for name in self.fields]


def field_label(model, name: str) -> str:
    if model is None:
        return name
    related = {rel.get_accessor_name(): rel for rel in model._meta.related_objects}
    if name in related:
        return str(related[name].related_model._meta.verbose_name_plural)
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since removed
        return name.replace("_", " ")


class RoundStatusChange(models.Model):
    """One step in a round's life: announced, postponed, rescheduled, held,
    concluded. Written whenever the round's status changes, or its dates while it
    is still to be held, so that the timeline can show how a round slipped."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="status_log", verbose_name=_("round")
    )
    status = models.CharField(_("status"), max_length=12, choices=Round.Status.choices)
    start = FuzzyDateField(_("start then expected"))
    end = FuzzyDateField(_("end then expected"))
    changed_on = models.DateField(
        _("changed on"),
        null=True,
        blank=True,
        help_text=_("The day the change was announced, if known."),
    )
    source = models.ForeignKey(
        Source,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["round", "recorded_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status log")
        indexes = [
            # A round's log in order (round page, admin inline, timeline).
            models.Index(fields=["round", "recorded_at"], name="round_status_change_order"),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.dates or _('no dates')})"

    def save(self, *args, **kwargs):
        # "Recorded at" orders the log: a step with a known day sits at that day,
        # not at the moment it was typed in (or loaded with the demo data).
        day = self.changed_on
        if isinstance(day, str) and day:
            day = date.fromisoformat(day)
        if day and self.recorded_at.date() != day:
            self.recorded_at = timezone.make_aware(datetime.combine(day, time.min))
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "recorded_at"}
        super().save(*args, **kwargs)

    @property
    def dates(self) -> str:
        return fuzzydates.natural_range(self.start, self.end)
