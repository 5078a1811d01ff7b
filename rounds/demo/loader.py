"""Load the demo dataset (syria.json) into the database.

Every record is found by a natural key (see the data file's "notes"), given the
values the file lists, validated with `full_clean()` like an admin form, and saved
only when a value differs. A second run therefore creates and changes nothing, and
`updated_at` stays put. The file owns the fields it describes; rows and links it
does not mention (an editor's additions) are left alone."""

import json
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.dateparse import parse_date, parse_duration

from .. import votes
from ..models import (
    AgendaItem,
    AgendaStatus,
    Appointment,
    AppointmentCitation,
    AppointmentOrganisation,
    Delegation,
    Document,
    DocumentCitation,
    Event,
    EventCitation,
    MemberVote,
    Party,
    Person,
    Process,
    Resolution,
    ResolutionCitation,
    Round,
    RoundCitation,
    RoundEnvoy,
    RoundResolution,
    Signature,
    Source,
    Track,
    Veto,
)

DATA_FILE = Path(__file__).with_name("syria.json")
FORMAT_VERSION = 1
OUTCOMES = ("created", "updated", "unchanged")

Counts = dict[str, dict[str, int]]


def load_demo(path: Path | None = None) -> Counts:
    """Load the demo data in one transaction; return per-model counts of rows
    created, updated and unchanged."""
    data = json.loads((path or DATA_FILE).read_text(encoding="utf-8"))
    if data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"Expected format_version {FORMAT_VERSION} in {path or DATA_FILE}.")
    loader = DemoLoader(data.get("defaults", {}))
    # The untranslated field names resolve to the active language: keep it English so
    # `name` and friends hold the English text, as the admin would write them.
    with translation.override("en"), transaction.atomic():
        loader.load(data)
    return dict(loader.counts)


def summarise(counts: Counts) -> str:
    """One line: totals, then the models with rows created or updated."""
    totals = {outcome: sum(c[outcome] for c in counts.values()) for outcome in OUTCOMES}
    text = ", ".join(f"{totals[outcome]} {outcome}" for outcome in OUTCOMES)
    changed = [
        f"{model} +{c['created']}/~{c['updated']}"
        for model, c in sorted(counts.items())
        if c["created"] or c["updated"]
    ]
    return f"Demo data: {text}" + (f" ({', '.join(changed)})." if changed else ".")


def translated(record: dict, *fields: str) -> dict[str, Any]:
    """`<field>_en` and `<field>_ar` values; a missing Arabic text is stored as NULL
    (no translation), which also keeps unique Arabic columns free of clashes."""
    values = {}
    for field in fields:
        values[f"{field}_en"] = record.get(f"{field}_en", "")
        values[f"{field}_ar"] = record.get(f"{field}_ar") or None
    return values


def to_date(value: str | None) -> date | None:
    if not value:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"Not an ISO date: {value!r}")
    return parsed


def to_duration(value: str | int | float | None) -> timedelta | None:
    if value in (None, ""):
        return None
    if isinstance(value, int | float):
        return timedelta(seconds=value)
    parsed = parse_duration(value)
    if parsed is None:
        raise ValueError(f"Not a duration (HH:MM:SS or seconds): {value!r}")
    return parsed


def field_state(obj: models.Model) -> dict[str, Any]:
    return {f.attname: f.value_from_object(obj) for f in obj._meta.concrete_fields}


class DemoLoader:
    def __init__(self, defaults: dict):
        self.publication = defaults.get("publication", "published")
        self.counts: Counts = defaultdict(lambda: dict.fromkeys(OUTCOMES, 0))
        self.sources: dict[str, Source] = {}
        self.parties: dict[str, Party] = {}
        self.people: dict[str, Person] = {}
        self.processes: dict[str, Process] = {}
        self.agenda_items: dict[tuple[str, int], AgendaItem] = {}
        self.tracks: dict[tuple[str, str], Track] = {}
        self.rounds: dict[tuple[str, str], Round] = {}
        self.resolutions: dict[str, Resolution] = {}

    def load(self, data: dict) -> None:
        for record in data.get("sources", []):
            self.load_source(record)
        for record in data.get("parties", []):
            self.load_party(record)
        for record in data.get("people", []):
            self.load_person(record)
        # A process superseded by another is loaded after it (it names it).
        processes = sorted(data.get("processes", []), key=lambda p: bool(p.get("superseded_by")))
        for record in processes:
            self.load_process(record)
        for record in data.get("resolutions", []):
            self.load_resolution(record)
        # Main rounds first, so that side sessions find their parent.
        rounds = sorted(data.get("rounds", []), key=lambda r: bool(r.get("parent")))
        for record in rounds:
            self.load_round(record)
        for record in data.get("appointments", []):
            self.load_appointment(record)
        for record in data.get("documents", []):
            self.load_document(record)
        for record in data.get("events", []):
            self.load_event(record)

    def sync(self, model: type[models.Model], lookup: dict, values: dict | None = None):
        """Get or create the row matching `lookup`, give it `values`, validate it,
        and save it only if it is new or a value changed."""
        try:
            obj = model.objects.get(**lookup)
            before = field_state(obj)
        except model.DoesNotExist:
            obj, before = model(**lookup), None
        for name, value in (values or {}).items():
            setattr(obj, name, value)
        obj.full_clean()
        if before is not None and field_state(obj) == before:
            outcome = "unchanged"
        else:
            obj.save()
            outcome = "created" if before is None else "updated"
        self.counts[model._meta.object_name][outcome] += 1
        return obj

    def cite(self, model: type[models.Model], owner_field: str, owner, refs: list) -> None:
        """Citations: each a source key, or {"source": key, "quote": "..."}."""
        for ref in refs:
            key, quote = (
                (ref, "") if isinstance(ref, str) else (ref["source"], ref.get("quote", ""))
            )
            self.sync(model, {owner_field: owner, "source": self.sources[key]}, {"quote": quote})

    def round_of(self, process_slug: str, label: str | None) -> Round | None:
        return self.rounds[(process_slug, label)] if label else None

    def load_source(self, record: dict) -> None:
        self.sources[record["key"]] = self.sync(
            Source,
            {"url": record["url"]},
            {
                "publisher": record["publisher"],
                "title": record.get("title", ""),
                "language": record.get("language", "en"),
                "published_on": to_date(record.get("published_on")),
                "archived_url": record.get("archived_url", ""),
            },
        )

    def load_party(self, record: dict) -> None:
        values = translated(record, "name", "short_name")
        lookup = {"name_en": values.pop("name_en")}
        values.update(kind=record["kind"], wikidata_id=record.get("wikidata_id", ""))
        self.parties[record["key"]] = self.sync(Party, lookup, values)

    def load_person(self, record: dict) -> None:
        values = translated(record, "name", "nationality")
        lookup = {"name_en": values.pop("name_en")}
        values["wikidata_id"] = record.get("wikidata_id", "")
        self.people[record["key"]] = self.sync(Person, lookup, values)

    def load_process(self, record: dict) -> None:
        slug = record["slug"]
        process = self.sync(
            Process,
            {"slug": slug},
            {
                **translated(record, "name", "conflict", "convener", "description", "state_note"),
                "start": record.get("start", ""),
                "end": record.get("end", ""),
                "state": record.get("state", Process.State.ACTIVE),
                "superseded_by": self.processes.get(record.get("superseded_by") or ""),
                "recorded_up_to": to_date(record.get("recorded_up_to")),
                "wikidata_id": record.get("wikidata_id", ""),
                "publication": record.get("publication", self.publication),
            },
        )
        self.processes[slug] = process
        for item in record.get("agenda", []):
            self.agenda_items[(slug, item["order"])] = self.sync(
                AgendaItem,
                {"process": process, "order": item["order"]},
                translated(item, "title", "description"),
            )
        for track in record.get("tracks", []):
            self.tracks[(slug, track["slug"])] = self.sync(
                Track,
                {"process": process, "slug": track["slug"]},
                {**translated(track, "name"), "order": track.get("order", 0)},
            )

    def load_resolution(self, record: dict) -> None:
        symbol = record.get("symbol")
        key = {"body": record["body"], "status": record["status"]}
        adopted_on = to_date(record.get("adopted_on"))
        if symbol:
            lookup, values = {"symbol": symbol}, {**key, "adopted_on": adopted_on}
        else:
            # A draft without a symbol is known by its body and the day of the vote.
            lookup, values = {**key, "adopted_on": adopted_on, "symbol": None}, {}
        votes_for, votes_against, abstentions = record.get("votes") or (None, None, None)
        values.update(
            translated(record, "subject"),
            meeting_number=record.get("meeting_number"),
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            document_url=record.get("document_url", ""),
            publication=record.get("publication", self.publication),
        )
        resolution = self.sync(Resolution, lookup, values)
        if symbol:
            self.resolutions[symbol] = resolution
        for party in record.get("vetoed_by", []):
            self.sync(Veto, {"resolution": resolution, "party": self.parties[party]})
        self.load_member_votes(resolution, record)
        for slug in record.get("processes", []):
            self.sync(
                Resolution.processes.through,
                {"resolution": resolution, "process": self.processes[slug]},
            )
        self.cite(ResolutionCitation, "resolution", resolution, record.get("sources", []))

    def load_member_votes(self, resolution: Resolution, record: dict) -> None:
        """The members named as voting each way ({"against": [party keys], ...}),
        checked against the tallies and vetoes like an admin's inline."""
        rows = [
            (self.parties[party], vote)
            for vote, parties in record.get("member_votes", {}).items()
            for party in parties
        ]
        vetoing = [self.parties[party] for party in record.get("vetoed_by", [])]
        errors = votes.vote_errors(resolution, rows, vetoing)
        if errors:
            raise ValidationError(errors)
        for member, vote in rows:
            self.sync(MemberVote, {"resolution": resolution, "member": member}, {"vote": vote})

    def load_round(self, record: dict) -> None:
        slug = record["process"]
        values = translated(record, "label", "city", "venue", "summary", "outcome")
        lookup = {"process": self.processes[slug], "label_en": values.pop("label_en")}
        values.update(
            parent=self.round_of(slug, record.get("parent")),
            track=self.tracks[(slug, record["track"])] if record.get("track") else None,
            number=record.get("number"),
            status=record["status"],
            format=record.get("format", ""),
            start=record.get("start", ""),
            end=record.get("end", ""),
            announced_start=record.get("announced_start", ""),
            announced_end=record.get("announced_end", ""),
            delegations_arrive_on=to_date(record.get("delegations_arrive_on")),
            publication=record.get("publication", self.publication),
        )
        round_ = self.sync(Round, lookup, values)
        self.rounds[(slug, lookup["label_en"])] = round_
        for envoy in record.get("envoys", []):
            self.sync(
                RoundEnvoy,
                {"round": round_, "person": self.people[envoy["person"]]},
                {"role": envoy.get("role", "")},
            )
        for delegation in record.get("delegations", []):
            self.load_delegation(round_, delegation)
        for status in record.get("agenda", []):
            self.sync(
                AgendaStatus,
                {"round": round_, "item": self.agenda_items[(slug, status["item"])]},
                {"status": status["status"], **translated(status, "note")},
            )
        for symbol in record.get("resolutions", []):
            self.sync(RoundResolution, {"round": round_, "resolution": self.resolutions[symbol]})
        self.cite(RoundCitation, "round", round_, record.get("sources", []))

    def load_delegation(self, round_: Round, record: dict) -> None:
        on_behalf_of, head = record.get("on_behalf_of"), record.get("head")
        self.sync(
            Delegation,
            {"round": round_, "party": self.parties[record["party"]]},
            {
                "capacity": record["capacity"],
                "on_behalf_of": self.parties[on_behalf_of] if on_behalf_of else None,
                "head": self.people[head] if head else None,
                **translated(record, "note"),
            },
        )

    def load_appointment(self, record: dict) -> None:
        processes = [self.processes[slug] for slug in record["processes"]]
        appointment = self.sync(
            Appointment,
            {"person": self.people[record["person"]], "role_en": record["role_en"]},
            {
                **translated(record, "role", "note"),
                "appointed_on": to_date(record.get("appointed_on")),
                "start": record.get("start", ""),
                "end": record.get("end", ""),
                "publication": record.get("publication", self.publication),
            },
        )
        missing = set(processes) - set(appointment.processes.all())
        if missing:  # add() would record a change in the history even when empty
            appointment.processes.add(*missing)
        for party in record.get("organisations", []):
            self.sync(
                AppointmentOrganisation,
                {"appointment": appointment, "organisation": self.parties[party]},
            )
        self.cite(AppointmentCitation, "appointment", appointment, record.get("sources", []))

    def load_document(self, record: dict) -> None:
        slug = record["process"]
        values = translated(record, "title", "summary")
        lookup = {"process": self.processes[slug], "title_en": values.pop("title_en")}
        values.update(
            round=self.round_of(slug, record.get("round")),
            kind=record["kind"],
            date=record.get("date", ""),
            url=record.get("url", ""),
            pax_id=record.get("pax_id", ""),
            ucdp_id=record.get("ucdp_id", ""),
            publication=record.get("publication", self.publication),
        )
        document = self.sync(Document, lookup, values)
        for party in record.get("signatories", []):
            self.sync(Signature, {"document": document, "party": self.parties[party]})
        self.cite(DocumentCitation, "document", document, record.get("sources", []))

    def load_event(self, record: dict) -> None:
        slug = record["process"]
        values = translated(record, "title", "description", "place")
        lookup = {"process": self.processes[slug], "title_en": values.pop("title_en")}
        resolution, person = record.get("resolution"), record.get("person")
        values.update(
            kind=record["kind"],
            date=record["date"],
            duration=to_duration(record.get("duration")),
            round=self.round_of(slug, record.get("round")),
            resolution=self.resolutions[resolution] if resolution else None,
            person=self.people[person] if person else None,
            publication=record.get("publication", self.publication),
        )
        event = self.sync(Event, lookup, values)
        self.cite(EventCitation, "event", event, record.get("sources", []))
