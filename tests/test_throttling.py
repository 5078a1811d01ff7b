"""Fair throttling: clients told apart by the trusted proxy hop (not by what they
write in X-Forwarded-For), reader pages and feeds throttled as well as the API, a
429 with Retry-After everywhere, and limits a newsroom behind one proxy does not
trip."""

import pytest
from django.test import override_settings
from rest_framework.throttling import AnonRateThrottle

from rounds.auth import client_ip, client_key
from rounds.throttling import parse_rate, seconds_to_wait

from .factories import ProcessFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def api_limit_of_two(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})


@pytest.fixture
def process():
    return ProcessFactory(slug="syria")


# --- Who the client is ---------------------------------------------------------------


def test_without_trusted_proxies_a_forged_forwarded_header_does_not_escape_the_throttle(
    client, api_limit_of_two
):
    statuses = [
        client.get(
            f"{API}/parties/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [200, 200, 429]


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_clients_are_told_apart_by_the_hop_it_wrote(client, api_limit_of_two):
    def get(forwarded):
        return client.get(
            f"{API}/parties/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # A client writing a new left end each time is still the same client.
    first = [get(f"192.0.2.{n}, 203.0.113.7") for n in range(3)]
    other = get("198.51.100.9")

    assert first == [200, 200, 429]
    assert other == 200


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_a_cdn_and_nginx_the_client_is_the_hop_the_cdn_wrote(rf):
    request = rf.get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7, 198.18.0.5"
    )

    assert client_ip(request) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_garbled_hop_falls_back_to_the_peer_address(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")

    assert client_ip(request) == "10.0.0.1"


def test_ipv6_clients_share_a_bucket_per_64_network(rf):
    one = rf.get("/", REMOTE_ADDR="2001:db8:1:2::1")
    same_network = rf.get("/", REMOTE_ADDR="2001:db8:1:2:ffff::9")
    other_network = rf.get("/", REMOTE_ADDR="2001:db8:1:3::1")

    assert client_key(one) == client_key(same_network) == "2001:db8:1:2::/64"
    assert client_key(other_network) != client_key(one)
    assert client_key(rf.get("/", REMOTE_ADDR="::ffff:203.0.113.7")) == "203.0.113.7"


# --- Reader pages and feeds -----------------------------------------------------------


@override_settings(READER_RATE="3/minute")
def test_reader_pages_are_throttled_with_a_plain_429_page_and_retry_after(client, process):
    statuses = [client.get("/processes/syria/").status_code for _ in range(3)]

    refused = client.get("/")

    assert statuses == [200, 200, 200]
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("text/html")
    assert b"Too many requests" in refused.content


@override_settings(READER_RATE="1/minute")
def test_the_429_page_under_ar_is_in_arabic(client, process):
    client.get("/ar/")

    refused = client.get("/ar/processes/syria/")

    assert refused.status_code == 429
    assert b'lang="ar" dir="rtl"' in refused.content


@override_settings(READER_RATE="2/minute")
def test_feeds_and_calendars_count_as_reader_requests(client, process):
    client.get("/processes/syria/feed/")
    client.get("/processes/syria/rounds.ics")

    assert client.get("/processes/syria/corrections/feed/").status_code == 429


@override_settings(READER_RATE="1/minute")
def test_the_reader_throttle_leaves_the_api_and_admin_to_their_own_rules(client, process):
    client.get("/")

    assert client.get(f"{API}/processes/").status_code == 200
    assert client.get("/admin/login/").status_code == 200


@override_settings(READER_RATE="1/minute")
def test_a_refused_reader_request_costs_no_database_query(
    client, process, django_assert_num_queries
):
    client.get("/")

    with django_assert_num_queries(0):
        assert client.get("/processes/syria/").status_code == 429


@override_settings(READER_RATE="2/minute", TRUSTED_PROXY_COUNT=1)
def test_readers_behind_one_proxy_each_have_their_own_count(client, process):
    def get(forwarded):
        return client.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    for _ in range(2):
        get("203.0.113.7")

    assert get("203.0.113.7").status_code == 429
    assert get("198.51.100.9").status_code == 200


def test_a_newsroom_spike_behind_one_proxy_stays_under_the_default_reader_rate(settings):
    """300 journalists behind one corporate proxy, each opening the timeline and
    one round page within the same minute: 600 requests, all served."""
    limit, period = parse_rate(settings.READER_RATE)

    waits = [seconds_to_wait("reader", "198.51.100.1", limit, period) for _ in range(600)]

    assert (limit, period) == (600, 60)
    assert waits == [None] * 600
    # A scraper at twice that pace is refused for the rest of the minute.
    assert 0 < seconds_to_wait("reader", "198.51.100.1", limit, period) <= 60


def test_the_counter_is_per_scope_and_per_client():
    assert seconds_to_wait("reader", "a", 1, 60) is None
    assert seconds_to_wait("reader", "b", 1, 60) is None
    assert seconds_to_wait("anon", "a", 1, 60) is None
    assert seconds_to_wait("reader", "a", 1, 60) is not None
