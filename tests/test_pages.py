"""The reader pages: home, process timeline, agenda, round, person, resolution,
event; published records only, friendly errors, constant queries, caching."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import http_date

from rounds import models

from . import factories as f
from .reader_data import days_from_today, make_talks

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def position(text: str, needle: str) -> int:
    index = text.find(needle)
    assert index >= 0, needle
    return index


# --- Home ------------------------------------------------------------------------------


def test_home_lists_each_process_with_its_latest_and_next_round(client):
    talks = make_talks(size=2)
    f.RoundFactory(
        process=talks.process,
        label="Geneva next",
        status="announced",
        start="",
        end="",
        announced_start=days_from_today(30),
    )

    page = html(client.get("/"))

    assert talks.process.name in page
    latest = page[position(page, "Latest round") :]
    assert latest.index("Geneva 2") < latest.index("Next round") < latest.index("Geneva next")
    assert "(planned)" in page


def test_home_makes_an_ongoing_round_stand_out(client):
    process = f.ProcessFactory()
    f.RoundFactory(
        process=process, label="Now", status="ongoing", start=days_from_today(-1), end=""
    )

    page = html(client.get("/"))

    assert "card--live" in page
    assert "Under way now" in page


def test_home_says_when_no_round_is_announced(client):
    make_talks()

    assert "None announced" in html(client.get("/"))


def test_home_shows_the_most_recent_entries_newest_first(client):
    talks = make_talks(size=2)
    f.EventFactory(process=talks.process, title="Future event", date=days_from_today(10))

    page = html(client.get("/"))
    recent = page[position(page, "Most recent") :]

    assert recent.index("Geneva 2") < recent.index("Geneva 1")
    assert "Future event" not in recent


def test_home_links_an_ongoing_process_to_today(client):
    talks = make_talks()

    assert f'href="/processes/{talks.process.slug}/#today"' in html(client.get("/"))


def test_home_never_shows_drafts(client):
    f.ProcessFactory(name="Secret process", draft=True)
    talks = make_talks()
    f.RoundFactory(process=talks.process, label="Draft round", draft=True, start="2030-01", end="")
    f.EventFactory(process=talks.process, title="Draft event", draft=True, date="2017")

    page = html(client.get("/"))

    assert "Secret process" not in page
    assert "Draft round" not in page
    assert "Draft event" not in page


@pytest.mark.parametrize("size", [1, 4])
def test_home_runs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    for _ in range(size):
        make_talks(size=size)
    # 1 processes with their latest and next round ids, 2 those rounds, 3 recent
    # rounds, 4 events, 5 resolutions, 6 their processes, 7 appointments, 8 theirs,
    # 9 documents.
    with django_assert_num_queries(9):
        assert client.get("/").status_code == 200


# --- Process timeline ------------------------------------------------------------------


def test_timeline_merges_the_four_kinds_by_year(client):
    talks = make_talks(size=2)

    page = html(client.get(talks.process.get_absolute_url()))

    for year in ("2014", "2015", "2016", "2017"):
        assert f'id="year-{year}"' in page
    assert position(page, 'id="year-2014"') < position(page, "UN Special Envoy")
    assert position(page, 'id="year-2015"') < position(page, talks.resolution.symbol)
    assert position(page, 'id="year-2016"') < position(page, "Geneva 1")
    assert position(page, 'id="year-2017"') < position(page, "Geneva 2")


def test_timeline_entry_has_kind_natural_date_status_and_link(client):
    talks = make_talks()

    page = html(client.get(talks.process.get_absolute_url()))

    entry = page[page.index('<li class="entry entry--round') :]
    entry = entry[: entry.index("</li>")]
    assert "Round" in entry
    assert '<time datetime="2016-07-10">10–14 July 2016</time>' in entry
    assert "badge--concluded" in entry and "Concluded" in entry
    assert f'href="/rounds/{talks.round.pk}/"' in entry
    assert f'href="/people/{talks.envoy.pk}/"' in page  # an appointment, on its envoy's page
    assert f'href="/resolutions/{talks.resolution.pk}/"' in page
    assert f'href="/events/{talks.events[0].pk}/"' in page


def test_rescheduled_round_shows_dates_first_announced_and_held(client):
    process = f.ProcessFactory()
    f.RoundFactory(
        process=process,
        start="2022-05-30",
        end="2022-06-03",
        announced_start="2022-05-28",
        announced_end="2022-06-03",
    )

    page = html(client.get(process.get_absolute_url()))

    assert "First announced for" in page
    assert "28 May – 3 June 2022" in page
    assert "30 May – 3 June 2022" in page


def test_postponed_and_planned_rounds_read_naturally(client):
    process = f.ProcessFactory()
    f.RoundFactory(
        process=process,
        status="postponed",
        start="",
        end="",
        announced_start="2022-07-25",
        announced_end="2022-07-29",
    )
    f.RoundFactory(process=process, status="planned", start="", end="", announced_start="2017-08")

    page = html(client.get(process.get_absolute_url()))

    assert "25–29 July 2022 (postponed)" in page
    assert "August 2017 (planned)" in page
    assert "First announced for" not in page  # not held: its dates are the announced ones


def test_filters_by_kind_and_year_with_counts(client):
    talks = make_talks(size=2)
    url = talks.process.get_absolute_url()

    page = html(client.get(url, {"kind": "round", "year": "2017"}))

    assert "Geneva 2" in page
    assert "Geneva 1" not in page
    assert talks.resolution.symbol not in page
    # Each filter counts within the other: 1 round in 2017, 2 rounds in all years.
    assert re.search(r'href="\?kind=round&amp;year=2017" aria-current="true">Rounds <span', page)
    assert re.search(r"Rounds <span class=\"count\">\(1\)</span>", page)
    assert re.search(r'href="\?kind=round&amp;year=2016">2016 <span class="count">\(1\)', page)
    assert re.search(r'href="\?kind=round">All years <span class="count">\(2\)', page)


def test_filters_are_plain_links_that_keep_the_other_choice(client):
    talks = make_talks()

    page = html(client.get(talks.process.get_absolute_url(), {"year": "2016"}))

    assert 'href="?kind=event&amp;year=2016"' in page
    assert 'href="?kind=round&amp;year=2016"' in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "meeting"}, "“meeting” is not a kind of entry"),
        ({"year": "twenty"}, "“twenty” is not a year"),
        ({"year": "١٧"}, "is not a year"),
        ({"year": "2017-01"}, "“2017-01” is not a year"),
    ],
)
def test_malformed_filters_get_a_friendly_message(client, query, message):
    talks = make_talks()

    response = client.get(talks.process.get_absolute_url(), query)

    assert response.status_code == 400
    assert message in html(response)
    assert "Geneva 1" in html(response)  # the whole timeline, unfiltered


def test_a_year_without_entries_says_so(client):
    talks = make_talks()

    response = client.get(talks.process.get_absolute_url(), {"year": "1990"})

    assert response.status_code == 200
    assert "Nothing on the timeline matches this choice." in html(response)


def test_ongoing_process_opens_at_today_between_past_and_future(client):
    talks = make_talks()
    f.RoundFactory(
        process=talks.process,
        label="Next round",
        status="announced",
        start=days_from_today(40),
        end="",
    )

    page = html(client.get(talks.process.get_absolute_url()))

    assert 'href="#today"' in page
    assert position(page, "Geneva 1") < position(page, 'id="today"') < position(page, "Next round")


def test_today_comes_last_when_everything_is_past(client):
    talks = make_talks()

    page = html(client.get(talks.process.get_absolute_url()))

    assert position(page, "Geneva 1") < position(page, 'id="today"')


def test_concluded_process_has_no_today_marker(client):
    talks = make_talks(end="2019")

    page = html(client.get(talks.process.get_absolute_url()))

    assert 'id="today"' not in page
    assert "#today" not in html(client.get("/"))


def test_timeline_links_its_feed_and_calendar(client):
    talks = make_talks()
    slug = talks.process.slug

    page = html(client.get(talks.process.get_absolute_url()))

    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert f'href="/processes/{slug}/feed/"' in page
    assert f'href="/processes/{slug}/rounds.ics"' in page


def test_timeline_never_shows_drafts(client):
    talks = make_talks()
    f.RoundFactory(process=talks.process, label="Draft round", draft=True)
    f.EventFactory(process=talks.process, title="Draft event", draft=True)
    draft_resolution = f.ResolutionFactory(draft=True, subject="Draft resolution")
    draft_resolution.processes.add(talks.process)

    page = html(client.get(talks.process.get_absolute_url()))

    assert "Draft round" not in page
    assert "Draft event" not in page
    assert "Draft resolution" not in page


def test_unknown_and_draft_processes_are_not_found(client):
    draft = f.ProcessFactory(draft=True)

    for url in (
        "/processes/nowhere/",
        draft.get_absolute_url(),
        f"/processes/{draft.slug}/agenda/",
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in html(response)


@pytest.mark.parametrize("size", [1, 5])
def test_timeline_runs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    talks = make_talks(size=size)
    # 1 the process with its timeline version, 2 rounds, 3 events, 4 resolutions,
    # 5 appointments with their people, 6 documents, 7 their signatories.
    with django_assert_num_queries(7):
        client.get(talks.process.get_absolute_url())


def test_second_view_of_an_unchanged_process_does_no_timeline_work(
    client, django_assert_num_queries
):
    talks = make_talks(size=3)
    url = talks.process.get_absolute_url()
    client.get(url)

    # Only the process with its version: the timeline comes from the cache.
    with django_assert_num_queries(1):
        again = client.get(url, {"kind": "round"})
    assert "Geneva 3" in html(again)


@pytest.mark.parametrize(
    "change",
    [
        lambda t: models.Round.objects.filter(pk=t.round.pk).update(
            label="Renamed", updated_at=timezone.now() + timedelta(seconds=5)
        ),
        lambda t: f.RoundFactory(process=t.process, label="Renamed"),
        lambda t: f.EventFactory(process=t.process, title="Renamed"),
        lambda t: models.Person.objects.filter(pk=t.envoy.pk).update(
            name="Renamed", updated_at=timezone.now() + timedelta(seconds=5)
        ),
    ],
    ids=["edited round", "new round", "new event", "renamed envoy"],
)
def test_a_change_to_the_process_records_refreshes_the_timeline(client, change):
    talks = make_talks()
    url = talks.process.get_absolute_url()
    client.get(url)

    change(talks)

    assert "Renamed" in html(client.get(url))


def test_a_deleted_round_leaves_the_timeline(client):
    talks = make_talks()
    extra = f.RoundFactory(process=talks.process, label="Short-lived", start="2015-01-01")
    url = talks.process.get_absolute_url()
    assert "Short-lived" in html(client.get(url))

    extra.delete()

    assert "Short-lived" not in html(client.get(url))


def test_timeline_sends_etag_and_last_modified_and_answers_304(client):
    talks = make_talks()
    url = talks.process.get_absolute_url()
    yesterday = timezone.now() - timedelta(days=1)
    timeline_models = (
        models.Process,
        models.Round,
        models.Event,
        models.Resolution,
        models.Document,
    )
    for model in (*timeline_models, models.Appointment, models.Person):
        model.objects.update(updated_at=yesterday)

    first = client.get(url)

    assert first["ETag"]
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    assert first["Last-Modified"] == http_date(midnight.timestamp())
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"if-modified-since": first["Last-Modified"]}).status_code == 304


def test_last_modified_follows_a_change_made_today(client):
    talks = make_talks()
    later = timezone.now() + timedelta(hours=1)
    models.Event.objects.filter(pk=talks.events[0].pk).update(updated_at=later)

    response = client.get(talks.process.get_absolute_url())

    assert response["Last-Modified"] == http_date(later.timestamp())


def test_timeline_cache_keeps_languages_apart(client, django_assert_num_queries):
    talks = make_talks()
    url = talks.process.get_absolute_url()
    client.get(url)

    with django_assert_num_queries(7):  # built again, in Arabic
        arabic = html(client.get(f"/ar{url}"))
    with django_assert_num_queries(1):  # and cached too
        client.get(f"/ar{url}")

    assert "يوليو" in arabic


# --- Agenda ------------------------------------------------------------------------


def test_agenda_matrix_shows_each_items_status_per_round(client):
    talks = make_talks(size=2)
    undiscussed = f.RoundFactory(process=talks.process, label="No agenda", start="2019", end="")

    page = html(client.get(f"/processes/{talks.process.slug}/agenda/"))

    table = page[position(page, "<table") : position(page, "</table>")]
    assert table.count('matrix__cell--progress">Progress') == 2 + 1  # two rounds + furthest
    assert table.count('matrix__cell--not_discussed">Not discussed') == 2 + 1
    assert talks.items[0].title in table
    assert undiscussed.label not in table
    assert "1 rounds with no agenda record" in page or "One round with no agenda record" in page


def test_agenda_shows_how_far_each_item_got(client):
    talks = make_talks(size=2)
    models.AgendaStatus.objects.filter(round=talks.rounds[1], item=talks.items[1]).update(
        status="agreed"
    )

    page = html(client.get(f"/processes/{talks.process.slug}/agenda/"))

    footer = page[position(page, "<tfoot>") : position(page, "</tfoot>")]
    assert "Progress" in footer and "Agreed" in footer


def test_agenda_leaves_out_draft_rounds(client):
    talks = make_talks()
    draft = f.RoundFactory(process=talks.process, label="Draft round", draft=True)
    f.AgendaStatusFactory(round=draft, item=talks.items[0], status="agreed")

    page = html(client.get(f"/processes/{talks.process.slug}/agenda/"))

    assert "Draft round" not in page
    assert "matrix__cell--agreed" not in page[: position(page, "</table>")]


def test_agenda_of_a_process_without_one_says_so(client):
    process = f.ProcessFactory()

    page = html(client.get(f"/processes/{process.slug}/agenda/"))

    assert "No agenda has been recorded for this process." in page


@pytest.mark.parametrize("size", [1, 5])
def test_agenda_runs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    talks = make_talks(size=size)
    # 1 the process, 2 agenda items, 3 rounds, 4 statuses.
    with django_assert_num_queries(4):
        client.get(f"/processes/{talks.process.slug}/agenda/")


# --- Round -----------------------------------------------------------------------------


def test_round_page_shows_everything_about_the_round(client):
    talks = make_talks()
    round_ = talks.round
    models.Round.objects.filter(pk=round_.pk).update(
        outcome="No breakthrough", delegations_arrive_on=date(2016, 7, 9)
    )
    citation = round_.citations.get()

    page = html(client.get(round_.get_absolute_url()))

    assert "<h1>Geneva 1</h1>" in page
    assert '<time datetime="2016-07-10">10–14 July 2016</time>' in page
    assert "Palais des Nations, Geneva" in page
    assert "Indirect (proximity)" in page
    assert "9 July 2016" in page
    assert f'<a href="/people/{talks.envoy.pk}/">Staffan de Mistura</a>' in page
    delegation = round_.delegations.get(head__isnull=False)
    assert delegation.party.name in page
    assert f'<a href="/people/{delegation.head.pk}/">{delegation.head.name}</a>' in page
    assert "Attending on another&#x27;s behalf" in page
    assert "Basket" in page and "badge--progress" in page and "badge--not_discussed" in page
    assert f'href="/resolutions/{talks.resolution.pk}/"' in page
    assert "Technical meeting" in page  # side session
    assert "No breakthrough" in page
    assert citation.source.url in page
    assert "https://archive.org/x" in page and "archived copy" in page
    assert f'href="/events/{talks.events[0].pk}/"' in page


def test_side_session_links_its_main_round(client):
    talks = make_talks()
    side = talks.round.side_sessions.get()

    page = html(client.get(side.get_absolute_url()))

    assert "Side session of" in page
    assert f'href="{talks.round.get_absolute_url()}"' in page


def test_round_page_never_shows_drafts(client):
    talks = make_talks()
    draft_resolution = f.ResolutionFactory(draft=True, subject="Draft mandate")
    f.RoundResolutionFactory(round=talks.round, resolution=draft_resolution)
    f.RoundFactory(side_session=True, parent=talks.round, label="Draft side", draft=True)
    f.EventFactory(process=talks.process, round=talks.round, title="Draft event", draft=True)

    page = html(client.get(talks.round.get_absolute_url()))

    assert "Draft mandate" not in page
    assert "Draft side" not in page
    assert "Draft event" not in page


def test_draft_rounds_and_rounds_of_draft_processes_are_not_found(client):
    draft = f.RoundFactory(draft=True)
    hidden_process = f.RoundFactory(process__draft=True)
    side_of_draft = f.RoundFactory(side_session=True, parent=draft, process=draft.process)

    for round_ in (draft, hidden_process, side_of_draft):
        assert client.get(round_.get_absolute_url()).status_code == 404
    assert client.get("/rounds/999999/").status_code == 404
    assert client.get("/rounds/abc/").status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_round_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    talks = make_talks(size=size)
    for _ in range(size):
        f.DelegationFactory(round=talks.round, head=f.PersonFactory())
        f.RoundCitationFactory(round=talks.round)
    # 1 round with process and parent, 2 envoys, 3 delegations, 4 agenda items,
    # 5 their statuses here, 6 resolutions, 7 side sessions, 8 documents, 9 events,
    # 10 sources.
    with django_assert_num_queries(10):
        client.get(talks.round.get_absolute_url())


# --- Person, resolution, event ---------------------------------------------------------


def test_person_page_shows_appointments_and_rounds_convened(client):
    talks = make_talks(size=2)

    page = html(client.get(talks.envoy.get_absolute_url()))

    assert "<h1>Staffan de Mistura</h1>" in page
    assert "UN Special Envoy" in page
    assert "10 July 2014 – December 2018" in page
    assert "Rounds convened" in page
    assert "Geneva 1" in page and "Geneva 2" in page


def test_head_of_delegation_has_a_page(client):
    talks = make_talks()
    head = talks.round.delegations.get(head__isnull=False).head

    page = html(client.get(head.get_absolute_url()))

    assert "Delegations headed" in page
    assert "Geneva 1" in page


def test_people_named_only_in_drafts_are_not_found(client):
    draft_round = f.RoundFactory(draft=True)
    hidden = f.RoundEnvoyFactory(round=draft_round).person
    appointed_in_draft = f.AppointmentFactory(draft=True).person
    nobody = f.PersonFactory()

    for person in (hidden, appointed_in_draft, nobody):
        assert client.get(person.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_person_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    talks = make_talks(size=size)
    # 1 the person, 2 appointments, 3 their processes, 4 their organisations,
    # 5 their sources (with the source), 6 rounds convened, 7 delegations headed,
    # 8 events.
    with django_assert_num_queries(8):
        client.get(talks.envoy.get_absolute_url())


def test_resolution_page_shows_symbol_date_tally_vetoes_document_and_rounds(client):
    talks = make_talks(size=2)
    vetoed = f.ResolutionFactory(vetoed=True, document_url="https://undocs.org/S/2017/172")
    f.VetoFactory(resolution=vetoed, party__name="Russian Federation")
    f.VetoFactory(resolution=vetoed, party__name="China")

    page = html(client.get(talks.resolution.get_absolute_url()))
    assert talks.resolution.symbol in page
    assert '<time datetime="2015-12-18">18 December 2015</time>' in page
    assert "15 in favour, 0 against, 0 abstentions" in page
    assert "Rounds resting on it" in page and "Geneva 1" in page and "Geneva 2" in page

    page = html(client.get(vetoed.get_absolute_url()))
    assert "Vetoed by" in page and "Russian Federation" in page and "China" in page
    assert "11 in favour, 2 against, 2 abstentions" in page
    assert 'href="https://undocs.org/S/2017/172"' in page


def test_draft_resolution_is_not_found(client):
    assert client.get(f.ResolutionFactory(draft=True).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_resolution_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    talks = make_talks(size=size)
    for _ in range(size):
        f.VetoFactory(resolution=talks.resolution)
        f.ResolutionCitationFactory(resolution=talks.resolution)
    # 1 the resolution, 2 vetoes, 3 member votes, 4 processes, 5 rounds, 6 sources,
    # 7 events.
    with django_assert_num_queries(7):
        client.get(talks.resolution.get_absolute_url())


def test_event_page_shows_the_event_and_its_links(client):
    talks = make_talks()
    event = f.EventFactory(
        process=talks.process,
        round=talks.round,
        person=talks.envoy,
        resolution=talks.resolution,
        title="48-hour truce in Daraa",
        kind="ceasefire",
        date="2017-06-17",
        duration=timedelta(hours=48),
        place="Daraa",
    )
    f.EventCitationFactory(event=event)

    page = html(client.get(event.get_absolute_url()))

    assert "<h1>48-hour truce in Daraa</h1>" in page
    assert "17 June 2017" in page and "48 hours" in page and "Daraa" in page
    assert "Ceasefire or truce" in page
    assert f'href="{talks.round.get_absolute_url()}"' in page
    assert f'href="{talks.resolution.get_absolute_url()}"' in page
    assert f'href="{talks.envoy.get_absolute_url()}"' in page


def test_event_page_does_not_link_draft_records(client):
    draft_round = f.RoundFactory(draft=True, label="Draft round")
    draft_resolution = f.ResolutionFactory(draft=True)
    event = f.EventFactory(
        process=draft_round.process, round=draft_round, resolution=draft_resolution
    )

    page = html(client.get(event.get_absolute_url()))

    assert "Draft round" not in page
    assert draft_resolution.get_absolute_url() not in page


def test_draft_event_is_not_found(client):
    assert client.get(f.EventFactory(draft=True).get_absolute_url()).status_code == 404


@pytest.mark.parametrize("size", [1, 5])
def test_event_page_runs_a_constant_number_of_queries(client, django_assert_num_queries, size):
    event = make_talks().events[0]
    for _ in range(size):
        f.EventCitationFactory(event=event)
    # 1 the event with its process, round, resolution and person, 2 sources.
    with django_assert_num_queries(2):
        client.get(event.get_absolute_url())


# --- Errors, headers, markup -----------------------------------------------------------


def test_unknown_address_gets_the_friendly_404_page(client):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "Page not found" in html(response)
    assert 'href="/search/"' in html(response)


def test_server_error_page_stands_alone():
    page = render_to_string("500.html")

    assert "Something went wrong" in page
    assert 'lang="ar"' in page


@pytest.mark.parametrize(
    "page", ["home", "timeline", "agenda", "round", "person", "resolution", "event", "search"]
)
def test_every_page_sends_an_etag_and_answers_304(client, page):
    talks = make_talks()
    url = {
        "home": "/",
        "timeline": talks.process.get_absolute_url(),
        "agenda": f"/processes/{talks.process.slug}/agenda/",
        "round": talks.round.get_absolute_url(),
        "person": talks.envoy.get_absolute_url(),
        "resolution": talks.resolution.get_absolute_url(),
        "event": talks.events[0].get_absolute_url(),
        "search": "/search/?q=geneva",
    }[page]

    first = client.get(url)

    assert first.status_code == 200
    assert first["ETag"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304


@pytest.mark.parametrize("url", ["/", "/search/"])
def test_pages_have_landmarks_and_a_skip_link(client, url):
    make_talks()

    page = html(client.get(url))

    assert '<a class="skip-link" href="#main">' in page
    assert '<main id="main"' in page and "<header" in page and "<nav" in page
    assert '<meta name="viewport"' in page
    assert "rounds/site.css" in page


def test_stylesheet_is_served_with_print_rules(client):
    response = client.get("/static/rounds/site.css")

    assert response.status_code == 200
    css = b"".join(response.streaming_content).decode()
    assert "@media print" in css
    assert "margin-left" not in css and "padding-right" not in css  # logical properties


def test_api_links_rounds_to_their_reader_page(client):
    round_ = make_talks().round

    body = client.get(f"/api/v1/rounds/{round_.pk}/").json()

    assert body["url"] == f"http://testserver/rounds/{round_.pk}/"


def test_undated_entries_are_grouped_last(client):
    process = f.ProcessFactory()
    f.RoundFactory(process=process, label="Some day", start="", end="", status="planned")
    f.RoundFactory(process=process, label="Dated", start="2017-01-01", end="")

    page = html(client.get(process.get_absolute_url()))

    assert (
        position(page, "Dated") < position(page, 'id="year-undated"') < position(page, "Some day")
    )
    assert "Date not known" in page


def test_filtering_undated_entries(client):
    process = f.ProcessFactory()
    f.RoundFactory(process=process, label="Some day", start="", end="", status="planned")
    f.RoundFactory(process=process, label="Dated", start="2017-01-01", end="")

    page = html(client.get(process.get_absolute_url(), {"year": "undated"}))

    assert "Some day" in page and "Dated</a>" not in page
    assert 'id="today"' not in page
