"""From facts to proposals: each fact becomes a new draft record or an update of
the record it matches (with the difference), never a duplicate. Proposals are
plain data, the same for the admin page, the API and the command."""

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from django.utils.duration import duration_iso_string

from ... import services
from ...models import Round
from . import extract, known, text

# How far a round has gone: a story never moves a record back (an old story about
# an announcement does not reopen a round since held).
STAGE = {"planned": 0, "announced": 1, "postponed": 1, "ongoing": 2, "concluded": 3, "cancelled": 3}

LOOKED_FOR = [
    "rounds named by number or ordinal (“the seventh round”, “الجولة السابعة”)",
    "rounds still to come (“two more rounds in August and September”)",
    "rounds without a number (“a new round of talks”, “جولة جديدة من المحادثات”)",
    "parties' delegations (“the government delegation”, “وفد الهيئة العليا للمفاوضات”)",
    "dates, absolute or relative to the story's date",
    "delegations' arrival",
    "announcements, postponements, openings and endings",
    "Security Council resolutions (“resolution 2254”, “القرار 2254”)",
    "people already recorded, by any spelling",
    "places",
    "agenda items",
    "truces and ceasefires with their duration",
    "counts of rounds held",
]


@dataclass
class Proposal:
    id: str
    kind: str  # round, event, resolution, count, delegation
    action: str  # create, update, unchanged, note
    summary: str
    record: dict | None = None  # {model, id, label, version} of the matched record
    values: dict = field(default_factory=dict)  # proposed field values
    diff: dict = field(default_factory=dict)  # field -> [stored, proposed]
    envoys: list = field(default_factory=list)  # [{id, name}]
    resolutions: list = field(default_factory=list)  # [{id, name}] (id None: not recorded)
    agenda: list = field(default_factory=list)  # [{item: {id, name}, status}]
    quote: str = ""
    notes: list = field(default_factory=list)

    @property
    def confirmable(self) -> bool:
        return self.action in ("create", "update", "unchanged")

    def as_json(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    proposals: list
    people: list
    resolutions: list
    places: list
    sentences: int

    @property
    def nothing_found(self) -> str:
        if self.proposals:
            return ""
        looked_for = "; ".join(LOOKED_FOR)
        return f"Nothing found in {self.sentences} sentence(s). Looked for: {looked_for}."

    def as_json(self) -> dict:
        return {
            "proposals": [proposal.as_json() for proposal in self.proposals],
            "people": self.people,
            "resolutions": self.resolutions,
            "places": self.places,
            "nothing_found": self.nothing_found,
            "looked_for": LOOKED_FOR,
        }


def propose(story: str, published_on: date, process) -> Result:
    """Proposals for a story about `process`. Reads the database, writes nothing.
    Raises text.StoryRefused for text that cannot be a story."""
    cleaned = text.clean(story)
    the_known = known.load(process)
    findings = extract.read(cleaned, published_on, the_known)
    builder = _Builder(process, the_known, published_on)
    proposals = []
    for fact in sorted(findings.facts.values(), key=_order):
        proposal = builder.build(fact)
        if proposal is not None:
            proposal.id = f"p{len(proposals) + 1}"
            builder.ids[fact.key] = proposal.id
            proposals.append(proposal)
    return Result(
        proposals=proposals,
        people=[
            {"id": p.pk, "name": p.name_en, "name_ar": p.name_ar or ""} for p in findings.people
        ],
        resolutions=[_resolution(r) for r in findings.resolutions],
        places=[{"en": en, "ar": ar} for en, ar in findings.places],
        sentences=findings.sentences,
    )


def _order(fact) -> tuple:
    rank = {
        "number": 0, "new": 1, "planned": 1, "side": 2, "delegation": 3, "truce": 4,
        "resolution": 5, "count": 6,
    }  # fmt: skip
    key = fact.key[0]
    return rank.get(key, 9), str(fact.key[1:])


def _resolution(resolution) -> dict:
    if isinstance(resolution, int):
        return {"id": None, "name": f"Resolution {resolution} (not recorded)", "number": resolution}
    return {"id": resolution.pk, "name": str(resolution), "number": resolution.number}


def _record(instance) -> dict:
    return {
        "model": instance._meta.model_name,
        "id": instance.pk,
        "label": str(instance),
        "version": instance.version,
    }


def compact_duration(value: timedelta) -> str:
    """An ISO 8601 duration an editor reads at a glance ("PT48H", not
    "P2DT00H00M00S"); Django's parse_duration reads both."""
    seconds = int(value.total_seconds())
    if seconds <= 0 or value.microseconds:
        return duration_iso_string(value)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{n}{unit}" for n, unit in ((hours, "H"), (minutes, "M"), (seconds, "S")) if n]
    return "PT" + "".join(parts)


def _json(value):
    if isinstance(value, timedelta):
        return compact_duration(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class _Builder:
    def __init__(self, process, the_known, published_on):
        self.process = process
        self.published_on = published_on
        self.known = the_known
        self.ids = {}
        self.rounds_matched = {}  # fact key -> the recorded round it matched

    def build(self, fact) -> Proposal | None:
        kind = fact.key[0]
        if kind == "count":
            return self._count(fact)
        if kind == "resolution":
            return self._lone_resolution(fact)
        if fact.kind == "event":
            return self._event(fact)
        if fact.kind == "delegation":
            return self._delegation(fact)
        return self._round(fact)

    # --- rounds ------------------------------------------------------------

    def _round(self, fact) -> Proposal:
        kind, key = fact.key
        values = {k: v for k, v in fact.values.items() if k != "parent"}
        existing = None
        if kind == "number":
            existing = self.known.by_number.get(key)
            values["number"] = key
        elif kind == "planned":
            existing = next(
                (
                    r
                    for r in self.known.rounds
                    if r.parent_id is None
                    and r.number is None
                    and key in (r.announced_start[:7], r.start[:7])
                ),
                None,
            )
        elif kind == "new":
            existing = self._unnumbered_match(values)
        elif kind == "side":
            parent = self.known.by_number.get(key)
            existing = parent and next(
                (
                    r
                    for r in self.known.rounds
                    if r.parent_id == parent.pk
                    and any(
                        w in text.fold(r.label_en + " " + (r.label_ar or ""))
                        for w in ("expert", "خبراء")
                    )
                ),
                None,
            )
            values["parent"] = (
                {"id": parent.pk, "name": str(parent)}
                if parent
                else {
                    "proposal": self.ids.get(("number", key)),
                    "name": f"round {key}",
                }
            )
        proposal = Proposal(
            id="",
            kind="round",
            action="create",
            summary="",
            quote=" … ".join(fact.quotes),
        )
        proposal.envoys = [{"id": p.pk, "name": p.name_en} for p in fact.envoys]
        proposal.resolutions = [_resolution(r) for r in fact.resolutions]
        proposal.agenda = [
            {"item": {"id": item.pk, "name": item.title_en}, "status": status}
            for item, status in fact.agenda.items()
        ]
        if existing is None:
            values.setdefault("label_en", self._label(kind, key, "en"))
            values.setdefault("label_ar", self._label(kind, key, "ar"))
            values.setdefault("status", "announced" if kind != "side" else "planned")
            if kind == "side":
                values["parent"] = proposal_parent = values.get("parent")
                del proposal_parent
            proposal.values = {k: _json(v) for k, v in values.items()}
            proposal.summary = f"New round: {values['label_en']}"
            return proposal
        self.rounds_matched[fact.key] = existing
        self._diff_round(proposal, existing, values)
        return proposal

    def _unnumbered_match(self, values: dict):
        """The round recorded with the day the story gives ("a new round on 28
        November" is Geneva VIII if that is when VIII starts), else an unnumbered
        round of the same month."""
        day = values.get("start") or values.get("announced_start") or ""
        if len(day) == 10:
            for r in self.known.rounds:
                if r.parent_id is None and day in (r.start, r.announced_start):
                    return r
        month = day[:7]
        if not month:
            return None
        return next(
            (
                r
                for r in self.known.rounds
                if r.parent_id is None
                and r.number is None
                and month in (r.announced_start[:7], r.start[:7])
            ),
            None,
        )

    def _label(self, kind, key, language) -> str:
        if kind == "new":
            if not key:
                return "جولة جديدة" if language == "ar" else "New round"
            year, month = map(int, key.split("-"))
            if language == "ar":
                return f"جولة جديدة، {_MONTHS_AR[month - 1]} {year}"
            return f"New round, {date(year, month, 1):%B} {year}"
        if kind == "planned":
            year, month = map(int, key.split("-"))
            return _planned_label(year, month, language)
        if kind == "side":
            parent = self.known.by_number.get(key)
            if parent is None:
                name = self._label("number", key, language)
            else:
                name = (parent.label_ar or parent.label_en) if language == "ar" else parent.label_en
            return (
                f"اجتماعات الخبراء على هامش {name}"
                if language == "ar"
                else (f"Expert meetings alongside {name}")
            )
        below = [r for n, r in self.known.by_number.items() if n < key]
        if below:
            previous = max(below, key=lambda r: r.number)
            label = previous.label_ar if language == "ar" else previous.label_en
            guess = services.next_label(label or "", key) if previous.number == key - 1 else ""
            if guess:
                return guess
        return f"الجولة {key}" if language == "ar" else f"Round {key}"

    def _diff_round(self, proposal, existing: Round, values: dict) -> None:
        proposal.record = _record(existing)
        proposal.summary = f"Update: {existing}"
        stored_status = existing.status
        if "status" in values:
            new = values["status"]
            if STAGE.get(new, 0) < STAGE.get(stored_status, 0) or (
                new != "postponed" and STAGE.get(new, 0) == STAGE.get(stored_status, 0)
            ):
                if new != stored_status:
                    proposal.notes.append(
                        f"The story says “{new}”; the record is “{stored_status}”, "
                        "further on: kept."
                    )
                values.pop("status")
        diff = {}
        for name, value in values.items():
            if name in ("parent", "number"):
                continue
            stored = getattr(existing, name)
            if isinstance(stored, date):
                stored = stored.isoformat()
            if name == "announced_start" and stored:
                continue  # the first announcement stays
            if (stored or "") != (value or ""):
                if name in ("label_en", "label_ar"):
                    continue
                diff[name] = [_json(stored) or "", _json(value)]
        proposal.diff = diff
        proposal.values = {name: after for name, (_, after) in diff.items()}
        known_envoys = {e.person_id for e in existing.roundenvoy_set.all()}
        known_resolutions = {r.pk for r in existing.resolutions.all()}
        known_agenda = {a.item_id: a.status for a in existing.agenda.all()}
        proposal.envoys = [e for e in proposal.envoys if e["id"] not in known_envoys]
        proposal.resolutions = [r for r in proposal.resolutions if r["id"] not in known_resolutions]
        proposal.agenda = [
            a for a in proposal.agenda if known_agenda.get(a["item"]["id"]) != a["status"]
        ]
        if not (diff or proposal.envoys or proposal.resolutions or proposal.agenda):
            proposal.action = "unchanged"
            proposal.summary = f"Already recorded: {existing}"
        else:
            proposal.action = "update"

    # --- delegations -----------------------------------------------------------

    def _delegation(self, fact) -> Proposal:
        _, round_key, party_id = fact.key
        party, head = fact.values["party"], fact.values.get("head")
        # The recorded round the story's round matched, else the proposal creating it.
        round_ = self.rounds_matched.get(round_key)
        proposal = Proposal(
            id="", kind="delegation", action="create", summary="", quote=" … ".join(fact.quotes)
        )
        if round_ is None:
            name = f"round {round_key[1]}" if round_key[0] == "number" else "the new round"
            target = {"proposal": self.ids.get(round_key), "name": name}
        else:
            target = {"id": round_.pk, "name": str(round_)}
        proposal.values = {
            "round": target,
            "party": {"id": party.pk, "name": party.name_en},
            "capacity": "negotiating",
        }
        if head is not None:
            proposal.values["head"] = {"id": head.pk, "name": head.name_en}
        proposal.summary = f"Delegation of {party.name_en} at {target['name']}"
        if target.get("id") and (target["id"], party_id) in self.known.delegations:
            proposal.action = "unchanged"
            proposal.summary = f"Already recorded: {proposal.summary}"
        return proposal

    # --- events, resolutions, counts ----------------------------------------

    def _event(self, fact) -> Proposal:
        values = dict(fact.values)
        place_en = values.get("place_en", "")
        hours = int(values["duration"].total_seconds() // 3600) if values.get("duration") else None
        values.setdefault(
            "title_en",
            "Ceasefire"
            + (f" in {place_en}" if place_en else "")
            + (f" for {hours} hours" if hours else ""),
        )
        values.setdefault(
            "title_ar",
            "وقف العمليات القتالية"
            + (f" في {values.get('place_ar')}" if values.get("place_ar") else "")
            + (f" لمدة {hours} ساعة" if hours else ""),
        )
        proposal = Proposal(
            id="", kind="event", action="create", summary="", quote=" … ".join(fact.quotes)
        )
        existing = next(
            (
                e
                for e in self.known.events
                if e.kind == values["kind"]
                and values.get("date")
                and e.date == values["date"]
                and (not e.place_en or not place_en or e.place_en == place_en)
            ),
            None,
        )
        if not values.get("date"):
            proposal.notes.append("No date found: fill it in before confirming.")
        if existing is None:
            proposal.values = {k: _json(v) for k, v in values.items()}
            proposal.summary = f"New event: {values['title_en']}"
            return proposal
        proposal.record = _record(existing)
        diff = {}
        for name in ("date", "duration", "place_en", "place_ar"):
            if name in values and (getattr(existing, name) or "") != (values[name] or ""):
                diff[name] = [_json(getattr(existing, name)) or "", _json(values[name])]
        proposal.diff = diff
        proposal.values = {name: after for name, (_, after) in diff.items()}
        proposal.action = "update" if diff else "unchanged"
        proposal.summary = ("Update: " if diff else "Already recorded: ") + str(existing)
        return proposal

    def _lone_resolution(self, fact) -> Proposal:
        resolution = fact.resolutions[0]
        proposal = Proposal(
            id="", kind="resolution", action="note", summary="", quote=" … ".join(fact.quotes)
        )
        proposal.resolutions = [_resolution(resolution)]
        if isinstance(resolution, int):
            proposal.action = "create"
            proposal.summary = f"New resolution: number {resolution} (not recorded yet)"
            proposal.values = {
                "body": "security_council",
                "status": "adopted",
                "number": resolution,
                "subject_en": f"Resolution {resolution}",
            }
        else:
            proposal.record = _record(resolution)
            proposal.action = "unchanged"
            proposal.summary = f"Named: {resolution}"
        return proposal

    def _count(self, fact) -> Proposal:
        since = fact.values.get("since") or ""
        rounds = [
            r
            for r in self.known.rounds
            if r.parent_id is None
            and r.status == "concluded"
            and r.start_earliest
            and r.start_earliest <= self.published_on
        ]
        if since:
            rounds = [r for r in rounds if (r.start or r.announced_start)[:4] >= since]
        recorded = len(rounds)
        count = fact.values.get("count")
        proposal = Proposal(
            id="",
            kind="count",
            action="note",
            summary=f"The story counts {count} rounds"
            + (f" since {since}" if since else "")
            + f"; {recorded} recorded",
            values={"count": count, "since": since, "recorded": recorded},
            quote=" … ".join(fact.quotes),
        )
        if count != recorded:
            proposal.notes.append("The count differs from the rounds recorded: check them.")
        return proposal


_MONTHS_AR = [
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
    "أكتوبر", "نوفمبر", "ديسمبر",
]  # fmt: skip


def _planned_label(year: int, month: int, language: str) -> str:
    if language == "ar":
        return f"جولة مقررة، {_MONTHS_AR[month - 1]} {year}"
    return f"Planned round, {date(year, month, 1):%B} {year}"
