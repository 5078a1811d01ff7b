"""A process's public corrections log, as the API, the reader page and its Atom
feed list it: the changes to records the public may see, newest first, each
with a link to its record's reader page. No editor is named anywhere here: the
log holds none (the history keeps who)."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.urls import reverse

from . import labels
from .models import Appointment, Correction, Document, Process, Round
from .models.base import Publishable

# Records with a reader page of their own, by kind (the ContentType's model name).
PAGES = {"round": "rounds:round", "event": "rounds:event", "resolution": "rounds:resolution"}


def publishable_models() -> list[type[Publishable]]:
    return [m for m in apps.get_app_config("rounds").get_models() if issubclass(m, Publishable)]


def of_public_records() -> Q:
    """Corrections of records the public may see now: not of one since returned
    to draft, deleted, or whose process is a draft. One subquery per kind."""
    return reduce(
        or_,
        (
            Q(
                record_type__app_label=model._meta.app_label,
                record_type__model=model._meta.model_name,
                record_id__in=model.objects.published().values("pk"),
            )
            for model in publishable_models()
        ),
    )


def process_log(process: Process, *, drafts: bool = False) -> QuerySet:
    """The corrections of a process, newest first, with their record types.
    `drafts=True` (editors, in the API) keeps those of records not public now."""
    corrections = Correction.objects.for_process(process)
    if not drafts:
        corrections = corrections.filter(of_public_records())
    return corrections.select_related("record_type").order_by("-corrected_at", "-pk")


def with_reader_links(corrections: QuerySet) -> QuerySet:
    """Corrections with what links the records that have no page of their own, in
    the same query: an appointment is told on its envoy's page (`envoy_id`), a
    document on its round's while that round is public (`document_round_id`)."""
    envoy = Appointment.objects.filter(pk=OuterRef("record_id")).order_by().values("person_id")
    round_ = (
        Document.objects.filter(pk=OuterRef("record_id"), round__in=Round.objects.published())
        .order_by()
        .values("round_id")
    )
    return corrections.annotate(
        envoy_id=Case(
            When(record_type__model="appointment", then=Subquery(envoy)),
            output_field=IntegerField(),
        ),
        document_round_id=Case(
            When(record_type__model="document", then=Subquery(round_)),
            output_field=IntegerField(),
        ),
    )


def record_url(correction: Correction, process: Process) -> str:
    """The reader page of the corrected record ('' if it has none)."""
    kind = correction.record_type.model
    if kind in PAGES:
        return reverse(PAGES[kind], args=[correction.record_id])
    if kind == "process" and correction.record_id == process.pk:
        return process.get_absolute_url()
    envoy = getattr(correction, "envoy_id", None)
    if kind == "appointment" and envoy:
        return reverse("rounds:person", args=[envoy])
    round_ = getattr(correction, "document_round_id", None)
    if kind == "document" and round_:
        return reverse("rounds:round", args=[round_])
    return ""


@dataclass(frozen=True)
class Change:
    field: str  # what readers call the field, in their language
    before: str
    after: str


@dataclass(frozen=True)
class LogEntry:
    correction: Correction
    kind: str  # what readers call the kind of record
    url: str
    changes: list[Change]

    @property
    def fields(self) -> list[str]:
        return [change.field for change in self.changes]


def log_entries(corrections, process: Process) -> list[LogEntry]:
    """Corrections (from with_reader_links) as readers read them. No queries."""
    entries = []
    for correction in corrections:
        model = correction.record_type.model_class()
        changes = []
        for name in correction.fields:
            before, after = correction.changes.get(name, ("", ""))
            changes.append(
                Change(
                    labels.field_name(model, name),
                    labels.field_value(model, name, before),
                    labels.field_value(model, name, after),
                )
            )
        entries.append(
            LogEntry(
                correction=correction,
                kind=labels.record_kind(model, correction.record_type.model),
                url=record_url(correction, process),
                changes=changes,
            )
        )
    return entries
