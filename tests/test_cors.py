"""CORS (django-cors-headers, narrowed by rounds.cors): other sites' pages may read
our public data anonymously; writes, signed-in requests and other pages never
get a CORS header."""

import pytest
from rest_framework.authtoken.models import Token

from . import factories as f

pytestmark = pytest.mark.django_db

ORIGIN = "https://newsroom.example"
ALLOW = "Access-Control-Allow-Origin"


@pytest.fixture
def process():
    process = f.ProcessFactory(slug="geneva")
    f.RoundFactory(process=process)
    return process


READ_ONLY = [
    "/api/v1/processes/",
    "/api/v1/processes/geneva/",
    "/api/v1/processes/geneva/timelinejs/",
    "/api/v1/rounds/?lang=ar",
    "/api/v1/schema/",
    "/processes/geneva/feed/",
    "/ar/processes/geneva/feed/",
    "/processes/geneva/corrections/feed/",
    "/processes/geneva/rounds.ics",
    "/oembed/?url=http://testserver/processes/geneva/",
]


@pytest.mark.parametrize("path", READ_ONLY)
def test_anonymous_reads_of_public_data_answer_any_origin(client, process, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)

    assert response.status_code == 200, path
    assert response[ALLOW] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "origin" in response["Vary"].lower()


def test_clients_may_read_the_etag_and_language(client, process):
    response = client.get("/api/v1/processes/", HTTP_ORIGIN=ORIGIN)
    exposed = {h.strip() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "content-language", "retry-after"} <= exposed


@pytest.mark.parametrize(
    "path",
    [
        "/processes/geneva/",
        "/embed/processes/geneva/",
        "/admin/login/",
        "/api/v1/docs/",
        "/search/?q=geneva",
    ],
)
def test_pages_get_no_cors_headers(client, process, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert ALLOW not in response


def test_a_preflight_allows_reading_only(client, process):
    response = client.options(
        "/api/v1/processes/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 200
    assert response[ALLOW] == "*"
    methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert methods == {"GET", "HEAD", "OPTIONS"}
    headers = response["Access-Control-Allow-Headers"].lower()
    assert "authorization" not in headers and "cookie" not in headers


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_preflight_for_a_write_gets_no_cors_headers(client, process, method):
    response = client.options(
        "/api/v1/rounds/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD=method,
    )
    assert ALLOW not in response
    assert "Access-Control-Allow-Methods" not in response


def test_a_write_gets_no_cors_headers(client, process, editor):
    token = Token.objects.create(user=editor)
    anonymous = client.post("/api/v1/parties/", {"name": "X"}, HTTP_ORIGIN=ORIGIN)
    written = client.post(
        "/api/v1/parties/",
        {"name": "Party X", "kind": "state"},
        content_type="application/json",
        HTTP_ORIGIN=ORIGIN,
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert anonymous.status_code == 401 and written.status_code == 201
    assert ALLOW not in anonymous and ALLOW not in written


def test_a_request_with_a_session_gets_no_cors_headers(client, process, editor):
    client.force_login(editor)
    response = client.get("/api/v1/processes/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert ALLOW not in response


def test_a_request_with_a_token_gets_no_cors_headers(client, process, editor):
    token = Token.objects.create(user=editor)
    response = client.get(
        "/api/v1/processes/", HTTP_ORIGIN=ORIGIN, HTTP_AUTHORIZATION=f"Token {token.key}"
    )
    assert response.status_code == 200
    assert ALLOW not in response


def test_a_draft_stays_hidden_from_other_origins(client):
    f.ProcessFactory(slug="secret", draft=True)
    for path in ("/api/v1/processes/secret/", "/processes/secret/rounds.ics"):
        response = client.get(path, HTTP_ORIGIN=ORIGIN)
        assert response.status_code == 404
        assert "secret" not in client.get("/api/v1/processes/", HTTP_ORIGIN=ORIGIN).content.decode()
