"""One date-ordered timeline per process: rounds, events, resolution adoptions,
envoy appointments and dated documents (agreements, communiqués...) merged. The API
and the reader pages both build on this."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import pgettext

from . import fuzzydates
from .models import Appointment, Document, Event, Party, Process, Resolution, Round

ROUND, EVENT, RESOLUTION, APPOINTMENT = "round", "event", "resolution", "appointment"
DOCUMENT = "document"
KINDS = (ROUND, EVENT, RESOLUTION, APPOINTMENT, DOCUMENT)
# An appointment's status on the timeline.
APPOINTED, LEFT_OFFICE = "appointed", "left_office"


@dataclass(frozen=True)
class Entry:
    kind: str
    date: str  # EDTF, as stored (or an ISO date)
    earliest: date | None
    latest: date | None
    title: str
    dates: str  # the date as a reader reads it
    status: str  # the round's status, the event's or document's kind, the resolution's status
    record: models.Model

    @property
    def year(self) -> int | None:
        return self.earliest.year if self.earliest else None

    def sort_key(self):
        # Undated entries go last; on the same day, rounds before the rest.
        return (self.earliest or date.max, KINDS.index(self.kind), self.record.pk)


def _rounds(queryset) -> list[Entry]:
    entries = []
    for round_ in queryset:
        held = bool(round_.start)
        entries.append(
            Entry(
                kind=ROUND,
                date=round_.start if held else round_.announced_start,
                earliest=round_.start_earliest if held else round_.announced_start_earliest,
                latest=round_.end_latest or round_.start_latest
                if held
                else round_.announced_end_latest or round_.announced_start_latest,
                title=str(round_),
                dates=round_.dates,
                status=round_.status,
                record=round_,
            )
        )
    return entries


def _events(queryset) -> list[Entry]:
    return [
        Entry(EVENT, e.date, e.date_earliest, e.date_latest, e.title, e.dates, e.kind, e)
        for e in queryset
    ]


def _documents(queryset) -> list[Entry]:
    return [
        Entry(DOCUMENT, d.date, d.date_earliest, d.date_latest, d.title, d.dates, d.kind, d)
        for d in queryset
    ]


def with_signatories(documents):
    """Documents with their signing parties in `record.signed_by` (one more query)."""
    return documents.prefetch_related(
        models.Prefetch("signatories", Party.objects.order_by("name"), to_attr="signed_by")
    )


def _resolutions(queryset) -> list[Entry]:
    return [
        Entry(
            kind=RESOLUTION,
            date=r.adopted_on.isoformat() if r.adopted_on else "",
            earliest=r.adopted_on,
            latest=r.adopted_on,
            title=f"{r}: {r.subject}" if r.symbol else r.subject,
            dates=fuzzydates.natural(r.adopted_on.isoformat()) if r.adopted_on else "",
            status=r.status,
            record=r,
        )
        for r in queryset
    ]


def _appointments(queryset) -> list[Entry]:
    """One entry per term, spanning from taking office (or the announcement) to
    leaving it: "appointed" while in office, "left office" once the term is over."""
    entries = []
    for a in queryset:
        when = a.start or (a.appointed_on.isoformat() if a.appointed_on else "")
        parsed = fuzzydates.parse_or_none(when)
        title = f"{a.person}{pgettext('punctuation', ',')} {a.role}"  # the reader's comma
        if a.acting:
            title = f"{title} ({pgettext('appointment', 'acting')})"
        if a.end:
            dates = fuzzydates.natural_range(parsed, a.end)
        else:
            dates = pgettext("in office", "since %(date)s") % {"date": fuzzydates.natural(parsed)}
        entries.append(
            Entry(
                kind=APPOINTMENT,
                date=when,
                earliest=parsed.earliest if parsed else None,
                latest=a.end_latest if a.end else None,
                title=title,
                dates=dates if parsed else "",
                status=LEFT_OFFICE if a.end else APPOINTED,
                record=a,
            )
        )
    return entries


# Where each kind keeps an entry's earliest date: the first column set wins (a
# round's held dates, else its announced ones; an appointment's term, else the day
# it was announced). A fuzzy date's `_earliest` is null exactly when it is empty.
EARLIEST = {
    ROUND: ("start_earliest", "announced_start_earliest"),
    EVENT: ("date_earliest",),
    RESOLUTION: ("adopted_on",),
    APPOINTMENT: ("start_earliest", "appointed_on"),
    DOCUMENT: ("date_earliest",),
}


def dated_within(kind: str, between: tuple[date, date] | None, undated: bool) -> Q:
    """Entries of `kind` whose earliest date falls in `between` (inclusive), and
    the undated ones if asked: plain conditions on each column, so that the
    process's (process, date) indexes serve them."""
    columns = EARLIEST[kind]
    wanted = Q(pk__in=[])
    if between is not None:
        for n, column in enumerate(columns):
            unset = {f"{c}__isnull": True for c in columns[:n]}
            wanted |= Q(**unset, **{f"{column}__range": between})
    if undated:
        wanted |= Q(**{f"{c}__isnull": True for c in columns})
    return wanted


def _querysets(process: Process, drafts: bool) -> dict:
    """Each kind's records on the process's timeline, unfiltered by date."""

    def base(model):
        return model.objects.all() if drafts else model.objects.published()

    return {
        ROUND: base(Round).filter(process=process).main(),
        EVENT: base(Event).filter(process=process),
        RESOLUTION: base(Resolution).filter(processes=process),
        APPOINTMENT: base(Appointment).filter(processes=process),
        DOCUMENT: base(Document).filter(process=process).exclude(date=""),
    }


def build(
    process: Process,
    *,
    drafts: bool = False,
    kinds=KINDS,
    between: tuple[date, date] | None = None,
    undated: bool | None = None,
) -> list[Entry]:
    """The process's timeline in date order: six queries whatever its length (the
    sixth, the documents' signatories, only when there are documents).

    `between` keeps the entries whose earliest date falls in that range, and the
    undated ones only with `undated=True`; `between=None, undated=True` gives the
    undated entries alone. Without either, everything.
    `drafts=True` is for editors' previews; everything public passes False."""
    querysets = _querysets(process, drafts)
    if between is not None or undated is not None:
        for kind in kinds:
            querysets[kind] = querysets[kind].filter(dated_within(kind, between, bool(undated)))
    builders = {
        ROUND: lambda q: _rounds(q.select_related("track")),
        EVENT: _events,
        RESOLUTION: _resolutions,
        APPOINTMENT: lambda q: _appointments(q.select_related("person")),
        DOCUMENT: lambda q: _documents(with_signatories(q)),
    }
    entries = [entry for kind in kinds for entry in builders[kind](querysets[kind])]
    return sorted(entries, key=Entry.sort_key)


class Year(ExtractYear):
    """A date's year; on SQLite from the ISO text itself, rather than through
    Django's Python function called once a row (most of the tally's time)."""

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.lhs)
        return f"CAST(SUBSTR({sql}, 1, 4) AS INTEGER)", params


# A tally of a timeline: how many entries of each kind, year (None: undated) and
# track (a round's track's id; None for the rest), for the filter links' counts.
Tally = Counter


def tally_of(entries: list[Entry]) -> Tally:
    """The tally of entries already built (no query)."""
    return Counter(
        (e.kind, e.year, e.record.track_id if e.kind == ROUND else None) for e in entries
    )


def tally(process: Process) -> Tally:
    """The tally of the process's public timeline without building it: one
    GROUP BY query per kind, whatever the length of its history."""
    counts = Counter()
    for kind, queryset in _querysets(process, drafts=False).items():
        earliest = Coalesce(*EARLIEST[kind]) if len(EARLIEST[kind]) > 1 else EARLIEST[kind][0]
        track = ["track_id"] if kind == ROUND else []
        rows = (
            queryset.order_by()
            .annotate(y=Year(earliest))
            .values("y", *track)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[(kind, row["y"], row.get("track_id"))] += row["n"]
    return counts


def recent(until: date, limit: int = 8) -> list[Entry]:
    """The latest published entries of all published processes up to `until`, newest
    first: seven queries (resolutions and appointments each with a second one for
    their published processes).

    Each record carries its process (`record.process`, or `record.public_processes`
    for a resolution) so that a page can say where it happened."""
    rounds = (
        Round.objects.published()
        .main()
        .select_related("process")
        .alias(when=Coalesce("start_earliest", "announced_start_earliest"))
        .filter(when__lte=until)
        .order_by("-when", "-pk")
    )
    events = (
        Event.objects.published()
        .select_related("process")
        .filter(date_earliest__lte=until)
        .order_by("-date_earliest", "-pk")
    )
    resolutions = (
        Resolution.objects.published()
        .filter(adopted_on__lte=until, processes__in=Process.objects.published())
        .distinct()
        .prefetch_related(
            models.Prefetch("processes", Process.objects.published(), to_attr="public_processes")
        )
        .order_by("-adopted_on", "-pk")
    )
    appointments = (
        Appointment.objects.published()
        .select_related("person")
        .prefetch_related(
            models.Prefetch("processes", Process.objects.published(), to_attr="public_processes")
        )
        .alias(when=Coalesce("start_earliest", "appointed_on"))
        .filter(when__lte=until)
        .order_by("-when", "-pk")
    )
    documents = (
        Document.objects.published()
        .select_related("process")
        .filter(date_earliest__lte=until)
        .order_by("-date_earliest", "-pk")
    )
    entries = [
        *_rounds(rounds[:limit]),
        *_events(events[:limit]),
        *_resolutions(resolutions[:limit]),
        *_appointments(appointments[:limit]),
        *_documents(documents[:limit]),
    ]
    return sorted(entries, key=Entry.sort_key, reverse=True)[:limit]


def by_year(entries: list[Entry]) -> list[tuple[int | None, list[Entry]]]:
    """Consecutive entries grouped by year, for pages that show year headings."""
    return [(year, list(group)) for year, group in groupby(entries, key=lambda e: e.year)]
