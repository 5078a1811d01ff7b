"""Login lockout by account and by client: failed admin logins count against the
username tried and against the client's address; a successful login by someone
else resets neither; a locked editor reads what to do; an administrator unlocks."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("editor")]

LOGIN = reverse("admin:login")
ATTACKER_IP = "203.0.113.7"


@pytest.fixture
def colleague(django_user_model, editors_group):
    user = django_user_model.objects.create_user("colleague", password="colleague-pass")
    user.is_staff = True
    user.save()
    user.groups.add(editors_group)
    return user


def log_in(client, username, password, ip=ATTACKER_IP):
    client.logout()
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_account_is_locked_after_failures_from_many_clients(client):
    for n in range(3):
        log_in(client, "editor", "wrong", ip=f"198.51.100.{n}")

    response = log_in(client, "editor", "editor-pass", ip="192.0.2.50")

    assert response.status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_client_is_locked_after_failures_on_many_accounts(client, colleague):
    for name in ("alice", "bob", "carol"):
        log_in(client, name, "wrong")

    assert log_in(client, "colleague", "colleague-pass").status_code == 429
    assert log_in(client, "colleague", "colleague-pass", ip="192.0.2.50").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_login_by_someone_else_does_not_reset_the_count(client, colleague):
    """The bypass of the issue: guess at the editor's password, log in with one's
    own account from the same address, guess again."""
    statuses = []
    for _ in range(3):
        statuses.append(log_in(client, "editor", "guess").status_code)
        log_in(client, "colleague", "colleague-pass")  # the attacker's own account

    assert statuses[:2] == [200, 200]
    assert log_in(client, "editor", "editor-pass", ip="192.0.2.50").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_editors_own_login_clears_only_their_own_failures(client, colleague):
    log_in(client, "editor", "wrong")
    log_in(client, "colleague", "wrong")
    log_in(client, "editor", "editor-pass")

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["colleague"]


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=30))
def test_the_lockout_page_tells_the_editor_what_to_do(client):
    for _ in range(2):
        log_in(client, "editor", "wrong")

    response = log_in(client, "editor", "editor-pass")

    assert response.status_code == 429
    text = response.content.decode()
    assert "Login paused after too many failed attempts" in text
    assert "paused for 30 minutes" in text
    assert "ask an administrator" in text
    assert "editor-pass" not in text


@override_settings(AXES_FAILURE_LIMIT=2)
def test_an_administrator_unlocks_in_the_admin(client, superuser):
    for _ in range(2):
        log_in(client, "editor", "wrong")
    attempt = AccessAttempt.objects.get()
    client.force_login(superuser)

    listing = client.get(reverse("admin:axes_accessattempt_changelist"))
    client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert listing.status_code == 200 and "editor" in listing.content.decode()
    assert log_in(client, "editor", "editor-pass").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=2)
def test_an_administrator_unlocks_an_account_with_a_command(client):
    for _ in range(2):
        log_in(client, "editor", "wrong")

    call_command("axes_reset_username", "editor", verbosity=0)

    assert log_in(client, "editor", "editor-pass").status_code == 302
