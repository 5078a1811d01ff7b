"""The rounds calendar (rounds.ics) as calendar apps read it: parsed with icalendar
(what we write it with) and with `ics`, a stricter parser (it refuses an end
before a start, an unknown STATUS, an impossible date), on rounds whose dates are
exact, month-only, seasonal, slipped, called off and out of range."""

import logging
from datetime import date

import ics
import pytest
from icalendar import Calendar

from rounds.models import Round

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def process():
    return f.ProcessFactory(slug="geneva", name="Geneva talks")


def fetch(client, query: str = "", lang: str = ""):
    prefix = f"/{lang}" if lang else ""
    response = client.get(f"{prefix}/processes/geneva/rounds.ics{query}")
    assert response.status_code == 200
    return response.content


def parsed(body: bytes) -> dict:
    """The events by UID, read by icalendar, after `ics` has read the whole file."""
    strict = ics.Calendar(body.decode())
    lenient = Calendar.from_ical(body)
    events = {str(e["uid"]): e for e in lenient.walk("VEVENT")}
    assert {e.uid for e in strict.events} == set(events)
    for event in strict.events:
        assert event.all_day and event.begin < event.end
    for event in events.values():  # RFC 5545 3.6.1: required in a published VEVENT
        assert "dtstamp" in event and "dtstart" in event
    return events


def uid(round_: Round) -> str:
    return f"round-{round_.pk}@localhost"


@pytest.fixture
def mixed(process):
    """Rounds of every kind of date a process may hold."""
    return {
        "exact": f.RoundFactory(process=process, label="Geneva VII"),
        "approximate": f.RoundFactory(
            process=process, label="Geneva VIII", start="2017-11-28~", end="2017-12-14"
        ),
        "month": f.RoundFactory(
            process=process,
            label="August round",
            status="announced",
            start="",
            end="",
            announced_start="2017-08",
        ),
        "held_month": f.RoundFactory(
            process=process, label="Spring round", start="2016-03", end=""
        ),
        "season": f.RoundFactory(
            process=process,
            label="Autumn round",
            status="planned",
            start="",
            end="",
            announced_start="2018-23",
        ),
        "year": f.RoundFactory(
            process=process,
            label="Some round",
            status="planned",
            start="",
            end="",
            announced_start="2019",
        ),
        "postponed": f.RoundFactory(
            process=process,
            label="Geneva IX",
            status="postponed",
            start="",
            end="",
            announced_start="2018-01-21",
            announced_end="2018-01-26",
        ),
        "cancelled": f.RoundFactory(
            process=process, label="Called off", status="cancelled", start="2018-05-02", end=""
        ),
    }


def test_both_parsers_read_the_default_calendar(client, mixed):
    events = parsed(fetch(client))

    assert set(events) == {
        uid(mixed[name]) for name in ("exact", "approximate", "postponed", "cancelled")
    }


def test_both_parsers_read_the_calendar_with_unscheduled_rounds(client, mixed):
    events = parsed(fetch(client, "?include=unscheduled"))

    assert set(events) == {uid(round_) for round_ in mixed.values()}


def test_the_arabic_calendar_parses_too(client, mixed):
    parsed(fetch(client, "?include=unscheduled", lang="ar"))


@pytest.mark.parametrize(
    "name, first_day, title, status",
    [
        (
            "month",
            date(2017, 8, 1),
            "August round (date to be confirmed: August 2017)",
            "TENTATIVE",
        ),
        (
            "season",
            date(2018, 9, 1),
            "Autumn round (date to be confirmed: Autumn 2018)",
            "TENTATIVE",
        ),
        ("year", date(2019, 1, 1), "Some round (date to be confirmed: 2019)", "TENTATIVE"),
        (
            "held_month",
            date(2016, 3, 1),
            "Spring round (held March 2016; days not recorded)",
            "CONFIRMED",
        ),
    ],
)
def test_a_round_without_its_days_is_a_one_day_placeholder(
    client, mixed, name, first_day, title, status
):
    event = parsed(fetch(client, "?include=unscheduled"))[uid(mixed[name])]

    assert event["dtstart"].params["VALUE"] == "DATE"
    assert event.decoded("dtstart") == first_day
    assert (event.decoded("dtend") - first_day).days == 1
    assert str(event["summary"]) == title
    assert str(event["status"]) == status


def test_held_rounds_are_confirmed_whatever_the_precision(client, mixed):
    events = parsed(fetch(client, "?include=unscheduled"))
    for name in ("exact", "approximate", "held_month"):
        assert str(events[uid(mixed[name])]["status"]) == "CONFIRMED", name


def test_a_postponement_cancels_the_old_dates_then_moves_with_a_higher_sequence(client, mixed):
    round_ = mixed["postponed"]
    before = parsed(fetch(client))[uid(round_)]
    assert str(before["status"]) == "CANCELLED"
    assert before.decoded("dtstart") == date(2018, 1, 21)
    assert str(before["summary"]) == "Geneva IX (postponed)"

    round_.start, round_.end = "2018-02-18", "2018-02-23"
    round_.correction_reason = "New dates announced."
    round_.save()

    after = parsed(fetch(client))[uid(round_)]
    assert str(after["status"]) == "TENTATIVE"
    assert after.decoded("dtstart") == date(2018, 2, 18)
    assert int(after["sequence"]) > int(before["sequence"])
    assert str(after["summary"]) == "Geneva IX"


def test_a_round_in_year_9999_is_skipped_with_a_log_line(client, process, caplog):
    kept = f.RoundFactory(process=process, label="Geneva VII")
    far = f.RoundFactory(process=process, label="Far away", start="9999-12-31", end="")
    vague = f.RoundFactory(
        process=process, status="planned", start="", end="", announced_start="9999"
    )

    with caplog.at_level(logging.WARNING, logger="rounds.calendar"):
        events = parsed(fetch(client, "?include=unscheduled"))

    assert set(events) == {uid(kept)}
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert f"round {far.pk}" in logged and f"round {vague.pk}" in logged


def test_a_round_late_in_year_9999_that_fits_is_kept(client, process):
    round_ = f.RoundFactory(process=process, start="9999-06-01", end="9999-06-02")
    event = parsed(fetch(client))[uid(round_)]
    assert event.decoded("dtend") == date(9999, 6, 3)


def test_an_unknown_include_is_400(client, process):
    response = client.get("/processes/geneva/rounds.ics?include=everything")
    assert response.status_code == 400


def test_a_draft_process_calendar_is_404(client):
    draft = f.ProcessFactory(draft=True)
    f.RoundFactory(process=draft)
    assert client.get(f"/processes/{draft.slug}/rounds.ics").status_code == 404
    assert client.get(f"/processes/{draft.slug}/rounds.ics?include=unscheduled").status_code == 404


def test_script_in_a_title_stays_text(client, process):
    f.RoundFactory(process=process, label="<script>alert(1)</script>", venue="<b>x</b>")
    events = parsed(fetch(client))
    (event,) = events.values()
    assert str(event["summary"]) == "<script>alert(1)</script>"  # plain text, as written


def test_the_calendar_costs_two_queries(client, mixed, django_assert_num_queries):
    # 1 the process, 2 its rounds with their main rounds
    with django_assert_num_queries(2):
        fetch(client, "?include=unscheduled")
    for _ in range(5):
        f.RoundFactory(process=mixed["exact"].process)
    with django_assert_num_queries(2):
        fetch(client, "?include=unscheduled")
