"""Admin login protection (django-axes): repeated failed logins lock the client out
for a while; other clients, the public site and the API are unaffected."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse

from rounds.auth import client_ip

from .test_settings import manage

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")


def log_in(client, password, ip="203.0.113.7", username="editor", **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **headers,
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failed_logins_lock_the_client_out_even_with_the_right_password(client, editor):
    failures = [log_in(client, "wrong").status_code for _ in range(3)]

    right = log_in(client, "editor-pass")

    assert failures == [200, 200, 429]  # the form again, twice; then locked out
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still not logged in


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_locked_out_client_does_not_lock_out_another(client, editor):
    # (Failures on another account: the editor's own would lock the account itself,
    # from anywhere; see test_lockout.py.)
    for _ in range(3):
        log_in(client, "wrong", ip="203.0.113.7", username="intruder")

    response = log_in(client, "editor-pass", ip="198.51.100.9")

    assert response.status_code == 302
    assert response.url == "/admin/"


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_successful_login_clears_the_count(client, editor):
    for _ in range(2):
        log_in(client, "wrong")
    assert log_in(client, "editor-pass").status_code == 302
    client.logout()

    for _ in range(2):
        log_in(client, "wrong")

    assert log_in(client, "editor-pass").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=timedelta(minutes=30))
def test_the_lockout_ends_after_the_cool_off(client, editor):
    for _ in range(3):
        log_in(client, "wrong")
    assert log_in(client, "editor-pass").status_code == 429

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )

    assert log_in(client, "editor-pass").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_locked_out_client_can_still_read_the_site_and_the_api(client, editor):
    for _ in range(3):
        log_in(client, "wrong")

    assert client.get("/api/v1/rounds/", REMOTE_ADDR="203.0.113.7").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_forwarded_client_is_counted_apart(client, editor):
    for _ in range(3):
        log_in(
            client, "wrong", ip="10.0.0.1", username="intruder", HTTP_X_FORWARDED_FOR="203.0.113.7"
        )

    other = log_in(client, "editor-pass", ip="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert other.status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # a spoofed left end is ignored
        (2, "1.2.3.4, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer hops than proxies: the peer
    ],
)
def test_the_client_address_counts_trusted_proxies_from_the_right(
    rf, settings, proxies, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_a_malformed_failure_limit_fails_loudly():
    result = manage("check", DEBUG="1", LOGIN_FAILURE_LIMIT="five")

    assert result.returncode != 0
    assert "LOGIN_FAILURE_LIMIT must be an integer" in result.stderr
