"""No draft leaks: drafts carrying a unique word in every text field, linked from
published records, never show through a public response. The URLs come from the
URLconf (every named route but the admin, filled with the ids and slugs of public
and draft records, English and Arabic), and the filters from the OpenAPI schema,
so a new endpoint is covered without touching this file."""

import itertools
import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from rounds import models as m
from rounds.api.filters import GLOBAL_PARAMS
from rounds.models.base import FuzzyDateField, translated_base_fields

from . import factories as f

pytestmark = pytest.mark.django_db


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


MARK = "leakmark"  # every secret word starts with it: one search finds them all
# Drafts get ids counting down from here, 1000 apart: no public record gets one
# (SQLite numbers a table's new rows after its highest id; PostgreSQL's sequences
# stay far below).
FIRST_DRAFT_ID = 98_769_000
MISSING_ID = FIRST_DRAFT_ID + 777  # no record has it
NOT_TEXT = {"symbol", "wikidata_id", "pax_id", "ucdp_id", "language", "publication", "slug"}


class Secrets:
    """Words and ids that belong to drafts only."""

    def __init__(self):
        self.words: list[str] = []
        self.ids: list[int] = []
        self.identifiers: list[str] = []  # slugs, symbols, URLs
        self._next_id = itertools.count(FIRST_DRAFT_ID, -1000)

    def word(self) -> str:
        self.words.append(f"{MARK}{len(self.words):03d}q")
        return self.words[-1]

    def new_id(self) -> int:
        self.ids.append(next(self._next_id))
        return self.ids[-1]

    def words_for(self, model, **values) -> dict:
        """A unique word in every free-text field of `model` (both languages)."""
        translated = translated_base_fields(model)
        for field in model._meta.concrete_fields:
            plain = isinstance(field, models.CharField | models.TextField)
            if (
                not plain
                or field.choices
                or isinstance(field, FuzzyDateField | models.URLField | models.SlugField)
                or field.name in NOT_TEXT
                or field.name in values
                or not field.editable
            ):
                continue
            if field.name in translated:
                continue  # its _en and _ar columns get their own words
            values[field.attname] = self.word()
        return values

    def draft(self, factory, **values):
        model = factory._meta.model
        return factory(id=self.new_id(), draft=True, **self.words_for(model, **values))

    def row(self, factory, **values):
        """A row beside a record (citation, delegation...), with words and an id."""
        return factory(id=self.new_id(), **self.words_for(factory._meta.model, **values))

    def found_in(self, text: str) -> list[str]:
        found = [w for w in self.words if w in text]
        found += [i for i in self.identifiers if i in text]
        found += [str(i) for i in self.ids if re.search(rf"(?<!\d){i}(?!\d)", text)]
        return found


def correct(record, reason="Corrected.", **values):
    record = type(record).objects.get(pk=record.pk)
    for name, value in values.items():
        setattr(record, name, value)
    record.correction_reason = reason
    record.save()


@pytest.fixture
def world():
    """Published records linking to drafts of every kind, and the secrets."""
    s = Secrets()
    process = f.ProcessFactory(slug="public-process", name="Public process")
    envoy = f.PersonFactory(name="Public envoy")
    appointment = f.AppointmentFactory(process=process, person=envoy)
    round_ = f.RoundFactory(process=process, label="Public round")
    resolution = f.ResolutionFactory(subject="Public resolution")
    resolution.processes.add(process)
    event = f.EventFactory(process=process, title="Public event")
    document = f.DocumentFactory(process=process, title="Public document")

    # Draft people, parties and sources: named by drafts only.
    person = s.row(f.PersonFactory, wikidata_id="Q987654321")
    party = s.row(f.PartyFactory, wikidata_id="Q987654322")
    source = s.row(f.SourceFactory, url="https://leak.example/secret-source")
    s.identifiers += ["Q987654321", "Q987654322", "leak.example"]

    # A draft process, with a published round, event and agenda item of its own.
    draft_process = s.draft(f.ProcessFactory, slug="secret-process", start="2016")
    s.identifiers.append("secret-process")
    resolution.processes.add(draft_process)
    s.row(f.RoundFactory, process=draft_process, number=99, start="2018-01-01", end="")
    s.row(f.EventFactory, process=draft_process)
    s.row(f.DocumentFactory, process=draft_process, pax_id="7371917", ucdp_id="7371917")
    s.identifiers.append("7371917")
    s.row(f.AgendaItemFactory, process=draft_process)

    # A draft round of the public process, with everything a round carries.
    draft_round = s.draft(f.RoundFactory, process=process, number=98)
    s.row(f.RoundEnvoyFactory, round=draft_round, person=person)
    s.row(f.DelegationFactory, round=draft_round, party=party, head=person)
    s.row(f.RoundCitationFactory, round=draft_round, source=source)
    s.row(f.AgendaStatusFactory, round=draft_round, item=f.AgendaItemFactory(process=process))
    s.row(f.RoundStatusChangeFactory, round=draft_round, source=source)
    s.draft(f.RoundFactory, process=process, parent=round_, number=None)  # side session

    draft_resolution = s.draft(
        f.ResolutionFactory, number=2999, adopted_on=date(2099, 1, 1), symbol="S/RES/2999 (2099)"
    )
    s.identifiers.append("S/RES/2999")
    draft_resolution.processes.add(process)
    s.row(f.ResolutionCitationFactory, resolution=draft_resolution, source=source)
    draft_veto = s.draft(f.ResolutionFactory, vetoed=True, symbol="S/2099/1", year=2099)
    s.identifiers.append("S/2099/1")
    s.row(f.VetoFactory, resolution=draft_veto, party=party)

    draft_event = s.draft(f.EventFactory, process=process, person=person, round=draft_round)
    s.row(f.EventCitationFactory, event=draft_event, source=source)
    draft_document = s.draft(f.DocumentFactory, process=process, round=draft_round)
    s.row(f.SignatureFactory, document=draft_document, party=party)
    draft_appointment = s.draft(f.AppointmentFactory, process=process, person=person)
    s.row(f.AppointmentOrganisationFactory, appointment=draft_appointment, organisation=party)
    s.row(f.AppointmentCitationFactory, appointment=draft_appointment, source=source)

    # Published records linking to the drafts, some through logged corrections.
    f.RoundResolutionFactory(round=round_, resolution=draft_resolution)
    correct(event, round=draft_round, resolution=draft_resolution)
    correct(document, round=draft_round)
    other_envoy = f.PersonFactory(name="Second public envoy")
    correct(appointment, person=person)
    correct(appointment, person=other_envoy)
    f.AppointmentFactory(process=process, person=envoy)  # keeps the first envoy public

    # A published event corrected with secret words, then returned to draft.
    withdrawn = f.EventFactory(process=process, id=s.new_id())
    correct(withdrawn, title=s.word(), description=s.word())
    correct(withdrawn, publication=m.Publication.DRAFT)

    s.public = {
        "process": process,
        "round": round_,
        "resolution": resolution,
        "event": event,
        "document": document,
        "person": envoy,
        "party": f.DelegationFactory(round=round_).party,
        "source": f.RoundCitationFactory(round=round_).source,
        "agendaitem": f.AgendaItemFactory(process=process),
    }
    s.drafts = {
        "process": draft_process,
        "round": draft_round,
        "resolution": draft_resolution,
        "event": draft_event,
        "document": draft_document,
        "person": person,
        "party": party,
        "source": source,
        "agendaitem": m.AgendaItem.objects.get(process=draft_process),
    }
    return s


# --- Every public URL, from the URLconf -------------------------------------------------


def named_routes(resolver=None, namespace="", params=None):
    """(name, {parameter: converter}) of every named route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        found = {**(params or {}), **getattr(pattern.pattern, "converters", {})}
        regex = getattr(pattern.pattern, "regex", None)
        if regex is not None:
            found = {name: found.get(name) for name in regex.groupindex} | found
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_routes(pattern, inner, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", found


def fill(route: str, param: str, converter, world: Secrets) -> list:
    kind = route.rpartition(":")[2].split("-")[0].replace("_", "")
    if param in ("pk", "id") or isinstance(converter, IntConverter):
        kinds = [kind] if kind in world.public else list(world.public)
        return [record.pk for k in kinds for record in (world.public[k], world.drafts[k])] + [
            MISSING_ID
        ]
    if param == "slug":
        return ["public-process", "secret-process"]
    if param == "format":
        return ["json", "csv"]
    raise AssertionError(
        f"The leak test does not know how to fill <{param}> in {route}: teach fill()."
    )


def public_urls(world: Secrets) -> list[str]:
    urls = ["/no-such-page/", "/ar/no-such-page/", "/api/v1/no-such-thing/"]
    for route, params in sorted(set((r, tuple(p.items())) for r, p in named_routes())):
        if route.startswith("admin:"):
            continue
        params = dict(params)
        choices = [[(p, v) for v in fill(route, p, c, world)] for p, c in params.items()]
        for combo in itertools.product(*choices):
            languages = ["en", "ar"] if route.startswith("rounds:") else ["en"]
            for language in languages:
                with translation.override(language):
                    url = reverse(route, kwargs=dict(combo))
                urls += [url + query for query in queries(route)]
    return sorted(set(urls))


def queries(route: str) -> list[str]:
    if route.endswith("-list"):
        return [
            "",
            "?page_size=200",
            "?format=csv",
            "?lang=ar&page_size=200",
            f"?search={MARK}",
        ]
    if route.startswith("api:") and route.endswith("-detail"):
        return ["", "?format=csv", "?lang=ar"]
    if route == "rounds:search":
        return ["", f"?q={MARK}"]
    if route == "api:process-corrections":
        return ["", "?format=csv", "?lang=ar"]
    return [""]


def test_no_public_response_shows_a_draft(client, world):
    urls = public_urls(world)
    assert len(urls) > 100  # the URLconf was read

    leaks = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code < 500, url
        body = b"".join(response) if response.streaming else response.content
        # (A 404 page may repeat the address asked for: that is no leak.)
        found = [w for w in world.found_in(body.decode("utf-8", "replace")) if w not in url]
        if found:
            leaks[url] = found[:5]
    assert leaks == {}


def test_the_secret_words_are_searchable_to_editors(client, editor, world):
    """The test's own check: the words are where the search looks."""
    client.force_login(editor)
    body = client.get(f"/api/v1/rounds/?search={MARK}").content.decode()
    assert world.drafts["round"].label in body


# --- Filters, from the OpenAPI schema --------------------------------------------------


def list_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if not get or "{" in path:
            continue
        for parameter in get.get("parameters", []):
            if parameter["in"] == "query" and parameter["name"] not in GLOBAL_PARAMS:
                yield path, parameter


def draft_values(world: Secrets, parameter: dict) -> tuple[list, object]:
    """Values naming drafts for this parameter, and one naming nothing at all."""
    if parameter["schema"].get("type") in ("integer", "number"):
        return [record.pk for record in world.drafts.values()], MISSING_ID
    identifiers = [
        "secret-process",
        "S/RES/2999 (2099)",
        "S/2099/1",
        "Q987654321",
        "Q987654322",
        world.drafts["source"].publisher,
    ]
    return identifiers, "no-such-thing"


def answer(client, path: str, name: str, value) -> tuple:
    response = client.get(path, {name: value, "page_size": 200})
    return response.status_code, response.content.decode().replace(str(value), "VALUE")


def test_a_filter_on_a_draft_answers_as_on_nothing(client, world):
    operations = list(list_operations())
    assert len(operations) > 20  # the schema was read

    differ = []
    for path, parameter in operations:
        values, missing = draft_values(world, parameter)
        expected = answer(client, path, parameter["name"], missing)
        for value in values:
            if answer(client, path, parameter["name"], value) != expected:
                differ.append(f"{path}?{parameter['name']}={value}")
    assert differ == []


# --- What the public reads instead ----------------------------------------------------


def test_a_link_to_a_draft_reads_as_an_unpublished_record_everywhere(client, world):
    event = world.public["event"]
    api = client.get("/api/v1/processes/public-process/corrections/").json()
    changes = [
        c["changes"]
        for c in api["results"]
        if (c["record_type"], c["record_id"]) == ("event", event.pk)
    ]
    assert changes == [
        {"resolution": ["", "an unpublished record"], "round": ["", "an unpublished record"]}
    ]
    assert "an unpublished record" in client.get("/processes/public-process/corrections/").text
    assert "سجل غير منشور" in client.get("/ar/processes/public-process/corrections/").text
    assert "an unpublished record" in client.get("/processes/public-process/corrections/feed/").text


def test_once_published_the_linked_record_is_named(client, world):
    draft_round = world.drafts["round"]
    draft_round.publication = m.Publication.PUBLISHED
    draft_round.save()

    page = client.get("/processes/public-process/corrections/").text
    assert draft_round.label in page


def test_editors_read_the_names_of_drafts_in_the_api(client, editor, world):
    client.force_login(editor)
    api = client.get("/api/v1/processes/public-process/corrections/").json()
    assert world.drafts["round"].label in str(api)


def test_published_records_read_links_to_drafts_as_null(client, world):
    event = client.get(f"/api/v1/events/{world.public['event'].pk}/").json()
    document = client.get(f"/api/v1/documents/{world.public['document'].pk}/").json()
    round_ = client.get(f"/api/v1/rounds/{world.public['round'].pk}/").json()

    assert (event["round"], event["resolution"], document["round"]) == (None, None, None)
    assert round_["resolutions"] == []


def test_people_parties_and_sources_are_public_only_through_published_records(world):
    for kind, model in (("person", m.Person), ("party", m.Party), ("source", m.Source)):
        public = set(model.objects.public())
        assert world.public[kind] in public
        assert world.drafts[kind] not in public


def test_editors_still_see_drafts_and_their_links(client, editor, world):
    client.force_login(editor)
    event = client.get(f"/api/v1/events/{world.public['event'].pk}/").json()
    person = client.get(f"/api/v1/people/{world.drafts['person'].pk}/")

    assert event["round"] == world.drafts["round"].pk
    assert person.status_code == 200


@pytest.mark.parametrize("client_kind", ["anonymous", "plain user"])
def test_a_draft_only_person_party_or_source_is_a_404(client, plain_user, world, client_kind):
    if client_kind == "plain user":
        client.force_login(plain_user)
    for kind, path in (("person", "people"), ("party", "parties"), ("source", "sources")):
        assert client.get(f"/api/v1/{path}/{world.drafts[kind].pk}/").status_code == 404
    assert client.get(f"/people/{world.drafts['person'].pk}/").status_code == 404


def test_the_list_of_urls_covers_every_kind_of_public_answer(world):
    urls = public_urls(world)
    for needle in (
        "/api/v1/rounds/",
        "/timelinejs/",
        "/corrections/feed/",
        "/rounds.ics",
        "/ar/processes/public-process/",
        "/search/?q=",
        "format=csv",
    ):
        assert any(needle in url for url in urls), needle
