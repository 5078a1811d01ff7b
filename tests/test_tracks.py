"""Tracks: named series of meetings within a process, each numbered on its own."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from rounds.models import Round
from tests import factories as f

from .test_admin import errors_of, post_form, round_form

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def committee():
    """A process with two tracks, like the Constitutional Committee's large body
    (plenary) and small (drafting) body."""
    process = f.ProcessFactory(slug="constitutional-committee")
    plenary = f.TrackFactory(process=process, name="Large body", slug="large-body", order=1)
    drafting = f.TrackFactory(process=process, name="Small body", slug="small-body", order=2)
    return process, plenary, drafting


# --- The model and the database -----------------------------------------------


def test_each_track_numbers_its_own_rounds(committee):
    process, plenary, drafting = committee
    f.RoundFactory(process=process, track=plenary, number=1)
    f.RoundFactory(process=process, track=drafting, number=1)
    f.RoundFactory(process=process, track=None, number=1)

    assert Round.objects.filter(process=process, number=1).count() == 3


def test_a_duplicate_number_in_a_track_is_refused_by_the_database(committee):
    process, plenary, _drafting = committee
    f.RoundFactory(process=process, track=plenary, number=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        f.RoundFactory(process=process, track=plenary, number=1)


def test_a_duplicate_number_outside_tracks_is_still_refused(committee):
    process, _plenary, _drafting = committee
    f.RoundFactory(process=process, number=4)

    with pytest.raises(IntegrityError), transaction.atomic():
        f.RoundFactory(process=process, number=4)


def test_validation_names_the_duplicate_number_in_the_track(committee):
    process, plenary, _drafting = committee
    f.RoundFactory(process=process, track=plenary, number=1)
    twin = Round(process=process, track=plenary, number=1, label="Again", status="planned")

    with pytest.raises(ValidationError) as error:
        twin.full_clean()

    assert "This track already has a round with this number." in str(error.value)


def test_a_track_of_another_process_is_refused(committee):
    _process, plenary, _drafting = committee
    elsewhere = Round(process=f.ProcessFactory(), track=plenary, label="X", status="planned")

    with pytest.raises(ValidationError) as error:
        elsewhere.full_clean()

    assert error.value.message_dict["track"] == ["This track belongs to another process."]


def test_deleting_a_track_with_rounds_is_refused(committee):
    process, plenary, _drafting = committee
    f.RoundFactory(process=process, track=plenary)

    with pytest.raises(Exception, match="protected"), transaction.atomic():
        plenary.delete()


# --- The admin ---------------------------------------------------------------------


def test_admin_refuses_a_track_of_another_process(client, superuser, committee):
    client.force_login(superuser)
    _process, plenary, _drafting = committee
    other = f.ProcessFactory()

    response = post_form(
        client, reverse("admin:rounds_round_add"), **round_form(other, track=plenary.pk)
    )

    assert "another process" in str(errors_of(response)["track"])
    assert not Round.objects.exists()


def test_admin_refuses_a_duplicate_number_in_a_track(client, superuser, committee):
    client.force_login(superuser)
    process, plenary, _drafting = committee
    f.RoundFactory(process=process, track=plenary, number=3)

    response = post_form(
        client,
        reverse("admin:rounds_round_add"),
        **round_form(process, track=plenary.pk, number="3"),
    )

    assert "already has a round with this number" in str(errors_of(response))
    assert Round.objects.count() == 1


def test_admin_edits_tracks_inline_on_the_process(client, superuser, committee):
    client.force_login(superuser)
    process, _plenary, _drafting = committee

    page = client.get(reverse("admin:rounds_process_change", args=[process.pk]))

    assert page.status_code == 200
    assert "Small body" in page.content.decode()


# --- The API ------------------------------------------------------------------------


def test_tracks_are_listed_with_their_process(client, committee):
    response = client.get(f"{API}/tracks/", {"process": "constitutional-committee"})

    assert response.status_code == 200
    assert [(t["slug"], t["process"]) for t in response.json()["results"]] == [
        ("large-body", "constitutional-committee"),
        ("small-body", "constitutional-committee"),
    ]


def test_tracks_of_a_draft_process_are_hidden(client):
    f.TrackFactory(process__draft=True)

    assert client.get(f"{API}/tracks/").json()["results"] == []


def test_rounds_filter_by_track_id_slug_or_none(client, committee):
    process, plenary, drafting = committee
    first = f.RoundFactory(process=process, track=plenary, number=1)
    second = f.RoundFactory(process=process, track=drafting, number=1)
    loose = f.RoundFactory(process=process, number=1)

    def ids(value):
        response = client.get(f"{API}/rounds/", {"track": value})
        assert response.status_code == 200
        return [r["id"] for r in response.json()["results"]]

    assert ids(plenary.pk) == [first.pk]
    assert ids("small-body") == [second.pk]
    assert ids("none") == [loose.pk]
    assert client.get(f"{API}/rounds/{first.pk}/").json()["track"] == plenary.pk


def test_rounds_filter_by_kind(client):
    conference = f.RoundFactory(kind=Round.Kind.CONFERENCE)
    f.RoundFactory()

    response = client.get(f"{API}/rounds/", {"kind": "conference"})

    assert [r["id"] for r in response.json()["results"]] == [conference.pk]
    assert response.json()["results"][0]["kind"] == "conference"


def test_api_refuses_a_round_in_a_track_of_another_process(client, editor, committee):
    client.force_login(editor)
    _process, plenary, _drafting = committee
    f.ProcessFactory(slug="elsewhere")

    response = client.post(
        f"{API}/rounds/",
        {"process": "elsewhere", "track": plenary.pk, "label": "X", "status": "planned"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["track"] == ["This track belongs to another process."]
    assert not Round.objects.exists()


def test_api_refuses_a_duplicate_number_in_a_track(client, editor, committee):
    client.force_login(editor)
    process, plenary, _drafting = committee
    f.RoundFactory(process=process, track=plenary, number=2)

    response = client.post(
        f"{API}/rounds/",
        {
            "process": process.slug,
            "track": plenary.pk,
            "number": 2,
            "label": "Again",
            "status": "planned",
        },
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "This track already has a round with this number." in str(response.json())


# --- The process timeline page ------------------------------------------------------


@pytest.fixture
def sessions(committee):
    """One Large body session, two Small body sessions, one session outside any
    track, and an event: five entries."""
    process, plenary, drafting = committee
    f.RoundFactory(
        process=process, track=plenary, number=1, label="Plenary 1", start="2019", end=""
    )
    for n in (2, 3):
        label = f"Drafting {n}"
        f.RoundFactory(process=process, track=drafting, number=n, label=label, start="2020", end="")
    f.RoundFactory(process=process, number=9, label="Unassigned session", start="2022", end="")
    f.EventFactory(process=process, title="Envoy's briefing", date="2021-03-01")
    return process


def page(client, process, **query):
    response = client.get(process.get_absolute_url(), query)
    return response, response.content.decode()


def test_timeline_filters_by_track_with_counts(client, sessions):
    response, html = page(client, sessions)

    assert response.status_code == 200
    assert 'id="filter-track"' in html
    assert re.search(r'href="\?track=small-body">Small body <span class="count">\(2\)', html)
    assert re.search(r'href="\?track=large-body">Large body <span class="count">\(1\)', html)
    assert re.search(r'href="\?" aria-current="true">All tracks <span class="count">\(5\)', html)


def test_a_track_shows_only_its_rounds(client, sessions):
    _response, html = page(client, sessions, track="small-body")

    assert "Drafting 2" in html and "Drafting 3" in html
    assert "Plenary 1" not in html
    assert "Unassigned session" not in html
    assert "Envoy&#x27;s briefing" not in html and "Envoy's briefing" not in html
    assert re.search(r'aria-current="true">Small body <span class="count">\(2\)', html)


def test_the_track_filter_keeps_the_kind_and_year_and_counts_within_them(client, sessions):
    _response, html = page(client, sessions, kind="round", year="2020", track="small-body")

    # The kind and year links keep the track; the track links keep kind and year.
    assert 'href="?year=2020&amp;track=small-body">All kinds' in html
    assert 'href="?kind=round&amp;track=small-body">All years' in html
    all_tracks = r'href="\?kind=round&amp;year=2020">All tracks <span class="count">\(2\)'
    assert re.search(all_tracks, html)
    # No Large body round in 2020: shown, not linked.
    assert re.search(r'filters__none">Large body <span class="count">\(0\)', html)


def test_the_share_panel_carries_the_track(client, sessions):
    _response, html = page(client, sessions, track="small-body")

    assert f'value="http://testserver{sessions.get_absolute_url()}?track=small-body"' in html
    assert f"/embed/processes/{sessions.slug}/?track=small-body" in html


def test_an_unknown_track_is_reported_and_everything_shown(client, sessions):
    f.TrackFactory(slug="elsewhere")  # a track of another process

    response, html = page(client, sessions, track="elsewhere")

    assert response.status_code == 400
    assert "“elsewhere” is not a track of this process" in html
    assert "Plenary 1" in html and "Drafting 2" in html


def test_a_process_without_tracks_has_no_track_filter(client):
    round_ = f.RoundFactory()

    _response, html = page(client, round_.process)

    assert 'id="filter-track"' not in html
    assert "All tracks" not in html
    assert "entry__track" not in html


def test_each_round_entry_shows_its_track(client, sessions):
    _response, html = page(client, sessions)

    plenary = html[html.index("Plenary 1") - 600 : html.index("Plenary 1")]
    assert 'class="entry__track"' in plenary and "Large body" in plenary
    unassigned = html[html.index("Unassigned session") - 600 : html.index("Unassigned session")]
    assert "entry__track" not in unassigned.split("<li")[-1]


def test_the_track_label_is_in_arabic_on_the_arabic_page(client, committee):
    process, plenary, _drafting = committee
    plenary.name_ar = "الهيئة الموسعة"
    plenary.save()
    f.RoundFactory(process=process, track=plenary, number=1)

    html = client.get(f"/ar{process.get_absolute_url()}").content.decode()

    assert 'class="entry__track"' in html and "الهيئة الموسعة" in html
    assert "كل المسارات الفرعية" in html  # "All tracks"


def test_each_track_filter_is_cached_and_a_rename_shows_at_the_next_request(client, sessions):
    _response, before = page(client, sessions, track="small-body")
    assert "Small body <span" in before
    drafting = sessions.tracks.get(slug="small-body")
    drafting.name = "Drafting body"
    drafting.save()

    _response, after = page(client, sessions, track="small-body")

    assert "Drafting body <span" in after
    assert "Small body" not in after


def test_a_track_query_gets_a_cache_entry_and_a_long_one_does_not(rf, sessions):
    from rounds.views.caching import with_timeline_version
    from rounds.views.processes import page_cache_key

    process = with_timeline_version(type(sessions).objects.all()).get(pk=sessions.pk)
    url = process.get_absolute_url()

    assert page_cache_key(rf.get(url, {"kind": "round", "track": "small-body"}), process)
    assert page_cache_key(rf.get(url, {"track": "x" * 81}), process) is None
    assert page_cache_key(rf.get(f"{url}?track=a&track=b"), process) is None


@pytest.mark.parametrize("size", [1, 6])
def test_timeline_with_tracks_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, committee, size
):
    process, plenary, drafting = committee
    for n in range(size):
        f.RoundFactory(process=process, track=plenary, number=n + 1, start=f"{2010 + n}", end="")
        f.RoundFactory(process=process, track=drafting, number=n + 1, start=f"{2010 + n}", end="")
        f.RoundFactory(process=process, number=n + 1, start=f"{2010 + n}", end="")
    # 1 the process with its timeline version, 2 rounds with their tracks, 3 events,
    # 4 resolutions, 5 appointments with their people, 6 documents (their signatories
    # only when there are documents); the track filter and labels read the tracks that
    # came with the rounds.
    with django_assert_max_num_queries(6):
        response = client.get(process.get_absolute_url(), {"track": "small-body"})
    assert response.status_code == 200


# --- The agenda matrix ------------------------------------------------------------------


@pytest.fixture
def agenda(committee):
    """The Large body discussed the procedure, the Small body the principles; one
    session outside any track discussed both."""
    process, plenary, drafting = committee
    procedure = f.AgendaItemFactory(process=process, order=1, title="Procedure")
    principles = f.AgendaItemFactory(process=process, order=2, title="Principles")
    large = f.RoundFactory(process=process, track=plenary, number=1, label="Plenary 1")
    small = f.RoundFactory(process=process, track=drafting, number=1, label="Drafting 1")
    loose = f.RoundFactory(process=process, number=1, label="Joint session", start="2018", end="")
    f.AgendaStatusFactory(round=large, item=procedure, status="agreed")
    f.AgendaStatusFactory(round=small, item=principles, status="discussed")
    f.AgendaStatusFactory(round=loose, item=procedure, status="discussed")
    f.AgendaStatusFactory(round=loose, item=principles, status="not_discussed")
    return process


def tables(html: str) -> list[str]:
    # Each heading, then the table's "scroll sideways" hint, then its scrolling box.
    return re.findall(
        r"<h3[^>]*>(.*?)</h3>\s*<p class=\"scroll-hint\".*?</p>\s*<div.*?<table.*?</table>",
        html,
        re.S,
    )


def test_agenda_has_one_matrix_per_track_with_the_items_it_discussed(client, agenda):
    html = client.get(f"/processes/{agenda.slug}/agenda/").content.decode()

    assert tables(html) == ["Large body", "Small body", "Rounds outside any track"]
    matrices = html.split("<h3")[1:]
    assert "Plenary 1" in matrices[0] and "Procedure" in matrices[0]
    assert "Principles" not in matrices[0] and "Drafting 1" not in matrices[0]
    assert "Drafting 1" in matrices[1] and "Principles" in matrices[1]
    assert "Procedure" not in matrices[1]
    assert "Joint session" in matrices[2]
    assert "Procedure" in matrices[2] and "Principles" in matrices[2]
    # Each matrix has its own "furthest it got".
    assert 'matrix__cell--agreed">Agreed' in matrices[0].split("<tfoot>")[1]
    assert 'matrix__cell--discussed">Discussed' in matrices[2].split("<tfoot>")[1]


def test_agenda_without_tracks_is_one_matrix_without_a_heading(client):
    process = f.ProcessFactory()
    item = f.AgendaItemFactory(process=process, title="Governance")
    f.AgendaStatusFactory(round__process=process, item=item)
    f.TrackFactory(process=process)  # a track with no round does not split the page

    html = client.get(f"/processes/{process.slug}/agenda/").content.decode()

    assert html.count("<table") == 1
    assert "<h3" not in html


@pytest.mark.parametrize("size", [1, 5])
def test_agenda_per_track_runs_a_constant_number_of_queries(
    client, django_assert_max_num_queries, committee, size
):
    process, plenary, drafting = committee
    item = f.AgendaItemFactory(process=process)
    for n in range(size):
        for track in (plenary, drafting, None):
            round_ = f.RoundFactory(process=process, track=track, number=n + 1)
            f.AgendaStatusFactory(round=round_, item=item)
    # 1 the process, 2 agenda items, 3 rounds with their tracks, 4 statuses.
    with django_assert_max_num_queries(4):
        response = client.get(f"/processes/{process.slug}/agenda/")
    assert response.content.decode().count("<table") == 3
