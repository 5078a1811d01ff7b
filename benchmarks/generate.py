"""Fill a database with a large, realistic record through the project's own models.

    DATABASE_URL=sqlite:///benchmarks/data/large.sqlite3 BENCH_SCALE=1 \\
        python benchmarks/generate.py

At scale 1: 200 processes, 10,000 rounds, 200,000 events, 2,000 resolutions, with
envoys, agenda statuses, delegations, citations and appointments, in English and
Arabic. Process "big" has about 5,000 timeline entries, process "small" 50.
Rows go in with bulk_create (the fuzzy-date bounds filled by rounds.fuzzydates,
as a save would), then the search index is rebuilt. Deterministic: one seed."""

import os
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from rounds import fuzzydates, search  # noqa: E402
from rounds.models import (  # noqa: E402
    AgendaItem,
    AgendaStatus,
    Appointment,
    Delegation,
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
    Source,
    Track,
)

SCALE = float(os.environ.get("BENCH_SCALE", "1"))
PUBLISHED = "published"
BIG, SMALL = "big", "small"
# (English, Arabic) vocabulary; "talks"/"محادثات" is the common word searched for.
PLACES = [
    ("Geneva", "جنيف"),
    ("Astana", "أستانا"),
    ("Sochi", "سوتشي"),
    ("Vienna", "فيينا"),
    ("Doha", "الدوحة"),
    ("Cairo", "القاهرة"),
    ("Amman", "عمّان"),
    ("Riyadh", "الرياض"),
    ("Nairobi", "نيروبي"),
    ("Oslo", "أوسلو"),
]
TOPICS = [
    ("ceasefire", "وقف إطلاق النار"),
    ("detainees", "المعتقلين"),
    ("constitution", "الدستور"),
    ("elections", "الانتخابات"),
    ("humanitarian access", "وصول المساعدات الإنسانية"),
    ("refugees", "اللاجئين"),
    ("transition", "الانتقال السياسي"),
    ("sanctions", "العقوبات"),
]
EVENT_WORDS = [
    ("Truce announced in", "إعلان هدنة في"),
    ("Shelling reported near", "قصف قرب"),
    ("Aid convoy reaches", "قافلة مساعدات تصل إلى"),
    ("Envoy visits", "المبعوث يزور"),
    ("Talks postponed in", "تأجيل المحادثات في"),
    ("Statement issued in", "بيان صادر في"),
]


def count(n: int, minimum: int = 1) -> int:
    return max(minimum, round(n * SCALE))


def fuzzy(rng: random.Random, day: date) -> str:
    """A date string in the forms editors use, mostly exact days."""
    roll = rng.random()
    if roll < 0.70:
        return day.isoformat()
    if roll < 0.82:
        return day.isoformat()[:7]
    if roll < 0.87:
        return f"{day.isoformat()}~"
    if roll < 0.92:
        return f"{day.isoformat()[:7]}?"
    if roll < 0.96:
        return str(day.year)
    return f"{day.year}-{21 + (day.month % 4)}"


def with_bounds(record, **dates):
    for name, text in dates.items():
        setattr(record, name, text)
        value = fuzzydates.parse(text) if text else None
        setattr(record, f"{name}_earliest", value.earliest if value else None)
        setattr(record, f"{name}_latest", value.latest if value else None)
    return record


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange(max(1, (end - start).days)))


def generate() -> dict[str, int]:
    rng = random.Random(2254)
    sources = Source.objects.bulk_create(
        Source(
            publisher=rng.choice(["UN News", "Reuters", "AFP", "Elaph"]),
            title=f"Report {n}",
            url=f"https://example.org/report/{n}",
        )
        for n in range(count(2000, 20))
    )
    people = Person.objects.bulk_create(
        Person(
            name_en=f"Envoy {n}",
            name_ar=f"المبعوث {n}",
            nationality_en="Swedish",
            nationality_ar="سويدي",
        )
        for n in range(count(1000, 20))
    )
    parties = Party.objects.bulk_create(
        Party(name_en=f"Party {n}", name_ar=f"الطرف {n}", kind=Party.Kind.GOVERNMENT)
        for n in range(count(400, 10))
    )
    n_processes = count(200, 3)
    processes = []
    for n in range(n_processes):
        slug = BIG if n == 0 else SMALL if n == 1 else f"process-{n}"
        place, place_ar = PLACES[n % len(PLACES)]
        first = date(1990 + n % 25, 1 + n % 12, 1)
        processes.append(
            with_bounds(
                Process(
                    name_en=f"{place} talks {n}",
                    name_ar=f"محادثات {place_ar} {n}",
                    slug=slug,
                    conflict_en="Syria",
                    conflict_ar="سوريا",
                    publication=PUBLISHED,
                    description_en=f"Negotiations in {place}.",
                    description_ar=f"مفاوضات في {place_ar}.",
                ),
                start=first.isoformat()[:7],
                end="",
            )
        )
    processes = Process.objects.bulk_create(processes)
    items = AgendaItem.objects.bulk_create(
        AgendaItem(process=p, order=i + 1, title_en=TOPICS[i][0], title_ar=TOPICS[i][1])
        for p in processes
        for i in range(4)
    )
    tracks = Track.objects.bulk_create(
        Track(process=p, name=name, slug=slug, order=i)
        for p in processes
        for i, (name, slug) in enumerate((("Political", "political"), ("Military", "military")))
    )
    tracks_of = {}
    for track in tracks:
        tracks_of.setdefault(track.process_id, []).append(track)
    items_of = {}
    for item in items:
        items_of.setdefault(item.process_id, []).append(item)

    # Rounds: the big process ~1,000, the small 10, the rest share what is left.
    total_rounds = count(10000, 30)
    big_rounds, small_rounds = min(1000, total_rounds // 10), 10
    rest = max(0, total_rounds - big_rounds - small_rounds)
    per_process = {processes[0].pk: big_rounds, processes[1].pk: small_rounds}
    others = processes[2:]
    for i, p in enumerate(others):
        per_process[p.pk] = rest // len(others) + (i < rest % len(others))
    rounds = []
    for p in processes:
        first = p.start_earliest
        for number in range(1, per_process[p.pk] + 1):
            place, place_ar = PLACES[(p.pk + number) % len(PLACES)]
            day = random_day(rng, first, date(2025, 12, 31))
            end = day + timedelta(days=rng.randrange(0, 6))
            round_ = Round(
                process=p,
                track=tracks_of[p.pk][number % 2],
                number=(number + 1) // 2,
                label_en=f"{place} talks round {number}",
                label_ar=f"محادثات {place_ar} الجولة {number}",
                status=rng.choice(["concluded"] * 6 + ["postponed", "announced", "cancelled"]),
                format=rng.choice(["direct", "indirect", "mixed"]),
                city_en=place,
                city_ar=place_ar,
                summary_en=f"Delegations met in {place} on {TOPICS[number % 8][0]}.",
                summary_ar=f"اجتمعت الوفود في {place_ar} حول {TOPICS[number % 8][1]}.",
                publication=PUBLISHED,
            )
            start_text = fuzzy(rng, day)
            end_text = end.isoformat() if len(start_text) == 10 else ""
            rounds.append(
                with_bounds(
                    round_, start=start_text, end=end_text, announced_start="", announced_end=""
                )
            )
    rounds = Round.objects.bulk_create(rounds, batch_size=2000)

    resolutions = []
    for n in range(count(2000, 10)):
        number, year = 1000 + n, 1990 + n % 35
        resolutions.append(
            Resolution(
                body="security_council",
                status="adopted",
                symbol=f"S/RES/{number} ({year})",
                number=number,
                year=year,
                adopted_on=date(year, 1 + n % 12, 1 + n % 28),
                subject_en=f"The situation in {PLACES[n % 10][0]}: {TOPICS[n % 8][0]}",
                subject_ar=f"الحالة في {PLACES[n % 10][1]}: {TOPICS[n % 8][1]}",
                votes_for=15,
                votes_against=0,
                abstentions=0,
                publication=PUBLISHED,
            )
        )
    resolutions = Resolution.objects.bulk_create(resolutions, batch_size=2000)
    through = Resolution.processes.through
    links = [through(resolution=r, process=processes[0]) for r in resolutions[:50]]
    links += [through(resolution=r, process=processes[1]) for r in resolutions[50:52]]
    links += [
        through(resolution=r, process=rng.choice(others or processes)) for r in resolutions[52:]
    ]
    through.objects.bulk_create(links, batch_size=5000)

    # Events: the big process ~3,900 (with ~1,000 rounds, 50 resolutions and 50
    # appointments: ~5,000 entries), the small 36, the rest share the remainder.
    total_events = count(200000, 100)
    big_events, small_events = min(3900, total_events // 10), 36
    rest = max(0, total_events - big_events - small_events)
    per_process = {processes[0].pk: big_events, processes[1].pk: small_events}
    for i, p in enumerate(others):
        per_process[p.pk] = rest // len(others) + (i < rest % len(others))
    events = []
    for p in processes:
        for n in range(per_process[p.pk]):
            words, words_ar = EVENT_WORDS[n % len(EVENT_WORDS)]
            place, place_ar = PLACES[(p.pk + n) % len(PLACES)]
            day = random_day(rng, p.start_earliest, date(2025, 12, 31))
            events.append(
                with_bounds(
                    Event(
                        process=p,
                        kind=rng.choice([k for k, _l in Event.Kind.choices]),
                        title_en=f"{words} {place}",
                        title_ar=f"{words_ar} {place_ar}",
                        description_en=f"Reported by observers; talks on {TOPICS[n % 8][0]}.",
                        description_ar=f"بحسب مراقبين؛ محادثات حول {TOPICS[n % 8][1]}.",
                        place_en=place,
                        place_ar=place_ar,
                        publication=PUBLISHED,
                    ),
                    date=fuzzy(rng, day),
                )
            )
            if len(events) >= 20000:
                Event.objects.bulk_create(events)
                events = []
    Event.objects.bulk_create(events)

    served = [p for p in processes for _n in range(50 if p.slug == BIG else 2)]
    appointments = Appointment.objects.bulk_create(
        with_bounds(
            Appointment(
                person=people[n % len(people)],
                role_en="Special Envoy",
                role_ar="المبعوث الخاص",
                publication=PUBLISHED,
            ),
            start=fuzzy(rng, random_day(rng, p.start_earliest, date(2025, 1, 1))),
            end="",
        )
        for n, p in enumerate(served)
    )
    Appointment.processes.through.objects.bulk_create(
        Appointment.processes.through(appointment=a, process=p)
        for a, p in zip(appointments, served, strict=True)
    )
    MemberVote.objects.bulk_create(
        (
            MemberVote(resolution=r, member=party, vote="in_favour")
            for r in resolutions[: count(500, 5)]
            for party in parties[:5]
        ),
        batch_size=5000,
    )

    # Who was at each round, how its agenda fared, and its sources.
    envoys, statuses, delegations, citations, mandates = [], [], [], [], []
    for round_ in rounds:
        envoys.append(RoundEnvoy(round=round_, person=rng.choice(people)))
        for item in items_of[round_.process_id][: rng.randrange(1, 5)]:
            statuses.append(
                AgendaStatus(
                    round=round_,
                    item=item,
                    status=rng.choice([s for s, _l in AgendaStatus.Status.choices]),
                )
            )
        for party in rng.sample(parties, 3):
            delegations.append(
                Delegation(
                    round=round_, party=party, capacity="negotiating", head=rng.choice(people)
                )
            )
        citations.append(RoundCitation(round=round_, source=rng.choice(sources), quote="…"))
        mandates.append(RoundResolution(round=round_, resolution=rng.choice(resolutions)))
    for model, rows in (
        (RoundEnvoy, envoys),
        (AgendaStatus, statuses),
        (Delegation, delegations),
        (RoundCitation, citations),
        (RoundResolution, mandates),
    ):
        model.objects.bulk_create(rows, batch_size=5000)
    ResolutionCitation.objects.bulk_create(
        (ResolutionCitation(resolution=r, source=rng.choice(sources)) for r in resolutions),
        batch_size=5000,
    )
    event_ids = list(Event.objects.values_list("pk", flat=True)[: count(20000, 10)])
    EventCitation.objects.bulk_create(
        (EventCitation(event_id=pk, source=rng.choice(sources)) for pk in event_ids),
        batch_size=5000,
    )
    search.rebuild()
    return {
        "processes": Process.objects.count(),
        "rounds": Round.objects.count(),
        "events": Event.objects.count(),
        "resolutions": Resolution.objects.count(),
    }


def main():
    call_command("migrate", verbosity=0)
    if Process.objects.exists():
        print("The database already has data; generate into a new file.", file=sys.stderr)
        sys.exit(1)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
    with transaction.atomic():
        counts = generate()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(", ".join(f"{n} {name}" for name, n in counts.items()))


if __name__ == "__main__":
    main()
