"""Idempotent creates: a POST retried with the same Idempotency-Key (after a lost
response) returns the first response and creates nothing more."""

from unittest import mock

import pytest

from rounds.api.editorial import VersionedWrites
from rounds.models import IdempotencyKey, Process, Round
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"
KEY = "5f0c9a58-0d1b-4be1-9c53-9a7c1f4e2b11"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def post(client, url, data, key=KEY, **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(url, data, content_type="application/json", **headers)


def process_body(**extra):
    return {"slug": "libya", "name": "Libya talks", "conflict": "Libya", **extra}


def test_a_retry_with_the_same_key_returns_the_first_response(editor_client):
    first = post(editor_client, f"{API}/processes/", process_body())
    again = post(editor_client, f"{API}/processes/", process_body())

    assert first.status_code == 201, first.json()
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert again["ETag"] == first["ETag"]
    assert Process.objects.count() == 1


def test_a_retry_after_a_dropped_response_creates_nothing_more(editor_client, editor):
    """The server commits, then the response is lost on the way (simulated by a
    failure after the create's transaction): the client retries with its key."""
    process = f.ProcessFactory(slug="syria-geneva")
    body = {"process": "syria-geneva", "number": 3, "label": "Geneva III", "status": "concluded"}
    original = VersionedWrites.finalize_response
    calls = []

    def drop_first_response(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionResetError("client went away")
        return original(self, *args, **kwargs)

    editor_client.raise_request_exception = False
    with mock.patch.object(VersionedWrites, "finalize_response", drop_first_response):
        lost = post(editor_client, f"{API}/rounds/", body)
        retry = post(editor_client, f"{API}/rounds/", body)

    assert lost.status_code == 500  # what the client would have seen, at best
    assert retry.status_code == 201, retry.json()
    assert Round.objects.filter(process=process).count() == 1
    assert retry.json()["id"] == Round.objects.get().pk
    assert IdempotencyKey.objects.get().user == editor


def test_without_a_key_each_post_creates_a_record(editor_client):
    post(editor_client, f"{API}/processes/", process_body(), key=None)
    response = post(editor_client, f"{API}/processes/", process_body(slug="libya-2"), key=None)

    assert response.status_code == 201
    assert Process.objects.count() == 2
    assert not IdempotencyKey.objects.exists()


def test_the_same_key_with_another_body_is_a_422(editor_client):
    post(editor_client, f"{API}/processes/", process_body())
    response = post(editor_client, f"{API}/processes/", process_body(slug="other"))

    assert response.status_code == 422
    assert "Idempotency-Key" in response.json()["detail"]
    assert list(Process.objects.values_list("slug", flat=True)) == ["libya"]


def test_key_order_and_spacing_of_the_body_do_not_matter(editor_client):
    post(editor_client, f"{API}/processes/", process_body())
    response = editor_client.post(
        f"{API}/processes/",
        '{ "conflict": "Libya",  "name": "Libya talks", "slug": "libya" }',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=KEY,
    )

    assert response.status_code == 201
    assert Process.objects.count() == 1


def test_the_same_key_on_another_resource_is_a_422(editor_client):
    post(editor_client, f"{API}/processes/", process_body())
    response = post(editor_client, f"{API}/sources/", {"publisher": "UN", "url": "https://un.org/"})

    assert response.status_code == 422


def test_keys_belong_to_their_user(editor_client, django_user_model, editors_group):
    post(editor_client, f"{API}/processes/", process_body())
    colleague = django_user_model.objects.create_user("colleague")
    colleague.groups.add(editors_group)
    editor_client.force_login(colleague)

    response = post(editor_client, f"{API}/processes/", process_body(slug="libya-2"))

    assert response.status_code == 201
    assert Process.objects.count() == 2


def test_a_refused_write_stores_no_key_so_a_fixed_body_can_use_it(editor_client):
    refused = post(editor_client, f"{API}/processes/", process_body(slug="not a slug"))
    fixed = post(editor_client, f"{API}/processes/", process_body())

    assert refused.status_code == 400
    assert fixed.status_code == 201
    assert IdempotencyKey.objects.count() == 1


def test_an_expired_key_is_forgotten(editor_client, settings):
    settings.IDEMPOTENCY_KEY_TTL = 0
    post(editor_client, f"{API}/processes/", process_body())
    response = post(editor_client, f"{API}/processes/", process_body(slug="libya-2"))

    assert response.status_code == 201
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.parametrize("key", ["", " padded ", "x" * 256, "naïve"])
def test_a_malformed_key_is_a_400_naming_the_header(editor_client, key):
    response = post(editor_client, f"{API}/processes/", process_body(), key=key)

    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()
    assert not Process.objects.exists()


def test_anonymous_posts_with_a_key_are_refused_and_store_nothing(client):
    response = post(client, f"{API}/processes/", process_body())

    assert response.status_code == 401
    assert not IdempotencyKey.objects.exists()


def test_the_record_and_its_key_commit_together_or_not_at_all(editor_client):
    editor_client.raise_request_exception = False
    with mock.patch.object(IdempotencyKey.objects, "create", side_effect=RuntimeError):
        response = post(editor_client, f"{API}/processes/", process_body())

    assert response.status_code == 500
    assert not Process.objects.exists()
