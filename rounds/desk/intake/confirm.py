"""The editor's confirm: the chosen proposals become draft records (or updates of
the records they matched), each citing the story with its sentence, all in one
transaction. A record changed by someone since the proposal was made is not
overwritten: the confirm is refused, saying what changed."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_duration

from ...editing import changes_since
from ...models import (
    AgendaStatus,
    Delegation,
    Event,
    EventCitation,
    Publication,
    Resolution,
    ResolutionCitation,
    Round,
    RoundCitation,
    RoundEnvoy,
    RoundResolution,
    Source,
)

MODELS = {"round": Round, "event": Event, "resolution": Resolution}
ROUND_FIELDS = {
    "number", "label_en", "label_ar", "status", "start", "end", "announced_start",
    "announced_end", "delegations_arrive_on", "city_en", "city_ar", "venue_en", "venue_ar",
}  # fmt: skip
EVENT_FIELDS = {"kind", "date", "duration", "title_en", "title_ar", "place_en", "place_ar"}
RESOLUTION_FIELDS = {"body", "status", "number", "subject_en"}


class ConfirmRefused(Exception):
    """Nothing was stored: `messages` say why (one per proposal at fault)."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__(" ".join(messages))


@dataclass
class Stored:
    record: object
    action: str  # created, updated, cited
    proposal: str


def source_for(fields: dict) -> Source:
    """The story's source: the one already recorded with this URL, or a new one."""
    url = (fields.get("url") or "").strip()
    existing = Source.objects.filter(url=url).first() if url else None
    if existing is not None:
        return existing
    source = Source(
        publisher=(fields.get("publisher") or "").strip(),
        title=(fields.get("title") or "").strip(),
        url=url,
        language=(fields.get("language") or "en").strip(),
        published_on=fields.get("published_on"),
    )
    try:
        source.full_clean()
    except ValidationError as error:
        raise ConfirmRefused(
            [f"Source {name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
        ) from None
    source.save()
    return source


def confirm(
    proposals: list[dict], chosen: list[str], *, process, source: dict, user, reason: str = ""
) -> list[Stored]:
    """Store the chosen proposals (dicts as Proposal.as_json() gives, values possibly
    edited). All or nothing: ConfirmRefused says what stopped it."""
    # In the proposals' order: a delegation comes after the round it joins.
    picked = [p for p in proposals if p["id"] in chosen and p["action"] != "note"]
    if not picked:
        raise ConfirmRefused(["Tick at least one proposal to confirm."])
    with transaction.atomic():
        story_source = source_for(source)
        writer = _Writer(process, story_source, user, reason, source.get("published_on"))
        stored = []
        errors = []
        for proposal in picked:
            try:
                stored.append(writer.write(proposal))
            except ConfirmRefused as error:
                errors += [f"{proposal['summary']}: {m}" for m in error.messages]
            except ValidationError as error:
                errors += [f"{proposal['summary']}: {m}" for m in _messages(error)]
        if errors:
            transaction.set_rollback(True)
            raise ConfirmRefused(errors)
    return stored


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
    return list(error.messages)


class _Writer:
    def __init__(self, process, source, user, reason, published_on):
        self.process = process
        self.source = source
        self.user = user
        self.reason = reason.strip()
        self.published_on = published_on
        self.created = {}  # proposal id -> record (a side session's new parent)

    def write(self, proposal: dict) -> Stored:
        if proposal["kind"] == "delegation":
            return self._delegation(proposal)
        model = MODELS[proposal["kind"]]
        record = self._load(model, proposal)
        action = "created" if record.pk is None else "updated"
        values = proposal.get("values") or {}
        fields = {"round": ROUND_FIELDS, "event": EVENT_FIELDS, "resolution": RESOLUTION_FIELDS}
        for name, value in values.items():
            if name in fields[proposal["kind"]]:
                setattr(record, name, _value(model, name, value))
        if proposal["kind"] == "round" and values.get("parent"):
            parent = values["parent"]
            record.parent = (
                self.created.get(parent.get("proposal"))
                if parent.get("proposal")
                else Round.objects.filter(pk=parent.get("id")).first()
            )
        if action == "updated" and not values:
            action = "cited"
        record._history_user = self.user
        record._change_reason = f"From a story: {self.source}"
        if action != "cited":
            if action == "updated" and self.reason:
                record.correction_reason = self.reason
            record.full_clean()
            if action == "updated":
                error = record.correction_reason_error()
                if error:
                    raise ConfirmRefused([error])
            record.save()
        self.created[proposal["id"]] = record
        getattr(self, f"_after_{proposal['kind']}")(record, proposal, action == "created")
        return Stored(record, action, proposal["id"])

    def _delegation(self, proposal: dict) -> Stored:
        """A party's delegation at a round (a new draft round or one recorded), the
        round citing the story for it."""
        values = proposal["values"]
        target = values["round"]
        round_ = (
            self.created.get(target.get("proposal"))
            if target.get("proposal")
            else Round.objects.filter(pk=target.get("id")).first()
        )
        if round_ is None:
            raise ConfirmRefused([f"Tick the proposal for {target['name']} too."])
        head = values.get("head") or {}
        delegation, created = Delegation.objects.get_or_create(
            round=round_,
            party_id=values["party"]["id"],
            defaults={
                "capacity": values.get("capacity") or "negotiating",
                "head_id": head.get("id"),
            },
        )
        RoundCitation.objects.get_or_create(
            round=round_, source=self.source, defaults={"quote": self._quote(proposal)}
        )
        return Stored(delegation, "created" if created else "cited", proposal["id"])

    def _load(self, model, proposal):
        if not proposal.get("record"):
            record = model(publication=Publication.DRAFT)
            if model is not Resolution:
                record.process = self.process
            return record
        wanted = proposal["record"]
        record = model._base_manager.filter(pk=wanted["id"]).first()
        if record is None:
            raise ConfirmRefused(["The record was deleted since the proposal was made."])
        if record.version != wanted["version"]:
            raise ConfirmRefused([changes_since(record, wanted["version"]).describe()])
        return record

    def _quote(self, proposal) -> str:
        return (proposal.get("quote") or "")[:5000]

    def _after_round(self, round_, proposal, created):
        for envoy in proposal.get("envoys") or []:
            RoundEnvoy.objects.get_or_create(round=round_, person_id=envoy["id"])
        for resolution in proposal.get("resolutions") or []:
            if resolution.get("id"):
                RoundResolution.objects.get_or_create(round=round_, resolution_id=resolution["id"])
        for entry in proposal.get("agenda") or []:
            AgendaStatus.objects.update_or_create(
                round=round_, item_id=entry["item"]["id"], defaults={"status": entry["status"]}
            )
        RoundCitation.objects.get_or_create(
            round=round_, source=self.source, defaults={"quote": self._quote(proposal)}
        )
        if created:
            # The first status-log entry: dated and sourced by the story itself.
            for entry in round_.status_log.filter(source=None):
                entry.source = self.source
                entry.changed_on = entry.changed_on or self.published_on
                entry.save()

    def _after_event(self, event, proposal, created):
        EventCitation.objects.get_or_create(
            event=event, source=self.source, defaults={"quote": self._quote(proposal)}
        )

    def _after_resolution(self, resolution, proposal, created):
        if created:
            resolution.processes.add(self.process)
        ResolutionCitation.objects.get_or_create(
            resolution=resolution, source=self.source, defaults={"quote": self._quote(proposal)}
        )


def _value(model, name, value):
    if value in (None, ""):
        field = model._meta.get_field(name)
        return None if field.null else ""
    if name == "duration" and isinstance(value, str):
        return parse_duration(value)
    if name == "delegations_arrive_on" and isinstance(value, str):
        return date.fromisoformat(value)
    return value
