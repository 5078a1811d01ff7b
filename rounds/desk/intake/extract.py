"""From sentences to facts: which round, event or resolution each sentence is
about and what it says of it. Rules, applied sentence by sentence; a sentence
that names no round speaks of the last round named before it (numbered, or "a
new round of talks" without a number). A party's delegation ("وفد الحكومة",
"the opposition delegation") is said of that round too."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import dates, known, lexicon, text


@dataclass
class Fact:
    kind: str  # round, event, resolution, count, delegation
    key: tuple  # what identifies it within the story
    values: dict = field(default_factory=dict)
    envoys: list = field(default_factory=list)  # Person
    resolutions: list = field(default_factory=list)  # Resolution or number (unknown)
    agenda: dict = field(default_factory=dict)  # AgendaItem -> status
    quotes: list = field(default_factory=list)

    def quote(self, sentence: str) -> None:
        if sentence not in self.quotes:
            self.quotes.append(sentence)


@dataclass
class Findings:
    facts: dict = field(default_factory=dict)  # key -> Fact
    people: list = field(default_factory=list)
    places: list = field(default_factory=list)
    resolutions: list = field(default_factory=list)
    sentences: int = 0

    def fact(self, kind: str, key: tuple) -> Fact:
        if key not in self.facts:
            self.facts[key] = Fact(kind, key)
        return self.facts[key]


def read(story: str, published: date, the_known: known.Known) -> Findings:
    findings = Findings()
    the_known.as_of = published.isoformat()
    # The numbered round and month last spoken of, the story's main round (the
    # first one named), the key of the last round named (numbered or not) and the
    # envoys named so far.
    state = {"round": None, "month": "", "main": None, "last": None, "envoys": []}
    for sentence in text.sentences(story):
        findings.sentences += 1
        folded = text.fold(sentence)
        mentions = dates.find(folded, published, state["month"])
        for mention in mentions:
            if mention.precision != "year":
                state["month"] = mention.value[:7]
        people = known.people_in(folded, the_known)
        places = known.places_in(folded, the_known)
        for person in people:
            if person not in findings.people:
                findings.people.append(person)
        for place in places:
            if place not in findings.places:
                findings.places.append(place)
        _read_sentence(sentence, folded, mentions, people, places, the_known, findings, state)
    return findings


def _read_sentence(sentence, folded, mentions, people, places, the_known, findings, state):
    numbered = _numbered_rounds(folded, the_known)
    planned = _planned_rounds(folded, mentions)
    counted = lexicon.COUNTED_ROUNDS.search(folded)
    truce = lexicon.TRUCE.search(folded)
    unnumbered = not numbered and not planned and lexicon.NEW_ROUND.search(folded)
    if numbered:
        state["round"] = numbered[-1]
        state["main"] = state["main"] or numbered[0]
        state["last"] = ("number", numbered[-1])
    elif unnumbered:
        state["last"] = _new_round_key(mentions, state)
    subject = numbered[0] if numbered else None
    for person in _envoys(people, the_known):
        if person not in state["envoys"]:
            state["envoys"].append(person)
    if truce:
        _truce(sentence, folded, mentions, places, findings)
        mentions = []  # its dates are the truce's
    if planned:
        for month in planned:
            fact = findings.fact("round", ("planned", month))
            fact.values.update(status="planned", announced_start=month)
            # "he added", "the envoy will call": the envoy named before.
            envoys = _envoys(people, the_known) or state["envoys"][:1]
            fact.envoys += [p for p in envoys if p not in fact.envoys]
            fact.quote(sentence)
        mentions = []
    if counted and not numbered:
        fact = findings.fact("count", ("count",))
        fact.values.update(count=lexicon.number(counted["n"]), since=counted["since"] or "")
        fact.quote(sentence)
    if lexicon.EXPERTS.search(folded) and lexicon.PARALLEL.search(folded) and state["round"]:
        parent = state["round"]
        fact = findings.fact("round", ("side", parent))
        fact.values.update(parent=parent)
        fact.quote(sentence)
        mentions = []
    for resolution in _resolutions(folded, the_known, findings):
        # What the talks rest on is said of the round the story is about.
        target = subject or state["main"]
        key = ("number", target) if target is not None else state["last"]
        if key is not None:
            fact = findings.fact("round", key)
            if resolution not in fact.resolutions:
                fact.resolutions.append(resolution)
            fact.quote(sentence)
        else:
            fact = findings.fact("resolution", ("resolution", str(resolution)))
            fact.resolutions.append(resolution)
            fact.quote(sentence)
    target = ("number", subject) if subject is not None else state["last"]
    if target is None:
        return
    delegations = _delegations(folded, the_known)
    for party, head in delegations:
        round_fact = findings.fact("round", target)  # the delegation needs its round
        if target[0] == "number":
            round_fact.values.setdefault("number", target[1])
        round_fact.quote(sentence)
        fact = findings.fact("delegation", ("delegation", target, party.pk))
        fact.values.update(party=party, head=head or fact.values.get("head"))
        fact.quote(sentence)
    about_round = (
        subject is not None
        or unnumbered
        or (
            mentions
            and (
                lexicon.ARRIVAL.search(folded)
                or lexicon.STARTS.search(folded)
                or lexicon.CONCLUDED.search(folded)
            )
        )
    )
    agenda = lexicon.AGENDA.search(folded) and known.agenda_in(folded, the_known)
    if not about_round and not agenda:
        return
    fact = findings.fact("round", target)
    if target[0] == "number":
        fact.values.setdefault("number", target[1])
    fact.quote(sentence)
    if about_round:
        # "The government delegation arrived": one party's day, not the delegations'.
        arrival = lexicon.ARRIVAL.search(folded)
        if delegations and arrival and not re.search(r"وفود|delegations", arrival[0]):
            mentions = [m for m in mentions if _cue_before(folded, m.start, 40) != "arrival"]
        _round_dates(folded, mentions, fact)
        _round_status(folded, mentions, fact)
        fact.envoys += [p for p in _envoys(people, the_known) if p not in fact.envoys]
        cities = [place for place in places if place[0] in _round_cities(the_known)]
        if cities and "city_en" not in fact.values:
            fact.values.update(city_en=cities[0][0], city_ar=cities[0][1])
    if agenda:
        status = _agenda_status(folded)
        for item in agenda:
            fact.agenda[item] = status


def _numbered_rounds(folded: str, the_known) -> list[int]:
    found = []
    for pattern in lexicon.NUMBERED_ROUND:
        for match in pattern.finditer(folded):
            number = lexicon.ordinal(match["n"])
            if number and (match.start(), number) not in found:
                found.append((match.start(), number))
    for label, round_ in the_known.labels:
        if round_.number is None or round_.parent_id:
            continue
        position = f" {folded} ".find(f" {label} ")
        if position >= 0:
            found.append((position, round_.number))
    numbers = []
    for _, number in sorted(found):
        if number not in numbers:
            numbers.append(number)
    return numbers


def _new_round_key(mentions, state) -> tuple:
    """ "A new round of talks" is one round per story, known by the month of its
    first date (to match a round already recorded)."""
    if state["last"] and state["last"][0] == "new":
        return state["last"]
    month = next((m.value[:7] for m in mentions if m.precision != "year"), "")
    return ("new", month)


def _delegations(folded: str, the_known) -> list[tuple]:
    """(party, head) for each party whose delegation the sentence names: by the
    party's name next to "وفد"/"delegation", or by its kind ("وفد الحكومة",
    "the opposition delegation")."""
    found = []
    for match in lexicon.DELEGATION.finditer(folded):
        before = folded[: match.start()].split()
        after = folded[match.end() :].split()
        if match[0].isascii():
            tail = after[1:6] if after[:1] in (["of"], ["from"]) else []
            window = " ".join(before[-3:] + tail)
        else:
            window = " ".join(after[:4])
        parties = known.parties_in(window, the_known)
        if not parties:
            for kind, pattern in lexicon.PARTY_KINDS.items():
                if pattern.search(window):
                    parties += known.parties_in("", the_known, kind)
        found += [p for p in parties if p not in found]
    head = None
    headed = lexicon.HEADED_BY.search(folded)
    if headed and len(found) == 1:
        after = folded[headed.end() :]
        head = next(
            (p for p in known.people_in(after, the_known) if p.pk not in the_known.envoy_ids),
            None,
        )
    return [(party, head) for party in found]


def _planned_rounds(folded: str, mentions) -> list[str]:
    """Months of rounds still to come ("two more rounds in August and September")."""
    if not any(pattern.search(folded) for pattern in lexicon.MORE_ROUNDS):
        return []
    return [m.value[:7] for m in mentions if m.precision == "month"]


def _round_cities(the_known) -> set[str]:
    cities = {r.city_en for r in the_known.rounds if r.city_en}
    return cities | {"Geneva", "Vienna", "Astana", "Nur-Sultan", "Sochi", "Montreux", "Lausanne"}


def _envoys(people, the_known):
    if not the_known.envoy_ids:
        return list(people)
    return [person for person in people if person.pk in the_known.envoy_ids]


def _cue_before(folded: str, position: int, reach: int = 0) -> str:
    """The nearest cue before a date (within `reach` characters, if given):
    arrival, end or start."""
    best, kind = -1, ""
    for name, pattern in (
        ("arrival", lexicon.ARRIVAL),
        ("end", lexicon.CONCLUDED),
        ("until", lexicon.UNTIL),
        ("start", lexicon.STARTS),
        ("start", lexicon.OPENED),
    ):
        for match in pattern.finditer(folded, 0, position):
            if match.start() > best and (not reach or position - match.end() <= reach):
                best, kind = match.start(), name
    return kind


def _round_dates(folded: str, mentions, fact: Fact) -> None:
    values = fact.values
    for mention in mentions:
        relative = mention.kind in (
            "yesterday",
            "today",
            "tomorrow",
            "day_before_yesterday",
            "weekday",
            "offset",
        )
        if relative and not _cue_before(folded, mention.start, reach=40):
            continue  # "said yesterday": the day of the announcement, not of the round
        if mention.end_value:
            values.setdefault("start", mention.value)
            values.setdefault("end", mention.end_value)
            continue
        cue = _cue_before(folded, mention.start, reach=40 if relative else 0)
        if cue == "until":  # "postponed until 25 February": the new start
            cue = "start" if lexicon.POSTPONED.search(folded) else "end"
        if cue == "arrival" and mention.precision == "day":
            values.setdefault("delegations_arrive_on", mention.value)
        elif cue == "end" or (not cue and lexicon.CONCLUDED.search(folded)):
            values.setdefault("end", mention.value)
        else:
            values.setdefault("start", mention.value)
    duration = lexicon.DURATION_DAYS.search(folded)
    if duration and len(values.get("end", "")) == 10 and "start" not in values:
        days = 2 if "يومين" in duration[0] else lexicon.number(duration["n"] or duration["n2"])
        if days:
            end = date.fromisoformat(values["end"])
            values["start"] = (end - timedelta(days=days - 1)).isoformat()


def _round_status(folded: str, mentions, fact: Fact) -> None:
    if lexicon.CANCELLED.search(folded):
        status = "cancelled"
    elif lexicon.POSTPONED.search(folded):
        status = "postponed"
    elif lexicon.CONCLUDED.search(folded) and "end" in fact.values:
        status = "concluded"
    elif lexicon.OPENED.search(folded) and not dates.FUTURE.search(folded):
        status = "ongoing"
    elif mentions and (lexicon.STARTS.search(folded) or lexicon.ANNOUNCED.search(folded)):
        status = "announced"
    else:
        return
    order = ["announced", "ongoing", "postponed", "cancelled", "concluded"]
    current = fact.values.get("status")
    if current is None or order.index(status) > order.index(current):
        fact.values["status"] = status
    if status == "announced" and "start" in fact.values:
        fact.values.setdefault("announced_start", fact.values["start"])


def _agenda_status(folded: str) -> str:
    if lexicon.NOT_DISCUSSED.search(folded):
        return "not_discussed"
    if lexicon.AGREED.search(folded):
        return "agreed"
    if dates.FUTURE.search(folded):
        return "scheduled"
    return "discussed"


def _resolutions(folded: str, the_known, findings) -> list:
    found = []
    for match in lexicon.RESOLUTION.finditer(folded):
        number = int(match["n"] or match["n2"])
        resolution = the_known.resolutions.get(number, number)
        if resolution not in found:
            found.append(resolution)
        if resolution not in findings.resolutions:
            findings.resolutions.append(resolution)
    return found


def _truce(sentence, folded, mentions, places, findings) -> None:
    duration = None
    match = lexicon.DURATION_TIME.search(folded)
    if match:
        if match["dual"]:
            amount, unit = 2, match["dual"]
        else:
            amount, unit = lexicon.number(match["n"]), match["unit"]
        if amount:
            hours = amount if re.match(r"ساع|hour", unit) else amount * 24
            duration = timedelta(hours=hours)
    day = next((m.value for m in mentions if m.precision == "day"), "")
    place = next((p for p in places if p[0] not in ("Geneva", "Vienna", "Astana", "Sochi")), None)
    # A second sentence about the same truce (same place, or no new facts) adds to it.
    for fact in findings.facts.values():
        if fact.kind == "event" and (
            (place and fact.values.get("place_en") == place[0]) or (not day and not place)
        ):
            break
    else:
        fact = findings.fact("event", ("truce", day, place[0] if place else ""))
    values = fact.values
    values.setdefault("kind", "ceasefire")
    if day:
        values.setdefault("date", day)
    if duration and "duration" not in values:
        values["duration"] = duration
    if place:
        values.setdefault("place_en", place[0])
        values.setdefault("place_ar", place[1])
    fact.quote(sentence)
