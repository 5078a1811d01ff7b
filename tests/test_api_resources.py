"""The API's resources: fields, lookups, pagination, query counts and writes."""

import pytest

from rounds.models import AgendaStatus, Resolution, Round, RoundEnvoy
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data, **headers):
    return client.patch(url, data, content_type="application/json", **headers)


def full_round(**kwargs) -> Round:
    """A round with one row of everything it nests."""
    round_ = f.RoundFactory(**kwargs)
    f.RoundEnvoyFactory(round=round_)
    f.AgendaStatusFactory(round=round_)
    f.DelegationFactory(round=round_, head=f.PersonFactory())
    f.RoundCitationFactory(round=round_)
    f.RoundResolutionFactory(round=round_)
    return round_


# --- Reading ---------------------------------------------------------------------


def test_api_root_lists_every_resource(client):
    response = client.get(f"{API}/")

    assert response.status_code == 200
    assert set(response.json()) == {
        "processes",
        "rounds",
        "people",
        "appointments",
        "parties",
        "tracks",
        "agenda-items",
        "resolutions",
        "events",
        "documents",
        "sources",
    }


def test_round_detail_has_the_contract_fields(client):
    round_ = f.RoundFactory(
        process__slug="syria-geneva",
        label="Geneva IV",
        start="2017-02-23",
        end="2017-03~",
        announced_start="2017-02-20",
        city="Geneva",
        venue="Palais des Nations",
    )
    f.RoundEnvoyFactory(round=round_, person__name="Staffan de Mistura", role="Convener")
    f.AgendaStatusFactory(round=round_, item__title="Constitution", note="First reading")
    f.DelegationFactory(round=round_, party__name="Syrian government")
    f.RoundCitationFactory(round=round_, quote="Talks opened on Monday.")
    f.RoundResolutionFactory(round=round_, resolution__symbol="S/RES/2254 (2015)")

    body = client.get(f"{API}/rounds/{round_.pk}/").json()

    assert body["id"] == round_.pk
    assert body["process"] == "syria-geneva"
    assert body["label"] == "Geneva IV"
    assert (body["start"], body["end"]) == ("2017-02-23", "2017-03~")
    assert (body["start_earliest"], body["end_latest"]) == ("2017-02-23", "2017-03-31")
    assert body["announced_start"] == "2017-02-20"
    assert body["dates"] == "23 February 2017 – c. March 2017"
    assert (body["city"], body["venue"]) == ("Geneva", "Palais des Nations")
    assert body["parent"] is None
    assert body["url"] == f"http://testserver{round_.get_absolute_url()}"  # reader page
    assert body["envoys"] == [
        {"id": round_.envoys.get().pk, "name": "Staffan de Mistura", "role": "Convener"}
    ]
    agenda = round_.agenda.get()
    assert body["agenda"] == [
        {
            "item": agenda.item_id,
            "title": "Constitution",
            "status": "discussed",
            "note": agenda.note,
        }
    ]
    assert body["resolutions"] == ["S/RES/2254 (2015)"]
    assert body["delegations"][0]["party_name"] == "Syrian government"
    assert body["delegations"][0]["capacity"] == "negotiating"
    assert body["sources"][0]["quote"] == "Talks opened on Monday."
    assert body["sources"][0]["url"].startswith("https://")


def test_side_session_names_its_parent(client):
    side = f.RoundFactory(side_session=True)

    body = client.get(f"{API}/rounds/{side.pk}/").json()

    assert body["parent"] == side.parent_id
    assert body["number"] is None


def test_resolution_has_its_vote_and_vetoes(client):
    veto = f.VetoFactory(party__name="Russian Federation", resolution__symbol="S/2016/846")
    veto.resolution.processes.add(f.ProcessFactory(slug="syria-geneva"))

    body = client.get(f"{API}/resolutions/{veto.resolution.pk}/").json()

    assert body["symbol"] == "S/2016/846"
    assert body["body"] == "security_council"
    assert body["status"] == "vetoed"
    assert (body["votes_for"], body["votes_against"], body["abstentions"]) == (11, 2, 2)
    assert body["vetoed_by"] == [{"id": veto.party_id, "name": "Russian Federation"}]
    assert body["processes"] == ["syria-geneva"]
    for field in ("number", "year", "adopted_on", "subject", "document_url"):
        assert field in body


def test_process_is_looked_up_by_slug(client):
    f.ProcessFactory(slug="syria-geneva", name="Geneva talks on Syria")

    response = client.get(f"{API}/processes/syria-geneva/")

    assert response.status_code == 200
    assert response.json()["name"] == "Geneva talks on Syria"


def test_people_carry_their_appointments(client):
    appointment = f.AppointmentFactory(
        person__name="Geir Pedersen", role="Special Envoy", process__slug="syria-geneva"
    )
    f.AppointmentOrganisationFactory(appointment=appointment, organisation__name="United Nations")

    body = client.get(f"{API}/people/{appointment.person_id}/").json()

    assert body["name"] == "Geir Pedersen"
    assert body["appointments"] == [
        {
            "id": appointment.pk,
            "processes": ["syria-geneva"],
            "role": "Special Envoy",
            "acting": False,
            "organisations": ["United Nations"],
            "appointed_on": None,
            "start": "2014-07-10",
            "end": "",
            "tenure": "10 July 2014",
            "note": "",
        }
    ]


def test_event_document_party_source_and_agenda_item_details_answer(client):
    event = f.EventCitationFactory(quote="A 48-hour truce.").event
    document = f.SignatureFactory(party__name="Russia").document
    item = f.AgendaItemFactory(title="Governance")

    assert client.get(f"{API}/events/{event.pk}/").json()["sources"][0]["quote"] == (
        "A 48-hour truce."
    )
    assert client.get(f"{API}/documents/{document.pk}/").json()["signatories"][0]["name"] == (
        "Russia"
    )
    assert client.get(f"{API}/agenda-items/{item.pk}/").json()["title"] == "Governance"
    party = f.PublicPartyFactory(name="Turkey")
    assert client.get(f"{API}/parties/{party.pk}/").json()["name"] == "Turkey"
    source = f.PublicSourceFactory(publisher="Reuters")
    assert client.get(f"{API}/sources/{source.pk}/").json()["publisher"] == "Reuters"


@pytest.mark.parametrize(
    "path",
    [
        "processes/no-such-process/",
        "rounds/999999/",
        "people/999999/",
        "parties/999999/",
        "agenda-items/999999/",
        "resolutions/999999/",
        "events/999999/",
        "documents/999999/",
        "sources/999999/",
        "rounds/not-a-number/",
    ],
)
def test_unknown_ids_give_404(client, path):
    assert client.get(f"{API}/{path}").status_code == 404


# --- Pagination ------------------------------------------------------------------


def test_lists_are_paged_with_count_and_links(client):
    f.PublicPartyFactory.create_batch(5)

    body = client.get(f"{API}/parties/?page_size=2&page=2").json()

    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert "page=3" in body["next"]
    assert "page_size=2" in body["previous"]


def test_page_size_is_capped_at_200(client):
    f.PublicSourceFactory.create_batch(201)

    body = client.get(f"{API}/sources/?page_size=500").json()

    assert len(body["results"]) == 200
    assert body["next"] is not None


def test_a_page_past_the_end_gives_404(client):
    f.PublicPartyFactory()

    assert client.get(f"{API}/parties/?page=2").status_code == 404


def test_events_walk_by_cursor(client):
    process = f.ProcessFactory()
    for day in range(1, 6):
        f.EventFactory(process=process, date=f"2017-06-0{day}", title=f"Day {day}")

    titles, url = [], f"{API}/events/?cursor=&page_size=2"
    while url:
        body = client.get(url).json()
        assert "count" not in body
        titles += [event["title"] for event in body["results"]]
        url = body["next"]

    assert titles == [f"Day {day}" for day in range(1, 6)]


# --- Query counts ------------------------------------------------------------------
#
# Each list costs the same number of queries at 3 and at 30 records (anonymous
# caller, so no session or permission queries):
#   processes:    count, processes
#   rounds:       count, rounds + process + track, envoys + person, the envoys' terms,
#                 their processes, agenda statuses + item, mandating resolutions,
#                 delegations + party + head, citations + source
#   people:       count, people, appointments, their processes, their organisations
#   parties:      count, parties
#   agenda-items: count, items + process
#   resolutions:  count, resolutions, vetoing parties, member votes + member,
#                 processes, citations + source
#   tracks:       count, tracks + process
#   events:       count, events + process, citations + source
#   documents:    count, documents + process, signatories
#   sources:      count, sources


def build_processes(size):
    f.ProcessFactory.create_batch(size)


def build_rounds(size):
    for _ in range(size):
        round_ = full_round()
        envoy = round_.roundenvoy_set.get().person
        f.AppointmentFactory(person=envoy, process=round_.process)


def build_people(size):
    for _ in range(size):
        appointment = f.AppointmentOrganisationFactory().appointment
        f.AppointmentFactory(person=appointment.person, processes=appointment.processes.all())


def build_resolutions(size):
    for _ in range(size):
        veto = f.VetoFactory()
        veto.resolution.processes.add(f.ProcessFactory())
        f.ResolutionCitationFactory(resolution=veto.resolution)


def build_events(size):
    for _ in range(size):
        f.EventCitationFactory(event__round=f.RoundFactory())


def build_documents(size):
    for _ in range(size):
        f.SignatureFactory(document__round=f.RoundFactory())


LISTS = {
    "processes": (build_processes, 2),
    "rounds": (build_rounds, 9),
    "people": (build_people, 5),
    "parties": (lambda size: f.PublicPartyFactory.create_batch(size), 2),
    "agenda-items": (lambda size: f.AgendaItemFactory.create_batch(size), 2),
    "resolutions": (build_resolutions, 6),
    "tracks": (lambda size: f.TrackFactory.create_batch(size), 2),
    "events": (build_events, 3),
    "documents": (build_documents, 4),  # count, page, signatories, citations
    "sources": (lambda size: f.PublicSourceFactory.create_batch(size), 2),
}


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("endpoint", LISTS)
def test_list_queries_do_not_grow_with_the_data(
    client, django_assert_max_num_queries, endpoint, size
):
    build, queries = LISTS[endpoint]
    build(size)

    with django_assert_max_num_queries(queries):
        response = client.get(f"{API}/{endpoint}/?page_size=200")

    assert response.status_code == 200
    assert len(response.json()["results"]) >= size


@pytest.mark.parametrize("size", [3, 30])
def test_round_detail_queries_do_not_grow_with_its_rows(
    client, django_assert_max_num_queries, size
):
    round_ = full_round()
    for _ in range(size):
        f.RoundEnvoyFactory(round=round_)
        f.DelegationFactory(round=round_)
        f.RoundCitationFactory(round=round_)

    # the round + process, envoys, their terms, the terms' processes, agenda,
    # resolutions, delegations, citations
    with django_assert_max_num_queries(8):
        response = client.get(f"{API}/rounds/{round_.pk}/")

    assert len(response.json()["envoys"]) == size + 1


def test_csv_costs_no_more_queries_than_json(client, django_assert_max_num_queries):
    build_rounds(30)

    with django_assert_max_num_queries(8):  # no count query: the download is whole
        response = client.get(f"{API}/rounds/?format=csv")
        body = response.content  # streamed: the queries run as it is read

    assert body.decode("utf-8-sig").count("\n") == 31


# --- Writing -----------------------------------------------------------------------


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_round_is_created_with_agenda_and_envoys_in_one_request(editor_client):
    process = f.ProcessFactory(slug="syria-geneva")
    item = f.AgendaItemFactory(process=process, title="Constitution")
    envoy, deputy = f.PersonFactory.create_batch(2)
    resolution = f.ResolutionFactory()

    response = post(
        editor_client,
        f"{API}/rounds/",
        {
            "process": "syria-geneva",
            "number": 8,
            "label": "Geneva VIII",
            "status": "planned",
            "start": "2017-11-28",
            "end": "2017-12-15",
            "agenda": [{"item": item.pk, "status": "scheduled", "note": "To open"}],
            "envoys": [envoy.pk, {"id": deputy.pk, "role": "Deputy"}],
            "resolutions": [resolution.symbol],
        },
    )

    assert response.status_code == 201, response.json()
    round_ = Round.objects.get(pk=response.json()["id"])
    assert round_.start_earliest.isoformat() == "2017-11-28"
    assert round_.publication == "draft"
    assert list(round_.agenda.values_list("item__title", "status", "note_en")) == [
        ("Constitution", "scheduled", "To open")
    ]
    assert set(RoundEnvoy.objects.filter(round=round_).values_list("person", "role")) == {
        (envoy.pk, ""),
        (deputy.pk, "Deputy"),
    }
    assert list(round_.resolutions.all()) == [resolution]


def test_round_update_replaces_its_agenda_and_envoys(editor_client):
    round_ = full_round()
    item = f.AgendaItemFactory(process=round_.process)
    envoy = f.PersonFactory()

    response = patch(
        editor_client,
        f"{API}/rounds/{round_.pk}/",
        {"agenda": [{"item": item.pk, "status": "agreed"}], "envoys": [envoy.pk]},
        HTTP_IF_MATCH=f'"v{round_.version}"',  # rounds need it (see test_locking.py)
    )

    assert response.status_code == 200, response.json()
    assert [a["item"] for a in response.json()["agenda"]] == [item.pk]
    assert list(round_.envoys.all()) == [envoy]


def test_arabic_write_keeps_the_english_text(editor_client):
    round_ = f.RoundFactory(label="Geneva IV")
    status = f.AgendaStatusFactory(round=round_, note="First reading")

    response = patch(
        editor_client,
        f"{API}/rounds/{round_.pk}/?lang=ar",
        {
            "label": "جنيف ٤",
            "agenda": [{"item": status.item_id, "status": "agreed", "note": "قراءة"}],
        },
        HTTP_IF_MATCH=f'"v{round_.version}"',
    )

    assert response.status_code == 200, response.json()
    round_.refresh_from_db()
    status.refresh_from_db()
    assert (round_.label_en, round_.label_ar) == ("Geneva IV", "جنيف ٤")
    assert (status.note_en, status.note_ar) == ("First reading", "قراءة")


@pytest.mark.parametrize(
    "change, field",
    [
        ({"start": "2017-13-01"}, "start"),
        ({"start": "2017/2018"}, "start"),
        ({"start": "2017-07-10", "end": "2017-06"}, "end"),
        ({"status": "adjourned"}, "status"),
        ({"process": "no-such-process"}, "process"),
        ({"number": 1}, "non_field_errors"),  # taken by another round of the process
    ],
)
def test_invalid_round_writes_are_refused_with_field_messages(editor_client, change, field):
    taken = f.RoundFactory(number=1)
    round_ = f.RoundFactory(process=taken.process, number=2)

    response = patch(editor_client, f"{API}/rounds/{round_.pk}/", change)

    assert response.status_code == 400
    assert field in response.json()


def test_rejected_round_write_stores_nothing(editor_client):
    round_ = full_round(label="Geneva IV")
    envoy = round_.envoys.get()
    before = list(AgendaStatus.objects.values_list("pk", "status"))
    other_process_item = f.AgendaItemFactory()

    response = patch(
        editor_client,
        f"{API}/rounds/{round_.pk}/",
        {
            "label": "Renamed",
            "envoys": [f.PersonFactory().pk],
            "agenda": [{"item": other_process_item.pk, "status": "agreed"}],
        },
    )

    assert response.status_code == 400
    assert "another process" in response.json()["agenda[0].item"][0]  # the row by its path
    round_.refresh_from_db()
    assert round_.label == "Geneva IV"
    assert list(round_.envoys.all()) == [envoy]
    assert list(AgendaStatus.objects.values_list("pk", "status")) == before


def test_resolution_writes_are_validated_like_the_admin(editor_client):
    response = post(
        editor_client,
        f"{API}/resolutions/",
        {
            "body": "security_council",
            "status": "adopted",
            "symbol": "S/2015/2254",
            "subject": "Syria",
            "votes_for": 8,
        },
    )

    assert response.status_code == 400
    assert set(response.json()) >= {"symbol"}
    assert not Resolution.objects.exists()


def test_resolution_number_and_year_come_from_its_symbol(editor_client):
    veto_party = f.PartyFactory()

    response = post(
        editor_client,
        f"{API}/resolutions/",
        {
            "body": "security_council",
            "status": "adopted",
            "symbol": "S/RES/2254 (2015)",
            "subject": "Syria",
            "votes_for": 15,
            "vetoed_by": [veto_party.pk],
        },
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["number"], response.json()["year"]) == (2254, 2015)
    assert response.json()["vetoed_by"][0]["id"] == veto_party.pk


def test_too_many_votes_are_refused(editor_client):
    resolution = f.ResolutionFactory()

    response = patch(editor_client, f"{API}/resolutions/{resolution.pk}/", {"votes_against": 5})

    assert response.status_code == 400
    assert "votes_for" in response.json()


def test_deleting_a_referenced_record_gives_409(editor_client):
    round_ = f.RoundFactory()
    f.EventFactory(process=round_.process, round=round_)

    response = editor_client.delete(f"{API}/rounds/{round_.pk}/")

    assert response.status_code == 409
    assert "1 event" in response.json()["detail"]
    assert Round.objects.filter(pk=round_.pk).exists()


def test_deleting_an_unreferenced_round_works(editor_client):
    round_ = full_round()

    response = editor_client.delete(f"{API}/rounds/{round_.pk}/")

    assert response.status_code == 204
    assert not Round.objects.filter(pk=round_.pk).exists()


def test_an_id_beyond_the_database_range_is_404_not_500(client):
    huge = "9" * 25
    assert client.get(f"{API}/events/{huge}/").status_code == 404
    assert client.get(f"{API}/rounds/{huge}/").status_code == 404


def test_a_filter_id_beyond_the_database_range_is_a_400_naming_it(client):
    response = client.get(f"{API}/events/?round=-70801615210093846528")
    assert response.status_code == 400
    assert "round" in response.json()


def test_an_unroutable_api_path_is_a_json_404(client):
    response = client.get(f"{API}/rounds/1.5e-10/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_null_character_in_search_is_a_400_with_an_object_body(client):
    response = client.get(f"{API}/rounds/?search=a%00b")
    assert response.status_code == 400
    assert "Null characters" in response.json()["detail"]


def test_a_write_to_an_unroutable_path_is_a_json_404_not_a_csrf_page(client):
    response = client.delete(f"{API}/resolutions/-2.5e-256/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_null_resolution_symbol_in_a_round_write_is_a_400(client, editor):
    # Drafts without a symbol share NULL: a null must not match (or 500 on) them.
    f.ResolutionFactory(vetoed=True, symbol=None)
    f.ResolutionFactory(vetoed=True, symbol=None)
    process = f.ProcessFactory()
    client.force_login(editor)
    body = {"process": process.slug, "label": "X", "status": "planned", "resolutions": [None]}
    response = post(client, f"{API}/rounds/", body)
    assert response.status_code == 400
    assert "resolutions" in response.json()
    assert not Round.objects.exists()
