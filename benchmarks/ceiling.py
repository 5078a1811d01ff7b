"""The plain-Django ceiling: the same rows as the API's hot lists, read with
`.values()` and written with orjson, behind no middleware. What Django itself can
do on this machine; the benchmark reports our figures as a ratio of it.

Served by gunicorn as benchmarks.ceiling_wsgi (this module is both the settings and
the URLconf)."""

import os

os.environ.setdefault("SECRET_KEY", "benchmark-only")

import orjson  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

from tracker.settings import *  # noqa: E402,F403

ROOT_URLCONF = "benchmarks.ceiling"
MIDDLEWARE = []
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PAGE = 50

ROUND_FIELDS = (
    "id",
    "process__slug",
    "parent",
    "number",
    "label_en",
    "status",
    "format",
    "start",
    "end",
    "start_earliest",
    "end_latest",
    "announced_start",
    "announced_end",
    "delegations_arrive_on",
    "city_en",
    "venue_en",
    "summary_en",
    "outcome_en",
    "publication",
    "version",
)
EVENT_FIELDS = (
    "id",
    "process__slug",
    "kind",
    "title_en",
    "description_en",
    "date",
    "date_earliest",
    "date_latest",
    "duration",
    "place_en",
    "round",
    "resolution",
    "person",
    "publication",
    "version",
)
RESOLUTION_FIELDS = (
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
    "subject_en",
    "document_url",
    "publication",
    "version",
)


def json(rows) -> HttpResponse:
    return HttpResponse(
        orjson.dumps({"results": list(rows)}, default=str), content_type="application/json"
    )


def rounds(request):
    from rounds.models import Round

    rows = Round.objects.filter(
        publication="published",
        process__publication="published",
        process__slug=request.GET["process"],
    )
    if "status" in request.GET:
        rows = rows.filter(status__in=request.GET["status"].split(","))
    if "start_after" in request.GET:
        rows = rows.filter(start_latest__gte=request.GET["start_after"])
    if "agenda_item" in request.GET:
        rows = rows.filter(agenda__item=request.GET["agenda_item"])
    return json(rows.order_by("start_earliest", "number", "id").values(*ROUND_FIELDS)[:PAGE])


def events(request):
    from rounds.models import Event

    rows = Event.objects.filter(publication="published", process__publication="published")
    if "after" in request.GET:  # keyset: the page after (date, id)
        day, pk = request.GET["after"].split(",")
        rows = rows.filter(date_earliest__gte=day).exclude(date_earliest=day, id__lte=pk)
    return json(rows.order_by("date_earliest", "id").values(*EVENT_FIELDS)[:PAGE])


def resolutions(request):
    from rounds.models import Resolution

    rows = Resolution.objects.filter(publication="published")
    return json(rows.order_by("adopted_on", "symbol", "id").values(*RESOLUTION_FIELDS)[:PAGE])


urlpatterns = [
    path("rounds/", rounds),
    path("events/", events),
    path("resolutions/", resolutions),
]
