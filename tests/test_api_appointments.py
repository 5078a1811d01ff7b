"""Appointments through the API: never silently dropped when sent inside a person."""

import pytest

from rounds.models import Appointment, Person
from tests import factories as f

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_appointments_sent_inside_a_new_person_are_refused_not_dropped(editor_client):
    process = f.ProcessFactory()

    response = editor_client.post(
        f"{API}/people/",
        {"name": "Stephanie Williams", "appointments": [{"process": process.slug, "role": "x"}]},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "/api/v1/appointments/" in response.json()["appointments"][0]
    assert not Person.objects.exists()
    assert not Appointment.objects.exists()


def test_a_person_read_and_sent_back_whole_is_accepted(editor_client):
    appointment = f.AppointmentFactory()
    person = appointment.person
    read = editor_client.get(f"{API}/people/{person.pk}/").json()

    response = editor_client.put(
        f"{API}/people/{person.pk}/",
        {**read, "nationality": "Norway"},
        content_type="application/json",
    )

    assert response.status_code == 200, response.json()
    assert Person.objects.get().nationality == "Norway"
    assert list(person.appointments.all()) == [appointment]


def test_changed_appointments_inside_a_person_are_a_400(editor_client):
    appointment = f.AppointmentFactory()

    response = editor_client.patch(
        f"{API}/people/{appointment.person.pk}/",
        {"appointments": []},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert Appointment.objects.filter(pk=appointment.pk).exists()


# --- The appointments resource -----------------------------------------------------


def appointment_body(person, *processes, **extra) -> dict:
    return {
        "person": person.pk,
        "processes": [p.slug for p in processes],
        "role": "Acting Special Representative of the Secretary-General",
        "acting": True,
        "start": "2020-03-11",
        "end": "2021-01",
        **extra,
    }


def test_an_appointment_covering_two_processes_is_created_with_its_sources(editor_client):
    person = f.PersonFactory()
    first, second = f.ProcessFactory.create_batch(2)
    organisation = f.PartyFactory(kind="organisation")
    source = f.SourceFactory()
    body = appointment_body(
        person,
        first,
        second,
        organisations=[{"id": organisation.pk}],
        sources=[{"source": source.pk, "quote": "with immediate effect"}],
        publication="published",
    )

    response = editor_client.post(f"{API}/appointments/", body, content_type="application/json")

    assert response.status_code == 201, response.json()
    appointment = Appointment.objects.get()
    assert set(appointment.processes.all()) == {first, second}
    assert appointment.acting is True
    assert list(appointment.organisations.all()) == [organisation]
    assert list(appointment.citations.values_list("source", "quote")) == [
        (source.pk, "with immediate effect")
    ]
    data = response.json()
    assert data["person_name"] == person.name
    assert sorted(data["processes"]) == sorted([first.slug, second.slug])
    assert data["tenure"]
    assert response["ETag"].startswith(f'"v{appointment.version}-')


def test_appointments_are_listed_and_filtered_by_person_process_and_current(
    client, django_assert_max_num_queries
):
    process = f.ProcessFactory(slug="libya")
    williams = f.AppointmentFactory(process=process, end="2021-01")
    current = f.AppointmentFactory(process=process, end="")
    f.AppointmentFactory()  # another process
    f.AppointmentCitationFactory(appointment=current)

    # count, page of appointments (+ person), their processes, organisations, citations
    with django_assert_max_num_queries(5):
        listed = client.get(f"{API}/appointments/?process=libya")
    by_person = client.get(f"{API}/appointments/?person={williams.person_id}")
    now = client.get(f"{API}/appointments/?process=libya&current=true")
    former = client.get(f"{API}/appointments/?process=libya&current=false")

    assert listed.status_code == 200
    assert {a["id"] for a in listed.json()["results"]} == {williams.pk, current.pk}
    assert [a["id"] for a in by_person.json()["results"]] == [williams.pk]
    assert [a["id"] for a in now.json()["results"]] == [current.pk]
    assert [a["id"] for a in former.json()["results"]] == [williams.pk]


def test_anonymous_readers_never_see_draft_appointments(client):
    f.AppointmentFactory(publication="draft")

    response = client.get(f"{API}/appointments/")

    assert response.json()["count"] == 0


def test_an_appointment_update_needs_if_match_like_a_round(editor_client):
    appointment = f.AppointmentFactory(end="")
    f.AppointmentCitationFactory(appointment=appointment)  # published: it cites a source
    url = f"{API}/appointments/{appointment.pk}/"
    etag = editor_client.get(url)["ETag"]

    change = {"end": "2021-01", "correction_reason": "Left office in January 2021"}

    without = editor_client.patch(url, change, content_type="application/json")
    with_etag = editor_client.patch(
        url, change, content_type="application/json", HTTP_IF_MATCH=etag
    )
    stale = editor_client.patch(
        url, {**change, "end": "2021-02"}, content_type="application/json", HTTP_IF_MATCH=etag
    )

    assert without.status_code == 428
    assert with_etag.status_code == 200, with_etag.json()
    assert stale.status_code == 412
    appointment.refresh_from_db()
    assert appointment.end == "2021-01"


def test_an_appointment_ending_before_it_starts_is_a_400(editor_client):
    body = appointment_body(f.PersonFactory(), f.ProcessFactory(), start="2021", end="2020")

    response = editor_client.post(f"{API}/appointments/", body, content_type="application/json")

    assert response.status_code == 400
    assert not Appointment.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"processes": []}, "processes"),
        ({"processes": ["no-such-process"]}, "processes"),
        ({"person": 999_999}, "person"),
        ({"sources": [{"source": 999_999}]}, "sources[0].source"),
    ],
)
def test_bad_appointment_writes_name_the_field(editor_client, change, field):
    body = {**appointment_body(f.PersonFactory(), f.ProcessFactory()), **change}

    response = editor_client.post(f"{API}/appointments/", body, content_type="application/json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Appointment.objects.exists()


def test_a_person_with_appointments_cannot_be_deleted_409(editor_client):
    appointment = f.AppointmentFactory()

    refused = editor_client.delete(f"{API}/people/{appointment.person_id}/")
    deleted = editor_client.delete(
        f"{API}/appointments/{appointment.pk}/", HTTP_IF_MATCH=f'"v{appointment.version}"'
    )
    then = editor_client.delete(f"{API}/people/{appointment.person_id}/")

    assert refused.status_code == 409
    assert "appointment" in refused.json()["detail"]
    assert deleted.status_code == 204
    assert then.status_code == 204


def test_writes_need_the_model_permission(client, plain_user):
    client.force_login(plain_user)
    body = appointment_body(f.PersonFactory(), f.ProcessFactory())

    response = client.post(f"{API}/appointments/", body, content_type="application/json")

    assert response.status_code == 403
