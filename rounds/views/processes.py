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
from ..models import AgendaItem, AgendaStatus, Process, Round
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
    """The kind and year a reader asked for, read leniently: a value that makes no
    sense is reported and dropped, never an error page."""

    kind: str | None = None
    year: int | str | None = None  # a year, UNDATED, or None for all
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query) -> "TimelineFilter":
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
        return choice

    def keeps_kind(self, entry: timeline.Entry) -> bool:
        return self.kind is None or entry.kind == self.kind

    def keeps_year(self, entry: timeline.Entry) -> bool:
        return self.year is None or (entry.year or UNDATED) == self.year

    def apply(self, entries: list[timeline.Entry]) -> list[timeline.Entry]:
        return [e for e in entries if self.keeps_kind(e) and self.keeps_year(e)]

    def url(self, **changes) -> str:
        params = {"kind": self.kind, "year": self.year, **changes}
        query = urlencode({k: v for k, v in params.items() if v is not None})
        return f"?{query}" if query else "?"

    def kind_links(self, entries: list[timeline.Entry]) -> list[FilterLink]:
        """Every kind with its count among the entries of the chosen year."""
        in_year = [e for e in entries if self.keeps_year(e)]
        links = [FilterLink(_("All kinds"), len(in_year), self.url(kind=None), self.kind is None)]
        for kind in timeline.KINDS:
            count = sum(1 for e in in_year if e.kind == kind)
            links.append(
                FilterLink(KIND_PLURALS[kind], count, self.url(kind=kind), self.kind == kind)
            )
        return links

    def year_links(self, entries: list[timeline.Entry]) -> list[FilterLink]:
        """Every year with its count among the entries of the chosen kind."""
        of_kind = [e for e in entries if self.keeps_kind(e)]
        links = [FilterLink(_("All years"), len(of_kind), self.url(year=None), self.year is None)]
        for year, group in timeline.by_year(of_kind):
            value = year or UNDATED
            label = str(year) if year else _("Undated")
            links.append(FilterLink(label, len(group), self.url(year=value), self.year == value))
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
    """The "Share / embed" panel: the page's address, the iframe snippet for the
    timeline as filtered now, and the oEmbed discovery address."""
    from .embed import embed_url, iframe_snippet, oembed_discovery_url  # embed uses this module

    query = {"kind": choice.kind, "year": choice.year}
    return {
        "page_url": request.build_absolute_uri(process.get_absolute_url()),
        "embed_url": embed_url(request, process, query),
        "snippet": iframe_snippet(request, process, query),
        "oembed_url": oembed_discovery_url(request, process),
    }


def process_timeline(request, slug: str):
    # Queries: 1 the process with its timeline version; on a cache miss 2-7 the
    # timeline (rounds, events, resolutions, appointments with their people,
    # documents with their signatories).
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


def page_cache_key(request, process: Process) -> str | None:
    """None for a query the page does not understand (not worth a cache entry)."""
    if set(request.GET) - {"kind", "year"} or len(request.GET.urlencode()) > 40:
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


def timeline_page(request, process: Process, *, preview: bool):
    entries = timeline.build(process, drafts=True) if preview else cached_timeline(process)
    choice = TimelineFilter.from_query(request.GET)
    shown = choice.apply(entries)
    today = timezone.localdate()
    show_today = not process.end and choice.year in (None, today.year)
    groups, today_at_end = year_groups(shown, today if show_today else None)
    context = {
        "process": process,
        "groups": groups,
        "shown": len(shown),
        "choice": choice,
        "kind_links": choice.kind_links(entries),
        "year_links": choice.year_links(entries),
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


FURTHEST = [  # an item's statuses from least to most advanced
    AgendaStatus.Status.NOT_DISCUSSED,
    AgendaStatus.Status.SCHEDULED,
    AgendaStatus.Status.DISCUSSED,
    AgendaStatus.Status.PROGRESS,
    AgendaStatus.Status.AGREED,
]


def agenda(request, slug: str):
    # Queries: 1 the process, 2 its agenda items, 3 its published main rounds,
    # 4 the statuses of those rounds' items.
    process = get_object_or_404(
        Process.objects.published().select_related("superseded_by"), slug=slug
    )
    items = list(AgendaItem.objects.filter(process=process))
    rounds = list(Round.objects.published().filter(process=process).main().chronological())
    statuses = AgendaStatus.objects.filter(round__in=[r.pk for r in rounds], item__in=items)
    by_cell = {(s.round_id, s.item_id): s for s in statuses}
    rows = [AgendaRow(r, [by_cell.get((r.pk, i.pk)) for i in items]) for r in rounds]
    recorded = [row for row in rows if any(row.cells)]
    furthest = [
        max(
            (row.cells[column].status for row in recorded if row.cells[column]),
            key=FURTHEST.index,
            default=None,
        )
        for column in range(len(items))
    ]
    context = {
        "process": process,
        "items": items,
        "rows": recorded,
        "unrecorded": len(rows) - len(recorded),
        "furthest": [(s, AgendaStatus.Status(s).label if s else "") for s in furthest],
    }
    return render(request, "rounds/agenda.html", context)
