"""The public corrections log: a change to a published record is logged (record,
fields with values before and after, reason, time; no editor), a reason is
required when a date, status or vote changes, and each process's log is public
at /api/v1/processes/<slug>/corrections/."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rounds.models import Correction, Resolution, Round

from . import factories as f
from .test_admin import form_data, post_form

pytestmark = pytest.mark.django_db

API = "/api/v1"


def change_url(record) -> str:
    return reverse(f"admin:rounds_{record._meta.model_name}_change", args=[record.pk])


def patch(client, url, data, **headers):
    return client.patch(url, data, content_type="application/json", **headers)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- When a correction is logged ---------------------------------------------------------


def test_a_published_rounds_new_date_needs_a_reason_in_the_admin(editor_client):
    round_ = f.RoundFactory(start="2017-07-10", end="2017-07-14")

    response = post_form(editor_client, change_url(round_), start="2017-07-11")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "say why you changed start" in str(errors["correction_reason"])
    assert Round.objects.get(pk=round_.pk).start == "2017-07-10"
    assert not Correction.objects.exists()


def test_with_a_reason_the_change_is_logged_with_its_values_and_reason(editor_client):
    round_ = f.RoundFactory(cited=True, label="Geneva VII", status="announced", start="2017-07-10")

    response = post_form(
        editor_client,
        change_url(round_),
        status="postponed",
        start="2017-07-11",
        correction_reason="The envoy moved the opening by a day.",
    )

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.label == "Geneva VII"
    assert correction.record == Round.objects.get(pk=round_.pk)
    assert correction.fields == ["start", "status"]
    assert correction.changes == {
        "start": ["2017-07-10", "2017-07-11"],
        "status": ["announced", "postponed"],
    }
    assert correction.reason == "The envoy moved the opening by a day."
    assert list(correction.processes.all()) == [round_.process]


def test_the_reason_field_is_only_on_published_records(editor_client):
    published, draft = f.RoundFactory(), f.RoundFactory(draft=True)

    shown = editor_client.get(change_url(published)).content.decode()
    hidden = editor_client.get(change_url(draft)).content.decode()

    assert 'name="correction_reason"' in shown
    assert 'name="correction_reason"' not in hidden


def test_other_changes_are_logged_without_a_required_reason(editor_client):
    round_ = f.RoundFactory(cited=True, venue="")

    response = post_form(editor_client, change_url(round_), venue_en="Palais des Nations")

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.fields, correction.reason) == (["venue_en"], "")


def test_drafts_are_not_logged(editor_client):
    round_ = f.RoundFactory(draft=True)

    post_form(editor_client, change_url(round_), start="2017-07-09")

    assert Round.objects.get(pk=round_.pk).start == "2017-07-09"
    assert not Correction.objects.exists()


def test_saving_a_published_record_unchanged_logs_nothing(editor_client):
    round_ = f.RoundFactory(cited=True, label_ar=None)

    response = post_form(editor_client, change_url(round_))

    assert response.status_code == 302
    assert not Correction.objects.exists()


def test_publishing_and_withdrawing_are_not_corrections():
    round_ = f.RoundFactory(draft=True)

    round_.publication = "published"
    round_.save()
    round_.publication = "draft"
    round_.save()

    assert not Correction.objects.exists()


def test_changed_rows_of_a_published_round_are_named_in_its_correction(editor_client):
    round_ = f.RoundFactory()
    f.RoundCitationFactory(round=round_, quote="Talks opened.")
    url = change_url(round_)
    data = form_data(editor_client.get(url))
    data["citations-0-quote"] = "Talks opened on Monday."

    response = editor_client.post(url, data)

    assert response.status_code == 302
    correction = Correction.objects.get()
    assert correction.fields == ["citations"]
    assert correction.field_labels() == ["citations"]


def test_a_resolutions_vote_change_needs_a_reason(editor_client):
    resolution = f.ResolutionFactory(cited=True, votes_for=15, votes_against=0, abstentions=0)

    refused = post_form(editor_client, change_url(resolution), votes_for="13", abstentions="2")
    accepted = post_form(
        editor_client,
        change_url(resolution),
        votes_for="13",
        abstentions="2",
        correction_reason="Two members abstained (S/PV.7588).",
    )

    assert "correction_reason" in refused.context["adminform"].form.errors
    assert accepted.status_code == 302
    assert Correction.objects.get().fields == ["abstentions", "votes_for"]


def test_a_resolution_correction_is_listed_for_each_of_its_processes():
    resolution = f.ResolutionFactory()
    processes = f.ProcessFactory.create_batch(2)
    resolution.processes.set(processes)

    resolution = Resolution.objects.get(pk=resolution.pk)
    resolution.meeting_number = 7588
    resolution.save()

    assert set(Correction.objects.get().processes.all()) == set(processes)


def test_the_history_keeps_the_reason_and_the_editor_the_log_does_not(editor_client, editor):
    round_ = f.RoundFactory(cited=True)

    post_form(editor_client, change_url(round_), status="postponed", correction_reason="Moved.")

    latest = Round.objects.get(pk=round_.pk).history.latest()
    assert (latest.history_change_reason, latest.history_user) == ("Moved.", editor)
    assert not {"editor", "user", "history_user"} & {f.name for f in Correction._meta.fields}


# --- Through the API ----------------------------------------------------------------------


def test_an_api_date_change_of_a_published_round_needs_a_reason(editor_client):
    round_ = f.RoundFactory(start="2017-07-10", end="2017-07-14")
    url = f"{API}/rounds/{round_.pk}/"

    refused = patch(editor_client, url, {"start": "2017-07-11"}, HTTP_IF_MATCH='"v1"')
    accepted = patch(
        editor_client,
        url,
        {"start": "2017-07-11", "correction_reason": "Opened a day late."},
        HTTP_IF_MATCH='"v1"',
    )

    assert refused.status_code == 400
    assert "start" in refused.json()["correction_reason"][0]
    assert accepted.status_code == 200, accepted.json()
    assert "correction_reason" not in accepted.json()  # write-only
    assert Correction.objects.get().reason == "Opened a day late."


def test_an_api_event_date_change_needs_a_reason_too(editor_client):
    event = f.EventFactory(date="2017-06-17")

    response = patch(editor_client, f"{API}/events/{event.pk}/", {"date": "2017-06-18"})

    assert response.status_code == 400
    assert "correction_reason" in response.json()
    assert not Correction.objects.exists()


# --- The public log -------------------------------------------------------------------------


def correct(record, reason="", **values):
    record = type(record).objects.get(pk=record.pk)
    for name, value in values.items():
        setattr(record, name, value)
    record.correction_reason = reason
    record.save()


def test_a_process_corrections_are_public_newest_first_without_editors(client, editor):
    round_ = f.RoundFactory(label="Geneva VII", start="2017-07-10")
    correct(round_, "First fix.", start="2017-07-11")
    event = f.EventFactory(process=round_.process, date="2017-06-17")
    correct(event, "Second fix.", date="2017-06-18")
    f.RoundFactory()  # another process's round: not listed
    correct(Round.objects.exclude(pk=round_.pk).get(), "Elsewhere.", start="2017-07-09")

    response = client.get(f"{API}/processes/{round_.process.slug}/corrections/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first, second = body["results"]
    assert (first["record_type"], first["reason"], first["fields"]) == (
        "event",
        "Second fix.",
        ["date"],
    )
    assert (second["record"], second["record_id"]) == ("Geneva VII", round_.pk)
    assert second["changes"] == {"start": ["2017-07-10", "2017-07-11"]}
    assert second["field_labels"] == ["start"]
    assert editor.username not in response.content.decode()


def test_the_log_reads_the_record_name_in_arabic(client):
    round_ = f.RoundFactory(label="Geneva VII", label_ar="جنيف ٧")
    correct(round_, venue="Palais des Nations")

    body = client.get(f"{API}/processes/{round_.process.slug}/corrections/?lang=ar").json()

    assert body["results"][0]["record"] == "جنيف ٧"


def test_the_log_of_a_draft_process_is_hidden_from_the_public(client, editor):
    process = f.ProcessFactory(draft=True)
    url = f"{API}/processes/{process.slug}/corrections/"

    assert client.get(url).status_code == 404
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_the_log_of_an_unknown_process_is_404(client):
    assert client.get(f"{API}/processes/no-such-process/corrections/").status_code == 404


def test_the_log_is_read_only(client, superuser):
    process = f.ProcessFactory()
    client.force_login(superuser)

    response = client.post(f"{API}/processes/{process.slug}/corrections/", {})

    assert response.status_code == 405


def test_the_log_downloads_as_csv(client):
    round_ = f.RoundFactory()
    correct(round_, '=HYPERLINK("http://x")', start="2017-07-09")

    response = client.get(f"{API}/processes/{round_.process.slug}/corrections/?format=csv")

    assert response.status_code == 200
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def log_queries(client, slug) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{API}/processes/{slug}/corrections/").status_code == 200
    return len(queries)


def test_the_log_costs_the_same_queries_however_long_it_is(client):
    process = f.ProcessFactory()
    rounds = f.RoundFactory.create_batch(2, process=process)
    for round_ in rounds:
        correct(round_, "Fix.", start="2017-07-09")
    small = log_queries(client, process.slug)
    for round_ in f.RoundFactory.create_batch(10, process=process):
        correct(round_, "Fix.", start="2017-07-09")
        correct(round_, "Again.", start="2017-07-08")

    # The process, the count, the page of corrections with their record types.
    assert log_queries(client, process.slug) == small == 3


def test_editors_may_reword_a_reason_but_not_invent_or_remove_entries(client, editor):
    round_ = f.RoundFactory()
    correct(round_, "Typo", start="2017-07-09")
    correction = Correction.objects.get()
    client.force_login(editor)

    add = client.get(reverse("admin:rounds_correction_add"))
    delete = client.post(
        reverse("admin:rounds_correction_delete", args=[correction.pk]), {"post": "yes"}
    )
    reword = post_form(
        client,
        reverse("admin:rounds_correction_change", args=[correction.pk]),
        reason="Typo in the opening date.",
    )

    assert (add.status_code, delete.status_code, reword.status_code) == (403, 403, 302)
    correction.refresh_from_db()
    assert correction.reason == "Typo in the opening date."
    assert correction.history.earliest().reason == "Typo"  # the history keeps the original
    assert correction.history.latest().history_user == editor


def test_a_changed_link_is_logged_by_identity_and_read_by_the_linked_records_name(client):
    annan = f.PersonFactory(name="Kofi Annan")
    f.AppointmentFactory(person=annan)  # public: a published record names him
    event = f.EventFactory(person=annan)
    envoy = f.PersonFactory(name="Lakhdar Brahimi")

    correct(event, person=envoy)

    assert Correction.objects.get().changes == {
        "person": [
            {"model": "rounds.person", "id": annan.pk},
            {"model": "rounds.person", "id": envoy.pk},
        ]
    }
    log = client.get(f"{API}/processes/{event.process.slug}/corrections/").json()
    assert log["results"][0]["changes"] == {"person": ["Kofi Annan", "Lakhdar Brahimi"]}
