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
