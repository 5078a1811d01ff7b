"""How the API answers: CSV, English or Arabic, ETags and 304, throttling, and
its OpenAPI schema and docs."""

import csv
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from rest_framework.throttling import AnonRateThrottle

from tests import factories as f
from tracker.settings import env_rate

pytestmark = pytest.mark.django_db

API = "/api/v1"


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


# --- CSV -----------------------------------------------------------------------------


def test_csv_has_the_same_filtered_rows_as_json(client):
    f.RoundFactory.create_batch(3, status="concluded")
    f.RoundFactory(status="planned")

    json_rows = client.get(f"{API}/rounds/?status=concluded").json()["results"]
    rows = csv_rows(client.get(f"{API}/rounds/?status=concluded&format=csv"))

    assert [int(row["id"]) for row in rows] == [row["id"] for row in json_rows]
    assert list(rows[0]) == list(json_rows[0])


def test_csv_keeps_arabic_and_flattens_nested_values(client):
    round_ = f.RoundFactory(label="Geneva IV", label_ar="جنيف الرابعة")
    f.RoundEnvoyFactory(round=round_, person__name="Staffan de Mistura", role="Convener")
    f.RoundEnvoyFactory(round=round_, person__name="Ramzy Ezzeldin Ramzy", role="")
    f.RoundResolutionFactory(round=round_, resolution__symbol="S/RES/2254 (2015)")
    f.RoundResolutionFactory(round=round_, resolution__symbol="S/RES/2118 (2013)")

    (row,) = csv_rows(client.get(f"{API}/rounds/?format=csv&lang=ar"))

    assert row["label"] == "جنيف الرابعة"
    assert row["envoys"] == "Staffan de Mistura, Convener; Ramzy Ezzeldin Ramzy"
    assert set(row["resolutions"].split("; ")) == {"S/RES/2254 (2015)", "S/RES/2118 (2013)"}


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)"])
def test_csv_neutralises_formula_cells(client, text):
    f.PublicPartyFactory(name=text)

    (row,) = csv_rows(client.get(f"{API}/parties/?format=csv"))

    assert row["name"] == "'" + text


def test_csv_is_whole_unless_a_page_is_asked_for(client):
    f.PublicSourceFactory.create_batch(60)

    assert len(csv_rows(client.get(f"{API}/sources/?format=csv"))) == 60
    assert len(csv_rows(client.get(f"{API}/sources/?format=csv&page_size=25"))) == 25


def test_empty_csv_still_has_its_header(client):
    rows = client.get(f"{API}/events/?format=csv").content.decode("utf-8-sig")

    assert rows.splitlines()[0].startswith("id,process,kind,title")


@pytest.mark.parametrize(
    "endpoint",
    [
        "processes",
        "rounds",
        "people",
        "parties",
        "agenda-items",
        "resolutions",
        "events",
        "documents",
        "sources",
    ],
)
def test_every_list_downloads_as_csv(client, endpoint):
    response = client.get(f"{API}/{endpoint}/?format=csv")

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')


def test_csv_by_accept_header(client):
    f.PublicPartyFactory()

    response = client.get(f"{API}/parties/", HTTP_ACCEPT="text/csv")

    assert len(csv_rows(response)) == 1


# --- Language --------------------------------------------------------------------------


def test_lang_ar_returns_arabic_text(client):
    round_ = f.RoundFactory(label="Geneva IV", label_ar="جنيف الرابعة", city="Geneva")

    body = client.get(f"{API}/rounds/{round_.pk}/?lang=ar")

    assert body["Content-Language"] == "ar"
    assert body.json()["label"] == "جنيف الرابعة"
    assert body.json()["city"] == "Geneva"  # no Arabic yet: English fallback


def test_accept_language_ar_returns_arabic_text(client):
    f.PublicPartyFactory(name="Turkey", name_ar="تركيا")

    response = client.get(f"{API}/parties/", HTTP_ACCEPT_LANGUAGE="ar")

    assert response["Content-Language"] == "ar"
    assert response.json()["results"][0]["name"] == "تركيا"


def test_lang_en_overrides_accept_language(client):
    f.PublicPartyFactory(name="Turkey", name_ar="تركيا")

    response = client.get(f"{API}/parties/?lang=en", HTTP_ACCEPT_LANGUAGE="ar")

    assert response.json()["results"][0]["name"] == "Turkey"


def test_english_is_the_default(client):
    f.PublicPartyFactory(name="Turkey", name_ar="تركيا")

    response = client.get(f"{API}/parties/")

    assert response["Content-Language"] == "en"
    assert response.json()["results"][0]["name"] == "Turkey"


# --- ETag and 304 ------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["rounds/", "rounds/{pk}/"])
def test_matching_etag_gives_304(client, path):
    round_ = f.RoundFactory()
    url = f"{API}/{path.format(pk=round_.pk)}"

    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200 and first["ETag"]
    assert again.status_code == 304
    assert again.content == b""


def test_etag_changes_with_the_data_and_the_language(client):
    round_ = f.RoundFactory(label="Geneva IV", label_ar="جنيف الرابعة")
    url = f"{API}/rounds/{round_.pk}/"
    etag = client.get(url)["ETag"]

    assert client.get(f"{url}?lang=ar")["ETag"] != etag
    round_.label = "Geneva IV (resumed)"
    round_.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


# --- Throttling ------------------------------------------------------------------------


def test_anonymous_callers_are_throttled_with_retry_after(client, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [client.get(f"{API}/parties/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = client.get(f"{API}/parties/")
    assert int(response["Retry-After"]) > 0


def test_signed_in_callers_are_not_throttled(client, plain_user, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    client.force_login(plain_user)

    statuses = {client.get(f"{API}/parties/").status_code for _ in range(3)}

    assert statuses == {200}


def test_throttle_rate_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("API_ANON_RATE", "30/hour")
    assert env_rate("API_ANON_RATE", "120/minute") == "30/hour"

    monkeypatch.setenv("API_ANON_RATE", "lots")
    with pytest.raises(ImproperlyConfigured, match="API_ANON_RATE"):
        env_rate("API_ANON_RATE", "120/minute")


# --- Schema and docs -----------------------------------------------------------------------


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))

    assert "/api/v1/rounds/" in out.read_text()


def test_schema_describes_every_filter(client):
    schema = client.get(f"{API}/schema/?format=json").json()

    for path, operations in schema["paths"].items():
        for parameter in operations.get("get", {}).get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
    names = {p["name"] for p in schema["paths"]["/api/v1/rounds/"]["get"]["parameters"]}
    assert {"process", "status", "start_after", "start_before", "year", "envoy"} <= names


def test_schema_describes_every_field(client):
    schema = client.get(f"{API}/schema/?format=json").json()

    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            assert spec.get("description") or "$ref" in spec or "allOf" in spec, (name, field)


def test_docs_are_served_from_local_static_files(client):
    response = client.get(f"{API}/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()


def test_the_whole_csv_is_streamed_chunk_by_chunk(client, django_assert_max_num_queries):
    from rounds.api import streaming

    process = f.ProcessFactory()
    f.RoundFactory.create_batch(streaming.CHUNK + 1, process=process)

    response = client.get(f"{API}/rounds/?format=csv")
    chunks = list(response.streaming_content)

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="round.csv"'
    # the header row, then one piece per chunk of rows
    assert len(chunks) == 3
    assert b"".join(chunks).decode("utf-8-sig").count("\n") == streaming.CHUNK + 2
