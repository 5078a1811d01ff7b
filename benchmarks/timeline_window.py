"""Cold timeline pages of a 5,000-entry process against a 50-entry one.

    DATABASE_URL=sqlite:////tmp/window.sqlite3 python benchmarks/timeline_window.py

Builds (once) process "big" (1,000 rounds and 4,000 events from 1990 to this year)
and "small" (10 rounds, 40 events), then times each page with an empty cache, as
after an edit: the median of eleven runs, in milliseconds."""

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from rounds import fuzzydates  # noqa: E402
from rounds.models import Event, Process, Round  # noqa: E402

PUBLISHED = "published"


def with_bounds(record, **dates):
    for name, text in dates.items():
        value = fuzzydates.parse(text)
        setattr(record, name, text)
        setattr(record, f"{name}_earliest", value.earliest)
        setattr(record, f"{name}_latest", value.latest)
    return record


def fill(slug: str, rounds: int, events: int) -> None:
    rng = random.Random(slug)
    process = Process.objects.create(
        name=slug.title(), slug=slug, conflict="Syria", start="1990", publication=PUBLISHED
    )
    first, span = date(1990, 1, 1), (date(date.today().year, 12, 31) - date(1990, 1, 1)).days
    days = sorted(first + timedelta(days=rng.randrange(span)) for _ in range(rounds))
    Round.objects.bulk_create(
        with_bounds(
            Round(
                process=process,
                number=n + 1,
                label=f"{slug} {n + 1}",
                city="Geneva",
                status="concluded",
                format="indirect",
                publication=PUBLISHED,
            ),
            start=day.isoformat(),
        )
        for n, day in enumerate(days)
    )
    Event.objects.bulk_create(
        with_bounds(
            Event(process=process, kind="announcement", title=f"Event {n}", publication=PUBLISHED),
            date=(first + timedelta(days=rng.randrange(span))).isoformat(),
        )
        for n in range(events)
    )


def cold(client: Client, url: str, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        cache.clear()
        started = time.perf_counter()
        assert client.get(url, HTTP_HOST="localhost", secure=True).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    # No collected static files here: plain storage, as DEBUG would use.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)
    if not Process.objects.filter(slug="big").exists():
        fill("big", 1000, 4000)
        fill("small", 10, 40)
    client = Client()
    urls = ("/processes/small/", "/processes/big/", "/processes/big/?year=all")
    for url in urls:  # warm up the code paths (templates, translations)
        cold(client, url, runs=1)
    times = {url: cold(client, url, runs=11) for url in urls}
    for url, ms in times.items():
        print(f"{url:28} {ms:8.1f} ms  {ms / times[urls[0]]:5.1f}x small")


if __name__ == "__main__":
    main()
