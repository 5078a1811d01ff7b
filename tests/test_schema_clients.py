"""The OpenAPI schema as typed clients read it: JSON-only write bodies, the
If-Match and Idempotency-Key headers declared, CSV declared as text, optional
URLs and IDs as nullable strings (no `oneOf` that an empty string matches twice)."""

import pytest
import yaml
from django.core.management import call_command

from rounds.models import DocumentCitation, Process
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.yaml"
    with django_db_blocker.unblock():
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def operations(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            yield path, method.upper(), operation


def test_every_write_body_is_json_only(schema):
    bodies = {
        (path, method): set(op["requestBody"]["content"])
        for path, method, op in operations(schema)
        if "requestBody" in op
    }

    assert bodies
    assert set(map(frozenset, bodies.values())) == {frozenset({"application/json"})}


def test_creates_declare_idempotency_key_and_updates_if_match(schema):
    for path, method, op in operations(schema):
        headers = {p["name"] for p in op.get("parameters", []) if p["in"] == "header"}
        if method == "POST":
            assert headers == {"Idempotency-Key"}, path
            assert {"409", "422"} <= set(op["responses"]), path
        elif method in ("PUT", "PATCH", "DELETE"):
            assert headers == {"If-Match"}, path
        else:
            assert not headers, path


def test_csv_responses_are_declared_as_text(schema):
    csv = [
        response["content"]["text/csv"]["schema"]
        for _path, _method, op in operations(schema)
        for response in op["responses"].values()
        if "text/csv" in response.get("content", {})
    ]

    assert csv
    assert all(s["type"] == "string" and "$ref" not in s for s in csv)


def test_no_property_is_a_oneof_that_an_empty_string_matches_twice(schema):
    doubles = [
        (name, prop)
        for name, component in schema["components"]["schemas"].items()
        for prop, spec in component.get("properties", {}).items()
        if any(branch.get("maxLength") == 0 for branch in spec.get("oneOf", []))
    ]

    assert doubles == []
    url = schema["components"]["schemas"]["Document"]["properties"]["url"]
    assert (url["type"], url["format"], url["nullable"]) == ("string", "uri", True)


def test_an_empty_link_reads_null_and_is_cleared_with_null(client, editor):
    document = f.DocumentFactory(url="https://example.org/agreement.pdf")
    DocumentCitation.objects.create(document=document, source=f.SourceFactory())
    client.force_login(editor)

    cleared = client.patch(
        f"{API}/documents/{document.pk}/", {"url": None}, content_type="application/json"
    )
    document.refresh_from_db()

    assert cleared.status_code == 200, cleared.json()
    assert cleared.json()["url"] is None
    assert document.url == ""
    again = client.patch(
        f"{API}/documents/{document.pk}/", {"url": ""}, content_type="application/json"
    )
    assert again.status_code == 200
    assert again.json()["url"] is None


def test_a_malformed_link_is_still_a_400(client, editor):
    document = f.DocumentFactory()
    client.force_login(editor)

    response = client.patch(
        f"{API}/documents/{document.pk}/", {"url": "not a link"}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "url" in response.json()


@pytest.mark.parametrize(
    "content_type, body",
    [
        (
            "multipart/form-data; boundary=x",
            '--x\r\nContent-Disposition: form-data; name="slug"\r\n\r\nlibya\r\n--x--\r\n',
        ),
        ("application/x-www-form-urlencoded", "slug=libya&name=Libya"),
    ],
)
def test_form_bodies_are_refused_and_store_nothing(client, editor, content_type, body):
    client.force_login(editor)

    response = client.post(f"{API}/processes/", body, content_type=content_type)

    # 415 from DRF; 400 ("required" for every field) once the NUL guard
    # (rounds.inputs.RefuseNul) has read the form before DRF sees the request.
    assert response.status_code in (400, 415)
    assert not Process.objects.exists()
