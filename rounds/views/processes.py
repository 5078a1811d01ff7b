"""Process pages: the home page, a process's timeline and its agenda matrix."""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.http import http_date
from django.utils.translation import gettext as _

from .. import timeline
from ..labels import KIND_PLURALS
from ..models import AgendaItem, AgendaStatus, Process, Round, Track
from .caching import (
    TIMELINE_CACHE_SECONDS,
    cached_timeline,
    timeline_version,
    with_timeline_version,
)
from .preview import render_shown, visible_or_preview

RECENT_ENTRIES = 8
HELD = (Round.Status.ONGOING, Round.Status.CONCLUDED)
AHEAD = (Round.Status.PLANNED, Round.Status.ANNOUNCED, Round.Status.POSTPONED)
UNDATED = "undated"


def under_way(round_: Round | None, today: date) -> bool:
    """Ongoing by its status, or announced and within its dates today."""
    if round_ is None:
        return False
    if round_.status == Round.Status.ONGOING:
        return True
    end = round_.end_latest or round_.start_latest
    return (
        round_.status == Round.Status.ANNOUNCED
        and round_.start_earliest is not None
        and round_.start_earliest <= today <= end
    )


def with_latest_and_next_round(queryset: QuerySet, today: date) -> QuerySet:
    """Processes with `latest_round_id` (the last round held or under way) and
    `next_round_id` (the first one still ahead), as subqueries: one query."""
    rounds = Round.objects.published().main().filter(process=OuterRef("pk"))
    held = rounds.filter(
        Q(status__in=HELD) | Q(status=Round.Status.ANNOUNCED, start_earliest__lte=today)
    ).order_by(F("start_earliest").desc(nulls_last=True), "-pk")
    ahead = (
        rounds.filter(status__in=AHEAD)
        .alias(when=Coalesce("start_earliest", "announced_start_earliest"))
        .filter(Q(when__gt=today) | Q(when__isnull=True))
        .order_by(F("when").asc(nulls_last=True), "pk")
    )
    return queryset.annotate(
        latest_round_id=Subquery(held.values("pk")[:1]),
        next_round_id=Subquery(ahead.values("pk")[:1]),
    )


@dataclass
class ProcessCard:
    process: Process
    latest: Round | None
    next: Round | None
    latest_under_way: bool


def home(request):
    # Queries: 1 the processes with their latest and next round ids, 2 those
    # rounds, 3-9 the recent entries (timeline.recent).
    today = timezone.localdate()
    processes = list(
        with_latest_and_next_round(
            Process.objects.published().select_related("superseded_by"), today
        ).order_by(F("end_earliest").desc(nulls_first=True), "-start_earliest", "name")
    )
    wanted = {p.latest_round_id for p in processes} | {p.next_round_id for p in processes}
    rounds = Round.objects.in_bulk(wanted - {None})
    cards = [
        ProcessCard(
            process=p,
            latest=rounds.get(p.latest_round_id),
            next=rounds.get(p.next_round_id),
            latest_under_way=under_way(rounds.get(p.latest_round_id), today),
        )
        for p in processes
    ]
    recent = timeline.recent(today, limit=RECENT_ENTRIES)
    return render(request, "rounds/home.html", {"cards": cards, "recent": recent})


@dataclass
class FilterLink:
    label: str
    count: int
    url: str
    current: bool


@dataclass
class TimelineFilter:
    """The kind, year and track a reader asked for, read leniently: a value that
    makes no sense is reported and dropped, never an error page."""

    kind: str | None = None
    year: int | str | None = None  # a year, UNDATED, or None for all
    track: str | None = None  # the slug of one of the process's tracks
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query, tracks: list[Track] | None = None) -> "TimelineFilter":
        """`tracks`: those a reader may choose (see tracks_on); without them
        `track=` is left to the caller (the embed reads it on its own)."""
        choice = cls()
        kind, year = query.get("kind", "").strip(), query.get("year", "").strip()
        if kind in timeline.KINDS:
            choice.kind = kind
        elif kind:
            choice.problems.append(
                _("“%(value)s” is not a kind of entry; showing every kind.") % {"value": kind[:20]}
            )
        if year == UNDATED:
            choice.year = UNDATED
        elif year.isascii() and year.isdigit() and len(year) == 4:
            choice.year = int(year)
        elif year:
            choice.problems.append(
                _("“%(value)s” is not a year; showing every year.") % {"value": year[:20]}
            )
        track = query.get("track", "").strip() if tracks is not None else ""
        if track in {t.slug for t in tracks or ()}:
            choice.track = track
        elif track:
            choice.problems.append(
                _("“%(value)s” is not a track of this process; showing every track.")
                % {"value": track[:40]}
            )
        return choice

    def keeps_kind(self, entry: timeline.Entry) -> bool:
        return self.kind is None or entry.kind == self.kind

    def keeps_year(self, entry: timeline.Entry) -> bool:
        return self.year is None or (entry.year or UNDATED) == self.year

    def keeps_track(self, entry: timeline.Entry, track: str | None = None) -> bool:
        """A track keeps only its rounds (their track comes with them: no query)."""
        track = track or self.track
        return track is None or (
            entry.kind == timeline.ROUND
            and entry.record.track_id is not None
            and entry.record.track.slug == track
        )

    def apply(self, entries: list[timeline.Entry]) -> list[timeline.Entry]:
        return [
            e for e in entries if self.keeps_kind(e) and self.keeps_year(e) and self.keeps_track(e)
        ]

    def url(self, **changes) -> str:
        params = {"kind": self.kind, "year": self.year, "track": self.track, **changes}
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"?{query}" if query else "?"

    def kind_links(self, entries: list[timeline.Entry]) -> list[FilterLink]:
        """Every kind with its count among the entries of the chosen year and track."""
        in_year = [e for e in entries if self.keeps_year(e) and self.keeps_track(e)]
        links = [FilterLink(_("All kinds"), len(in_year), self.url(kind=None), self.kind is None)]
        for kind in timeline.KINDS:
            count = sum(1 for e in in_year if e.kind == kind)
            links.append(
                FilterLink(KIND_PLURALS[kind], count, self.url(kind=kind), self.kind == kind)
            )
        return links

    def year_links(self, entries: list[timeline.Entry]) -> list[FilterLink]:
        """Every year with its count among the entries of the chosen kind and track."""
        of_kind = [e for e in entries if self.keeps_kind(e) and self.keeps_track(e)]
        links = [FilterLink(_("All years"), len(of_kind), self.url(year=None), self.year is None)]
        for year, group in timeline.by_year(of_kind):
            value = year or UNDATED
            label = str(year) if year else _("Undated")
            links.append(FilterLink(label, len(group), self.url(year=value), self.year == value))
        return links

    def track_links(self, entries: list[timeline.Entry], tracks: list[Track]) -> list[FilterLink]:
        """Every track with its count among the entries of the chosen kind and year;
        none for a process without tracks."""
        if not tracks:
            return []
        chosen = [e for e in entries if self.keeps_kind(e) and self.keeps_year(e)]
        links = [FilterLink(_("All tracks"), len(chosen), self.url(track=None), self.track is None)]
        for track in tracks:
            count = sum(1 for e in chosen if self.keeps_track(e, track.slug))
            links.append(
                FilterLink(track.name, count, self.url(track=track.slug), self.track == track.slug)
            )
        return links


@dataclass
class YearGroup:
    year: int | None
    entries: list[timeline.Entry]
    today_before: bool = False  # today's marker comes before this year's heading
    today_at: int | None = None  # ... or before this entry of the year


def year_groups(entries: list[timeline.Entry], today: date | None) -> tuple[list[YearGroup], bool]:
    """Entries grouped by year, with today's marker between the past and the future
    when `today` is given. The flag says the marker comes after every entry."""
    groups = [YearGroup(year, group) for year, group in timeline.by_year(entries)]
    if today is None:
        return groups, False
    for group in groups:
        for index, entry in enumerate(group.entries):
            if entry.earliest is None or entry.earliest > today:
                if index == 0 and group.year != today.year:
                    group.today_before = True
                else:
                    group.today_at = index
                return groups, False
    return groups, True


def share_panel(request, process: Process, choice: TimelineFilter) -> dict:
    """The "Share / embed" panel: the page's address and the iframe snippet, both
    for the timeline as filtered now, and the oEmbed discovery address."""
    from .embed import embed_url, iframe_snippet, oembed_discovery_url  # embed uses this module

    query = {"kind": choice.kind, "year": choice.year, "track": choice.track}
    filtered = choice.url()
    page = process.get_absolute_url() + (filtered if filtered != "?" else "")
    return {
        "page_url": request.build_absolute_uri(page),
        "embed_url": embed_url(request, process, query),
        "snippet": iframe_snippet(request, process, query),
        "oembed_url": oembed_discovery_url(request, process),
    }


def process_timeline(request, slug: str):
    # Queries: 1 the process with its timeline version; on a cache miss 2-7 the
    # timeline (rounds with their tracks, events, resolutions, appointments with
    # their people, documents with their signatories; the tracks come with the rounds).
    # An editor's preview of a draft process shows its drafts too, and so is built
    # each time: the shared cache holds public timelines only.
    process, preview = visible_or_preview(
        request,
        with_timeline_version(Process.objects.select_related("superseded_by")),
        slug=slug,
    )
    if preview:
        return timeline_page(request, process, preview=True)
    # The rendered page, cached under the timeline's version (any edit gives a new
    # key), the language, the day (today's marker) and the filter: a repeated view
    # costs one query and no rendering, however long the process's history.
    key = page_cache_key(request, process)
    body = cache.get(key) if key else None
    if body is None:
        response = timeline_page(request, process, preview=False)
        if key and response.status_code == 200:
            cache.set(key, response.content, TIMELINE_CACHE_SECONDS)
    else:
        response = HttpResponse(body)
    return with_last_modified(response, process)


# The longest value of each filter worth a cache entry (a track's slug may be long).
CACHED_FILTERS = {"kind": 20, "year": 7, "track": 80}


def page_cache_key(request, process: Process) -> str | None:
    """None for a query the page does not understand (not worth a cache entry)."""
    if set(request.GET) - CACHED_FILTERS.keys() or any(
        len(values) > 1 or len(values[0]) > CACHED_FILTERS[name]
        for name, values in request.GET.lists()
    ):
        return None
    parts = (
        process.pk,
        translation.get_language(),
        timeline_version(process).key,
        timezone.localdate().isoformat(),
        request.get_host(),
        request.GET.urlencode(),
    )
    return "rounds:timeline-page:" + ":".join(str(part) for part in parts)


def with_last_modified(response, process: Process):
    # The page changes with its records, and daily with today's marker.
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    changed = max(timeline_version(process).changed, midnight)
    response["Last-Modified"] = http_date(changed.timestamp())
    return response


def tracks_on(entries: list[timeline.Entry]) -> list[Track]:
    """The tracks of the rounds on the timeline, in their order: they come with the
    rounds, so the filter costs no query (a track with no round shown has none)."""
    tracks = {e.record.track_id: e.record.track for e in entries if e.kind == timeline.ROUND}
    tracks.pop(None, None)
    return sorted(tracks.values(), key=lambda t: (t.order, t.pk))


def timeline_page(request, process: Process, *, preview: bool):
    entries = timeline.build(process, drafts=True) if preview else cached_timeline(process)
    tracks = tracks_on(entries)
    choice = TimelineFilter.from_query(request.GET, tracks)
    shown = choice.apply(entries)
    today = timezone.localdate()
    show_today = not process.is_over and choice.year in (None, today.year)
    groups, today_at_end = year_groups(shown, today if show_today else None)
    context = {
        "process": process,
        "groups": groups,
        "shown": len(shown),
        "choice": choice,
        "kind_links": choice.kind_links(entries),
        "year_links": choice.year_links(entries),
        "track_links": choice.track_links(entries, tracks),
        "show_today": show_today,
        "today": today,
        "today_at_end": today_at_end,
    }
    if not preview:
        context["share"] = share_panel(request, process, choice)
    status = 400 if choice.problems else 200
    return render_shown(request, "rounds/process.html", context, preview=preview, status=status)


@dataclass
class AgendaRow:
    round: Round
    cells: list[AgendaStatus | None]


@dataclass
class Matrix:
    """One table of the agenda page: a track's rounds (or all of them) against the
    items they discussed, with the furthest status of each item."""

    track: Track | None
    items: list[AgendaItem]
    rows: list[AgendaRow]
    furthest: list[tuple[str | None, str]]


FURTHEST = [  # an item's statuses from least to most advanced
    AgendaStatus.Status.NOT_DISCUSSED,
    AgendaStatus.Status.SCHEDULED,
    AgendaStatus.Status.DISCUSSED,
    AgendaStatus.Status.PROGRESS,
    AgendaStatus.Status.AGREED,
]


def matrix(track: Track | None, items: list[AgendaItem], rows: list[AgendaRow]) -> Matrix:
    furthest = [
        max(
            (row.cells[column].status for row in rows if row.cells[column]),
            key=FURTHEST.index,
            default=None,
        )
        for column in range(len(items))
    ]
    return Matrix(
        track, items, rows, [(s, AgendaStatus.Status(s).label if s else "") for s in furthest]
    )


def matrices(items: list[AgendaItem], rows: list[AgendaRow]) -> list[Matrix]:
    """One matrix, or where the recorded rounds belong to tracks, one per track
    (rounds without a track last), each with only the items its rounds discussed."""
    tracks: dict[int | None, Track | None] = {row.round.track_id: row.round.track for row in rows}
    if set(tracks) <= {None}:
        return [matrix(None, items, rows)]
    order = sorted(tracks, key=lambda pk: (pk is None, (tracks[pk].order, pk) if pk else 0))
    tables = []
    for pk in order:
        group = [row for row in rows if row.round.track_id == pk]
        columns = [i for i, _item in enumerate(items) if any(row.cells[i] for row in group)]
        tables.append(
            matrix(
                tracks[pk],
                [items[i] for i in columns],
                [AgendaRow(row.round, [row.cells[i] for i in columns]) for row in group],
            )
        )
    return tables


def agenda(request, slug: str):
    # Queries: 1 the process, 2 its agenda items, 3 its published main rounds with
    # their tracks, 4 the statuses of those rounds' items.
    process = get_object_or_404(
        Process.objects.published().select_related("superseded_by"), slug=slug
    )
    items = list(AgendaItem.objects.filter(process=process))
    rounds = list(
        Round.objects.published()
        .filter(process=process)
        .main()
        .chronological()
        .select_related("track")
    )
    statuses = AgendaStatus.objects.filter(round__in=[r.pk for r in rounds], item__in=items)
    by_cell = {(s.round_id, s.item_id): s for s in statuses}
    rows = [AgendaRow(r, [by_cell.get((r.pk, i.pk)) for i in items]) for r in rounds]
    recorded = [row for row in rows if any(row.cells)]
    context = {
        "process": process,
        "items": items,
        "rows": recorded,
        "matrices": matrices(items, recorded) if recorded else [],
        "unrecorded": len(rows) - len(recorded),
    }
    return render(request, "rounds/agenda.html", context)
