"""Filters, search and ordering of the API's lists, and the 400 for anything the
API does not understand."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


def ids(client, url) -> set[int]:
    response = client.get(url)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


# --- Rounds ------------------------------------------------------------------------


def test_rounds_filter_by_process_slug(client):
    geneva = f.RoundFactory(process__slug="syria-geneva")
    f.RoundFactory(process__slug="astana")

    assert ids(client, f"{API}/rounds/?process=syria-geneva") == {geneva.pk}


def test_rounds_filter_by_several_statuses_comma_separated_or_repeated(client):
    planned = f.RoundFactory(status="planned")
    ongoing = f.RoundFactory(status="ongoing")
    f.RoundFactory(status="concluded")

    assert ids(client, f"{API}/rounds/?status=planned,ongoing") == {planned.pk, ongoing.pk}
    assert ids(client, f"{API}/rounds/?status=planned&status=ongoing") == {
        planned.pk,
        ongoing.pk,
    }


def test_rounds_filter_by_meeting_format(client):
    direct = f.RoundFactory(format="direct")
    f.RoundFactory(format="indirect")

    assert ids(client, f"{API}/rounds/?meeting_format=direct") == {direct.pk}


def test_start_after_keeps_rounds_that_may_have_started_then(client):
    july = f.RoundFactory(start="2017-07", end="")  # 1 to 31 July
    f.RoundFactory(start="2017-06-10", end="2017-06-12")

    assert ids(client, f"{API}/rounds/?start_after=2017-07-15") == {july.pk}


def test_start_before_keeps_rounds_that_may_have_started_then(client):
    july = f.RoundFactory(start="2017-07", end="")
    f.RoundFactory(start="2017-08-01", end="2017-08-02")

    assert ids(client, f"{API}/rounds/?start_before=2017-07-15") == {july.pk}


def test_rounds_filter_by_year(client):
    approximate = f.RoundFactory(start="2017", end="")
    f.RoundFactory(start="2018-01-05", end="2018-01-06")

    assert ids(client, f"{API}/rounds/?year=2017") == {approximate.pk}


def test_rounds_filter_by_envoy_agenda_item_resolution_and_party(client):
    envoy = f.RoundEnvoyFactory()
    agenda = f.AgendaStatusFactory()
    mandate = f.RoundResolutionFactory(resolution__symbol="S/RES/2254 (2015)")
    delegation = f.DelegationFactory()

    assert ids(client, f"{API}/rounds/?envoy={envoy.person_id}") == {envoy.round_id}
    assert ids(client, f"{API}/rounds/?agenda_item={agenda.item_id}") == {agenda.round_id}
    assert ids(client, f"{API}/rounds/?resolution=S/RES/2254 (2015)") == {mandate.round_id}
    assert ids(client, f"{API}/rounds/?party={delegation.party_id}") == {delegation.round_id}


# --- Events, resolutions, others -----------------------------------------------------


def test_events_filter_by_process_kind_round_and_dates(client):
    round_ = f.RoundFactory(process__slug="syria-geneva")
    truce = f.EventFactory(
        process=round_.process, round=round_, kind="ceasefire", date="2017-07-10"
    )
    f.EventFactory(kind="statement", date="2016-02")

    assert ids(client, f"{API}/events/?process=syria-geneva") == {truce.pk}
    assert ids(client, f"{API}/events/?kind=ceasefire,military") == {truce.pk}
    assert ids(client, f"{API}/events/?round={round_.pk}") == {truce.pk}
    assert ids(client, f"{API}/events/?date_after=2017-01-01") == {truce.pk}
    assert ids(client, f"{API}/events/?date_before=2016-12-31").isdisjoint({truce.pk})
    assert ids(client, f"{API}/events/?date_after=2016-02-15&date_before=2016-02-20") != set()


def test_resolution_found_by_symbol(client):
    wanted = f.ResolutionFactory(symbol="S/RES/2254 (2015)", number=2254)
    f.ResolutionFactory()

    assert ids(client, f"{API}/resolutions/?symbol=S/RES/2254 (2015)") == {wanted.pk}
    assert ids(client, f"{API}/resolutions/?symbol=S%2FRES%2F2254%20%282015%29") == {wanted.pk}


def test_resolutions_filter_by_body_year_status_process_and_adoption(client):
    adopted = f.ResolutionFactory(year=2015, adopted_on="2015-12-18")
    adopted.processes.add(f.ProcessFactory(slug="syria-geneva"))
    vetoed = f.ResolutionFactory(vetoed=True, year=2016, adopted_on="2016-10-08")
    assembly = f.ResolutionFactory(
        body="general_assembly", symbol="A/RES/66/253", number=None, year=2012, adopted_on=None
    )

    assert ids(client, f"{API}/resolutions/?body=general_assembly") == {assembly.pk}
    assert ids(client, f"{API}/resolutions/?year=2016") == {vetoed.pk}
    assert ids(client, f"{API}/resolutions/?status=vetoed,failed") == {vetoed.pk}
    assert ids(client, f"{API}/resolutions/?process=syria-geneva") == {adopted.pk}
    assert ids(client, f"{API}/resolutions/?adopted_after=2016-01-01") == {vetoed.pk}
    assert ids(client, f"{API}/resolutions/?adopted_before=2016-01-01") == {adopted.pk}


def test_documents_agenda_items_parties_and_sources_filter(client):
    agreement = f.DocumentFactory(kind="agreement", process__slug="astana")
    f.DocumentFactory(kind="communique")
    item = f.AgendaItemFactory(process=agreement.process)
    f.AgendaItemFactory()
    state = f.PublicPartyFactory(kind="state")
    f.PublicPartyFactory(kind="opposition")
    reuters = f.PublicSourceFactory(publisher="Reuters")
    f.PublicSourceFactory(publisher="UN News")

    assert ids(client, f"{API}/documents/?kind=agreement&process=astana") == {agreement.pk}
    assert ids(client, f"{API}/agenda-items/?process=astana") == {item.pk}
    assert ids(client, f"{API}/parties/?kind=state") == {state.pk}
    assert ids(client, f"{API}/sources/?publisher=reuters") == {reuters.pk}


# --- Search and ordering -------------------------------------------------------------


def test_search_finds_english_and_arabic_text(client):
    round_ = f.RoundFactory(label="Geneva IV", label_ar="جنيف الرابعة")
    f.RoundFactory(label="Astana 7", city="Astana")

    assert ids(client, f"{API}/rounds/?search=geneva") == {round_.pk}
    assert ids(client, f"{API}/rounds/?search=الرابعة") == {round_.pk}


@pytest.mark.parametrize(
    "endpoint", ["processes", "people", "parties", "agenda-items", "events", "documents"]
)
def test_search_is_on_every_list(client, endpoint):
    response = client.get(f"{API}/{endpoint}/?search=nothing-matches-this")

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_rounds_order_by_date_fields(client):
    late = f.RoundFactory(start="2018-01-01", end="")
    early = f.RoundFactory(start="2016-01-01", end="")

    rows = client.get(f"{API}/rounds/?ordering=-start_earliest").json()["results"]
    assert [row["id"] for row in rows] == [late.pk, early.pk]
    rows = client.get(f"{API}/rounds/").json()["results"]
    assert [row["id"] for row in rows] == [early.pk, late.pk]  # chronological by default


def test_events_order_by_date(client):
    first = f.EventFactory(date="2016")
    second = f.EventFactory(date="2017")

    rows = client.get(f"{API}/events/?ordering=-date_latest").json()["results"]
    assert [row["id"] for row in rows] == [second.pk, first.pk]


# --- What the API does not understand --------------------------------------------------


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("stauts=planned", "stauts"),
        ("status=adjourned", "status"),
        ("meeting_format=video", "meeting_format"),
        ("start_after=2017-13-01", "start_after"),
        ("start_before=yesterday", "start_before"),
        ("year=twenty", "year"),
        ("envoy=abc", "envoy"),
        ("party=1.5", "party"),
        ("page=first", "page"),
        ("page_size=0", "page_size"),
        ("lang=fr", "lang"),
        ("format=xml", "format"),
        ("ordering=label", "ordering"),
    ],
)
def test_unknown_or_malformed_parameters_give_400_naming_them(client, query, parameter):
    response = client.get(f"{API}/rounds/?{query}")

    assert response.status_code == 400
    assert parameter in response.json()


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("events/?date_after=June", "date_after"),
        ("events/?kind=party", "kind"),
        ("events/?cursor=not-a-cursor", "cursor"),
        ("resolutions/?body=council", "body"),
        ("resolutions/?adopted_before=2015-02-30", "adopted_before"),
        ("processes/?status=planned", "status"),
        ("people/?q=Pedersen", "q"),
        ("sources/?ordering=url", "ordering"),
    ],
)
def test_every_list_refuses_what_it_does_not_understand(client, url, parameter):
    response = client.get(f"{API}/{url}")

    assert response.status_code == 400
    assert parameter in response.json()


def test_global_parameters_are_accepted_everywhere(client):
    f.ProcessFactory()

    response = client.get(
        f"{API}/processes/?page=1&page_size=10&format=json&search=&ordering=start_earliest&lang=en"
    )

    assert response.status_code == 200
