"""Scale-out: two gunicorn servers on one PostgreSQL database and one Redis behave as
one site. An edit through one is visible through the other at once (no stale
timeline or ETag), throttle counts add up across both, an import previewed on one
is confirmed on the other; with Redis gone the site still serves.

Needs PostgreSQL and Redis (skipped without them, failed under CI=true); run by
`make test-ops` and .ci/run."""

import csv
import io
import itertools
import os
import re
import time
import uuid

import psycopg
import pytest
import requests

from ops.servers import (
    Gunicorn,
    editor_token,
    free_port,
    manage,
    postgres_database,
    postgres_for_tests,
    prepare_site,
    production_env,
    redis_for_tests,
)
from rounds.desk.imports import SAMPLES

pytestmark = pytest.mark.ops

API_RATE, READER_RATE = 6, 8


@pytest.fixture(scope="module")
def site():
    server_url, redis_url = postgres_for_tests(), redis_for_tests()
    name = f"{os.environ.get('TEST_DB_NAME', 'test')}_scale_out"
    with postgres_database(server_url, name) as database_url:
        env = production_env(
            DATABASE_URL=database_url,
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=f"scale-out-{uuid.uuid4().hex}",
            TRUSTED_PROXY_COUNT="1",
            API_ANON_RATE=f"{API_RATE}/minute",
            READER_RATE=f"{READER_RATE}/minute",
        )
        prepare_site(env)
        token = editor_token(env)
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import User\n"
            "u = User.objects.get(username='ops-editor'); u.set_password('ops-pass'); u.save()",
        )
        with Gunicorn(env) as one, Gunicorn(env) as two:
            yield {
                "one": one.url,
                "two": two.url,
                "token": token,
                "database": database_url,
                "env": env,
            }


CLIENTS = itertools.count(1)


def reader() -> requests.Session:
    """A client with an address of its own, as the proxy reports it."""
    session = requests.Session()
    session.headers["X-Forwarded-For"] = f"198.18.0.{next(CLIENTS)}"
    return session


def a_published_round(site) -> dict:
    rounds = reader().get(f"{site['one']}/api/v1/rounds/?page_size=200").json()["results"]
    return next(r for r in rounds if r["publication"] == "published")


def test_an_edit_through_one_server_is_seen_through_the_other_at_once(site):
    round_ = a_published_round(site)
    process = round_["process"]
    page = f"{site['two']}/processes/{process}/"
    timeline = f"{site['two']}/api/v1/processes/{process}/timeline/"
    before = reader().get(page)
    before_api = reader().get(timeline)
    assert before.status_code == before_api.status_code == 200

    editor = reader()
    editor.headers["Authorization"] = f"Token {site['token']}"
    read = editor.get(f"{site['one']}/api/v1/rounds/{round_['id']}/")
    new_label = f"Scale-out check {uuid.uuid4().hex[:6]}"
    edited = editor.patch(
        f"{site['one']}/api/v1/rounds/{round_['id']}/",
        json={"label": new_label},
        headers={"If-Match": read.headers["ETag"]},
    )
    assert edited.status_code == 200, edited.text

    after = reader().get(page, headers={"If-None-Match": before.headers["ETag"]})
    after_api = reader().get(timeline, headers={"If-None-Match": before_api.headers["ETag"]})
    assert after.status_code == after_api.status_code == 200  # not 304
    assert new_label in after.text
    assert new_label in after_api.text


def wait_for_a_fresh_window() -> None:
    """Throttle windows are whole minutes: do not straddle one."""
    if time.time() % 60 > 50:
        time.sleep(61 - time.time() % 60)


def test_api_throttle_counts_add_up_across_servers(site):
    client = reader()
    wait_for_a_fresh_window()

    statuses = [
        client.get(f"{site['one' if n % 2 else 'two']}/api/v1/parties/").status_code
        for n in range(API_RATE + 1)
    ]

    assert statuses == [200] * API_RATE + [429]
    refused = client.get(f"{site['one']}/api/v1/parties/")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert reader().get(f"{site['one']}/api/v1/parties/").status_code == 200


def test_reader_throttle_counts_add_up_across_servers(site):
    client = reader()
    wait_for_a_fresh_window()

    statuses = [
        client.get(f"{site['one' if n % 2 else 'two']}/").status_code
        for n in range(READER_RATE + 1)
    ]

    assert statuses == [200] * READER_RATE + [429]
    assert int(client.get(f"{site['two']}/").headers["Retry-After"]) > 0


def log_in(session: requests.Session, base: str) -> None:
    form = session.get(f"{base}/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    response = session.post(
        f"{base}/admin/login/",
        data={
            "csrfmiddlewaretoken": token,
            "username": "ops-editor",
            "password": "ops-pass",
            "next": "/admin/",
        },
        allow_redirects=False,
    )
    assert response.status_code == 302, response.text[:500]


def hidden_fields(html: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


def test_an_import_previewed_on_one_server_is_confirmed_on_the_other(site):
    url = f"https://example.org/scale-out/{uuid.uuid4().hex}"
    rows = list(csv.DictReader(io.StringIO((SAMPLES / "sources.csv").read_text("utf-8-sig"))))
    row = {**rows[0], "url": url, "publisher": "Scale-out check"}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    editor = reader()
    log_in(editor, site["one"])

    form = editor.get(f"{site['one']}/admin/rounds/source/import/")
    preview = editor.post(
        f"{site['one']}/admin/rounds/source/import/",
        data={**hidden_fields(form.text), "format": "0", "resource": ""},
        files={"import_file": ("sources.csv", out.getvalue().encode(), "text/csv")},
    )
    confirm = hidden_fields(preview.text)
    assert "import_file_name" in confirm, preview.text[:2000]
    confirmed = editor.post(
        f"{site['two']}/admin/rounds/source/process_import/", data=confirm, allow_redirects=False
    )

    assert confirmed.status_code == 302
    with psycopg.connect(site["database"]) as connection:
        stored = connection.execute("SELECT count(*) FROM rounds_source WHERE url = %s", [url])
        assert stored.fetchone()[0] == 1
        left = connection.execute("SELECT count(*) FROM rounds_importpreview")
        assert left.fetchone()[0] == 0


def test_with_redis_gone_the_site_still_serves(site):
    env = {**site["env"], "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"}

    with Gunicorn(env, workers=1) as lonely:
        started = time.monotonic()
        page = reader().get(f"{lonely.url}/")
        api = reader().get(f"{lonely.url}/api/v1/rounds/")
        elapsed = time.monotonic() - started

    assert page.status_code == api.status_code == 200
    assert elapsed < 5
