"""The lean public lists (rounds.api.lean) give exactly what the serializers give.

Each test reads a list twice, once through the lean path and once with it
switched off, on data with every nested list, Arabic text and its fallbacks,
drafts to hide and envoy warnings; then the queries at two sizes."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rounds.api import lean, pagination
from rounds.models import Delegation, MemberVote, Resolution, Round

from . import factories as f

API = "/api/v1"
LISTS = ["rounds", "resolutions", "events"]
# ?lang=ar, and Accept-Language
ARABIC = [("&lang=ar", {}), ("", {"HTTP_ACCEPT_LANGUAGE": "ar"})]


def rich_process(n: int = 0):
    """A published process with rounds, resolutions and events of every shape."""
    process = f.ProcessFactory(name_ar=f"محادثات جنيف {n}")
    draft_process = f.ProcessFactory(draft=True)
    track = f.TrackFactory(process=process, name_ar="المسار")
    envoy = f.PersonFactory(name_ar="المبعوث")
    f.AppointmentFactory(person=envoy, process=process, start="2014-07-10")
    late = f.PersonFactory()  # in office only after the round: a warning
    f.AppointmentFactory(person=late, process=process, start="2019-01-07")
    party = f.PartyFactory(name_ar=f"الحكومة {n}")
    other = f.PartyFactory()  # no Arabic name: read in English
    head = f.PersonFactory(name_ar="رئيس الوفد")

    shown = f.ResolutionFactory(cited=2, subject_ar="الحالة في الشرق الأوسط")
    hidden = f.ResolutionFactory(draft=True)
    vetoed = f.ResolutionFactory(vetoed=True, document_url="https://undocs.org/S/2011/612")
    vetoed.processes.add(process, draft_process)
    f.VetoFactory(resolution=vetoed, party__name_ar=f"روسيا {n}")
    f.VetoFactory(resolution=vetoed)
    for vote, name in [("against", "Bravo"), ("abstention", "Charlie"), ("against", "Alpha")]:
        f.MemberVoteFactory(resolution=vetoed, vote=vote, member__name=f"{name} {n}")
    f.ResolutionCitationFactory(resolution=vetoed)
    f.ResolutionFactory(adopted_on=None, year=2016, number=None, symbol=None)

    main = f.RoundFactory(
        process=process,
        track=track,
        cited=2,
        label_ar="جنيف",
        city_ar="جنيف",
        summary="Talks on the constitution.",
        outcome_ar="لا اتفاق",
        delegations_arrive_on=date(2017, 7, 9),
    )
    f.RoundEnvoyFactory(round=main, person=envoy, role="Convener")
    f.RoundEnvoyFactory(round=main, person=late, role="")
    item = f.AgendaItemFactory(process=process, title_ar="الدستور")
    f.AgendaStatusFactory(round=main, item=item, note="Some progress", note_ar="بعض التقدم")
    f.AgendaStatusFactory(round=main, item__process=process, status="agreed")
    f.DelegationFactory(round=main, party=party, head=head, note_ar="ملاحظة")
    f.DelegationFactory(round=main, party=other, on_behalf=True, capacity="on_behalf")
    f.DelegationFactory(round=main, capacity="observer")
    # Same capacity: ordered by the party's name in the request's language.
    f.DelegationFactory(round=main, party__name=f"Zeta {n}", party__name_ar=f"أ {n}")
    for resolution in (shown, hidden, vetoed):
        f.RoundResolutionFactory(round=main, resolution=resolution)
    f.RoundFactory(process=process, side_session=True, parent=main)
    f.RoundFactory(
        process=process,
        status=Round.Status.POSTPONED,
        start="",
        end="",
        announced_start="2018-01~",
        announced_end="2018-02",
        format="",
    )
    f.RoundFactory(process=process, status=Round.Status.ANNOUNCED, start="2026-09", end="")
    draft_round = f.RoundFactory(process=process, draft=True)
    f.RoundFactory(process=draft_process)

    f.EventFactory(
        process=process,
        round=draft_round,  # hidden: reads as null
        resolution=shown,
        person=envoy,
        title_ar="إعلان",
        place="Geneva",
        place_ar="جنيف",
        duration=timedelta(hours=48),
        description="A truce.",
        cited=2,
    )
    f.EventFactory(process=process, round=main, resolution=hidden, date="2017-06~")
    f.EventFactory(process=process, date="2017", draft=True)
    f.EventFactory(process=draft_process)
    return process


def both_ways(client, monkeypatch, url: str, **extra):
    lean_body = client.get(url, **extra).json()
    monkeypatch.setattr(lean, "serves", lambda request: False)
    full_body = client.get(url, **extra).json()
    monkeypatch.undo()
    return lean_body, full_body


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", LISTS)
def test_lean_lists_match_the_serializers_in_english(client, monkeypatch, endpoint):
    rich_process(1)
    rich_process(2)

    lean_body, full_body = both_ways(client, monkeypatch, f"{API}/{endpoint}/?page_size=200")

    assert lean_body["results"], "the data must give rows to compare"
    assert lean_body == full_body


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", LISTS)
@pytest.mark.parametrize("arabic", ARABIC)
def test_lean_lists_match_the_serializers_in_arabic(client, monkeypatch, endpoint, arabic):
    rich_process(1)
    rich_process(2)
    query, headers = arabic
    url = f"{API}/{endpoint}/?page_size=200{query}"

    lean_body, full_body = both_ways(client, monkeypatch, url, **headers)

    assert lean_body["results"]
    assert lean_body == full_body


@pytest.mark.django_db
def test_lean_rows_carry_the_arabic_and_its_english_fallback(client):
    rich_process(1)

    body = client.get(f"{API}/rounds/?lang=ar&page_size=200").json()

    main = next(r for r in body["results"] if r["label"] == "جنيف")
    assert main["city"] == "جنيف"
    assert main["summary"] == "Talks on the constitution."  # no Arabic: English
    assert main["agenda"][0]["note"] == "بعض التقدم"
    assert {e["name"] for e in main["envoys"]} >= {"المبعوث"}
    assert len(main["warnings"]) == 1
    assert main["resolutions"] and all(s for s in main["resolutions"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "rounds/?process=geneva-0&status=concluded,postponed&ordering=-start_earliest",
        "rounds/?search=Geneva&page_size=2&page=2",
        "resolutions/?ordering=-adopted_on&page_size=3",
        "events/?page_size=2&page=2",
        "events/?cursor=&page_size=2",
        "events/?ordering=-date_earliest",
    ],
)
def test_lean_lists_match_with_filters_ordering_and_pages(client, monkeypatch, url):
    rich_process(1)
    rich_process(2)

    lean_body, full_body = both_ways(client, monkeypatch, f"{API}/{url}")

    assert lean_body == full_body


@pytest.mark.django_db
def test_editors_and_csv_still_get_the_serializers(client, editor, monkeypatch):
    rich_process(1)
    calls = []
    monkeypatch.setattr(lean, "rounds", lambda *args: calls.append(args) or [])

    client.get(f"{API}/rounds/?format=csv&page_size=5")
    client.force_login(editor)
    drafts = client.get(f"{API}/rounds/?page_size=200").json()

    assert calls == []
    assert any(r["publication"] == "draft" for r in drafts["results"])


# Queries: (1) count, (2) the page, then one per nested list.
QUERIES = {
    # envoys, agenda, resolutions, delegations, citations, the envoys' terms and
    # the terms' processes
    "rounds": 9,
    # vetoes, member votes, processes, citations
    "resolutions": 6,
    # citations
    "events": 3,
}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [1, 4])
@pytest.mark.parametrize("endpoint", LISTS)
def test_lean_list_queries_do_not_grow_with_the_data(
    client, django_assert_max_num_queries, endpoint, size
):
    for n in range(size):
        rich_process(n)

    with django_assert_max_num_queries(QUERIES[endpoint]):
        response = client.get(f"{API}/{endpoint}/?page_size=200&lang=ar")

    assert len(response.json()["results"]) >= 2 * size


@pytest.mark.django_db
def test_member_votes_and_delegations_keep_the_models_order(client):
    rich_process(1)

    resolutions = client.get(f"{API}/resolutions/").json()["results"]
    rounds = client.get(f"{API}/rounds/?page_size=200").json()["results"]

    vetoed = next(r for r in resolutions if r["status"] == Resolution.Status.VETOED)
    votes = [(v["vote"], v["member"]["name"]) for v in vetoed["member_votes"]]
    assert votes == sorted(votes)
    assert len(votes) == MemberVote.objects.filter(resolution_id=vetoed["id"]).count()
    main = next(r for r in rounds if len(r["delegations"]) == 4)
    capacities = [d["capacity"] for d in main["delegations"]]
    assert capacities == sorted(capacities)
    assert Delegation.objects.filter(round_id=main["id"]).count() == 4


# --- The events count stops at the depth of numbered pages --------------------------


@pytest.fixture
def low_cap(monkeypatch):
    """A cap of 4 rows, so that a few events go past it."""
    monkeypatch.setattr(pagination, "MAX_OFFSET", 4)


@pytest.mark.django_db
def test_an_events_count_past_the_cap_stops_there_and_says_so(client, low_cap):
    f.EventFactory.create_batch(6, process=f.ProcessFactory())

    body = client.get(f"{API}/events/?page_size=2").json()

    assert body["count"] == 4
    assert body["count_is_capped"] is True
    assert len(body["results"]) == 2


@pytest.mark.django_db
def test_the_last_capped_events_page_has_no_next_link(client, low_cap):
    f.EventFactory.create_batch(6, process=f.ProcessFactory())

    body = client.get(f"{API}/events/?page_size=2&page=2").json()

    assert body["next"] is None
    assert client.get(f"{API}/events/?page_size=2&page=3").status_code == 400


@pytest.mark.django_db
def test_an_events_count_under_the_cap_is_exact(client, low_cap):
    process = f.ProcessFactory()
    f.EventFactory.create_batch(4, process=process)
    f.EventFactory(process=process, draft=True)

    body = client.get(f"{API}/events/?page_size=2").json()

    assert body["count"] == 4
    assert body["count_is_capped"] is False
    assert "count_is_capped" not in client.get(f"{API}/events/?cursor=").json()


@pytest.mark.django_db
def test_the_events_count_reads_at_most_the_cap_plus_one_rows(client, low_cap):
    f.EventFactory.create_batch(6, process=f.ProcessFactory())

    with CaptureQueriesContext(connection) as captured:
        client.get(f"{API}/events/?page_size=2")

    count = next(q["sql"] for q in captured if "COUNT(" in q["sql"])
    assert "LIMIT 5" in count


def test_the_schema_documents_the_capped_count():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    page = schema["components"]["schemas"]["PaginatedEventList"]["properties"]

    assert page["count_is_capped"]["type"] == "boolean"
    assert "10,000" in page["count"]["description"]
