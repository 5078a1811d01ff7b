"""Process pages: the home page, a process's timeline and its agenda matrix."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import formats, timezone, translation
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
ALL = "all"  # every year, where a long timeline would show a window of them
# A timeline longer than this shows a window of years unless the reader chooses
# (all of the demo is shorter): the years up to today (or up to the end of an ended
# process), going back until they hold at least WINDOW_SHOWN entries.
WINDOW_ENTRIES = 400
WINDOW_SHOWN = 100


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
    year: int | str | None = None  # a year, UNDATED, ALL, or None for all (or the window)
    track: str | None = None  # the slug of one of the process's tracks
    problems: list[str] = field(default_factory=list)
    long: bool = False  # a timeline shown a window of years at a time
    window: tuple[int, int] | None = None  # the years shown when none was chosen
    track_ids: dict[str, int] = field(default_factory=dict)  # the tracks' ids by slug

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
        if year in (UNDATED, ALL):
            choice.year = year
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

    def keeps(self, key: tuple[str, int | None, int | None], **changes) -> bool:
        """Whether an entry of this (kind, year, track id) is chosen; `changes`
        swaps a criterion, or lifts it with None."""
        kind, year, track = key
        want = {"kind": self.kind, "year": self.year, "track": self.track, **changes}
        if want["kind"] is not None and kind != want["kind"]:
            return False
        if want["track"] is not None and self.track_ids.get(want["track"]) != track:
            return False
        if want["year"] is None and self.window and "year" not in changes:
            return year is not None and self.window[0] <= year <= self.window[1]
        return want["year"] in (None, ALL) or (year or UNDATED) == want["year"]

    def track_of(self, entry: timeline.Entry) -> int | None:
        return entry.record.track_id if entry.kind == timeline.ROUND else None

    def apply(self, entries: list[timeline.Entry]) -> list[timeline.Entry]:
        return [e for e in entries if self.keeps((e.kind, e.year, self.track_of(e)))]

    def url(self, **changes) -> str:
        params = {"kind": self.kind, "year": self.year, "track": self.track, **changes}
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"?{query}" if query else "?"

    def count(self, tally: timeline.Tally, **changes) -> int:
        return sum(n for key, n in tally.items() if self.keeps(key, **changes))

    def kind_links(self, tally: timeline.Tally) -> list[FilterLink]:
        """Every kind with its count among the entries of the chosen year and track."""
        links = [
            FilterLink(
                _("All kinds"), self.count(tally, kind=None), self.url(kind=None), self.kind is None
            )
        ]
        for kind in timeline.KINDS:
            count = self.count(tally, kind=kind)
            links.append(
                FilterLink(KIND_PLURALS[kind], count, self.url(kind=kind), self.kind == kind)
            )
        return links

    def year_counts(self, tally: timeline.Tally) -> dict[int | None, int]:
        """The entries of the chosen kind and track by year, undated last."""
        years = Counter()
        for key, n in tally.items():
            if self.keeps(key, year=ALL):
                years[key[1]] += n
        return dict(sorted(years.items(), key=lambda item: (item[0] is None, item[0] or 0)))

    def year_links(self, tally: timeline.Tally) -> list[FilterLink]:
        """Every year with its count among the entries of the chosen kind and track;
        "All years" is ?year=all where no year means a window of them."""
        years = self.year_counts(tally)
        every = ALL if self.long else None
        chosen = self.year == ALL or (self.year is None and not self.window)
        links = [FilterLink(_("All years"), sum(years.values()), self.url(year=every), chosen)]
        for year, count in years.items():
            value = year or UNDATED
            label = str(year) if year else _("Undated")
            links.append(FilterLink(label, count, self.url(year=value), self.year == value))
        return links

    def track_links(self, tally: timeline.Tally, tracks: list[Track]) -> list[FilterLink]:
        """Every track with its count among the entries of the chosen kind and year;
        none for a process without tracks."""
        if not tracks:
            return []
        links = [
            FilterLink(
                _("All tracks"),
                self.count(tally, track=None),
                self.url(track=None),
                self.track is None,
            )
        ]
        for track in tracks:
            count = self.count(tally, track=track.slug)
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


def may_be_long(process: Process) -> bool:
    """More records than WINDOW_ENTRIES in the timeline version's counts (drafts and
    side sessions included): only then is the timeline counted before it is built."""
    counts = ("round_count", "event_count", "resolution_count", "appointment_count")
    total = sum(getattr(process, name, 0) or 0 for name in (*counts, "document_count"))
    return total > WINDOW_ENTRIES


def window_years(years: dict[int | None, int], today: date, ended: bool) -> tuple[int, int] | None:
    """The years a long timeline shows when the reader chose none: from the current
    year (an ended process: its last year) back until they hold WINDOW_SHOWN
    entries, and every later year; None without a dated entry."""
    dated = sorted(year for year in years if year)
    if not dated:
        return None
    first = dated[-1] if ended else today.year
    last = max(first, dated[-1])
    shown = sum(n for year, n in years.items() if year and year >= first)
    while shown < WINDOW_SHOWN and first > dated[0]:
        first -= 1
        shown += years.get(first, 0)
    return first, last


def long_timeline(request, process: Process) -> tuple[list, timeline.Tally, list, TimelineFilter]:
    """A long timeline without building all of it: its tally (one query per kind),
    its tracks (one), then only the entries of the year asked for, or of the window
    of years when none was: the page's cost does not grow with the history."""
    tally = timeline.tally(process)
    track_ids = {track for _kind, _year, track in tally} - {None}
    tracks = list(Track.objects.filter(pk__in=track_ids).order_by("order", "pk"))
    choice = TimelineFilter.from_query(request.GET, tracks)
    choice.track_ids = {t.slug: t.pk for t in tracks}
    choice.long = sum(tally.values()) > WINDOW_ENTRIES
    if not choice.long or choice.year == ALL:
        return cached_timeline(process), tally, tracks, choice
    if choice.year is None:
        ended = process.is_over
        choice.window = window_years(choice.year_counts(tally), timezone.localdate(), ended)
        if choice.window is None:
            return cached_timeline(process), tally, tracks, choice
        first, last = choice.window
        between = (date(first, 1, 1), date(last, 12, 31))
        return timeline.build(process, between=between), tally, tracks, choice
    if choice.year == UNDATED:
        return timeline.build(process, undated=True), tally, tracks, choice
    between = (date(choice.year, 1, 1), date(choice.year, 12, 31))
    return timeline.build(process, between=between), tally, tracks, choice


def window_note(choice: TimelineFilter, tally: timeline.Tally) -> dict | None:
    if choice.window is None:
        return None
    first, last = choice.window
    total = sum(tally.values())
    return {
        "total": total,
        "total_text": formats.number_format(total, force_grouping=True),
        "years": f"{first}–{last}" if first != last else str(first),
        "every_year_url": choice.url(year=ALL),
    }


def timeline_page(request, process: Process, *, preview: bool):
    if not preview and may_be_long(process):
        entries, tally, tracks, choice = long_timeline(request, process)
    else:
        entries = timeline.build(process, drafts=True) if preview else cached_timeline(process)
        tracks = tracks_on(entries)
        tally = timeline.tally_of(entries)
        choice = TimelineFilter.from_query(request.GET, tracks)
        choice.track_ids = {t.slug: t.pk for t in tracks}
    shown = choice.apply(entries)
    today = timezone.localdate()
    show_today = not process.is_over and (
        choice.year in (None, ALL, today.year)
        and (not choice.window or choice.window[0] <= today.year <= choice.window[1])
    )
    groups, today_at_end = year_groups(shown, today if show_today else None)
    context = {
        "process": process,
        "groups": groups,
        "shown": len(shown),
        "choice": choice,
        "window": window_note(choice, tally),
        "kind_links": choice.kind_links(tally),
        "year_links": choice.year_links(tally),
        "track_links": choice.track_links(tally, tracks),
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
