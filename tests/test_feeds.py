"""The Atom feed of a process's timeline and the iCalendar feed of its rounds."""

from datetime import date, datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from rounds.models import Round
from tests import factories as f

pytestmark = pytest.mark.django_db


def feed_url(process, lang="en"):
    with translation.override(lang):
        return reverse("rounds:process-feed", args=[process.slug])


def calendar_url(process, lang="en"):
    with translation.override(lang):
        return reverse("rounds:process-calendar", args=[process.slug])


def get_feed(client, process, lang="en"):
    response = client.get(feed_url(process, lang))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def get_calendar(client, process, lang="en"):
    response = client.get(calendar_url(process, lang))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def event_of(calendar, round_):
    return events_by_uid(calendar)[f"round-{round_.pk}@localhost"]


def resolution_for(process, **kwargs):
    resolution = f.ResolutionFactory(**kwargs)
    resolution.processes.add(process)
    return resolution


@pytest.fixture
def process():
    return f.ProcessFactory(name="Geneva talks", slug="geneva", description="UN-led talks.")


@pytest.fixture
def timeline(process):
    """One of each kind of timeline entry, and drafts that must stay hidden."""
    return {
        "appointment": f.AppointmentFactory(process=process, start="2014-07-10"),
        "resolution": resolution_for(process, adopted_on=date(2015, 12, 18)),
        "event": f.EventFactory(process=process, title="Envoy announces talks", date="2017-06-20"),
        "round": f.RoundFactory(
            process=process, label="Geneva VII", start="2017-07-10", end="2017-07-14"
        ),
        "draft_round": f.RoundFactory(process=process, label="Secret round", draft=True),
        "draft_event": f.EventFactory(process=process, title="Secret event", draft=True),
    }


# The Atom feed


def test_feed_lists_the_published_timeline_newest_first(client, process, timeline):
    feed = get_feed(client, process)

    assert feed.feed.title == "Geneva talks: timeline"
    assert [entry.title for entry in feed.entries] == [
        "Geneva VII",
        "Envoy announces talks",
        f"{timeline['resolution'].symbol}: The situation in the Middle East",
        str(timeline["appointment"]),
    ]


def test_feed_never_shows_drafts(client, process, timeline):
    body = client.get(feed_url(process)).content.decode()

    assert "Secret round" not in body
    assert "Secret event" not in body


def test_feed_entry_has_id_link_natural_dates_and_updated(client, process, timeline):
    round_ = timeline["round"]
    entry = get_feed(client, process).entries[0]

    assert entry.id == f"tag:localhost,2025:round/{round_.pk}"
    assert entry.link == f"http://testserver{round_.get_absolute_url()}"
    assert "10–14 July 2017" in entry.summary
    assert "Concluded" in entry.summary
    assert datetime.fromisoformat(entry.updated) == round_.updated_at


def test_feed_links_appointments_to_the_envoys_page(client, process, timeline):
    entry = get_feed(client, process).entries[-1]

    assert entry.link.endswith(timeline["appointment"].person.get_absolute_url())


def test_feed_entry_ids_survive_renaming_and_rescheduling(client, process, timeline):
    before = [entry.id for entry in get_feed(client, process).entries]
    round_ = timeline["round"]
    round_.label, round_.start, round_.end = "Geneva VII (resumed)", "2017-07-11", "2017-07-15"
    round_.save()

    after = get_feed(client, process).entries

    assert [entry.id for entry in after] == before
    assert after[0].title == "Geneva VII (resumed)"


def test_feed_is_404_for_an_unknown_process(client):
    assert client.get("/processes/nowhere/feed/").status_code == 404


def test_feed_is_404_for_a_draft_process(client):
    draft = f.ProcessFactory(draft=True)
    f.RoundFactory(process=draft)

    assert client.get(feed_url(draft)).status_code == 404


def test_arabic_feed_carries_arabic_titles_with_english_fallback(client, process):
    process.name_ar = "محادثات جنيف"
    process.save()
    f.RoundFactory(process=process, label="Geneva IV", label_ar="جنيف 4", start="2017-02-23")
    f.RoundFactory(process=process, label="Geneva V", start="2017-03-23")  # no Arabic yet

    feed = get_feed(client, process, "ar")

    assert feed_url(process, "ar") == "/ar/processes/geneva/feed/"
    assert feed.feed.language == "ar"
    assert feed.feed.title.startswith("محادثات جنيف")
    # The English fallback comes isolated left to right (LRI…PDI) in the Arabic feed.
    assert [entry.title for entry in feed.entries] == ["\u2066Geneva V\u2069", "جنيف 4"]
    assert all("/ar/" in entry.link for entry in feed.entries)


@pytest.mark.parametrize("size", [1, 10])
def test_feed_queries_do_not_grow_with_the_timeline(
    client, process, size, django_assert_num_queries
):
    for n in range(size):
        f.RoundFactory(process=process, start=f"2017-01-{n + 1:02}", end="")
        f.EventFactory(process=process, date=f"2017-02-{n + 1:02}")
        resolution_for(process)
        f.AppointmentFactory(process=process)
        f.SignatureFactory(document__process=process, document__date=f"2017-03-{n + 1:02}")
    # 1. the process, 2. rounds, 3. events, 4. resolutions, 5. appointments + people,
    # 6. documents, 7. their signatories, 8. when each was first published (one
    # UNION over their histories)
    with django_assert_num_queries(8):
        response = client.get(feed_url(process))

    assert len(feedparser.parse(response.content).entries) == 5 * size


# The iCalendar feed


def test_calendar_has_all_day_rounds_with_an_exclusive_end(client, process, timeline):
    calendar = get_calendar(client, process)
    event = event_of(calendar, timeline["round"])

    assert str(calendar["x-wr-calname"]) == "Geneva talks: rounds"
    assert event["dtstart"].params["VALUE"] == "DATE"
    assert event.decoded("dtstart") == date(2017, 7, 10)
    assert event.decoded("dtend") == date(2017, 7, 15)  # the 14th is the last day
    assert str(event["summary"]) == "Geneva VII"
    assert str(event["url"]) == f"http://testserver{timeline['round'].get_absolute_url()}"


def test_calendar_uids_are_stable_across_requests_and_edits(client, process, timeline):
    first = set(events_by_uid(get_calendar(client, process)))
    round_ = timeline["round"]
    round_.start, round_.end = "2017-07-11", "2017-07-15"
    round_.save()

    assert set(events_by_uid(get_calendar(client, process))) == first
    assert first == {f"round-{round_.pk}@localhost"}


def test_an_unchanged_calendar_answers_304(client, process, timeline):
    first = client.get(calendar_url(process))

    again = client.get(calendar_url(process), headers={"if-none-match": first["ETag"]})

    assert again.status_code == 304


def test_ids_and_uids_use_the_configured_domain(client, process, timeline, settings):
    settings.FEED_ID_DOMAIN = "tracker.example.org"
    round_ = timeline["round"]

    assert get_feed(client, process).entries[0].id == (
        f"tag:tracker.example.org,2025:round/{round_.pk}"
    )
    assert set(events_by_uid(get_calendar(client, process))) == {
        f"round-{round_.pk}@tracker.example.org"
    }


def test_calendar_never_shows_drafts_or_undated_rounds(client, process, timeline):
    f.RoundFactory(process=process, label="Undated", start="", end="", status="announced")
    draft_parent = f.RoundFactory(process=process, draft=True)
    f.RoundFactory(process=process, parent=draft_parent, number=None, label="Hidden side")

    summaries = [str(e["summary"]) for e in get_calendar(client, process).walk("VEVENT")]

    assert summaries == ["Geneva VII"]


def test_calendar_includes_side_sessions(client, process, timeline):
    side = f.RoundFactory(
        process=process, parent=timeline["round"], number=None, label="Experts' meeting"
    )

    event = event_of(get_calendar(client, process), side)

    assert str(event["summary"]) == "Experts' meeting (during Geneva VII)"


@pytest.mark.parametrize(
    "status, start, end, expected",
    [
        ("concluded", "2017-07-10", "2017-07-14", "CONFIRMED"),
        ("ongoing", "2017-07-10", "", "CONFIRMED"),
        ("announced", "2017-07-10", "2017-07-14", "TENTATIVE"),
        ("planned", "2017-07-10", "", "TENTATIVE"),
        # Postponed, no new dates: the occurrence on the old dates is called off.
        ("postponed", "2017-07-10", "", "CANCELLED"),
        # Held rounds are confirmed whatever the precision of their dates.
        ("concluded", "2017-07-10~", "2017-07-14", "CONFIRMED"),
        ("ongoing", "2017-07-10?", "", "CONFIRMED"),
        ("cancelled", "2017-07-10", "2017-07-14", "CANCELLED"),
    ],
)
def test_calendar_status_follows_round_status_and_precision(
    client, process, status, start, end, expected
):
    round_ = f.RoundFactory(process=process, status=status, start=start, end=end)

    assert str(event_of(get_calendar(client, process), round_)["status"]) == expected


def test_a_month_only_round_is_never_a_month_long_event(client, process):
    # Left out of the default calendar; with ?include=unscheduled, a one-day
    # placeholder (tests/test_calendar_clients.py has more).
    round_ = f.RoundFactory(
        process=process, status="cancelled", start="", end="", announced_start="2017-08"
    )

    assert f"round-{round_.pk}@localhost" not in events_by_uid(get_calendar(client, process))
    response = client.get(calendar_url(process) + "?include=unscheduled")
    event = event_of(Calendar.from_ical(response.content), round_)
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        date(2017, 8, 1),
        date(2017, 8, 2),
    )
    assert str(event["status"]) == "CANCELLED"


def test_sequence_rises_each_time_a_round_is_rescheduled(client, process):
    round_ = f.RoundFactory(
        process=process,
        status="announced",
        start="",
        end="",
        announced_start="2022-07-25",
        announced_end="2022-07-29",
    )

    def seen():
        event = event_of(get_calendar(client, process), round_)
        return int(event["sequence"]), event.decoded("dtstart"), str(event["status"])

    assert seen() == (0, date(2022, 7, 25), "TENTATIVE")
    round_.status = Round.Status.POSTPONED
    round_.save()
    assert seen() == (1, date(2022, 7, 25), "CANCELLED")  # the old dates called off
    round_.start, round_.end = "2022-08-22", "2022-08-26"
    round_.save()
    assert seen() == (2, date(2022, 8, 22), "TENTATIVE")  # new dates, still postponed
    round_.status = Round.Status.ANNOUNCED
    round_.save()
    assert seen() == (2, date(2022, 8, 22), "TENTATIVE")
    round_.status = Round.Status.CONCLUDED
    round_.save()
    assert seen() == (2, date(2022, 8, 22), "CONFIRMED")


def test_sequence_rises_when_an_announced_round_is_cancelled(client, process):
    round_ = f.RoundFactory(process=process, status="announced")
    assert int(event_of(get_calendar(client, process), round_)["sequence"]) == 0

    round_.status = Round.Status.CANCELLED
    round_.save()

    assert int(event_of(get_calendar(client, process), round_)["sequence"]) == 2


def test_a_round_held_as_announced_keeps_sequence_zero(client, process):
    round_ = f.RoundFactory(
        process=process, announced_start="2017-07-10", start="2017-07-10", end="2017-07-14"
    )

    assert int(event_of(get_calendar(client, process), round_)["sequence"]) == 0


def test_calendar_is_404_for_an_unknown_or_draft_process(client):
    draft = f.ProcessFactory(draft=True)
    f.RoundFactory(process=draft)

    assert client.get("/processes/nowhere/rounds.ics").status_code == 404
    assert client.get(calendar_url(draft)).status_code == 404


def test_arabic_calendar_carries_arabic_titles_with_english_fallback(client, process):
    f.RoundFactory(process=process, label="Geneva IV", label_ar="جنيف 4", start="2017-02-23")
    f.RoundFactory(process=process, label="Geneva V", start="2017-03-23")

    calendar = get_calendar(client, process, "ar")

    assert calendar_url(process, "ar") == "/ar/processes/geneva/rounds.ics"
    # The English fallback comes isolated left to right (LRI…PDI) in Arabic.
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "جنيف 4",
        "\u2066Geneva V\u2069",
    ]
    assert all("/ar/" in str(e["url"]) for e in calendar.walk("VEVENT"))


@pytest.mark.parametrize("size", [1, 10])
def test_calendar_queries_do_not_grow_with_the_rounds(
    client, process, size, django_assert_num_queries
):
    for n in range(size):
        parent = f.RoundFactory(process=process, start=f"2017-01-{n + 1:02}", end="")
        f.RoundFactory(process=process, parent=parent, number=None, start=parent.start)
    # 1. the process, 2. its rounds with their main rounds
    with django_assert_num_queries(2):
        response = client.get(calendar_url(process))

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2 * size


def test_feed_summary_is_escaped_html(client, process):
    f.EventFactory(process=process, title="Truce", description="A <48h> truce & talks")

    entry = get_feed(client, process).entries[0]

    assert "A &lt;48h&gt; truce &amp; talks" in entry.summary
