"""Nested writes: citations, delegations, envoys and agenda statuses written with
their record in one request and one transaction; errors name the row's path
(`envoys[1].id`, `sources[0].source`) and a refused write stores nothing."""

import pytest

from rounds.models import (
    Delegation,
    Event,
    EventCitation,
    Resolution,
    Round,
    RoundCitation,
    Source,
)
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def patch(client, url, data, **headers):
    return client.patch(url, data, content_type="application/json", **headers)


def round_body(process, **extra) -> dict:
    return {
        "process": process.slug,
        "number": 1,
        "label": "Berlin",
        "status": "concluded",
        "start": "2020-01-19",
        "end": "2020-01-19",
        **extra,
    }


def test_a_round_is_created_and_published_with_its_sources_and_delegations(editor_client):
    process = f.ProcessFactory()
    source = f.SourceFactory()
    party, behalf_of = f.PartyFactory.create_batch(2)
    head = f.PersonFactory()
    body = round_body(
        process,
        publication="published",
        sources=[{"source": source.pk, "quote": "convened on 19 January 2020"}],
        delegations=[
            {"party": party.pk, "capacity": "negotiating", "head": head.pk},
            {"party": behalf_of.pk, "capacity": "observer", "note": "Observer"},
        ],
    )

    response = post(editor_client, f"{API}/rounds/", body)

    assert response.status_code == 201, response.json()
    round_ = Round.objects.get()
    assert round_.publication == "published"
    assert list(round_.citations.values_list("source", "quote")) == [
        (source.pk, "convened on 19 January 2020")
    ]
    assert set(round_.delegations.values_list("party", "capacity", "head")) == {
        (party.pk, "negotiating", head.pk),
        (behalf_of.pk, "observer", None),
    }
    data = response.json()
    assert data["sources"] == [
        {
            "source": source.pk,
            "publisher": source.publisher,
            "title": source.title,
            "url": source.url,
            "quote": "convened on 19 January 2020",
        }
    ]
    assert {d["party_name"] for d in data["delegations"]} == {party.name, behalf_of.name}


def test_an_update_replaces_the_citations_and_keeps_unlisted_fields(editor_client):
    round_ = f.RoundFactory()
    kept, dropped = f.RoundCitationFactory.create_batch(2, round=round_)
    new = f.SourceFactory()

    response = patch(
        editor_client,
        f"{API}/rounds/{round_.pk}/",
        {"sources": [{"source": kept.source_id, "quote": "updated"}, {"source": new.pk}]},
        HTTP_IF_MATCH=f'"v{round_.version}"',
    )

    assert response.status_code == 200, response.json()
    assert set(round_.citations.values_list("source", "quote")) == {
        (kept.source_id, "updated"),
        (new.pk, ""),
    }
    assert RoundCitation.objects.filter(pk=kept.pk).exists()  # updated in place
    assert not RoundCitation.objects.filter(pk=dropped.pk).exists()


@pytest.mark.parametrize(
    "resource, factory",
    [("events", f.EventFactory), ("resolutions", f.ResolutionFactory)],
)
def test_events_and_resolutions_take_citations(editor_client, resource, factory):
    record = factory()
    source = f.SourceFactory()

    response = patch(
        editor_client,
        f"{API}/{resource}/{record.pk}/",
        {"sources": [{"source": source.pk, "quote": "adopted"}]},
    )

    assert response.status_code == 200, response.json()
    assert list(record.citations.values_list("source", "quote")) == [(source.pk, "adopted")]


def test_a_citation_of_a_missing_source_is_a_400_naming_its_path(editor_client):
    process = f.ProcessFactory()
    source = f.SourceFactory()

    response = post(
        editor_client,
        f"{API}/rounds/",
        round_body(process, sources=[{"source": source.pk}, {"source": 999_999}]),
    )

    assert response.status_code == 400
    assert set(response.json()) == {"sources[1].source"}
    assert not Round.objects.exists()


def test_every_bad_nested_row_is_named_and_nothing_is_stored(editor_client):
    process = f.ProcessFactory()
    person = f.PersonFactory()
    party = f.PartyFactory()

    response = post(
        editor_client,
        f"{API}/rounds/",
        round_body(
            process,
            envoys=[person.pk, {"id": 999_999}],
            sources=[{"source": "x"}],
            delegations=[{"party": party.pk, "capacity": "nonsense"}],
        ),
    )

    assert response.status_code == 400
    assert set(response.json()) == {
        "envoys[1].id",
        "sources[0].source",
        "delegations[0].capacity",
    }
    assert not Round.objects.exists()


def test_a_row_refused_by_the_model_is_named_and_rolls_back_the_round(editor_client):
    process = f.ProcessFactory()
    party = f.PartyFactory()
    source = f.SourceFactory()

    response = post(
        editor_client,
        f"{API}/rounds/",
        round_body(
            process,
            sources=[{"source": source.pk}],
            # on another's behalf without naming whom: the model's check constraint
            delegations=[{"party": party.pk, "capacity": "on_behalf"}],
        ),
    )

    assert response.status_code == 400, response.json()
    assert list(response.json()) == ["delegations[0]"]
    assert not Round.objects.exists()
    assert not RoundCitation.objects.exists()


def test_the_same_source_cited_twice_is_named(editor_client):
    event = f.EventFactory()
    source = f.SourceFactory()

    response = patch(
        editor_client,
        f"{API}/events/{event.pk}/",
        {"title": "Changed", "sources": [{"source": source.pk}, {"source": source.pk}]},
    )

    assert response.status_code == 400
    assert list(response.json()) == ["sources[1].source"]
    event.refresh_from_db()
    assert event.title != "Changed"
    assert not EventCitation.objects.exists()


def test_a_party_listed_twice_in_delegations_is_named(editor_client):
    round_ = f.RoundFactory()
    party = f.PartyFactory()
    row = {"party": party.pk, "capacity": "observer"}

    response = patch(
        editor_client,
        f"{API}/rounds/{round_.pk}/",
        {"delegations": [row, row]},
        HTTP_IF_MATCH=f'"v{round_.version}"',
    )

    assert response.status_code == 400
    assert list(response.json()) == ["delegations[1].party"]
    assert not Delegation.objects.exists()


def test_a_source_is_created_through_the_api_then_cited(editor_client):
    created = post(
        editor_client,
        f"{API}/sources/",
        {"publisher": "UN Press", "title": "SC/14108", "url": "https://press.un.org/x"},
    )
    event = f.EventFactory()

    cited = patch(
        editor_client, f"{API}/events/{event.pk}/", {"sources": [{"source": created.json()["id"]}]}
    )

    assert created.status_code == 201, created.json()
    assert cited.status_code == 200
    assert Source.objects.get().url == "https://press.un.org/x"
    assert Event.objects.get().citations.count() == 1


def test_a_non_list_for_a_nested_field_is_a_400(editor_client):
    event = f.EventFactory()

    response = patch(editor_client, f"{API}/events/{event.pk}/", {"sources": {"source": 1}})

    assert response.status_code == 400
    assert "sources" in response.json()


def test_a_resolution_is_created_published_with_member_votes_and_sources(editor_client):
    process = f.ProcessFactory()
    russia = f.PartyFactory(name="Russian Federation", kind="state")
    in_favour = f.PartyFactory.create_batch(14, kind="state")
    source = f.SourceFactory()
    body = {
        "symbol": "S/RES/2510 (2020)",
        "body": "security_council",
        "status": "adopted",
        "adopted_on": "2020-02-12",
        "votes_for": 14,
        "votes_against": 0,
        "abstentions": 1,
        "subject": "Libya",
        "processes": [process.slug],
        "publication": "published",
        "member_votes": [{"member": russia.pk, "vote": "abstention"}]
        + [{"member": p.pk, "vote": "in_favour"} for p in in_favour],
        "sources": [{"source": source.pk, "quote": "1 abstention (Russian Federation)"}],
    }

    response = post(editor_client, f"{API}/resolutions/", body)

    assert response.status_code == 201, response.json()
    resolution = Resolution.objects.get()
    assert resolution.member_votes.count() == 15
    assert resolution.member_votes.get(vote="abstention").member == russia
    assert resolution.citations.count() == 1
    data = response.json()
    assert {"member": {"id": russia.pk, "name": russia.name}, "vote": "abstention"} in data[
        "member_votes"
    ]


def test_a_member_voting_twice_or_not_a_state_is_named_and_nothing_is_stored(editor_client):
    resolution = f.ResolutionFactory()
    f.ResolutionCitationFactory(resolution=resolution)  # published: it cites a source
    state = f.PartyFactory(kind="state")
    organisation = f.PartyFactory(kind="organisation")
    votes = [
        {"member": state.pk, "vote": "in_favour"},
        {"member": state.pk, "vote": "against"},
        {"member": organisation.pk, "vote": "in_favour"},
        {"member": state.pk, "vote": "maybe"},
    ]

    response = patch(editor_client, f"{API}/resolutions/{resolution.pk}/", {"member_votes": votes})

    assert response.status_code == 400
    assert set(response.json()) == {"member_votes[3].vote"}  # the serializer's check first
    response = patch(
        editor_client, f"{API}/resolutions/{resolution.pk}/", {"member_votes": votes[:3]}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"member_votes[1].member", "member_votes[2].member"}
    assert not resolution.member_votes.exists()
