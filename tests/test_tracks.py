"""Tracks: named series of meetings within a process, each numbered on its own."""

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
