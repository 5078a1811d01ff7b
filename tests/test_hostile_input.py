"""A corpus of hostile values sent to every parameter and body field of every
operation of the OpenAPI schema (read in-process from drf-spectacular), anonymously
and as an editor, and to the reader pages' query parameters: never a 500.

The corpus: digits that are not ASCII, NUL, lone surrogates, invalid UTF-8, a
1 MB string, deeply nested JSON, huge and non-finite numbers, bidi overrides. To
keep the run short every operation gets every value once with all its parameters
at the same time, and each parameter on its own a rotating sample of the values."""

import json
import re
from itertools import cycle, islice
from urllib.parse import quote as url_quote

import pytest
from django.core.cache import cache
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from rounds.models import Event, Process, Resolution, Round

from . import factories as f

# Requests run in autocommit, as in production: inside one test-wide transaction a
# database error that a view turns into a 400 (a number beyond PostgreSQL's range,
# a cancelled search) would poison every later request of the run.
pytestmark = pytest.mark.django_db(transaction=True)

MEGABYTE = "x" * 1_000_000
DEEP = "[" * 50_000 + "]" * 50_000  # JSON text, sent raw as a field's value

# Values as JSON would carry them (and as text in a query string).
CORPUS = [
    "²",
    "①",
    "١٢٣",
    "\x00",
    "geneva\x00x",
    "\ud800",
    "a\udfffb",
    MEGABYTE,
    10**40,
    -(10**40),
    "99999999999999999999999999",
    "1e400",
    "\u202egeneva\u202c",
    "\u2066S/RES/2254 (2015)\u2069",
    "",
    None,
    [],
    {"id": "\x00"},
]
PER_PARAMETER = 3  # values each query parameter gets on its own
PER_FIELD = 1  # and each body field (every write of a resource has the same fields)
RAW_BODIES = [
    b'{"label": "\xff\xfe"}',  # invalid UTF-8
    b"\xc3\x28",
    ('{"label": ' + DEEP + "}").encode(),
    b'{"votes_for": 1e999, "number": NaN, "label": Infinity}',
    b'{"label": "\\ud800"}',  # a lone surrogate, escaped
]


@pytest.fixture(autouse=True)
def unthrottled(monkeypatch):
    """Hundreds of requests from one client: the throttles (which count in the
    cache) are not under test here, so each request starts with an empty cache."""
    from django.test import Client

    request = Client.request

    def fresh(self, **kwargs):
        cache.clear()
        return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", fresh)


@pytest.fixture
def client(client):
    """A 500 is recorded as an answer, not raised, so that one run lists them all."""
    client.raise_request_exception = False
    return client


@pytest.fixture
def records(db):
    process = f.ProcessFactory(slug="geneva")
    round_ = f.RoundFactory(process=process)
    f.RoundEnvoyFactory(round=round_)
    f.AgendaStatusFactory(round=round_)
    resolution = f.ResolutionFactory()
    resolution.processes.add(process)
    f.RoundResolutionFactory(round=round_, resolution=resolution)
    event = f.EventFactory(process=process, round=round_)
    document = f.DocumentFactory(process=process, round=round_)
    return {
        "processes": process.slug,
        "rounds": round_.pk,
        "people": f.AppointmentFactory(process=process).person_id,
        "parties": f.DelegationFactory(round=round_).party_id,
        "agenda-items": f.AgendaItemFactory(process=process).pk,
        "resolutions": resolution.pk,
        "events": event.pk,
        "documents": document.pk,
        "sources": f.RoundCitationFactory(round=round_).source_id,
    }


def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema["components"]["schemas"]
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            fields = []
            if body:
                ref = body["schema"].get("$ref", "").rpartition("/")[2]
                fields = list(components.get(ref, {}).get("properties", {}))
            yield path, method, [p["name"] for p in parameters], fields


def real_path(path: str, records: dict) -> str:
    resource = path.split("/")[3]
    value = records.get(resource, records["processes"])
    return re.sub(r"\{[^}]+\}", str(value), path)


def as_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def sample(values: list, start: int, size: int) -> list:
    return list(islice(cycle(values), start, start + size))


def current_version(path: str, records: dict) -> dict:
    models = {"rounds": Round, "events": Event, "resolutions": Resolution}
    resource = path.split("/")[3]
    if resource == "processes":
        return {"version": Process.objects.values_list("version", flat=True).first()}
    if resource in models and "{" in path:
        versions = models[resource].objects.filter(pk=records[resource])
        return {"version": versions.values_list("version", flat=True).first()}
    return {}


def send(client, method: str, path: str, query: dict, body=None, raw: bytes | None = None):
    url = path
    if query:
        url += "?" + "&".join(f"{name}={quote(as_text(value))}" for name, value in query.items())
    payload = raw if raw is not None else json.dumps(body) if body is not None else None
    call = getattr(client, method)
    if method == "get":
        return call(url)
    return call(url, payload, content_type="application/json")


def quote(text: str) -> str:
    """Percent-encoded as sent on the wire, a lone surrogate as its (invalid) bytes."""
    return url_quote(text.encode("utf-8", "surrogatepass"), safe="")


def hostile_requests(records: dict, *, bodies: bool):
    """(method, path, query, body, raw) for every operation of the schema.
    `bodies=False` (anonymous callers, refused before a body is read) sends each
    write only with every field hostile at once."""
    turn = 0  # rotates the sampled values across operations
    for path, method, parameters, fields in operations():
        target = real_path(path, records)
        if method == "delete":
            target = re.sub(r"\{[^}]+\}", "%C2%B2", path)  # never delete the records
        for value in CORPUS:  # every value, in every parameter and field at once
            if value is MEGABYTE:  # (one megabyte at a time is enough)
                continue
            query = dict.fromkeys(parameters, value)
            body = {**dict.fromkeys(fields, value), **current_version(path, records)}
            yield method, target, query, body if fields else None, None
        for name in parameters:
            for value in sample(CORPUS, turn, PER_PARAMETER):
                turn += 1
                yield method, target, {name: value}, None, None
        if not bodies:
            continue
        for name in fields:
            for value in sample(CORPUS, turn, PER_FIELD):
                turn += 1
                yield method, target, {}, {name: value, **current_version(path, records)}, None
        if fields:
            for raw in sample(RAW_BODIES, turn, 2):
                turn += 1
                yield method, target, {}, None, raw
        if "{" in path:  # hostile path parameters
            for value in sample(["²", "%00", "%ED%A0%80", "9" * 40, "%FF"], turn, 2):
                turn += 1
                yield method, re.sub(r"\{[^}]+\}", value, path), {}, None, None


@pytest.mark.parametrize("caller", ["anonymous", "editor"])
def test_no_hostile_value_gets_a_500_from_the_api(client, editor, records, caller):
    if caller == "editor":
        client.force_login(editor)

    failures, sent = [], 0
    for method, path, query, body, raw in hostile_requests(records, bodies=caller == "editor"):
        response = send(client, method, path, query, body, raw)
        sent += 1
        if response.status_code >= 500:
            shown = {k: as_text(v)[:30] for k, v in (query or body or {}).items()}
            failures.append(f"{method.upper()} {path} {shown or raw[:40]}: {response.status_code}")
    assert sent > 500  # the schema was read
    assert failures == [], "\n".join(failures)


READER_PARAMS = ["q", "kind", "year", "page", "lang", "format"]


def reader_paths(records: dict) -> list[str]:
    round_ = records["rounds"]
    return [
        reverse("rounds:home"),
        reverse("rounds:search"),
        reverse("rounds:process", args=["geneva"]),
        reverse("rounds:agenda", args=["geneva"]),
        reverse("rounds:corrections", args=["geneva"]),
        reverse("rounds:round", args=[round_]),
        reverse("rounds:person", args=[records["people"]]),
        reverse("rounds:resolution", args=[records["resolutions"]]),
        reverse("rounds:event", args=[records["events"]]),
        reverse("rounds:process-feed", args=["geneva"]),
        reverse("rounds:corrections-feed", args=["geneva"]),
        reverse("rounds:process-calendar", args=["geneva"]),
    ]


@pytest.mark.parametrize("caller", ["anonymous", "editor"])
def test_no_hostile_query_gets_a_500_from_a_reader_page(client, editor, records, caller):
    if caller == "editor":
        client.force_login(editor)

    failures = []
    for path in reader_paths(records):
        for language in ("", "/ar"):
            for value in CORPUS:
                query = dict.fromkeys(READER_PARAMS, value)
                response = send(client, "get", language + path, query)
                if response.status_code >= 500:
                    failures.append(f"{language}{path} {as_text(value)[:30]}")
    assert failures == []
