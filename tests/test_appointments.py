"""Envoys' appointments: several processes, acting terms, fuzzy tenure, a span on
the timeline, and a warning (never an error) for an envoy outside their term."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from rounds import timeline
from rounds.models import Appointment, Round
from tests import factories as f

from .test_admin import errors_of, form_data, post_form

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def pedersen():
    """An envoy serving two processes: appointed 31 October 2018, in office from
    7 January 2019."""
    geneva = f.ProcessFactory(slug="geneva")
    committee = f.ProcessFactory(slug="constitutional-committee")
    appointment = f.AppointmentFactory(
        person__name="Geir O. Pedersen",
        role="UN Special Envoy for Syria",
        appointed_on="2018-10-31",
        start="2019-01-07",
        processes=[geneva, committee],
    )
    return appointment, geneva, committee


# --- Several processes ---------------------------------------------------------------


def test_a_term_is_on_the_timeline_of_every_process_it_serves(pedersen):
    appointment, geneva, committee = pedersen

    for process in (geneva, committee):
        entries = timeline.build(process, kinds=[timeline.APPOINTMENT])
        assert [e.record for e in entries] == [appointment]


def test_a_term_of_draft_processes_only_is_hidden(pedersen):
    appointment, geneva, committee = pedersen
    for process in (geneva, committee):
        process.publication = "draft"
        process.save()

    assert not Appointment.objects.published().exists()


def test_a_term_stays_public_while_one_of_its_processes_is(pedersen):
    appointment, geneva, _committee = pedersen
    geneva.publication = "draft"
    geneva.save()

    assert list(Appointment.objects.published()) == [appointment]


def test_the_envoys_page_links_each_process(client, pedersen):
    appointment, _geneva, _committee = pedersen

    page = client.get(appointment.person.get_absolute_url()).content.decode()

    assert 'href="/processes/geneva/' in page
    assert 'href="/processes/constitutional-committee/' in page


def test_the_api_lists_the_processes_and_the_acting_flag(client, pedersen):
    appointment, _geneva, _committee = pedersen

    body = client.get(f"{API}/people/{appointment.person_id}/").json()

    assert body["appointments"][0]["processes"] == ["geneva", "constitutional-committee"]
    assert body["appointments"][0]["acting"] is False


def test_the_data_migration_moves_the_process_into_the_set(transactional_db):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("rounds", "0005_tracks_kinds_votes_appointment_processes")]
    after = [("rounds", "0006_fill_appointment_processes")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    process = old.get_model("rounds", "Process").objects.create(
        name_en="Geneva", slug="geneva", conflict_en="Syria"
    )
    person = old.get_model("rounds", "Person").objects.create(name_en="Envoy")
    appointment = old.get_model("rounds", "Appointment").objects.create(
        person=person, process=process, role_en="Envoy"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    moved = new.get_model("rounds", "Appointment").objects.get(pk=appointment.pk)

    assert list(moved.processes.values_list("slug", flat=True)) == ["geneva"]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# --- The timeline: a span with badges that mean what they say -----------------------


def test_an_ended_term_spans_its_dates_and_reads_left_office():
    appointment = f.AppointmentFactory(start="2014-07-10", end="2018-12")
    process = appointment.processes.get()

    [entry] = timeline.build(process, kinds=[timeline.APPOINTMENT])

    assert (entry.earliest.isoformat(), entry.latest.isoformat()) == ("2014-07-10", "2018-12-31")
    assert entry.dates == "10 July 2014 – December 2018"
    assert entry.status == timeline.LEFT_OFFICE


def test_a_current_term_reads_appointed_since():
    appointment = f.AppointmentFactory(start="2019-01-07", end="")
    process = appointment.processes.get()

    [entry] = timeline.build(process, kinds=[timeline.APPOINTMENT])

    assert entry.dates == "since 7 January 2019"
    assert entry.status == timeline.APPOINTED
    assert entry.latest is None


def test_an_acting_term_says_so():
    appointment = f.AppointmentFactory(acting=True, role="Special Envoy")

    [entry] = timeline.build(appointment.processes.get(), kinds=[timeline.APPOINTMENT])

    assert entry.title.endswith("Special Envoy (acting)")


def test_the_timeline_page_badges_the_term(client):
    appointment = f.AppointmentFactory(start="2014-07-10", end="2018-12")
    process = appointment.processes.get()

    page = client.get(process.get_absolute_url()).content.decode()

    assert "Left office" in page and "Term ended" not in page
    assert "10 July 2014 – December 2018" in page


# --- Bad input --------------------------------------------------------------------------


def test_admin_refuses_an_appointment_ending_before_it_starts(client, superuser, pedersen):
    client.force_login(superuser)
    appointment, _geneva, _committee = pedersen

    response = post_form(
        client,
        reverse("admin:rounds_appointment_change", args=[appointment.pk]),
        end="2018-12",
    )

    assert "before the start" in str(errors_of(response)["end"])
    appointment.refresh_from_db()
    assert appointment.end == ""


def test_admin_edits_appointments_inline_on_the_person(client, superuser, pedersen):
    client.force_login(superuser)
    appointment, geneva, _committee = pedersen
    url = reverse("admin:rounds_person_change", args=[appointment.person_id])
    data = form_data(client.get(url))
    data["appointments-0-processes"] = [geneva.pk]
    data["appointments-0-acting"] = "on"

    response = client.post(url, data)

    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.acting
    assert list(appointment.processes.all()) == [geneva]


# --- An envoy outside their term: a warning, not an error ----------------------------


def envoy_round(appointment, process, **dates):
    round_ = f.RoundFactory(process=process, **dates)
    f.RoundEnvoyFactory(round=round_, person=appointment.person)
    return round_


def test_a_round_before_the_envoys_term_is_flagged(pedersen):
    appointment, geneva, _committee = pedersen
    round_ = envoy_round(appointment, geneva, start="2017-07-10", end="2017-07-14")

    assert round_.envoy_warnings() == [
        "Geir O. Pedersen was not in office as envoy for "
        f"{geneva.name} on the round's dates (10–14 July 2017)."
    ]


def test_a_round_within_the_term_is_not_flagged(pedersen):
    appointment, geneva, _committee = pedersen

    assert envoy_round(appointment, geneva, start="2019-10-30", end="").envoy_warnings() == []


def test_a_round_in_a_fuzzy_month_that_may_overlap_is_not_flagged():
    appointment = f.AppointmentFactory(start="2014-07-10", end="2018-12")
    process = appointment.processes.get()

    assert envoy_round(appointment, process, start="2018-12~", end="").envoy_warnings() == []
    assert envoy_round(appointment, process, start="2019-02", end="").envoy_warnings() != []


def test_an_envoy_without_a_recorded_term_is_not_flagged():
    round_ = f.RoundFactory(start="2017-07-10")
    f.RoundEnvoyFactory(round=round_)

    assert round_.envoy_warnings() == []


def test_the_admin_saves_and_warns(client, superuser, pedersen):
    client.force_login(superuser)
    appointment, geneva, _committee = pedersen
    round_ = envoy_round(appointment, geneva, start="2017-07-10", end="2017-07-14")
    f.RoundCitationFactory(round=round_)  # a published round needs a source

    response = post_form(
        client, reverse("admin:rounds_round_change", args=[round_.pk]), summary_en="Edited."
    )

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("was not in office" in m for m in messages)
    assert Round.objects.get(pk=round_.pk).summary_en == "Edited."


def test_the_api_lists_the_warning_on_the_round(client, pedersen):
    appointment, geneva, _committee = pedersen
    round_ = envoy_round(appointment, geneva, start="2017-07-10", end="2017-07-14")

    body = client.get(f"{API}/rounds/{round_.pk}/").json()

    assert body["warnings"] == [
        "Geir O. Pedersen was not in office as envoy for "
        f"{geneva.name} on the round's dates (10–14 July 2017)."
    ]


def test_a_draft_term_gives_anonymous_readers_no_warning(client, pedersen):
    appointment, geneva, _committee = pedersen
    appointment.publication = "draft"
    appointment.save()
    round_ = envoy_round(appointment, geneva, start="2017-07-10", end="2017-07-14")

    assert client.get(f"{API}/rounds/{round_.pk}/").json()["warnings"] == []
