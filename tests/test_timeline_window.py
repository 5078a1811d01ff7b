"""A long timeline shows a window of years when the reader chose none: the years up
to today, with a note and a link to every year. Its filter counts come from
aggregate queries and only the window's entries are built, so the page's cost does
not grow with the process's history."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rounds import timeline
from rounds.models import Round
from rounds.views import processes

from . import factories as f
from .test_query_plans import plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_window(monkeypatch):
    monkeypatch.setattr(processes, "WINDOW_ENTRIES", 10)
    monkeypatch.setattr(processes, "WINDOW_SHOWN", 4)


def long_process(slug: str = "long", years: int = 10, last: int | None = None, **fields):
    """Two events a year for `years` years up to `last` (this year), a round with a
    track the year before, an old agreement, an undated planned round, two drafts."""
    this = last or timezone.localdate().year
    process = f.ProcessFactory(slug=slug, **fields)
    for year in range(this - years + 1, this + 1):
        f.EventFactory(process=process, title=f"Event {year}a", date=f"{year}-03-01")
        f.EventFactory(process=process, title=f"Event {year}b", date=f"{year}-09-01")
    track = f.TrackFactory(process=process, name="Security basket", slug="security")
    f.RoundFactory(
        process=process,
        track=track,
        label="Round last year",
        start=f"{this - 1}-05-01",
        end=f"{this - 1}-05-03",
    )
    f.DocumentFactory(process=process, title="Old accord", date=f"{this - 8}-01-10")
    f.RoundFactory(
        process=process, label="Round someday", status=Round.Status.PLANNED, start="", end=""
    )
    f.EventFactory(process=process, title="Draft secret", date=f"{this}-06-01", draft=True)
    f.EventFactory(process=process, title="Old draft", date=f"{this - 7}-06-01", draft=True)
    return process


@pytest.fixture
def process():
    return long_process()


def counts(links) -> dict[str, int]:
    return {link.label: link.count for link in links}


def test_a_long_timeline_shows_the_last_years_with_a_note(client, process):
    this = timezone.localdate().year
    response = client.get("/processes/long/")
    page = response.content.decode()

    # This year holds 2 entries, last year 3: together they reach WINDOW_SHOWN (4).
    assert f"Event {this}a" in page and f"Event {this - 1}b" in page
    assert "Round last year" in page
    assert f"Event {this - 2}a" not in page and "Old accord" not in page
    assert "Round someday" not in page  # undated: its year link shows it
    assert f"This timeline has 23 entries; showing {this - 1}–{this}." in page
    assert 'href="?year=all">show every year</a>' in page
    assert response.context["choice"].window == (this - 1, this)


def test_every_year_shows_the_whole_timeline_without_a_note(client, process):
    this = timezone.localdate().year
    page = client.get("/processes/long/?year=all").content.decode()

    for title in (f"Event {this - 9}a", f"Event {this}b", "Old accord", "Round someday"):
        assert title in page
    assert "This timeline has" not in page
    assert 'href="?year=all" aria-current="true">All years' in page


def test_a_chosen_year_shows_that_year_only(client, process):
    this = timezone.localdate().year
    page = client.get(f"/processes/long/?year={this - 5}").content.decode()

    assert f"Event {this - 5}a" in page and f"Event {this - 5}b" in page
    assert f"Event {this}a" not in page and f"Event {this - 4}a" not in page
    assert "This timeline has" not in page


def test_undated_shows_the_undated_entries_only(client, process):
    page = client.get("/processes/long/?year=undated").content.decode()

    assert "Round someday" in page and "Round last year" not in page


def test_the_filter_links_count_every_year_and_the_window_kinds(client, process):
    this = timezone.localdate().year
    context = client.get("/processes/long/").context

    years = counts(context["year_links"])
    assert years["All years"] == 23
    assert years[str(this)] == 2 and years[str(this - 1)] == 3 and years[str(this - 8)] == 3
    assert years["Undated"] == 1
    assert context["year_links"][0].url == "?year=all"
    # The kinds and tracks are counted in the years shown.
    kinds = counts(context["kind_links"])
    assert kinds["All kinds"] == 5 and kinds["Events"] == 4 and kinds["Rounds"] == 1
    assert kinds["Documents"] == 0
    assert counts(context["track_links"]) == {"All tracks": 5, "Security basket": 1}


def test_the_counts_follow_the_chosen_kind(client, process):
    this = timezone.localdate().year
    context = client.get("/processes/long/?kind=round&year=all").context

    years = counts(context["year_links"])
    assert years == {"All years": 2, str(this - 1): 1, "Undated": 1}
    assert counts(context["kind_links"])["All kinds"] == 23


def test_a_track_keeps_its_rounds_in_its_own_window(client, process):
    this = timezone.localdate().year
    response = client.get("/processes/long/?track=security")
    page = response.content.decode()

    assert "Round last year" in page and f"Event {this}a" not in page
    assert response.context["choice"].window == (this - 1, this)
    assert counts(response.context["track_links"]) == {"All tracks": 5, "Security basket": 1}


def test_the_counts_are_those_of_the_whole_timeline(process):
    # The aggregate tally agrees with a tally of the built timeline.
    assert timeline.tally(process) == timeline.tally_of(timeline.build(process))


def test_an_edit_inside_the_window_is_on_the_next_request(client, process):
    this = timezone.localdate().year
    client.get("/processes/long/")
    event = process.events.get(title=f"Event {this}a")
    event.title = "Ceasefire agreed"
    event.save()

    page = client.get("/processes/long/").content.decode()
    assert "Ceasefire agreed" in page and f"Event {this}a" not in page


def test_a_new_entry_moves_the_counts_on_the_next_request(client, process):
    this = timezone.localdate().year
    client.get("/processes/long/")
    f.EventFactory(process=process, title="Talks resume", date=f"{this}-10-01")

    response = client.get("/processes/long/")
    assert "Talks resume" in response.content.decode()
    assert counts(response.context["year_links"])[str(this)] == 3


def test_drafts_are_never_shown_nor_counted(client, process):
    this = timezone.localdate().year
    for url in (f"/processes/long/?year={this}", "/processes/long/", "/processes/long/?year=all"):
        response = client.get(url)
        page = response.content.decode()
        assert "Draft secret" not in page and "Old draft" not in page
        years = counts(response.context["year_links"])
        assert years["All years"] == 23
        assert years[str(this)] == 2 and years[str(this - 7)] == 2


def test_an_ended_process_shows_its_last_years(client):
    this = timezone.localdate().year
    long_process(slug="old", years=6, last=this - 2, end=str(this - 2))

    response = client.get("/processes/old/")
    # Its last year holds 2 entries, the year before 3 (with the round).
    assert response.context["choice"].window == (this - 3, this - 2)
    page = response.content.decode()
    assert f"showing {this - 3}–{this - 2}." in page
    assert "Jump to today" not in page


def test_the_note_is_in_arabic(client, process):
    this = timezone.localdate().year
    page = client.get("/ar/processes/long/").content.decode()

    assert "يضم هذا الخط الزمني 23 مدخلًا" in page
    assert f"{this - 1}–{this}" in page
    assert 'href="?year=all">اعرض كل السنوات</a>' in page


def test_a_short_timeline_shows_everything_as_before(client, monkeypatch, process):
    monkeypatch.setattr(processes, "WINDOW_ENTRIES", 400)
    this = timezone.localdate().year
    response = client.get("/processes/long/")
    page = response.content.decode()

    assert f"Event {this - 9}a" in page and "This timeline has" not in page
    assert response.context["year_links"][0].url == "?"


def cold_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_windowed_page_costs_the_same_queries_at_two_sizes(
    client, django_assert_max_num_queries
):
    long_process(slug="short", years=4)
    long_process(slug="longer", years=40)
    # 1 the process with its version, 2-6 the tally (one GROUP BY a kind), 7 the
    # tracks, 8-12 the window's rounds, events, resolutions, appointments and
    # documents (no signatories: none in the window).
    with django_assert_max_num_queries(12):
        client.get("/processes/short/")
    with django_assert_max_num_queries(12):
        client.get("/processes/longer/")
    assert cold_queries(client, "/processes/short/?kind=event") == cold_queries(
        client, "/processes/longer/?kind=event"
    )
    # And the rows read: the events of the window only.
    with CaptureQueriesContext(connection) as captured:
        client.get("/processes/longer/?kind=round")
    events = [q["sql"] for q in captured if q["sql"].startswith('SELECT "rounds_event"')]
    assert len(events) == 1 and "BETWEEN" in events[0]


def test_the_window_reads_the_process_events_through_their_date_index(process):
    this = timezone.localdate().year
    between = (date(this - 1, 1, 1), date(this, 12, 31))
    with CaptureQueriesContext(connection) as captured:
        timeline.build(process, between=between, kinds=(timeline.EVENT, timeline.ROUND))
    events, rounds = (
        next(q["sql"] for q in captured if f'FROM "{table}"' in q["sql"])
        for table in ("rounds_event", "rounds_round")
    )

    # SQLite takes the process's date index; PostgreSQL, on a table this small,
    # may take the public one (publication, date): both seek the date range.
    events_plan = plan(events, None)
    assert "event_process_date" in events_plan or "event_public_date" in events_plan
    assert "Seq Scan" not in events_plan and "SCAN rounds_event\n" not in events_plan + "\n"
    assert "round_process_start" in plan(rounds, None)


def test_the_tally_reads_the_process_rows_through_an_index(process):
    with CaptureQueriesContext(connection) as captured:
        timeline.tally(process)
    for table in ("rounds_event", "rounds_round", "rounds_document"):
        sql = next(q["sql"] for q in captured if f'FROM "{table}"' in q["sql"])
        text = plan(sql, None)
        assert f"SCAN {table}\n" not in text + "\n" and f"Seq Scan on {table}" not in text
