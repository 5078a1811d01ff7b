"""A process's public corrections log, as the API, the reader page and its Atom
feed list it: the changes to records the public may see, newest first, each
with a link to its record's reader page. No editor is named anywhere here: the
log holds none (the history keeps who).

A changed link (an event's round, an appointment's person) is kept by identity
and named when the log is read, only while the linked record is public: a draft
reads as "an unpublished record", on the page, in the feed and in the API alike."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import labels
from .models import Appointment, Correction, Process
from .models.base import Publishable

# Records with a reader page of their own, by kind (the ContentType's model name).
PAGES = {
    "round": "rounds:round",
    "event": "rounds:event",
    "resolution": "rounds:resolution",
    "document": "rounds:document",
}


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
    the same query: an appointment is told on its envoy's page (`envoy_id`)."""
    envoy = Appointment.objects.filter(pk=OuterRef("record_id")).order_by().values("person_id")
    return corrections.annotate(
        envoy_id=Case(
            When(record_type__model="appointment", then=Subquery(envoy)),
            output_field=IntegerField(),
        ),
    )


UNPUBLISHED = _("an unpublished record")


# Records whose name (__str__) carries another record's: an appointment's names
# its envoy, who may since have become a draft's alone. Their log entries are
# named as the record reads now, not as logged.
NAMED_WITH = {"rounds.appointment": ("person",)}


def kind_of(correction: Correction) -> str:
    return f"{correction.record_type.app_label}.{correction.record_type.model}"


class LinkNames:
    """The names of the records that corrections link to (values stored as
    {"model": ..., "id": ...}) and of corrected records named after another
    (NAMED_WITH), read now, in one query per kind of record, and only those the
    public may see, unless `drafts` (editors). Call it on a stored value to get
    the text to show; `label()` names a correction's record."""

    def __init__(self, corrections: Iterable[Correction], *, drafts: bool = False):
        self.drafts = drafts
        wanted = defaultdict(set)
        for correction in corrections:
            if kind_of(correction) in NAMED_WITH:
                wanted[kind_of(correction)].add(correction.record_id)
            for pair in correction.changes.values():
                for value in pair:
                    if is_link(value):
                        wanted[value["model"]].add(value["id"])
        self.names = {}
        for label, ids in wanted.items():
            try:
                manager = apps.get_model(label)._default_manager
            except (LookupError, ValueError):  # a model since removed
                continue
            if drafts:
                records = manager.all()
            elif hasattr(manager, "public"):
                records = manager.public()
            elif any(f.name == "process" for f in manager.model._meta.fields):
                records = manager.filter(process__in=Process.objects.published())  # a track
            else:
                continue  # no public state known: never named
            records = records.select_related(*NAMED_WITH.get(label, ()))
            for record in records.filter(pk__in=ids):
                self.names[label, record.pk] = str(record)

    def label(self, correction: Correction) -> str | None:
        """The record's name now for those named after another record, None for
        the others: their logged label is theirs alone, and public with them."""
        if kind_of(correction) not in NAMED_WITH:
            return None
        name = self.names.get((kind_of(correction), correction.record_id))
        if name is None:  # a record deleted, or not public: only editors get here
            return correction.label if self.drafts else str(UNPUBLISHED)
        return name

    def __call__(self, value) -> str:
        if isinstance(value, dict):  # a link, named only if found above
            return self.names.get((value.get("model"), value.get("id")), str(UNPUBLISHED))
        return "" if value is None else str(value)


def is_link(value) -> bool:
    return isinstance(value, dict) and value.get("id") is not None and "model" in value


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
    return ""


@dataclass(frozen=True)
class Change:
    field: str  # what readers call the field, in their language
    before: str
    after: str


@dataclass(frozen=True)
class LogEntry:
    correction: Correction
    name_now: str | None  # the record's name read now (else its logged label)
    kind: str  # what readers call the kind of record
    url: str
    changes: list[Change]

    @property
    def label(self) -> str:
        return self.correction.label if self.name_now is None else self.name_now

    @property
    def fields(self) -> list[str]:
        return [change.field for change in self.changes]


def log_entries(corrections, process: Process) -> list[LogEntry]:
    """Corrections (from with_reader_links) as readers read them: one query per
    kind of linked record named in them (see LinkNames), none otherwise."""
    corrections = list(corrections)
    names = LinkNames(corrections)
    entries = []
    for correction in corrections:
        model = correction.record_type.model_class()
        changes = []
        for name in correction.fields:
            before, after = correction.changes.get(name, ("", ""))
            changes.append(
                Change(
                    labels.field_name(model, name),
                    labels.field_value(model, name, names(before)),
                    labels.field_value(model, name, names(after)),
                )
            )
        entries.append(
            LogEntry(
                correction=correction,
                name_now=names.label(correction),
                kind=labels.record_kind(model, correction.record_type.model),
                url=record_url(correction, process),
                changes=changes,
            )
        )
    return entries
