"""One date-ordered timeline per process: rounds, events, resolution adoptions and
envoy appointments merged. The API and the reader pages both build on this."""

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from django.db import models

from . import fuzzydates
from .models import Appointment, Event, Process, Resolution, Round

ROUND, EVENT, RESOLUTION, APPOINTMENT = "round", "event", "resolution", "appointment"
KINDS = (ROUND, EVENT, RESOLUTION, APPOINTMENT)


@dataclass(frozen=True)
class Entry:
    kind: str
    date: str  # EDTF, as stored (or an ISO date)
    earliest: date | None
    latest: date | None
    title: str
    dates: str  # the date as a reader reads it
    status: str  # the round's status, the event's kind, the resolution's status
    record: models.Model

    @property
    def year(self) -> int | None:
        return self.earliest.year if self.earliest else None

    def sort_key(self):
        # Undated entries go last; on the same day, rounds before the rest.
        return (self.earliest or date.max, KINDS.index(self.kind), self.record.pk)


def _rounds(process: Process, queryset) -> list[Entry]:
    entries = []
    for round_ in queryset.filter(process=process).main():
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


def _events(process: Process, queryset) -> list[Entry]:
    return [
        Entry(EVENT, e.date, e.date_earliest, e.date_latest, e.title, e.dates, e.kind, e)
        for e in queryset.filter(process=process)
    ]


def _resolutions(process: Process, queryset) -> list[Entry]:
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
        for r in queryset.filter(processes=process)
    ]


def _appointments(process: Process, queryset) -> list[Entry]:
    entries = []
    for a in queryset.filter(process=process).select_related("person"):
        when = a.start or (a.appointed_on.isoformat() if a.appointed_on else "")
        parsed = fuzzydates.parse_or_none(when)
        entries.append(
            Entry(
                kind=APPOINTMENT,
                date=when,
                earliest=parsed.earliest if parsed else None,
                latest=parsed.latest if parsed else None,
                title=str(a),
                dates=fuzzydates.natural(parsed),
                status="current" if not a.end else "ended",
                record=a,
            )
        )
    return entries


def build(process: Process, *, drafts: bool = False, kinds=KINDS) -> list[Entry]:
    """The process's timeline in date order: four queries whatever its length.

    `drafts=True` is for editors' previews; everything public passes False."""

    def base(model):
        return model.objects.all() if drafts else model.objects.published()

    builders = {
        ROUND: lambda: _rounds(process, base(Round)),
        EVENT: lambda: _events(process, base(Event)),
        RESOLUTION: lambda: _resolutions(process, base(Resolution)),
        APPOINTMENT: lambda: _appointments(process, base(Appointment)),
    }
    entries = [entry for kind in kinds for entry in builders[kind]()]
    return sorted(entries, key=Entry.sort_key)


def by_year(entries: list[Entry]) -> list[tuple[int | None, list[Entry]]]:
    """Consecutive entries grouped by year, for pages that show year headings."""
    return [(year, list(group)) for year, group in groupby(entries, key=lambda e: e.year)]
