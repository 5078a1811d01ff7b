"""Every published fact cites where it comes from: publishing without a source is
refused in the admin, the API and the bulk import, naming the record; pages list
each record's sources in full, and a resolution links the UN's own text."""

from datetime import date

import pytest
from django.urls import reverse

from rounds.models import Event, Publication, Round, RoundCitation
from tests import factories as f

from .test_admin import errors_of, form_data, round_form
from .test_imports import csv_file, import_file, rejected, round_row, upload

pytestmark = pytest.mark.django_db

API = "/api/v1"
REFUSED = "cannot be published without a source"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# --- The admin ------------------------------------------------------------------------


def test_the_admin_refuses_a_new_round_published_without_a_source(editor_client):
    process = f.ProcessFactory()
    url = reverse("admin:rounds_round_add")
    data = {**form_data(editor_client.get(url)), **round_form(process, publication="published")}

    response = editor_client.post(url, data)

    assert response.status_code == 200
    inline_errors = [
        str(error)
        for inline in response.context["inline_admin_formsets"]
        for error in inline.formset.non_form_errors()
    ]
    assert inline_errors == [
        "Round “Geneva IX” cannot be published without a source: cite at least one source "
        "for it (or keep it as a draft)."
    ]
    assert not Round.objects.exists()


def test_the_admin_publishes_a_round_with_a_source(editor_client):
    process, source = f.ProcessFactory(), f.SourceFactory()
    url = reverse("admin:rounds_round_add")
    data = {**form_data(editor_client.get(url)), **round_form(process, publication="published")}
    data.update({"citations-TOTAL_FORMS": "1", "citations-0-source": str(source.pk)})

    response = editor_client.post(url, data)

    assert response.status_code == 302
    round_ = Round.objects.get()
    assert round_.publication == Publication.PUBLISHED
    assert list(round_.citations.values_list("source", flat=True)) == [source.pk]


def test_the_admin_refuses_removing_the_last_source_of_a_published_round(editor_client):
    round_ = f.RoundFactory(label="Geneva VII", cited=True)
    url = reverse("admin:rounds_round_change", args=[round_.pk])
    data = form_data(editor_client.get(url))
    data["citations-0-DELETE"] = "on"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert round_.citations.count() == 1


def test_a_draft_needs_no_source(editor_client):
    process = f.ProcessFactory()
    url = reverse("admin:rounds_round_add")
    data = {**form_data(editor_client.get(url)), **round_form(process)}

    assert editor_client.post(url, data).status_code == 302
    assert Round.objects.get().publication == Publication.DRAFT


def test_the_publish_action_skips_unsourced_records_and_names_them(editor_client):
    sourced = f.EventFactory(draft=True, cited=True)
    bare = f.EventFactory(draft=True, title="Truce in Daraa", date="2017-06-17")

    response = editor_client.post(
        reverse("admin:rounds_event_changelist"),
        {"action": "publish", "_selected_action": [sourced.pk, bare.pk]},
        follow=True,
    )

    assert set(Event.objects.published().values_list("pk", flat=True)) == {sourced.pk}
    shown = [str(message) for message in response.context["messages"]]
    assert any("Event “2017-06-17: Truce in Daraa” cannot be published" in m for m in shown)


def test_a_resolution_change_form_shows_the_refusal_on_its_sources(editor_client):
    resolution = f.ResolutionFactory(draft=True, number=2254)
    url = reverse("admin:rounds_resolution_change", args=[resolution.pk])
    data = form_data(editor_client.get(url))
    data["publication"] = "published"

    response = editor_client.post(url, data)

    errors_of(response)  # the form comes back
    assert "Resolution “S/RES/2254 (2015)” cannot be published" in response.content.decode()


# --- The API ----------------------------------------------------------------------------


def event_body(process, **changes) -> dict:
    body = {
        "process": process.slug,
        "kind": "ceasefire",
        "title": "Truce in Daraa",
        "date": "2017-06-17",
        "publication": "published",
    }
    body.update(changes)
    return body


def test_the_api_refuses_a_published_event_without_a_source_naming_it(editor_client):
    process = f.ProcessFactory()

    response = editor_client.post(
        f"{API}/events/", event_body(process), content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "publication": [
            "Event “2017-06-17: Truce in Daraa” cannot be published without a source: cite "
            "at least "
            "one source for it (or keep it as a draft)."
        ]
    }
    assert not Event.objects.exists()  # nothing half-stored


def test_the_api_stores_a_draft_and_publishes_it_once_cited(editor_client):
    process = f.ProcessFactory()
    created = editor_client.post(
        f"{API}/events/", event_body(process, publication="draft"), content_type="application/json"
    )
    assert created.status_code == 201
    url = f"{API}/events/{created.json()['id']}/"

    refused = editor_client.patch(url, {"publication": "published"}, "application/json")
    assert refused.status_code == 400 and REFUSED in refused.json()["publication"][0]

    f.EventCitationFactory(event=Event.objects.get(), source=f.SourceFactory())
    accepted = editor_client.patch(url, {"publication": "published"}, "application/json")
    assert accepted.status_code == 200
    assert Event.objects.get().publication == Publication.PUBLISHED


# --- The bulk import -----------------------------------------------------------------------


def test_an_import_refuses_a_published_row_without_a_source(editor_client):
    f.ProcessFactory(slug="geneva")

    [bad] = rejected(upload(editor_client, csv_file([round_row(publication="published")])))

    assert bad["messages"] == [
        "sources: Round “Geneva IX” cannot be published without a source: cite at least "
        "one source for it (or keep it as a draft)."
    ]
    assert not Round.objects.exists()


def test_an_import_publishes_a_row_with_its_sources(editor_client):
    f.ProcessFactory(slug="geneva")
    source = f.SourceFactory(url="https://news.un.org/en/story/2018/01/1001")

    import_file(editor_client, csv_file([round_row(publication="published", sources=source.url)]))

    round_ = Round.objects.get(label_en="Geneva IX")
    assert round_.publication == Publication.PUBLISHED
    assert list(RoundCitation.objects.filter(round=round_).values_list("source", flat=True)) == [
        source.pk
    ]


def test_an_import_names_an_unknown_source(editor_client):
    f.ProcessFactory(slug="geneva")

    [bad] = rejected(
        upload(editor_client, csv_file([round_row(sources="https://example.org/nowhere")]))
    )

    assert bad["messages"] == ["sources: No source “https://example.org/nowhere”."]


# --- Pages ---------------------------------------------------------------------------------


def test_a_round_page_lists_each_source_in_full(client):
    round_ = f.RoundFactory(label="Geneva VII")
    source = f.SourceFactory(
        publisher="TASS",
        title="UN envoy sums up Geneva talks",
        url="http://tass.com/world/955554",
        archived_url="https://web.archive.org/web/2017/http://tass.com/world/955554",
        language="en",
        published_on=date(2017, 7, 14),
    )
    f.RoundCitationFactory(round=round_, source=source, quote="Incremental progress.")

    page = client.get(round_.get_absolute_url()).content.decode()

    assert '<cite lang="en" dir="auto">UN envoy sums up Geneva talks</cite>' in page
    assert 'href="http://tass.com/world/955554"' in page
    assert '<bdi class="source__publisher">TASS</bdi>' in page
    assert '<time datetime="2017-07-14">14 July 2017</time>' in page
    assert "in English" in page
    assert 'href="https://web.archive.org/web/2017/http://tass.com/world/955554"' in page
    assert "Incremental progress." in page


def test_a_person_page_lists_the_sources_of_each_appointment(client):
    appointment = f.AppointmentFactory()
    source = f.SourceFactory(title="Secretary-General appoints envoy")
    f.AppointmentCitationFactory(appointment=appointment, source=source)

    page = client.get(appointment.person.get_absolute_url()).content.decode()

    assert "Secretary-General appoints envoy" in page


def test_a_resolution_page_links_the_un_document_and_the_vote_record(client):
    resolution = f.ResolutionFactory(
        number=2254, adopted_on=date(2015, 12, 18), meeting_number=7588
    )

    page = client.get(resolution.get_absolute_url()).content.decode()

    assert 'href="https://undocs.org/S/RES/2254(2015)"' in page
    assert 'href="https://undocs.org/S/PV.7588"' in page


def test_a_stored_document_link_wins_over_the_derived_one(client):
    resolution = f.ResolutionFactory(document_url="https://docs.un.org/en/S/RES/3001(2015)")

    page = client.get(resolution.get_absolute_url()).content.decode()

    assert 'href="https://docs.un.org/en/S/RES/3001(2015)"' in page
    assert "undocs.org/S/RES" not in page
