"""What the database already knows that a story may name: the process's rounds,
people (by any spelling), resolutions by number, agenda items, places. Read once
per story, in a fixed number of queries."""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from ...models import AgendaItem, Delegation, Event, Party, Person, Resolution, Round
from . import text

# Places that stories about talks name, beside the cities of recorded rounds.
GAZETTEER = {
    "Geneva": "جنيف", "Vienna": "فيينا", "Astana": "أستانا", "Nur-Sultan": "نور سلطان",
    "Sochi": "سوتشي", "Montreux": "مونترو", "Lausanne": "لوزان", "Riyadh": "الرياض",
    "Moscow": "موسكو", "Cairo": "القاهرة", "Doha": "الدوحة", "Ankara": "أنقرة",
    "Tehran": "طهران", "Amman": "عمان", "Beirut": "بيروت", "Damascus": "دمشق",
    "Aleppo": "حلب", "Homs": "حمص", "Hama": "حماة", "Idlib": "إدلب", "Daraa": "درعا",
    "Raqqa": "الرقة", "Deir ez-Zor": "دير الزور", "Palmyra": "تدمر", "Ghouta": "الغوطة",
    "Latakia": "اللاذقية", "Quneitra": "القنيطرة", "Tartus": "طرطوس", "Jeddah": "جدة",
    "Khartoum": "الخرطوم", "Tripoli": "طرابلس", "Sanaa": "صنعاء", "Stockholm": "ستوكهولم",
}  # fmt: skip
PLACE_SPELLINGS = {"Daraa": ["deraa", "dara'a", "deraa"], "Astana": ["آستانة", "استانه"]}
STOP_WORDS = {
    "the",
    "and",
    "new",
    "holding",
    "drafting",
    "a",
    "of",
    "for",
    "جديد",
    "تنظيم",
    "صياغه",
}


@dataclass
class Known:
    process: object
    rounds: list = field(default_factory=list)
    by_number: dict = field(default_factory=dict)
    labels: list = field(default_factory=list)  # (folded label, round)
    people: list = field(default_factory=list)  # (person, {keys})
    envoy_ids: set = field(default_factory=set)
    resolutions: dict = field(default_factory=dict)  # number -> resolution
    agenda: list = field(default_factory=list)  # (item, {stems})
    places: dict = field(default_factory=dict)  # folded spelling -> (en, ar)
    events: list = field(default_factory=list)
    parties: list = field(default_factory=list)  # (party, {folded spellings})
    attended: dict = field(default_factory=dict)  # party id -> [starts of rounds attended]
    as_of: str = ""  # the story's date: "the opposition" is the one of that time
    delegations: set = field(default_factory=set)  # (round id, party id)


def load(process) -> Known:
    known = Known(process)
    rounds = list(
        Round.objects.filter(process=process)
        .select_related("parent")
        .prefetch_related("roundenvoy_set", "resolutions", "agenda")
    )
    known.rounds = rounds
    for round_ in rounds:
        if round_.number is not None and round_.parent_id is None:
            known.by_number[round_.number] = round_
        for label in (round_.label_en, round_.label_ar):
            if label and len(label) >= 4:
                known.labels.append((text.fold(label), round_))
        for city in (round_.city_en, round_.city_ar):
            if city:
                known.places[text.fold(city)] = (round_.city_en, round_.city_ar or "")
    for en, ar in GAZETTEER.items():
        for spelling in (en, ar, *PLACE_SPELLINGS.get(en, ())):
            known.places.setdefault(text.fold(spelling), (en, ar))
    for person in Person.objects.all():
        known.people.append((person, name_keys(person)))
    known.envoy_ids = set(process.appointments.values_list("person_id", flat=True))
    for resolution in Resolution.objects.exclude(number=None).order_by("-year"):
        known.resolutions.setdefault(resolution.number, resolution)
    for item in AgendaItem.objects.filter(process=process):
        known.agenda.append((item, item_stems(item)))
    known.events = list(Event.objects.filter(process=process))
    for party in Party.objects.all():
        known.parties.append((party, party_spellings(party)))
    for delegation in Delegation.objects.filter(round__process=process).select_related("round"):
        known.delegations.add((delegation.round_id, delegation.party_id))
        start = delegation.round.start or delegation.round.announced_start or ""
        known.attended.setdefault(delegation.party_id, []).append(start)
    return known


def party_spellings(party) -> set[str]:
    """A party's names and short names, folded, with and without the article."""
    spellings = set()
    for name in (party.name_en, party.name_ar, party.short_name_en, party.short_name_ar):
        folded = text.fold(name or "")
        if len(folded) >= 3:
            spellings |= {folded, folded.removeprefix("the ").removeprefix("ال")}
    return {s for s in spellings if len(s) >= 3}


def name_keys(person) -> set[str]:
    """The surname (last word, with a particle such as "de"/"دي" before it) of each
    spelling of a person's name, folded and as a skeleton."""
    keys = set()
    for name in (person.name_en, person.name_ar):
        # Split as people_in() splits the story: "al-Jaafari" is found as "Jaafari".
        words = [w for w in re.split(r"[\s\-]+", text.fold(name or "")) if len(w) > 1]
        if not words:
            continue
        surname = words[-1]
        for stem in text.stems(surname):
            keys.add(stem)
            # Vowel-blind matching only for long names: البحرة must not match بحيرة.
            if len(stem) >= 5 and len(text.skeleton(stem)) >= 3:
                keys.add("~" + text.skeleton(stem))
    return keys


def item_stems(item) -> set[str]:
    """The first six letters of each meaningful word of an agenda item's title:
    "Counter-terrorism" -> terror, "مكافحة الإرهاب" -> مكافحه, ارهاب."""
    stems = set()
    for title in (item.title_en, item.title_ar):
        for word in re.split(r"[\s\-]+", text.fold(title or "")):
            for stem in text.stems(word):
                if len(stem) >= 4 and stem not in STOP_WORDS and word not in STOP_WORDS:
                    stems.add(stem[:6])
    stems.discard("counte")
    return stems


def words_of(folded: str) -> list[set[str]]:
    return [text.stems(word) for word in re.split(r"[\s\-]+", folded) if word]


def people_in(folded: str, known: Known) -> list:
    found = []
    keys = set()
    for variants in words_of(folded):
        for word in variants:
            keys.add(word)
            if len(word) >= 5 and len(text.skeleton(word)) >= 3:
                keys.add("~" + text.skeleton(word))
    for person, names in known.people:
        if names & keys:
            found.append(person)
    return found


def places_in(folded: str, known: Known) -> list[tuple[str, str]]:
    found = []
    padded = f" {folded} "
    for spelling, place in sorted(known.places.items(), key=lambda kv: -len(kv[0])):
        for stem in {spelling, spelling.removeprefix("ال")}:
            if re.search(rf"(?<!\w)(?:[وبل]|في|ال|من)?{re.escape(stem)}(?!\w)", padded):
                if place not in found:
                    found.append(place)
                break
    return found


def agenda_in(folded: str, known: Known) -> list:
    stems = {variant[:6] for variants in words_of(folded) for variant in variants}
    return [item for item, keys in known.agenda if keys & stems]


def parties_in(folded: str, known: Known, kind: str = "") -> list:
    """Parties named in `folded` by any of their spellings (a prefix و/ب/ل/ال
    allowed, vowels aside for long names); with `kind`, the party of that kind
    that attended the process's latest round by the story's time (a story says
    "the opposition delegation", not its name)."""
    found = []
    words = " ".join(sorted(text.stems(w), key=len)[0] for w in folded.split())
    skeletons = " ".join(text.skeleton(w) for w in words.split())
    for party, spellings in known.parties:
        for spelling in spellings:
            stem = " ".join(sorted(text.stems(w), key=len)[0] for w in spelling.split())
            hit = re.search(rf"(?<!\w){re.escape(stem)}(?!\w)", words)
            if not hit and len(stem) >= 8:
                ske = " ".join(text.skeleton(w) for w in stem.split())
                hit = re.search(rf"(?<!\w){re.escape(ske)}(?!\w)", skeletons)
            if hit:
                found.append(party)
                break
    if kind and not found:
        of_kind = [p for p, _ in known.parties if p.kind == kind]
        # Rounds up to a few weeks after the story count: it may be about the next one.
        cutoff = known.as_of and (date.fromisoformat(known.as_of) + timedelta(days=45)).isoformat()
        latest = {}
        for party in of_kind:
            starts = known.attended.get(party.pk, [])
            before = [s for s in starts if s and (not cutoff or s <= cutoff)]
            if before:
                latest[party] = max(before)
        if latest:
            found.append(max(latest, key=latest.get))
        elif len(of_kind) == 1:
            found.append(of_kind[0])
    return found
