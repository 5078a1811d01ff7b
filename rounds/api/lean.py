"""The hot public lists (rounds, resolutions, events) built from `.values()` rows.

An anonymous JSON read of these lists gets the same JSON as the serializers give
(tests/test_api_lean.py compares the two on the same data, in English and Arabic),
without a model instance or a DRF field per row: the page's rows come as dicts,
each nested list in one query for the whole page, grouped by id in Python. The
querysets are the viewsets' own, so filters, ordering and visibility are theirs.
Writes, detail views, CSV and callers who may see drafts use the serializers."""

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import F
from django.urls import reverse
from django.utils.duration import duration_string
from django.utils.translation import gettext as _
from modeltranslation.utils import get_language

from .. import fuzzydates
from ..models import (
    AgendaStatus,
    Appointment,
    Delegation,
    EventCitation,
    MemberVote,
    Party,
    Process,
    Resolution,
    ResolutionCitation,
    Round,
    RoundCitation,
    RoundEnvoy,
)

DEFAULT_LANGUAGE = "en"


def serves(request) -> bool:
    """A plain public read: anonymous, GET or HEAD, JSON."""
    renderer = getattr(request, "accepted_renderer", None)
    return (
        request.method in ("GET", "HEAD")
        and renderer is not None
        and renderer.format == "json"
        and not request.user.is_authenticated
    )


def languages() -> tuple[str, ...]:
    """modeltranslation's reading order: the active language, then English."""
    lang = get_language()
    return (lang,) if lang == DEFAULT_LANGUAGE else (lang, DEFAULT_LANGUAGE)


def columns(name: str, langs=None) -> list[str]:
    return [f"{name}_{lang}" for lang in langs or ("en", "ar")]


def text(row: dict, name: str, langs: tuple[str, ...]) -> str:
    """A translated field as modeltranslation reads it: the first non-empty value."""
    for lang in langs:
        value = row[f"{name}_{lang}"]
        if value is not None and value != "":
            return value
    return ""


def iso(value):
    return None if value is None else value.isoformat()


def values(queryset, *fields: str):
    """`.values()` without modeltranslation's pass over every row to apply its
    fallbacks (raw_values): this module reads both languages' columns itself."""
    return getattr(queryset, "raw_values", queryset.values)(*fields)


def grouped(rows, key: str) -> dict:
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


def linked(queryset, relation: str, ids: list, *fields: str) -> dict:
    """The rows of a many-to-many relation for these owners, grouped by owner, in
    the related model's own order (as a prefetch reads them)."""
    rows = values(queryset.annotate(_owner=F(relation)).filter(_owner__in=ids), "_owner", *fields)
    return grouped(rows, "_owner")


def visible_link(row: dict, name: str):
    """A linked id, null when the viewset marked the record hidden (hide_draft_links)."""
    if row.get(f"{name}_visible", True) is False:
        return None
    return row[f"{name}_id"]


def citations(model, owner: str, ids: list) -> dict:
    rows = values(
        model.objects.filter(**{f"{owner}_id__in": ids}),
        f"{owner}_id",
        "source_id",
        "source__publisher",
        "source__title",
        "source__url",
        "quote",
    )
    return {
        key: [
            {
                "source": c["source_id"],
                "publisher": c["source__publisher"],
                "title": c["source__title"],
                "url": c["source__url"],
                "quote": c["quote"],
            }
            for c in group
        ]
        for key, group in grouped(rows, f"{owner}_id").items()
    }


def link_columns(queryset, *names: str) -> list[str]:
    return [f"{name}_visible" for name in names if f"{name}_visible" in queryset.query.annotations]


# Events ---------------------------------------------------------------------------

EVENT_COLUMNS = [
    "id",
    "process__slug",
    "kind",
    *columns("title"),
    *columns("description"),
    "date",
    "date_earliest",
    "date_latest",
    "duration",
    *columns("place"),
    "round_id",
    "resolution_id",
    "person_id",
    "publication",
    "version",
]


def events(view, queryset, paginate) -> list[dict]:
    links = link_columns(queryset, "round", "resolution")
    rows = paginate(values(queryset, *EVENT_COLUMNS, *links))
    sources = citations(EventCitation, "event", [row["id"] for row in rows])
    langs = languages()
    return [
        {
            "id": row["id"],
            "process": row["process__slug"],
            "kind": row["kind"],
            "title": text(row, "title", langs),
            "description": text(row, "description", langs),
            "date": row["date"],
            "date_earliest": iso(row["date_earliest"]),
            "date_latest": iso(row["date_latest"]),
            "dates": fuzzydates.natural(row["date"]),
            "duration": None if row["duration"] is None else duration_string(row["duration"]),
            "place": text(row, "place", langs),
            "round": visible_link(row, "round"),
            "resolution": visible_link(row, "resolution"),
            "person": row["person_id"],
            "sources": sources.get(row["id"], []),
            "publication": row["publication"],
            "version": row["version"],
        }
        for row in rows
    ]


# Resolutions ----------------------------------------------------------------------

RESOLUTION_COLUMNS = [
    "id",
    "symbol",
    "body",
    "number",
    "year",
    "adopted_on",
    "status",
    "meeting_number",
    "votes_for",
    "votes_against",
    "abstentions",
    *columns("subject"),
    "document_url",
    "publication",
    "version",
]


def resolutions(view, queryset, paginate) -> list[dict]:
    rows = paginate(values(queryset, *RESOLUTION_COLUMNS))
    ids = [row["id"] for row in rows]
    langs = languages()
    names = columns("name")
    vetoes = linked(Party.objects.all(), "vetoes__id", ids, "id", *names)
    votes = grouped(
        values(
            MemberVote.objects.filter(resolution_id__in=ids),
            "resolution_id",
            "member_id",
            "vote",
            *columns("member__name"),
        ),
        "resolution_id",
    )
    processes = linked(view.visible(Process), "resolutions__id", ids, "slug")
    sources = citations(ResolutionCitation, "resolution", ids)
    return [
        {
            "id": row["id"],
            "symbol": row["symbol"],
            "body": row["body"],
            "number": row["number"],
            "year": row["year"],
            "adopted_on": iso(row["adopted_on"]),
            "status": row["status"],
            "meeting_number": row["meeting_number"],
            "votes_for": row["votes_for"],
            "votes_against": row["votes_against"],
            "abstentions": row["abstentions"],
            "vetoed_by": [
                {"id": p["id"], "name": text(p, "name", langs)} for p in vetoes.get(row["id"], [])
            ],
            "member_votes": [
                {
                    "member": {"id": v["member_id"], "name": text(v, "member__name", langs)},
                    "vote": v["vote"],
                }
                for v in votes.get(row["id"], [])
            ],
            "subject": text(row, "subject", langs),
            "document_url": row["document_url"] or None,
            "processes": [p["slug"] for p in processes.get(row["id"], [])],
            "sources": sources.get(row["id"], []),
            "publication": row["publication"],
            "version": row["version"],
        }
        for row in rows
    ]


# Rounds ---------------------------------------------------------------------------

ROUND_COLUMNS = [
    "id",
    "process_id",
    "process__slug",
    *columns("process__name"),
    "track_id",
    "parent_id",
    "number",
    *columns("label"),
    "kind",
    "status",
    "format",
    "start",
    "end",
    "start_earliest",
    "start_latest",
    "end_earliest",
    "end_latest",
    "announced_start",
    "announced_end",
    "announced_start_earliest",
    "announced_start_latest",
    "announced_end_latest",
    "delegations_arrive_on",
    *columns("city"),
    *columns("venue"),
    *columns("summary"),
    *columns("outcome"),
    "publication",
    "version",
]


def round_dates(row: dict) -> str:
    """Round.dates, read from a row."""
    return Round.dates.fget(SimpleNamespace(Status=Round.Status, **row))


def round_warnings(view, rows: list[dict], envoys: dict, langs) -> dict:
    """Round.envoy_warnings() for each round of the page, from two queries: the
    envoys' terms the caller may see, and the processes of those terms."""
    people = {e["person_id"] for group in envoys.values() for e in group}
    if not people:
        return {}
    terms = grouped(
        values(
            view.visible(Appointment).filter(person_id__in=people),
            *("id", "person_id", "start_earliest", "appointed_on", "end", "end_latest"),
        ),
        "person_id",
    )
    term_ids = [t["id"] for group in terms.values() for t in group]
    served = defaultdict(set)
    links = Appointment.processes.through.objects.filter(appointment_id__in=term_ids)
    for link in links.values("appointment_id", "process_id"):
        served[link["appointment_id"]].add(link["process_id"])
    warnings = {}
    for row in rows:
        earliest = row["start_earliest"] or row["announced_start_earliest"]
        if row["start"]:
            latest = row["end_latest"] or row["start_latest"]
        else:
            latest = row["announced_end_latest"] or row["announced_start_latest"]
        if earliest is None or latest is None:
            continue
        found = []
        for envoy in envoys.get(row["id"], []):
            held = [
                SimpleNamespace(**t)
                for t in terms.get(envoy["person_id"], [])
                if row["process_id"] in served[t["id"]]
            ]
            if held and not any(
                Appointment.in_office_during(t, earliest, latest) is not False for t in held
            ):
                found.append(
                    _(
                        "%(person)s was not in office as envoy for %(process)s on the "
                        "round's dates (%(dates)s)."
                    )
                    % {
                        "person": text(envoy, "person__name", langs),
                        "process": text(row, "process__name", langs),
                        "dates": round_dates(row),
                    }
                )
        warnings[row["id"]] = found
    return warnings


def rounds(view, queryset, paginate) -> list[dict]:
    rows = paginate(values(queryset, *ROUND_COLUMNS))
    ids = [row["id"] for row in rows]
    langs = languages()
    envoys = grouped(
        values(
            RoundEnvoy.objects.filter(round_id__in=ids),
            "round_id",
            "person_id",
            "role",
            *columns("person__name"),
        ),
        "round_id",
    )
    agenda = grouped(
        values(
            AgendaStatus.objects.filter(round_id__in=ids),
            "round_id",
            "item_id",
            "status",
            *columns("item__title"),
            *columns("note"),
        ),
        "round_id",
    )
    symbols = linked(view.visible(Resolution), "rounds__id", ids, "symbol")
    delegations = grouped(
        values(
            Delegation.objects.filter(round_id__in=ids),
            "round_id",
            "party_id",
            *columns("party__name"),
            "capacity",
            "on_behalf_of_id",
            "head_id",
            *columns("head__name"),
            *columns("note"),
        ),
        "round_id",
    )
    sources = citations(RoundCitation, "round", ids)
    warnings = round_warnings(view, rows, envoys, langs)
    build_uri = view.request.build_absolute_uri
    return [
        {
            "id": row["id"],
            "url": build_uri(reverse("rounds:round", args=[row["id"]])),
            "process": row["process__slug"],
            "track": row["track_id"],
            "parent": row["parent_id"],
            "number": row["number"],
            "label": text(row, "label", langs),
            "kind": row["kind"],
            "status": row["status"],
            "format": row["format"],
            "start": row["start"],
            "end": row["end"],
            "start_earliest": iso(row["start_earliest"]),
            "end_latest": iso(row["end_latest"]),
            "announced_start": row["announced_start"],
            "announced_end": row["announced_end"],
            "dates": round_dates(row),
            "delegations_arrive_on": iso(row["delegations_arrive_on"]),
            "city": text(row, "city", langs),
            "venue": text(row, "venue", langs),
            "summary": text(row, "summary", langs),
            "outcome": text(row, "outcome", langs),
            "envoys": [
                {
                    "id": e["person_id"],
                    "name": text(e, "person__name", langs),
                    "role": e["role"],
                }
                for e in envoys.get(row["id"], [])
            ],
            "agenda": [
                {
                    "item": a["item_id"],
                    "title": text(a, "item__title", langs),
                    "status": a["status"],
                    "note": text(a, "note", langs),
                }
                for a in agenda.get(row["id"], [])
            ],
            "resolutions": [r["symbol"] for r in symbols.get(row["id"], [])],
            "delegations": [
                {
                    "party": d["party_id"],
                    "party_name": text(d, "party__name", langs),
                    "capacity": d["capacity"],
                    "on_behalf_of": d["on_behalf_of_id"],
                    "head": d["head_id"],
                    "head_name": text(d, "head__name", langs) if d["head_id"] else None,
                    "note": text(d, "note", langs),
                }
                for d in delegations.get(row["id"], [])
            ],
            "sources": sources.get(row["id"], []),
            "warnings": warnings.get(row["id"], []),
            "publication": row["publication"],
            "version": row["version"],
        }
        for row in rows
    ]
