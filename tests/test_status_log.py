"""The status log of rounds: the first status, each change of status, and each
change of dates while a round is still to be held, with the day and source, so
that the timeline can show how a round slipped."""

import pytest
from django.urls import reverse
from django.utils import timezone

from rounds.demo import load_demo
from rounds.models import Round, RoundStatusChange

from . import factories as f
from .test_admin import form_data

pytestmark = pytest.mark.django_db

API = "/api/v1"


def log_of(round_) -> list[tuple]:
    return list(
        RoundStatusChange.objects.filter(round=round_)
        .order_by("recorded_at", "pk")
        .values_list("status", "start", "end", "changed_on")
    )


def test_a_new_round_starts_its_log_with_its_status_and_no_known_date():
    round_ = f.RoundFactory(status="announced", start="2017-07-10", end="2017-07-14")

    assert log_of(round_) == [("announced", "2017-07-10", "2017-07-14", None)]


def test_a_status_change_is_logged_on_the_day_it_is_recorded():
    round_ = f.RoundFactory(status="announced", start="2017-07-10", end="2017-07-14")

    round_.status = "postponed"
    round_.save()

    assert log_of(round_)[-1] == ("postponed", "2017-07-10", "2017-07-14", timezone.localdate())


def test_new_dates_before_the_round_is_held_are_a_rescheduling():
    round_ = f.RoundFactory(status="announced", start="2017-07-10", end="2017-07-14")

    round_.start, round_.end = "2017-07-17", "2017-07-21"
    round_.save()

    assert [entry[:3] for entry in log_of(round_)] == [
        ("announced", "2017-07-10", "2017-07-14"),
        ("announced", "2017-07-17", "2017-07-21"),
    ]


def test_a_slipping_round_keeps_every_step():
    round_ = f.RoundFactory(status="planned", start="2017-06", end="")
    for status, start, end in [
        ("announced", "2017-07-10", "2017-07-14"),
        ("postponed", "2017-07-10", "2017-07-14"),
        ("announced", "2017-07-17", "2017-07-21"),
        ("ongoing", "2017-07-17", "2017-07-21"),
        ("concluded", "2017-07-17", "2017-07-21"),
    ]:
        round_.status, round_.start, round_.end = status, start, end
        round_.save()

    assert [entry[0] for entry in log_of(round_)] == [
        "planned",
        "announced",
        "postponed",
        "announced",
        "ongoing",
        "concluded",
    ]


def test_fixing_the_dates_of_a_held_round_is_a_correction_not_a_slip():
    round_ = f.RoundFactory(status="concluded", start="2017-07-10", end="2017-07-14")

    round_.end = "2017-07-15"
    round_.save()

    assert len(log_of(round_)) == 1


def test_other_changes_are_not_logged():
    round_ = f.RoundFactory(status="announced")

    round_.label, round_.city = "Geneva VII", "Geneva"
    round_.save()

    assert len(log_of(round_)) == 1


def test_the_demo_rounds_each_start_a_log():
    load_demo()

    assert RoundStatusChange.objects.count() == Round.objects.count()


# --- Admin -------------------------------------------------------------------------------


def test_the_log_is_an_inline_of_the_round_page_where_editors_date_and_source_it(client, editor):
    round_ = f.RoundFactory(draft=True, status="announced")
    round_.status = "postponed"
    round_.save()
    source = f.SourceFactory()
    url = reverse("admin:rounds_round_change", args=[round_.pk])
    client.force_login(editor)
    data = form_data(client.get(url))
    data.update({"status_log-1-changed_on": "2017-07-05", "status_log-1-source": source.pk})

    response = client.post(url, data)

    assert response.status_code == 302
    entry = RoundStatusChange.objects.get(round=round_, status="postponed")
    assert (entry.changed_on.isoformat(), entry.source) == ("2017-07-05", source)
    assert entry.history.latest().history_user == editor


# --- API -----------------------------------------------------------------------------------


def test_the_api_gives_a_rounds_status_log_oldest_first(client):
    round_ = f.RoundFactory(status="announced", start="2017-07-10", end="2017-07-14")
    round_.status = "postponed"
    round_.save()
    entry = round_.status_log.latest("pk")
    entry.source = f.SourceFactory(url="https://news.un.org/x")
    entry.save()

    response = client.get(f"{API}/rounds/{round_.pk}/status-log/")

    assert response.status_code == 200
    assert [(e["status"], e["dates"], e["source"]) for e in response.json()] == [
        ("announced", "10–14 July 2017", None),
        ("postponed", "10–14 July 2017", "https://news.un.org/x"),
    ]


def test_the_status_log_of_a_draft_round_is_hidden_from_the_public(client):
    round_ = f.RoundFactory(draft=True)

    assert client.get(f"{API}/rounds/{round_.pk}/status-log/").status_code == 404
