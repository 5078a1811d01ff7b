"""The process timeline, built once per change of its records and language.

A process is fetched with a version of its timeline: for each kind of record the
timeline reads, the latest `updated_at` and the number of rows, as scalar
subqueries of the same query. The built timeline is cached under that version, so
a repeated view of an unchanged process costs that one query and no timeline work,
and any edit, addition, deletion or (un)publishing gives a new key."""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.db.models import Count, Max, OuterRef, QuerySet, Subquery
from django.utils import translation

from .. import timeline
from ..models import Appointment, Document, Event, Person, Process, Resolution, Round, Track

TIMELINE_CACHE_SECONDS = 24 * 60 * 60

# What timeline.build() reads, and how each model reaches the process. People are
# there because an appointment's entry is titled with its envoy's name, tracks
# because a round's entry shows its track's name (and the page lists the tracks). A
# document's entry names its signatories: a change of them is saved with the document
# (admin and API alike), but a party renamed shows in a cached timeline only once it
# expires.
TIMELINE_SOURCES = (
    (Round, "process"),
    (Track, "process"),
    (Event, "process"),
    (Resolution, "processes"),
    (Appointment, "processes"),
    (Person, "appointments__processes"),
    (Document, "process"),
)


def with_timeline_version(queryset: QuerySet) -> QuerySet:
    """Processes annotated with `<model>_changed` and `<model>_count` for each
    timeline source; still one query."""
    annotations = {}
    for model, link in TIMELINE_SOURCES:
        rows = model.objects.filter(**{link: OuterRef("pk")}).order_by().values(link)
        name = model._meta.model_name
        annotations[f"{name}_changed"] = Subquery(rows.annotate(m=Max("updated_at")).values("m"))
        annotations[f"{name}_count"] = Subquery(rows.annotate(n=Count("pk")).values("n"))
    return queryset.annotate(**annotations)


@dataclass(frozen=True)
class Version:
    changed: datetime  # the latest change to the process or its timeline's records
    key: str


def timeline_version(process: Process) -> Version:
    """The version of a process fetched through with_timeline_version()."""
    names = [model._meta.model_name for model, _link in TIMELINE_SOURCES]
    changed = [process.updated_at, *(getattr(process, f"{n}_changed") for n in names)]
    counts = [getattr(process, f"{n}_count") or 0 for n in names]
    digest = hashlib.sha256(repr((changed, counts)).encode()).hexdigest()[:16]
    return Version(changed=max(c for c in changed if c), key=digest)


def cached_timeline(process: Process) -> list[timeline.Entry]:
    """timeline.build(process), from the cache while nothing in it has changed.
    Its text (titles, dates) is in the active language, hence the key."""
    version = timeline_version(process)
    key = f"rounds:timeline:{process.pk}:{translation.get_language()}:{version.key}"
    entries = cache.get(key)
    if entries is None:
        entries = timeline.build(process)
        cache.set(key, entries, TIMELINE_CACHE_SECONDS)
    return entries
