"""The main lists read their rows through an index that fits their filter and
order: no full scan of the table and no sort of every row (EXPLAIN QUERY PLAN on
SQLite, EXPLAIN on PostgreSQL with sequential scans discouraged, since a test
table is too small for the planner to bother with an index)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from . import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


def plan(sql: str, params) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def page_query(client, url: str, table: str) -> str:
    """The plan of the query that reads the page's rows from `table`."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    for query in captured:
        sql = query["sql"]
        if sql.startswith("SELECT") and f'FROM "{table}"' in sql and "COUNT(" not in sql:
            return plan(sql, None)  # captured with its parameters inlined
    raise AssertionError(f"no query on {table}")


def sorts_everything(text: str) -> bool:
    return "TEMP B-TREE FOR ORDER BY" in text or "Sort" in text


@pytest.fixture
def record():
    process = f.ProcessFactory(slug="big")
    for n in range(3):
        f.EventFactory(process=process, date=f"2017-0{n + 1}")
        f.RoundFactory(process=process)
        f.ResolutionFactory()
    return process


def test_the_events_list_reads_published_events_in_date_order_from_an_index(client, record):
    text = page_query(client, f"{API}/events/", "rounds_event")

    assert "event_public_date" in text
    assert not sorts_everything(text)


def test_a_deep_events_cursor_page_seeks_in_the_same_index(client, record):
    first = client.get(f"{API}/events/?cursor=&page_size=1").json()
    text = page_query(client, first["next"].replace("http://testserver", ""), "rounds_event")

    assert "event_public_date" in text
    assert not sorts_everything(text)


def test_the_resolutions_list_reads_in_index_order(client, record):
    text = page_query(client, f"{API}/resolutions/", "rounds_resolution")

    assert "resolution_public_order" in text
    assert not sorts_everything(text)


def test_the_rounds_list_of_a_process_reads_only_that_process(client, record):
    text = page_query(client, f"{API}/rounds/?process=big", "rounds_round")

    assert "round_process_start" in text or "round_process" in text
    assert "SCAN rounds_round" not in text and "Seq Scan on rounds_round" not in text


def test_an_offset_page_beyond_the_depth_limit_points_to_the_cursor(client, record):
    response = client.get(f"{API}/events/?page=201&page_size=50")

    assert response.status_code == 400
    assert "cursor" in response.json()["page"][0]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="SQLite's planner chose event_public_date here; PostgreSQL's weighs its "
    "statistics, which a three-row test table does not have",
)
@pytest.mark.parametrize("link", ["round", "person", "resolution"])
def test_the_events_of_one_record_are_read_through_its_own_index(record, link):
    from rounds.models import Event

    events = Event.objects.published().filter(**{f"{link}_id": 1}).order_by("date_earliest", "pk")
    sql, params = events.query.sql_with_params()

    text = plan(sql, params)

    assert "event_public_date" not in text
