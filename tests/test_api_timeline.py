"""processes/{slug}/timeline/ and timelinejs/: the merged timeline in the API."""

import datetime

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


def process_with_history(process=None):
    first = process is None
    process = process or f.ProcessFactory(slug="geneva")
    f.RoundFactory(process=process, label="Geneva VII", start="2017-07-10", end="2017-07-14")
    f.RoundFactory(
        process=process,
        label="August round",
        status="cancelled",
        start="",
        end="",
        announced_start="2017-08",
    )
    f.EventFactory(process=process, title="Envoy announces round", date="2017-06-16")
    symbol = {"symbol": "S/RES/2254 (2015)"} if first else {}
    resolution = f.ResolutionFactory(adopted_on=datetime.date(2015, 12, 18), **symbol)
    resolution.processes.add(process)
    f.AppointmentFactory(process=process, start="2014-07-10", end="2018-12")
    return process


def test_timeline_merges_rounds_events_resolutions_and_appointments_by_date(client):
    process_with_history()
    entries = client.get(f"{API}/processes/geneva/timeline/").json()
    assert [e["kind"] for e in entries] == [
        "appointment",
        "resolution",
        "event",
        "round",
        "round",
    ]
    geneva_vii = entries[3]
    assert geneva_vii["date"] == "2017-07-10"
    assert geneva_vii["dates"] == "10–14 July 2017"
    assert geneva_vii["url"].endswith(f"/api/v1/rounds/{geneva_vii['id']}/")
    assert entries[4]["dates"] == "August 2017 (not held)"
    assert client.get(entries[1]["url"]).json()["symbol"] == "S/RES/2254 (2015)"


def test_timeline_hides_drafts_from_anonymous_callers_and_shows_them_to_editors(client, editor):
    process = process_with_history()
    f.RoundFactory(process=process, draft=True, label="Secret round", start="2017-09", end="")
    f.EventFactory(process=process, draft=True, title="Secret event")
    anonymous = client.get(f"{API}/processes/geneva/timeline/").content.decode()
    assert "Secret" not in anonymous
    client.force_login(editor)
    seen = client.get(f"{API}/processes/geneva/timeline/").content.decode()
    assert "Secret round" in seen and "Secret event" in seen


def test_timeline_of_a_draft_or_unknown_process_is_404(client):
    f.ProcessFactory(slug="hidden", draft=True)
    assert client.get(f"{API}/processes/hidden/timeline/").status_code == 404
    assert client.get(f"{API}/processes/nowhere/timeline/").status_code == 404


def test_timelinejs_gives_known_date_parts_only(client):
    process_with_history()
    data = client.get(f"{API}/processes/geneva/timelinejs/").json()
    assert data["title"]["text"]["headline"]
    by_id = {e["unique_id"].split("-")[0] + e["text"]["headline"]: e for e in data["events"]}
    geneva_vii = by_id["roundGeneva VII"]
    assert geneva_vii["start_date"] == {"year": 2017, "month": 7, "day": 10}
    assert geneva_vii["end_date"] == {"year": 2017, "month": 7, "day": 14}
    august = by_id["roundAugust round"]
    assert august["start_date"] == {"year": 2017, "month": 8}
    assert "end_date" not in august
    assert {e["group"] for e in data["events"]} == {
        "Rounds",
        "Events",
        "Resolutions",
        "Appointments",
    }


# process, rounds, events, resolutions, appointments (+ person), documents; TimelineJS
# also reads each kind's citations with their sources (4 more: no documents here).
@pytest.mark.parametrize("path,queries", [("timeline", 6), ("timelinejs", 10)])
def test_timeline_costs_the_same_queries_at_two_sizes(
    client, django_assert_num_queries, path, queries
):
    process = process_with_history()
    client.get(f"{API}/processes/geneva/{path}/")  # warm caches
    with django_assert_num_queries(queries):
        client.get(f"{API}/processes/geneva/{path}/")
    for _ in range(10):
        process_with_history(process)
    with django_assert_num_queries(queries):
        assert client.get(f"{API}/processes/geneva/{path}/").status_code == 200
