"""Honest outages: with the database unreachable every request gets a 503 with
Retry-After (JSON for the API, a plain page for readers) at once, and the site
serves again as soon as the database is back."""

import json
import time
import urllib.error
import urllib.request

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client

from ops.servers import Gunicorn, free_port, production_env

from .factories import ProcessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A client that gets the error response, as a browser would."""
    return Client(raise_request_exception=False)


@pytest.fixture
def process():
    return ProcessFactory(slug="syria")


def database_down(error=OperationalError):
    """Every query fails as on a lost connection."""

    def fail(execute, sql, params, many, context):
        raise error("server closed the connection unexpectedly")

    return connection.execute_wrapper(fail)


def test_the_api_answers_503_json_with_retry_after(client, process):
    with database_down():
        response = client.get("/api/v1/rounds/")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "application/json"
    assert "unavailable" in response.json()["detail"]


def test_an_api_write_answers_503_too(client, editor, process):
    client.force_login(editor)

    with database_down(InterfaceError):
        response = client.post("/api/v1/parties/", {"name_en": "X"}, "application/json")

    assert response.status_code == 503
    assert response["Retry-After"] == "5"


def test_reader_pages_answer_a_plain_503_page(client, process):
    with database_down():
        english = client.get("/processes/syria/")
        arabic = client.get("/ar/processes/syria/")

    assert english.status_code == arabic.status_code == 503
    assert english["Retry-After"] == "5"
    assert b"Temporarily unavailable" in english.content
    assert b'lang="ar" dir="rtl"' in arabic.content
    assert english["Cache-Control"] == "no-store"


def test_the_site_serves_again_once_the_database_is_back(client, process):
    with database_down():
        assert client.get("/processes/syria/").status_code == 503

    assert client.get("/processes/syria/").status_code == 200
    assert client.get("/api/v1/processes/").status_code == 200


def test_other_errors_are_still_a_500(client, process):
    with database_down(ValueError):
        response = client.get("/processes/syria/")

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_a_real_server_with_its_database_gone_answers_503_within_a_second():
    """gunicorn, DEBUG off, PostgreSQL URL pointing at a closed port."""
    env = production_env(DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/none")

    with Gunicorn(env, workers=1) as server:
        answers = {}
        for path in ("/api/v1/rounds/", "/processes/syria/", "/api/v1/rounds/", "/"):
            started = time.monotonic()
            try:
                urllib.request.urlopen(server.url + path, timeout=10)
            except urllib.error.HTTPError as error:
                answers[path] = (error.code, error.headers, error.read())
            elapsed = time.monotonic() - started
            assert elapsed < 1, f"{path} took {elapsed:.2f} s"

    status, headers, body = answers["/api/v1/rounds/"]
    assert (status, headers["Retry-After"]) == (503, "5")
    assert json.loads(body)["detail"]
    status, headers, body = answers["/processes/syria/"]
    assert (status, headers["Retry-After"]) == (503, "5")
    assert b"Temporarily unavailable" in body
