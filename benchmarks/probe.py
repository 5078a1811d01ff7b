"""Facts about a benchmark database (ids and cursors the scenarios need) and the
SQL queries each scenario of ours runs there, through Django's test client.

    DATABASE_URL=sqlite:///benchmarks/data/large.sqlite3 python benchmarks/probe.py

Prints JSON: {"facts": {...}, "queries": {scenario: count}}."""

import base64
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("API_ANON_RATE", "1000000000/second")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from rounds.models import AgendaItem, Event, Process, Round  # noqa: E402

DEEP_PAGES = 1000
PAGE = 50


def facts() -> dict:
    big = Process.objects.get(slug="big")
    events = Event.objects.published().order_by("date_earliest", "pk")
    deep = events.values("date_earliest", "pk")[min(DEEP_PAGES * PAGE, max(0, events.count() - 1))]
    # DRF's cursor: the position (first ordering field) and an offset past equal ones.
    same_day_before = events.filter(date_earliest=deep["date_earliest"], pk__lt=deep["pk"])
    cursor = {"p": deep["date_earliest"].isoformat(), "o": same_day_before.count()}
    return {
        "big_id": big.pk,
        "small_id": Process.objects.get(slug="small").pk,
        "agenda_item": AgendaItem.objects.filter(process=big).order_by("order")[0].pk,
        "round_id": Round.objects.filter(process=big).order_by("pk")[0].pk,
        "deep_cursor": base64.b64encode(urlencode(cursor).encode()).decode(),
        "deep_after": f"{deep['date_earliest'].isoformat()},{deep['pk']}",
        "deep_offset": same_day_before.count(),
    }


def queries(urls: dict[str, str]) -> dict[str, int]:
    client = Client()
    counts = {}
    for name, url in urls.items():
        client.get(url)  # warm caches and connections, as a running server has them
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        counts[name] = len(captured) if response.status_code < 400 else None
    return counts


if __name__ == "__main__":
    from benchmarks.scenarios import ours

    found = facts()
    print(json.dumps({"facts": found, "queries": queries(ours(found))}))
